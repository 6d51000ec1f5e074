"""Weight and speed of the built handbook on a phone (run by `make bench`).

    python benchmarks/site_bench.py --site site [--card cards/m2-passive/] [--json]

Prints: a card page's HTML gzipped (every card: largest and median, budget 30 KB), the bytes a
phone downloads on the first visit of a card page (raw and gzipped, with and without the search
index), the search index raw and gzipped, the time to the first search result in headless
Chromium at 390 × 844 (cold: from opening the page; warm: from typing), and how fast the finder
answers. The site is served locally without compression; gzipped sizes are computed here, as a
server with compression would send them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser import launch, serve  # noqa: E402

CARD_BUDGET = 30_000
PHONE = {"width": 390, "height": 844}
QUERY = "资金紧张"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def card_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "cards").glob("*/index.html"))


def page_weights(site: Path) -> dict[str, Any]:
    pages = card_pages(site)
    if not pages:
        raise SystemExit(f"{site}: no card pages (cards/*/index.html): build the site first")
    sizes = {p.parent.name: gz(p.read_bytes()) for p in pages}
    index = (site / "search" / "search_index.json").read_bytes()
    largest = max(sizes, key=sizes.__getitem__)
    return {
        "cards": len(sizes),
        "card_html_gz_max": sizes[largest],
        "card_html_gz_max_page": largest,
        "card_html_gz_median": int(statistics.median(sizes.values())),
        "search_index_raw": len(index),
        "search_index_gz": gz(index),
    }


def browser_timings(site: Path, card: str) -> dict[str, Any]:
    with serve(site) as base, launch() as browser:
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        loaded: list[tuple[str, bytes]] = []
        page.on("requestfinished", lambda r: loaded.append((r.url, _body(r))))
        page.goto(base + card)
        page.wait_for_load_state("networkidle")
        raw = sum(len(body) for _, body in loaded)
        zipped = sum(gz(body) for _, body in loaded)
        without_index = [(u, b) for u, b in loaded if "search_index" not in u]
        first_load = {
            "first_load_requests": len(loaded),
            "first_load_raw": raw,
            "first_load_gz": zipped,
            "first_load_gz_without_search_index": sum(gz(b) for _, b in without_index),
        }
        context.close()

        cold = []
        warm = []
        for _ in range(3):
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = context.new_page()
            started = time.perf_counter()
            page.goto(base + card)
            page.locator("label.md-header__button[for='__search']").click()
            box = page.locator("input.md-search__input")
            box.fill(QUERY)
            box.press("End")
            page.wait_for_selector(".md-search-result__item", timeout=30_000)
            cold.append(time.perf_counter() - started)
            box.fill("")
            box.press("End")
            page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
            started = time.perf_counter()
            box.fill("周转不开")
            box.press("End")
            page.wait_for_selector(".md-search-result__item", timeout=30_000)
            warm.append(time.perf_counter() - started)
            context.close()

        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.add_init_script(
            "new MutationObserver(() => { if (!window.__finderAt && document.querySelector('.finder__form'))"
            " window.__finderAt = performance.now(); }).observe(document, {childList: true, subtree: true});"
        )
        page.goto(base + "finder/")
        page.wait_for_selector(".finder__form")
        page.wait_for_load_state("load")
        ready, loaded = page.evaluate("[window.__finderAt, performance.getEntriesByType('navigation')[0].loadEventEnd]")
        answer = page.evaluate(
            """() => {
                const days = document.querySelector('.finder input[name=days]');
                const times = [];
                for (const n of [5, 45, 75, 120, 0, 31]) {
                    const t = performance.now();
                    days.value = String(n);
                    days.dispatchEvent(new Event('input', {bubbles: true}));
                    document.querySelector('.finder input[name=type]').click();
                    document.querySelector('[data-finder-result] a');
                    times.push(performance.now() - t);
                }
                return Math.max(...times);
            }"""
        )
        context.close()
    return {
        **first_load,
        "search_first_result_cold_s": round(statistics.median(cold), 3),
        "search_first_result_warm_s": round(statistics.median(warm), 3),
        "finder_ready_ms": round(ready),
        "finder_ready_after_load_ms": round(ready - loaded),
        "finder_answer_ms": round(answer, 2),
    }


def _body(request: Any) -> bytes:
    response = request.response()
    try:
        return response.body() if response else b""
    except Exception:  # a redirect or an aborted request has no body
        return b""


def kb(n: int) -> str:
    return f"{n / 1000:.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--card", default="cards/m2-passive/", help="card page to load (default: cards/m2-passive/)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    results = page_weights(args.site) | browser_timings(args.site, args.card)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    rows = [
        ("card page HTML, gzipped (largest)", f"{kb(results['card_html_gz_max'])} ({results['card_html_gz_max_page']}; budget {kb(CARD_BUDGET)})"),
        ("card page HTML, gzipped (median)", f"{kb(results['card_html_gz_median'])} over {results['cards']} cards"),
        (f"first load of {args.card}", f"{results['first_load_requests']} requests, {kb(results['first_load_raw'])} raw, {kb(results['first_load_gz'])} gzipped"),
        ("  … without the search index", f"{kb(results['first_load_gz_without_search_index'])} gzipped"),
        ("search index", f"{kb(results['search_index_raw'])} raw, {kb(results['search_index_gz'])} gzipped"),
        (f"first search result “{QUERY}”, cold", f"{results['search_first_result_cold_s'] * 1000:.0f} ms from opening the page"),
        ("first search result, warm", f"{results['search_first_result_warm_s'] * 1000:.0f} ms from typing"),
        ("finder ready", f"{results['finder_ready_ms']} ms from opening finder/ ({results['finder_ready_after_load_ms']:+} ms from the load event)"),
        ("finder answer", f"{results['finder_answer_ms']:.1f} ms per change (slowest of 6)"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    if results["card_html_gz_max"] > CARD_BUDGET:
        print(f"over budget: {results['card_html_gz_max_page']} is {kb(results['card_html_gz_max'])} gzipped", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
