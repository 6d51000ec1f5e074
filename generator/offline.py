"""The offline edition: the handbook as a zip that works opened from file://, search included.

The generated docs (``build/docs``) are built a second time with ``mkdocs-offline.yml``
(Material's offline plugin, no instant navigation, the vendored iframe-worker shim), into a
temporary folder; the Traditional Chinese edition (``build/zh-hant``) likewise into its
``zh-hant/`` folder, with the same offline settings over its own config (its search plugin
keeps the converted jieba dictionary), so the language switch works inside the zip too. Browsers do not let pages opened from file:// fetch JSON, so every data
file ``api/<name>.json`` also gets a script twin ``api/<name>.js`` that the page scripts load
instead (``window.__api["<name>.json"]``). The folder is then zipped; the published site/ is
not touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import yaml

from generator.editions import EDITION_DIR, NAME, load_config, search_options
from generator.engine import BuildFailed, build_once

CONFIG = "mkdocs-offline.yml"
FOLDER = "handbook-offline"  # the one top-level folder inside the zip
DEFAULT_ZIP = Path("dist") / f"{FOLDER}.zip"


def build_offline(root: Path, target: Path) -> int:
    """Build the offline edition of the generated docs at ``root`` into the zip ``target``; returns its file count."""
    root = root.resolve()  # MkDocs reads a relative --site-dir against the config's folder, not the working directory
    config = root / CONFIG
    if not config.is_file():
        raise BuildFailed(f"{CONFIG} 不存在：离线版的网站引擎配置应放在课程仓库根目录")
    work = root / "build" / f".offline-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        build_once("mkdocs", root, config, work / FOLDER)
        edition = edition_config(root)
        if edition is not None:
            build_once("mkdocs", root, edition, work / FOLDER / NAME)
        for site in (work / FOLDER, work / FOLDER / NAME):
            if site.is_dir():
                script_twins(site)
        drop_alternate_heads(work / FOLDER)  # every page, the edition's folder included
        return write_zip(work / FOLDER, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def edition_config(root: Path) -> Path | None:
    """``build/zh-hant/mkdocs-offline.yml``: the offline settings over the edition's config (None without an edition)."""
    edition = root / EDITION_DIR / "mkdocs.yml"
    if not edition.is_file():
        return None
    offline = {key: value for key, value in load_config(root / CONFIG).items() if key != "INHERIT"}
    search_options(offline).update(search_options(load_config(edition)))  # the edition's jieba dictionaries
    target = edition.with_name(CONFIG)
    header = "# 自动生成，不要手改：繁体版离线包的网站引擎配置，来自 mkdocs-offline.yml（generator/offline.py）\n"
    target.write_text(header + yaml.safe_dump({"INHERIT": edition.name, **offline}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


ALTERNATE_HEAD = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def drop_alternate_heads(site: Path) -> int:
    """Remove the ``<link rel="alternate" hreflang>`` tags from the pages' heads; returns how many pages changed.

    Material reads each edition's sitemap.xml for them, which a page opened from file://
    may not fetch (an error in the console on every page). The language switch in the
    header is a plain link that edition.js follows to the same page, sitemap or not.
    """
    changed = 0
    for page in site.glob("**/*.html"):
        html = page.read_text(encoding="utf-8")
        cleaned = ALTERNATE_HEAD.sub("", html)
        if cleaned != html:
            page.write_text(cleaned, encoding="utf-8")
            changed += 1
    return changed


def script_twins(site: Path) -> list[Path]:
    """Write ``api/<name>.js`` beside each ``api/<name>.json`` of the built ``site``."""
    written = []
    for data in sorted((site / "api").glob("*.json")):
        value = json.loads(data.read_text(encoding="utf-8"))
        payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        twin = data.with_suffix(".js")
        twin.write_text(f'(window.__api = window.__api || {{}})["{data.name}"] = {payload};\n', encoding="utf-8")
        written.append(twin)
    return written


def write_zip(folder: Path, target: Path) -> int:
    """Zip ``folder`` (as the zip's top-level folder) into ``target`` through a temporary file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    skip = ("search/search_index.json", f"{NAME}/search/search_index.json")  # from file:// Material reads search/search_index.js
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".map" and p.relative_to(folder).as_posix() not in skip)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in files:
                archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return len(files)
