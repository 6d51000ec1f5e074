"""Step 5b, editions: the Traditional Chinese (Taiwan) edition, converted from the generated Simplified docs.

The course is written once, in Simplified Chinese. At build time every text file
of the docs folder is converted with OpenCC (``s2twp``: Traditional characters
and Taiwan phrasing) into ``build/zh-hant/docs``; the reviewed vocabulary list in
``content/zh_hant_overrides.yml`` is applied first, for the collection words
OpenCC gets wrong. A second engine config (``build/zh-hant/mkdocs.yml``) builds
that tree into ``site/zh-hant/``, with its own search index: jieba segments the
Traditional text with a dictionary converted by the same converter, so the
Traditional words a reader types (罰息、對帳單、律師函) are words in the index.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import os
import posixpath
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import opencc
import yaml

from generator.engine import BuildFailed
from generator.loader import load_file
from generator.parse import parse_documents
from generator.problems import ERROR, WARNING, Problem
from generator.schema import Kind, Model, Text
from generator.write import write_tree

NAME = "zh-hant"
LANGUAGE = "zh-TW"
OPENCC_CONFIG = "s2twp"
OVERRIDES = "content/zh_hant_overrides.yml"
EDITION_DIR = Path("build") / NAME
TEXT_SUFFIXES = (".md", ".json", ".js", ".css", ".csv", ".tsv", ".txt", ".html", ".svg")
_MARK_BASE = 0xF0000  # supplementary private use area: never in course text, passed through by OpenCC


class Override(Model):
    """One reviewed entry of content/zh_hant_overrides.yml."""

    simplified: Text
    traditional: Text
    why: Text


OVERRIDE_KIND = Kind("zh_hant_overrides", "繁体版词汇校正", (OVERRIDES,), Override, is_list=True)


def load_overrides(root: Path) -> tuple[list[Override], list[Problem]]:
    """The override list (empty when the file does not exist) and its problems."""
    path = root / OVERRIDES
    if not path.is_file():
        return [], []
    doc, problems = load_file(path, root)
    if doc is None:
        return [], problems
    items, found = parse_documents(OVERRIDE_KIND, [doc])
    problems += found
    overrides = [item for item in items if isinstance(item, Override)]
    plain = _opencc()
    seen: dict[str, int] = {}
    for item in overrides:
        if item.simplified in seen:
            problems.append(Problem(OVERRIDES, item.at("simplified"), f"`simplified` 的 `{item.simplified}` 重复了（第 {seen[item.simplified]} 行已经写过）"))
        seen.setdefault(item.simplified, item.at("simplified"))
        if plain.convert(item.simplified) == item.traditional:
            problems.append(
                Problem(OVERRIDES, item.at("traditional"), f"`{item.simplified}` 不用校正：OpenCC 本来就转换成 `{item.traditional}`，请删掉这一条", WARNING)
            )
    return overrides, problems


@functools.cache
def _opencc() -> opencc.OpenCC:
    """OpenCC, loaded once per process: reading its dictionaries costs more than converting a small course."""
    return opencc.OpenCC(OPENCC_CONFIG)


class Converter:
    """OpenCC s2twp with the reviewed overrides protected from it."""

    def __init__(self, overrides: list[Override]) -> None:
        self._opencc = _opencc()
        terms = sorted({o.simplified: o.traditional for o in overrides}.items(), key=lambda kv: -len(kv[0]))
        self._marks = {simplified: chr(_MARK_BASE + i) for i, (simplified, _) in enumerate(terms)}
        self._restore = {chr(_MARK_BASE + i): traditional for i, (_, traditional) in enumerate(terms)}
        self._protect = re.compile("|".join(map(re.escape, self._marks))) if terms else None
        self._unprotect = re.compile(f"[{chr(_MARK_BASE)}-{chr(_MARK_BASE + len(terms))}]") if terms else None
        self.terms = [traditional for _, traditional in terms]
        self.fingerprint = hashlib.sha256(repr((OPENCC_CONFIG, _version("opencc"), terms)).encode()).hexdigest()[:16]

    def convert(self, text: str) -> str:
        if self._protect is not None:
            text = self._protect.sub(lambda m: self._marks[m.group(0)], text)
        text = self._opencc.convert(text)
        if self._unprotect is not None:
            text = self._unprotect.sub(lambda m: self._restore[m.group(0)], text)
        return text


@dataclass
class Edition:
    """A converted edition, ready to be written: its docs files and engine config by path."""

    name: str
    files: dict[str, bytes]
    config: bytes
    jieba: dict[str, bytes]

    @property
    def config_path(self) -> Path:
        return EDITION_DIR / "mkdocs.yml"

    def write(self, root: Path) -> int:
        """Write the edition's docs, config and dictionaries; returns how many files changed."""
        base = root / EDITION_DIR
        changed = write_tree(base / "docs", self.files)
        changed += write_tree(base / "jieba", self.jieba)
        config = base / "mkdocs.yml"
        config.parent.mkdir(parents=True, exist_ok=True)
        if not config.is_file() or config.read_bytes() != self.config:
            config.write_bytes(self.config)
            changed += 1
        return changed


