"""The call-prep finder (finder/ and the home page) in headless Chromium at phone size."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import chromium_path
from phone import Phone, phone
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser
if chromium_path() is None:
    pytest.skip("chromium is not installed: apt-get install -y chromium", allow_module_level=True)


@pytest.fixture
def device(browser: Browser, site: str) -> Iterator[Phone]:
    with phone(browser, site) as d:
        yield d
    assert d.errors == []
    assert d.foreign() == []


@pytest.fixture(scope="module")
def api(built_site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((built_site / "api/handbook.json").read_text(encoding="utf-8"))


def type_days(page: Page, days: int) -> None:
    page.locator(".finder input[name=days]").fill(str(days))


def pick(page: Page, name: str, value: str) -> None:
    page.locator(f".finder label.chip:has(input[name={name}][value='{value}'])").click()


def opened(page: Page) -> tuple[str, dict[str, list[str]]]:
    href = page.locator(".finder__open").get_attribute("href") or ""
    parts = urlsplit(href)
    return parts.path, parse_qs(parts.query)


def test_days_type_and_objection_open_the_card_at_the_channel_with_the_reply_on_top(device: Phone, api: dict) -> None:  # type: ignore[type-arg]
    page = device.open("finder/")
    type_days(page, 45)
    assert page.locator(".finder input[name=stage][value=M2]").is_checked()
    assert "逾期 45 天 → M2" in page.locator(".finder__note").inner_text()
    pick(page, "type", "passive")
    page.locator(".finder select[name=objection]").select_option("no-money-this-month")
    pick(page, "channel", "wechat")
    path, query = opened(page)
    card = next(c for c in api["cards"] if c["stage"] == "M2" and c["debtor_type"] == "passive")
    assert path.endswith("/" + card["url"])
    assert query == {"channel": ["wechat"], "objection": ["no-money-this-month"]}

    page.locator(".finder__open").click()
    page.wait_for_selector(".reply-top")
    assert urlsplit(page.url).path.endswith("/" + card["url"])
    checked = page.locator(".tabbed-set > input:checked").get_attribute("id")
    label = page.locator(f".tabbed-labels > label[for='{checked}']").inner_text()
    assert label.strip() == next(c["name"] for c in api["channels"] if c["id"] == "wechat")
    assert page.locator("#channel-wechat").is_visible() and not page.locator("#channel-phone").is_visible()
    top = page.locator(".reply-top .line")
    reply = page.locator("#objection-no-money-this-month .line")
    assert top.get_attribute("data-line") == reply.get_attribute("data-line")
    box = page.locator(".reply-top").bounding_box()
    read = page.locator(".admonition.abstract").bounding_box()
    assert box and read and box["y"] < read["y"], "the reply is above the 30-second read"


def test_due_date_uses_the_phones_today(device: Phone, api: dict) -> None:  # type: ignore[type-arg]
    page = device.open("finder/")
    for offset, stage in [(75, "M3"), (10, "M1"), (-5, "M0"), (200, "legal")]:
        due = page.evaluate(
            "n => { const d = new Date(); d.setDate(d.getDate() - n);"
            " return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); }",
            offset,
        )
        page.locator(".finder input[name=due]").fill(due)
        assert page.locator(f".finder input[name=stage][value='{stage}']").is_checked(), (offset, stage)
        days = page.locator(".finder input[name=days]").input_value()
        assert days == str(max(offset, 0))
        note = page.locator(".finder__note").inner_text()
        assert (f"还有 {-offset} 天到期" if offset < 0 else f"逾期 {offset} 天") in note


def test_every_stage_boundary_follows_the_data(device: Phone, api: dict) -> None:  # type: ignore[type-arg]
    page = device.open("finder/")
    for stage in api["stages"]:
        for days in (stage["days_min"], stage["days_max"]):
            if days is None:
                continue
            type_days(page, days)
            assert page.locator(f".finder input[name=stage][value='{stage['id']}']").is_checked(), (days, stage["id"])


def test_every_cell_leads_to_its_card(device: Phone, api: dict) -> None:  # type: ignore[type-arg]
    page = device.open("finder/")
    for card in api["cards"]:
        pick(page, "stage", card["stage"])
        pick(page, "type", card["debtor_type"])
        path, query = opened(page)
        assert path.endswith("/" + card["url"]), card["id"]
        assert query["channel"] == ["phone"]


def test_an_objection_the_card_does_not_answer_points_to_the_objection_page(device: Phone, api: dict) -> None:  # type: ignore[type-arg]
    card = api["cards"][0]
    other = next(o for o in api["objections"] if o["id"] not in card["objections"])
    page = device.open("finder/")
    pick(page, "stage", card["stage"])
    pick(page, "type", card["debtor_type"])
    page.locator(".finder select[name=objection]").select_option(other["id"])
    link = page.locator(".finder__extra a")
    assert link.get_attribute("href", timeout=2000).endswith(f"{other['url']}#stage-{card['stage'].lower()}")  # type: ignore[union-attr]
    page.locator(".finder__open").click()
    page.wait_for_selector(".reply-top a")
    page.locator(".reply-top a").click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path.endswith("/" + other["url"])
    rung = page.locator(f"#stage-{card['stage'].lower()}")
    assert rung.is_visible() and rung.locator(".line").count() == 1


def test_answers_well_under_100_ms(device: Phone) -> None:
    page = device.open("finder/")
    slowest = page.evaluate(
        """() => {
            const days = document.querySelector('.finder input[name=days]');
            const type = document.querySelectorAll('.finder input[name=type]');
            let slowest = 0;
            for (let i = 0; i < 40; i++) {
                const t = performance.now();
                days.value = String((i * 17) % 150);
                days.dispatchEvent(new Event('input', {bubbles: true}));
                type[i % type.length].click();
                if (!document.querySelector('[data-finder-result] .finder__open')) throw new Error('no answer');
                slowest = Math.max(slowest, performance.now() - t);
            }
            return slowest;
        }"""
    )
    print(f"finder: slowest answer {slowest:.1f} ms")
    assert slowest < 50


def test_days_entered_in_the_finder_fill_the_card(device: Phone) -> None:
    page = device.open("")
    assert page.locator(".finder-home .finder__form").is_visible(), "the finder is on the home page"
    type_days(page, 52)
    pick(page, "type", "strategic")
    page.locator(".finder__open").click()
    page.wait_for_selector("[data-card-tools] details.fill")
    days = page.locator(".md-content .ph[data-ph='逾期天数']")
    assert days.count() > 0
    assert set(days.all_inner_texts()) == {"52"}
