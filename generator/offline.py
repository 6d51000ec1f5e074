"""The offline edition: the handbook as a zip that works opened from file://, search included.

The generated docs (``build/docs``) are built a second time with ``mkdocs-offline.yml``
(Material's offline plugin, no instant navigation, the vendored iframe-worker shim), into a
temporary folder. Browsers do not let pages opened from file:// fetch JSON, so every data
file ``api/<name>.json`` also gets a script twin ``api/<name>.js`` that the page scripts load
instead (``window.__api["<name>.json"]``). The folder is then zipped; the published site/ is
not touched.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

from generator.engine import BuildFailed, build_once

CONFIG = "mkdocs-offline.yml"
FOLDER = "handbook-offline"  # the one top-level folder inside the zip
DEFAULT_ZIP = Path("dist") / f"{FOLDER}.zip"


def build_offline(root: Path, target: Path) -> int:
    """Build the offline edition of the generated docs at ``root`` into the zip ``target``; returns its file count."""
    config = root / CONFIG
    if not config.is_file():
        raise BuildFailed(f"{CONFIG} 不存在：离线版的网站引擎配置应放在课程仓库根目录")
    work = root / "build" / f".offline-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        build_once("mkdocs", root, config, work / FOLDER)
        script_twins(work / FOLDER)
        return write_zip(work / FOLDER, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
    skip = {"search/search_index.json"}  # from file:// Material reads search/search_index.js
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".map" and p.relative_to(folder).as_posix() not in skip)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in files:
                archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return len(files)
