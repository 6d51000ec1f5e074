"""Scale benchmark: a synthetic course of N cards, generated and built, with full and one-card-edit timings.

    python benchmarks/scale.py                      # N = 100 (three runs), 1,000, 5,000 (the big one takes minutes)
    python benchmarks/scale.py --sizes 100,1000     # any list; N is rounded up to a multiple of 4

A size listed more than once is judged on the median of its runs: at N = 100 a build takes
seconds and one busy moment of the disk moves the generator's share by several points.

The synthetic course is the bundled one with more overdue stages: N/4 stages × the
4 debtor types, so every cell still has exactly one card and the course passes the
same checks. Each card mixes fields of real cards of a comparable stage with varied
numbers, so pages and the search index have realistic size and vocabulary. Every N
runs in a fresh process (clean peak-memory figures) in a temporary folder that is
deleted afterwards; the disk is flushed before each timed step, so a step does not pay for
the previous one's writes. Besides the build, it times the live preview (`handbook serve`):
its first update and its update after one saved card. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import build, editions, engine  # noqa: E402
from generator.build import DOCS_DIR, build_site  # noqa: E402
from generator.editions import EDITION_DIR, NAME  # noqa: E402
from generator.model import Handbook  # noqa: E402
from generator.serve import Preview  # noqa: E402
from generator.validate import read_course  # noqa: E402

TYPES = ("passive", "sales-driven", "payment-driven", "strategic")
REAL_STAGES = ("M0", "M1", "M2", "M3", "legal")
class _Dumper(yaml.SafeDumper):
    """The course loader refuses YAML anchors and aliases, so never write any."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


MIX_FIELDS = ("situation", "goal", "tone", "key_line", "never_say", "do", "dont", "compliance", "follow_up", "objections")


# ---------------------------------------------------------------- the synthetic course


