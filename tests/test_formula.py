"""Rule formulas are data: parsed to a whitelist, never executed, blank-propagating."""

import pytest

from qbcheck.rules.formula import FormulaError, compile_formula, to_list

NAMES = {"pupils", "teachers", "teaching_area", "indoor_sports_area"}


def test_evaluates_column_wise():
    f = compile_formula("100 * teachers / pupils", NAMES)
    assert to_list(f.evaluate({"teachers": [21, 5], "pupils": [500, 0]})) == [4.2, None]


def test_blank_operand_gives_unknown_never_zero():
    f = compile_formula("(teaching_area - indoor_sports_area) / pupils", NAMES)
    out = f.evaluate(
        {"teaching_area": [900.0, None], "indoor_sports_area": [0.0, 10.0], "pupils": [200, 100]}
    )
    assert to_list(out) == [4.5, None]


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('echo hi')",
        "pupils.__class__",
        "open('x')",
        "pupils ** 2",
        "[pupils]",
        "pupils if teachers else 0",
        "lambda: 1",
        "'text'",
    ],
)
def test_anything_but_arithmetic_is_refused(source):
    with pytest.raises(FormulaError):
        compile_formula(source, NAMES)


def test_unknown_name_is_named_in_the_error():
    with pytest.raises(FormulaError) as exc:
        compile_formula("100 * techers / pupils", NAMES)
    assert exc.value.key == "F02"
    assert exc.value.params["name"] == "techers"
