"""`qbcheck rules show RULE_ID`: what a rule checks, its thresholds, and where it comes from.

The rows every rule has (kind, indicators, filter, target year, citation, confidence, note, the
standard and file:line) are printed here; what the rule requires is its kind's `describe`.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from qbcheck.core.messages import Lang, t
from qbcheck.kinds import describe
from qbcheck.kinds.base import filter_text
from qbcheck.rules.standards import Standard


def rule_rows(std: Standard, rule_id: str, lang: Lang) -> list[tuple[str, str]]:
    """(label, text) for each row `rules show` prints under the rule's title."""
    rule = std.rules[rule_id]
    indicators = std.model.indicators
    rows = [(t("show.kind", lang), t(f"kind.{rule.kind}", lang))]
    keys = [k for k in rule.indicator_keys() if k in indicators]
    if len(keys) == 1:
        ind = indicators[keys[0]]
        rows.append((t("show.indicator", lang), f"{keys[0]} {ind.name(lang)}"))
        rows.append((t("show.formula", lang), ind.formula))
        rows.append((t("show.unit", lang), ind.unit(lang)))
    for n, key in enumerate(keys if len(keys) > 1 else []):
        ind = indicators[key]
        label = t("show.indicator", lang) if n == 0 else ""
        rows.append((label, f"{key} {ind.name(lang)} · {ind.unit(lang)} · {ind.formula}"))
    rows += describe(rule, std, lang)
    if rule.where:
        rows.append((t("show.applies", lang), filter_text(rule.where, lang)))
    if rule.target_year is not None:
        rows.append(
            (t("show.target_year", lang), t("show.target_year.text", lang, year=rule.target_year))
        )
    c = rule.citation
    rows.append((t("show.citation", lang), f"{c.document} {c.clause}"))
    rows.append((t("show.original", lang), f"「{c.text}」"))
    if c.url:
        rows.append(("", c.url))
    rows.append((t("show.confidence", lang), t(f"confidence.{rule.confidence}", lang)))
    if rule.note:
        rows.append((t("show.note", lang), rule.note(lang)))
    chain = " → ".join(std.chain) + f"  ({std.rule_origin[rule.id]})"
    rows.append((t("show.standard", lang), chain))
    return rows


def render_rule(std: Standard, rule_id: str, console: Console, lang: Lang) -> None:
    rule = std.rules[rule_id]
    console.print(Text(f"{rule.id}  {rule.title(lang)}", style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, text in rule_rows(std, rule_id, lang):
        grid.add_row(Text(label), Text(text))  # rule files are data: no console markup
    console.print(grid)
