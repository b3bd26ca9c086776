"""`qbcheck rules show RULE_ID`: what a rule checks, its thresholds, and where it comes from."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from qbcheck.core.messages import Lang, t
from qbcheck.rules.standards import CvLimit, SchoolKofN, SchoolThreshold, Standard


def _stages(values: dict[str, float | None], lang: Lang, prefix: str, fmt: str = "g") -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(
        f"{t(f'stage.{s}', lang)} {prefix}{v:{fmt}}" for s, v in values.items() if v is not None
    )


def render_rule(std: Standard, rule_id: str, console: Console, lang: Lang) -> None:
    rule = std.rules[rule_id]
    model = std.model
    console.print(Text(f"{rule.id}  {rule.title(lang)}", style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(t("show.kind", lang), t(f"kind.{rule.kind}", lang))
    if isinstance(rule, SchoolThreshold | CvLimit):
        ind = model.indicators[rule.indicator]
        grid.add_row(t("show.indicator", lang), f"{rule.indicator} {ind.name(lang)}")
        grid.add_row(t("show.formula", lang), ind.formula)
        grid.add_row(t("show.unit", lang), ind.unit(lang))
    if isinstance(rule, SchoolThreshold):
        op = "≥" if rule.op == ">=" else "≤"
        grid.add_row(t("show.threshold", lang), _stages(rule.threshold.model_dump(), lang, op))
    elif isinstance(rule, CvLimit):
        grid.add_row(t("show.limit", lang), _stages(rule.limit.model_dump(), lang, "CV ≤ ", ".2f"))
    elif isinstance(rule, SchoolKofN):
        text = t(
            "show.k_of_n", lang, rules=", ".join(rule.of), k=rule.k, floor=round(rule.floor * 100)
        )
        grid.add_row(t("show.threshold", lang), text)
    c = rule.citation
    grid.add_row(t("show.citation", lang), f"{c.document} {c.clause}")
    grid.add_row(t("show.original", lang), f"「{c.text}」")
    if c.url:
        grid.add_row("", c.url)
    grid.add_row(t("show.confidence", lang), t(f"confidence.{rule.confidence}", lang))
    if rule.note:
        grid.add_row(t("show.note", lang), rule.note(lang))
    grid.add_row(
        t("show.standard", lang), " → ".join(std.chain) + f"  ({std.rule_origin[rule.id]})"
    )
    console.print(grid)
