"""Steps 1–3 together: read every file, check everything, and build the model.

Nothing is rendered or written unless this returns a handbook and no errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.checks import check_handbook
from generator.editions import load_overrides
from generator.lint import LintMemo, lint_handbook
from generator.loader import find_files, load_file
from generator.model import Handbook
from generator.parse import parse_documents
from generator.problems import Problem, Report
from generator.schema import KINDS, Kind, Model


@dataclass
class CourseCache:
    """What the previous read found, for a preview that re-reads the course after every save.

    A file whose bytes did not change gives back the same parsed items and problems
    (and so the same lint, see ``LintMemo``); only saved files are read and checked
    again. Checks across files (ids, references, coverage) always run in full.
    """

    files: dict[tuple[str, str], tuple[bytes, list[Model], list[Problem]]] = field(default_factory=dict)
    lint: LintMemo = field(default_factory=LintMemo)


def read_course(root: Path, cache: CourseCache | None = None) -> tuple[Handbook | None, Report]:
    """The checked course at ``root``, or None when it cannot be assembled."""
    root = Path(root)
    report = Report()
    parsed: dict[str, list[Any]] = {}
    seen: set[tuple[str, str]] = set()
    for kind in KINDS:
        parsed[kind.name] = []
        files = find_files(root, kind.patterns)
        if kind.required_file and not files:
            report.error(kind.required_file, 1, f"缺少文件：{kind.label}（{kind.required_file}）")
        for path in files:
            key = (kind.name, path.relative_to(root).as_posix())
            seen.add(key)
            items, problems = read_file(kind, path, root) if cache is None else _cached(cache, key, kind, path, root)
            parsed[kind.name] += items
            report.extend(problems)
    if cache is not None:
        cache.files = {key: hit for key, hit in cache.files.items() if key in seen}
    if not parsed["course"] or not parsed["trainer"]:
        return None, report
    handbook = Handbook(
        course=parsed["course"][0],
        stages=parsed["stages"],
        debtor_types=parsed["debtor_types"],
        channels=parsed["channels"],
        objections=parsed["objection"],
        tactics=parsed["tactic"],
        guides=parsed["guide"],
        trainer=parsed["trainer"][0],
        cards=parsed["card"],
        quizzes=parsed["quiz"],
        broken={p.path for p in report.errors},
    )
    check_handbook(handbook, report)
    lint_handbook(handbook, report, None if cache is None else cache.lint)
    report.extend(load_overrides(root)[1])
    return handbook, report


def read_file(kind: Kind, path: Path, root: Path) -> tuple[list[Model], list[Problem]]:
    """One course file, loaded and parsed into items of ``kind``."""
    doc, problems = load_file(path, root)
    if doc is None:
        return [], problems
    items, found = parse_documents(kind, [doc])
    return items, problems + found


def _cached(cache: CourseCache, key: tuple[str, str], kind: Kind, path: Path, root: Path) -> tuple[list[Model], list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError:
        return read_file(kind, path, root)  # gone or unreadable since it was listed: load_file says which
    hit = cache.files.get(key)
    if hit is not None and hit[0] == data:
        return hit[1], hit[2]
    items, problems = read_file(kind, path, root)
    cache.files[key] = (data, items, problems)
    return items, problems
