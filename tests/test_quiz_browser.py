"""Quizzes, the pre-call drill and the readiness view in headless Chromium at a phone viewport (390 × 844).

Answers come from the site's own api/quiz.json; every test also checks that the page logged no
console error and asked no other host for anything.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium_path
from conftest import MINI
from phone import recording_page
from playwright.sync_api import Browser, Locator, Page

from generator.quizdata import SCRIPT_GLOBAL, quiz_export, quiz_pages, quiz_script
from generator.validate import read_course

pytestmark = pytest.mark.browser
if chromium_path() is None:  # .ci/run installs it; a developer machine may not have it yet
    pytest.skip("chromium is not installed: apt-get install -y chromium", allow_module_level=True)

PHONE = {"width": 390, "height": 844}
KINDS = {"single", "multiple", "truefalse", "best_reply", "order"}


@pytest.fixture(scope="module")
def data(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / "api/quiz.json").read_text(encoding="utf-8"))


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    """A fresh phone (empty localStorage) that records console errors and requests to other hosts."""
    with recording_page(browser, site) as pg:
        yield pg
        assert pg.errors == []  # type: ignore[attr-defined]
        assert pg.foreign == []  # type: ignore[attr-defined]


def questions_of(data: dict[str, Any], quiz_id: str) -> list[dict[str, Any]]:
    by_id = {q["id"]: q for q in data["questions"]}
    page = next(p for p in data["quizzes"] if p["id"] == quiz_id)
    return [by_id[i] for i in page["questions"]]


def open_quiz(page: Page, site: str, quiz_id: str) -> Locator:
    page.goto(f"{site}quiz/{quiz_id}/")
    page.wait_for_selector(f"[data-quiz='{quiz_id}'] [data-qid]")
    return page.locator("[data-qid]")


def tap(target: Locator) -> None:
    """Scroll to the middle of the screen (clear of the sticky score bar), then tap."""
    target.evaluate("e => e.scrollIntoView({block: 'center'})")
    target.click()


def tap_in_place(page: Page, target: Locator) -> None:
    """Tap where the thing is on screen now, without scrolling first (a sticky bar would move)."""
    box = target.bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def order_items(node: Locator) -> list[str]:
    return node.locator(".quiz-order-item").evaluate_all("els => els.map(e => e.dataset.opt)")


def put_in_order(node: Locator, wanted: list[str]) -> None:
    """Use the up buttons, as a thumb would, until the list reads ``wanted``."""
    for position, option in enumerate(wanted):
        while order_items(node).index(option) > position:
            tap(node.locator(f".quiz-order-item[data-opt='{option}'] .quiz-up"))
    assert order_items(node) == wanted


def answer(node: Locator, q: dict[str, Any], right: bool) -> str | None:
    """Answer one question right or wrong; returns the wrong option picked (if any)."""
    if q["type"] == "order":
        if right:
            put_in_order(node, q["answer"])
        return None  # left untouched: counts as not answered
    if q["type"] == "truefalse":
        tap(node.locator(f"input[value='{str(q['answer'] == right).lower()}']"))
        return None
    correct = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
    if right:
        for option in correct:
            tap(node.locator(f"input[value='{option}']"))
        return None
    wrong = sorted((o for o in q["options"] if o["id"] not in correct), key=lambda o: o["feedback"] is None)[0]
    tap(node.locator(f"input[value='{wrong['id']}']"))
    return str(wrong["id"])


def middle_question_top(page: Page) -> tuple[str, float]:
    return page.evaluate(
        """() => { const mid = innerHeight / 2;
                   const n = [...document.querySelectorAll('[data-qid]')].find(n => n.getBoundingClientRect().bottom > mid);
                   return [n.dataset.qid, n.getBoundingClientRect().top]; }"""
    )


def quiz_with_every_kind(data: dict[str, Any]) -> str:
    for quiz in data["quizzes"]:
        if {q["type"] for q in questions_of(data, quiz["id"])} == KINDS:
            return str(quiz["id"])
    raise AssertionError("no quiz has all five question types")


def test_quiz_right_and_wrong_then_reload(page: Page, site: str, data: dict[str, Any]) -> None:
    quiz_id = quiz_with_every_kind(data)
    questions = questions_of(data, quiz_id)
    nodes = open_quiz(page, site, quiz_id)
    assert nodes.count() == len(questions)
    assert page.locator(".quiz-static").is_hidden(), "the static fallback list stays hidden once the quiz runs"
    plan = {q["id"]: i % 3 != 0 for i, q in enumerate(questions)}  # every third answered wrong
    picked: dict[str, str | None] = {}
    for i in range(nodes.count()):
        node = nodes.nth(i)
        q = next(q for q in questions if q["id"] == node.get_attribute("data-qid"))
        picked[q["id"]] = answer(node, q, plan[q["id"]])
    expected = sum(plan.values())
    assert page.locator("[data-quiz-progress]").inner_text() == f"已答 {nodes.count() - sum(1 for q in questions if q['type'] == 'order' and not plan[q['id']])} / {len(questions)} 题"

    nodes.nth(5).evaluate("e => e.scrollIntoView({block: 'center'})")
    anchor, top = middle_question_top(page)
    tap_in_place(page, page.locator(".quiz-submit"))
    assert page.locator("[data-quiz-score]").inner_text() == f"得分 {expected} / {len(questions)}"
    moved = page.locator(f"[data-qid='{anchor}']").evaluate("n => n.getBoundingClientRect().top") - top
    assert abs(moved) < 2, f"the question being read jumped {moved}px when the feedback appeared"

    for q in questions:
        node = page.locator(f"[data-qid='{q['id']}']")
        assert "is-right" in (node.get_attribute("class") or "") if plan[q["id"]] else "is-wrong" in (node.get_attribute("class") or "")
        assert node.locator("[data-explanation]").inner_text() == q["explanation"]
        verdict = node.locator(".quiz-verdict").inner_text()
        assert verdict == ("✓ 答对了" if plan[q["id"]] else "✗ 没有作答" if q["type"] == "order" else "✗ 答错了"), (q["id"], verdict)
        assert node.locator("input:enabled, button.quiz-move:enabled").count() == 0
        refs = node.locator(".quiz-refs a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        assert refs == [site + r["url"] for r in q["refs"]]
        wrong = picked[q["id"]]
        option = next((o for o in q["options"] if o["id"] == wrong), None)
        if option and option["feedback"]:
            assert node.locator(f"[data-opt='{wrong}'] .quiz-opt-note").inner_text() == option["feedback"]
        if not plan[q["id"]] and q["type"] in ("single", "best_reply"):
            assert "is-correct" in (node.locator(f"[data-opt='{q['answer']}']").get_attribute("class") or "")

    page.reload()
    page.wait_for_selector("[data-qid] [data-explanation]")
    assert re.fullmatch(rf"上次得分（\d+月\d+日）{expected} / {len(questions)}", page.locator("[data-quiz-score]").inner_text())
    assert page.locator("[data-explanation]").count() == len(questions)
    for q in questions:
        if q["type"] in ("single", "best_reply") and plan[q["id"]]:
            assert page.locator(f"[data-qid='{q['id']}'] input[value='{q['answer']}']").is_checked()

    tap(page.locator(".quiz-submit"))  # 再做一次
    assert page.locator("[data-explanation]").count() == 0
    assert page.locator("[data-quiz-progress]").inner_text() == f"已答 0 / {len(questions)} 题"


def test_options_are_real_inputs_shuffled_and_fit_a_phone(page: Page, site: str, data: dict[str, Any]) -> None:
    quiz_id = quiz_with_every_kind(data)
    questions = questions_of(data, quiz_id)
    orders = set()
    for _ in range(6):
        nodes = open_quiz(page, site, quiz_id)
        first_single = next(q for q in questions if q["type"] in ("single", "best_reply"))
        orders.add(tuple(page.locator(f"[data-qid='{first_single['id']}'] input").evaluate_all("els => els.map(e => e.value)")))
    assert len(orders) > 1, "options must be shuffled so the right one is not predictable"
    for q in questions:
        node = page.locator(f"[data-qid='{q['id']}']")
        kind = {"multiple": "checkbox", "order": None}.get(q["type"], "radio")
        if kind:
            expected = 2 if q["type"] == "truefalse" else len(q["options"])
            assert node.locator(f"label > .quiz-opt-side > input[type={kind}]").count() == expected, q["id"]
    assert nodes.count() == len(questions)
    too_wide = page.evaluate(
        "() => [...document.querySelectorAll('[data-quiz] *')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5).length"
    )
    assert too_wide == 0
    small = page.evaluate(
        """() => [...document.querySelectorAll('.quiz-opt, .quiz-move, .quiz-submit')]
              .map(e => e.getBoundingClientRect()).filter(r => r.height < 44 || r.width < 44).length"""
    )
    assert small == 0, "tap targets must be at least 44px"
    radio = page.locator("[data-qid] input[type=radio]").first  # operable from the keyboard
    radio.focus()
    page.keyboard.press("Space")
    assert radio.is_checked()


def test_order_question_moves_with_buttons(page: Page, site: str, data: dict[str, Any]) -> None:
    quiz_id = quiz_with_every_kind(data)
    q = next(q for q in questions_of(data, quiz_id) if q["type"] == "order")
    open_quiz(page, site, quiz_id)
    node = page.locator(f"[data-qid='{q['id']}']")
    start = order_items(node)
    assert start != q["answer"], "an ordering question never starts in the right order"
    assert node.locator(".quiz-order-item").first.locator(".quiz-up").is_disabled()
    tap(node.locator(".quiz-order-item").first.locator(".quiz-down"))
    assert order_items(node) == [start[1], start[0], *start[2:]]
    assert node.locator(".quiz-order-no").all_inner_texts() == [str(i + 1) for i in range(len(start))]
    put_in_order(node, q["answer"])
    tap(page.locator(".quiz-submit"))
    assert node.locator(".quiz-verdict").inner_text() == "✓ 答对了"


def stage_for(data: dict[str, Any], days: int) -> str:
    for s in data["stages"]:
        if (s["days_min"] is None or days >= s["days_min"]) and (s["days_max"] is None or days <= s["days_max"]):
            return str(s["id"])
    raise AssertionError(days)


def drawn(page: Page) -> list[tuple[str, str]]:
    return page.locator(".drill-run [data-qid]").evaluate_all("els => els.map(e => [e.dataset.qid, e.dataset.tier])")


def test_drill_for_one_cell_and_wrong_answers_come_back(page: Page, site: str, data: dict[str, Any]) -> None:
    page.goto(site + "drill/")
    page.wait_for_selector(".drill-choice")
    days = page.locator(".drill-days input[type=number]")
    for s in data["stages"]:  # the stage picked for a number of days comes from the data's bounds
        for value in (s["days_min"], s["days_max"]):
            if value is not None:
                days.fill(str(value))
                assert page.locator(".drill-group--stage input:checked").get_attribute("value") == s["id"], value
    due = (dt.date.today() - dt.timedelta(days=45)).isoformat()
    page.locator(".drill-days input[type=date]").fill(due)
    stage = stage_for(data, 45)
    assert page.locator(".drill-group--stage input:checked").get_attribute("value") == stage
    assert f"逾期 45 天 → {stage}" in page.locator(".drill-found").inner_text()
    dtype = data["debtor_types"][0]
    tap(page.locator(".drill-group--type .drill-choice", has_text=dtype["name"]))
    tap(page.locator(".drill-start"))
    page.wait_for_selector(".drill-run [data-qid]")

    by_id = {q["id"]: q for q in data["questions"]}
    cell = [q["id"] for q in data["questions"] if q["stage"] == stage and q["debtor_type"] == dtype["id"]]
    tiers = [
        lambda q: q["stage"] == stage and q["debtor_type"] == dtype["id"],
        lambda q: q["stage"] == stage and not q["debtor_type"],
        lambda q: not q["stage"] and q["debtor_type"] == dtype["id"],
        lambda q: not q["stage"] and not q["debtor_type"],
    ]
    first = drawn(page)
    assert len(first) == 5
    for qid, tier in first:
        assert tiers[int(tier)](by_id[qid]), f"{qid} does not belong to {stage} × {dtype['id']} (tier {tier})"
    from_cell = [qid for qid, tier in first if tier == "0"]
    assert len(from_cell) == min(len(cell), 5) and set(from_cell) <= set(cell)
    assert [int(t) for _, t in first] == sorted(int(t) for _, t in first), "the cell comes first, then the fallbacks"

    filler = next(qid for qid, tier in first if tier != "0") if len(cell) < 5 else first[-1][0]
    for qid, _ in first:
        answer(page.locator(f".drill-run [data-qid='{qid}']"), by_id[qid], right=qid != filler)
    tap(page.locator(".drill-run .quiz-submit"))
    assert page.locator(".drill-run [data-quiz-score]").inner_text() == "得分 4 / 5"
    assert page.locator(".drill-run [data-explanation]").count() == 5

    tap(page.locator(".drill-run .quiz-submit"))  # 再练 5 题
    again = drawn(page)
    assert again[0][0] == filler, "the question answered wrong comes back first"
    assert "复习" in page.locator(".drill-run [data-qid]").first.locator(".quiz-q-head").inner_text()
    assert all(tiers[int(t)](by_id[qid]) for qid, t in again)

    page.reload()
    page.wait_for_selector(".drill-last")
    assert f"上次练习：{stage} × {dtype['name']}，答对 4 / 5" in page.locator(".drill-last").inner_text()
    assert page.locator(".drill-group--type input:checked").get_attribute("value") == dtype["id"]


def test_drill_reads_stage_bounds_from_the_data(page: Page, site: str, data: dict[str, Any]) -> None:
    """Change M1/M2's bounds in the served data: the drill follows the data, nothing is hard-coded."""
    changed = json.loads(json.dumps(data))
    changed["stages"][1]["days_max"] = 20
    changed["stages"][2]["days_min"] = 21
    page.route("**/api/quiz.json", lambda route: route.fulfill(json=changed))
    page.goto(f"{site}drill/?stage={changed['stages'][2]['id']}&type={data['debtor_types'][1]['id']}")
    page.wait_for_selector(".drill-run [data-qid]")  # both given in the address: the drill starts at once
    page.locator(".drill-days input[type=number]").fill("25")
    assert page.locator(".drill-group--stage input:checked").get_attribute("value") == changed["stages"][2]["id"]


