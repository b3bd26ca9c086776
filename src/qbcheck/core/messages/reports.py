"""The reports' sentences and column headings."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- report --------------------------------------------------------------------------
    "report.title": ("{county} · {year} 年度 · {standard}", "{county} · {year} · {standard}"),
    "report.county_unnamed": ("（未填县区名称）", "(county name not given)"),
    "report.year_unknown": ("（年度未填）", "(year not given)"),
    "report.verdict": ("{regime}：{verdict}", "{regime}: {verdict}"),
    "report.verdict.counts": (
        "规则：{fail} 项未达标，{unknown} 项无法判定，{at_risk} 项存在风险，{attested} 项自评承诺，{passed} 项达标（判定年度 {as_of}）",
        "Rules: {fail} failing, {unknown} unknown, {at_risk} at risk, {attested} attested, {passed} passing (judged as of {as_of})",
    ),
    "verdict.pass": ("达到", "achieved"),
    "verdict.fail": ("未达到", "not achieved"),
    "verdict.unknown": ("不能判定", "cannot be decided"),
    "verdict.partial": (
        "部分评估（只评估了所选规则，不构成认定结论）",
        "partial (only the selected rules were checked; no verdict)",
    ),
    "report.selection": (
        "规则选择：--select {select}；--ignore {ignore}。",
        "Rule selection: --select {select}; --ignore {ignore}.",
    ),
    "report.blocking": ("阻碍认定的未达标项（{n}）：", "Blocking recognition, failing ({n}):"),
    "report.missing": ("缺少数据、无法判定（{n}）：", "Missing data, undecided ({n}):"),
    "report.other_targets": (
        "其他目标未达到或无法判定（不影响认定结论）（{n}）：",
        "Other targets failing or undecided, outside the verdict ({n}):",
    ),
    "report.at_risk": (
        "目标年度前尚未达到（{n}）：",
        "Targets not yet met before their year ({n}):",
    ),
    "report.county.title": (
        "县域指标、自评承诺与否决项",
        "County figures, attestations and vetoes",
    ),
    "report.no_county_sheet": (
        "文件中没有「县域指标」表：{n} 项县域指标、自评承诺和否决项无法判定。用 qbcheck template 生成该表。",
        "The file has no 县域指标 sheet: {n} county figures, attestations and vetoes are undecided. qbcheck template makes one.",
    ),
    "report.all_parts": ("全部 {n} 个", "all {n}"),
    "report.provenance.inputs": (
        "{n} 个输入文件 {digest}（sha256sum 文件… | sha256sum；各文件见 JSON 报告）",
        "{n} input files {digest} (sha256sum FILE… | sha256sum; each file in the JSON report)",
    ),
    "report.provenance": (
        "qbcheck {version} · 标准 {standard} · SHA-256：{files} · 运行于 {run_at}",
        "qbcheck {version} · standard {standard} · SHA-256: {files} · run at {run_at}",
    ),
    "report.cv.drivers": (
        "{rule}（{stage}）差异系数 {cv} 超过 {limit}，贡献最大的学校部分：",
        "{rule} ({stage}): CV {cv} over {limit}; the school parts that move it most:",
    ),
    "report.cv.driver": (
        "{name}（{id}）：占加权方差 {share}，去掉该校后差异系数为 {without}",
        "{name} ({id}): {share} of the weighted variance; without it the CV is {without}",
    ),
    "report.waived.mark": ("[已豁免]", "[waived]"),
    "report.waived.title": (
        "已豁免（{n}，不影响退出码）：",
        "Waived ({n}, not counted in the exit code):",
    ),
    "report.waived.item": (
        "{rule} {subject}：{status}；{justification}（{approved_by}，有效至 {expires}）",
        "{rule} {subject}: {status}; {justification} ({approved_by}, until {expires})",
    ),
    "report.waiver.expired": (
        "豁免已过期：{rule} {subject}（{where}，{expires} 到期），不再适用",
        "Waiver expired: {rule} {subject} ({where}, expired {expires}); no longer applied",
    ),
    "report.waiver.unused": (
        "豁免未被使用：{rule} {subject}（{where}）：没有与之对应的问题，可以删除",
        "Waiver unused: {rule} {subject} ({where}): no finding matches it; it can be removed",
    ),
    "report.html.spread": (
        "各校指标分布（红线为标准）",
        "Each indicator across the school parts (the red line is the threshold)",
    ),
    "report.html.run_title": ("{n} 个县区 · {standard}", "{n} counties · {standard}"),
    "report.html.summary": ("各县区结论", "The counties at a glance"),
    "report.html.excluded": ("不纳入评估的学校（{n}）", "Out of scope ({n})"),
    "report.html.provenance": ("运行记录与文件校验", "Provenance"),
    "report.html.citations": ("规则依据", "Citations"),
    "report.col.county": ("县区", "County"),
    "report.col.rules_fail": ("未达标规则", "Rules failing"),
    "report.col.rules_unknown": ("无法判定规则", "Rules undecided"),
    "report.col.parts_fail": ("未达标学校部分", "Failing school parts"),
    "report.col.parts_unknown": ("无法判定学校部分", "Undecided school parts"),
    "report.col.subject": ("对象", "Subject"),
    "report.col.status": ("状态", "Status"),
    "report.col.evidence": ("佐证材料", "Evidence"),
    "report.col.reason": ("原因", "Reason"),
    "report.col.location": ("单元格", "Cell"),
    "report.col.file": ("文件", "File"),
    "report.col.sha256": ("SHA-256", "SHA-256"),
    "report.col.part": ("评估方面", "Part"),
    "report.col.item": ("项目", "Item"),
    "report.class_size": ("班额", "class size"),
    "word.yes": ("是", "yes"),
    "word.no": ("否", "no"),
    "stage.school": ("全校", "whole school"),
    "report.cv.title": (
        "县域校际差异系数 · {stage}（{n} 所学校部分，在校生 {pupils} 人）",
        "Inter-school CV · {stage} ({n} school parts, {pupils} pupils)",
    ),
    "report.col.indicator": ("指标", "Indicator"),
    "report.col.mean": ("全县均值", "County mean"),
    "report.col.cv": ("差异系数", "CV"),
    "report.col.limit": ("限值", "Limit"),
    "report.col.passing": ("达标校", "Schools ok"),
    "report.col.verdict": ("结论", "Verdict"),
    "report.col.school": ("学校", "School"),
    "report.col.stage": ("学段", "Stage"),
    "report.col.value": ("实际值", "Value"),
    "report.col.threshold": ("标准", "Required"),
    "report.col.gap": ("差距", "Gap"),
    "report.col.fix": ("需补足", "To fix"),
    "report.col.rule": ("规则", "Rule"),
    "report.schools.title": (
        "学校达标：小学 {p_ok}/{p_n} 所学校部分达标，初中 {j_ok}/{j_n}",
        "Schools: {p_ok}/{p_n} primary and {j_ok}/{j_n} junior school parts pass",
    ),
    "report.failing.title": ("未达标的学校部分（{n}）", "Failing school parts ({n})"),
    "report.unknown.title": ("无法判定的学校部分（{n}）", "Undecided school parts ({n})"),
    "report.shown": (
        "仅显示前 {shown} 个，共 {total} 个；用 --limit 0 显示全部，或 --format json。",
        "Showing {shown} of {total}; use --limit 0 for all, or --format json.",
    ),
    "report.excluded": (
        "不纳入评估 {n} 所（{reason}）：{names}",
        "Out of scope, {n} ({reason}): {names}",
    ),
    "report.legend": (
        "差距 = 达到标准还需提高的数值；需补足 = 本学段部分需增加的数量（一贯制学校按学段折算）。",
        "Gap = how far the value is below the requirement; To fix = what this stage part must add "
        "(one-through schools: the stage's share).",
    ),
    # --- Markdown --------------------------------------------------------------------------
    "report.md.run_title": (
        "qbcheck 审核 · {n} 个县区 · {standard}",
        "qbcheck audit · {n} counties · {standard}",
    ),
}
