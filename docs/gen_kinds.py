"""Write the "Rule kinds" section of docs/standards.md from the kinds' own documentation.

Each kind's module docstring (src/qbcheck/kinds/<kind>.py) is its documentation; the section
between the markers below is made from them, in the registry's order. Edit a docstring, then:

    PYTHONPATH=src python docs/gen_kinds.py           # rewrite the section
    PYTHONPATH=src python docs/gen_kinds.py --check   # exit 1 if the section is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from qbcheck.kinds import KINDS

DOC = Path(__file__).resolve().parent / "standards.md"
BEGIN = "<!-- rule kinds: generated from src/qbcheck/kinds/*.py by docs/gen_kinds.py -->"
END = "<!-- end of rule kinds -->"
REGENERATE = "PYTHONPATH=src python docs/gen_kinds.py"


def _summary(doc: str) -> str:
    """The docstring's first paragraph, on one line."""
    return " ".join(doc.split("\n\n", 1)[0].split())


def section() -> str:
    """The generated text between the markers: a table of the kinds, then each one's page."""
    lines = ["| kind | checks |", "|---|---|"]
    lines += [f"| [`{k.name}`](#{k.name}) | {_summary(k.doc)} |" for k in KINDS.values()]
    for k in KINDS.values():
        lines += ["", f"### `{k.name}`", "", k.doc]
    return "\n".join(lines)


def render(text: str) -> str:
    """`text` (the whole document) with the section between the markers regenerated."""
    head, begin, rest = text.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise SystemExit(f"{DOC}: the markers {BEGIN!r} and {END!r} are missing")
    return f"{head}{BEGIN}\n\n{section()}\n\n{END}{tail}"


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in argv:
        if current != wanted:
            print(f"{DOC.name}: the rule kinds section is out of date; run {REGENERATE}")
            return 1
        return 0
    if current != wanted:
        DOC.write_text(wanted, encoding="utf-8")
        print(f"{DOC.name}: rule kinds section rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
