"""The report formats, one module each, registered here in one place.

Each entry: the format's name (`--format`), the module that renders it, the extensions `-o`
may end in, whether it writes bytes (and so needs `-o`), and whether `validate` can write it.
A module is imported only when its format is used, so a plain audit never loads openpyxl.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qbcheck.results.model import Run

from qbcheck.reports.base import Format, Options


def _lazy(module: str) -> Callable[[Run, IO[Any], Options], None]:
    def render(run: Run, out: IO[Any], options: Options) -> None:
        import_module(f"qbcheck.reports.{module}").render(run, out, options)

    return render


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", _lazy("table"), (), validate=True),
        Format("json", _lazy("json"), (".json",), validate=True),
        Format("md", _lazy("markdown"), (".md", ".markdown")),
        Format("github", _lazy("github"), ()),
        Format("junit", _lazy("junit"), (".junit.xml", ".xml")),
        Format("sarif", _lazy("sarif"), (".sarif", ".sarif.json")),
        Format("html", _lazy("html"), (".html", ".htm")),
        Format("xlsx", _lazy("xlsx"), (".xlsx",), binary=True),
    )
}


def by_extension(name: str) -> Format | None:
    """The format an output file's name asks for (longest matching extension), if any."""
    lower = name.lower()
    best: tuple[int, Format] | None = None
    for f in FORMATS.values():
        for ext in f.extensions:
            if lower.endswith(ext) and (best is None or len(ext) > best[0]):
                best = (len(ext), f)
    return best[1] if best else None


__all__ = ["FORMATS", "Format", "Options", "by_extension"]
