"""Script cards on a phone: copy buttons with filled-in values, channel and objection anchors,
the tone ladder, cross links and the review badge."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium_path
from conftest import ROOT, handbook
from phone import Phone, phone
from playwright.sync_api import Browser, Page

from generator.validate import read_course

pytestmark = pytest.mark.browser
if chromium_path() is None:
    pytest.skip("chromium is not installed: apt-get install -y chromium", allow_module_level=True)

HB, _ = read_course(ROOT)
assert HB is not None
CARD = "cards/m2-passive/"


@pytest.fixture
def device(browser: Browser, site: str) -> Iterator[Phone]:
    with phone(browser, site, permissions=["clipboard-read", "clipboard-write"]) as d:
        yield d
    assert d.errors == []
    assert d.foreign() == []


def fill(page: Page, values: dict[str, str]) -> None:
    page.locator("details.fill > summary").click()
    for name, value in values.items():
        page.locator(f"details.fill input[name='{name}']").fill(value)


def clipboard(page: Page) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


def test_copy_fills_every_placeholder_and_leaves_out_the_stage_direction(device: Phone) -> None:
    page = device.open(CARD)
    fill(page, {"客户": "华盛成套", "联系人": "王经理", "金额": "128000", "到期日": "2025-03-15", "我": "小陈", "公司": "恒通电气"})
    line = page.locator("#channel-phone .part[data-part=confirm] .line").first
    spoken = line.get_attribute("data-line") or ""
    assert "{客户}" in spoken and "{金额}" in spoken and "{逾期天数}" in spoken
    line.locator(".copy").click()
    page.wait_for_function("() => document.querySelector('.hb-status--on')")
    copied = clipboard(page)
    year = page.evaluate("new Date().getFullYear()")
    due = "3月15日" if year == 2025 else "2025年3月15日"
    overdue = page.locator("details.fill input[name='逾期天数']").input_value()
    assert overdue.isdigit() and int(overdue) > 0, "the due date filled in the days overdue"
    expected = spoken.replace("{客户}", "华盛成套").replace("{金额}", "128,000元").replace("{到期日}", due).replace("{逾期天数}", overdue)
    assert copied == expected
    assert "{" not in copied

    cue_line = page.locator("#channel-phone .line:has(.cue)").first
    cue = cue_line.locator(".cue").inner_text()
    cue_line.locator(".copy").click()
    page.wait_for_timeout(100)
    copied = clipboard(page)
    assert cue not in copied and copied == (cue_line.get_attribute("data-line") or "").replace("{联系人}", "王经理").replace("{我}", "小陈")


def test_filled_values_show_in_the_text_and_survive_a_reload_and_other_pages(device: Phone) -> None:
    page = device.open(CARD)
    fill(page, {"客户": "华盛成套", "金额": "86,500"})
    shown = page.locator(".md-content .ph[data-ph='客户']")
    assert shown.count() > 3 and set(shown.all_inner_texts()) == {"华盛成套"}
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("details.fill input[name='客户']").input_value() == "华盛成套"
    assert set(page.locator(".md-content .ph[data-ph='金额']").all_inner_texts()) == {"86,500元"}
    page = device.open("stages/m2/")
    amounts = page.locator(".md-content .ph[data-ph='金额']")
    assert amounts.count() > 0 and set(amounts.all_inner_texts()) == {"86,500元"}, "other pages fill in too"
    page = device.open(CARD)
    page.locator("details.fill > summary").click()
    page.locator("details.fill .fill__clear").click()
    assert set(page.locator(".md-content .ph[data-ph='客户']").all_inner_texts()) == {"{客户}"}
    page.reload()
    assert page.locator("details.fill input[name='客户']").input_value() == ""


def test_values_older_than_a_working_session_are_dropped(device: Phone) -> None:
    page = device.open(CARD)
    page.evaluate("""localStorage.setItem('handbook.fill', JSON.stringify({at: Date.now() - 13 * 3600e3, values: {'客户': '旧客户'}}))""")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("details.fill input[name='客户']").input_value() == ""
    assert page.evaluate("localStorage.getItem('handbook.fill')") is None


@pytest.mark.parametrize("how", ["?channel={}", "#channel-{}"])
def test_channel_anchors_select_the_tab(device: Phone, how: str) -> None:
    card = HB.card("m2-passive")
    for channel in card.scripts:
        page = device.open(CARD + how.format(channel))
        assert page.locator(f"#channel-{channel}").is_visible(), channel
        others = [c for c in card.scripts if c != channel]
        assert not any(page.locator(f"#channel-{c}").is_visible() for c in others)


def test_objection_hash_puts_the_reply_on_top(device: Phone) -> None:
    page = device.open(CARD + "#objection-pay-next-month")
    top = page.locator(".reply-top .line")
    assert top.get_attribute("data-line") == page.locator("#objection-pay-next-month .line").get_attribute("data-line")
    assert page.locator(".reply-top .copy").count() == 1


def test_tone_ladder_goes_up_the_stages_and_every_rung_copies(device: Phone) -> None:
    objection = HB.objection("no-money-this-month")
    page = device.open(f"objections/{objection.id}/#stage-m2")
    rungs = page.locator(".ladder .rung")
    order = [s.id for s in HB.stages if s.id in objection.replies]
    assert [rungs.nth(i).get_attribute("data-stage") for i in range(rungs.count())] == order
    assert [rungs.nth(i).get_attribute("id") for i in range(rungs.count())] == [f"stage-{s.lower()}" for s in order]
    assert rungs.locator(".copy").count() == len(order)
    target = page.locator("#stage-m2")
    assert target.evaluate("e => e.matches(':target')")
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 844, "the linked rung is on screen"
    target.locator(".copy").click()
    page.wait_for_timeout(100)
    assert clipboard(page) == target.locator(".line").get_attribute("data-line")


def test_review_badge_follows_the_phones_date(browser: Browser, site: str) -> None:
    card = HB.card("m2-passive")
    late = card.last_reviewed + dt.timedelta(days=HB.course.review_interval_days + 30)
    with phone(browser, site) as device:
        device.page.clock.set_fixed_time(dt.datetime.combine(late, dt.time(10)))
        page = device.open(CARD)
        assert page.locator(".card-tags .badge-stale").is_visible()
        assert f"已超过 {HB.course.review_interval_days} 天，需要复核" in page.locator(".review").inner_text()
        assert device.errors == []
    with phone(browser, site) as device:
        device.page.clock.set_fixed_time(dt.datetime.combine(card.last_reviewed + dt.timedelta(days=1), dt.time(10)))
        page = device.open(CARD)
        assert page.locator(".badge-stale").count() == 0
        assert "需要复核" not in page.locator(".review").inner_text()


def test_review_interval_is_set_in_one_place(course: Path) -> None:
    """content/course.yml review_interval_days decides which cards carry the badge at build time."""
    reviewed = min(c.last_reviewed for c in HB.cards)
    age = (dt.date.today() - reviewed).days
    for interval, stale in [(age + 400, False), (max(age - 1, 1), True)]:
        text = (course / "content/course.yml").read_text(encoding="utf-8")
        (course / "content/course.yml").write_text(re.sub(r"review_interval_days: \d+", f"review_interval_days: {interval}", text), encoding="utf-8")
        result = handbook("build", "--no-engine", root=course)
        assert result.returncode == 0, result.stderr
        oldest = next(c for c in HB.cards if c.last_reviewed == reviewed)
        page = (course / "build/docs" / f"cards/{oldest.id}.md").read_text(encoding="utf-8")
        assert ("badge-stale" in page) is stale, interval
        assert (f"已超过 {interval} 天，需要复核" in page) is stale
        assert f'data-interval="{interval}"' in page


def links(site: Path, page: str) -> set[str]:
    """Where the article of ``page`` (a site path such as ``cards/m2-passive/``) links to, as site paths."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    return {posixpath.normpath(posixpath.join(page, href)) + ("/" if "#" not in href else "")
            for href in re.findall(r'href="([^"]+)"', article) if not href.startswith(("#", "http"))}


