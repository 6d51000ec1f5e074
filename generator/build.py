"""Steps 4–6 in order: render, write the docs folder, run the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.engine import BuildFailed, build_lock, run_engine
from generator.exports import data_files
from generator.model import Handbook
from generator.render import render_pages
from generator.write import collect_files, write_tree

__all__ = ["BuildFailed", "Summary", "build_site", "DOCS_DIR"]
DOCS_DIR = Path("build/docs")


@dataclass
class Summary:
    pages: int
    changed: int


def build_site(hb: Handbook, root: Path, site_dir: Path, engine: str | None = "mkdocs", today: dt.date | None = None) -> Summary:
    pages = render_pages(hb, today)
    files = collect_files(pages, data_files(hb))
    with build_lock(root):
        changed = write_tree(root / DOCS_DIR, files)
        if engine:
            run_engine(root, site_dir, engine)
    return Summary(pages=len(pages), changed=changed)
