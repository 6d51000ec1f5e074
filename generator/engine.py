"""Step 6, engine build: run MkDocs (or Zensical) into a temporary folder, then swap it in.

A failed, interrupted or concurrent build never touches the published site:
the new site is built beside it and replaces it only when the engine succeeded.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class BuildFailed(Exception):
    pass


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build at a time per checkout."""
    lock_path = root / "build" / ".lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildFailed("另一次生成正在进行（build/.lock 被占用）；等它结束后再试") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def engine_command(engine: str, root: Path, out: Path) -> list[str]:
    if engine == "zensical":
        return [sys.executable, "-m", "zensical", "build", "--config-file", str(root / "mkdocs.yml"), "--clean"]
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(out)]


def run_engine(root: Path, site_dir: Path, engine: str = "mkdocs") -> None:
    """Build the site into a sibling temporary folder and swap it into ``site_dir``."""
    site_dir = site_dir.resolve()
    _recover(site_dir)
    tmp = site_dir.with_name(f".{site_dir.name}.new-{os.getpid()}")
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        result = subprocess.run(engine_command(engine, root, tmp), cwd=root, capture_output=True, text=True)
        if result.returncode != 0 or not (tmp / "index.html").is_file():
            detail = "\n".join(line for line in (result.stderr + result.stdout).splitlines() if line.strip())
            raise BuildFailed(f"{engine} 生成网站失败：\n{detail[-4000:]}")
        if site_dir.exists():
            site_dir.rename(old)
        tmp.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _recover(site_dir: Path) -> None:
    """Tidy up after a build that was killed (the caller holds the build lock)."""
    for partial in site_dir.parent.glob(f".{site_dir.name}.new-*"):
        shutil.rmtree(partial, ignore_errors=True)
    leftovers = sorted(site_dir.parent.glob(f".{site_dir.name}.old-*"))
    if leftovers and not site_dir.exists():
        leftovers.pop().rename(site_dir)  # killed between the two renames: put the old site back
    for old in leftovers:
        shutil.rmtree(old, ignore_errors=True)
