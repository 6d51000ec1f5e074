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


@main.command()
@ROOT_OPTION
@click.option("--address", default="127.0.0.1:8000", show_default=True, help="预览地址")
def serve(root: Path, address: str) -> None:
    """实时预览：改完 YAML 保存，浏览器自动刷新。"""
    from generator.serve import serve as run

    run(root, address)
