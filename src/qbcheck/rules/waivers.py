"""Accepted exceptions: a YAML list of findings a county has agreed to live with for a while.

A waiver names a rule, a subject (a school id, `county`, or a group such as a township) and
optionally a stage, with the justification, who approved it and an expiry date. A waived
finding keeps its status and stays in every report, marked waived and counted apart; it no
longer makes the exit code non-zero. From its expiry date a waiver no longer applies, and an
expired or unused waiver is reported, so stale exceptions cannot pile up unnoticed.

    - rule: QB.B4
      subject: "3715990001"
      justification: 新校区2026年9月启用，届时分流600人
      approved_by: 县教育局 2025-03-01 局务会
      expires: 2026-09-01
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from qbcheck.core.errors import Problem, RuleFileError
from qbcheck.rules.standards import explain


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    subject: str
    stage: Literal["primary", "junior"] | None = None
    justification: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    expires: dt.date


@dataclass
class Waivers:
    items: list[Waiver]
    path: Path
    lines: list[int]  # each item's line in the file
    used: set[int] = field(default_factory=set)

    def find(self, rule: str, subject: str, stage: str | None, today: dt.date) -> int | None:
        """The index of the waiver covering this finding, if one is in force."""
        for n, w in enumerate(self.items):
            covers = w.rule == rule and w.subject == subject and w.stage in (None, stage)
            if covers and today < w.expires:
                self.used.add(n)
                return n
        return None

    def expired(self, today: dt.date) -> list[int]:
        return [n for n, w in enumerate(self.items) if today >= w.expires]

    def unused(self, today: dt.date) -> list[int]:
        return [n for n, w in enumerate(self.items) if n not in self.used and today < w.expires]


def load_waivers(path: Path) -> Waivers:
    """Read a waivers file with a safe loader; every problem is reported with its line."""
    where = str(path)
    if path.is_dir():
        raise RuleFileError([Problem("E214", {"path": where}, where)])
    if not path.exists():
        raise RuleFileError([Problem("E213", {"path": where}, where)])
    try:
        text = path.read_text(encoding="utf-8")
        nodes = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(
            [Problem("E202", {"where": where, "detail": str(exc)}, where)]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{where}:{mark.line + 1}" if mark else where
        detail = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError([Problem("E202", {"where": at, "detail": detail}, at)]) from None
    if data is None:
        return Waivers([], path, [])
    if not isinstance(data, list):
        raise RuleFileError([Problem("E211", {"where": where}, where)])
    lines = [n.start_mark.line + 1 for n in nodes.value] if nodes is not None else []
    items: list[Waiver] = []
    problems: list[Problem] = []
    for n, item in enumerate(data):
        at = f"{where}:{lines[n] if n < len(lines) else '?'}"
        if isinstance(item, dict) and "subject" in item:
            item = {**item, "subject": str(item["subject"])}  # an id typed as a number
        try:
            items.append(Waiver.model_validate(item))
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(Problem("E212", {"where": at, "detail": explain(err)}, at))
    if problems:
        raise RuleFileError(problems, header="E209")
    return Waivers(items, path, lines)
