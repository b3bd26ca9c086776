"""Command line: wires read → model → evaluate → report, and maps errors to exit codes.

Only typer is imported at start-up; everything else loads inside the command that needs it, so
`qbcheck --help` stays fast. Help text follows QBCHECK_LANG or a `--lang en` on the command line.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, Literal

import typer

from qbcheck import __version__
from qbcheck.core import exitcodes
from qbcheck.core.messages import Lang, t
from qbcheck.reports import FORMATS

if TYPE_CHECKING:
    from qbcheck.reports.base import Format as ReportFormat
    from qbcheck.results.model import CountyAudit, Run


def _help_lang(argv: list[str]) -> Lang:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.endswith("=en") else "zh"
    return "en" if os.environ.get("QBCHECK_LANG", "zh").lower().startswith("en") else "zh"


H: Lang = _help_lang(sys.argv)


# The formats' names come from the one registry; validate offers only those it can write.
Format = StrEnum("Format", {name: name for name in FORMATS})  # type: ignore[misc]  # made at run time
ValidateFormat = StrEnum(  # type: ignore[misc]  # made at run time
    "ValidateFormat", {name: name for name, f in FORMATS.items() if f.validate}
)


class FailOn(StrEnum):
    fail = "fail"
    unknown = "unknown"
    at_risk = "at-risk"


class LangOpt(StrEnum):
    zh = "zh"
    en = "en"


app = typer.Typer(
    help=t("help.app", H),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
standards_app = typer.Typer(help=t("help.standards", H), no_args_is_help=True)
rules_app = typer.Typer(help=t("help.rules", H), no_args_is_help=True)
app.add_typer(standards_app, name="standards")
app.add_typer(rules_app, name="rules")

StandardOpt = Annotated[
    str, typer.Option("--standard", "-s", help=t("help.standard", H), metavar="ID|PATH")
]
LangOption = Annotated[LangOpt, typer.Option("--lang", "-l", help=t("help.lang", H))]
MAX_ROWS, MAX_CELLS = 300_000, 20_000_000  # guard.Limits' defaults (a test keeps them equal)
MaxRowsOpt = Annotated[
    int, typer.Option("--max-rows", help=t("help.max_rows", H), min=1, metavar="N")
]
MaxCellsOpt = Annotated[
    int, typer.Option("--max-cells", help=t("help.max_cells", H), min=1, metavar="N")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qbcheck {__version__}")
        raise typer.Exit(exitcodes.OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", help=t("help.version", H), callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    pass


@app.command(help=t("help.audit", H))
def audit(
    files: Annotated[
        list[Path], typer.Argument(help=t("help.input.files", H), metavar="FILE|FOLDER...")
    ],
    standard: StandardOpt = "quality-balance-2017",
    fmt: Annotated[Format | None, typer.Option("--format", "-f", help=t("help.format", H))] = None,
    lang: LangOption = LangOpt.zh,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=t("help.output", H), metavar="PATH")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help=t("help.limit", H), min=0)] = 200,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help=t("help.select", H), metavar="RULE_PREFIX"),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help=t("help.ignore", H), metavar="RULE_PREFIX"),
    ] = None,
    as_of: Annotated[
        int | None,
        typer.Option("--as-of", help=t("help.as_of", H), metavar="YEAR", min=1990, max=2100),
    ] = None,
    max_rows: MaxRowsOpt = MAX_ROWS,
    max_cells: MaxCellsOpt = MAX_CELLS,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help=t("help.fail_on", H), case_sensitive=False)
    ] = FailOn.unknown,
    waivers: Annotated[
        Path | None, typer.Option("--waivers", help=t("help.waivers", H), metavar="PATH")
    ] = None,
    county: Annotated[
        list[str] | None,
        typer.Option("--county", help=t("help.county", H), metavar="CODE"),
    ] = None,
    per_county: Annotated[bool, typer.Option("--per-county", help=t("help.per_county", H))] = False,
) -> None:
    from qbcheck.evaluate.engine import evaluate
    from qbcheck.files.guard import Limits
    from qbcheck.files.output import refuse_inputs
    from qbcheck.kinds import load_standard
    from qbcheck.model.intake import gather, load_all
    from qbcheck.reports import Options
    from qbcheck.results.build import build_run
    from qbcheck.rules.standards import select_rules

    # A run allocates millions of short-lived objects and makes no reference cycles worth
    # collecting: the cyclic collector would only rescan the dataset again and again.
    gc.disable()
    L: Lang = lang.value
    with _errors(L):
        inputs = gather(files)
        refuse_inputs(output, inputs)
        if per_county and output is None:
            from qbcheck.core.errors import Problem, UsageError

            raise UsageError([Problem("E309", {})])
        chosen = _format(fmt.value if fmt is not None else None, output)
        chosen_select, chosen_ignore = _split(select), _split(ignore)
        std = select_rules(load_standard(standard), chosen_select, chosen_ignore)
        intake, warnings = load_all(inputs, Limits(max_rows, max_cells))
        if len(inputs) == 1:
            _warn(intake.warnings, L)
        else:
            for path, found in warnings:
                # The region's own warnings (across files) have no one file: W125 heads them.
                header = "W121" if path is not None else "W125"
                _warn(found, L, header=header, path=str(path))
        results = [evaluate(ds, std, as_of) for ds in intake.datasets]
        if waivers is not None:
            import datetime as dt

            from qbcheck.rules.waivers import load_waivers

            accepted = load_waivers(waivers)
            for r in results:
                r.apply_waivers(accepted, dt.date.today())
        run = build_run(results, chosen_select, chosen_ignore, fail_on.value, judged_in=as_of)
        counties = tuple(_split(county))
        _check_counties(run, counties)
        options = Options(lang=L, limit=limit, counties=counties)
        if per_county and output is not None and run.region is not None:
            own = Options(lang=L, limit=limit)
            paths = _county_paths(run, output, chosen.extensions)
            for path, _ in paths:  # every path checked before anything is written
                refuse_inputs(path, inputs)
            for path, a in paths:
                _emit(_writer(chosen, run.county_run(a), own), path, chosen.binary)
        _emit(lambda out: chosen.render(run, out, options), output, binary=chosen.binary)
    raise typer.Exit(run.exit_code)


def _writer(fmt: ReportFormat, run: Run, options: Any) -> Callable[[IO[Any]], None]:
    return lambda out: fmt.render(run, out, options)


_UNSAFE = frozenset('/\\:*?"<>|')


def _county_paths(
    run: Run, output: Path, extensions: tuple[str, ...]
) -> list[tuple[Path, CountyAudit]]:
    """Where each county's own report goes with --per-county: beside the region report, its
    name plus the county's code (else name), plus the year when the run has several; a
    character no file system takes becomes _, and a name twice gets a number."""
    lower = output.name.lower()
    ext = next((e for e in extensions if lower.endswith(e)), output.suffix)
    stem = output.name[: len(output.name) - len(ext)] if ext else output.name
    years = {a.county.year for a in run.audits}
    out: list[tuple[Path, CountyAudit]] = []
    taken: set[str] = {output.name}
    for a in run.audits:
        key = a.county.code or a.county.name or a.source.stem
        key = "".join("_" if c in _UNSAFE or not c.isprintable() else c for c in key)
        name = f"{stem}-{key}" + (f"-{a.county.year}" if len(years) > 1 else "")
        candidate, n = f"{name}{ext}", 1
        while candidate in taken:
            n += 1
            candidate = f"{name}-{n}{ext}"
        taken.add(candidate)
        out.append((output.with_name(candidate), a))
    return out


def _check_counties(run: Run, wanted: tuple[str, ...]) -> None:
    """Every --county must name a county of the run (by code or name), or be `all`."""
    from qbcheck.core.errors import Problem, UsageError
    from qbcheck.reports.present import selected_audits

    for code in wanted:
        if code != "all" and not selected_audits(run, (code,)):
            every = (a.county.code or a.county.name or "?" for a in run.audits)
            names = "、".join(dict.fromkeys(every))
            raise UsageError([Problem("E308", {"code": code, "known": names})])


def _format(name: str | None, output: Path | None) -> ReportFormat:
    """The format asked for, or the one the output file's extension names (table when neither
    says). A format that contradicts the extension, or a binary one without -o, is refused."""
    from qbcheck.core.errors import Problem, UsageError
    from qbcheck.reports import FORMATS, by_extension

    implied = by_extension(output.name) if output is not None else None
    if name is None:
        chosen = implied or FORMATS["table"]
    else:
        chosen = FORMATS[name]
        if implied is not None and implied is not chosen and output is not None:
            raise UsageError(
                [Problem("E307", {"path": str(output), "format": name, "implied": implied.name})]
            )
    if chosen.binary and output is None:
        raise UsageError([Problem("E306", {"format": chosen.name})])
    return chosen


@standards_app.command("list", help=t("help.standards.list", H))
def standards_list(lang: LangOption = LangOpt.zh) -> None:
    from rich.console import Console
    from rich.table import Table

    from qbcheck.kinds import load_standard
    from qbcheck.rules.standards import builtin_ids

    L: Lang = lang.value
    with _errors(L):
        table = Table(box=None, pad_edge=False)
        for key in (
            "list.col.id",
            "list.col.title",
            "list.col.edition",
            "list.col.extends",
            "list.col.rules",
        ):
            table.add_column(t(key, L), overflow="fold")
        for sid in builtin_ids():
            std = load_standard(sid)
            m = std.model
            table.add_row(m.id, m.title(L), m.edition, m.extends or "—", str(len(std.rules)))
        Console().print(table)


@rules_app.command("list", help=t("help.rules.list", H))
def rules_list(
    standard: StandardOpt = "quality-balance-2017", lang: LangOption = LangOpt.zh
) -> None:
    from rich.console import Console
    from rich.table import Table

    from qbcheck.kinds import load_standard

    L: Lang = lang.value
    with _errors(L):
        std = load_standard(standard)
        table = Table(box=None, pad_edge=False)
        for key in ("list.col.id", "list.col.title", "show.citation", "show.confidence"):
            table.add_column(t(key, L), overflow="fold")
        for rid, rule in std.rules.items():
            table.add_row(rid, rule.title(L), rule.citation.clause, rule.confidence)
        Console().print(table)


@rules_app.command("show", help=t("help.rules.show", H))
def rules_show(
    rule_id: Annotated[str, typer.Argument(help=t("help.rule_id", H), metavar="RULE_ID")],
    standard: StandardOpt = "quality-balance-2017",
    lang: LangOption = LangOpt.zh,
) -> None:
    from rich.console import Console

    from qbcheck.cli.rule_doc import render_rule
    from qbcheck.core.errors import Problem, UsageError
    from qbcheck.kinds import load_standard

    L: Lang = lang.value
    with _errors(L):
        std = load_standard(standard)
        if rule_id not in std.rules:
            raise UsageError([Problem("E301", {"rule": rule_id})])
        render_rule(std, rule_id, Console(highlight=False), L)


class _errors:
    """Turn qbcheck's own errors into a message on stderr and exit 2; anything else is a bug."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> Literal[False]:
        if exc is None or isinstance(exc, typer.Exit | SystemExit | KeyboardInterrupt):
            return False
        from qbcheck.core.errors import QbcheckError

        if isinstance(exc, QbcheckError):
            typer.echo(exc.render(self.lang), err=True)
            raise typer.Exit(exc.exit_code)
        if os.environ.get("QBCHECK_DEBUG"):
            return False
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        typer.echo(t("E399", self.lang, kind=type(exc).__name__, detail=detail), err=True)
        raise typer.Exit(exitcodes.INTERNAL)


