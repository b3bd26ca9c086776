"""一票否决: a veto item the county declares in the 县域指标 sheet; 是 (it applies) blocks
recognition whatever else passes.

The 2017 standard lists the vetoes (exam-based admission, key schools, falsified data …). 否 is
*attested*: the county's declaration, to be verified on site. 是 fails the rule, and a veto
fails its part (part `V`), so the verdict fails.

Options:

- `key`: a yes/no key of the 县域指标 sheet (`veto_exam_admission` …).

```yaml
- id: QB.V1
  kind: veto
  part: V
  key: veto_exam_admission
```

Missing data: a blank item (or a file without the 县域指标 sheet) is *unknown*: recognition
cannot be decided while a veto is undeclared.

`rules show` prints the item and what it must be: `县域指标「…」须填 否（填 是 即一票否决）`.
"""

from __future__ import annotations

from typing import Literal

from qbcheck.core.messages import Lang, Phrase, t
from qbcheck.core.status import ATTESTED, FAIL, Status
from qbcheck.kinds.base import Context, Problems, RuleBase, yes_no_problems
from qbcheck.model.fields import COUNTY_KEYS_BY_KEY
from qbcheck.rules.standards import Standard, StandardBase


class Veto(RuleBase):
    """一票否决: the county declares whether it applies; 是 blocks recognition."""

    kind: Literal["veto"]
    key: str

    def input_keys(self) -> tuple[str, ...]:
        return (self.key,)


RULE = Veto


def check(model: StandardBase, rule: Veto) -> Problems:
    yield from yes_no_problems(rule.key)


def shared(rule: Veto, std: Standard) -> bool:
    """A declaration of the 县域指标 sheet: the same for every county of a file."""
    return True


def evaluate(ctx: Context, rule: Veto) -> None:
    def judge(value: object, evidence: str | None, heading: str) -> tuple[Status, Phrase | None]:
        status: Status = FAIL if value else ATTESTED
        reason = Phrase("D05", {"heading": heading}) if value else None
        return status, reason

    ctx.county_results.append(ctx.declaration(rule, rule.key, judge))


def describe(rule: Veto, std: Standard, lang: Lang) -> list[tuple[str, str]]:
    heading = COUNTY_KEYS_BY_KEY[rule.key].heading
    return [
        (t("show.item", lang), f"{heading} ({rule.key})"),
        (t("show.threshold", lang), t("show.veto", lang, heading=heading)),
    ]
