"""Validation through the real command line: every kind of mistake gets its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, handbook

CARD = "scripts_library/m0/m0-passive.yml"
QUIZ = "quizzes/mini.yml"


def check(root: Path, *extra: str) -> tuple[int, list[str]]:
    result = handbook("check", *extra, root=root)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.splitlines()


def test_mini_course_passes(mini: Path) -> None:
    code, lines = check(mini, "--strict")
    assert (code, lines) == (0, [])


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (CARD, "tone: 耐心", "tonne: 耐心", f"{CARD}:7: 错误：未知字段 `tonne`（是不是想写 `tone`？）"),
        (CARD, "tone: 耐心", "tone: 耐心\nfollowup: x", f"{CARD}:8: 错误：未知字段 `followup`（是不是想写 `follow_up`？）"),
        (CARD, "    action: 在系统里记录承诺日期。", "    acton: 在系统里记录承诺日期。", f"{CARD}:26: 错误：未知字段 `follow_up[0].acton`（是不是想写 `action`？）"),
        (CARD, "tone: 耐心\n", "", f"{CARD}:1: 错误：缺少必填字段 `tone`"),
        (CARD, "title: 总说再等等的客户", "title: 2026", f"{CARD}:4: 错误：`title` 应该是文字，现在是数字"),
        (CARD, "do: [先确认发票]", "do: 先确认发票", f"{CARD}:21: 错误：`do` 应该是列表（每项一行，以“- ”开头），现在是文字"),
        (CARD, "do: [先确认发票]", "do: []", f"{CARD}:21: 错误：`do` 至少要有 1 项"),
        (CARD, "last_reviewed: 2026-01-01", "last_reviewed: 上个月", f"{CARD}:28: 错误：`last_reviewed` 应该是日期，格式如 2026-10-20，现在是 `上个月`"),
        (CARD, "id: m0-passive", "id: ../m0", f"{CARD}:1: 错误：`id` 的值 `../m0` 不能用作文件名和网址：只能用小写英文字母、数字和连字符，且以字母或数字开头（例如 `no-money-this-month`）"),
        (CARD, "id: m0-passive", "id: M0 Passive", f"{CARD}:1: 错误：`id` 的值 `M0 Passive` 不能用作文件名和网址：只能用小写英文字母、数字和连字符，且以字母或数字开头（例如 `no-money-this-month`）"),
        (CARD, "id: m0-passive", "id: 消极", f"{CARD}:1: 错误：`id` 的值 `消极` 不能用作文件名和网址：只能用小写英文字母、数字和连字符，且以字母或数字开头（例如 `no-money-this-month`）"),
        (CARD, "debtor_type: passive", "debtor_type: pasive", f"{CARD}:3: 错误：`debtor_type` 引用了不存在的客户类型 `pasive`（是不是想写 `passive`？）"),
        (CARD, "stage: M0", "stage: m0", f"{CARD}:2: 错误：`stage` 引用了不存在的阶段 `m0`（是不是想写 `M0`？）"),
        (CARD, "tactics: [pre-due-reminder]", "tactics: [pre-due-remind]", f"{CARD}:10: 错误：`tactics[0]` 引用了不存在的技巧 `pre-due-remind`（是不是想写 `pre-due-reminder`？）"),
        (CARD, "  - id: no-money-this-month", "  - id: no-money", f"{CARD}:19: 错误：`objections[0].id` 引用了不存在的异议 `no-money`（是不是想写 `no-money-this-month`？）"),
        (CARD, "  phone:", "  fone:", f"{CARD}:12: 错误：`scripts.fone` 引用了不存在的渠道 `fone`（是不是想写 `phone`？）"),
        (CARD, "  phone:", "  fone:", f"{CARD}:11: 错误：`scripts` 缺少电话话术 `phone`：每张卡至少要有电话话术"),
        (CARD, "    plan: [您看月初付可以吗？]", "    plan: [\"您看{付款日}付可以吗？\"]", f"{CARD}:16: 错误：`scripts.phone.plan[0]` 里的占位符 `{{付款日}}` 不认识；可用：{{客户}}、{{联系人}}、{{金额}}、{{逾期天数}}、{{到期日}}、{{我}}、{{公司}}"),
        (CARD, "    plan: [您看月初付可以吗？]", "    plan: [\"您看{金額}可以吗？\"]", f"{CARD}:16: 错误：`scripts.phone.plan[0]` 里的占位符 `{{金額}}` 不认识（是不是想写 `{{金额}}`？）；可用：{{客户}}、{{联系人}}、{{金额}}、{{逾期天数}}、{{到期日}}、{{我}}、{{公司}}"),
        (QUIZ, "    answer: b", "    answer: c", f"{QUIZ}:15: 错误：`questions[0].answer`（mini-q01）：`answer` 的 `c` 不在选项里；可选：a、b"),
        (QUIZ, "    answer: false", "    answer: 错", f"{QUIZ}:23: 错误：`questions[1].answer`（mini-q02）：判断题的 `answer` 只能是 true 或 false，现在是 `错`"),
        (QUIZ, "id: mini", "id: mixed", f"{QUIZ}:1: 错误：测验 id `mixed` 和自动生成的测验页重名（stage-… / type-… / mixed 是保留的）：换一个 id"),
        (QUIZ, "    type: single", "    type: singel", f"{QUIZ}:5: 错误：`questions[0].type` 只能是 `single`, `multiple`, `truefalse`, `best_reply` 或 `order`，现在是 `singel`（是不是想写 `single`？）"),
        (QUIZ, "    tactics: [pre-due-reminder]", "    tactics: []", f"{QUIZ}:4: 错误：`questions[0]` 至少要引用一张话术卡、一个技巧或一个异议（cards / tactics / objections）"),
        (QUIZ, "    cards: [m1-passive]", "    cards: [m1-pasive]", f"{QUIZ}:25: 错误：`questions[1].cards[0]` 引用了不存在的话术卡 `m1-pasive`（是不是想写 `m1-passive`？）"),
        ("content/stages.yml", "  days_min: 1\n", "  days_min: 2\n", "content/stages.yml:20: 错误：阶段 M1 的 `days_min` 应该是 1（紧接 M0 的 `days_max`）"),
        ("content/channels.yml", "  strength: 2", "  strength: 9", "content/channels.yml:3: 错误：`[0].strength` 不能大于 4，现在是 9"),
        (CARD, "situation: 客户回复慢。", "situation: 客户回复慢<script>alert(1)</script>", f"{CARD}:5: 错误：`situation` 里有 HTML 代码：'<script>'；只写纯文字"),
        (CARD, "situation: 客户回复慢。", "situation: '客户 {{ course.title }} 回复慢'", f"{CARD}:5: 错误：`situation` 里有模板语法 `{{{{`：只写纯文字，占位符用单层花括号，如 {{客户}}"),
        (CARD, "situation: 客户回复慢。", "situation: 客户\u200b回复慢。", f"{CARD}:5: 错误：`situation` 里有看不见的控制字符或零宽字符 U+200B（常见于从网页或微信粘贴）：请删掉重打"),
    ],
)
def test_each_mistake_has_its_message(mini: Path, path: str, old: str, new: str, expected: str) -> None:
    edit(mini / path, old, new)
    code, lines = check(mini)
    assert code == 1
    assert expected in lines


def test_all_problems_are_reported_together_and_sorted(mini: Path) -> None:
    edit(mini / CARD, "tone: 耐心", "tonne: 耐心")
    edit(mini / QUIZ, "    answer: b", "    answer: c")
    edit(mini / "scripts_library/m1/m1-passive.yml", "stage: M1", "stage: M9")
    code, lines = check(mini)
    assert code == 1
    problems = [line for line in lines if ": 错误：" in line]
    assert problems == sorted(problems, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert {line.split(":")[0] for line in problems} == {CARD, QUIZ, "scripts_library/m1/m1-passive.yml", "quizzes"} - {"quizzes"} | {
        line.split(":")[0] for line in problems if line.startswith("quizzes:")
    }
    assert lines[-1].startswith("共 ")


def test_duplicate_id_names_both_files(mini: Path) -> None:
    copy = mini / "scripts_library/m1/m1-copy.yml"
    copy.write_text((mini / CARD).read_text(encoding="utf-8"), encoding="utf-8")
    code, lines = check(mini)
    assert code == 1
    assert "scripts_library/m1/m1-copy.yml:1: 错误：重复的话术卡 id `m0-passive`（scripts_library/m0/m0-passive.yml:1 已经用过）" in lines
    assert "scripts_library/m1/m1-copy.yml:2: 错误：阶段 M0 × 客户类型 passive 有不止一张话术卡（另见 scripts_library/m0/m0-passive.yml）" in lines


def test_missing_cell_names_the_file_to_create(mini: Path) -> None:
    (mini / "scripts_library/m1/m1-passive.yml").unlink()
    edit(mini / QUIZ, "    cards: [m1-passive]", "    tactics: [pre-due-reminder]")
    code, lines = check(mini)
    assert code == 1
    assert "scripts_library/m1/m1-passive.yml:1: 错误：阶段 M1 × 客户类型 passive（消极导向型）还没有话术卡：请新建这个文件" in lines


def test_too_few_questions_in_a_cell(mini: Path) -> None:
    edit(mini / QUIZ, "    debtor_type: passive\n    prompt: M1", "    prompt: M1")
    code, lines = check(mini)
    assert code == 1
    assert "quizzes:1: 错误：阶段 M1 × 客户类型 passive 只有 0 道题，至少要 1 道（content/course.yml 的 min_questions_per_cell）" in lines


def test_unused_objection_is_a_warning_and_strict_fails(mini: Path) -> None:
    extra = mini / "content/objections/boss-away.yml"
    text = (mini / "content/objections/no-money-this-month.yml").read_text(encoding="utf-8")
    extra.write_text(text.replace("id: no-money-this-month", "id: boss-away"), encoding="utf-8")
    warning = "content/objections/boss-away.yml:1: 警告：异议 `boss-away` 没有出现在任何话术卡的 `objections` 里"
    code, lines = check(mini)
    assert code == 0 and warning in lines
    code, lines = check(mini, "--strict")
    assert code == 1 and warning in lines


def test_order_question_needs_a_permutation(mini: Path) -> None:
    quiz = mini / QUIZ
    quiz.write_text(
        quiz.read_text(encoding="utf-8")
        + """  - id: mini-q03
    type: order
    prompt: 排出五段式话术的顺序
    options:
      - {id: a, text: 开场白}
      - {id: b, text: 确认信息}
      - {id: c, text: 结束语}
    answer: [a, b, b]
    explanation: 先开场，再确认，最后结束。
    tactics: [pre-due-reminder]
