"""End to end: the bundled course built with the real engine, and the data contract it exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, handbook

from generator.lint import CJK
from generator.validate import read_course

HB, _ = read_course(ROOT)
assert HB is not None


@pytest.fixture(scope="module")
def api(built_site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((built_site / "api/handbook.json").read_text(encoding="utf-8"))


def test_api_contract(api: dict, built_site: Path) -> None:  # type: ignore[type-arg]
    for key in ("stages", "debtor_types", "objections", "tactics"):
        assert api[key], key
        for item in api[key]:
            assert {"id", "name", "url"} <= set(item), (key, item)
    for card in api["cards"]:
        assert {"id", "stage", "debtor_type", "channels", "url", "source"} <= set(card)
        assert isinstance(card["channels"], list) and "phone" in card["channels"]
        assert (ROOT / card["source"]).is_file()
    for quiz in api["quizzes"]:
        assert {"id", "url", "questions"} <= set(quiz) and quiz["questions"] > 0


def test_every_api_url_resolves_to_a_built_page(api: dict, built_site: Path) -> None:  # type: ignore[type-arg]
    urls = [item["url"] for key in ("stages", "debtor_types", "objections", "tactics", "cards", "quizzes") for item in api[key]]
    assert len(urls) == len(set(urls))
    for url in urls:
        assert not url.startswith("/") and url.endswith("/")
        assert (built_site / url / "index.html").is_file(), url


def test_course_counts_hold_in_the_export(api: dict) -> None:  # type: ignore[type-arg]
    assert len(api["stages"]) == 5
    assert len(api["debtor_types"]) == 4
    assert len(api["cards"]) == 20
    assert len(api["objections"]) >= 15
    assert len(api["tactics"]) >= 15
    assert sum(q["questions"] for q in api["quizzes"]) >= 100
    assert all(len(card["channels"]) >= 3 for card in api["cards"])


def test_every_card_page_carries_enough_substance(built_site: Path) -> None:
    for card in HB.cards:
        html = (built_site / "cards" / card.id / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        text = re.sub(r"<[^>]+>", "", article)
        assert len(CJK.findall(text)) >= 700, card.id


def test_every_page_names_its_source(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("index.html") if p.parent != built_site / "search"]
    assert len(pages) > 60
    for page in pages:
        assert "source-note" in page.read_text(encoding="utf-8"), page


def test_nothing_points_to_another_host(built_site: Path) -> None:
    pattern = re.compile(r"""(?:src|href)=["']?(?:https?:)?//""")
    for page in built_site.rglob("*.html"):
        assert not pattern.search(page.read_text(encoding="utf-8")), page
    for css in built_site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


def test_navigation_stays_small(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert nav.count('class="md-nav__link') < 30
    assert "cards/m2-passive/" not in nav


def test_content_is_escaped_not_rendered(built_site: Path) -> None:
    """No content string produced markup: all HTML tags in articles come from templates."""
    allowed = {"a", "p", "div", "span", "h1", "h2", "h3", "ul", "ol", "li", "strong", "em", "table", "thead", "tbody", "tr", "th", "td",
               "dl", "dt", "dd", "blockquote", "details", "summary", "input", "label", "code", "br", "hr", "svg", "path", "button", "mark", "del", "sup", "nav",
               "noscript", "select", "option", "form", "fieldset", "legend", "output", "section", "small", "time", "img", "kbd"}
    for page in built_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if "<article" not in html:
            continue
        article = html[html.index("<article") : html.index("</article>")]
        tags = set(re.findall(r"<([a-z][a-z0-9]*)", article)) - {"article"}
        assert tags <= allowed, (page, tags - allowed)


def test_markdown_typed_into_yaml_reaches_the_page_as_text(mini: Path) -> None:
    """Markdown, admonitions and links typed into content are warnings, and render as literal text."""
    card = mini / "scripts_library/m0/m0-passive.yml"
    planted = "situation: '**加粗** [点我](http://evil.example) !!! note 标题 | a | b |'"
    card.write_text(card.read_text(encoding="utf-8").replace("situation: 客户回复慢。", planted), encoding="utf-8")
    result = handbook("build", root=mini)
    assert result.returncode == 0, result.stderr
    assert "scripts_library/m0/m0-passive.yml:5: 警告：`situation` 里有 Markdown 排版符号 `**`：会按原样显示成文字" in result.stderr
    html = (mini / "site/cards/m0-passive/index.html").read_text(encoding="utf-8")
    assert "**加粗** [点我](http://evil.example) !!! note 标题 | a | b |" in html
    assert "evil.example\"" not in html and "<strong>加粗" not in html
