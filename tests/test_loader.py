"""The loader: safe YAML, line numbers, encodings, and refusing what PyYAML would accept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.loader import load_file


def load(tmp_path: Path, content: bytes | str) -> tuple[object, list[str]]:
    path = tmp_path / "x.yml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    doc, problems = load_file(path, tmp_path)
    return doc, [p.format() for p in problems]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id: a\nname: 一\nid: b\n", "x.yml:3: 错误：重复的键 `id`（第 1 行已经写过）"),
        ("a: &x 1\nb: *x\n", "x.yml:1: 错误：不支持锚点 `&x`（YAML 的引用写法）：请把内容直接写出来；如果 & 是文字的一部分，给整段文字加上引号"),
        ("a:\n\t- b\n", "x.yml:2: 错误：YAML 语法错误：这一行用了 Tab 缩进，请改成空格"),
        ("a: [1, 2\nb: 3\n", "x.yml:1: 错误：YAML 语法错误（`a` 这一行）：方括号 [ 没有对应的 ]：列表要写完整，如 [先确认发票, 再约日期]"),
        ("title: 说明: 冒号\n", "x.yml:1: 错误：YAML 语法错误（`title` 这一行）：这里不能出现“: ”（英文冒号加空格）：给整段文字加引号，或改用中文冒号“：”"),
        ("a: 1\n---\nb: 2\n", "x.yml:2: 错误：YAML 语法错误：一个文件只能有一个文档（删掉单独一行的 `---`）"),
        ("a: !!python/object:os.system x\n", "x.yml:1: 错误：`a`：不支持 YAML 标签 `tag:yaml.org,2002:python/object:os.system`：只写普通文字、数字、列表和键值"),
        ("", "x.yml:1: 错误：文件是空的：至少要写 `id:` 等必填字段"),
        ("# 只有注释\n", "x.yml:1: 错误：文件是空的：至少要写 `id:` 等必填字段"),
        ("plan: [您看{金额}可以吗？]\n", "x.yml:1: 错误：YAML 语法错误（`plan` 这一行）：占位符 {…} 出现在没加引号的方括号列表里，会被当成 YAML 语法：给这一句加上英文双引号，如 [\"您好，{联系人}\"]"),
        ("a:\n  b: 1\n c: 2\n", "x.yml:3: 错误：YAML 语法错误（`c` 这一行）：缩进不对齐（同一层的字段要对齐，列表项以“- ”开头）"),
    ],
)
def test_bad_yaml_is_named_with_file_and_line(tmp_path: Path, content: str, expected: str) -> None:
    doc, problems = load(tmp_path, content)
    assert expected in problems


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 10)]
    started = time.perf_counter()
    doc, problems = load(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 0.5
    assert doc is None
    assert problems == ["x.yml:1: 错误：不支持锚点 `&a0`（YAML 的引用写法）：请把内容直接写出来；如果 & 是文字的一部分，给整段文字加上引号"]


def test_gbk_file_is_named_as_gbk(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "id: a\nname: 这个月没钱\n".encode("gbk"))
    assert doc is None
    assert problems == ["x.yml:2: 错误：文件不是 UTF-8 编码，看起来是 GBK/GB18030（记事本或 WPS 的默认中文编码）：请用编辑器另存为 UTF-8"]


def test_bom_is_a_warning_and_the_file_still_loads(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, b"\xef\xbb\xbfid: a\n")
    assert doc is not None and doc.data == {"id": "a"}  # type: ignore[attr-defined]
    assert problems == ["x.yml:1: 警告：文件开头有 BOM（字节顺序标记），已忽略；建议另存为“UTF-8 无 BOM”"]


def test_utf16_is_refused(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "id: a\n".encode("utf-16"))
    assert problems == ["x.yml:1: 错误：文件是 UTF-16 编码：请另存为 UTF-8（无 BOM）"]


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    started = time.perf_counter()
    doc, problems = load(tmp_path, "a: " + "很" * 3_500_000 + "\n")
    assert time.perf_counter() - started < 1
    assert problems == ["x.yml:1: 错误：文件太大（10.5 MB），上限是 1 MB：一个课程文件通常只有几 KB，检查是不是粘贴进了整篇文档；内容确实多就拆成多个文件"]


def test_lines_are_kept_for_keys_and_items(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "id: a\nitems:\n  - one\n  - two\nnested:\n  key: v\n")
    assert problems == []
    assert doc.lines[("items", 1)] == 4  # type: ignore[attr-defined]
    assert doc.lines[("nested", "key")] == 6  # type: ignore[attr-defined]
    assert doc.line(("nested", "key", "missing")) == 6  # type: ignore[attr-defined]


def test_mixed_line_endings_warn(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, b"id: a\r\nname: b\n")
    assert doc is not None
    assert problems == ["x.yml:1: 警告：文件混用了 Windows（CRLF）和 Unix（LF）换行符；建议统一为 LF"]
