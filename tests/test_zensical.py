"""The same generated docs build with Zensical (make site ENGINE=zensical) into the same set of pages as MkDocs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import edit, handbook

if importlib.util.find_spec("zensical") is None:  # make test installs it when the registry has zensical==0.0.73
    pytest.skip("zensical is not installed: pip install -e '.[zensical]'", allow_module_level=True)


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    from conftest import MINI, copy_course

    root = copy_course(MINI, tmp_path_factory.mktemp("engines") / "course")
    for engine in ("mkdocs", "zensical"):
        result = handbook("build", "--strict", "--engine", engine, "--site-dir", str(root / f"site-{engine}"), root=root)
        assert result.returncode == 0, result.stderr + result.stdout
    return root, root / "site-mkdocs", root / "site-zensical"


def test_both_engines_build_the_same_pages(sites: tuple[Path, Path, Path]) -> None:
    _, mkdocs, zensical = sites
    pages = html_pages(mkdocs)
    assert "cards/m0-passive/index.html" in pages and "zh-hant/cards/m0-passive/index.html" in pages
    assert html_pages(zensical) == pages


def test_zensical_pages_carry_the_content_and_the_language_switch(sites: tuple[Path, Path, Path]) -> None:
    _, mkdocs, zensical = sites
    for rel in ("cards/m0-passive/index.html", "zh-hant/cards/m0-passive/index.html"):
        page = (zensical / rel).read_text(encoding="utf-8")
        assert 'hreflang="zh"' in page and 'hreflang="zh-TW"' in page, rel
        assert 'class="line"' in page and "source-note" in page, rel
    assert "總說再等等的客戶" in (zensical / "zh-hant/cards/m0-passive/index.html").read_text(encoding="utf-8")
    # The differences the README lists: Zensical's own search index and no jieba segmentation at build time.
    assert (mkdocs / "search/search_index.json").is_file() and (zensical / "search.json").is_file()
    assert (zensical / "api/handbook.json").read_bytes() == (mkdocs / "api/handbook.json").read_bytes()
    assert (zensical / "downloads/quiz-anki.tsv").is_file()


def test_zensical_leaves_no_temporary_config_behind(sites: tuple[Path, Path, Path]) -> None:
    root, _, _ = sites
    leftovers = [p for p in (root, root / "build/zh-hant") for p in p.iterdir() if p.name.startswith(".zensical-")]
    assert leftovers == []
    assert not (root / "site").exists()  # the config's own site_dir is never written


def test_a_failed_zensical_build_keeps_the_published_site(sites: tuple[Path, Path, Path]) -> None:
    root, _, zensical = sites
    before = sorted(p.relative_to(zensical).as_posix() for p in zensical.rglob("*"))
    edit(root / "mkdocs.yml", "docs_dir: build/docs", "docs_dir: build/nowhere")
    try:
        result = handbook("build", "--engine", "zensical", "--site-dir", str(zensical), root=root)
    finally:
        edit(root / "mkdocs.yml", "docs_dir: build/nowhere", "docs_dir: build/docs")
    assert result.returncode == 1
    assert "zensical 生成网站失败（mkdocs.yml）" in result.stderr and "Docs directory does not exist" in result.stderr
    assert "原有的 site/ 没有改动" in result.stderr
    assert sorted(p.relative_to(zensical).as_posix() for p in zensical.rglob("*")) == before
    edit(root / "mkdocs.yml", "site_name:", "site_name: [")
    broken = handbook("build", "--engine", "zensical", "--site-dir", str(zensical), root=root)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert "mkdocs.yml:4: 错误：网站引擎配置不是有效的 YAML" in broken.stderr
    assert sorted(p.relative_to(zensical).as_posix() for p in zensical.rglob("*")) == before
