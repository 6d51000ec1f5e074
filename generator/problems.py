"""Problems found while reading and checking the course, collected and shown together."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    level: str = ERROR

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.level}：{self.message}"


@dataclass
class Report:
    """Every problem in every file; nothing is printed until all files were read."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message, ERROR))

    def warning(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message, WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems), key=lambda p: (p.path, p.line, p.message))

    def lines(self) -> list[str]:
        return [p.format() for p in self.sorted()]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "（是不是想写 `x`？）" hint, or an empty string when nothing is close."""
    choices = sorted(set(choices))
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5 if len(word) <= 3 else 0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    if not close and len(word) >= 3:
        close = [c for c in choices if c.startswith(word) or word in c][:1]
    return f"（是不是想写 `{close[0]}`？）" if close else ""
