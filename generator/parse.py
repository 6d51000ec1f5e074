"""Step 2a, validate shapes: turn loaded documents into typed models.

pydantic does the checking; this module turns its errors into messages a
trainer can act on, each with the file, the line of the key and the key path.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator.loader import Document, Loc
from generator.problems import Problem, did_you_mean
from generator.schema import Kind, Model

M = TypeVar("M", bound=Model)


def parse_documents(kind: Kind, docs: list[Document]) -> tuple[list[Model], list[Problem]]:
    """All valid items of one kind, and a problem for each invalid one."""
    items: list[Model] = []
    problems: list[Problem] = []
    for doc in docs:
        if kind.is_list:
            if not isinstance(doc.data, list):
                problems.append(Problem(doc.path, doc.line(()), f"这个文件应该是列表（每项以“- ”开头），现在是{type_name(doc.data)}"))
                continue
            entries: list[tuple[Loc, Any]] = [((i,), value) for i, value in enumerate(doc.data)]
        else:
            entries = [((), doc.data)]
        by_item: dict[Any, dict[Loc, int]] = {}  # a list file's key lines, grouped once (not scanned per item)
        for loc, line in doc.lines.items():
            by_item.setdefault(loc[0] if loc else None, {})[loc] = line
        for prefix, value in entries:
            item, found = parse_item(kind.model, value, doc, prefix, by_item.get(prefix[0], {}) if prefix else doc.lines)
            problems += found
            if item is not None:
                items.append(item)
    return items, problems


def parse_item(model: type[M], value: Any, doc: Document, prefix: Loc, lines: dict[Loc, int] | None = None) -> tuple[M | None, list[Problem]]:
    if not isinstance(value, dict):
        where = key_path(prefix) or "文件"
        return None, [Problem(doc.path, doc.line(prefix), f"{where} 应该是键值对（`字段: 值`），现在是{type_name(value)}")]
    try:
        item = model.model_validate(value)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = prefix + tuple(error["loc"])
            problems.append(Problem(doc.path, doc.line(loc), explain(error, loc, model, prefix)))
        return None, problems
    item._source = doc.path
    item._line = doc.line(prefix)
    n = len(prefix)
    item._lines = {loc[n:]: line for loc, line in (doc.lines if lines is None else lines).items() if loc[:n] == prefix}
    return item, []


def explain(error: Any, loc: Loc, model: type[BaseModel], prefix: Loc) -> str:
    """A plain-language message for one pydantic error."""
    kind = error["type"]
    key = key_path(loc) or "文件"
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"缺少必填字段 `{key}`"
    if kind == "extra_forbidden":
        fields = fields_at(model, loc[len(prefix):-1])
        return f"未知字段 `{key}`{did_you_mean(str(loc[-1]), fields)}"
    if kind == "string_type":
        return f"`{key}` 应该是文字，现在是{type_name(value)}"
    if kind == "string_too_short":
        return f"`{key}` 不能为空"
    if kind == "string_pattern_mismatch":
        return (
            f"`{key}` 的值 `{value}` 不能用作文件名和网址：只能用小写英文字母、数字和连字符，"
            "且以字母或数字开头（例如 `no-money-this-month`）"
        )
    if kind in ("list_type", "tuple_type"):
        return f"`{key}` 应该是列表（每项一行，以“- ”开头），现在是{type_name(value)}"
    if kind == "too_short":
        return f"`{key}` 至少要有 {ctx.get('min_length', 1)} 项"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"`{key}` 应该是键值对（在下一行缩进写子字段），现在是{type_name(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"`{key}` 应该是整数，现在是{type_name(value)} `{value}`"
    if kind == "greater_than_equal":
        return f"`{key}` 不能小于 {ctx.get('ge')}，现在是 {value}"
    if kind == "less_than_equal":
        return f"`{key}` 不能大于 {ctx.get('le')}，现在是 {value}"
    if kind == "literal_error":
        expected = ctx.get("expected", "").replace("'", "`").replace(" or ", " 或 ")
        return f"`{key}` 只能是 {expected}，现在是 `{value}`{did_you_mean(str(value), literal_values(error))}"
    if kind.startswith("date"):
        return f"`{key}` 应该是日期，格式如 2026-10-20，现在是 `{value}`"
    if kind.startswith("bool"):
        return f"`{key}` 应该是 true 或 false，现在是 `{value}`"
    return f"`{key}`：{error['msg']}"


def literal_values(error: Any) -> list[str]:
    expected = (error.get("ctx") or {}).get("expected", "")
    return [part.strip().strip("'") for part in expected.replace(" or ", ",").split(",") if part.strip()]


def key_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def type_name(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值对"
    if isinstance(value, (dt.date, dt.datetime)):
        return "日期"
    return type(value).__name__


def fields_at(model: type[BaseModel], path: Loc) -> list[str]:
    """Field names of the model reached by following ``path`` from ``model``."""
    target: Any = model
    for part in path:
        if isinstance(target, type) and issubclass(target, BaseModel):
            if isinstance(part, int) or part not in target.model_fields:
                return []
            target = target.model_fields[part].annotation
        else:
            target = _inner(target)
    target = _inner(target) if not (isinstance(target, type) and issubclass(target, BaseModel)) else target
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def _inner(annotation: Any) -> Any:
    """The model inside list[...] / dict[..., ...] / Optional[...] / Annotated[...]."""
    for _ in range(5):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        origin = get_origin(annotation)
        args = [a for a in get_args(annotation) if a is not type(None)]
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (list, typing.Union, types.UnionType):
            annotation = args[0] if args else None
        elif origin is dict:
            annotation = args[1] if len(args) > 1 else None
        else:
            return annotation
    return annotation
