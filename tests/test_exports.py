"""Quiz downloads: an Anki deck (TSV) and a spreadsheet (CSV) of every question, from the same YAML as the quiz pages."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pytest
from conftest import ROOT

from generator.export_quiz import CSV_COLUMNS, answer_ids, answer_lines
from generator.validate import read_course

HB, _ = read_course(ROOT)
assert HB is not None
QUESTIONS = {q.id: (quiz, q) for quiz, q in HB.questions()}
ANKI_HEADER = [
    "#separator:tab",
    "#html:true",
    "#notetype:Basic",
    f"#deck:{HB.course.title}::测验",
    "#guid column:1",
    "#tags column:4",
    "#columns:GUID\t正面\t背面\t标签",
]


@pytest.fixture(scope="module")
def anki(built_site: Path) -> tuple[list[str], list[list[str]]]:
    text = (built_site / "downloads/quiz-anki.tsv").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = [line for line in lines if line.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#"))), delimiter="\t"))
    return header, rows


def test_anki_file_has_the_import_headers(anki: tuple[list[str], list[list[str]]]) -> None:
    header, _ = anki
    assert header == ANKI_HEADER


def test_anki_has_one_note_per_question(anki: tuple[list[str], list[list[str]]]) -> None:
    _, rows = anki
    assert len(rows) == len(QUESTIONS) >= 100
    assert all(len(row) == 4 for row in rows)
    guids = [row[0] for row in rows]
    assert len(set(guids)) == len(guids)
    assert {g.removeprefix("cuikuan-") for g in guids} == set(QUESTIONS)
    for guid, front, back, tags in rows:
        quiz, q = QUESTIONS[guid.removeprefix("cuikuan-")]
        assert html.escape(" ".join(q.prompt.split())) in front, guid
        for option in q.options:
            assert f"{option.id}. " in front
        assert "答案：" in back and all(html.escape(line) in back for line in answer_lines(q)), guid
        assert f"测验::{quiz.id}" in tags.split()
        if q.stage:
            assert f"阶段::{q.stage}" in tags.split()


def test_csv_lists_every_question_for_a_spreadsheet(built_site: Path) -> None:
    raw = (built_site / "downloads/quiz-questions.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel and WPS need the BOM to read UTF-8 Chinese
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert [r["题目ID"] for r in rows] == list(QUESTIONS)
    for row in rows:
        quiz, q = QUESTIONS[row["题目ID"]]
        assert row["测验ID"] == quiz.id and row["题目"] == q.prompt
        assert row["答案ID"] == answer_ids(q)
        assert row["选项"].count("\n") == max(len(q.options) - 1, 0)
    kinds = {QUESTIONS[r["题目ID"]][1].type: r["答案ID"] for r in rows}
    assert kinds["truefalse"] in ("对", "错")
    assert "," in kinds["multiple"] and "→" in kinds["order"]


def test_downloads_are_linked_and_converted(built_site: Path) -> None:
    trainer = (built_site / "trainer/index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/quiz-anki.tsv"' in trainer and 'href="../downloads/quiz-questions.csv"' in trainer
    traditional = (built_site / "zh-hant/downloads/quiz-questions.csv").read_text(encoding="utf-8-sig")
    assert traditional.startswith("題目ID,測驗ID,測驗,題型")
