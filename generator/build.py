"""Steps 4–6 in order: render, write the docs folder, run the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.editions import traditional_edition
from generator.engine import BuildFailed, build_lock, run_engine
from generator.export_quiz import quiz_downloads
from generator.exports import data_files
from generator.model import Handbook
from generator.render import CardPages, render_pages
from generator.write import collect_files, write_tree

__all__ = ["BuildFailed", "Summary", "build_site", "docs_files", "DOCS_DIR"]
DOCS_DIR = Path("build/docs")


@dataclass
class Summary:
    pages: int
    changed: int


def docs_files(hb: Handbook, today: dt.date | None = None, cards: CardPages | None = None) -> dict[str, bytes]:
    """Everything the docs folder holds for this course: pages, assets, data and downloads (the preview uses it too)."""
    return collect_files(render_pages(hb, today, cards), data_files(hb)) | quiz_downloads(hb)


def build_site(hb: Handbook, root: Path, site_dir: Path, engine: str | None = "mkdocs", today: dt.date | None = None) -> Summary:
    files = docs_files(hb, today)
    pages = [path for path in files if path.endswith(".md")]
    edition = traditional_edition(root, files)
    with build_lock(root):
        changed = write_tree(root / DOCS_DIR, files)
        changed += edition.write(root)
        if engine:
            run_engine(root, site_dir, engine, editions=[(edition.name, edition.config_path)])
    return Summary(pages=len(pages), changed=changed)
