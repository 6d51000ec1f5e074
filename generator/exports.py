"""Step 4b, data exports: the JSON files client-side features and integrations read."""

from __future__ import annotations

from typing import Any

from generator.model import Handbook, page_url
from generator.quizdata import quiz_export


def data_files(hb: Handbook) -> dict[str, Any]:
    """Every data file of the site, by path relative to the site root."""
    return {"api/handbook.json": api_export(hb), "api/quiz.json": quiz_export(hb)}


def api_export(hb: Handbook) -> dict[str, Any]:
    """``site/api/handbook.json``: the data contract for client features and integrations."""

    def item(section: str, obj: Any, **extra: Any) -> dict[str, Any]:
        return {"id": obj.id, "name": obj.name, "url": page_url(section, obj.id), **extra}

    return {
        "title": hb.course.title,
        "review_interval_days": hb.course.review_interval_days,
        "stages": [item("stage", s, days_min=s.days_min, days_max=s.days_max, short=s.short) for s in hb.stages],
        "debtor_types": [item("debtor_type", t, hint=t.hint, search_words=t.search_words) for t in hb.debtor_types],
        "objections": [item("objection", o, variants=o.variants, search_words=o.search_words) for o in hb.objections],
        "tactics": [item("tactic", t, kind=t.kind, search_words=t.search_words) for t in hb.tactics],
        "channels": [{"id": c.id, "name": c.name, "url": "channels/", "search_words": c.search_words} for c in hb.channels],
        "guides": [{"id": g.id, "name": g.title, "url": page_url("guide", g.id), "search_words": g.search_words} for g in hb.guides],
        "cards": [
            {
                "id": c.id,
                "title": c.title,
                "stage": c.stage,
                "debtor_type": c.debtor_type,
                "channels": list(c.scripts),
                "objections": [o.id for o in c.objections],
                "url": page_url("card", c.id),
                "source": c.source,
                "owner": c.owner,
                "last_reviewed": c.last_reviewed.isoformat(),
            }
            for c in hb.cards
        ],
        "quizzes": [{"id": q.id, "title": q.title, "url": page_url("quiz", q.id), "questions": len(q.questions)} for q in hb.quizzes],
    }
