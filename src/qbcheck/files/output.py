"""Writing an output file: through a temporary name beside it, then a rename, so that a failed
run never leaves half a report where a good one was, and errors read like every other error."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from qbcheck.core.errors import Problem, UsageError


def refuse_inputs(output: Path | None, inputs: Iterable[Path]) -> None:
    """E303 when the output path is one of the inputs: qbcheck never writes over what it read.
    (One check for every command that writes a file.)"""
    if output is None:
        return
    target = output.resolve()
    if any(target == path.resolve() for path in inputs):
        raise UsageError([Problem("E303", {"path": str(output)})])


def write_atomic(out: Path, save: Callable[[Path], None]) -> Path:
    """Call save(tmp) for a temporary path next to `out`, then move it into place.

    A path that exists and is not a regular file (/dev/null, a named pipe) is written straight
    through: renaming over it would replace the device itself."""
    if out.exists() and not out.is_file():
        try:
            save(out)
        except OSError as exc:
            detail = exc.strerror or str(exc)
            raise UsageError([Problem("E302", {"path": str(out), "detail": detail})]) from None
        return out
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        save(tmp)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        detail = exc.strerror or str(exc)
        raise UsageError([Problem("E302", {"path": str(out), "detail": detail})]) from None
    return out
