"""Live preview: regenerate the docs folder when course YAML changes; MkDocs serves and reloads.

A broken edit never blanks the preview and never stops the server: the browser keeps the last
good pages, each with a red banner listing the problems (the terminal lists them too), and the
banner disappears with the next good save.

MkDocs' own development server runs in this process. Instead of letting it poll the docs folder,
the preview tells it when a complete update has been written: first a quick build of the changed
pages (the browser shows the edit in about a second), then a full build that puts navigation and
search back in order.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import click

from generator.build import DOCS_DIR, docs_files
from generator.engine import BuildFailed, build_lock
from generator.problems import ERROR, Problem
from generator.render import CardPages
from generator.schema import KINDS
from generator.validate import CourseCache, read_course
from generator.write import write_tree

BANNER_ID = "preview-errors"
MAX_SHOWN = 20
_BANNER = re.compile(rf'\n<div id="{BANNER_ID}"[^\n]*\n(?:[^\n]+\n)*?</div>\n\n')
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
PLACEHOLDER_PAGE = "---\ntitle: 预览\n---\n\n# 预览\n\n课程数据改好并保存后，这里会显示手册。\n"
TRIGGER = Path("build") / ".preview-updated"


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every course file."""
    found: dict[str, tuple[int, int]] = {}
    for kind in KINDS:
        for pattern in kind.patterns:
            for path in root.glob(pattern):
                try:
                    stat = path.stat()
                except OSError:  # deleted while we looked
                    continue
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def banner(errors: list[Problem], kept: bool = True) -> str:
    """The red box shown at the top of every page while the course has errors (content escaped)."""
    items = "".join(
        f'<li style="margin:.2em 0;overflow-wrap:anywhere"><code>{html.escape(p.path)}:{p.line}</code> {html.escape(p.message)}</li>'
        for p in errors[:MAX_SHOWN]
    )
    more = f"<li>还有 {len(errors) - MAX_SHOWN} 个，见终端</li>" if len(errors) > MAX_SHOWN else ""
    return (
        f'\n<div id="{BANNER_ID}" role="alert" style="background:#ffebee;color:#b71c1c;border:2px solid #c62828;'
        'border-radius:6px;padding:.6em .9em;margin:0 0 1.2em;font-size:.75rem;line-height:1.5">\n'
        f'<p style="margin:0 0 .3em"><strong>预览没有更新：课程数据有 {len(errors)} 个错误。</strong>'
        f"{'下面仍是上一次正确的版本；' if kept else ''}改好并保存后，这条提示会自动消失。</p>\n"
        f'<ul style="margin:0;padding-left:1.2em">{items}{more}</ul>\n'
        "</div>\n\n"
    )


def with_banner(files: dict[str, bytes], errors: list[Problem], kept: bool = True) -> dict[str, bytes]:
    """``files`` with the error banner right after the front matter of every page."""
    box = banner(errors, kept)
    out = dict(files)
    for path, data in files.items():
        if path.endswith(".md"):
            text = data.decode("utf-8")
            front = _FRONT.match(text)
            cut = front.end() if front else 0
            out[path] = (text[:cut] + box + text[cut:]).encode("utf-8")
    return out


def read_docs(docs: Path) -> dict[str, bytes]:
    """What the docs folder holds now, without any banner a previous preview left in it."""
    files: dict[str, bytes] = {}
    if docs.is_dir():
        for path in sorted(docs.rglob("*")):
            if path.is_file() and not path.name.endswith(".tmp"):
                data = path.read_bytes()
                if path.suffix == ".md":
                    data = _BANNER.sub("", data.decode("utf-8"), count=1).encode("utf-8")
                files[path.relative_to(docs).as_posix()] = data
    return files


