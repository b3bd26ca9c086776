"""Rule files: the built-in standard, overlays with `extends:`, and errors with file:line."""

import textwrap

import pytest

from qbcheck.core.errors import RuleFileError
from qbcheck.kinds import load_standard
from qbcheck.kinds.cv_limit import CvLimit
from qbcheck.kinds.school_k_of_n import SchoolKofN
from qbcheck.kinds.school_threshold import SchoolThreshold
from qbcheck.rules.standards import builtin_ids

THRESHOLDS = {
    "A1": (4.2, 5.3),
    "A2": (1.0, 1.0),
    "A3": (0.9, 0.9),
    "A4": (4.5, 5.8),
    "A5": (7.5, 10.2),
    "A6": (2000, 2500),
    "A7": (2.3, 2.4),
}


def test_quality_balance_2017_has_the_stable_rule_ids_and_thresholds():
    std = load_standard("quality-balance-2017")
    for n in range(1, 8):
        rule = std.rules[f"QB.A{n}"]
        assert isinstance(rule, SchoolThreshold)
        assert (rule.threshold.primary, rule.threshold.junior) == THRESHOLDS[f"A{n}"]
        cv = std.rules[f"QB.A{n}.cv"]
        assert isinstance(cv, CvLimit) and cv.indicator == f"A{n}"
        assert (cv.limit.primary, cv.limit.junior) == (0.50, 0.45)
    school = std.rules["QB.A.school"]
    assert isinstance(school, SchoolKofN)
    assert (school.k, school.floor, len(school.of)) == (6, 0.85, 7)
    assert std.model.parameters.split_weights == {"primary": 1.0, "junior": 1.1, "senior": 1.32}
    assert std.model.scope.min_pupils == {"教学点": 50}


def test_every_rule_carries_a_citation_and_a_confidence_mark():
    for sid in builtin_ids():
        for rule in load_standard(sid).rules.values():
            assert rule.citation.document and rule.citation.clause and rule.citation.text
            assert rule.confidence in {"C1", "C2", "C3", "U"}
            assert rule.title.zh and rule.title.en


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_province_tightens_a_threshold_by_overlaying_a_file(tmp_path):
    path = write(
        tmp_path,
        "province.yaml",
        """\
        schema: qbcheck/standard/v1
        id: some-province
        extends: quality-balance-2017
        title: {zh: 某省, en: Some province}
        document: 某省文件
        edition: "2024"
        effective: 2024-01-01
        rules:
          - id: QB.A6
            threshold: {primary: 2500}
            citation: {document: 某省文件, clause: 第3条, text: 小学生均教学仪器设备值2500元以上}
            confidence: C1
        """,
    )
    std = load_standard(str(path))
    assert std.chain == ["some-province", "quality-balance-2017"]
    a6 = std.rules["QB.A6"]
    assert a6.threshold.primary == 2500 and a6.threshold.junior == 2500
    assert a6.citation.document == "某省文件"
    assert std.rules["QB.A1"].threshold.primary == 4.2  # untouched rules are inherited
    assert std.rule_origin["QB.A6"].endswith("province.yaml:9")


def base_text(extra: str) -> str:
    return textwrap.dedent(
        """\
        schema: qbcheck/standard/v1
        id: broken
        extends: quality-balance-2017
        title: {zh: 坏, en: Broken}
        document: x
        edition: "1"
        effective: 2024-01-01
        """
    ) + textwrap.dedent(extra)


@pytest.mark.parametrize(
    ("extra", "line", "needle"),
    [
        ("rules:\n  - id: QB.A1\n    threshhold: {primary: 5}\n", 10, "threshhold"),
        ("rules:\n  - id: QB.A1\n    threshold: {primary: lots}\n", 10, "lots"),
        ("rules:\n  - id: QB.A1\n    indicator: A9\n", 10, "A9"),
        ("rules:\n  - id: QB.X1\n    kind: magic\n", 9, "magic"),
        ("indicators:\n  A1:\n    formula: 100 * teachrs / pupils\n", 10, "teachrs"),
        ("indicators:\n  A1:\n    formula: __import__('os')\n", 10, "__import__"),
        ("rules:\n  - id: QB.A.school\n    of: [QB.A1, QB.A8]\n", 9, "QB.A8"),
        ("colour: red\n", 8, "colour"),
    ],
)
def test_invalid_rule_files_fail_with_file_and_line(tmp_path, extra, line, needle):
    path = write(tmp_path, "broken.yaml", base_text(extra))
    with pytest.raises(RuleFileError) as exc:
        load_standard(str(path))
    text = exc.value.render("en")
    assert f"broken.yaml:{line}" in text, text
    assert needle in text
    assert "broken.yaml" in exc.value.render("zh")


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "bad.yaml", "schema: qbcheck/standard/v1\nid: [unclosed\nedition: 1\n")
    with pytest.raises(RuleFileError) as exc:
        load_standard(str(path))
    assert exc.value.problems[0].code == "E202"
    assert "bad.yaml:" in exc.value.render("en")


def test_a_key_written_twice_is_an_error(tmp_path):
    path = write(tmp_path, "dup.yaml", base_text("edition: '2'\n"))
    with pytest.raises(RuleFileError) as exc:
        load_standard(str(path))
    assert "duplicate key 'edition'" in exc.value.render("en")


def test_extends_loop_is_reported(tmp_path):
    write(tmp_path, "a.yaml", "schema: qbcheck/standard/v1\nid: a\nextends: b.yaml\n")
    write(tmp_path, "b.yaml", "schema: qbcheck/standard/v1\nid: b\nextends: a.yaml\n")
    with pytest.raises(RuleFileError) as exc:
        load_standard(str(tmp_path / "a.yaml"))
    assert exc.value.problems[0].code == "E204"


def test_unknown_standard_lists_the_built_in_ones():
    with pytest.raises(RuleFileError) as exc:
        load_standard("quality-balance-2099")
    assert "quality-balance-2017" in exc.value.render("en")


def test_yaml_tags_that_construct_objects_are_refused(tmp_path):
    path = write(tmp_path, "evil.yaml", "!!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(RuleFileError):
        load_standard(str(path))
