"""The quiz questions as data for the quiz pages and the pre-call drill (``api/quiz.json``)."""

from __future__ import annotations

from typing import Any

from generator.model import Handbook, page_url


def quiz_export(hb: Handbook) -> dict[str, Any]:
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
        "stages": [{"id": s.id, "name": s.name, "days_min": s.days_min, "days_max": s.days_max} for s in hb.stages],
        "debtor_types": [{"id": t.id, "name": t.name, "hint": t.hint} for t in hb.debtor_types],
        "quizzes": [{"id": q.id, "title": q.title, "url": page_url("quiz", q.id)} for q in hb.quizzes],
        "questions": questions,
    }