def make_course(target: Path, n: int, seed: int = 7) -> int:
    """Write a course of ``n`` cards (rounded up to a multiple of 4) into ``target``; returns the card count."""
    rng = random.Random(seed)
    for name in ("content", "quizzes"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    course = target / "content/course.yml"
    course.write_text(re.sub(r"(?m)^min_questions_per_cell:.*$", "min_questions_per_cell: 0", course.read_text(encoding="utf-8")), encoding="utf-8")

    real_stages = yaml.safe_load((ROOT / "content/stages.yml").read_text(encoding="utf-8"))
    real_cards = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "scripts_library").rglob("*.yml"))]
    by_stage = {s: [c for c in real_cards if c["stage"] == s] for s in REAL_STAGES}
    late_pool = by_stage["M3"] + by_stage["legal"]

    count = max(len(REAL_STAGES), -(-n // len(TYPES)))
    stages = [dict(s) for s in real_stages[:4]]
    for k in range(4, count - 1):
        model = slim(rng.choice(real_stages[2:4]))  # stages.yml must stay under the loader's 1 MB limit at N = 5,000
        model.update(id=f"M{k}", name=f"逾期{30 * (k - 1) + 1}–{30 * k}天", days_min=30 * (k - 1) + 1, days_max=30 * k)
        stages.append(model)
    legal = dict(real_stages[4])
    legal["days_min"] = 30 * (count - 2) + 1
    stages.append(legal)
    (target / "content/stages.yml").write_text(yaml.dump(stages, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")

    for stage in stages:
        folder = target / "scripts_library" / stage["id"].lower()
        folder.mkdir(parents=True, exist_ok=True)
        pool = by_stage.get(stage["id"], late_pool)
        for dtype in TYPES:
            card = synthetic_card(rng, stage["id"], dtype, pool)
            (folder / f"{card['id']}.yml").write_text(yaml.dump(card, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(stages) * len(TYPES)


def slim(stage: dict[str, Any]) -> dict[str, Any]:
    """A synthetic stage: every field of a real one, lists cut to their first item and text to 16 characters."""

    def cut(value: Any) -> Any:
        if isinstance(value, str):
            return value[:16]
        if isinstance(value, dict):
            return {k: cut(v) for k, v in value.items()}
        return [cut(v) for v in value[:1]] if isinstance(value, list) else value

    return {k: (v[:2] if k == "tactics" else v if k == "id" else cut(v)) for k, v in stage.items()}


def synthetic_card(rng: random.Random, stage: str, dtype: str, pool: list[dict[str, Any]]) -> dict[str, Any]:
    same_type = [c for c in pool if c["debtor_type"] == dtype] or pool
    card = json.loads(json.dumps(rng.choice(same_type), default=str))
    for key in MIX_FIELDS:
        card[key] = json.loads(json.dumps(rng.choice(pool)[key], default=str))
    card["scripts"] = {channel: json.loads(json.dumps(rng.choice([c for c in pool if channel in c["scripts"]] or [card])["scripts"].get(channel, script)))
                       for channel, script in card["scripts"].items()}
    card.update(id=f"{stage.lower()}-{dtype}", stage=stage, debtor_type=dtype, last_reviewed=str(card["last_reviewed"]))
    card["title"] = f"{card['title']}（{stage}）"
    return vary(rng, card)


def vary(rng: random.Random, value: Any) -> Any:
    """Different numbers in every card, so no two cards are the same text."""
    if isinstance(value, str):
        return re.sub(r"(?<![A-Za-z\d])\d{1,3}(?![\d-])", lambda m: str(max(1, int(m.group(0)) + rng.randint(-2, 9))), value)
    if isinstance(value, list):
        return [vary(rng, v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in ("id", "stage", "debtor_type", "last_reviewed", "tactics") else vary(rng, v)) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- one size, measured in its own process


def timed(module: Any, name: str, spent: dict[str, float], label: str) -> None:
    """Wrap ``module.name`` so the seconds it takes add up in ``spent[label]``."""
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - start

    setattr(module, name, wrapper)


def generate(root: Path) -> tuple[Handbook, float, int]:
    """Steps 1–5 (no engine): read, check, render, convert the zh-Hant edition, write."""
    start = time.perf_counter()
    hb, report = read_course(root)
    if hb is None or report.errors:
        raise SystemExit("synthetic course is invalid:\n" + "\n".join(report.lines()[:20]))
    summary = build_site(hb, root, root / "site", engine=None)
    return hb, time.perf_counter() - start, summary.changed


def settle() -> None:
    """Flush what earlier steps wrote, so a timed step does not pay for the previous one's disk writes."""
    os.sync()
    time.sleep(0.05)


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def measure(n: int, workdir: Path, engine_name: str) -> dict[str, Any]:
    root = workdir / "course"
    cards = make_course(root, n)
    settle()
    phases: dict[str, float] = {}
    for name, label in (("render_pages", "render"), ("traditional_edition", "zh-hant"), ("write_tree", "write")):
        timed(build, name, phases, label)
    timed(editions, "write_tree", phases, "write")
    hb, gen_seconds, _ = generate(root)
    phases["read"] = gen_seconds - sum(phases.values())
    phases = dict(phases)  # the one-card edit below adds to the wrapped timers; keep the full build's
    gen_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    runs: dict[str, float] = {}
    original = engine.build_once

    def build_once(engine_id: str, root_dir: Path, config: Path, out: Path) -> None:
        start = time.perf_counter()
        original(engine_id, root_dir, config, out)
        runs[NAME if NAME in config.parts else "zh"] = time.perf_counter() - start

    engine.build_once = build_once  # type: ignore[assignment]
    settle()
    start = time.perf_counter()
    engine.run_engine(root, root / "site", engine_name, editions=[(NAME, EDITION_DIR / "mkdocs.yml")])
    engine_seconds = time.perf_counter() - start
    engine_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    site = root / "site"
    card_pages = sorted(site.glob("cards/*/index.html"))
    sample = card_pages[:: max(1, len(card_pages) // 50)]
    index = site / "search/search_index.json"
    if not index.is_file():
        index = site / "search.json"  # Zensical
    result: dict[str, Any] = {
        "n": cards,
        "pages": sum(1 for _ in site.rglob("index.html")),
        "generator_s": gen_seconds,
        "phases": phases,
        "engine_s": engine_seconds,
        "engine_runs": runs,
        "generator_rss_mb": gen_rss,
        "engine_rss_mb": engine_rss,
        "card_gz": gz(site / "cards/m2-passive/index.html"),
        "card_gz_median": statistics.median(gz(p) for p in sample),
        "card_gz_max": max(gz(p) for p in sample),
        "index_raw": index.stat().st_size,
        "index_gz": gz(index),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
    }
    result.update(incremental(root, hb))
    result.update(preview_edit(root, hb))
    return result


def incremental(root: Path, hb: Handbook) -> dict[str, Any]:
    """Edit one phone line of one card, regenerate, and check that only changed bytes were rewritten."""
    docs = [root / DOCS_DIR, root / EDITION_DIR / "docs"]

    def snapshot() -> dict[Path, tuple[int, bytes]]:
        return {p: (p.stat().st_mtime_ns, p.read_bytes()) for d in docs for p in d.rglob("*") if p.is_file()}

    before = snapshot()
    card = hb.cards[len(hb.cards) // 2]
    path = root / card.source
    line = card.scripts["phone"].opening[0]
    path.write_text(path.read_text(encoding="utf-8").replace(line, line + "今天打扰您两分钟。", 1), encoding="utf-8")
    settle()
    _, seconds, changed = generate(root)
    after = snapshot()
    touched = [p for p in after if p not in before or after[p][0] != before[p][0]]
    differ = [p for p in after if p not in before or after[p][1] != before[p][1]]
    return {
        "incremental_s": seconds,
        "incremental_changed": changed,
        "incremental_touched": sorted(p.relative_to(root).as_posix() for p in touched),
        "incremental_only_changed": sorted(touched) == sorted(differ),
        "docs_files": len(after),
    }


def preview_edit(root: Path, hb: Handbook) -> dict[str, Any]:
    """`handbook serve`'s side of a save: the preview's update after one card changed (its caches warm)."""
    preview = Preview(root)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        start = time.perf_counter()
        preview.update()
        first = time.perf_counter() - start
        card = hb.cards[len(hb.cards) // 3]
        path = root / card.source
        line = card.scripts["phone"].opening[0]
        path.write_text(path.read_text(encoding="utf-8").replace(line, line + "我长话短说。", 1), encoding="utf-8")
        settle()
        start = time.perf_counter()
        shown = preview.update()
        seconds = time.perf_counter() - start
    if not shown:
        raise SystemExit("the preview did not take the edit")
    return {"preview_first_s": first, "preview_edit_s": seconds}


# ---------------------------------------------------------------- the report


def table(results: list[dict[str, Any]]) -> str:
    rows = [
        ("cards", lambda r: f"{r['n']:,}"),
        ("pages (both editions)", lambda r: f"{r['pages']:,}"),
        ("generator s", lambda r: f"{r['generator_s']:.2f}"),
        ("  read+check / render / zh-hant convert / write", lambda r: " / ".join(f"{r['phases'].get(k, 0):.2f}" for k in ("read", "render", "zh-hant", "write"))),
        ("engine build s", lambda r: f"{r['engine_s']:.1f}"),
        ("  简体 / 繁體 run", lambda r: f"{r['engine_runs'].get('zh', 0):.1f} / {r['engine_runs'].get(NAME, 0):.1f}"),
        ("generator / engine", lambda r: f"{100 * r['generator_s'] / r['engine_s']:.1f}%"),
        ("peak memory MB: generator / engine", lambda r: f"{r['generator_rss_mb']:.0f} / {r['engine_rss_mb']:.0f}"),
        ("card page HTML gz KB: m2-passive / median / max", lambda r: f"{r['card_gz'] / 1024:.1f} / {r['card_gz_median'] / 1024:.1f} / {r['card_gz_max'] / 1024:.1f}"),
        ("search index MB: raw / gz (简体)", lambda r: f"{r['index_raw'] / 1e6:.2f} / {r['index_gz'] / 1e6:.2f}"),
        ("site MB (files)", lambda r: f"{r['site_bytes'] / 1e6:.1f} ({r['site_files']:,})"),
        ("one-card edit: generator s", lambda r: f"{r['incremental_s']:.2f}"),
        ("serve preview s: first update / after one save", lambda r: f"{r['preview_first_s']:.2f} / {r['preview_edit_s']:.2f}"),
        ("one-card edit: files rewritten / docs files", lambda r: f"{len(r['incremental_touched'])} / {r['docs_files']:,}"),
        ("  untouched files keep bytes and mtime", lambda r: "yes" if r["incremental_only_changed"] else "NO"),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"{'':<{width}} | " + " | ".join(f"N={r['n']:,}".rjust(14) for r in results)]
    lines.append("-" * len(lines[0]))
    lines += [f"{name:<{width}} | " + " | ".join(fmt(r).rjust(14) for r in results) for name, fmt in rows]
    return "\n".join(lines)


def verdicts(results: list[dict[str, Any]]) -> list[str]:
    """Targets of the issue; a size given more than once (--sizes 100,100,100) is judged on the median of its runs."""
    out = []
    by_n: dict[int, list[dict[str, Any]]] = {}
    for r in results:
        by_n.setdefault(r["n"], []).append(r)
    for n, runs in by_n.items():
        shares = [r["generator_s"] / r["engine_s"] for r in runs]
        share = statistics.median(shares)
        each = f" (median of {len(runs)} runs: {', '.join(f'{s:.1%}' for s in shares)})" if len(runs) > 1 else ""
        out.append(f"{'PASS' if share < 0.10 else 'FAIL'}  N={n:,}: generator is {share:.1%} of the engine build (target < 10%){each}")
    sizes = sorted(by_n)
    median = {n: {key: statistics.median(r[key] for r in runs) for key in ("generator_s", "engine_s")} for n, runs in by_n.items()}
    for small, big in zip(sizes, sizes[1:], strict=False):
        factor = big / small
        gen, eng = (median[big][key] / median[small][key] for key in ("generator_s", "engine_s"))
        out.append(f"{'PASS' if gen <= factor * 1.1 else 'FAIL'}  generator grows {gen:.2f}× for {factor:.0f}× cards (linear: ≤ {factor * 1.1:.1f}×)")
        out.append(f"{'PASS' if eng <= factor * 1.1 else 'FAIL'}  engine grows {eng:.2f}× for {factor:.0f}× cards (target ≤ {factor * 1.1:.1f}×)")
    spread = max(r["card_gz_median"] for r in results) / min(r["card_gz_median"] for r in results)
    out.append(f"{'PASS' if spread < 1.05 else 'FAIL'}  card page HTML does not grow with N (median gz varies {spread - 1:.1%})")
    out.append(f"{'PASS' if all(r['incremental_only_changed'] for r in results) else 'FAIL'}  a one-card edit rewrites only files whose bytes changed")
    for r in results:
        out.append(f"      N={r['n']:,}: rewritten after the edit: {', '.join(r['incremental_touched'])}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,100,100,1000,5000", help="comma-separated card counts; a repeated size is judged on the median of its runs (default: 100,100,100,1000,5000)")
    parser.add_argument("--engine", default="mkdocs", choices=["mkdocs", "zensical"])
    parser.add_argument("--json", type=Path, help="also write the raw numbers to this file")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.workdir, args.engine), ensure_ascii=False))
        return
    results = []
    for n in (int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()):
        workdir = Path(tempfile.mkdtemp(prefix=f"handbook-scale-{n}-"))
        try:
            started = time.perf_counter()
            print(f"N={n:,} …", file=sys.stderr, flush=True)
            proc = subprocess.run(
                [sys.executable, __file__, "--one", str(n), "--workdir", str(workdir), "--engine", args.engine],
                capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"},
            )
            if proc.returncode != 0:
                raise SystemExit(f"N={n} failed:\n{proc.stderr[-3000:]}")
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(f"N={n:,} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"engine: {args.engine}; machine: {os.cpu_count()} cores")
    print(table(results))
    print()
    print("\n".join(verdicts(results)))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
