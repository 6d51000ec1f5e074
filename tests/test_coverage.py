"""Registry-driven coverage of the bundled course: every cell, every objection, every tactic.

The lists of stages, debtor types, objections and tactics come from the course
itself, so a new stage or type is covered without touching this file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, handbook

from generator.model import Handbook
from generator.validate import read_course


def bundled() -> Handbook:
    course, report = read_course(ROOT)
    assert course is not None, report.lines()
    return course


HB = bundled()
CELLS = [(s.id, t.id) for s in HB.stages for t in HB.debtor_types]
# Reviewed exemptions: none. An entry here needs a reason in the commit that adds it.
EXEMPT_CELLS: set[tuple[str, str]] = set()


def test_the_registry_is_the_course() -> None:
    assert [s.id for s in HB.stages] == ["M0", "M1", "M2", "M3", "legal"]
    assert [t.id for t in HB.debtor_types] == ["passive", "sales-driven", "payment-driven", "strategic"]


@pytest.mark.parametrize(("stage", "debtor_type"), CELLS)
def test_every_cell_has_a_card(stage: str, debtor_type: str) -> None:
    if (stage, debtor_type) in EXEMPT_CELLS:
        pytest.skip("reviewed exemption")
    card = HB.cell(stage, debtor_type)
    assert card is not None, f"no card for {stage} × {debtor_type}"
    assert card.source.startswith(f"scripts_library/{stage.lower()}/")


@pytest.mark.parametrize(("stage", "debtor_type"), CELLS)
def test_every_cell_has_enough_questions(stage: str, debtor_type: str) -> None:
    have = sum(1 for _, q in HB.questions() if (q.stage, q.debtor_type) == (stage, debtor_type))
    assert have >= HB.course.min_questions_per_cell


@pytest.mark.parametrize("objection", [o.id for o in HB.objections])
def test_every_objection_is_answered_on_a_card(objection: str) -> None:
    assert HB.cards_using_objection(objection)


@pytest.mark.parametrize("tactic", [t.id for t in HB.tactics])
def test_every_tactic_is_used(tactic: str) -> None:
    assert HB.tactic_users(tactic)


def test_the_bundled_course_passes_strict_check() -> None:
    result = handbook("check", "--strict", root=ROOT)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("stage", "debtor_type"), [CELLS[0], CELLS[len(CELLS) // 2], CELLS[-1]])
def test_removing_a_card_fails_the_check_and_names_the_cell(course: Path, stage: str, debtor_type: str) -> None:
    card = HB.cell(stage, debtor_type)
    assert card is not None
    (course / card.source).unlink()
    result = handbook("check", root=course)
    assert result.returncode == 1
    name = HB.debtor_type(debtor_type).name
    assert f"{card.source}:1: 错误：阶段 {stage} × 客户类型 {debtor_type}（{name}）还没有话术卡：请新建这个文件" in result.stderr.splitlines()
    # and the registry test above would fail on such a course too
    missing, _ = read_course(course)
    assert missing is not None and missing.cell(stage, debtor_type) is None
