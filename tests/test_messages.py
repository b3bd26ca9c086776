"""Every sentence exists in both languages with the same placeholders."""

import re
import string
from pathlib import Path

from qbcheck.core.messages import CATALOGUE

SRC = Path(__file__).resolve().parents[1] / "src" / "qbcheck"


def fields(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_placeholders():
    for key, (zh, en) in CATALOGUE.items():
        assert zh.strip() and en.strip(), key
        assert fields(zh) == fields(en), key


def test_every_error_code_used_in_the_code_is_in_the_catalogue():
    used = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r'"([EFRUXD]\d{2,3})"', path.read_text(encoding="utf-8")))
    assert used, "no codes found"
    assert used <= set(CATALOGUE)


def test_no_key_is_written_twice_in_the_catalogue():
    """A dict literal keeps the last of two equal keys silently; the source must not have any."""
    keys = []
    for path in (SRC / "core" / "messages").glob("*.py"):
        keys += re.findall(r'^    "([^"]+)": \(', path.read_text(encoding="utf-8"), re.M)
    assert len(keys) == len(set(keys)), sorted(k for k in set(keys) if keys.count(k) > 1)
