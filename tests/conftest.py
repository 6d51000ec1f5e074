from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
COURSE_DIRS = ("content", "scripts_library", "quizzes")


def copy_course(source: Path, target: Path) -> Path:
    """A throwaway course at ``target``: the course folders of ``source`` plus the engine config."""
    for name in COURSE_DIRS:
        shutil.copytree(source / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def handbook(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a trainer would."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return copy_course(MINI, tmp_path / "course")


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the bundled course."""
    return copy_course(ROOT, tmp_path / "course")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled course, built once with the real engine."""
    root = copy_course(ROOT, tmp_path_factory.mktemp("bundled") / "course")
    result = handbook("build", "--strict", root=root)
    assert result.returncode == 0, result.stderr + result.stdout
    return root / "site"


@pytest.fixture(scope="session")
def site(built_site: Path) -> Iterator[str]:
    """The bundled site served on a loopback port, for the browser tests."""
    from browser import serve

    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's package) for the whole run."""
    from browser import chromium_path, launch

    if chromium_path() is None:
        pytest.skip("chromium is not installed: apt-get install -y chromium")
    with launch() as b:
        yield b
