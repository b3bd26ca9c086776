"""The input-format document keeps up with the code: every input code and heading variant."""

import re
from pathlib import Path

from qbcheck.core.messages import CATALOGUE
from qbcheck.model.headings import ALIASES, REWORDINGS

DOC = (Path(__file__).resolve().parents[1] / "docs" / "data-format.md").read_text(encoding="utf-8")


def test_every_input_error_and_warning_code_is_documented_with_an_example():
    codes = [k for k in CATALOGUE if re.fullmatch(r"[EW]1\d\d", k) and k not in ("E120", "E121")]
    # E114 is unused; W120, W121 and W125 head a list of warnings (of the file, of one of
    # several, of several together)
    codes = [c for c in codes if c not in ("E114", "W120", "W121", "W125")]
    for code in codes:
        row = re.search(rf"^\| {code} \| [^|]+ \| `[^`]+` \|$", DOC, re.M)
        assert row, f"{code} has no row with an example in docs/data-format.md"


def test_every_heading_variant_is_documented():
    for variants in ALIASES.values():
        for v in variants:
            assert f"`{v}`" in DOC, v
    assert len(REWORDINGS) == 6, "a new rewording needs a row in docs/data-format.md"


def test_the_demo_script_writes_the_input_formats_own_headings():
    """examples/make_demo.py keeps its own copy of the headings (it cross-checks qbcheck with its
    own small formulas); each must be the field's canonical heading, in the format's order."""
    import importlib.util

    from qbcheck.model.fields import FIELDS_BY_KEY, SCHOOL_FIELDS, canonical_heading

    spec = importlib.util.spec_from_file_location(
        "make_demo", Path(__file__).parent.parent / "examples" / "make_demo.py"
    )
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)  # type: ignore[union-attr]
    for key, heading in demo.DEMO_FIELDS:
        assert heading == canonical_heading(FIELDS_BY_KEY[key]), key
    v1 = [f.key for f in SCHOOL_FIELDS if f.required or f.key == "senior_pupils"]  # format v1
    assert [key for key, _ in demo.FIELDS] == v1


def test_the_rule_kinds_section_is_made_from_the_kinds_docstrings():
    """docs/standards.md's "Rule kinds" is each kind module's docstring (docs/gen_kinds.py)."""
    import importlib.util

    path = Path(__file__).parent.parent / "docs" / "gen_kinds.py"
    spec = importlib.util.spec_from_file_location("gen_kinds", path)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)  # type: ignore[union-attr]
    current = gen.DOC.read_text(encoding="utf-8")
    assert current == gen.render(current), (
        "docs/standards.md's rule kinds section differs from the kinds' docstrings "
        f"(src/qbcheck/kinds/*.py): run `{gen.REGENERATE}` and commit the result"
    )
