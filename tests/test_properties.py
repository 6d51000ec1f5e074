"""Property tests: whatever a trainer's editor saves, reading and checking it never ends in a traceback.

Every problem found is a ``path:line: 错误|警告：…`` line that points into the file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, copy_course
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.loader import Document, load_file
from generator.parse import parse_item
from generator.problems import Problem
from generator.render import render_pages
from generator.schema import KINDS
from generator.validate import read_course

FAST = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
CARD = "scripts_library/m0/m0-passive.yml"
PROBLEM = re.compile(r"^[^:\s]+:\d+: (错误|警告)：\S")

# Pieces that mean something to YAML, to the checks, or to a confused editor.
TOKENS = [
    *":-[]{}#&*!|>'\"%@`,?~\\",
    " ", "  ", "\t", "\n", "\r\n", "\r", "- ", ": ", " #", "---", "...", "<<", "? ",
    "\u3000", "\u200b", "\ufeff", "\u202e", "\u2028", "\x85", "\x00", "\x07", "\x1b",
    "中", "文", "话术", "：", "，", "“", "”", "a", "b", "id", "tone", "title", "0", "1", "2026-02-30", ".5",
    "null", "true", "yes", "on", "{联系人}", "{{ x }}", "{% if %}", "<script>", "&a", "*a", "!!str", "!!python/name:os.system",
    '"\\x07"', '"\\ud800"', "[[[[", "]]]]",
]
yamlish = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)
# Lines shaped like course files: indentation, a key or a dash, a value.
line = st.tuples(
    st.sampled_from(["", "  ", "    ", "\t", "\u3000", " "]),
    st.sampled_from(["", "- ", "id: ", "tone: ", "scripts:", "phone:", "plan: ", "- id: ", "tone：", "to\u200bne: "]),
    yamlish,
).map("".join)
yaml_lines = st.lists(line, max_size=25).map("\n".join)


def well_formed(problems: list[Problem], text_lines: int) -> None:
    for problem in problems:
        formatted = problem.format()
        assert PROBLEM.match(formatted), formatted
        assert "Traceback" not in formatted
        assert 1 <= problem.line <= text_lines + 2, formatted


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="handbook-props-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def load_bytes(folder: Path, data: bytes) -> tuple[Document | None, list[Problem]]:
    path = folder / "x.yml"
    path.write_bytes(data)
    return load_file(path, folder)


@FAST
@given(data=st.binary(max_size=3000))
def test_any_bytes_load_without_a_traceback(scratch: Path, data: bytes) -> None:
    doc, problems = load_bytes(scratch, data)
    well_formed(problems, data.count(b"\n") + data.count(b"\r"))
    assert doc is not None or any(p.level == "错误" for p in problems)


@settings(FAST, max_examples=300)
@given(text=st.one_of(yamlish, yaml_lines))
def test_yamlish_text_loads_without_a_traceback(scratch: Path, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    doc, problems = load_bytes(scratch, data)
    well_formed(problems, len(re.split("\r\n|\r|\n|\x85|\u2028|\u2029", text)))
    assert doc is not None or any(p.level == "错误" for p in problems)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20), st.dates())
names = st.one_of(st.sampled_from(sorted({f for kind in KINDS for f in kind.model.model_fields})), st.text(max_size=8))
values: st.SearchStrategy[Any] = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(names, inner, max_size=6)), max_leaves=25
)


@FAST
@given(kind=st.sampled_from(KINDS), value=st.one_of(values, st.dictionaries(names, values, max_size=12)))
def test_any_data_validates_without_a_traceback(kind: Any, value: Any) -> None:
    doc = Document("x.yml", value, {(): 1})
    item, problems = parse_item(kind.model, value, doc, ())
    assert (item is None) == bool(problems)
    well_formed(problems, 1)


def mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, length, insert in edits:
        at = start % (len(text) + 1)
        text = text[:at] + insert + text[at + length :]
    return text


@pytest.fixture(scope="module")
def course(scratch: Path) -> Path:
    return copy_course(MINI, scratch / "course")


@settings(FAST, max_examples=60)
@given(edits=st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 12), st.sampled_from(TOKENS)), min_size=1, max_size=6))
def test_a_mangled_card_is_reported_never_a_traceback(course: Path, edits: list[tuple[int, int, str]]) -> None:
    original = (MINI / CARD).read_text(encoding="utf-8")
    text = mutate(original, edits)
    (course / CARD).write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        handbook, report = read_course(course)
        well_formed(report.problems, text.count("\n") + text.count("\r") + 40)
        if handbook is not None and not report.errors:
            assert all(isinstance(page, str) for page in render_pages(handbook).values())
    finally:
        (course / CARD).write_text(original, encoding="utf-8")
