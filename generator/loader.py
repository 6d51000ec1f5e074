"""Step 1, load: read every course file as safe YAML, keeping the line of every key.

PyYAML's safe loader accepts duplicate keys and expands aliases (an alias bomb
takes minutes and gigabytes). Here anchors and aliases are refused while the
node tree is composed, duplicate keys are reported, and each value's location
is recorded so later steps can say ``path:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.error import MarkedYAMLError
from yaml.events import AliasEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.problems import Problem
from generator.schema import Kind

MAX_BYTES = 1_000_000
_BARE_PLACEHOLDER = re.compile(r"\[[^\]\"']*\{[\u4e00-\u9fff]+\}")
ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Loc = tuple[Any, ...]


@dataclass
class Document:
    """One YAML file: its data and the line of every key and list item."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest located parent."""
        loc = tuple(loc)
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


class LoadError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses anchors and aliases before anything is expanded."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise LoadError(_line(event.start_mark), f"不支持别名 `*{event.anchor}`：请把内容直接写出来")
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise LoadError(_line(event.start_mark), f"不支持锚点 `&{event.anchor}`：请把内容直接写出来")
        return super().compose_node(parent, index)


def _line(mark: Any) -> int:
    return mark.line + 1 if mark is not None else 1


def decode(raw: bytes) -> tuple[str, list[tuple[int, str]]]:
    """UTF-8 text of a file, plus warnings; raises LoadError for other encodings."""
    warnings: list[tuple[int, str]] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(1, "文件是 UTF-16 编码：请另存为 UTF-8（无 BOM）")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        warnings.append((1, "文件开头有 BOM（字节顺序标记），已忽略；建议另存为“UTF-8 无 BOM”"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030（记事本或 WPS 的默认中文编码）"
        except UnicodeDecodeError:
            guess = "无法识别编码"
        raise LoadError(line, f"文件不是 UTF-8 编码，{guess}：请用编辑器另存为 UTF-8") from None
    if "\r\n" in text and "\n" in text.replace("\r\n", ""):
        warnings.append((1, "文件混用了 Windows（CRLF）和 Unix（LF）换行符；建议统一为 LF"))
    return text, warnings


def load_file(path: Path, root: Path) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file; never raises for bad content."""
    rel = path.relative_to(root).as_posix()
    problems: list[Problem] = []
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(rel, 1, f"文件太大（{size / 1_000_000:.1f} MB），上限是 1 MB：请拆成多个文件")]
        text, warnings = decode(path.read_bytes())
        problems += [Problem(rel, line, msg, "警告") for line, msg in warnings]
        node = _compose(text)
        if node is None:
            return None, problems + [Problem(rel, 1, "文件是空的：至少要写 `id:` 等必填字段")]
        doc = Document(rel, None)
        doc.data = _convert(node, (), doc, problems)
        return doc, problems
    except LoadError as exc:
        return None, problems + [Problem(rel, exc.line, exc.message)]
    except OSError as exc:
        return None, problems + [Problem(rel, 1, f"无法读取文件：{exc.strerror}")]


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except MarkedYAMLError as exc:
        line = _line(exc.problem_mark or exc.context_mark)
        start = _line(exc.context_mark) if exc.context_mark else line
        source = text.splitlines()[start - 1 : line]
        if any(_BARE_PLACEHOLDER.search(row) for row in source):
            raise LoadError(start, "YAML 语法错误：占位符 {…} 出现在没加引号的方括号列表里，会被当成 YAML 语法：给这一句加上英文双引号，如 [\"您好，{联系人}\"]") from None
        raise LoadError(line, _syntax_message(exc)) from None
    finally:
        loader.dispose()


def _syntax_message(exc: MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "'\\t'" in problem:
        return "YAML 语法错误：这一行用了 Tab 缩进，请改成空格"
    if "expected a single document" in (exc.context or ""):
        return "YAML 语法错误：一个文件只能有一个文档（删掉单独一行的 `---`）"
    if "mapping values are not allowed" in problem:
        return "YAML 语法错误：这里不能出现“: ”（英文冒号加空格）：给整段文字加引号，或改用中文冒号“：”"
    if "could not find expected ':'" in problem:
        return "YAML 语法错误：缺少“键: 值”中的冒号，或者缩进不对齐"
    if "flow sequence" in (exc.context or "") or "flow mapping" in (exc.context or ""):
        return "YAML 语法错误：方括号 [ ] 或花括号 { } 没有闭合"
    if "did not find expected key" in problem or "did not find expected '-'" in problem or "expected <block end>" in problem:
        return "YAML 语法错误：缩进不对齐（同一层的字段要对齐，列表项以“- ”开头）"
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return f"YAML 语法错误：{problem}"
    detail = f"{exc.context + '，' if exc.context else ''}{problem}"
    return f"YAML 语法错误：{detail}"


def _convert(node: Node, loc: Loc, doc: Document, problems: list[Problem]) -> Any:
    doc.lines.setdefault(loc, _line(node.start_mark))
    if node.tag not in ALLOWED_TAGS:
        raise LoadError(_line(node.start_mark), f"不支持 YAML 标签 `{node.tag}`：只写普通文字、数字、列表和键值")
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise LoadError(_line(key_node.start_mark), "键必须是简单的文字")
            key = _scalar(key_node)
            line = _line(key_node.start_mark)
            if key in seen:
                problems.append(Problem(doc.path, line, f"重复的键 `{key}`（第 {seen[key]} 行已经写过）"))
                continue
            seen[key] = line
            doc.lines[loc + (key,)] = line
            result[key] = _convert(value_node, loc + (key,), doc, problems)
            doc.lines[loc + (key,)] = line
        return result
    if isinstance(node, SequenceNode):
        return [_convert(item, loc + (i,), doc, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return _scalar(node)


_CONSTRUCTOR = yaml.SafeLoader("")


def _scalar(node: ScalarNode) -> Any:
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (ConstructorError, ValueError) as exc:
        raise LoadError(_line(node.start_mark), f"无法识别的值 `{node.value}`：{exc}") from None


def find_files(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    found = {p for pattern in patterns for p in root.glob(pattern) if p.is_file()}
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def load_all(root: Path, kinds: tuple[Kind, ...]) -> tuple[dict[str, list[Document]], list[Problem]]:
    """Every course file of every kind, read before anything is checked."""
    docs: dict[str, list[Document]] = {}
    problems: list[Problem] = []
    for kind in kinds:
        docs[kind.name] = []
        files = find_files(root, kind.patterns)
        if kind.required_file and not files:
            problems.append(Problem(kind.required_file, 1, f"缺少文件：{kind.label}（{kind.required_file}）"))
        for path in files:
            doc, found = load_file(path, root)
            problems += found
            if doc is not None:
                docs[kind.name].append(doc)
    return docs, problems
