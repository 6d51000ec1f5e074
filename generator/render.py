"""Step 4, render: the model becomes Markdown pages through jinja2 templates.

Content is data: every string from YAML passes through an escaping filter
(``md`` in Markdown, ``e``/``line`` in HTML blocks). Markup comes only from the
templates in ``generator/templates``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.model import SECTION, Handbook, page_path
from generator.quizdata import quiz_pages, quiz_script
from generator.schema import CHANNEL_PARTS, PART_NAMES, PLACEHOLDERS, Card

TEMPLATES = Path(__file__).parent / "templates"
ASCII_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:\"'$%&,/;?@])")
PLACEHOLDER = re.compile(r"\{(" + "|".join(map(re.escape, PLACEHOLDERS)) + r")\}")
ESCAPED_PLACEHOLDER = re.compile(r"\\\{(" + "|".join(map(re.escape, PLACEHOLDERS)) + r")\\\}")


def md(text: object) -> str:
    """Escape content text for Markdown: punctuation is literal, HTML is shown as text."""
    flat = re.sub(r"\s*\n\s*", " ", str(text)).strip()
    escaped = ASCII_PUNCT.sub(r"\\\1", flat).replace("<", "&lt;").replace(">", "&gt;")
    return ESCAPED_PLACEHOLDER.sub(r'<span class="ph" data-ph="\1">{\1}</span>', escaped)


CUE = re.compile(r"^(（[^（）]*(?:“[^”]*”[^（）]*)*）|(?:如果|若)?对方[^。！？：:]{0,40}[：:])\s*")


def split_cue(text: object) -> tuple[str, str]:
    """A leading stage direction such as “（对方说还在审批）” and the words to say."""
    flat = re.sub(r"\s+", " ", str(text)).strip()
    match = CUE.match(flat)
    if match and match.end() < len(flat):
        return match.group(1), flat[match.end():]
    return "", flat


def spoken(text: object) -> str:
    """The words of a script line without its stage direction: what the copy button copies."""
    return split_cue(text)[1]


# Characters Markdown still acts on inside inline HTML (tab labels, script lines): written as entities.
MD_ACTIVE = re.compile(r"[\\`*_\[\]!]")


def plain(text: object) -> Markup:
    """Content text for inline HTML or a tab label: shown exactly as typed, never as HTML or Markdown."""
    return Markup(MD_ACTIVE.sub(lambda m: f"&#{ord(m.group(0))};", html.escape(str(text), quote=True)))


def line_html(text: object) -> Markup:
    """A script line for an HTML block: escaped, placeholders marked for filling in."""
    cue, words = split_cue(text)
    body = PLACEHOLDER.sub(r'<span class="ph" data-ph="\1">{\1}</span>', str(plain(words)))
    if cue:
        body = f'<span class="cue">{plain(cue)}</span>' + body
    return Markup(body)


def attr(text: object) -> Markup:
    """Content text for an HTML attribute inside Markdown: Markdown would otherwise rewrite `code` or [links] in it."""
    return plain(text)


def relative(target: str, page: str) -> str:
    """Link from the page ``page`` to ``target`` (both docs paths)."""
    return _relative(target, posixpath.dirname(page) or ".")


@functools.lru_cache(maxsize=65536)
def _relative(target: str, folder: str) -> str:
    # Pages live in a handful of folders and link the same targets, so this is computed once per pair.
    return posixpath.relpath(target, folder)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no usable temporary folder: compile every time
        return None


@functools.cache
def make_env() -> Environment:
    """The one jinja environment: strict, and with explicit escaping filters.

    One per process, so a template is compiled once (and again only when its file
    changes); compiled templates are also kept in jinja's per-user cache folder,
    keyed by each template's text, so a build does not recompile unchanged ones.
    """
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md, line=line_html, attr=attr, spoken=spoken, plain=plain)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return env


# One index page and one page per item: (kind, index template, index source, item template, item variable).
SECTIONS = (
    ("card", "matrix.md.j2", "scripts_library/", "card.md.j2", "card"),
    ("stage", "stages.md.j2", "content/stages.yml", "stage.md.j2", "stage"),
    ("debtor_type", "types.md.j2", "content/debtor_types.yml", "type.md.j2", "dtype"),
    ("objection", "objections.md.j2", "content/objections/", "objection.md.j2", "objection"),
    ("tactic", "tactics.md.j2", "content/tactics/", "tactic.md.j2", "tactic"),
    ("guide", "guides.md.j2", "content/guides/", "guide.md.j2", "guide"),
)


class CardPages:
    """Card pages from the previous render, for a preview that renders the course after every save.

    A card page shows its card, and of everything else only items that are not cards
    (stage, type, channels, objections, tactics, course) plus the ids, stages and types
    of the other cards. So while those stay the same objects (files not saved since, see
    ``CourseCache``) and the templates and the date stay the same, the page of a card
    object rendered last time is still right; every other page is always rendered.
    """

    def __init__(self) -> None:
        self._frame: tuple[Any, ...] | None = None
        self._pages: dict[int, tuple[Card, str]] = {}

    def use(self, hb: Handbook, today: dt.date) -> None:
        """Start a render: forget every page if anything a card page shows, other than its card, changed."""
        others = tuple(item for kind, items in hb.collections().items() if kind != "card" for item in items)
        frame = (today, _templates_stamp(), (hb.course, hb.trainer, *others), tuple((c.id, c.stage, c.debtor_type) for c in hb.cards))
        if self._frame is None or not _same(frame, self._frame):
            self._pages = {}
        self._frame = frame
        alive = {id(card) for card in hb.cards}
        self._pages = {key: hit for key, hit in self._pages.items() if key in alive}

    def get(self, card: Card) -> str | None:
        hit = self._pages.get(id(card))
        return hit[1] if hit is not None and hit[0] is card else None

    def put(self, card: Card, text: str) -> None:
        self._pages[id(card)] = (card, text)


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    today, stamp, objects, cells = a
    return today == b[0] and stamp == b[1] and len(objects) == len(b[2]) and all(x is y for x, y in zip(objects, b[2], strict=True)) and cells == b[3]


def _templates_stamp() -> tuple[tuple[str, int], ...]:
    return tuple((p.as_posix(), p.stat().st_mtime_ns) for p in sorted(TEMPLATES.rglob("*")) if p.is_file())


class Renderer:
    """Renders every page of the handbook into ``{docs path: Markdown}``."""

    def __init__(self, hb: Handbook, today: dt.date | None = None, cards: CardPages | None = None) -> None:
        self.hb = hb
        self.env = make_env()
        self.today = today or dt.date.today()
        self.cards = cards
        if cards is not None:
            cards.use(hb, self.today)

    def render(self, template: str, path: str, source: str | list[str], **context: Any) -> str:
        def link(kind: str, item_id: str, anchor: str = "") -> str:
            target = page_path(kind, item_id)
            rel = relative(target, path)
            return rel + (f"#{anchor}" if anchor else "")

        def to(target: str) -> str:
            return relative(target, path)

        sources = [source] if isinstance(source, str) else source
        return self.env.get_template(f"pages/{template}").render(
            hb=self.hb,
            course=self.hb.course,
            link=link,
            to=to,
            sources=sources,
            edit_url=self.hb.course.edit_url,
            page_path=path,
            parts=[(p, PART_NAMES[p]) for p in CHANNEL_PARTS],
            stale=self.stale,
            today=self.today,
            **context,
        )

    def stale(self, card: Card) -> bool:
        return (self.today - card.last_reviewed).days > self.hb.course.review_interval_days

    def pages(self) -> dict[str, str]:
        hb = self.hb
        out: dict[str, str] = {}
        every = ["content/course.yml"]
        out["index.md"] = self.render("home.md.j2", "index.md", every)
        for kind, index_template, index_source, item_template, name in SECTIONS:
            index = f"{SECTION[kind]}/index.md"
            out[index] = self.render(index_template, index, index_source)
            for item in hb.collections()[kind]:
                path = page_path(kind, item.key)
                if kind == "card" and self.cards is not None and isinstance(item, Card):
                    text = self.cards.get(item)
                    if text is None:
                        text = self.render(item_template, path, item.source, **{name: item})
                        self.cards.put(item, text)
                    out[path] = text
                else:
                    out[path] = self.render(item_template, path, item.source, **{name: item})
        out["channels/index.md"] = self.render("channels.md.j2", "channels/index.md", "content/channels.yml")
        quizzes = quiz_pages(hb)
        out["quiz/index.md"] = self.render("quizzes.md.j2", "quiz/index.md", "quizzes/", quizzes=quizzes)
        for quiz in quizzes:
            path = page_path("quiz", quiz.id)
            out[path] = self.render("quiz.md.j2", path, quiz.source, quiz=quiz)
        out["drill/index.md"] = self.render("drill.md.j2", "drill/index.md", "quizzes/")
        out["api/quiz.js"] = quiz_script(hb)
        out["finder/index.md"] = self.render("finder.md.j2", "finder/index.md", ["content/stages.yml", "content/debtor_types.yml", "content/objections/", "scripts_library/"])
        out["trainer/index.md"] = self.render("trainer.md.j2", "trainer/index.md", hb.trainer.source)
        return out


def render_pages(hb: Handbook, today: dt.date | None = None, cards: CardPages | None = None) -> dict[str, str]:
    return Renderer(hb, today, cards).pages()
