"""Print: pocket cards (one card per A6 page) and classroom handouts (A4), as PDFs.

The pages are HTML from ``generator/templates/print``; headless Chromium (Debian's
package, driven by Playwright) lays them out and prints them. Before printing,
every page (``.fit``) is shrunk step by step until its content fits; a page that
still overflows at the smallest size is an error naming its source, never a
silently clipped card.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model import Handbook
from generator.render import TEMPLATES, make_env
from generator.schema import CHANNEL_PARTS, PART_NAMES

POCKET = "pocket-cards.pdf"
HANDOUTS = "handouts.pdf"
TOP_OBJECTIONS = 3
CONTESTANTS = 6
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]

# Shrink each .fit page from data-max to data-min points until nothing overflows; report what never fit.
FIT_SCRIPT = """() => {
  const overflowing = [];
  for (const page of document.querySelectorAll('.fit')) {
    let size = parseFloat(page.dataset.max);
    const min = parseFloat(page.dataset.min);
    page.style.fontSize = size + 'pt';
    while (page.scrollHeight > page.clientHeight + 1 && size > min) {
      size = Math.max(min, size - 0.25);
      page.style.fontSize = size + 'pt';
    }
    page.dataset.size = size;
    if (page.scrollHeight > page.clientHeight + 1) overflowing.push(page.dataset.fit + ': 错误：' + page.dataset.what + '缩到 ' + min + ' 磅字也放不下：请精简这段内容');
  }
  return overflowing;
}"""


class PrintFailed(Exception):
    pass


@dataclass
class Printed:
    path: Path
    pages: int


def render_print(hb: Handbook) -> dict[str, str]:
    """The print pages as HTML, by file name."""
    env = make_env()
    css = (TEMPLATES / "print" / "print.css").read_text(encoding="utf-8")
    phone_cards = [c for c in hb.cards if "phone" in c.scripts]
    common: dict[str, Any] = {"hb": hb, "course": hb.course, "css": css}
    pocket = env.get_template("print/pocket.html.j2").render(
        cards=phone_cards, phone="phone", parts=[(p, PART_NAMES[p]) for p in CHANNEL_PARTS], top=TOP_OBJECTIONS, **common
    )
    handouts = env.get_template("print/handouts.html.j2").render(
        t=hb.trainer, agenda=agenda(hb), total_minutes=sum(i.minutes for i in hb.trainer.agenda), contestants=CONTESTANTS, **common
    )
    return {"pocket-cards.html": pocket, "handouts.html": handouts}


def agenda(hb: Handbook) -> list[dict[str, Any]]:
    """Agenda items with clock times from the start of class (0:00)."""
    rows, start = [], 0
    for item in hb.trainer.agenda:
        end = start + item.minutes
        rows.append({"start": _clock(start), "end": _clock(end), "minutes": item.minutes, "title": item.title, "activity": item.activity})
        start = end
    return rows


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def print_pdfs(hb: Handbook, out: Path) -> list[Printed]:
    """Write the pocket cards and the handouts as PDFs into ``out``."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PrintFailed("打印需要 Playwright：运行 `make print`（会自动安装），或 pip install -e '.[print]'") from None
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise PrintFailed("打印需要 Chromium：apt-get install -y chromium")
    pages = render_print(hb)
    out.mkdir(parents=True, exist_ok=True)
    printed: list[Printed] = []
    with tempfile.TemporaryDirectory(prefix="handbook-print-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.emulate_media(media="print")
            overflowing: list[str] = []
            for html_name, pdf_name in (("pocket-cards.html", POCKET), ("handouts.html", HANDOUTS)):
                source = Path(tmp) / html_name
                source.write_text(pages[html_name], encoding="utf-8")
                page.goto(source.as_uri())
                page.evaluate("() => document.fonts.ready.then(() => true)")
                overflowing += page.evaluate(FIT_SCRIPT)
                count = page.locator(".fit").count()
                target = out / pdf_name
                page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
                printed.append(Printed(target, count))
        finally:
            browser.close()
    if overflowing:
        for item in printed:
            item.path.unlink(missing_ok=True)
        raise PrintFailed("\n".join(sorted(overflowing)))
    return printed
