"""Step 1, load: read every course file as safe YAML, keeping the line of every key.

PyYAML's safe loader accepts duplicate keys and expands aliases (an alias bomb
takes minutes and gigabytes). Here anchors and aliases are refused while the
node tree is composed, duplicate keys are reported, and each value's location
is recorded so later steps can say ``path:line``.

Scalars follow YAML 1.2: only ``true``/``false`` are booleans and ``10:30`` is
text, so ``title: yes`` or ``when: 10:30`` mean what a trainer wrote.
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
from yaml.reader import Reader

from generator.problems import ERROR, WARNING, Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
_BRACKET = re.compile(r"[\[\]{}]")
_BARE_PLACEHOLDER = re.compile(r"\[[^\]\"']*\{[\u4e00-\u9fff]+\}")
# Invisible characters that slip in when text is pasted from web pages, Word or WeChat.
INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_ODD_BREAK = re.compile("[\u0085\u2028\u2029]")
_FULLWIDTH_COLON_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*：")
_QUOTED_START = re.compile(r"^\s*(?:-\s+)*(?:[A-Za-z_][\w-]*:\s+)?(?:-\s+)*([\"'])(?P<rest>.*)$")
_KEY_AT = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(?:\s|$)")
_CANNOT_START = re.compile(r"found character '(.+?)' that cannot start any token")
_UNKNOWN_ESCAPE = re.compile(r"found unknown escape character '(.+?)'")
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
_BOOL, _INT, _FLOAT = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"

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
    """Safe loader with YAML 1.2 scalars that refuses anchors, aliases and deep nesting before anything is expanded."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _INT, _FLOAT, "tag:yaml.org,2002:value")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise LoadError(_line(event.start_mark), f"不支持别名 `*{event.anchor}`（YAML 的引用写法）：请把内容直接写出来；如果 * 是文字的一部分，给整段文字加上引号")
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise LoadError(_line(event.start_mark), f"不支持锚点 `&{event.anchor}`（YAML 的引用写法）：请把内容直接写出来；如果 & 是文字的一部分，给整段文字加上引号")
        if self._depth >= MAX_DEPTH:
            raise LoadError(_line(event.start_mark), f"嵌套超过 {MAX_DEPTH} 层：课程文件用不到这么多层，检查是不是多写了方括号 [ ] 或花括号 {{ }}")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(_FLOAT, re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), list("-+.0123456789"))


def _line(mark: Any) -> int:
    return mark.line + 1 if mark is not None else 1


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _where(loc: Loc) -> str:
    """``scripts.phone.plan[0]`` for a key path (the loader's copy of parse.key_path)."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def decode(raw: bytes) -> tuple[str, list[tuple[int, str]]]:
    """UTF-8 text of a file, plus warnings; raises LoadError for other encodings and unreadable characters."""
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
    bad = Reader.NON_PRINTABLE.search(text)
    if bad:
        raise LoadError(
            _line_of(text, bad.start()),
            f"这一行有看不见的控制字符 U+{ord(bad.group(0)):04X}（常见于从网页、Word 或微信粘贴）：删掉这个字符，或者把这句话删掉重打",
        )
    odd = _ODD_BREAK.search(text)
    if odd:
        raise LoadError(
            _line_of(text, odd.start()),
            f"这一行有特殊的换行符 U+{ord(odd.group(0)):04X}（常见于从 Word 或网页粘贴）：删掉它，需要换行就直接按回车",
        )
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
            return None, [
                Problem(rel, 1, f"文件太大（{size / 1_000_000:.1f} MB），上限是 1 MB：一个课程文件通常只有几 KB，检查是不是粘贴进了整篇文档；内容确实多就拆成多个文件")
            ]
        text, warnings = decode(path.read_bytes())
        problems += [Problem(rel, line, msg, WARNING) for line, msg in warnings]
        node = _compose(text)
        if node is None or (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
            return None, problems + [Problem(rel, 1, "文件是空的：至少要写 `id:` 等必填字段")]
        doc = Document(rel, None)
        doc.data = _Converter(doc, text, problems).convert(node, ())
        return doc, problems
    except LoadError as exc:
        return None, problems + [Problem(rel, exc.line, exc.message)]
    except OSError as exc:
        return None, problems + [Problem(rel, 1, f"无法读取文件：{exc.strerror}")]


_FAST_LOADER: type | None = None
if hasattr(yaml, "CSafeLoader"):  # libyaml, when PyYAML was built with it: same scalars as _Loader

    class _FastLoader(yaml.CSafeLoader):
        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

    _FAST_LOADER = _FastLoader


def _too_deep(text: str) -> int | None:
    """The line where brackets nest past MAX_DEPTH: PyYAML's scanner slows down quadratically long before."""
    depth = 0
    for match in _BRACKET.finditer(text):
        depth = depth + 1 if match.group(0) in "[{" else max(0, depth - 1)
        if depth > MAX_DEPTH:
            return _line_of(text, match.start())
    return None


