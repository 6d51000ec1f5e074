"""Step 5, write: put the rendered pages, assets and data export into the docs folder.

Only files whose bytes changed are rewritten, and files that are no longer
generated are removed, so an unchanged page keeps its timestamp.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).parent / "assets"


def collect_files(pages: dict[str, str], data: dict[str, Any]) -> dict[str, bytes]:
    """Everything the docs folder should contain, as bytes by relative path."""
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    for asset in sorted(ASSETS.rglob("*")):
        if asset.is_file():
            files[f"assets/{asset.relative_to(ASSETS).as_posix()}"] = asset.read_bytes()
    for path, value in data.items():
        files[path] = (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def write_tree(target: Path, files: dict[str, bytes]) -> int:
    """Make ``target`` hold exactly ``files``; returns how many files were (re)written."""
    changed = 0
    for rel, data in sorted(files.items()):
        path = target / rel
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Written in place, not through a temporary file and a rename (a second file operation,
        # which costs as much as the write): this folder is only the engine's input, and a file
        # cut short by a killed build differs from what the next build generates, so it is rewritten.
        path.write_bytes(data)
        changed += 1
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            rel = path.relative_to(target).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed
