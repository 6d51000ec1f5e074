# 催款话术手册 — quick start: `make site`, then `make test`.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
HANDBOOK:= $(VENV)/bin/handbook
ENGINE  ?= mkdocs
RUNTIME := $(VENV)/.runtime-installed
TESTDEPS:= $(VENV)/.test-installed

.PHONY: site check coverage serve test lint golden schemas bench clean

$(RUNTIME): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TESTDEPS): $(RUNTIME) pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

site: $(RUNTIME)          ## build the handbook into site/
	$(HANDBOOK) build --strict --engine $(ENGINE)

check: $(RUNTIME)         ## validate the course only
	$(HANDBOOK) check --strict

coverage: $(RUNTIME)      ## stage × debtor type matrix
	$(HANDBOOK) coverage

serve: $(RUNTIME)         ## live preview on http://127.0.0.1:8000
	$(HANDBOOK) serve

schemas: $(RUNTIME)       ## regenerate the editor JSON Schemas
	$(HANDBOOK) schemas

lint: $(TESTDEPS)
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/mypy

test: $(TESTDEPS) lint    ## the whole suite, browser tests included
	$(PY) -m pytest -q

golden: $(TESTDEPS)       ## rewrite the golden files after an intended rendering change
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

bench: $(TESTDEPS)
	$(PY) benchmarks/bench.py

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache
