"""The offline edition: `handbook offline` (make offline) builds a zip that works from file://."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_course, handbook
from phone import Phone, phone
from playwright.sync_api import Browser, Page

from generator.offline import FOLDER


def load_config(path: Path) -> dict:  # type: ignore[type-arg]
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !!python/name tags of other configs
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - a SafeLoader subclass


def search_options(config: dict) -> dict:  # type: ignore[type-arg]
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "search" in plugin:
            return plugin["search"]  # type: ignore[no-any-return]
    raise AssertionError("no search plugin")


def test_offline_config_repeats_the_main_lists_without_instant_navigation() -> None:
    """MkDocs replaces lists on INHERIT: the offline config must keep in step with mkdocs.yml by hand."""
    main = load_config(ROOT / "mkdocs.yml")
    offline = load_config(ROOT / "mkdocs-offline.yml")
    assert offline["INHERIT"] == "mkdocs.yml"
    assert offline["theme"]["features"] == [f for f in main["theme"]["features"] if f != "navigation.instant"]
    assert search_options(offline) == search_options(main)
    assert "offline" in offline["plugins"]
    shims = offline["extra"]["polyfills"]
    assert all("iframe-worker" in s and (ROOT / "generator" / s).is_file() for s in shims), shims


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_course(ROOT, tmp_path_factory.mktemp("offline") / "course")
    shutil.copy(ROOT / "mkdocs-offline.yml", root / "mkdocs-offline.yml")
    target = root / "out" / "handbook.zip"
    result = handbook("offline", "--output", str(target), root=root)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "离线版完成" in result.stdout
    assert not (root / "site").exists(), "the offline build leaves site/ alone"
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert all(n.startswith(FOLDER + "/") for n in names)
        archive.extractall(root / "unzipped")
    return root / "unzipped" / FOLDER


def test_zip_holds_the_shim_the_inlined_index_and_the_data_scripts(offline_site: Path) -> None:
    assert (offline_site / "assets/javascripts/vendor/iframe-worker/shim.js").is_file()
    assert (offline_site / "search/search_index.js").is_file()
    assert not (offline_site / "search/search_index.json").exists()
    data = json.loads((offline_site / "api/handbook.json").read_text(encoding="utf-8"))
    script = (offline_site / "api/handbook.js").read_text(encoding="utf-8")
    assert json.loads(script[script.index("=", script.index("]")) + 1 :].strip().rstrip(";")) == data
    for page in [offline_site / "index.html", offline_site / "cards/m2-passive.html", offline_site / "zh-hant/cards/m2-passive.html"]:
        html = page.read_text(encoding="utf-8")
        features = json.loads(re.search(r'id="__config" type="application/json">(.*?)</script>', html).group(1))["features"]  # type: ignore[union-attr]
        assert "navigation.instant" not in features
        assert "unpkg.com" not in html and not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
        assert 'hreflang="zh-TW"' in html and 'hreflang="zh"' in html, "the language switch, both ways"
        assert '<link rel="alternate"' not in html, "Material would fetch sitemap.xml for it, which file:// forbids"


def test_zip_holds_the_traditional_edition_page_for_page(offline_site: Path) -> None:
    simplified = {p.relative_to(offline_site).as_posix() for p in offline_site.rglob("*.html") if "zh-hant" not in p.parts}
    traditional = {p.relative_to(offline_site / "zh-hant").as_posix() for p in (offline_site / "zh-hant").rglob("*.html")}
    assert len(simplified) > 100 and traditional == simplified
    assert (offline_site / "zh-hant/search/search_index.js").is_file()
    assert not (offline_site / "zh-hant/search/search_index.json").exists()
    assert (offline_site / "zh-hant/api/handbook.js").is_file() and (offline_site / "zh-hant/api/quiz.js").is_file()
    assert "說服期" in (offline_site / "zh-hant/stages/m2.html").read_text(encoding="utf-8")


@pytest.fixture
def device(browser: Browser, offline_site: Path) -> Iterator[Phone]:
    with phone(browser, offline_site.as_uri() + "/") as d:
        yield d
    assert d.errors == []
    assert d.foreign() == [], "only file:// requests"


def search_results(page: Page, query: str) -> list[str]:
    """Material's result links for ``query``, typed into the search box of ``page``."""
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")  # type: ignore[no-any-return]


@pytest.mark.browser
def test_search_works_from_file(device: Phone) -> None:
    page = device.open("index.html")
    hrefs = search_results(page, "资金紧张")
    assert hrefs[0].startswith("file://") and "/objections/no-money-this-month.html" in hrefs[0]
    shortcut = page.locator(".hb-shortcuts a").first
    assert shortcut.get_attribute("href", timeout=5000).endswith("/objections/no-money-this-month.html")  # type: ignore[union-attr]
    shortcut.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/objections/no-money-this-month.html")
    assert page.locator(".ladder .rung .copy").count() > 0


@pytest.mark.browser
def test_finder_works_from_file(device: Phone) -> None:
    page = device.open("finder/index.html")
    page.locator(".finder input[name=days]").fill("75")
    page.locator(".finder label.chip:has(input[name=type][value=sales-driven])").click()
    page.locator(".finder select[name=objection]").select_option("pay-next-month")
    page.locator(".finder label.chip:has(input[name=channel][value=email])").click()
    link = page.locator(".finder__open")
    assert (link.get_attribute("href") or "").endswith("/cards/m3-sales-driven.html?channel=email&objection=pay-next-month")
    link.click()
    page.wait_for_load_state("load")
    assert page.locator("#channel-email").is_visible()
    assert page.locator(".reply-top").count() == 1
    assert page.locator(".md-content .ph[data-ph='逾期天数']").first.inner_text() == "75"


@pytest.mark.browser
def test_language_switch_and_traditional_search_work_from_file(device: Phone) -> None:
    page = device.open("cards/m2-passive.html")
    page.locator(".md-header__option .md-select button").click()
    page.locator("a[hreflang='zh-TW']").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/zh-hant/cards/m2-passive.html")
    assert page.evaluate("document.documentElement.lang") == "zh-TW"
    hrefs = search_results(page, "罰息")
    assert hrefs and all("/zh-hant/" in h for h in hrefs[:5])
    page.keyboard.press("Escape")
    page.locator(".md-header__option .md-select button").click()
    page.locator("a[hreflang='zh']").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/handbook-offline/cards/m2-passive.html")
