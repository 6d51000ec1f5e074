"""The command line as a trainer uses it: exit codes, summaries, and a site that bad input never damages."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, edit, handbook


def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def failed_rebuild(mini: Path, path: str, old: str, new: str) -> subprocess.CompletedProcess[str]:
    """Build, make an edit, build again: the second build must fail and leave site/ byte-for-byte."""
    assert handbook("build", root=mini).returncode == 0
    before = digest(mini / "site")
    edit(mini / path, old, new)
    result = handbook("build", root=mini)
    assert result.returncode == 1, result.stdout
    assert digest(mini / "site") == before
    return result


def test_build_prints_one_summary_line(mini: Path) -> None:
    result = handbook("build", "--strict", root=mini)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("生成完成：") and "2 张话术卡，2 道题，0 个警告" in result.stdout
    assert (mini / "site/index.html").is_file()
    assert (mini / "site/api/handbook.json").is_file()


def test_bad_input_leaves_the_site_byte_for_byte(mini: Path) -> None:
    result = failed_rebuild(mini, "scripts_library/m0/m0-passive.yml", "tone: 耐心", "tone: [耐心")
    assert "Traceback" not in result.stderr
    assert "scripts_library/m0/m0-passive.yml:" in result.stderr
    assert "原有的 site/ 没有改动" in result.stderr


def test_engine_failure_leaves_the_site(mini: Path) -> None:
    result = failed_rebuild(mini, "mkdocs.yml", "theme:", "theme:\n  custom_dir: does-not-exist")
    assert "mkdocs 生成网站失败" in result.stderr and "Traceback" not in result.stderr.split("mkdocs 生成网站失败")[0]


def test_an_engine_warning_fails_the_build(mini: Path) -> None:
    """The engine runs strict: a warning (here a menu entry for a page that does not exist) is a failed build."""
    result = failed_rebuild(mini, "mkdocs.yml", "  - 培训师: trainer/index.md", "  - 培训师: trainer/index.md\n  - 旧页面: old/index.md")
    assert "mkdocs 生成网站失败" in result.stderr
    assert "old/index.md" in result.stderr and "INFO" not in result.stderr


def test_killed_build_leaves_the_site(mini: Path) -> None:
    assert handbook("build", root=mini).returncode == 0
    before = digest(mini / "site")
    edit(mini / "content/course.yml", "title: 迷你手册", "title: 迷你手册（新）")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--root", str(mini)], cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 30
    while not list(mini.glob(".site.new-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list(mini.glob(".site.new-*")), "the engine never started"
    os.killpg(proc.pid, signal.SIGKILL)  # mid-engine, as Ctrl-C or a closed terminal would
    proc.wait()
    assert digest(mini / "site") == before
    result = handbook("build", root=mini)
    assert result.returncode == 0
    assert "迷你手册（新）" in (mini / "site/index.html").read_text(encoding="utf-8")
    assert not list(mini.glob(".site.*")), "leftovers of the killed build were not tidied"


def test_ctrl_c_during_the_engine_leaves_the_site(mini: Path) -> None:
    assert handbook("build", root=mini).returncode == 0
    before = digest(mini / "site")
    edit(mini / "content/course.yml", "title: 迷你手册", "title: 迷你手册（新）")
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--root", str(mini)], cwd=ROOT, start_new_session=True, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 30
    while not list(mini.glob(".site.new-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list(mini.glob(".site.new-*")), "the engine never started"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends: to the build and to the engine under it
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert stderr.strip().splitlines()[-1] == "生成已中断（Ctrl-C）：原有的 site/ 没有改动"
    assert "Traceback" not in stderr
    assert digest(mini / "site") == before
    assert not list(mini.glob(".site.*")), "the interrupted build left its temporary folder"
    assert handbook("build", root=mini).returncode == 0  # and the lock was released


def test_concurrent_build_is_refused_with_a_clear_message(mini: Path) -> None:
    import fcntl

    lock = mini / "build" / ".lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = handbook("build", root=mini)
    assert result.returncode == 1
    assert "另一次生成正在进行（build/.lock 被占用）；等它结束后再试" in result.stderr


def test_coverage_json(mini: Path) -> None:
    result = handbook("coverage", "--json", root=mini)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["missing"] == 0
    assert {(c["stage"], c["debtor_type"], c["card"]) for c in data["cells"]} == {("M0", "passive", "m0-passive"), ("M1", "passive", "m1-passive")}


def test_coverage_fails_on_a_gap(mini: Path) -> None:
    (mini / "scripts_library/m1/m1-passive.yml").unlink()
    result = handbook("coverage", root=mini)
    assert result.returncode == 1
    assert "—— 缺 ——" in result.stdout and "1/2 格有话术卡" in result.stdout


def test_usage_error_exits_2(mini: Path) -> None:
    result = handbook("build", "--engine", "hugo", root=mini)
    assert result.returncode == 2


def test_unchanged_rebuild_rewrites_nothing(mini: Path) -> None:
    assert handbook("build", "--no-engine", root=mini).returncode == 0
    page = mini / "build/docs/cards/m0-passive.md"
    stamp = page.stat().st_mtime_ns
    result = handbook("build", "--no-engine", root=mini)
    assert "改写 0 个文件" in result.stdout
    assert page.stat().st_mtime_ns == stamp


def test_schemas_are_current(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "schemas", "--root", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    for fresh in (tmp_path / "schemas").iterdir():
        assert fresh.read_text(encoding="utf-8") == (ROOT / "schemas" / fresh.name).read_text(encoding="utf-8"), f"run `make schemas`: {fresh.name}"


def test_course_files_point_editors_at_their_schema() -> None:
    from generator.loader import find_files
    from generator.schema import KINDS

    for kind in KINDS:
        for path in find_files(ROOT, kind.patterns):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema="), path
            target = (path.parent / first.split("=", 1)[1].strip()).resolve()
            assert target == (ROOT / kind.schema_file).resolve(), path