def test_readiness_after_a_quiz_and_reset(page: Page, site: str, data: dict[str, Any]) -> None:
    page.goto(site + "quiz/")
    page.wait_for_selector(".quiz-readiness .quiz-empty")
    stage_quiz = next(p for p in data["quizzes"] if p["kind"] == "stage")
    questions = questions_of(data, stage_quiz["id"])
    nodes = open_quiz(page, site, stage_quiz["id"])
    for i in range(3):
        node = nodes.nth(i)
        answer(node, next(q for q in questions if q["id"] == node.get_attribute("data-qid")), right=True)
    tap(page.locator(".quiz-submit"))

    page.goto(site + "quiz/")
    row = page.locator(f".readiness-row[data-row='{stage_quiz['stage']}']")
    row.wait_for()
    # three answered right, the rest left blank: all were practised (a blank counts as wrong), three right
    assert row.locator(".readiness-text").inner_text() == f"已练 {len(questions)} / {len(questions)} 题，答对 3"
    assert re.fullmatch(r"\d+月\d+日", row.locator(".readiness-date").inner_text())
    assert f"{stage_quiz['title']}：3 / {len(questions)}" in page.locator(".quiz-last").inner_text()

    reset = page.locator(".quiz-reset")
    tap(reset)
    assert "再点一次" in reset.inner_text()
    tap(reset)
    assert "答题记录已清除" in page.locator(".quiz-readiness").inner_text()
    page.goto(f"{site}quiz/{stage_quiz['id']}/")
    page.wait_for_selector("[data-qid]")
    assert page.locator("[data-quiz-score]").is_hidden()
    assert page.locator("[data-explanation]").count() == 0