""",
        encoding="utf-8",
    )
    code, lines = check(mini)
    assert code == 1
    assert f"{QUIZ}:33: 错误：`questions[2].answer`（mini-q03）：排序题的 `answer` 必须把全部选项（a、b、c）各写一次，现在是 `['a', 'b', 'b']`" in lines


def test_stage_rule_and_red_line_in_scripts(mini: Path) -> None:
    edit(mini / CARD, "    intent: [想确认一下付款安排。]", "    intent: [再不付我们就去法院起诉。]")
    edit(mini / CARD, "    closing: [谢谢，合作愉快。]", "    closing: [不付的话后果自负。]")
    code, lines = check(mini)
    assert code == 1
    assert f"{CARD}:15: 错误：`scripts.phone.intent[0]`：M0 阶段不能谈法律手段（出现了“起诉”）；M3 以后才可以平静地说明" in lines
    assert f"{CARD}:15: 错误：`scripts.phone.intent[0]`：M0 阶段不能谈法律手段（出现了“法院”）；M3 以后才可以平静地说明" in lines
    assert f"{CARD}:17: 错误：`scripts.phone.closing[0]`：触碰红线（威胁）：“后果自负”" in lines


def test_never_say_may_quote_bad_phrasing(mini: Path) -> None:
    edit(mini / CARD, "never_say: 你们到底付不付？", "never_say: 再不付就起诉你们")
    code, lines = check(mini, "--strict")
    assert (code, lines) == (0, [])


def test_search_word_on_two_items_is_a_warning(mini: Path) -> None:
    objection = "content/objections/no-money-this-month.yml"
    tactic = "content/tactics/pre-due-reminder.yml"
    edit(mini / objection, "name: 这个月没钱\n", "name: 这个月没钱\nsearch_words: [缺钱, 提前提醒]\n")
    edit(mini / tactic, "name: 事前催收\n", "name: 事前催收\nsearch_words: [到期提醒, 提前提醒]\n")
    code, lines = check(mini)
    assert code == 0
    assert lines == [f"{tactic}:3: 警告：搜索别名“提前提醒”在 {objection}:3（no-money-this-month）也写了：同一个词只写在一项上", "共 0 个错误，1 个警告"]
    code, _ = check(mini, "--strict")
    assert code == 1
