"""Step 2b, validate the course as a whole: ids, references, coverage and quiz answers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from generator.model import Handbook
from generator.parse import key_path
from generator.problems import Report, did_you_mean
from generator.schema import PLACEHOLDERS, Model, Question, Quiz

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
REQUIRED_CHANNEL = "phone"
LABELS = {
    "stage": "阶段",
    "debtor_type": "客户类型",
    "channel": "渠道",
    "objection": "异议",
    "tactic": "技巧",
    "guide": "专题",
    "card": "话术卡",
    "quiz": "测验",
}


def check_handbook(hb: Handbook, report: Report) -> None:
    """Every cross-file rule; problems go to ``report``."""
    check_ids(hb, report)
    check_references(hb, report)
    check_coverage(hb, report)
    check_usage(hb, report)
    check_quizzes(hb, report)
    check_placeholders(hb, report)
    check_stage_days(hb, report)
    check_search_words(hb, report)


def check_search_words(hb: Handbook, report: Report) -> None:
    """A search word leads to one item: the same word on two items sends the shortcut one way only."""
    seen: dict[str, tuple[Model, int]] = {}
    for kind in ("objection", "debtor_type", "tactic", "guide", "channel"):
        for item in hb.collections()[kind]:
            for i, word in enumerate(getattr(item, "search_words", [])):
                key = word.lower()
                if key in seen and seen[key][0] is not item:
                    first, line = seen[key]
                    report.warning(item.source, item.at("search_words", i), f"搜索别名“{word}”在 {first.source}:{line}（{first.key}）也写了：同一个词只写在一项上")
                elif key in seen:
                    report.warning(item.source, item.at("search_words", i), f"搜索别名“{word}”重复了")
                else:
                    seen[key] = (item, item.at("search_words", i))


def check_ids(hb: Handbook, report: Report) -> None:
    for kind, items in hb.collections().items():
        seen: dict[str, Model] = {}
        for item in items:
            item_id = item.key
            if item_id in seen:
                first = seen[item_id]
                report.error(item.source, item.at("id"), f"重复的{LABELS[kind]} id `{item_id}`（{first.source}:{first.line} 已经用过）")
            else:
                seen[item_id] = item
            stem = PurePosixPath(item.source).stem
            if kind in ("objection", "tactic", "guide", "card", "quiz") and stem != item_id:
                report.warning(item.source, item.at("id"), f"id `{item_id}` 和文件名 `{stem}` 不一致：建议改成一样的，方便查找")


# Where the items of each list-file kind are defined: when that file is broken, references into it are not reported again.
DEFINED_IN = {"stage": "content/stages.yml", "debtor_type": "content/debtor_types.yml", "channel": "content/channels.yml"}


def _ref(hb: Handbook, report: Report, item: Model, loc: tuple[Any, ...], kind: str, value: str | None) -> None:
    if value is None or (kind, value) in hb._index or DEFINED_IN.get(kind) in hb.broken:
        return
    if any(PurePosixPath(path).stem == value for path in hb.broken):
        return  # the file that defines it cannot be read: its own errors are shown
    choices = [i.key for i in hb.collections()[kind]]
    report.error(
        item.source,
        item.at(*loc),
        f"`{key_path(loc)}` 引用了不存在的{LABELS[kind]} `{value}`{did_you_mean(value, choices)}",
    )


def _refs(hb: Handbook, report: Report, item: Model, loc: tuple[Any, ...], kind: str, values: Iterable[str]) -> None:
    for i, value in enumerate(values):
        _ref(hb, report, item, loc + (i,), kind, value)


def _keys(hb: Handbook, report: Report, item: Model, loc: tuple[Any, ...], kind: str, keys: Iterable[str]) -> None:
    for key in keys:
        _ref(hb, report, item, loc + (key,), kind, key)


def check_references(hb: Handbook, report: Report) -> None:
    for stage in hb.stages:
        _refs(hb, report, stage, ("tactics",), "tactic", stage.tactics)
        for i, step in enumerate(stage.cadence):
            _ref(hb, report, stage, ("cadence", i, "channel"), "channel", step.channel)
    for dtype in hb.debtor_types:
        _refs(hb, report, dtype, ("tactics",), "tactic", dtype.tactics)
    for objection in hb.objections:
        _refs(hb, report, objection, ("tactics",), "tactic", objection.tactics)
        _keys(hb, report, objection, ("replies",), "stage", objection.replies)
        missing = [s.id for s in hb.stages if s.id not in objection.replies]
        if missing:
            report.warning(objection.source, objection.at("replies"), f"`replies` 缺少这些阶段的回应：{'、'.join(missing)}")
    for tactic in hb.tactics:
        _refs(hb, report, tactic, ("stages",), "stage", tactic.stages)
    for card in hb.cards:
        _ref(hb, report, card, ("stage",), "stage", card.stage)
        _ref(hb, report, card, ("debtor_type",), "debtor_type", card.debtor_type)
        _refs(hb, report, card, ("tactics",), "tactic", card.tactics)
        _keys(hb, report, card, ("scripts",), "channel", card.scripts)
        for i, answered in enumerate(card.objections):
            _ref(hb, report, card, ("objections", i, "id"), "objection", answered.id)
        if REQUIRED_CHANNEL not in card.scripts:
            report.error(card.source, card.at("scripts"), f"`scripts` 缺少电话话术 `{REQUIRED_CHANNEL}`：每张卡至少要有电话话术")
    for i, play in enumerate(hb.trainer.roleplays):
        _ref(hb, report, hb.trainer, ("roleplays", i, "stage"), "stage", play.stage)
        _ref(hb, report, hb.trainer, ("roleplays", i, "debtor_type"), "debtor_type", play.debtor_type)
        _refs(hb, report, hb.trainer, ("roleplays", i, "objections"), "objection", play.objections)
    for quiz in hb.quizzes:
        for i, question in enumerate(quiz.questions):
            loc = ("questions", i)
            _ref(hb, report, quiz, loc + ("stage",), "stage", question.stage)
            _ref(hb, report, quiz, loc + ("debtor_type",), "debtor_type", question.debtor_type)
            _refs(hb, report, quiz, loc + ("cards",), "card", question.cards)
            _refs(hb, report, quiz, loc + ("tactics",), "tactic", question.tactics)
            _refs(hb, report, quiz, loc + ("objections",), "objection", question.objections)


def check_coverage(hb: Handbook, report: Report) -> None:
    """Every stage × debtor type cell has exactly one card."""
    cells = Counter((c.stage, c.debtor_type) for c in hb.cards)
    explained = hb.broken | {p.path for p in report.errors}
    for stage in hb.stages:
        for dtype in hb.debtor_types:
            if cells[(stage.id, dtype.id)] == 0:
                path = f"scripts_library/{stage.id.lower()}/{stage.id.lower()}-{dtype.id}.yml"
                if path in explained:
                    continue  # its own errors are already shown
                report.error(path, 1, f"阶段 {stage.id} × 客户类型 {dtype.id}（{dtype.name}）还没有话术卡：请新建这个文件")
    for card in hb.cards:
        if cells[(card.stage, card.debtor_type)] > 1:
            others = [c.source for c in hb.cards if (c.stage, c.debtor_type) == (card.stage, card.debtor_type) and c is not card]
            report.error(card.source, card.at("stage"), f"阶段 {card.stage} × 客户类型 {card.debtor_type} 有不止一张话术卡（另见 {', '.join(others)}）")


def check_usage(hb: Handbook, report: Report) -> None:
    """Every objection is answered on some card; every tactic is used somewhere."""
    for objection in hb.objections:
        if not hb.cards_using_objection(objection.id):
            report.warning(objection.source, objection.line, f"异议 `{objection.id}` 没有出现在任何话术卡的 `objections` 里")
    for tactic in hb.tactics:
        if not hb.tactic_users(tactic.id):
            report.warning(tactic.source, tactic.line, f"技巧 `{tactic.id}` 没有被任何阶段、客户类型、异议或话术卡引用")


RESERVED_QUIZ_IDS = re.compile(r"^(stage-.*|type-.*|mixed)$")  # generated quiz views use these addresses


def check_quizzes(hb: Handbook, report: Report) -> None:
    for quiz in hb.quizzes:
        if RESERVED_QUIZ_IDS.match(quiz.id):
            report.error(quiz.source, quiz.at("id"), f"测验 id `{quiz.id}` 和自动生成的测验页重名（stage-… / type-… / mixed 是保留的）：换一个 id")
    seen_ids: dict[str, str] = {}
    seen_prompts: dict[str, str] = {}
    for quiz, question, i in _numbered(hb):
        key = f"questions[{i}]"
        line = quiz.at("questions", i)
        if question.id in seen_ids:
            report.error(quiz.source, quiz.at("questions", i, "id"), f"重复的题目 id `{question.id}`（{seen_ids[question.id]} 已经用过）")
        seen_ids.setdefault(question.id, quiz.source)
        prompt = re.sub(r"\s+", "", (question.customer_line or "") + question.prompt)
        if prompt in seen_prompts:
            report.error(quiz.source, quiz.at("questions", i, "prompt"), f"`{key}.prompt` 和 {seen_prompts[prompt]} 是重复的题目")
        seen_prompts.setdefault(prompt, f"{quiz.source} 的 `{key}`")
        for message in answer_problems(question):
            report.error(quiz.source, quiz.at("questions", i, "answer"), f"`{key}.answer`（{question.id}）：{message}")
        if not (question.cards or question.tactics or question.objections):
            report.error(quiz.source, line, f"`{key}` 至少要引用一张话术卡、一个技巧或一个异议（cards / tactics / objections）")
    check_answer_positions(hb, report)
    if any(path.startswith("quizzes/") for path in hb.broken):
        return  # a quiz file that cannot be read has uncounted questions: its own errors come first
    need = hb.course.min_questions_per_cell
    per_cell = Counter((q.stage, q.debtor_type) for _, q in hb.questions())
    for stage in hb.stages:
        for dtype in hb.debtor_types:
            have = per_cell[(stage.id, dtype.id)]
            if have < need:
                report.error(
                    "quizzes",
                    1,
                    f"阶段 {stage.id} × 客户类型 {dtype.id} 只有 {have} 道题，至少要 {need} 道（content/course.yml 的 min_questions_per_cell）",
                )


def check_answer_positions(hb: Handbook, report: Report, limit: float = 0.4) -> None:
    """The right option must not sit in a predictable place (the quiz UI shuffles, print does not)."""
    positions = Counter(
        [o.id for o in q.options].index(q.answer)
        for _, q in hb.questions()
        if q.type in ("single", "best_reply") and isinstance(q.answer, str) and q.answer in [o.id for o in q.options]
    )
    total = sum(positions.values())
    if total >= 10:
        spot, count = positions.most_common(1)[0]
        if count / total > limit:
            report.warning("quizzes", 1, f"{count}/{total} 道单选题的正确答案都在第 {spot + 1} 个选项：请打乱正确答案的位置")


def _numbered(hb: Handbook) -> Iterable[tuple[Quiz, Question, int]]:
    for quiz in hb.quizzes:
        for i, question in enumerate(quiz.questions):
            yield quiz, question, i


def answer_problems(q: Question) -> list[str]:
    """Why this question's answer cannot be right, if it cannot."""
    ids = [o.id for o in q.options]
    out = [f"选项 id `{i}` 重复" for i, n in Counter(ids).items() if n > 1]
    answer = q.answer
    if q.type == "truefalse":
        if q.options:
            out.append("判断题（truefalse）不写 `options`")
        if not isinstance(answer, bool):
            out.append(f"判断题的 `answer` 只能是 true 或 false，现在是 `{answer}`")
        return out
    if len(ids) < 2:
        out.append("至少要有 2 个选项")
    if q.type == "best_reply" and not q.customer_line:
        out.append("“选最佳回应”题（best_reply）要写 `customer_line`（客户的原话）")
    if q.type in ("single", "best_reply"):
        if not isinstance(answer, str) or isinstance(answer, bool):
            out.append(f"`answer` 应该是一个选项 id（{'、'.join(ids)}），现在是 `{answer}`")
        elif answer not in ids:
            out.append(f"`answer` 的 `{answer}` 不在选项里{did_you_mean(answer, ids)}；可选：{'、'.join(ids)}")
    elif q.type == "multiple":
        if not isinstance(answer, list) or not answer:
            out.append(f"多选题的 `answer` 应该是选项 id 列表，如 [a, c]，现在是 `{answer}`")
        else:
            out += [f"`answer` 的 `{a}` 不在选项里{did_you_mean(str(a), ids)}" for a in answer if a not in ids]
            if len(set(map(str, answer))) != len(answer):
                out.append("`answer` 里有重复的选项")
    elif q.type == "order":
        if not isinstance(answer, list) or sorted(map(str, answer)) != sorted(ids):
            out.append(f"排序题的 `answer` 必须把全部选项（{'、'.join(ids)}）各写一次，现在是 `{answer}`")
    return out


def check_placeholders(hb: Handbook, report: Report) -> None:
    for card in hb.cards:
        for channel, script in card.scripts.items():
            for part, lines in script.model_dump().items():
                for n, line in enumerate(lines):
                    for name in PLACEHOLDER.findall(line):
                        if name not in PLACEHOLDERS:
                            hint = did_you_mean(name, PLACEHOLDERS).replace("`", "`{", 1).replace("`？", "}`？")
                            report.error(
                                card.source,
                                card.at("scripts", channel, part, n),
                                f"`scripts.{channel}.{part}[{n}]` 里的占位符 `{{{name}}}` 不认识{hint}；可用：{'、'.join('{' + p + '}' for p in PLACEHOLDERS)}",
                            )


def check_stage_days(hb: Handbook, report: Report) -> None:
    previous = None
    for stage in hb.stages:
        if previous is not None and previous.days_max is not None and stage.days_min != previous.days_max + 1:
            report.error(stage.source, stage.at("days_min"), f"阶段 {stage.id} 的 `days_min` 应该是 {previous.days_max + 1}（紧接 {previous.id} 的 `days_max`）")
        previous = stage
