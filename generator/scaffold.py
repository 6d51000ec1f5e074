"""Scaffolding and upkeep for trainers: commented skeleton files, and cards due for review.

``new`` writes a skeleton in the right folder, with the schema line for editors, every field
present and its values left blank: ``check`` lists each blank as ``path:line`` until it is filled.
Nothing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.loader import find_files, load_file
from generator.model import Handbook
from generator.parse import parse_documents
from generator.problems import did_you_mean
from generator.render import make_env
from generator.schema import KINDS_BY_NAME, QUESTION_TYPES, Card, Channel, DebtorType, Model, Stage

ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")
UNSAFE_ID = "不能用作文件名和网址：只能用小写英文字母、数字和连字符，且以字母或数字开头（例如 `no-money-this-month`）"


class ScaffoldError(Exception):
    """A request ``new`` cannot carry out; ``code`` is the exit code (1 content, 2 usage)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Written:
    path: str
    next_step: str


def _items(root: Path, kind: str) -> list[Any]:
    """The valid items of one kind, read without checking the rest of the course."""
    info = KINDS_BY_NAME[kind]
    docs = []
    for path in find_files(root, info.patterns):
        doc, _ = load_file(path, root)
        if doc is not None:
            docs.append(doc)
    items, _ = parse_documents(info, docs)
    if info.required_file and not items:
        raise ScaffoldError(f"{info.required_file} 读不出来：先运行 `make check` 把它改好")
    return items


def _pick(items: list[Model], wanted: str, option: str, label: str) -> Any:
    for item in items:
        if item.key == wanted:
            return item
    ids = [item.key for item in items]
    raise ScaffoldError(f"{option} 的 `{wanted}` 不是{label}{did_you_mean(wanted, ids)}；可选：{'、'.join(ids)}", code=2)


def _safe_id(item_id: str) -> None:
    if not ID.match(item_id):
        raise ScaffoldError(f"id `{item_id}` {UNSAFE_ID}", code=2)


def _write_new(root: Path, rel: str, text: str) -> None:
    path = root / rel
    if path.exists():
        raise ScaffoldError(f"{rel} 已经存在，不会覆盖：要修改就直接编辑它")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never replaces a file that appeared meanwhile
        handle.write(text)


def _render(name: str, **context: Any) -> str:
    return make_env().get_template(f"skeletons/{name}.yml.j2").render(**context)


def new_card(root: Path, stage_id: str, type_id: str, today: dt.date | None = None) -> Written:
    stage: Stage = _pick(_items(root, "stages"), stage_id, "--stage", "阶段")
    dtype: DebtorType = _pick(_items(root, "debtor_types"), type_id, "--type", "客户类型")
    card_id = f"{stage.id.lower()}-{dtype.id}"
    rel = f"scripts_library/{stage.id.lower()}/{card_id}.yml"
    for path in find_files(root, KINDS_BY_NAME["card"].patterns):
        doc, _ = load_file(path, root)
        data = doc.data if doc is not None else None
        if isinstance(data, dict) and data.get("stage") == stage.id and data.get("debtor_type") == dtype.id:
            raise ScaffoldError(f"阶段 {stage.id} × 客户类型 {dtype.id} 已经有话术卡 {doc.path if doc else path}，不会覆盖：要修改就直接编辑它")
    channels: list[Channel] = _items(root, "channels")
    text = _render(
        "card",
        stage=stage,
        dtype=dtype,
        card_id=card_id,
        channels=sorted(channels, key=lambda c: c.id != "phone"),
        tactics=[t.key for t in _items(root, "tactic")],
        objections=[o.key for o in _items(root, "objection")],
        today=(today or dt.date.today()).isoformat(),
    )
    _write_new(root, rel, text)
    return Written(rel, "把空着的地方填上，再运行 `make check`")


