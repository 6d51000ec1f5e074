"""Step 2c, content lint: what may be said at which stage, red lines, text hygiene, length."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.loader import INVISIBLE
from generator.model import Handbook
from generator.parse import key_path
from generator.problems import Problem, Report
from generator.schema import Card, Model, Objection, Quiz, Tactic

LEGAL_WORDS = ("起诉", "诉讼", "律师函", "法院", "支付令", "仲裁", "打官司", "法律途径", "法律手段", "法务")
# Stages before M3 never talk of legal action.
STAGE_FORBIDDEN: dict[str, tuple[str, ...]] = {"M0": LEGAL_WORDS, "M1": LEGAL_WORDS, "M2": LEGAL_WORDS}
# Never said to a customer at any stage: the reason is shown with the hit.
RED_LINES: dict[str, str] = {
    "后果自负": "威胁",
    "走着瞧": "威胁",
    "让你好看": "威胁",
    "别怪我不客气": "威胁",
    "老赖": "侮辱",
    "无赖": "侮辱",
    "骗子": "侮辱",
    "不要脸": "侮辱",
    "曝光": "曝光施压",
    "发朋友圈": "曝光施压",
    "挂网上": "曝光施压",
    "家人": "联系无关第三方",
    "亲戚": "联系无关第三方",
    "孩子": "联系无关第三方",
    "红包": "商业贿赂",
    "回扣": "商业贿赂",
    "送礼": "商业贿赂",
    "请客": "商业贿赂",
    "我是律师": "虚假陈述",
    "法院已经": "虚假陈述",
}
HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|\bon[a-z]+\s*=|javascript:", re.IGNORECASE)
TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
MARKDOWN = re.compile(r"^\s*(!!!|\?\?\?|---|#{1,6}\s|\|.*\||>\s|```)|\*\*|__|\[[^\]]*\]\([^)]*\)")
CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_TEXT = 2000
# A cheap first pass: only strings with one of these characters can match the patterns above.
SUSPECT = re.compile("[<>{}%#=:*_!?|`\\[\\]-]|^\\s|" + INVISIBLE.pattern)


def lint_handbook(hb: Handbook, report: Report, memo: LintMemo | None = None) -> None:
    """Lint every item; with a ``memo``, an item object linted in the previous pass is not linted again."""
    items = [item for group in hb.collections().values() for item in group] + [hb.course, hb.trainer]
    min_chars = hb.course.min_card_chars
    for item in items:
        report.extend(lint_item(item, min_chars) if memo is None else memo.problems(item, min_chars))
    if memo is not None:
        memo.keep(items)


def lint_item(item: Model, min_card_chars: int) -> list[Problem]:
    """Everything lint says about one item: it depends on nothing but the item (and the card length floor)."""
    report = Report()
    lint_text(item, report)
    if isinstance(item, Card):
        lint_card(item, min_card_chars, report)
    elif isinstance(item, Objection):
        for stage_id, reply in item.replies.items():
            check_spoken(item, ("replies", stage_id), reply, stage_id, report)
    elif isinstance(item, Tactic):
        for stage_id in item.stages:
            check_spoken(item, ("example",), item.example, stage_id, report)
    elif isinstance(item, Quiz):
        for i, question in enumerate(item.questions):
            if question.type != "best_reply" or not question.stage:
                continue
            for j, option in enumerate(question.options):
                if option.id == question.answer:
                    check_spoken(item, ("questions", i, "options", j, "text"), option.text, question.stage, report)
    return report.problems


class LintMemo:
    """Lint results by item object, for a preview that re-reads the course after every save.

    Parsed items are reused for files whose bytes did not change (see ``CourseCache``),
    so the same object means the same text at the same lines: its problems still hold.
    """

    def __init__(self) -> None:
        self._seen: dict[int, tuple[Model, int, list[Problem]]] = {}

    def problems(self, item: Model, min_card_chars: int) -> list[Problem]:
        hit = self._seen.get(id(item))
        if hit is not None and hit[0] is item and hit[1] == min_card_chars:
            return hit[2]
        found = lint_item(item, min_card_chars)
        self._seen[id(item)] = (item, min_card_chars, found)
        return found

    def keep(self, items: list[Model]) -> None:
        """Forget items that are gone."""
        alive = {id(item) for item in items}
        self._seen = {key: hit for key, hit in self._seen.items() if key in alive}


def lint_card(card: Card, min_card_chars: int, report: Report) -> None:
    data = card.model_dump(mode="json")
    stage = data["stage"]
    for loc, text in strings(data["scripts"], ("scripts",)):
        check_spoken(card, loc, text, stage, report)
    check_spoken(card, ("key_line",), data["key_line"], stage, report)
    for i, answered in enumerate(data["objections"]):
        check_spoken(card, ("objections", i, "reply"), answered["reply"], stage, report)
    chars = sum(len(CJK.findall(text)) for _, text in strings(data, ()))
    if chars < min_card_chars:
        report.error(card.source, card.line, f"话术卡只有 {chars} 个汉字，至少要 {min_card_chars} 个（content/course.yml 的 min_card_chars）：补充话术、异议回应或跟进计划")


def check_spoken(item: Model, loc: tuple[Any, ...], text: str, stage: str, report: Report) -> None:
    """Rules for words a salesperson says to the customer."""
    key = key_path(loc)
    for word in STAGE_FORBIDDEN.get(stage, ()):
        if word in text:
            report.error(item.source, item.at(*loc), f"`{key}`：{stage} 阶段不能谈法律手段（出现了“{word}”）；M3 以后才可以平静地说明")
    for word, why in RED_LINES.items():
        if word in text:
            report.error(item.source, item.at(*loc), f"`{key}`：触碰红线（{why}）：“{word}”")


def lint_text(item: Model, report: Report) -> None:
    """Text hygiene for every string: content is text, never markup or code."""
    for loc, text in strings(item.model_dump(mode="json"), ()):
        if not SUSPECT.search(text) and len(text) <= MAX_TEXT:
            continue  # the common case: plain text, nothing to say
        key = key_path(loc)
        line = item.at(*loc)
        if HTML.search(text):
            report.error(item.source, line, f"`{key}` 里有 HTML 代码：{HTML.search(text).group(0)!r}；只写纯文字")  # type: ignore[union-attr]
        if TEMPLATE.search(text):
            report.error(item.source, line, f"`{key}` 里有模板语法 `{TEMPLATE.search(text).group(0)}`：只写纯文字，占位符用单层花括号，如 {{客户}}")  # type: ignore[union-attr]
        bad = INVISIBLE.search(text)
        if bad:
            report.error(item.source, line, f"`{key}` 里有看不见的控制字符或零宽字符 U+{ord(bad.group(0)):04X}（常见于从网页或微信粘贴）：请删掉重打")
        if MARKDOWN.search(text):
            report.warning(item.source, line, f"`{key}` 里有 Markdown 排版符号 `{MARKDOWN.search(text).group(0).strip()}`：会按原样显示成文字")  # type: ignore[union-attr]
        if len(text) > MAX_TEXT:
            report.warning(item.source, line, f"`{key}` 有 {len(text)} 个字符，太长了（上限 {MAX_TEXT}）：拆成几条")


def strings(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, loc + (i,))
