"""The built handbook in headless Chromium at a phone viewport (390 × 844): Lighthouse-style checks
we can measure ourselves — nothing loaded from another host, no console errors, no sideways
scrolling, text at least 16 px, tap targets at least 44 px, colour contrast WCAG AA."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import chromium_path
from phone import PHONE, Phone, phone
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser
if chromium_path() is None:  # .ci/run installs it; a developer machine may not have it yet
    pytest.skip("chromium is not installed: apt-get install -y chromium", allow_module_level=True)

# One page of each kind, with the card tools opened the way the finder opens them.
PAGES = [
    "",
    "finder/",
    "cards/m2-passive/?channel=wechat&objection=no-money-this-month",
    "objections/no-money-this-month/",
    "stages/m2/",
    "types/passive/",
    "tactics/6w3h/",
    "cards/",
]


@pytest.fixture
def device(browser: Browser, site: str) -> Iterator[Phone]:
    with phone(browser, site) as d:
        yield d


def prepare(page: Page) -> None:
    """Open what a reader opens: the fill-in fields on cards, a chosen cell in the finder."""
    page.evaluate(
        """() => {
            document.querySelectorAll('details.fill').forEach(d => d.open = true);
            const chip = document.querySelector('.finder label.chip:has(input[name=type])');
            if (chip) chip.click();
        }"""
    )


def test_card_page_on_a_phone(device: Phone) -> None:
    page = device.open("cards/m2-passive/")
    assert page.locator("h1").inner_text()
    assert page.locator(".admonition.abstract").is_visible()
    labels = page.locator(".tabbed-labels > label")
    assert labels.count() >= 3
    labels.nth(1).click()
    visible = page.locator(".tabbed-block .script").nth(1)
    assert visible.is_visible()
    assert visible.locator(".part").count() == 5
    assert visible.locator(".line .copy").count() == visible.locator(".line").count() > 0
    assert device.errors == []
    assert device.foreign() == []


def test_no_request_leaves_the_site(device: Phone, site: str) -> None:
    """Every request of a reading session, search and instant navigation included, goes to the site itself."""
    for path in PAGES:
        device.open(path)
    page = device.page
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.fill("资金紧张")
    box.press("End")
    page.wait_for_selector(".md-search-result__item")
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_load_state("networkidle")
    page.locator(".md-typeset a[href*='cards/']").first.click()  # instant navigation
    page.wait_for_load_state("networkidle")
    assert len(device.requests) > 30
    assert device.foreign() == []
    assert device.errors == []


SMALL_TEXT = """() => [...document.querySelectorAll('article *')]
              .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
              .map(e => [parseFloat(getComputedStyle(e).fontSize), e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 20)])
              .filter(([size]) => size < 16)"""

# Controls, tabs, chips and stand-alone links; links inside a sentence are exempt (WCAG 2.5.8).
SMALL_TARGETS = """() => [...document.querySelectorAll(
                'article button, article input:not([type=radio]):not([type=checkbox]), article select, article summary,'
                + ' .tabbed-labels > label, label.chip, .finder__open, .md-typeset .tag, .md-header__button:not(.md-logo)')]
              .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}) && getComputedStyle(e).pointerEvents !== 'none')
              .map(e => [e.getBoundingClientRect(), e])
              .filter(([r]) => r.width > 0 && (r.height < 44 || r.width < 44))
              .map(([r, e]) => `${e.tagName}.${e.className} ${Math.round(r.width)}×${Math.round(r.height)} ${e.textContent.trim().slice(0, 12)}`)"""

CONTRAST = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = e => {
    for (let n = e; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  for (const e of document.querySelectorAll('article *, .finder *')) {
    if (e.offsetParent === null || ![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(e);
    if (parseFloat(style.opacity) < 1) continue;
    const fg = rgb(style.color).slice(0, 3), bg = background(e);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) bad.push(`${e.tagName}.${e.className} ${ratio.toFixed(2)} < ${need}: ${e.textContent.trim().slice(0, 16)}`);
  }
  return bad;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_page_passes_the_phone_checks(device: Phone, path: str) -> None:
    """No sideways scrolling, text at least 16 px, tap targets at least 44 px, contrast AA, no console errors."""
    page = device.open(path)
    prepare(page)
    problems = {
        "scrolls sideways (px)": max(page.evaluate("document.documentElement.scrollWidth") - PHONE["width"], 0),
        "text under 16px": page.evaluate(SMALL_TEXT),
        "tap targets under 44px": page.evaluate(SMALL_TARGETS),
        "contrast under AA": page.evaluate(CONTRAST),
        "console errors": device.errors,
    }
    assert not any(problems.values()), {k: v[:8] if isinstance(v, list) else v for k, v in problems.items() if v}
