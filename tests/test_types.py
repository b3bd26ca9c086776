"""Types are checked in CI (mypy, settings in pyproject.toml); here, that every place the checker
is told to look away says which error it silences and why."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "qbcheck"
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def test_every_type_ignore_names_its_error_and_its_reason():
    bare = []
    for path in sorted(SRC.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            m = IGNORE.search(line)
            if m is None:
                continue
            reason = m.group("rest").strip().lstrip("#").strip()
            if not m.group("codes") or not reason:
                bare.append(f"{path.relative_to(SRC.parent)}:{n}: {line.strip()}")
    assert not bare, "a type: ignore needs [code]  # reason:\n" + "\n".join(bare)
