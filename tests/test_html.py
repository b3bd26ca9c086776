"""The offline HTML report: one file, nothing fetched, Chinese text rendered. The screenshot is
taken with headless Chromium (installed by .ci/run from the distribution's packages)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qbcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-county.xlsx"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "report.html"
    result = CliRunner().invoke(
        app, ["audit", str(DEMO), "--format", "html", "-o", str(out), "-s", "liaocheng-2025"]
    )
    assert result.exit_code == 1, result.output
    return out


def test_the_page_is_self_contained(page):
    text = page.read_text(encoding="utf-8")
    assert "default-src 'none'" in text  # the browser itself refuses any request
    for pattern in (r"<script", r"<link", r"<iframe", r"<img", r"url\(", r"@import", r"src="):
        assert not re.search(pattern, text, re.I), pattern
    urls = set(re.findall(r"https?://[^\s\"'<>]+", text))
    assert urls <= {"http://www.w3.org/2000/svg"}  # the SVG namespace is a name, not a request


def test_the_page_holds_the_verdict_the_charts_and_the_citations(page):
    text = page.read_text(encoding="utf-8")
    assert "优质均衡：未达到" in text
    assert text.count("<svg") == 2 + 14  # a CV chart per stage, a spread per indicator and stage
    assert "QB.A5.cv（小学）差异系数 0.586 超过 0.50" in text
    assert "所有指标校际差异系数，小学均小于或等于0.50" in text  # the citation's wording
    assert "马坊乡双庙小学" in text


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_headless_chromium_renders_it_with_chinese_labels(page, tmp_path):
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Chromium (.ci/run)")
        pytest.skip("Chromium is not installed here (CI installs it)")
    shot = tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars",
             "--window-size=1100,1600", f"--screenshot={shot}"]  # fmt: skip
    subprocess.run([browser, *flags, page.as_uri()], capture_output=True, timeout=120, check=False)
    assert shot.exists() and shot.stat().st_size > 20_000
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text, bars and dots: not a blank page
    # The title line is drawn in CJK glyphs: its band holds dark pixels.
    band = image.crop((20, 20, 700, 50))
    dark = sum(n for n, rgb in band.getcolors(maxcolors=1_000_000) if sum(rgb) < 200)
    assert dark > 300
    (ROOT / "tests" / "screenshots").mkdir(exist_ok=True)
    shutil.copy(shot, ROOT / "tests" / "screenshots" / "demo-report.png")