def new_objection(root: Path, item_id: str) -> Written:
    _safe_id(item_id)
    rel = f"content/objections/{item_id}.yml"
    text = _render("objection", item_id=item_id, stages=_items(root, "stages"), tactics=[t.key for t in _items(root, "tactic")])
    _write_new(root, rel, text)
    return Written(rel, f"把空着的地方填上，在相关话术卡的 objections 里引用 `{item_id}`，再运行 `make check`")


def new_tactic(root: Path, item_id: str) -> Written:
    _safe_id(item_id)
    rel = f"content/tactics/{item_id}.yml"
    _write_new(root, rel, _render("tactic", item_id=item_id, stages=_items(root, "stages")))
    return Written(rel, f"把空着的地方填上，在用到它的地方（tactics）引用 `{item_id}`，再运行 `make check`")


def new_question(root: Path, quiz_id: str, kind: str, stage_id: str | None, type_id: str | None, question_id: str | None) -> Written:
    """Append a question skeleton to the end of a quiz's ``questions`` list."""
    if kind not in QUESTION_TYPES:
        raise ScaffoldError(f"--kind 的 `{kind}` 不是题型{did_you_mean(kind, QUESTION_TYPES)}；可选：{'、'.join(QUESTION_TYPES)}", code=2)
    stage = _pick(_items(root, "stages"), stage_id, "--stage", "阶段").id if stage_id else None
    dtype = _pick(_items(root, "debtor_types"), type_id, "--type", "客户类型").id if type_id else None
    rel = f"quizzes/{quiz_id}.yml"
    path = root / rel
    if not path.is_file():
        quizzes = [p.stem for p in find_files(root, KINDS_BY_NAME["quiz"].patterns)]
        raise ScaffoldError(f"没有测验文件 {rel}{did_you_mean(quiz_id, quizzes)}；可选：{'、'.join(quizzes)}", code=2)
    doc, problems = load_file(path, root)
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("questions"), list):
        raise ScaffoldError(f"{rel} 现在读不出 questions 列表：先运行 `make check` 把它改好")
    text = path.read_text(encoding="utf-8")
    rows = text.splitlines()
    questions_line = doc.lines[("questions",)]
    if any(line > questions_line for loc, line in doc.lines.items() if len(loc) == 1 and loc[0] != "questions"):
        raise ScaffoldError(f"{rel} 里 questions 后面还有别的字段：把 questions 挪到文件最后再试")
    first = rows[doc.lines[("questions", 0)] - 1] if doc.data["questions"] else "  - "
    indent = first[: len(first) - len(first.lstrip())]
    taken = {q.get("id") for q in doc.data["questions"] if isinstance(q, dict)}
    if question_id is None:
        prefix = quiz_id.removesuffix("-quiz")
        question_id = next(f"{prefix}-q{n:02d}" for n in range(1, 1000) if f"{prefix}-q{n:02d}" not in taken)
    _safe_id(question_id)
    if question_id in taken:
        raise ScaffoldError(f"{rel} 里已经有题目 `{question_id}`，不会覆盖：换一个 --id")
    cell = next(
        (c for c in _items(root, "card") if isinstance(c, Card) and c.stage == stage and c.debtor_type == dtype),
        None,
    )
    block = _render("question", indent=indent, question_id=question_id, kind=kind, stage=stage, debtor_type=dtype, card=cell.id if cell else None)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(("" if text.endswith("\n") else "\n") + block)
    line = len(rows) + 1
    return Written(f"{rel}:{line}", "把空着的地方填上，再运行 `make check`")


@dataclass
class Stale:
    card: Card
    days: int


def stale_cards(hb: Handbook, today: dt.date) -> list[Stale]:
    """Cards last reviewed more than ``review_interval_days`` ago (the pages mark the same cards 待复核)."""
    limit = hb.course.review_interval_days
    found = [Stale(card, (today - card.last_reviewed).days) for card in hb.cards]
    return sorted((s for s in found if s.days > limit), key=lambda s: (s.card.owner, -s.days, s.card.id))

