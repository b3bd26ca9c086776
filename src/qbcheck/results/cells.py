"""Which input cells a school finding rests on, as field keys of the school sheet.

The annotated workbook colours and comments these cells. What a rule reads is decided by its
formula, so it is worked out here, beside the rules, once per rule and stage (`block_fields`,
stored on the `SchoolBlock`), and narrowed school by school on request (`cells_for`): a report
only looks the keys up in the data it echoes.
"""

from __future__ import annotations

from collections.abc import Iterable

from qbcheck.core.status import UNKNOWN
from qbcheck.model.fields import (
    CLASS_BANDS,
    COMPULSORY,
    COUNTY_KEYS_BY_KEY,
    FIELDS_BY_KEY,
    SCHOOL_FIELDS,
    SCHOOL_TYPES,
)
from qbcheck.results.model import CountyAudit, SchoolBlock
from qbcheck.rules.standards import RuleBase, Standard

# A formula's part-level name inside a stage part → the stage's field (pupils → primary_pupils).
_PART_KEY: dict[tuple[str, str], str] = {
    (f.stage, f.part_name): f.key for f in SCHOOL_FIELDS if f.stage and f.part_name
}


def _pupil_keys(stages: Iterable[str]) -> list[str]:
    return [f"{s}_pupils" for s in stages if s in COMPULSORY]


def block_fields(
    rule: RuleBase, std: Standard, stage: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(fields, blank_fields) of a school rule over one stage: the cells its formula reads (a
    k-of-n rule: the school's name, its members mark their own cells; a class-size rule: none
    here, they depend on the school's bands), and the further cells an undecided finding may
    be the blank of: the stage enrolments that split a whole-school total, and the columns of
    the rule's `where:`. Not yet narrowed to a school's stages."""
    keys: list[str] = []
    extra: list[str] = []
    if rule.requires():  # a rule combining others (k-of-n): its members mark their cells
        keys = ["name"]
    for indicator in rule.indicator_keys():  # a school_threshold: its indicator's formula
        for name in std.formulas[indicator].names:
            if name in COUNTY_KEYS_BY_KEY or name == "as_of_year":
                continue
            if name == "compulsory_pupils":
                keys.extend(_pupil_keys(COMPULSORY))
                continue
            key = _PART_KEY.get((stage, name), name) if stage else name
            f = FIELDS_BY_KEY.get(key)
            if f is None:
                continue
            keys.append(f.key)
            if f.split and stage:
                extra.extend(_pupil_keys(COMPULSORY))  # those of the school's stages, later
    for name in getattr(rule, "where", None) or {}:
        if name == "compulsory_pupils":
            extra.extend(_pupil_keys(COMPULSORY))
        elif name in FIELDS_BY_KEY:
            extra.append(name)
    fields = tuple(dict.fromkeys(keys))
    return fields, tuple(key for key in dict.fromkeys(extra) if key not in fields)


def finding_cells(audit: CountyAudit, block: SchoolBlock, k: int) -> tuple[list[str], list[str]]:
    """The field keys behind row k of a block, for its school: the cells its formula reads,
    and (for an undecided finding) further cells that may be the blank it names. A field of a
    stage the school does not have is left out."""
    i = block.school[k]
    stages = SCHOOL_TYPES.get(audit.schools.types[i], ())
    keys = list(block.fields)
    if block.rule.kind == "school_classes":
        keys = _class_cells(audit, block, k)

    def applies(key: str) -> bool:
        stage = FIELDS_BY_KEY[key].stage
        return stage is None or stage in stages

    keys = [key for key in dict.fromkeys(keys) if applies(key)]
    extra = [key for key in block.blank_fields if applies(key) and key not in keys]
    return keys, extra


def _class_cells(audit: CountyAudit, block: SchoolBlock, k: int) -> list[str]:
    """A class-size finding: the school's bands above the limit (all of them when undecided),
    or the stage's class count when classes come from a 班级 sheet or the file has no band."""
    ds = audit.data
    stage = block.stage or ""
    keys: list[str] = []
    if ds is not None and ds.classes is None:
        i = block.school[k]
        limit = float(block.thresholds[k])
        undecided = block.status[k] == UNKNOWN
        for part, _, low, high in CLASS_BANDS:
            key = f"{stage}_{part}"
            if high is not None and high <= limit:
                continue
            if key not in ds.columns:
                continue
            n = ds.columns[key][i]
            if undecided or (n and low > limit):
                keys.append(key)
    return keys or [f"{stage}_classes"]


def cells_for(audit: CountyAudit, block: SchoolBlock, k: int) -> list[str]:
    """The cells of the school's row a finding marks. Fail and at-risk findings mark every cell
    the formula reads that the file has; an undecided one marks the blank cells it names, and
    nothing when the cause is off the row (a column the file lacks, a county figure). A k-of-n
    finding marks the school's name whatever its status."""
    ds = audit.data
    if ds is None:
        return []
    present = ds.letters
    keys, extra = finding_cells(audit, block, k)
    keys = [key for key in keys if key in present]
    if block.status[k] == UNKNOWN and not block.rule.members:
        i = block.school[k]
        keys = [key for key in (*keys, *extra) if key in present and ds.columns[key][i] is None]
    return keys
