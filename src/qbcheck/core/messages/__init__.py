"""The one catalogue of every sentence a person reads, in Chinese and English, kept by area
(one module each beside this one) and merged here.

Keys are stable; error codes (E1xx input, E2xx rule files, E3xx usage) double as documented codes.
A test checks that every key has both languages and the same placeholders in each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qbcheck.core.messages import findings as _findings
from qbcheck.core.messages import inputs as _inputs
from qbcheck.core.messages import region as _region
from qbcheck.core.messages import region_ci as _region_ci
from qbcheck.core.messages import region_page as _region_page
from qbcheck.core.messages import reports as _reports
from qbcheck.core.messages import rulefiles as _rulefiles
from qbcheck.core.messages import usage as _usage
from qbcheck.core.messages import words as _words
from qbcheck.core.messages import xlsx as _xlsx

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


def _merge() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for area in (
        _inputs,
        _rulefiles,
        _usage,
        _findings,
        _words,
        _reports,
        _region,
        _region_ci,
        _region_page,
        _xlsx,
    ):
        twice = out.keys() & area.MESSAGES.keys()
        if twice:
            raise AssertionError(f"catalogue keys in two areas: {sorted(twice)}")
        out.update(area.MESSAGES)
    return out


CATALOGUE: dict[str, tuple[str, str]] = _merge()


@dataclass(frozen=True)
class Phrase:
    """A sentence kept as key and params, rendered later in whichever language is asked for."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class Joined:
    """A list of phrases and plain strings, rendered item by item and joined."""

    items: tuple[object, ...]
    sep: str = "、"

    def render(self, lang: Lang) -> str:
        sep = self.sep if lang == "zh" else ", "
        return sep.join(
            i.render(lang) if isinstance(i, Phrase | Joined) else str(i) for i in self.items
        )


def t(key: str, lang: Lang, /, **params: object) -> str:
    """Look a sentence up and fill it in; a missing key is a bug, so it raises."""
    zh, en = CATALOGUE[key]
    text = zh if lang == "zh" else en
    if not params:
        return text
    return text.format(
        **{k: v.render(lang) if isinstance(v, Phrase | Joined) else v for k, v in params.items()}
    )