def _emit(write: Callable[[IO[Any]], None], output: Path | None, binary: bool = False) -> None:
    """Write to stdout, or to a file via a temporary name: a failed run leaves no half file."""
    if output is None:
        try:
            write(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (`qbcheck audit … | head`): not an error of the audit. Point
            # stdout at /dev/null so the interpreter's last flush stays quiet; the exit code
            # still says how the audit went.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return
    from qbcheck.files.output import write_atomic

    def save(path: Path) -> None:
        if binary:
            with path.open("wb") as fh:
                write(fh)
        else:
            with path.open("w", encoding="utf-8") as fh:
                write(fh)

    write_atomic(output, save)


def _split(values: list[str] | None) -> list[str]:
    """--select A,B and --select A --select B mean the same."""
    return [p.strip() for v in values or [] for p in v.split(",") if p.strip()]


def main() -> None:
    """The console script. Once the command has finished and its output is flushed, the process
    ends without tearing the interpreter down: freeing a national audit's millions of objects
    one by one would add a tenth of a second and change nothing."""
    try:
        app()
    except SystemExit as exc:
        if exc.code is not None and not isinstance(exc.code, int):
            raise  # a message for the interpreter to print
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise exc from None  # a closed or broken stream: let the interpreter deal with it
        os._exit(exc.code or 0)


def _warn(warnings: list, lang: Lang, header: str = "W120", path: str = "") -> None:
    """Warnings do not block: they go to stderr, before the report (under their file's name
    when several files are read)."""
    if warnings:
        from qbcheck.core.errors import render

        text = render(warnings, lang, None)
        head = t(header, lang, count=len(warnings), path=path)
        typer.echo(head + "\n" + "\n".join("  " + line for line in text.splitlines()), err=True)


@app.command(help=t("help.validate", H))
def validate(
    file: Annotated[Path, typer.Argument(help=t("help.input.file", H), metavar="FILE")],
    fmt: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help=t("help.format.validate", H))
    ] = ValidateFormat.table,  # type: ignore[attr-defined]  # a member made at run time
    lang: LangOption = LangOpt.zh,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=t("help.output", H), metavar="PATH")
    ] = None,
    max_rows: MaxRowsOpt = MAX_ROWS,
    max_cells: MaxCellsOpt = MAX_CELLS,
) -> None:
    from qbcheck.cli.validate import run

    L: Lang = lang.value
    with _errors(L):
        code = run(file, L, fmt.value, output, max_rows, max_cells, _emit)
    raise typer.Exit(code)


@app.command(help=t("help.template", H))
def template(
    out: Annotated[Path, typer.Argument(help=t("help.template.out", H), metavar="OUT.xlsx")],
    standard: StandardOpt = "quality-balance-2017",
    lang: LangOption = LangOpt.zh,
    example: Annotated[bool, typer.Option("--example", help=t("help.template.example", H))] = False,
    source: Annotated[
        Path | None, typer.Option("--from", help=t("help.template.from", H), metavar="FILE")
    ] = None,
) -> None:
    from qbcheck.cli.template import demo_path, write_template
    from qbcheck.core.errors import InputError, Problem
    from qbcheck.files.output import refuse_inputs
    from qbcheck.kinds import load_standard
    from qbcheck.model.intake import load

    L: Lang = lang.value
    with _errors(L):
        std = load_standard(standard)
        if example and source is None:
            source = demo_path()
            if not source.is_file():
                raise InputError([Problem("E141", {"path": str(source)})])
        refuse_inputs(out, [source] if source is not None else [])
        data = load(source, sanity=False).datasets if source is not None else None
        write_template(out, std, L, data)