def _compose(text: str) -> Node | None:
    deep = _too_deep(text)
    if deep is not None:
        raise LoadError(deep, f"嵌套超过 {MAX_DEPTH} 层：课程文件用不到这么多层，检查是不是多写了方括号 [ ] 或花括号 {{ }}")
    if _FAST_LOADER is not None and not any(c in text for c in "&*!"):
        # Without `&` `*` `!` no anchor, alias or tag can be written, so libyaml may compose it (about 10× faster
        # on a large course). Any error, or a tree too deep, falls through to the checked composer below.
        try:
            node = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            node = None
        if node is not None and _shallow(node):
            return node
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except MarkedYAMLError as exc:
        rows = text.splitlines()
        line, message = _diagnose(exc, rows)
        key = _KEY_AT.match(rows[line - 1]) if line <= len(rows) else None
        where = f"（`{key.group(1)}` 这一行）" if key and f"`{key.group(1)}`" not in message else ""
        raise LoadError(line, f"YAML 语法错误{where}：{message}") from None
    finally:
        loader.dispose()


def _shallow(root: Node) -> bool:
    """Whether libyaml's tree stays within MAX_DEPTH levels (deeper trees get the checked composer's message).

    Also marks plain scalars the way the pure-Python composer does (style None, not "").
    """
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(node, ScalarNode) and node.style == "":
            node.style = None
        elif isinstance(node, SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
        elif isinstance(node, MappingNode):
            stack += [(child, depth + 1) for pair in node.value for child in pair]
    return True


def _before_problem(rows: list[str], line: int, exc: MarkedYAMLError) -> str:
    """The text of the problem's line up to where YAML stopped reading."""
    row = rows[line - 1] if line <= len(rows) else ""
    return row[: exc.problem_mark.column if exc.problem_mark else 0]


def _diagnose(exc: MarkedYAMLError, rows: list[str]) -> tuple[int, str]:
    """The line to point at and a plain-language reason for a YAML syntax error."""
    line = _line(exc.problem_mark or exc.context_mark)
    start = _line(exc.context_mark) if exc.context_mark else line
    problem, context = exc.problem or "", exc.context or ""
    first = max(1, min(start, line) - 1)
    for n in range(first, line + 1):
        row = rows[n - 1] if n <= len(rows) else ""
        if _BARE_PLACEHOLDER.search(row):
            return n, "占位符 {…} 出现在没加引号的方括号列表里，会被当成 YAML 语法：给这一句加上英文双引号，如 [\"您好，{联系人}\"]"
        colon = _FULLWIDTH_COLON_KEY.match(row)
        if colon:
            return n, f"`{colon.group(1)}` 后面用了中文冒号“：”：字段名后面要用英文冒号加一个空格，如 `{colon.group(1)}: …`"
    if "'\\t'" in problem:
        return line, "这一行用了 Tab 缩进，请改成空格"
    escape = _UNKNOWN_ESCAPE.search(problem)
    if escape:
        return line, f"双引号里的反斜杠 `\\{escape.group(1)}` 不是合法的写法：改用单引号 '…'，或者把 \\ 写成 \\\\"
    if "quoted scalar" in context and "end of stream" in problem:
        return start, "引号没有闭合：以引号开头的文字，结尾也要有同样的引号"
    unclosed = _unclosed_quote(rows, line)
    if unclosed:
        return unclosed, "引号没有闭合：以引号开头的文字，结尾也要有同样的引号"
    if "but found '<scalar>'" in problem or "but got '<scalar>'" in problem:
        if _before_problem(rows, line, exc).rstrip().endswith(("\"", "'")):
            return line, "引号只包住了开头的一段：以引号开头的文字，要整段放在引号里（或者改用中文引号“”）"
    if "expected a single document" in context:
        return line, "一个文件只能有一个文档（删掉单独一行的 `---`）"
    if "while scanning an alias" in context:
        return line, "以 * 开头的文字会被 YAML 当成别名：给整段文字加上引号（Markdown 的 ** 加粗不会生效，也不需要）"
    if "while scanning an anchor" in context:
        return line, "以 & 开头的文字会被 YAML 当成锚点：给整段文字加上引号"
    if "while scanning a block scalar" in context:
        return line, "以 | 或 > 开头的文字会被 YAML 当成多行文字的标记：给整段文字加上引号（Markdown 表格不会生效）"
    cannot = _CANNOT_START.search(problem)
    if cannot:
        return line, f"文字不能以“{cannot.group(1)}”开头（YAML 保留了这个符号）：给整段文字加上引号"
    if "mapping values are not allowed" in problem:
        if re.fullmatch(r"\s+(?:-\s+)?[A-Za-z_][\w-]*", _before_problem(rows, line, exc)):
            return line, "缩进不对齐：这一行比上面的字段多缩进了（同一层的字段要左对齐；如果上面是列表项，检查是不是少了“- ”）"
        return line, "这里不能出现“: ”（英文冒号加空格）：给整段文字加引号，或改用中文冒号“：”"
    if "could not find expected ':'" in problem:
        return line, "缺少“键: 值”中的冒号，或者缩进不对齐"
    if "flow sequence" in context:
        return start, "方括号 [ 没有对应的 ]：列表要写完整，如 [先确认发票, 再约日期]"
    if "flow mapping" in context:
        return start, "花括号 { 没有对应的 }：占位符以外的花括号要加引号，如 \"{客户}\""
    if "did not find expected key" in problem or "did not find expected '-'" in problem or "expected <block end>" in problem:
        return line, "缩进不对齐（同一层的字段要对齐，列表项以“- ”开头）"
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return line, problem
    return line, f"{context + '，' if context else ''}{problem}"


def _unclosed_quote(rows: list[str], last: int) -> int | None:
    """The first line up to ``last`` whose value opens a quote it never closes."""
    for n, row in enumerate(rows[:last], start=1):
        match = _QUOTED_START.match(row)
        if not match:
            continue
        quote, rest = match.group(1), match.group("rest")
        closed = re.search(r'(?<!\\)"', rest) if quote == '"' else "'" in rest.replace("''", "")
        if not closed:
            return n
    return None


_CONSTRUCTOR = yaml.SafeLoader("")


class _Converter:
    """Turns the composed node tree into plain data, recording the line of every key and item."""

    def __init__(self, doc: Document, text: str, problems: list[Problem]) -> None:
        self.doc = doc
        self.rows = text.splitlines()
        self.problems = problems

    def problem(self, line: int, message: str, level: str = ERROR) -> None:
        self.problems.append(Problem(self.doc.path, line, message, level))

    def convert(self, node: Node, loc: Loc) -> Any:
        self.doc.lines.setdefault(loc, _line(node.start_mark))
        if node.tag not in ALLOWED_TAGS:
            raise LoadError(_line(node.start_mark), _tag_message(node, loc))
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.convert(item, loc + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        self.check_cut(node, loc)
        return _scalar(node, loc)

    def mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = _line(key_node.start_mark)
            key = self.key(key_node, loc)
            if key in seen:
                self.problem(line, f"重复的键 `{key}`（第 {seen[key]} 行已经写过）")
                continue
            seen[key] = line
            self.doc.lines[loc + (key,)] = line
            result[key] = self.convert(value_node, loc + (key,))
            self.doc.lines[loc + (key,)] = line
        return result

    def key(self, node: Node, loc: Loc) -> str:
        """A key as the name it was written as; pasted invisible characters are reported and removed."""
        line = _line(node.start_mark)
        if not isinstance(node, ScalarNode):
            raise LoadError(line, "键必须是简单的文字")
        if node.tag == _MERGE:
            raise LoadError(line, "不支持合并键 `<<`（YAML 的引用写法）：请把内容直接写出来")
        if node.tag not in ALLOWED_TAGS:
            raise LoadError(line, _tag_message(node, loc))
        name = str(node.value)
        if name.startswith("\u3000"):
            raise LoadError(line, "这一行用全角空格（中文输入法下的空格）缩进：请改成半角空格")
        if _SURROGATE.search(name):
            raise LoadError(line, "字段名里有无效的字符（双引号里的 \\u 转义写错了）：请重新输入字段名")
        clean = INVISIBLE.sub("", name).replace("\u3000", "").strip()
        if clean != name:
            odd = next(ch for ch in name if INVISIBLE.match(ch) or ch == "\u3000" or ch.isspace())
            what = "全角空格" if odd == "\u3000" else f"看不见的字符 U+{ord(odd):04X}（常见于从网页或微信粘贴）"
            where = f"`{_where(loc)}` 下的" if loc else ""
            self.problem(line, f"{where}字段名 `{clean}` 里夹着{what}：删掉这个字段名重新输入")
        return clean

    def check_cut(self, node: ScalarNode, loc: Loc) -> None:
        """Warn when ` #` silently turned the rest of a plain value into a comment."""
        if node.style is not None or not loc or node.end_mark is None:
            return
        row = self.rows[node.end_mark.line] if node.end_mark.line < len(self.rows) else ""
        rest = row[node.end_mark.column :]
        if rest.startswith(" #"):  # one space: a cut sentence; two or more: a deliberate comment
            self.problem(
                _line(node.end_mark),
                f"`{_where(loc)}` 的文字在“ #”处断开了：空格后面的 # 会被当成注释，后面的字不会显示。"
                "要保留，给整段文字加上引号；如果确实是注释，在 # 前面空两格",
                WARNING,
            )


def _tag_message(node: Node, loc: Loc) -> str:
    tag = str(node.tag)
    mark = node.start_mark
    written = mark.buffer[mark.pointer : mark.pointer + 3] if mark is not None and mark.buffer else ""
    where = f"`{_where(loc)}`：" if loc else ""
    if written == "!!!":
        return f"{where}以 !!! 开头的文字会被 YAML 当成类型标签：给整段文字加上引号（Markdown 的 !!! 提示框不会生效，也不需要）"
    if tag.startswith("!") or tag.endswith(":!"):
        return f"{where}以 ! 开头的文字会被 YAML 当成类型标签（`{tag}`）：给整段文字加上引号"
    return f"{where}不支持 YAML 标签 `{tag}`：只写普通文字、数字、列表和键值"


def _scalar(node: ScalarNode, loc: Loc) -> Any:
    if node.tag == "tag:yaml.org,2002:str" and not _SURROGATE.search(node.value):
        return node.value  # plain text, by far the most common scalar: what the constructor would return
    where = f"`{_where(loc)}` 的" if loc else ""
    try:
        value = _CONSTRUCTOR.construct_object(node, deep=True)
    except (ConstructorError, ValueError):
        if node.tag == "tag:yaml.org,2002:timestamp":
            raise LoadError(_line(node.start_mark), f"{where}日期 `{node.value}` 不存在：检查月份和日子（格式如 2026-10-20）") from None
        raise LoadError(_line(node.start_mark), f"{where}值 `{node.value}` 无法识别：给它加上引号当作文字") from None
    if isinstance(value, str) and _SURROGATE.search(value):
        raise LoadError(_line(node.start_mark), f"{where}文字里有无效的字符（双引号里的 \\u 转义写错了）：删掉这个转义，直接输入文字")
    return value


def find_files(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    found = {p for pattern in patterns for p in root.glob(pattern) if p.is_file()}
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())
