"""The Traditional Chinese (Taiwan) edition: converted at build time, switchable from every page, searchable in Traditional."""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import free_port, serve
from conftest import MINI, ROOT, copy_course, handbook
from phone import recording_page
from playwright.sync_api import Browser, Page

from generator.editions import Converter, load_overrides
from generator.validate import read_course

HB, _ = read_course(ROOT)
assert HB is not None
OVERRIDES, PROBLEMS = load_overrides(ROOT)
CONVERT = Converter(OVERRIDES).convert
PHONE = {"width": 390, "height": 844}


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if "zh-hant" not in p.relative_to(site).parts}


def test_the_bundled_override_list_is_clean() -> None:
    assert PROBLEMS == []
    assert len(OVERRIDES) >= 10


def test_overrides_win_over_opencc() -> None:
    # OpenCC alone gives 對賬單、客戶型別、支付令、產品質量 here.
    assert CONVERT("客户类型：对账单有误，按合同申请支付令；产品质量问题") == "客戶類型：對帳單有誤，按合約申請支付命令；產品品質問題"
    # ...and keeps its Taiwan phrasing where no override applies.
    assert CONVERT("联系人发来短信") == "聯絡人發來簡訊"


def test_override_file_problems_are_reported_with_lines(mini: Path) -> None:
    (mini / "content/zh_hant_overrides.yml").write_text(
        "- simplified: 账\n  traditional: 帳\n  why: 台湾写法\n"
        "- simplified: 账\n  traditional: 賬\n  why: 重复\n"
        "- simplified: 罚息\n  traditional: 罰息\n  why: 多余\n"
        "- simplified: 合同\n  traditonal: 合約\n  why: 拼错字段\n",
        encoding="utf-8",
    )
    result = handbook("check", root=mini)
    assert result.returncode == 1
    assert "content/zh_hant_overrides.yml:4: 错误：`simplified` 的 `账` 重复了（第 1 行已经写过）" in result.stderr
    assert "content/zh_hant_overrides.yml:8: 警告：`罚息` 不用校正：OpenCC 本来就转换成 `罰息`，请删掉这一条" in result.stderr
    assert "content/zh_hant_overrides.yml:11: 错误：未知字段 `[3].traditonal`（是不是想写 `traditional`？）" in result.stderr
    assert "Traceback" not in result.stderr
    build = handbook("build", root=mini)
    assert build.returncode == 1 and not (mini / "site").exists()


def test_the_edition_has_every_page(built_site: Path) -> None:
    simplified = pages(built_site)
    traditional = {p.relative_to(built_site / "zh-hant").as_posix() for p in (built_site / "zh-hant").rglob("*.html")}
    assert len(simplified) > 60
    assert traditional == simplified
    assert (built_site / "zh-hant/search/search_index.json").is_file()
    assert (built_site / "zh-hant/api/handbook.json").is_file()


def test_pages_are_converted_from_the_simplified_build(built_site: Path) -> None:
    docs = built_site.parent / "build"
    for rel in ("cards/m2-passive.md", "objections/statement-dispute.md", "index.md", "api/handbook.json"):
        simplified = (docs / "docs" / rel).read_text(encoding="utf-8")
        assert (docs / "zh-hant/docs" / rel).read_text(encoding="utf-8") == CONVERT(simplified), rel
    card = HB.card("m2-passive")
    html = (built_site / "zh-hant/cards/m2-passive/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-TW"' in html
    assert CONVERT(card.title) in html and card.title not in html
    assert "對帳" in (built_site / "zh-hant/objections/statement-dispute/index.html").read_text(encoding="utf-8")


def test_sources_stay_simplified() -> None:
    """Only the build converts: no course file holds a Traditional-only spelling of the override vocabulary."""
    traditional = [o.traditional for o in OVERRIDES if o.traditional != o.simplified]
    for folder in ("scripts_library", "quizzes"):
        for path in (ROOT / folder).rglob("*.yml"):
            text = path.read_text(encoding="utf-8")
            assert not [t for t in traditional if t in text], path


def test_every_page_switches_language(built_site: Path) -> None:
    for site, edition in ((built_site, ""), (built_site / "zh-hant", "zh-hant/")):
        for page in site.rglob("index.html"):
            rel = page.relative_to(site).as_posix()
            if rel.startswith("zh-hant/"):
                continue
            html = page.read_text(encoding="utf-8")
            links = dict(re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" class="md-select__link"', html))
            roots = {lang: posixpath.normpath(posixpath.join(edition + posixpath.dirname(rel), href)) for href, lang in links.items()}
            assert roots == {"zh": ".", "zh-TW": "zh-hant"}, (edition, rel, links)


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    with recording_page(browser, site) as pg:
        yield pg


def search(page: Page, url: str, query: str) -> list[str]:
    page.goto(url)
    page.locator("label.md-header__button[for='__search']").click()
    # Wait for the worker's index, then type: Material reads the query on key events.
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('初始化')", timeout=15000)
    page.locator("input.md-search__input").fill(query)
    page.locator("input.md-search__input").press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))")
    return [re.sub(r"\?.*$", "", h.replace(url, "")) for h in hrefs]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("simplified", "traditional", "expected"),
    [("罚息", "罰息", "objections/late-fee-dispute/"), ("对账单", "對帳單", "objections/statement-dispute/"), ("律师函", "律師函", "tactics/legal-route/")],
)
def test_traditional_search_finds_what_simplified_search_finds(page: Page, site: str, simplified: str, traditional: str, expected: str) -> None:
    hits = search(page, site + "zh-hant/", traditional)
    assert expected in hits, hits[:8]
    assert hits[:5] == search(page, site, simplified)[:5]
    assert page.errors == []  # type: ignore[attr-defined]
    assert page.foreign == []  # type: ignore[attr-defined]


