"""`handbook serve` as a trainer uses it: save YAML, watch the phone-sized page follow, break it, fix it."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import chromium_path
from conftest import ROOT, edit
from playwright.sync_api import Browser, Page

from generator.problems import Problem
from generator.serve import read_docs, with_banner

CARD = "scripts_library/m0/m0-passive.yml"
PHONE = {"width": 390, "height": 844}
UPDATE_SECONDS = 2.0


def test_banner_goes_after_the_front_matter_and_comes_off_again() -> None:
    files = {"index.md": b"---\ntitle: x\n---\n\n# x\n", "api/handbook.json": b"{}\n"}
    shown = with_banner(files, [Problem("a.yml", 3, "`tone` 里有 <b>")])
    page = shown["index.md"].decode("utf-8")
    assert page.startswith("---\ntitle: x\n---\n\n<div id=\"preview-errors\"")
    assert "<code>a.yml:3</code> `tone` 里有 &lt;b&gt;" in page
    assert shown["api/handbook.json"] == b"{}\n"


def test_a_banner_left_in_the_docs_is_not_shown_twice(tmp_path: Path) -> None:
    files = {"index.md": b"---\ntitle: x\n---\n\n# x\n", "cards/a.md": b"# a\n"}
    for rel, data in with_banner(files, [Problem("a.yml", 1, "坏了")]).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    assert read_docs(tmp_path) == files


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(root: Path, log: Path) -> Iterator[Server]:
    """`handbook serve` on a free port, as its own process group (as in a terminal)."""
    if chromium_path() is None:
        pytest.skip("chromium is not installed: apt-get install -y chromium")
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--root", str(root), "--address", f"127.0.0.1:{port}"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(proc, f"http://127.0.0.1:{port}/", log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(running.url, timeout=1)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, running.output()
                time.sleep(0.2)
        yield running
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def server(mini: Path, tmp_path: Path) -> Iterator[Server]:
    with serving(mini, tmp_path / "serve.log") as running:
        yield running


@pytest.fixture
def page(server: Server, browser: Browser) -> Iterator[Page]:
    tab = browser.new_page(viewport=PHONE)
    yield tab
    tab.close()


def h1_shows(page: Page, text: str, timeout: float = 10) -> None:
    page.wait_for_function("t => (document.querySelector('h1') || {}).innerText?.includes(t)", arg=text, timeout=timeout * 1000)


@pytest.mark.browser
def test_edit_break_and_fix_while_serving(server: Server, page: Page, mini: Path) -> None:
    card = mini / CARD
    page.goto(server.url + "cards/m0-passive/")
    h1_shows(page, "总说再等等的客户")

    edit(card, "title: 总说再等等的客户", "title: 总说下周再付的客户")
    saved = time.monotonic()
    h1_shows(page, "总说下周再付的客户")
    seconds = time.monotonic() - saved
    print(f"page followed the edit in {seconds:.2f} s")
    assert seconds < UPDATE_SECONDS, f"the page followed the edit after {seconds:.2f} s"

    edit(card, "tone: 耐心", "tone: [耐心")
    page.wait_for_selector("#preview-errors", timeout=10_000)
    box = page.locator("#preview-errors")
    assert box.is_visible()
    assert f"{CARD}:7 YAML 语法错误（`tone` 这一行）：方括号 [ 没有对应的 ]" in box.inner_text()
    assert "下面仍是上一次正确的版本" in box.inner_text()
    assert "总说下周再付的客户" in page.inner_text("h1")  # the last good page stays underneath
    assert f"{CARD}:7: 错误：YAML 语法错误" in server.output()
    assert server.proc.poll() is None
    page.goto(server.url)
    assert page.locator("#preview-errors").is_visible()  # on every page, not just the one being edited

    edit(card, "tone: [耐心", "tone: 耐心")
    page.wait_for_selector("#preview-errors", state="detached", timeout=10_000)
    page.goto(server.url + "cards/m0-passive/")
    h1_shows(page, "总说下周再付的客户")
    assert page.locator("#preview-errors").count() == 0
    assert server.proc.poll() is None

    with open(mini / "build/.lock", "w") as lock:  # a `handbook build` is running: the preview waits for it
        fcntl.flock(lock, fcntl.LOCK_EX)
        edit(card, "title: 总说下周再付的客户", "title: 总说月底再付的客户")
        time.sleep(1.5)
        assert "总说下周再付的客户" in page.inner_text("h1")
        fcntl.flock(lock, fcntl.LOCK_UN)
    h1_shows(page, "总说月底再付的客户")
    assert server.output().count("预览稍后更新：另一次生成正在进行") == 1

    os.killpg(server.proc.pid, signal.SIGINT)
    assert server.proc.wait(timeout=20) == 0
    assert "Traceback" not in server.output()


@pytest.mark.browser
def test_serving_a_broken_course_shows_the_errors_until_it_is_fixed(mini: Path, tmp_path: Path, browser: Browser) -> None:
    edit(mini / CARD, "tone: 耐心", "tone：耐心")
    with serving(mini, tmp_path / "serve.log") as running:
        page = browser.new_page(viewport=PHONE)
        page.goto(running.url)
        assert "`tone` 后面用了中文冒号" in page.inner_text("#preview-errors")
        assert "上一次正确的版本" not in page.inner_text("#preview-errors")  # there was none
        edit(mini / CARD, "tone：耐心", "tone: 耐心")
        h1_shows(page, "迷你手册")
        page.wait_for_selector("#preview-errors", state="detached", timeout=10_000)
