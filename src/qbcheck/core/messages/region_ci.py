"""The region in the formats pipelines read: Markdown, GitHub annotations, JUnit and SARIF."""

MESSAGES: dict[str, tuple[str, str]] = {
    # A county not recognised, as an annotation, a test case and a SARIF result say it.
    "region.ci.county": (
        "{verdict}；规则未达/待定 {rules}；未达标学校部分 {schools}；阻碍达到：{blocking}",
        "{verdict}; rules failing/undecided {rules}; failing school parts {schools}; "
        "blocking: {blocking}",
    ),
    "region.ci.case": ("{county} {year}：{verdict}", "{county} {year}: {verdict}"),
    "region.ci.notice": ("qbcheck 区域汇总", "qbcheck region"),
    "region.ci.verdict.title": ("县区的结论", "The county's verdict"),
    "region.ci.verdict.help": (
        "县区未达到或尚无法判定：未达标、无法判定的规则即阻碍达到的规则；"
        "用 --county 代码 查看该县区的完整报告。",
        "The county is not recognised, or cannot be decided yet: the rules failing or "
        "undecided are what blocks it; --county CODE gives its full report.",
    ),
}