def test_cards_link_to_stage_type_objections_tactics_and_the_next_step(built_site: Path) -> None:
    for card in HB.cards:
        html = (built_site / "cards" / card.id / "index.html").read_text(encoding="utf-8")
        found = links(built_site, f"cards/{card.id}/")
        stage = card.stage.lower()
        assert f"stages/{stage}/" in found, card.id
        assert f"types/{card.debtor_type}/" in found, card.id
        for answered in card.objections:
            assert f"objections/{answered.id}/#stage-{stage}" in found, (card.id, answered.id)
            assert f'id="objection-{answered.id}"' in html
        for tactic in card.tactics:
            assert f"tactics/{tactic}/" in found, (card.id, tactic)
        for channel in card.scripts:
            assert f'id="channel-{channel}"' in html
        nxt = HB.next_stage(card.stage)
        follow = HB.cell(nxt.id, card.debtor_type) if nxt else None
        if follow:
            assert f"cards/{follow.id}/" in found, card.id
        assert "负责人：" in html and f'data-reviewed="{card.last_reviewed.isoformat()}"' in html


def test_stage_and_type_pages_link_back(built_site: Path) -> None:
    for stage in HB.stages:
        found = links(built_site, f"stages/{stage.id.lower()}/")
        for o in HB.objections:
            if stage.id in o.replies:
                assert f"objections/{o.id}/#stage-{stage.id.lower()}" in found, (stage.id, o.id)
        for card in HB.cards:
            if card.stage == stage.id:
                assert f"cards/{card.id}/" in found
    for dtype in HB.debtor_types:
        found = links(built_site, f"types/{dtype.id}/")
        said = {o.id for c in HB.cards if c.debtor_type == dtype.id for o in c.objections}
        assert said and all(f"objections/{o}/" in found for o in said), dtype.id
    api = json.loads((built_site / "api/handbook.json").read_text(encoding="utf-8"))
    assert {g["id"] for g in api["guides"]} == {g.id for g in HB.guides}


def test_objection_and_tactic_pages_link_to_cards_and_stages(built_site: Path) -> None:
    for objection in HB.objections:
        found = links(built_site, f"objections/{objection.id}/")
        for card in HB.cards_using_objection(objection.id):
            assert f"cards/{card.id}/" in found, (objection.id, card.id)
        for stage in objection.replies:
            assert f"stages/{stage.lower()}/" in found, (objection.id, stage)
    for tactic in HB.tactics:
        found = links(built_site, f"tactics/{tactic.id}/")
        assert any(link.startswith("cards/") for link in found) or not HB.cards_using_tactic(tactic.id), tactic.id


def test_card_pages_stay_under_30_kb_gzipped(built_site: Path) -> None:
    sizes = {card.id: len(gzip.compress((built_site / "cards" / card.id / "index.html").read_bytes(), 9)) for card in HB.cards}
    assert max(sizes.values()) < 30_000, sizes
