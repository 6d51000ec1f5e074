"""`handbook new` and `handbook stale`, run as a trainer runs them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import edit, handbook

from generator.render import Renderer
from generator.schema import KINDS_BY_NAME
from generator.validate import read_course

CARD = "scripts_library/m1/m1-passive.yml"
# What a trainer types into blanks that hold ids rather than sentences.
IDS = {"tactics": "pre-due-reminder", "id": "no-money-this-month", "stages": "M1", "answer": "b"}
KEY = re.compile(r"^(\s*(?:- )?)([A-Za-z_][\w-]*):\s*(#.*)?$")
DASH = re.compile(r"^(\s*)-\s*(#.*)?$")


def indent_of(row: str) -> int:
    return len(row) - len(row.lstrip(" -"))


def fill(text: str, ids: dict[str, str] | None = None) -> str:
    """Type something into every blank of a skeleton, as a trainer would (optional fields stay empty)."""
    ids = {**IDS, **(ids or {})}
    rows = text.splitlines()
    out = []
    parent = ""
    for n, row in enumerate(rows):
        later = next((r for r in rows[n + 1 :] if r.strip() and not r.lstrip().startswith("#")), "")
        key, dash = KEY.match(row), DASH.match(row)
        words = f"第{n + 1}行先核对发票，再约好付款日期。"
        if key and indent_of(later) <= indent_of(row) and key.group(2) not in ("feedback", "lawful_line"):
            name = key.group(2)
            out.append(f"{key.group(1)}{name}: {ids.get(name, words)}")
        elif dash:
            out.append(f"{dash.group(1)}- {ids.get(parent, words)}")
        else:
            out.append(row)
        if key:
            parent = key.group(2)
    return "\n".join(out) + "\n"


def check(root: Path, *args: str) -> tuple[int, list[str]]:
    result = handbook("check", *args, root=root)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.splitlines()


def test_new_card_then_fill_it_in_then_build(mini: Path) -> None:
    (mini / CARD).unlink()
    result = handbook("new", "card", "--stage", "M1", "--type", "passive", root=mini)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"写出 {CARD}：把空着的地方填上，再运行 `make check`"
    skeleton = (mini / CARD).read_text(encoding="utf-8")
    assert skeleton.startswith("# yaml-language-server: $schema=../../schemas/card.schema.json\n")
    # Every field of the card is in the skeleton, so the editor's completion and the checks agree.
    assert set(KINDS_BY_NAME["card"].model.model_fields) <= set(re.findall(r"^(\w+):", skeleton, re.M))

    code, lines = check(mini)
    assert code == 1
    blanks = [line for line in lines if ": 错误：" in line]
    assert len(blanks) >= 20
    rows = skeleton.splitlines()
    for line in blanks:
        path, number, message = line.split(":", 2)
        assert path == CARD and "现在是空值" in message, line
        assert re.fullmatch(r"\s*(- )?(\w+:)?\s*(#.*)?|\s*-", rows[int(number) - 1]), f"{line} points at a filled line"

    (mini / CARD).write_text(fill(skeleton), encoding="utf-8")
    assert check(mini, "--strict") == (0, [])
    built = handbook("build", "--strict", root=mini)
    assert built.returncode == 0, built.stderr
    assert "第8行先核对发票" in (mini / "site/cards/m1-passive/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (("card", "--stage", "M0", "--type", "passive"), "scripts_library/m0/m0-passive.yml"),
        (("objection", "no-money-this-month"), "content/objections/no-money-this-month.yml"),
        (("tactic", "pre-due-reminder"), "content/tactics/pre-due-reminder.yml"),
    ],
)
def test_new_never_overwrites(mini: Path, args: tuple[str, ...], path: str) -> None:
    before = (mini / path).read_bytes()
    result = handbook("new", *args, root=mini)
    assert result.returncode == 1
    assert result.stderr.startswith("没有新建：") and "不会覆盖" in result.stderr
    assert (mini / path).read_bytes() == before


def test_a_card_for_the_cell_under_another_name_is_not_duplicated(mini: Path) -> None:
    (mini / "scripts_library/m0/m0-passive.yml").rename(mini / "scripts_library/m0/first-card.yml")
    result = handbook("new", "card", "--stage", "M0", "--type", "passive", root=mini)
    assert result.returncode == 1
    assert "已经有话术卡 scripts_library/m0/first-card.yml" in result.stderr
    assert not (mini / "scripts_library/m0/m0-passive.yml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("card", "--stage", "m2", "--type", "passive"), "没有新建：--stage 的 `m2` 不是阶段；可选：M0、M1"),
        (("card", "--stage", "M1", "--type", "pasive"), "没有新建：--type 的 `pasive` 不是客户类型（是不是想写 `passive`？）；可选：passive"),
        (("objection", "../no-money"), "没有新建：id `../no-money` 不能用作文件名和网址：只能用小写英文字母、数字和连字符，且以字母或数字开头（例如 `no-money-this-month`）"),
        (("tactic", "先礼后兵"), "没有新建：id `先礼后兵` 不能用作文件名和网址：只能用小写英文字母、数字和连字符，且以字母或数字开头（例如 `no-money-this-month`）"),
        (("question", "--quiz", "mni"), "没有新建：没有测验文件 quizzes/mni.yml（是不是想写 `mini`？）；可选：mini"),
        (("question", "--quiz", "mini", "--kind", "singel"), "没有新建：--kind 的 `singel` 不是题型（是不是想写 `single`？）；可选：single、multiple、truefalse、best_reply、order"),
    ],
)
def test_new_explains_a_wrong_request(mini: Path, args: tuple[str, ...], message: str) -> None:
    before = sorted(p.relative_to(mini).as_posix() for p in mini.rglob("*"))
    result = handbook("new", *args, root=mini)
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert sorted(p.relative_to(mini).as_posix() for p in mini.rglob("*")) == before


def test_new_objection_and_tactic_pass_once_filled_and_used(mini: Path) -> None:
    for kind, item_id in (("objection", "boss-on-leave"), ("tactic", "calm-summary")):
        result = handbook("new", kind, item_id, root=mini)
        assert result.returncode == 0, result.stderr
    objection = mini / "content/objections/boss-on-leave.yml"
    tactic = mini / "content/tactics/calm-summary.yml"
    assert check(mini)[0] == 1
    objection.write_text(fill(objection.read_text(encoding="utf-8")), encoding="utf-8")
    tactic.write_text(fill(tactic.read_text(encoding="utf-8")), encoding="utf-8")
    code, lines = check(mini, "--strict")
    assert code == 1 and lines == [
        "content/objections/boss-on-leave.yml:5: 警告：异议 `boss-on-leave` 没有出现在任何话术卡的 `objections` 里",
        "content/tactics/calm-summary.yml:5: 警告：技巧 `calm-summary` 没有被任何阶段、客户类型、异议或话术卡引用",
        "共 0 个错误，2 个警告",
    ]
    edit(mini / CARD, "tactics: [pre-due-reminder]", "tactics: [pre-due-reminder, calm-summary]")
    edit(mini / CARD, "objections:\n", "objections:\n  - id: boss-on-leave\n    reply: 那我们等领导回来的第二天再约。\n")
    assert check(mini, "--strict") == (0, [])


def test_new_question_is_appended_and_passes_once_filled(mini: Path) -> None:
    quiz = mini / "quizzes/mini.yml"
    before = quiz.read_text(encoding="utf-8")
    result = handbook("new", "question", "--quiz", "mini", "--stage", "M1", "--type", "passive", root=mini)
    assert result.returncode == 0, result.stderr
    start = before.count("\n") + 1
    assert result.stdout.strip() == f"写出 quizzes/mini.yml:{start}：把空着的地方填上，再运行 `make check`"
    text = quiz.read_text(encoding="utf-8")
    assert text.startswith(before)
    added = text[len(before) :]
    assert added.startswith("  - id: mini-q03  #")  # numbered after the ids already taken
    assert "    cards: [m1-passive]" in added  # the card of its cell, to review
    code, lines = check(mini)
    assert code == 1 and all(line.startswith("quizzes/mini.yml:") for line in lines[:-1])
    quiz.write_text(before + fill(added), encoding="utf-8")
    assert check(mini, "--strict") == (0, [])
    again = handbook("new", "question", "--quiz", "mini", "--id", "mini-q03", root=mini)
    assert again.returncode == 1 and "已经有题目 `mini-q03`，不会覆盖" in again.stderr


def test_stale_lists_cards_past_review_by_owner(mini: Path) -> None:
    edit(mini / "scripts_library/m0/m0-passive.yml", "last_reviewed: 2026-01-01", "last_reviewed: 2025-12-01")
    edit(mini / CARD, "owner: 测试经理 张三", "owner: 华南区主管 李四")
    quiet = handbook("stale", "--today", "2026-04-11", root=mini)  # m1 exactly 100 days: not yet due
    assert quiet.returncode == 0
    assert quiet.stdout.splitlines() == [
        "待复核的话术卡：超过 100 天没有复核（按 2026-04-11 计算）",
        "",
        "测试经理 张三（1 张）",
        "  m0-passive  最近复核 2025-12-01，已 131 天  scripts_library/m0/m0-passive.yml",
        "",
        "共 1 张待复核：复核后把卡里的 last_reviewed 改成复核当天的日期",
    ]
    result = handbook("stale", "--today", "2026-04-12", "--json", root=mini)
    data = json.loads(result.stdout)
    assert [(row["owner"], row["id"], row["days"]) for row in data["stale"]] == [("华南区主管 李四", "m1-passive", 101), ("测试经理 张三", "m0-passive", 132)]
    # The pages mark exactly the same cards 待复核.
    hb, _ = read_course(mini)
    assert hb is not None
    for day, listed in (("2026-04-11", {"m0-passive"}), ("2026-04-12", {"m0-passive", "m1-passive"})):
        renderer = Renderer(hb, dt.date.fromisoformat(day))
        assert {card.id for card in hb.cards if renderer.stale(card)} == listed
    none = handbook("stale", "--today", "2026-01-02", root=mini)
    assert none.stdout.strip() == "没有待复核的话术卡（复核周期 100 天，按 2026-01-02 计算）"
