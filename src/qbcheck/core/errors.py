"""Errors a user can act on: a stable code, a location, and a sentence from the catalogue.

Problems are collected, not raised one by one, so that a user fixes a whole file in one pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from qbcheck.core import exitcodes
from qbcheck.core.messages import Lang, t


@dataclass(frozen=True)
class Problem:
    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    location: str | None = None  # e.g. 学校!H12 or standards/x.yaml:17
    hint: str | None = None  # a catalogue key rendered with the same params, after the message

    def message(self, lang: Lang) -> str:
        text = t(self.code, lang, **self.params)
        if self.hint:
            text += " " + t(self.hint, lang, **self.params)
        return text

    def as_dict(self, lang: Lang) -> dict[str, object]:
        return {"code": self.code, "location": self.location, "message": self.message(lang)}


class QbcheckError(Exception):
    """Anything that stops a run before a verdict; the CLI turns it into a message and exit code."""

    exit_code = exitcodes.BAD_INPUT

    def __init__(self, problems: list[Problem], header: str | None = None) -> None:
        super().__init__(problems[0].code if problems else header)
        self.problems = problems
        self.header = header

    def render(self, lang: Lang, per_code: int = 20) -> str:
        """One paragraph per problem kind; long runs of one kind are cut with an exact count."""
        return render(self.problems, lang, self.header, per_code)


def render(
    problems: list[Problem], lang: Lang, header: str | None = None, per_code: int = 20
) -> str:
    """Problems grouped by code, at most `per_code` of a kind and the count of the rest."""
    lines: list[str] = []
    if header:
        lines.append(t(header, lang, count=len(problems)))
    by_code: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        by_code[p.code].append(p)
    indent = "  " if header else ""
    for code, group in by_code.items():
        for p in group[:per_code]:
            lines.append(f"{indent}[{code}] {p.message(lang)}")
        if len(group) > per_code:
            lines.append(f"{indent}{t('E121', lang, count=len(group) - per_code, code=code)}")
    return "\n".join(lines)


class InputError(QbcheckError):
    """The data file cannot be used."""


class RuleFileError(QbcheckError):
    """A standard (YAML rule file) is invalid."""


class UsageError(QbcheckError):
    """The command line asks for something that does not exist."""