def test_quiz_starts_after_instant_navigation(page: Page, site: str) -> None:
    """A page swapped in by Material's instant navigation (no reload) gets its quiz from document$.

    Material only intercepts clicks on links listed in sitemap.xml, which stays empty while mkdocs.yml
    has no site_url; the navigation is therefore started through Material's own location$.
    """
    page.goto(site + "quiz/")
    page.wait_for_selector(".quiz-readiness .quiz-empty")
    page.evaluate("window.__same_document = true")
    page.evaluate("window.location$.next(new URL('mixed/', location.href))")
    page.wait_for_selector("[data-quiz='mixed'] [data-qid]")
    assert page.evaluate("window.__same_document === true"), "Material's instant navigation should not reload the page"
    assert page.locator("[data-quiz-score]").count() == 1


def test_quiz_and_drill_work_from_a_file(browser: Browser, built_site: Path) -> None:
    """No server at all: pages opened from file:// read api/quiz.js instead of fetching JSON."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: r.url.startswith("file://") or errors.append(r.url))
    page.goto((built_site / "quiz/mixed/index.html").as_uri())
    page.wait_for_selector("[data-quiz='mixed'] [data-qid]")
    page.goto((built_site / "drill/index.html").as_uri())
    page.wait_for_selector(".drill-choice")
    assert errors == []
    context.close()


def test_views_and_data_files_agree() -> None:
    hb, report = read_course(MINI)
    assert hb is not None and not report.problems
    pages = {p.id: p for p in quiz_pages(hb)}
    assert set(pages) == {"mini", "stage-m0", "stage-m1", "type-passive", "mixed"}
    assert [q.id for q in pages["stage-m1"].questions] == [q.id for _, q in hb.questions() if q.stage == "M1"]
    assert [q.id for q in pages["mixed"].questions] == ["mini-q01", "mini-q02"]  # one per stage × debtor type cell
    exported = quiz_export(hb)
    assert {q["id"] for q in exported["quizzes"]} == set(pages)
    script = quiz_script(hb)
    assert json.loads(script.split(f"window.{SCRIPT_GLOBAL} = ", 1)[1].rstrip().rstrip(";")) == exported
