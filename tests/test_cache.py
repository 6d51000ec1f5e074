"""The preview's course cache: after any sequence of saves it reports and renders exactly what a fresh read does."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import edit

from generator import validate
from generator.render import CardPages, render_pages
from generator.validate import CourseCache, read_course

CARD = "scripts_library/m0/m0-passive.yml"
OBJECTION = "content/objections/no-money-this-month.yml"


def fresh_and_cached(root: Path, cache: CourseCache, cards: CardPages) -> tuple[list[str], list[str]]:
    fresh_hb, fresh = read_course(root)
    cached_hb, cached = read_course(root, cache)
    assert (fresh_hb is None) == (cached_hb is None)
    if fresh_hb is not None and cached_hb is not None and not fresh.errors:
        assert render_pages(cached_hb, cards=cards) == render_pages(fresh_hb)
    return fresh.lines(), cached.lines()


def test_cached_reads_match_fresh_reads_through_a_session_of_edits(mini: Path) -> None:
    cache, cards = CourseCache(), CardPages()
    steps = [  # (a save, a line the check output must then contain)
        (lambda: None, ""),
        (lambda: edit(mini / CARD, "tone: 耐心", "tone: 耐心、平和"), ""),
        (lambda: edit(mini / OBJECTION, "name: 这个月没钱", "name: 这个月手头紧"), ""),  # shown on card pages
        (lambda: edit(mini / "content/debtor_types.yml", "name: 消极导向型", "name: 消极拖延型"), ""),
        (lambda: edit(mini / CARD, "tone: 耐心、平和", "tone: [耐心"), f"{CARD}:7: 错误"),
        (lambda: edit(mini / CARD, "tone: [耐心", "tone: 耐心"), ""),
        (lambda: edit(mini / OBJECTION, "  M1: 先付一部分，剩下的约个日子。\n", ""), "缺少这些阶段的回应：M1"),
        (lambda: edit(mini / CARD, "key_line: 我们一起看看", "key_line: 后果自负，我们一起看看"), "触碰红线"),
        (lambda: (mini / CARD).rename(mini / "scripts_library/m0/m0-passive-old.txt"), "还没有话术卡"),
        (lambda: (mini / "scripts_library/m0/m0-passive-old.txt").rename(mini / CARD), "触碰红线"),
    ]
    for save, expected in steps:
        save()
        fresh, cached = fresh_and_cached(mini, cache, cards)
        assert cached == fresh
        assert any(expected in line for line in cached) if expected else not any("错误" in line for line in cached), cached


def test_only_saved_files_are_read_again(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = CourseCache()
    read_course(mini, cache)
    parsed: list[str] = []
    original = validate.read_file
    monkeypatch.setattr(validate, "read_file", lambda kind, path, root: parsed.append(path.relative_to(root).as_posix()) or original(kind, path, root))
    read_course(mini, cache)
    assert parsed == []
    time.sleep(0.01)
    edit(mini / CARD, "tone: 耐心", "tone: 耐心、平和")
    handbook, report = read_course(mini, cache)
    assert parsed == [CARD]
    assert handbook is not None and not report.errors
    assert next(c for c in handbook.cards if c.source == CARD).tone == "耐心、平和"
