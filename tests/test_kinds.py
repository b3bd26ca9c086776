"""The rule kinds: one module each, registered once; `rules show` explains every built-in rule
with its threshold and comparison; nothing outside the kinds branches on a concrete kind."""

from __future__ import annotations

import ast
import functools
import importlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qbcheck.cli import app
from qbcheck.core.messages import t
from qbcheck.kinds import KINDS, NAMES, AnyRule, evaluation_order, load_standard
from qbcheck.kinds.base import RuleBase
from qbcheck.rules.standards import ByStage, builtin_ids

runner = CliRunner()
SRC = Path(__file__).resolve().parents[1] / "src" / "qbcheck"
SIGN = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
BUILTIN = [(sid, rid) for sid in builtin_ids() for rid in load_standard(sid).rules]


def show(rid: str, sid: str, lang: str):
    # Wide enough that no row wraps: the test reads the threshold as one piece of text.
    return runner.invoke(
        app, ["rules", "show", rid, "--standard", sid, "--lang", lang], env={"COLUMNS": "400"}
    )


def _number(v: float, rule, std) -> str:
    ind = std.model.indicators.get(getattr(rule, "indicator", ""))
    return f"{v * 100:g}%" if ind is not None and ind.percent else f"{v:g}"


def _stage_values(values: ByStage) -> list[float]:
    return [v for v in (values.primary, values.junior) if v is not None]


def _thresholds(rule, std, lang):
    sign = SIGN[rule.op]
    if isinstance(rule.threshold, ByStage):
        values = _stage_values(rule.threshold)
    elif rule.threshold is not None:
        values = [rule.threshold]
    else:
        values = list(rule.threshold_by_type.values())
    return [f"{sign} {_number(v, rule, std)}" for v in values]


def _k_of_n(rule, std, lang):
    k = f"至少 {rule.k} 项" if lang == "zh" else f"at least {rule.k} of the {len(rule.of)}"
    floor = f"{rule.floor * 100:g}%"
    return [k, f"≥ 其标准的 {floor}" if lang == "zh" else f"≥ {floor}"]


def _attested(rule, std, lang):
    evidence = ["佐证" if lang == "zh" else "evidence"] if rule.evidence_required else []
    return ["是", *evidence]


# What the threshold row must hold, by kind: each number with its comparison. A kind not listed
# here is held to the general check (a threshold or limit row with a comparison in it).
EXPECTED = {
    "school_threshold": _thresholds,
    "county_threshold": _thresholds,
    "cv_limit": lambda r, std, lang: [f"CV ≤ {v:.2f}" for v in _stage_values(r.limit)],
    "cv_mean": lambda r, std, lang: [f"≤ {v:.2f}" for v in _stage_values(r.limit)],
    "school_classes": lambda r, std, lang: [f"≤ {v:g}" for v in _stage_values(r.limit)],
    "school_k_of_n": _k_of_n,
    "attestation": _attested,
    "veto": lambda r, std, lang: ["须填 否" if lang == "zh" else "must be 否"],
    "group_count": lambda r, std, lang: [
        f"的学校 ≥ {r.min} 所" if lang == "zh" else f"≥ {r.min} school(s) having"
    ],
}


@pytest.fixture(scope="module")
def loaded_once():
    """The command loads its standard as always, from a cache: 400 runs of it read each file
    once (the loading itself is tested in test_standards)."""
    import qbcheck.kinds

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(qbcheck.kinds, "load_standard", functools.cache(qbcheck.kinds.load_standard))
        yield


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("sid", "rid"), BUILTIN, ids=[f"{s}:{r}" for s, r in BUILTIN])
def test_rules_show_prints_every_builtin_rule_with_its_threshold(sid, rid, lang, loaded_once):
    std = load_standard(sid)
    rule = std.rules[rid]
    result = show(rid, sid, lang)
    assert result.exit_code == 0, result.output
    out = result.output
    labels = (t("show.threshold", lang), t("show.limit", lang))
    row = " ".join(line for line in out.splitlines() if line.startswith(labels))
    assert row, f"{rid}: no threshold or limit row"
    assert any(sign in row for sign in ("≥", "≤", ">", "<", "是", "否")), row
    for needle in EXPECTED.get(rule.kind, lambda *_: [])(rule, std, lang):
        assert needle in row, f"{rid}: {needle!r} not in {row!r}"
    assert t(f"kind.{rule.kind}", lang) in out
    assert std.rule_origin[rid] in out
    assert rule.citation.clause in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rules_show_of_an_unknown_rule_is_e301(lang):
    result = show("QB.Z9", "quality-balance-2017", lang)
    assert result.exit_code == 2
    assert "E301" in result.output and "QB.Z9" in result.output
    assert t("E301", lang, rule="QB.Z9") in result.output


def test_rules_show_names_the_filter_and_the_target_year():
    out = show("LC.B6a", "liaocheng-2025", "zh").output
    assert "城乡分类 ∈ {乡村}" in out and "compulsory_pupils < 100" in out
    out = show("LC.T1", "liaocheng-2025", "en").output
    assert "from 2027" in out and "the county ≤ 1.03" in out


def test_every_kind_is_one_module_with_its_documentation_schema_and_functions():
    assert list(KINDS) == list(NAMES)
    for name in NAMES:
        module = importlib.import_module(f"qbcheck.kinds.{name}")
        kind = KINDS[name]
        assert kind.rule is module.RULE and issubclass(kind.rule, RuleBase)
        assert kind.rule.model_fields["kind"].annotation.__args__ == (name,)
        assert kind.check is module.check and kind.evaluate is module.evaluate
        assert kind.describe is module.describe
        doc = kind.doc
        assert "```yaml" in doc and f"kind: {name}" in doc, f"{name}: no YAML example"
        assert "Missing data" in doc, f"{name}: no word on missing data"
        assert "`rules show`" in doc, f"{name}: does not say what rules show prints"
    assert set(AnyRule.__args__) == {k.rule for k in KINDS.values()}


def test_a_rule_is_evaluated_after_the_rules_it_combines():
    std = load_standard("quality-balance-2017")
    order = [r.id for r in evaluation_order(std.rules.values())]
    assert sorted(order) == sorted(std.rules)
    school = order.index("QB.A.school")
    assert all(order.index(m) < school for m in std.rules["QB.A.school"].requires())
    # otherwise the standard's order
    assert [r for r in order if r != "QB.A.school"] == [r for r in std.rules if r != "QB.A.school"]


# Below the formats, only the kinds know which kinds exist. (A format reads the result model's
# kind names to lay a finding out; the catalogue names each kind.)
CLASSES = {k.rule.__name__ for k in KINDS.values()}
OUTSIDE = [
    p
    for p in SRC.rglob("*.py")
    if not p.is_relative_to(SRC / "kinds")
    and not p.is_relative_to(SRC / "reports")
    and not p.is_relative_to(SRC / "core" / "messages")
    # the cells an Excel finding marks: a class-size finding marks its school's bands
    and p != SRC / "results" / "cells.py"
]


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_outside_the_kinds_branches_on_a_concrete_kind(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.alias) and (
            (node.id if isinstance(node, ast.Name) else node.name) in CLASSES
        ):
            bad.append(f"line {node.lineno}: names a kind's class")
        if isinstance(node, ast.Constant) and node.value in KINDS:
            bad.append(f"line {node.lineno}: names the kind {node.value!r}")
    assert not bad, f"{path.relative_to(SRC)}: {bad}"
