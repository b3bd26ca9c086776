"""The region in the HTML page and the Excel workbook: the words their region tables share."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the region targets' table -------------------------------------------------------
    "region.page.col.target": ("区域目标", "Target"),
    "region.page.col.recognised": ("已达到", "Recognised"),
    "region.page.col.needed": ("需达到", "Needed"),
    "region.page.col.total": ("计入县区", "Counted"),
    "region.page.col.gap": ("还差", "Still needed"),
    "region.page.col.undecided": ("尚无法判定", "Undecided"),
    "region.page.col.target_year": ("目标年度", "Target year"),
    "region.page.col.judged": ("判定年度", "Judged as of"),
    "region.page.col.short": ("尚未达到的县区", "Not recognised yet"),
    "region.page.col.missing": ("不在本次输入中", "Not in this run"),
    "region.page.col.citation": ("依据", "Citation"),
    # --- the county rows --------------------------------------------------------------------
    "region.page.col.part": ("{part} {title}", "{part} {title}"),
    "region.page.col.margin": ("{stage}差异系数余量", "{stage} CV headroom"),
    "region.page.col.margin_of": ("{stage}余量最小的差异系数", "{stage} tightest CV"),
    "region.page.col.planned_year": ("计划申报年度", "Planned year"),
    "region.page.col.plan": ("计划进度", "Plan"),
    "region.page.col.cv": ("{label} 差异系数", "{label} CV"),
    "region.page.col.changes": ("较上年变化", "Changes since the year before"),
    # --- the year-on-year panels ----------------------------------------------------------
    "region.page.panels.note": (
        "每个县区一格：每个差异系数一行，逐年一条（由浅到深，由早到晚），颜色为当年结论，"
        "虚线为限值；各格刻度相同，可直接比较。",
        "One panel per county: a row per CV, a bar per year (light to dark, oldest first) "
        "coloured by that year's result, the limit dashed; every panel has the same scale.",
    ),
    "region.page.panel.scale": ("刻度 0–{top}", "scale 0–{top}"),
}
