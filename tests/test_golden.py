"""Golden files: the mini course rendered to Markdown, compared with checked-in expectations.

After an intended rendering change run `make golden` and review the diff of tests/golden/.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from conftest import MINI

from generator.exports import data_files
from generator.render import render_pages
from generator.validate import read_course

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 24)


def rendered() -> dict[str, str]:
    handbook, report = read_course(MINI)
    assert handbook is not None and not report.problems, report.lines()
    pages = render_pages(handbook, today=TODAY)
    for path, value in data_files(handbook).items():
        pages[path] = json.dumps(value, ensure_ascii=False, indent=1) + "\n"
    return pages


PAGES = rendered()


def test_golden_set_is_complete() -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        for path in GOLDEN.rglob("*"):
            if path.is_file() and path.relative_to(GOLDEN).as_posix() not in PAGES:
                path.unlink()
    on_disk = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert on_disk == sorted(PAGES)


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_matches_golden(path: str) -> None:
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(PAGES[path], encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == PAGES[path]