def traditional_edition(root: Path, files: dict[str, bytes]) -> Edition:
    """The zh-Hant edition of the docs ``files``: pages, data, scripts and config converted."""
    overrides, problems = load_overrides(root)
    errors = [p for p in problems if p.level == ERROR]
    if errors:
        raise BuildFailed("\n".join(p.format() for p in sorted(errors)))
    converter = Converter(overrides)
    converted = {path: convert_file(path, data, converter.convert) for path, data in files.items()}
    config = edition_config(root, converter, jieba_dictionary(converter), root / EDITION_DIR / "jieba" / "user.txt")
    return Edition(NAME, converted, config, {"user.txt": user_dictionary(root, converter)})


def convert_file(path: str, data: bytes, convert: Callable[[str], str]) -> bytes:
    """A text file converted (a byte order mark passes through); anything else as it is."""
    return convert(data.decode("utf-8")).encode("utf-8") if path.endswith(TEXT_SUFFIXES) else data


def jieba_dictionary(converter: Converter) -> Path:
    """jieba's own dictionary in Traditional (Taiwan) form.

    Converted once per converter fingerprint and kept in the temporary folder, like
    jieba's own cache, so every build on this machine (and jieba's prefix cache for
    it) reuses it.
    """
    target = Path(tempfile.gettempdir()) / f"handbook-jieba-{converter.fingerprint}.txt"
    if not target.is_file():
        spec = importlib.util.find_spec("jieba")
        if spec is None or spec.origin is None:
            raise BuildFailed("繁体版的搜索需要 jieba：pip install -e .")
        source = Path(spec.origin).parent / "dict.txt"
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        partial.write_text(converter.convert(source.read_text(encoding="utf-8")), encoding="utf-8")
        partial.replace(target)
    return target


def user_dictionary(root: Path, converter: Converter) -> bytes:
    """Words jieba must keep whole: the override terms, plus the main edition's user dictionary if it has one."""
    lines = [f"{term} 100000" for term in converter.terms if len(term) > 1]
    user = search_options(load_config(root / "mkdocs.yml")).get("jieba_dict_user")
    if isinstance(user, str) and (root / user).is_file():
        lines += converter.convert((root / user).read_text(encoding="utf-8")).splitlines()
    return ("\n".join(lines) + "\n").encode("utf-8")


def edition_config(root: Path, converter: Converter, dictionary: Path, user: Path) -> bytes:
    """The main mkdocs.yml with its text converted, pointed at the edition's docs, language and dictionaries."""
    main = load_config(root / "mkdocs.yml")
    config = _deep(main, converter.convert)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    if isinstance(main.get("site_url"), str) and main["site_url"].strip():  # the edition is published below the main site
        config["site_url"] = main["site_url"].strip().rstrip("/") + f"/{NAME}/"
    theme = config.setdefault("theme", {})
    theme["language"] = LANGUAGE
    if isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    alternates = (main.get("extra") or {}).get("alternate") or []
    if alternates:
        config["extra"]["alternate"] = [{**alt, "link": _relink(str(alt.get("link", "./")))} for alt in alternates]
    search = search_options(config)
    search["jieba_dict"] = str(dictionary.resolve())
    search["jieba_dict_user"] = str(user.resolve())
    header = "# 自动生成，不要手改：繁体版的网站引擎配置，来自 mkdocs.yml（generator/editions.py）\n"
    return (header + yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)).encode("utf-8")


def _relink(link: str) -> str:
    """A link written for the main site root, as seen from the edition's root."""
    if re.match(r"^[a-z]+:|^/", link):
        return link
    rel = posixpath.relpath(posixpath.normpath(link), NAME)
    return rel.rstrip("/") + "/"


def search_options(config: dict[str, Any]) -> dict[str, Any]:
    """The search plugin's options inside ``config`` (created, and made a mapping, if needed)."""
    plugins = config.setdefault("plugins", [])
    if isinstance(plugins, dict):
        if not isinstance(plugins.get("search"), dict):
            plugins["search"] = {}
        return plugins["search"]
    for i, plugin in enumerate(plugins):
        if plugin == "search":
            plugins[i] = {"search": {}}
            return plugins[i]["search"]
        if isinstance(plugin, dict) and "search" in plugin:
            if not isinstance(plugin["search"], dict):
                plugin["search"] = {}
            return plugin["search"]
    return {}


def _deep(value: Any, convert: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, list):
        return [_deep(v, convert) for v in value]
    if isinstance(value, dict):
        return {_deep(k, convert): _deep(v, convert) for k, v in value.items()}
    return value


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


class _Tagged:
    """A value with an engine-specific YAML tag (``!ENV``, ``!!python/name:…``), kept as written."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged(node))
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: _Tagged(node))
_ConfigDumper.add_representer(_Tagged, lambda dumper, value: value.node)


def load_config(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader that keeps unknown tags as opaque nodes
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise BuildFailed(f"{path.name}:{line}: 错误：网站引擎配置不是有效的 YAML：{exc.problem}") from None
    except OSError as exc:
        raise BuildFailed(f"{path.name}:1: 错误：无法读取网站引擎配置：{exc.strerror}") from None
    return data if isinstance(data, dict) else {}
