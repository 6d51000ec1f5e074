"""Steps 1–3 together: read every file, check everything, and build the model.

Nothing is rendered or written unless this returns a handbook and no errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.checks import check_handbook
from generator.editions import load_overrides
from generator.lint import lint_handbook
from generator.loader import load_all
from generator.model import Handbook
from generator.parse import parse_documents
from generator.problems import Report
from generator.schema import KINDS


def read_course(root: Path) -> tuple[Handbook | None, Report]:
    """The checked course at ``root``, or None when it cannot be assembled."""
    root = Path(root)
    report = Report()
    docs, problems = load_all(root, KINDS)
    report.extend(problems)
    parsed: dict[str, list[Any]] = {}
    for kind in KINDS:
        items, problems = parse_documents(kind, docs[kind.name])
        report.extend(problems)
        parsed[kind.name] = items
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
    lint_handbook(handbook, report)
    report.extend(load_overrides(root)[1])
    return handbook, report
