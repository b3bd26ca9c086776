"""`qbcheck validate`: read and check a data file, with no verdicts, for people and pipelines.

The table form prints a one-line summary and the warnings; problems go to stderr as in `audit`.
The JSON form (docs/json-output.md) carries the problems too, so a pipeline that gates
submissions reads one document whatever the outcome. Exit 0 when valid, 2 when not.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from qbcheck import __version__
from qbcheck.core import exitcodes
from qbcheck.core.errors import InputError, QbcheckError, render
from qbcheck.core.messages import Lang, t


def run(
    file: Path,
    lang: Lang,
    fmt: str,
    output: Path | None,
    max_rows: int,
    max_cells: int,
    emit: Callable,
) -> int:
    from qbcheck.files.guard import Limits
    from qbcheck.files.output import refuse_inputs
    from qbcheck.model.intake import Intake, load

    refuse_inputs(output, [file])
    intake: Intake | None = None
    error: QbcheckError | None = None
    try:
        intake = load(file, Limits(max_rows, max_cells))
    except InputError as exc:
        if fmt != "json":
            raise
        error = exc
    if fmt == "json":
        doc = document(file, lang, intake, error)
        emit(lambda out: _dump(doc, out), output)
        return exitcodes.OK if error is None else error.exit_code
    assert intake is not None

    def write(out) -> None:
        n = len(intake.datasets)
        counties = t("validate.counties", lang, n=n) if n > 1 else ""
        out.write(
            t(
                "validate.ok",
                lang,
                schools=intake.schools,
                counties=counties,
                warnings=len(intake.warnings),
            )
            + "\n"
        )
        if intake.warnings:
            out.write(render(intake.warnings, lang, "W120") + "\n")

    emit(write, output)
    return exitcodes.OK


def document(file: Path, lang: Lang, intake, error: QbcheckError | None) -> dict[str, object]:
    valid = error is None
    datasets = intake.datasets if intake else []
    first = datasets[0] if datasets else None
    return {
        "schema_version": "1.0",
        "qbcheck_version": __version__,
        "command": "validate",
        "file": str(file),
        "format": intake.kind if intake else None,
        "valid": valid,
        "exit_code": exitcodes.OK if error is None else error.exit_code,
        "schools": intake.schools if intake else None,
        "counties": [
            {
                "county_name": ds.county.county_name,
                "county_code": ds.county.county_code,
                "year": ds.county.year,
                "schools": len(ds),
            }
            for ds in datasets
        ],
        "ignored_columns": first.ignored if first else [],
        "errors": [p.as_dict(lang) for p in error.problems] if error else [],
        "warnings": [p.as_dict(lang) for p in intake.warnings] if intake else [],
    }


def _dump(doc: dict[str, object], out) -> None:
    json.dump(doc, out, ensure_ascii=False, indent=1, allow_nan=False)
    out.write("\n")
