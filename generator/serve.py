"""Live preview: regenerate the docs folder when course YAML changes; MkDocs serves and reloads."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import click

from generator.build import DOCS_DIR
from generator.exports import data_files
from generator.render import render_pages
from generator.schema import KINDS
from generator.validate import read_course
from generator.write import collect_files, write_tree


def snapshot(root: Path) -> dict[str, float]:
    """Modification times of every course file."""
    found: dict[str, float] = {}
    for kind in KINDS:
        for pattern in kind.patterns:
            for path in root.glob(pattern):
                found[str(path)] = path.stat().st_mtime
    return found


def regenerate(root: Path) -> bool:
    handbook, report = read_course(root)
    for line in report.lines():
        click.echo(line, err=True)
    if handbook is None or report.errors:
        click.echo("预览没有更新：请改正上面的错误（浏览器里仍是上一次成功的版本）", err=True)
        return False
    changed = write_tree(root / DOCS_DIR, collect_files(render_pages(handbook), data_files(handbook)))
    click.echo(f"已更新 {changed} 个文件")
    return True


def serve(root: Path, address: str, interval: float = 0.5) -> None:
    if not regenerate(root) and not (root / DOCS_DIR / "index.md").is_file():
        sys.exit(1)
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(root / "mkdocs.yml"), "--dev-addr", address, "--livereload"]
    server = subprocess.Popen(command, cwd=root)
    seen = snapshot(root)
    try:
        while server.poll() is None:
            time.sleep(interval)
            now = snapshot(root)
            if now != seen:
                seen = now
                regenerate(root)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()
