"""What a report format is: one module with a `render(run, out, options)` and what it can do.

Formats are registered in `reports/__init__.py`, one line each. The command line reads the
registry for its choices, the extension of `-o`, and whether a format writes bytes or needs a
file; `validate` offers only the formats whose `validate` flag is set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qbcheck.results.model import Run

from qbcheck.core.messages import Lang


@dataclass(frozen=True)
class Options:
    lang: Lang = "zh"
    limit: int = 200  # school parts listed per section in human-readable reports (0: all)
    width: int | None = None  # terminal width for the table report
    # In a region run: the counties (code, name or "all") whose full report is rendered too.
    counties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    name: str
    render: Callable[[Run, IO[Any], Options], None]
    extensions: tuple[str, ...]  # what `-o` may end in; the first is the usual one
    binary: bool = False  # writes bytes: needs -o (never a terminal)
    validate: bool = False  # `qbcheck validate` can write it too
    lists_findings: bool = True  # every non-pass finding appears in it

    @property
    def needs_output(self) -> bool:
        return self.binary
