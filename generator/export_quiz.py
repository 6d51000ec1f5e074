"""Step 4c, quiz downloads: every question as an Anki deck (TSV) and as a spreadsheet (CSV).

Both files are built from the same quiz YAML as the quiz pages and land in
``site/downloads/``. The Anki file uses Anki's text-import headers, with the
question id as the note GUID, so importing a newer file updates the cards a
salesperson already studies instead of duplicating them.
"""

from __future__ import annotations

import csv
import html
import io

from generator.model import Handbook
from generator.schema import Question, Quiz

ANKI_FILE = "downloads/quiz-anki.tsv"
CSV_FILE = "downloads/quiz-questions.csv"
TYPE_NAMES = {"single": "单选", "multiple": "多选", "truefalse": "判断", "best_reply": "选最佳回应", "order": "排序"}
CSV_COLUMNS = ["题目ID", "测验ID", "测验", "题型", "阶段", "客户类型", "客户原话", "题目", "选项", "答案ID", "答案", "解析", "复习"]


def quiz_downloads(hb: Handbook) -> dict[str, bytes]:
    """The download files by path relative to the site root."""
    return {ANKI_FILE: anki_tsv(hb), CSV_FILE: questions_csv(hb)}


def answer_ids(q: Question) -> str:
    """The answer as option ids: ``b``, ``a,c``, ``b→a→c``, or 对/错."""
    if q.type == "truefalse":
        return "对" if q.answer is True else "错"
    if isinstance(q.answer, list):
        return ("→" if q.type == "order" else ",").join(map(str, q.answer))
    return str(q.answer)


def answer_lines(q: Question) -> list[str]:
    """The answer spelled out, one line per chosen option (in order for ordering questions)."""
    if q.type == "truefalse":
        return ["对（正确）" if q.answer is True else "错（不正确）"]
    texts = {o.id: o.text for o in q.options}
    ids = q.answer if isinstance(q.answer, list) else [q.answer]
    return [f"{i}. {texts.get(str(i), '')}" for i in ids]


def review_names(hb: Handbook, q: Question) -> list[str]:
    return [hb.card(c).title for c in q.cards] + [hb.tactic(t).name for t in q.tactics] + [hb.objection(o).name for o in q.objections]


def tags(quiz: Quiz, q: Question) -> str:
    found = [f"测验::{quiz.id}", f"题型::{TYPE_NAMES[q.type]}"]
    if q.stage:
        found.append(f"阶段::{q.stage}")
    if q.debtor_type:
        found.append(f"客户类型::{q.debtor_type}")
    return " ".join(found)


def anki_front(q: Question) -> str:
    parts = [f"<div><small>{TYPE_NAMES[q.type]}</small></div>"]
    if q.customer_line:
        parts.append(f"<div>客户说：“{html.escape(q.customer_line)}”</div>")
    parts.append(f"<div><b>{html.escape(q.prompt)}</b></div>")
    if q.type == "order":
        parts.append("<div>请排出正确顺序：</div>")
    parts += [f"<div>{html.escape(o.id)}. {html.escape(o.text)}</div>" for o in q.options]
    return "".join(parts)


def anki_back(hb: Handbook, q: Question) -> str:
    parts = ["<div><b>答案：</b>" + "<br>".join(html.escape(line) for line in answer_lines(q)) + "</div>"]
    parts.append(f"<div>{html.escape(q.explanation)}</div>")
    names = review_names(hb, q)
    if names:
        parts.append("<div><small>回去复习：" + html.escape("、".join(names)) + "</small></div>")
    return "".join(parts)


def _flat(text: str) -> str:
    """One line: tabs and line breaks would split an Anki field or a spreadsheet row."""
    return " ".join(text.split())


def anki_tsv(hb: Handbook) -> bytes:
    out = io.StringIO()
    out.write(
        "#separator:tab\n#html:true\n#notetype:Basic\n"
        f"#deck:{hb.course.title}::测验\n#guid column:1\n#tags column:4\n#columns:GUID\t正面\t背面\t标签\n"
    )
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for quiz, q in hb.questions():
        writer.writerow([f"cuikuan-{q.id}", _flat(anki_front(q)), _flat(anki_back(hb, q)), tags(quiz, q)])
    return out.getvalue().encode("utf-8")


def questions_csv(hb: Handbook) -> bytes:
    """All questions for a spreadsheet; UTF-8 with a byte order mark so Excel and WPS open it as Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for quiz, q in hb.questions():
        writer.writerow(
            [
                q.id,
                quiz.id,
                quiz.title,
                TYPE_NAMES[q.type],
                q.stage or "",
                hb.debtor_type(q.debtor_type).name if q.debtor_type else "",
                q.customer_line or "",
                q.prompt,
                "\n".join(f"{o.id}. {o.text}" for o in q.options),
                answer_ids(q),
                "\n".join(answer_lines(q)),
                q.explanation,
                "、".join(review_names(hb, q)),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
