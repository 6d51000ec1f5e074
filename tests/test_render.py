"""Rendering filters: content text is always text, and script lines are split into cue and words."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from generator.render import line_html, md, split_cue


def to_html(text: str) -> str:
    return markdown.markdown(md(text), extensions=["pymdownx.escapeall", "attr_list", "admonition", "tables"])


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("**不要加粗**", "**不要加粗**"),
        ("[链接](http://x)", "[链接](http://x)"),
        ("# 不是标题", "# 不是标题"),
        ("1. 不是列表", "1. 不是列表"),
        ("!!! note 不是提示框", "!!! note 不是提示框"),
        ("| a | b |", "| a | b |"),
        ("{{ course.title }} {% if %}", "{{ course.title }} {% if %}"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ],
)
def test_markup_in_content_is_shown_as_text(text: str, shown: str) -> None:
    assert to_html(text) == f"<p>{shown}</p>"


def test_script_line_marks_placeholders_and_escapes() -> None:
    assert str(line_html("{联系人}您好<b>")) == '<span class="ph" data-ph="联系人">{联系人}</span>您好&lt;b&gt;'


@pytest.mark.parametrize(
    ("text", "cue", "words"),
    [
        ("（对方说“审批还没走完”）那我们看看卡在哪一步。", "（对方说“审批还没走完”）", "那我们看看卡在哪一步。"),
        ("对方说在忙：好的，那我下午三点再打给您。", "对方说在忙：", "好的，那我下午三点再打给您。"),
        ("对方的财务哪天排款？", "", "对方的财务哪天排款？"),
        ("您好（打扰了）", "", "您好（打扰了）"),
    ],
)
def test_stage_directions_are_not_copied(text: str, cue: str, words: str) -> None:
    assert split_cue(text) == (cue, words)
    assert ('class="cue"' in str(line_html(text))) == bool(cue)


def test_card_links_the_objection_reply_for_its_stage_only_when_there_is_one(mini: Path) -> None:
    from conftest import edit

    from generator.render import render_pages
    from generator.validate import read_course

    edit(mini / "content/objections/no-money-this-month.yml", "  M1: 先付一部分，剩下的约个日子。\n", "")
    handbook, report = read_course(mini)
    assert handbook is not None and not report.errors
    assert any("缺少这些阶段的回应：M1" in line for line in report.lines())
    pages = render_pages(handbook)
    m0 = next(text for path, text in pages.items() if path.startswith("cards/m0-"))
    m1 = next(text for path, text in pages.items() if path.startswith("cards/m1-"))
    assert "(../objections/no-money-this-month.md#stage-m0)" in m0
    assert "(../objections/no-money-this-month.md)" in m1  # the page has no M1 section to jump to
    assert "#stage-m1" not in m1
