"""The quiz pages and the data they run on.

Every quiz file (``quizzes/<id>.yml``) becomes a quiz page, and so do three kinds of
views assembled from the questions' tags across all files: one per stage
(``quiz/stage-m2/``), one per debtor type (``quiz/type-passive/``) and a mixed one
(``quiz/mixed/``, one question from every stage × debtor type cell).

The pages hold a static list (the no-JavaScript and print fallback); the quiz
script (``assets/javascripts/quiz.js``) reads the questions from ``api/quiz.json``.
``api/quiz.js`` carries the same data for pages opened from ``file://``, where a
browser refuses to fetch JSON but still runs a script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.model import Handbook, page_url
from generator.schema import Question

QuizKind = Literal["file", "stage", "type", "mixed"]
SCRIPT_GLOBAL = "CUIKUAN_QUIZ_DATA"  # the name quiz.js looks for


@dataclass
class QuizPage:
    """One quiz page: the questions of a quiz file, or a view of tagged questions from all files."""

    id: str
    kind: QuizKind
    title: str
    description: str | None
    questions: list[Question]
    source: list[str] = field(default_factory=list)
    stage: str | None = None
    debtor_type: str | None = None


def quiz_pages(hb: Handbook) -> list[QuizPage]:
    """The quiz files, then one view per stage, one per debtor type and the mixed one (empty views are left out)."""
    tagged = list(hb.questions())
    pages = [QuizPage(q.id, "file", q.title, q.description, list(q.questions), [q.source]) for q in hb.quizzes]

    def view(page_id: str, kind: QuizKind, title: str, description: str, picked: list[Question], **tags: str) -> None:
        if picked:
            sources = sorted({quiz.source for quiz, q in tagged if any(q is p for p in picked)})
            pages.append(QuizPage(page_id, kind, title, description, picked, sources, **tags))

    for stage in hb.stages:
        picked = [q for _, q in tagged if q.stage == stage.id]
        description = f"{stage.name}（{stage.short}）的全部 {len(picked)} 道题，从所有题库文件里按阶段标签汇集。"
        view(f"stage-{stage.id.lower()}", "stage", f"{stage.id} {stage.name}：阶段测验", description, picked, stage=stage.id)
    for dtype in hb.debtor_types:
        picked = [q for _, q in tagged if q.debtor_type == dtype.id]
        description = f"面对{dtype.name}客户的全部 {len(picked)} 道题，覆盖各个阶段。"
        view(f"type-{dtype.id}", "type", f"{dtype.name}：类型测验", description, picked, debtor_type=dtype.id)
    mixed = mixed_questions(hb)
    view("mixed", "mixed", "综合测验：每格一题", f"每个阶段 × 客户类型各抽一道题，共 {len(mixed)} 道，检验整本手册。", mixed)
    return pages


def mixed_questions(hb: Handbook) -> list[Question]:
    """One question per stage × debtor type cell, rotating through each cell so the picks vary in kind."""
    picked = []
    for i, stage in enumerate(hb.stages):
        for j, dtype in enumerate(hb.debtor_types):
            cell = [q for _, q in hb.questions() if q.stage == stage.id and q.debtor_type == dtype.id]
            if cell:
                picked.append(cell[(i + j) % len(cell)])
    return picked


def quiz_export(hb: Handbook) -> dict[str, Any]:
    """``api/quiz.json``: stages (with their days, for the drill), debtor types, quiz pages and every question."""
    questions = []
    for quiz, q in hb.questions():
        refs = [{"kind": "card", "id": c, "name": hb.card(c).title, "url": page_url("card", c)} for c in q.cards]
        refs += [{"kind": "tactic", "id": t, "name": hb.tactic(t).name, "url": page_url("tactic", t)} for t in q.tactics]
        refs += [{"kind": "objection", "id": o, "name": hb.objection(o).name, "url": page_url("objection", o)} for o in q.objections]
        questions.append(
            {
                "id": q.id,
                "quiz": quiz.id,
                "type": q.type,
                "stage": q.stage,
                "debtor_type": q.debtor_type,
                "prompt": q.prompt,
                "customer_line": q.customer_line,
                "options": [{"id": o.id, "text": o.text, "feedback": o.feedback} for o in q.options],
                "answer": q.answer,
                "explanation": q.explanation,
                "refs": refs,
            }
        )
    return {
        "stages": [{"id": s.id, "name": s.name, "short": s.short, "days_min": s.days_min, "days_max": s.days_max} for s in hb.stages],
        "debtor_types": [{"id": t.id, "name": t.name, "hint": t.hint} for t in hb.debtor_types],
        "quizzes": [
            {
                "id": p.id,
                "kind": p.kind,
                "title": p.title,
                "url": page_url("quiz", p.id),
                "stage": p.stage,
                "debtor_type": p.debtor_type,
                "questions": [q.id for q in p.questions],
            }
            for p in quiz_pages(hb)
        ],
        "questions": questions,
    }


def quiz_script(hb: Handbook) -> str:
    """``api/quiz.js``: the same data as ``api/quiz.json``, as a script for pages opened from ``file://``."""
    data = json.dumps(quiz_export(hb), ensure_ascii=False, separators=(",", ":"))
    return f"/* 由 quizzes/ 生成，和 api/quiz.json 内容相同：给从 file:// 打开的离线页面用。 */\nwindow.{SCRIPT_GLOBAL} = {data};\n"
