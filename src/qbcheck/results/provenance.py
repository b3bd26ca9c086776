"""What an inspector needs to reproduce a result: the tool's version, the standard and the exact
bytes of the input and of every rule file (SHA-256), and when the run happened."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from qbcheck import __version__
from qbcheck.evaluate.engine import AuditResult
from qbcheck.rules.standards import display_path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention: fixed reports)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def provenance(result: AuditResult, run_at: dt.datetime | None = None) -> dict[str, object]:
    std = result.standard
    when = run_at or run_time()
    return {
        "qbcheck_version": __version__,
        "standard": {"id": std.id, "edition": std.model.edition, "chain": std.chain},
        "input": {"file": str(result.dataset.source), "sha256": sha256(result.dataset.source)},
        "rule_files": [{"file": display_path(p), "sha256": sha256(p)} for p in std.files],
        "waivers": (
            {"file": str(result.waivers.path), "sha256": sha256(result.waivers.path)}
            if result.waivers is not None
            else None
        ),
        "run_at": when.isoformat(timespec="seconds"),
        "as_of": result.as_of,
    }
