"""Step 3, model: the whole course as one object, with lookups and page addresses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.schema import (
    Card,
    Channel,
    Course,
    DebtorType,
    Guide,
    Model,
    Objection,
    Question,
    Quiz,
    Stage,
    Tactic,
    Trainer,
)


@dataclass
class Handbook:
    course: Course
    stages: list[Stage]
    debtor_types: list[DebtorType]
    channels: list[Channel]
    objections: list[Objection]
    tactics: list[Tactic]
    guides: list[Guide]
    trainer: Trainer
    cards: list[Card]
    quizzes: list[Quiz]
    broken: set[str] = field(default_factory=set)
    _index: dict[tuple[str, str], Model] = field(default_factory=dict, repr=False)
    # Lookups used once per page; kept as dicts so a large course renders in linear time.
    _order: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    _cells: dict[tuple[str, str], Card] = field(default_factory=dict, repr=False)
    _by_stage: dict[str, list[Card]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for kind, items in self.collections().items():
            for item in items:
                self._index.setdefault((kind, item.key), item)
        for kind, ordered in (("stage", self.stages), ("debtor_type", self.debtor_types)):
            for i, item in enumerate(ordered):
                self._order.setdefault((kind, item.key), i)
        self.cards.sort(key=lambda c: (self.stage_order(c.stage), self.type_order(c.debtor_type)))
        for card in self.cards:
            self._cells.setdefault((card.stage, card.debtor_type), card)
            self._by_stage.setdefault(card.stage, []).append(card)
        self.objections.sort(key=lambda o: o.id)
        self.tactics.sort(key=lambda t: (t.kind != "tactic", t.source))
        self.guides.sort(key=lambda g: (g.order, g.id))
        self.quizzes.sort(key=lambda q: q.id)

    def collections(self) -> dict[str, list[Model]]:
        return {
            "stage": list(self.stages),
            "debtor_type": list(self.debtor_types),
            "channel": list(self.channels),
            "objection": list(self.objections),
            "tactic": list(self.tactics),
            "guide": list(self.guides),
            "card": list(self.cards),
            "quiz": list(self.quizzes),
        }

    def get(self, kind: str, item_id: str) -> Model:
        return self._index[(kind, item_id)]

    def stage(self, stage_id: str) -> Stage:
        return self.get("stage", stage_id)  # type: ignore[return-value]

    def debtor_type(self, type_id: str) -> DebtorType:
        return self.get("debtor_type", type_id)  # type: ignore[return-value]

    def channel(self, channel_id: str) -> Channel:
        return self.get("channel", channel_id)  # type: ignore[return-value]

    def objection(self, objection_id: str) -> Objection:
        return self.get("objection", objection_id)  # type: ignore[return-value]

    def tactic(self, tactic_id: str) -> Tactic:
        return self.get("tactic", tactic_id)  # type: ignore[return-value]

    def card(self, card_id: str) -> Card:
        return self.get("card", card_id)  # type: ignore[return-value]

    def stage_order(self, stage_id: str) -> int:
        return self._order.get(("stage", stage_id), len(self.stages))

    def type_order(self, type_id: str) -> int:
        return self._order.get(("debtor_type", type_id), len(self.debtor_types))

    def cell(self, stage_id: str, type_id: str) -> Card | None:
        return self._cells.get((stage_id, type_id))

    def stage_cards(self, stage_id: str) -> list[Card]:
        """The cards of one stage, in debtor-type order."""
        return list(self._by_stage.get(stage_id, []))

    def next_stage(self, stage_id: str) -> Stage | None:
        i = self.stage_order(stage_id)
        return self.stages[i + 1] if i + 1 < len(self.stages) else None

    def questions(self) -> Iterator[tuple[Quiz, Question]]:
        for quiz in self.quizzes:
            for question in quiz.questions:
                yield quiz, question

    def cards_using_objection(self, objection_id: str) -> list[Card]:
        return [c for c in self.cards if any(o.id == objection_id for o in c.objections)]

    def cards_using_tactic(self, tactic_id: str) -> list[Card]:
        return [c for c in self.cards if tactic_id in c.tactics]

    def tactic_users(self, tactic_id: str) -> list[Model]:
        """Everything that recommends a tactic: cards, stages, debtor types, objections."""
        holders: list[Model] = [*self.cards, *self.stages, *self.debtor_types, *self.objections]
        return [h for h in holders if tactic_id in getattr(h, "tactics", [])]


# Page addresses, relative to the docs root; the site uses directory URLs.
SECTION = {
    "stage": "stages",
    "debtor_type": "types",
    "objection": "objections",
    "tactic": "tactics",
    "guide": "guides",
    "card": "cards",
    "quiz": "quiz",
    "channel": "channels",
}


def page_path(kind: str, item_id: str) -> str:
    """Markdown file for an item, e.g. ``cards/m2-passive.md``."""
    return f"{SECTION[kind]}/{item_id.lower()}.md"


def page_url(kind: str, item_id: str) -> str:
    """Site-root-relative URL of an item's page, e.g. ``cards/m2-passive/``."""
    return f"{SECTION[kind]}/{item_id.lower()}/"
