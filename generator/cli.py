"""The `handbook` command: thin click commands over the pipeline."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from generator.problems import Report
from generator.validate import read_course

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="课程仓库的根目录（含 content/、scripts_library/、quizzes/）",
)
STRICT_OPTION = click.option("--strict", is_flag=True, help="警告也算失败")


def show(report: Report, quiet: bool = False) -> None:
    for line in report.lines():
        click.echo(line, err=True)
    if report.problems and not quiet:
        click.echo(f"共 {len(report.errors)} 个错误，{len(report.warnings)} 个警告", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cuikuan-handbook")
def main() -> None:
    """催款话术手册：检查课程数据并生成静态手册。"""


@main.command()
@ROOT_OPTION
@STRICT_OPTION
def check(root: Path, strict: bool) -> None:
    """只检查课程数据，不生成网站。"""
    handbook, report = read_course(root)
    show(report)
    if handbook is None or report.failed(strict):
        sys.exit(1)
    click.echo(
        f"检查通过：{len(handbook.cards)} 张话术卡，{sum(len(q.questions) for q in handbook.quizzes)} 道题，"
        f"{len(report.warnings)} 个警告"
    )


@main.command()
@ROOT_OPTION
@STRICT_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="输出目录（默认 site/）")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True)
@click.option("--no-engine", is_flag=True, help="只生成 Markdown，不运行网站引擎")
def build(root: Path, strict: bool, site_dir: Path | None, engine: str, no_engine: bool) -> None:
    """检查并生成手册：写出 Markdown，再由引擎生成 site/。"""
    from generator.build import BuildFailed, build_site

    started = time.perf_counter()
    handbook, report = read_course(root)
    show(report)
    if handbook is None or report.failed(strict):
        click.echo("生成失败：请先改正上面的问题（原有的 site/ 没有改动）", err=True)
        sys.exit(1)
    try:
        summary = build_site(handbook, root, site_dir or root / "site", engine=None if no_engine else engine)
    except BuildFailed as exc:
        click.echo(f"生成失败：{exc}（原有的 site/ 没有改动）", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("生成已中断（Ctrl-C）：原有的 site/ 没有改动", err=True)
        sys.exit(1)
    seconds = time.perf_counter() - started
    click.echo(
        f"生成完成：{summary.pages} 页，{len(handbook.cards)} 张话术卡，"
        f"{sum(len(q.questions) for q in handbook.quizzes)} 道题，{len(report.warnings)} 个警告，"
        f"改写 {summary.changed} 个文件，用时 {seconds:.1f} 秒"
    )


@main.command()
@ROOT_OPTION
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def coverage(root: Path, as_json: bool) -> None:
    """阶段 × 客户类型矩阵：每格有没有话术卡、几道题。"""
    handbook, report = read_course(root)
    if handbook is None:
        show(report)
        sys.exit(1)
    rows = []
    for stage in handbook.stages:
        for dtype in handbook.debtor_types:
            card = handbook.cell(stage.id, dtype.id)
            questions = sum(1 for _, q in handbook.questions() if q.stage == stage.id and q.debtor_type == dtype.id)
            rows.append(
                {
                    "stage": stage.id,
                    "debtor_type": dtype.id,
                    "card": card.id if card else None,
                    "source": card.source if card else None,
                    "questions": questions,
                }
            )
    missing = [r for r in rows if r["card"] is None]
    if as_json:
        click.echo(json.dumps({"cells": rows, "missing": len(missing)}, ensure_ascii=False, indent=2))
    else:
        header = "阶段   | " + " | ".join(f"{t.name}（{t.id}）" for t in handbook.debtor_types)
        click.echo(header)
        click.echo("-" * len(header.encode("gbk", "replace")))
        for stage in handbook.stages:
            cells = []
            for dtype in handbook.debtor_types:
                row = next(r for r in rows if r["stage"] == stage.id and r["debtor_type"] == dtype.id)
                cells.append(f"{row['card'] or '—— 缺 ——'} ({row['questions']}题)")
            click.echo(f"{stage.id:<6} | " + " | ".join(cells))
        click.echo(f"{len(rows) - len(missing)}/{len(rows)} 格有话术卡")
    if missing:
        sys.exit(1)


@main.command()
@ROOT_OPTION
def schemas(root: Path) -> None:
    """重新生成编辑器用的 JSON Schema（schemas/*.schema.json）。"""
    from generator.schema import KINDS, json_schema

    for kind in KINDS:
        path = root / kind.schema_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo(f"写出 {kind.schema_file}")


@main.command("print")
@ROOT_OPTION
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="PDF 输出目录（默认 dist/print/）")
def print_pdfs(root: Path, out: Path | None) -> None:
    """打印版 PDF：口袋卡（A6，一张卡一页）和课堂讲义（议程、角色扮演单、评分表）。"""
    from generator import printing

    handbook, report = read_course(root)
    show(report)
    if handbook is None or report.failed():
        sys.exit(1)
    try:
        printed = printing.print_pdfs(handbook, out or root / "dist" / "print")
    except printing.PrintFailed as exc:
        click.echo(f"{exc}\n打印失败：没有写出 PDF", err=True)
        sys.exit(1)
    for item in printed:
        click.echo(f"写出 {item.path}（{item.pages} 页）")


@main.command()
@ROOT_OPTION
@click.option("--address", default="127.0.0.1:8000", show_default=True, help="预览地址")
def serve(root: Path, address: str) -> None:
    """实时预览：改完 YAML 保存，浏览器自动刷新。"""
    from generator.serve import serve as run

    run(root, address)


@main.command()
@ROOT_OPTION
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="zip 文件（默认 dist/handbook-offline.zip）")
def offline(root: Path, output: Path | None) -> None:
    """离线版：生成一个 zip，解压后直接双击 index.html 就能用（含搜索），不需要服务器。"""
    from generator.build import BuildFailed, build_site
    from generator.engine import build_lock
    from generator.offline import DEFAULT_ZIP, build_offline

    started = time.perf_counter()
    handbook, report = read_course(root)
    show(report)
    if handbook is None or report.failed():
        click.echo("离线版生成失败：请先改正上面的问题", err=True)
        sys.exit(1)
    target = output or root / DEFAULT_ZIP
    try:
        build_site(handbook, root, root / "site", engine=None)
        with build_lock(root):
            files = build_offline(root, target)
    except BuildFailed as exc:
        click.echo(f"离线版生成失败：{exc}", err=True)
        sys.exit(1)
    click.echo(f"离线版完成：{target}（{files} 个文件，{target.stat().st_size / 1e6:.1f} MB），用时 {time.perf_counter() - started:.1f} 秒")


@main.group()
def new() -> None:
    """新建带注释的空白文件：话术卡、异议、技巧、测验题（已有的文件不会被覆盖）。"""


def _scaffold(make: object, *args: object) -> None:
    from generator.scaffold import ScaffoldError

    try:
        written = make(*args)  # type: ignore[operator]
    except ScaffoldError as exc:
        click.echo(f"没有新建：{exc}", err=True)
        sys.exit(exc.code)
    click.echo(f"写出 {written.path}：{written.next_step}")


@new.command("card")
@ROOT_OPTION
@click.option("--stage", "stage_id", required=True, help="阶段 id，如 M2")
@click.option("--type", "type_id", required=True, help="客户类型 id，如 passive")
def new_card(root: Path, stage_id: str, type_id: str) -> None:
    """一张话术卡：scripts_library/<阶段>/<阶段>-<类型>.yml"""
    from generator import scaffold

    _scaffold(scaffold.new_card, root, stage_id, type_id)


@new.command("objection")
@ROOT_OPTION
@click.argument("item_id", metavar="ID")
def new_objection(root: Path, item_id: str) -> None:
    """一个客户异议：content/objections/<ID>.yml"""
    from generator import scaffold

    _scaffold(scaffold.new_objection, root, item_id)


@new.command("tactic")
@ROOT_OPTION
@click.argument("item_id", metavar="ID")
def new_tactic(root: Path, item_id: str) -> None:
    """一个技巧或分析框架：content/tactics/<ID>.yml"""
    from generator import scaffold

    _scaffold(scaffold.new_tactic, root, item_id)


@new.command("question")
@ROOT_OPTION
@click.option("--quiz", "quiz_id", required=True, help="加到哪套测验，如 m2-quiz（quizzes/m2-quiz.yml）")
@click.option("--kind", default="single", show_default=True, help="题型：single、multiple、truefalse、best_reply、order")
@click.option("--stage", "stage_id", default=None, help="阶段 id，如 M2")
@click.option("--type", "type_id", default=None, help="客户类型 id，如 passive")
@click.option("--id", "question_id", default=None, help="题目 id（默认按这套测验自动编号）")
def new_question(root: Path, quiz_id: str, kind: str, stage_id: str | None, type_id: str | None, question_id: str | None) -> None:
    """一道测验题：加在 quizzes/<测验>.yml 的最后"""
    from generator import scaffold

    _scaffold(scaffold.new_question, root, quiz_id, kind, stage_id, type_id, question_id)


@main.command()
@ROOT_OPTION
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="按哪一天计算（默认今天），如 2026-10-20")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def stale(root: Path, today: object, as_json: bool) -> None:
    """超过复核周期的话术卡，按负责人列出。"""
    import datetime as dt
    from itertools import groupby

    from generator.scaffold import stale_cards

    handbook, report = read_course(root)
    if handbook is None:
        show(report)
        sys.exit(1)
    day = today.date() if isinstance(today, dt.datetime) else dt.date.today()
    due = stale_cards(handbook, day)
    limit = handbook.course.review_interval_days
    if as_json:
        rows = [{"id": s.card.id, "owner": s.card.owner, "last_reviewed": s.card.last_reviewed.isoformat(), "days": s.days, "source": s.card.source} for s in due]
        click.echo(json.dumps({"today": day.isoformat(), "review_interval_days": limit, "stale": rows}, ensure_ascii=False, indent=2))
        return
    if not due:
        click.echo(f"没有待复核的话术卡（复核周期 {limit} 天，按 {day.isoformat()} 计算）")
        return
    click.echo(f"待复核的话术卡：超过 {limit} 天没有复核（按 {day.isoformat()} 计算）")
    for owner, group in groupby(due, key=lambda s: s.card.owner):
        cards = list(group)
        click.echo(f"\n{owner}（{len(cards)} 张）")
        for s in cards:
            click.echo(f"  {s.card.id}  最近复核 {s.card.last_reviewed.isoformat()}，已 {s.days} 天  {s.card.source}")
    click.echo(f"\n共 {len(due)} 张待复核：复核后把卡里的 last_reviewed 改成复核当天的日期")
