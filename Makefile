# 催款话术手册 — quick start: `make site`, then `make test`.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
HANDBOOK:= $(VENV)/bin/handbook
ENGINE  ?= mkdocs
RUNTIME := $(VENV)/.runtime-installed
TESTDEPS:= $(VENV)/.test-installed
PRINTDEPS:= $(VENV)/.print-installed
ZENSICAL:= $(VENV)/.zensical-installed

.PHONY: site check coverage serve test lint golden schemas print offline bench clean

$(RUNTIME): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TESTDEPS): $(RUNTIME) pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[zensical]' || echo "zensical 装不上：tests/test_zensical.py 会跳过"
	touch $@

$(PRINTDEPS): $(RUNTIME) pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[print]'
	touch $@

$(ZENSICAL): $(RUNTIME) pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[zensical]'
	touch $@

site: $(RUNTIME) $(if $(filter zensical,$(ENGINE)),$(ZENSICAL))  ## build the handbook into site/ (ENGINE=zensical for Zensical)
	$(HANDBOOK) build --strict --engine $(ENGINE)

check: $(RUNTIME)         ## validate the course only
	$(HANDBOOK) check --strict

coverage: $(RUNTIME)      ## stage × debtor type matrix
	$(HANDBOOK) coverage

serve: $(RUNTIME)         ## live preview on http://127.0.0.1:8000
	$(HANDBOOK) serve

schemas: $(RUNTIME)       ## regenerate the editor JSON Schemas
	$(HANDBOOK) schemas

print: $(PRINTDEPS)       ## pocket cards (A6) and classroom handouts (A4) as PDFs in dist/print/
	$(HANDBOOK) print

lint: $(TESTDEPS)
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/mypy

test: $(TESTDEPS) lint    ## the whole suite, browser tests included
	$(PY) -m pytest -q

golden: $(TESTDEPS)       ## rewrite the golden files after an intended rendering change
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

offline: $(RUNTIME)       ## offline edition: dist/handbook-offline.zip, works from file:// (search included)
	$(HANDBOOK) offline

bench: $(TESTDEPS)        ## site weight and speed (benchmarks/site_bench.py), then the scale benchmark if present
	$(HANDBOOK) build --strict
	$(PY) benchmarks/site_bench.py --site site
	if [ -f benchmarks/scale.py ]; then $(PY) benchmarks/scale.py $(if $(SIZES),--sizes $(SIZES)); fi

clean:
	rm -rf build site dist .cache .pytest_cache .mypy_cache .ruff_cache
