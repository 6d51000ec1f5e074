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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
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


def engine_command(engine: str, config: Path, out: Path) -> list[str]:
    if engine == "zensical":  # Zensical takes site_dir from the config only: see zensical_config()
        return [sys.executable, "-m", "zensical", "build", "--config-file", str(config), "--clean", "--strict"]
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(out)]


def build_once(engine: str, root: Path, config: Path, out: Path) -> None:
    """One engine run of ``config`` into ``out`` (which must not exist yet)."""
    with zensical_config(config) if engine == "zensical" else nullcontext((config, out)) as (run_config, built):
        result = subprocess.run(engine_command(engine, run_config, built), cwd=root, capture_output=True, text=True)
        if result.returncode != 0 or not (built / "index.html").is_file():
            # MkDocs' progress lines (INFO) are left out; its warnings and errors are the reason.
            # (Not `mkdocs build --quiet`: that hides warnings from --strict too, so they would not fail the build.)
            detail = "\n".join(line for line in (result.stderr + result.stdout).splitlines() if line.strip() and not line.startswith("INFO"))
            raise BuildFailed(f"{engine} 生成网站失败（{config.name}）：\n{detail[-4000:]}")
        if built != out:
            shutil.move(built, out)


@contextmanager
def zensical_config(config: Path) -> Iterator[tuple[Path, Path]]:
    """A throwaway config beside ``config`` that sends Zensical's output to a private folder next to it.

    Zensical writes to the config's ``site_dir`` and insists it lies inside the config's folder.
    """
    run_config = config.with_name(f".zensical-{os.getpid()}.yml")
    built = config.with_name(f".zensical-site-{os.getpid()}")
    shutil.rmtree(built, ignore_errors=True)
    run_config.write_text(f"INHERIT: {config.name}\nsite_dir: {built.name}\n", encoding="utf-8")
    try:
        yield run_config, built
    finally:
        run_config.unlink(missing_ok=True)
        shutil.rmtree(built, ignore_errors=True)


def run_engine(root: Path, site_dir: Path, engine: str = "mkdocs", editions: Sequence[tuple[str, Path]] = ()) -> None:
    """Build the site into a sibling temporary folder and swap it into ``site_dir``.

    Each edition ``(folder, config)`` is built into that folder of the same temporary site, so
    all editions are published by the same swap.
    """
    site_dir = site_dir.resolve()
    _recover(site_dir)
    tmp = site_dir.with_name(f".{site_dir.name}.new-{os.getpid()}")
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        build_once(engine, root, root / "mkdocs.yml", tmp)
        for folder, config in editions:
            build_once(engine, root, root / config, tmp / folder)
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