class Preview:
    """Keeps ``build/docs`` in step with the course: the new pages, or the last good ones with a banner."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs = root / DOCS_DIR
        self.good: dict[str, bytes] | None = None
        self.placeholder = {"index.md": PLACEHOLDER_PAGE.encode("utf-8")}  # before the course was ever good
        self.waiting = False
        self.cache = CourseCache()  # files not saved since the last look are not read and checked again
        self.cards = CardPages()  # nor are their card pages rendered again

    def wait_for_build(self, reason: str) -> None:
        if not self.waiting:
            click.echo(f"预览稍后更新：{reason}", err=True)
        self.waiting = True

    def update(self) -> bool | None:
        """True when the preview shows the course, False when it shows errors, None when it must retry."""
        try:
            with build_lock(self.root):
                pass  # a `handbook build` is writing the docs folder: retry at the next look, without re-reading
        except BuildFailed as exc:
            self.wait_for_build(str(exc))
            return None
        started = time.perf_counter()
        handbook, report = read_course(self.root, self.cache)
        for line in report.lines():
            click.echo(line, err=True)
        errors = [p for p in report.sorted() if p.level == ERROR]
        if handbook is None or errors:
            last = self.last_good()
            files = with_banner(last, errors, kept=last != self.placeholder)
        else:
            files = self.good = docs_files(handbook, cards=self.cards)
        try:
            with build_lock(self.root):
                changed = write_tree(self.docs, files)
        except BuildFailed as exc:
            self.wait_for_build(str(exc))
            return None
        self.waiting = False
        if errors or handbook is None:
            click.echo("预览没有更新：请改正上面的错误（浏览器里仍是上一次正确的版本，页面顶部有错误提示）", err=True)
            return False
        click.echo(f"预览已更新：改写 {changed} 个文件，用时 {time.perf_counter() - started:.1f} 秒")
        return True

    def last_good(self) -> dict[str, bytes]:
        if self.good is None:
            self.good = read_docs(self.docs) or self.placeholder
        return self.good


class _Builds:
    """The builder MkDocs' server calls: a quick (dirty) build after each update, a full one once edits pause."""

    def __init__(self, config_file: Path, site_dir: str, url: str, trigger: Path, settle: float = 2.0) -> None:
        self.config_file, self.site_dir, self.url, self.trigger, self.settle = config_file, site_dir, url, trigger, settle
        self.quick = threading.Event()
        self.full: threading.Timer | None = None
        self.full_seconds = 0.0  # how long the last full build took

    def request_quick(self) -> None:
        if self.full is not None:
            self.full.cancel()
        self.quick.set()
        self.trigger.touch()

    def config(self) -> Any:
        from mkdocs.config import load_config

        config = load_config(config_file=str(self.config_file), site_dir=self.site_dir)
        config.site_url = self.url
        return config

    def __call__(self) -> None:
        from mkdocs.commands.build import build

        if self.quick.is_set():
            self.quick.clear()
            build(self.config(), serve_url=self.url, dirty=True)
            # Navigation and search once edits pause. A save during a full build waits for it,
            # so on a large course (a full build of 1,000 cards takes half a minute) the pause
            # must be longer before one starts.
            self.full = threading.Timer(max(self.settle, 2 * self.full_seconds), self.trigger.touch)
            self.full.daemon = True
            self.full.start()
        else:
            if self.full_seconds > 5:
                click.echo(f"正在整站更新导航和搜索（约 {self.full_seconds:.0f} 秒）")
            started = time.perf_counter()
            build(self.config(), serve_url=self.url, dirty=False)
            self.full_seconds = time.perf_counter() - started


def _quiet_mkdocs() -> None:
    """MkDocs' warnings on the terminal, without its progress chatter or the dirty-build notice."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("MkDocs %(levelname)s: %(message)s"))
        handler.addFilter(lambda record: "'dirty' build" not in record.getMessage())
        logger.addHandler(handler)
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)  # 404s for pages the preview does not build (zh-hant)


def serve(root: Path, address: str, interval: float = 0.2) -> None:
    from mkdocs.livereload import LiveReloadServer

    root = root.resolve()
    host, _, port = address.rpartition(":")
    url = f"http://{host}:{port}/"
    preview = Preview(root)
    before = snapshot(root)
    seen = before if preview.update() is not None else {}
    trigger = root / TRIGGER
    trigger.parent.mkdir(parents=True, exist_ok=True)
    trigger.touch()
    _quiet_mkdocs()
    site_dir = tempfile.mkdtemp(prefix="handbook-preview-")
    builds = _Builds(root / "mkdocs.yml", site_dir, url, trigger)
    config = builds.config()
    config.plugins.on_startup(command="serve", dirty=False)
    server = LiveReloadServer(builder=builds, host=host, port=int(port), root=site_dir, polling_interval=0.05)
    server.error_handler = lambda code: (Path(site_dir) / "404.html").read_bytes() if code == 404 and (Path(site_dir) / "404.html").is_file() else None
    stop = threading.Event()

    def watch_course() -> None:
        nonlocal seen
        while not stop.wait(interval):
            now = snapshot(root)
            if now != seen and preview.update() is not None:
                seen = now
                builds.request_quick()

    try:
        builds()
        server.watch(str(trigger))
        server.watch(str(root / "mkdocs.yml"))
        threading.Thread(target=watch_course, name="course-watcher", daemon=True).start()
        click.echo(f"实时预览：{url}（改完 YAML 保存即可，浏览器自动刷新；按 Ctrl-C 结束）")
        server.serve()
    except KeyboardInterrupt:
        click.echo("预览已结束")
    finally:
        stop.set()
        if builds.full is not None:
            builds.full.cancel()
        server.shutdown()
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
