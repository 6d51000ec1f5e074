"""`handbook print`: pocket cards (one card per A6 page) and classroom handouts (A4), printed by headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import chromium_path
from conftest import ROOT, copy_course, edit, handbook

from generator.validate import read_course

pytestmark = pytest.mark.browser
if chromium_path() is None or shutil.which("pdftotext") is None:  # .ci/run installs both
    pytest.skip("needs chromium and poppler-utils: apt-get install -y chromium poppler-utils", allow_module_level=True)

HB, _ = read_course(ROOT)
assert HB is not None
A6 = (297.6, 419.5)
A4 = (595.3, 841.9)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def info(pdf: Path) -> tuple[int, tuple[float, float]]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", out)
    return pages, (float(size.group(1)), float(size.group(2)))  # type: ignore[union-attr]


def page_text(pdf: Path, number: int) -> str:
    return flat(subprocess.run(["pdftotext", "-raw", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True, text=True, check=True).stdout)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_course(ROOT, tmp_path_factory.mktemp("print") / "course")
    result = handbook("print", root=root)
    assert result.returncode == 0, result.stderr
    assert f"pocket-cards.pdf（{len(HB.cards)} 页）" in result.stdout
    return root / "dist/print"


def test_one_pocket_card_per_a6_page(printed: Path) -> None:
    pdf = printed / "pocket-cards.pdf"
    pages, size = info(pdf)
    assert pages == len(HB.cards)
    assert size == pytest.approx(A6, abs=1.5)
    for number, card in enumerate(HB.cards, start=1):
        text = page_text(pdf, number)
        assert flat(card.title) in text, card.id
        assert flat(card.key_line)[:12] in text, card.id  # 30-second read
        assert flat(card.scripts["phone"].closing[-1])[-8:] in text, card.id  # the whole phone script, to its last line
        for answered in card.objections[:3]:
            assert flat(HB.objection(answered.id).name) in text, (card.id, answered.id)


def test_handouts_are_a4_with_agenda_roleplays_and_rubric(printed: Path) -> None:
    pdf = printed / "handouts.pdf"
    trainer = HB.trainer
    pages, size = info(pdf)
    assert size == pytest.approx(A4, abs=1.5)
    assert pages == 2 + len(trainer.roleplays) + 1
    agenda = page_text(pdf, 1)
    assert all(flat(item.title) in agenda for item in trainer.agenda)
    assert f"共{sum(i.minutes for i in trainer.agenda)}分钟" in agenda
    for number, play in enumerate(trainer.roleplays, start=3):
        text = page_text(pdf, number)
        assert flat(play.title) in text and "只发给扮演客户的一方" in text and "观察员清单" in text, play.id
        assert flat(play.customer_brief[0])[:10] in text and flat(play.observer_checklist[-1])[:10] in text, play.id
    rubric = page_text(pdf, pages)
    assert all(flat(item.criterion) in rubric for item in trainer.rubric)


def test_a_card_too_long_for_its_page_is_an_error(mini: Path) -> None:
    long_line = "您好，" + "这笔货款我们已经核对过三遍，金额和日期都没有问题，" * 150
    edit(mini / "scripts_library/m0/m0-passive.yml", "opening: [", f'opening: ["{long_line}", ')
    result = handbook("print", "--out", str(mini / "out"), root=mini)
    assert result.returncode == 1
    assert "scripts_library/m0/m0-passive.yml:1: 错误：口袋卡（A6 一页）缩到 6 磅字也放不下：请精简这段内容" in result.stderr
    assert "打印失败：没有写出 PDF" in result.stderr and "Traceback" not in result.stderr
    assert not list((mini / "out").glob("*.pdf"))