@pytest.mark.browser
def test_language_switch_keeps_the_page(page: Page, site: str) -> None:
    page.goto(site + "cards/m2-passive/")
    page.locator("a[href$='stages/m2/']").first.click()  # instant navigation first: the switch must still know where it is
    page.wait_for_url("**/stages/m2/")
    page.locator(".md-header__option .md-select button").click()
    page.locator("a[hreflang='zh-TW']").click()
    page.wait_for_url(site + "zh-hant/stages/m2/")
    assert "說服期" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.lang") == "zh-TW"
    page.locator(".md-header__option .md-select button").click()
    page.locator("a[hreflang='zh']").click()
    page.wait_for_url(site + "stages/m2/")
    assert "说服期" in page.locator("h1").inner_text()
    assert page.errors == []  # type: ignore[attr-defined]
    assert page.foreign == []  # type: ignore[attr-defined]


@dataclass
class Published:
    root: Path
    port: int

    @property
    def url(self) -> str:  # where the test serves it: Material maps sitemap URLs by host, not by port
        return f"http://127.0.0.1:{self.port}/"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """The mini course built as a trainer publishes it: with its web address in mkdocs.yml."""
    site = Published(copy_course(MINI, tmp_path_factory.mktemp("published") / "course"), free_port())
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir:", f"site_url: {site.url}\ndocs_dir:", 1), encoding="utf-8")
    result = handbook("build", "--strict", root=site.root)
    assert result.returncode == 0, result.stderr
    return site


def test_the_edition_is_published_below_the_main_site_url(published: Published) -> None:
    main = (published.root / "site/cards/m0-passive/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{published.url}cards/m0-passive/">' in main
    edition = (published.root / "site/zh-hant/cards/m0-passive/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{published.url}zh-hant/cards/m0-passive/">' in edition


@pytest.mark.browser
@pytest.mark.parametrize("edition", ["", "zh-hant/"])
def test_with_a_site_url_links_open_without_a_page_load(browser: Browser, published: Published, edition: str) -> None:
    """Material's instant navigation needs site_url: with it, a tap swaps the content in place."""
    with serve(published.root / "site", published.port) as base, recording_page(browser, base) as page:
        assert base == published.url
        page.goto(base + edition + "cards/m0-passive/")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.__samePage = true")
        page.locator("a[href$='stages/m0/']").first.click()
        page.wait_for_url(base + edition + "stages/m0/")
        page.wait_for_selector("h1")
        assert page.evaluate("window.__samePage === true"), "a full page load: instant navigation is off"
        assert page.errors == []  # type: ignore[attr-defined]
        assert page.foreign == []  # type: ignore[attr-defined]


def test_the_offline_zip_never_points_at_the_site_url(published: Published) -> None:
    shutil.copy(ROOT / "mkdocs-offline.yml", published.root / "mkdocs-offline.yml")
    target = published.root / "out.zip"
    result = handbook("offline", "--output", str(target), root=published.root)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(target) as archive:
        pages = [archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".html")]
    assert len(pages) > 20 and not any(published.url in html for html in pages)
