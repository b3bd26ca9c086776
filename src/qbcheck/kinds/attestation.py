"""A qualitative item the county declares 是 or 否 in the 县域指标 sheet, with evidence: never a
measured pass.

Many criteria (a reasonable school layout, uniform building standards, charters …) cannot be
computed from school figures. The county declares each one; 是 with its evidence is *attested*:
counted apart from the measured passes and to be verified on site. 否 fails (at risk before the
rule's `target_year`).

Options:

- `key`: a yes/no key of the 县域指标 sheet (`layout_reasonable`, `uniform_funding_norm` …);
- `evidence_required`: whether 是 needs the evidence column filled (default true).

```yaml
- id: QB.B1
  kind: attestation
  part: B
  key: layout_reasonable
```

Missing data: a blank item (or a file without the 县域指标 sheet) is *unknown*; so is 是 without
the evidence the rule requires.

`rules show` prints the item and what attests it: `县域指标「…」填 是，并附佐证材料（需现场核查）`.
"""

from __future__ import annotations

from typing import Literal

from qbcheck.core.messages import Lang, Phrase, t
from qbcheck.core.status import ATTESTED, FAIL, UNKNOWN, Status
from qbcheck.kinds.base import Context, Problems, RuleBase, yes_no_problems
from qbcheck.model.fields import COUNTY_KEYS_BY_KEY
from qbcheck.rules.standards import Standard, StandardBase


class Attestation(RuleBase):
    """A qualitative item the county declares 是/否 with evidence: never a measured pass."""

    kind: Literal["attestation"]
    key: str
    evidence_required: bool = True

    def input_keys(self) -> tuple[str, ...]:
        return (self.key,)


RULE = Attestation


def check(model: StandardBase, rule: Attestation) -> Problems:
    yield from yes_no_problems(rule.key)


def shared(rule: Attestation, std: Standard) -> bool:
    """A declaration of the 县域指标 sheet: the same for every county of a file."""
    return True


def evaluate(ctx: Context, rule: Attestation) -> None:
    def judge(value: object, evidence: str | None, heading: str) -> tuple[Status, Phrase | None]:
        if not value:
            return ctx.risk(rule, FAIL), Phrase("D06", {"heading": heading})
        if rule.evidence_required and not evidence:
            return UNKNOWN, Phrase("U10", {"heading": heading})
        return ATTESTED, None

    ctx.county_results.append(ctx.declaration(rule, rule.key, judge))


def describe(rule: Attestation, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    heading = COUNTY_KEYS_BY_KEY[rule.key].heading
    key = "show.attested.evidence" if rule.evidence_required else "show.attested"
    return [
        (t("show.item", lang), f"{heading} ({rule.key})"),
        (t("show.threshold", lang), t(key, lang, heading=heading)),
    ]
