"""The built handbook in headless Chromium at a phone viewport (390 × 844)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium_path, launch, serve
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser
if chromium_path() is None:  # .ci/run installs it; a developer machine may not have it yet
    pytest.skip("chromium is not installed: apt-get install -y chromium", allow_module_level=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(built_site: Path) -> Iterator[str]:
    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch() as b:
        yield b


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.foreign = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    pg.on("request", lambda r: r.url.startswith(site) or r.url.startswith("data:") or pg.foreign.append(r.url))  # type: ignore[attr-defined]
    yield pg
    context.close()


def test_card_page_on_a_phone(page: Page, site: str) -> None:
    page.goto(site + "cards/m2-passive/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text()
    assert page.locator(".admonition.abstract").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page scrolls sideways: {width}px"
    labels = page.locator(".tabbed-labels > label")
    assert labels.count() >= 3
    labels.nth(1).click()
    visible = page.locator(".tabbed-block .script").nth(1)
    assert visible.is_visible()
    assert visible.locator(".part").count() == 5
    assert page.errors == []  # type: ignore[attr-defined]
    assert page.foreign == []  # type: ignore[attr-defined]


def test_body_text_is_at_least_16px(page: Page, site: str) -> None:
    page.goto(site + "cards/m2-passive/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('article p, article li, article td, article dd')]
              .filter(e => e.offsetParent !== null && e.innerText.trim())
              .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes and min(sizes) >= 16, min(sizes)


def search(page: Page, site: str, query: str) -> list[str]:
    page.goto(site)
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").fill(query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("资金紧张", "objections/no-money-this-month/"), ("老板不在", "objections/approval-pending/"), ("6W3H", "tactics/6w3h/")],
)
def test_chinese_search_finds_the_page(page: Page, site: str, query: str, expected: str) -> None:
    hits = search(page, site, query)
    assert any(expected in h for h in hits[:3]), hits[:5]
    assert page.errors == []  # type: ignore[attr-defined]
    assert page.foreign == []  # type: ignore[attr-defined]
