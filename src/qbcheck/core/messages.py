"""The one catalogue of every sentence a person reads, in Chinese and English.

Keys are stable; error codes (E1xx input, E2xx rule files, E3xx usage) double as documented codes.
A test checks that every key has both languages and the same placeholders in each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- input errors (E1xx) -------------------------------------------------------------
    "E101": ("找不到文件：{path}", "File not found: {path}"),
    "E102": (
        "无法读取工作簿 {path}：{detail}。请确认文件是 Excel 工作簿（.xlsx/.xlsm/.xls/.ods）且未损坏、未加密。",
        "Cannot read the workbook {path}: {detail}. Check that it is an Excel workbook "
        "(.xlsx/.xlsm/.xls/.ods), not damaged and not password-protected.",
    ),
    "E103": (
        "工作簿中没有名为「{sheet}」的工作表（现有：{found}）。",
        "The workbook has no sheet named '{sheet}' (sheets found: {found}).",
    ),
    "E104": (
        "工作表「{sheet}」第 1 行没有表头，或没有数据行。",
        "Sheet '{sheet}' has no header row in row 1, or no data rows.",
    ),
    "E105": ("缺少必填列「{heading}」。", "Required column '{heading}' is missing."),
    "E105.hint": (
        "表中有「{close}」，是否就是这一列？请改为规范表头。",
        "The sheet has '{close}': is that the column? Use the canonical heading.",
    ),
    "E106": (
        "列「{heading}」出现了两次（{cells}）。",
        "Column '{heading}' appears twice ({cells}).",
    ),
    "E107": (
        "{cell}「{heading}」：值「{value}」不是数字。",
        "{cell} '{heading}': the value '{value}' is not a number.",
    ),
    "E108": (
        "{cell}「{heading}」：值 {value} 为负数，应大于或等于 0。",
        "{cell} '{heading}': the value {value} is negative; it must be 0 or more.",
    ),
    "E109": (
        "{cell}「{heading}」：值 {value} 应为整数。",
        "{cell} '{heading}': the value {value} must be a whole number.",
    ),
    "E110": (
        "{cell}「{heading}」：值「{value}」不在可选范围内（可选：{choices}）。",
        "{cell} '{heading}': the value '{value}' is not one of the allowed values ({choices}).",
    ),
    "E111": (
        "{cell}「{heading}」：必填，不能为空。",
        "{cell} '{heading}': required, must not be blank.",
    ),
    "E112": (
        "{cell}「{heading}」：学校标识码「{value}」重复（另见 {other}）。",
        "{cell} '{heading}': school id '{value}' is duplicated (also at {other}).",
    ),
    "E113": (
        "列「{heading}」的单位「{unit}」无法识别（可用：{units}）。",
        "Column '{heading}': unit '{unit}' is not recognised (accepted: {units}).",
    ),
    "E115": (
        "{cell}：「{key}」的值「{value}」无效，应为{expected}。",
        "{cell}: the value '{value}' of '{key}' is not valid; expected {expected}.",
    ),
    "E117": (
        "{cell}「{key}」：值「{value}」无效，应为{expected}。",
        "{cell} '{key}': the value '{value}' is not valid; expected {expected}.",
    ),
    "expect.number": ("非负数", "a number ≥ 0"),
    "expect.ratio": ("比例（如 95% 或 0.95）", "a ratio (such as 95% or 0.95)"),
    "expect.yesno": ("是 或 否", "是 (yes) or 否 (no)"),
    "expect.year": ("年份（1990–2100）", "a year (1990–2100)"),
    "expect.level": ("等级 Ⅰ、Ⅱ、Ⅲ 或 Ⅳ", "a level Ⅰ, Ⅱ, Ⅲ or Ⅳ"),
    "E118": (
        "{cell}：指标「{key}」出现了两次（另见 {other}）。",
        "{cell}: the key '{key}' appears twice (also at {other}).",
    ),
    "E119": (
        "{cell}「{heading}」：学段「{value}」应为 小学 或 初中。",
        "{cell} '{heading}': the stage '{value}' must be 小学 or 初中.",
    ),
    "E120": (
        "输入文件有 {count} 处问题，未进行评估：",
        "The input file has {count} problem(s); nothing was evaluated:",
    ),
    "E121": (
        "……另有 {count} 处同类问题（{code}）。",
        "… and {count} more of the same kind ({code}).",
    ),
    # --- rule-file errors (E2xx) ---------------------------------------------------------
    "E201": (
        "找不到标准「{name}」。内置标准：{known}",
        "No standard '{name}'. Built-in standards: {known}",
    ),
    "E202": ("{where}：YAML 语法错误：{detail}", "{where}: YAML syntax error: {detail}"),
    "E203": ("{where}：{detail}", "{where}: {detail}"),
    "E204": (
        "{where}：继承关系出现循环：{chain}",
        "{where}: the 'extends' chain loops: {chain}",
    ),
    "E205": (
        "{where}：公式「{formula}」无效：{detail}",
        "{where}: the formula '{formula}' is not valid: {detail}",
    ),
    "E206": ("{where}：未知的指标「{name}」。", "{where}: unknown indicator '{name}'."),
    "E207": ("{where}：未知的规则「{name}」。", "{where}: unknown rule '{name}'."),
    "E208": ("{where}：规则编号「{name}」重复。", "{where}: rule id '{name}' is used twice."),
    "E210": ("{where}：{detail}", "{where}: {detail}"),
    "E211": (
        "{where}：豁免文件应为一个列表，每项一条豁免",
        "{where}: a waivers file is a list, one waiver per item",
    ),
    "E212": ("{where}：豁免项无效：{detail}", "{where}: invalid waiver: {detail}"),
    "E209": (
        "规则文件有 {count} 处问题：",
        "The rule file has {count} problem(s):",
    ),
    # --- rule-file details (R0x, inside E203) ---------------------------------------------
    "R01": ("缺少必填项「{name}」", "'{name}' is required"),
    "R02": ("未知的键「{name}」", "unknown key '{name}'"),
    "R03": (
        "「{name}」的值「{value}」无效，应为 {expected}",
        "'{name}': '{value}' is not one of {expected}",
    ),
    "R04": (
        "「{name}」：未知的规则类型「{value}」，应为 {expected}",
        "'{name}': unknown rule kind '{value}', expected {expected}",
    ),
    "R05": ("「{name}」：缺少规则类型 kind", "'{name}': the rule has no 'kind'"),
    "R06": ("「{name}」应为数字，而不是「{value}」", "'{name}' must be a number, not '{value}'"),
    "R07": (
        "「{name}」应为整数，而不是「{value}」",
        "'{name}' must be a whole number, not '{value}'",
    ),
    "R08": ("「{name}」应为文本", "'{name}' must be text"),
    "R09": (
        "「{name}」的值「{value}」格式不对（{expected}）",
        "'{name}': '{value}' does not match {expected}",
    ),
    "R10": ("规则文件的顶层必须是键值映射", "the top level of a rule file must be a mapping"),
    "R11": (
        "extends 必须是一个标准编号或文件路径",
        "'extends' must be one standard id or file path",
    ),
    "R12": ("「{name}」应为日期（YYYY-MM-DD）", "'{name}' must be a date (YYYY-MM-DD)"),
    "R13": ("「{name}」应为键值映射", "'{name}' must be a mapping"),
    "R14": ("「{name}」应为列表", "'{name}' must be a list"),
    "R15": (
        "「{name}」的值「{value}」超出范围（{expected}）",
        "'{name}': '{value}' is out of range ({expected})",
    ),
    "R20": (
        "未知的评估部分「{name}」（已定义：{known}）",
        "unknown part '{name}' (defined: {known})",
    ),
    "R21": ("不能按「{name}」筛选或分组", "cannot filter or group by '{name}'"),
    "R22": (
        "指标「{name}」是 {level} 级，此规则需要 {expected} 级",
        "indicator '{name}' is at {level} level; this rule needs {expected}",
    ),
    "R23": (
        "按学段的指标需要按学段给出标准（primary/junior）",
        "a per-stage indicator needs a threshold per stage (primary/junior)",
    ),
    "R24": (
        "不分学段的指标需要一个数值标准",
        "an indicator without stages needs a single number as threshold",
    ),
    "R25": (
        "「{name}」不是县域指标表中的是/否项（可用：{known}）",
        "'{name}' is not a yes/no key of the county sheet (known: {known})",
    ),
    "R26": ("「{name}」的筛选值应为列表", "the filter on '{name}' must be a list of words"),
    "R27": (
        "「{name}」的筛选应为范围（min/max/below/above）",
        "the filter on '{name}' must be a range (min/max/below/above)",
    ),
    "R16": ("「{name}」不能为空", "'{name}' must not be empty"),
    "R99": ("「{name}」：{detail}", "'{name}': {detail}"),
    # --- usage errors (E3xx) -------------------------------------------------------------
    "E301": ("找不到规则「{rule}」。", "No rule '{rule}'."),
    "E302": ("无法写入输出文件 {path}：{detail}", "Cannot write the output file {path}: {detail}"),
    "E303": (
        "输出文件不能是输入文件本身：{path}（qbcheck 从不修改输入文件）",
        "The output file must not be the input file: {path} (qbcheck never modifies its input)",
    ),
    "E306": (
        "--format xlsx 需要用 --output 指定要写入的工作簿",
        "--format xlsx needs --output: the workbook to write",
    ),
    "E305": (
        "「{pattern}」不匹配任何规则（见 qbcheck rules list）",
        "'{pattern}' matches no rule (see qbcheck rules list)",
    ),
    "E304": (
        "「{value}」不是可选值（可选：{choices}）",
        "'{value}' is not a valid choice ({choices})",
    ),
    "E399": (
        "内部错误（{kind}：{detail}）。这是 qbcheck 的缺陷，请连同输入文件报告。",
        "Internal error ({kind}: {detail}). This is a bug in qbcheck; please report it with the input file.",
    ),
    # --- formula errors (details for E205) -------------------------------------------------
    "F01": (
        "只能使用数字、字段名、+ - * / 和括号",
        "only numbers, field names, + - * / and brackets are allowed",
    ),
    "F02": ("未知的字段「{name}」（可用：{known}）", "unknown field '{name}' (known: {known})"),
    "F03": ("语法错误", "syntax error"),
    "F04": ("函数 {name} 的参数个数不对", "wrong number of arguments to {name}"),
    "F05": (
        "未知的筛选条件「{name}」（可用：{known}）",
        "unknown filter '{name}' (known: {known})",
    ),
    "F06": ("此处不能使用函数「{name}」", "the function '{name}' cannot be used here"),
    # --- unknown reasons -----------------------------------------------------------------
    "U01": ("缺少数据：{fields}", "missing data: {fields}"),
    "U02": ("除数为 0：{detail}", "division by zero: {detail}"),
    "U03": (
        "{count} 所学校部分缺少数据，例如 {examples}",
        "{count} school part(s) lack data, e.g. {examples}",
    ),
    "U04": ("本学段没有纳入评估的学校", "no school in scope for this stage"),
    "U05": ("全县均值为 0，差异系数无定义", "the county mean is 0, so the CV is undefined"),
    "U06": ("{count} 项指标无法判定：{rules}", "{count} indicator(s) undecided: {rules}"),
    "U07": ("{heading}（表中无此列）", "{heading} (column not in the file)"),
    "U08": ("部分学校缺少数据：{fields}", "some schools lack data: {fields}"),
    "U09": ("县域指标表未填「{heading}」", "'{heading}' is not given in the 县域指标 sheet"),
    "U10": (
        "「{heading}」已填「是」，但未写明佐证材料",
        "'{heading}' is declared 是 but no evidence is named",
    ),
    "U11": ("表中没有「{heading}」列，无法分组", "the file has no '{heading}' column to group by"),
    "U12": (
        "没有班额数据（{sheet}表或各班额段班数列）",
        "no class-size data ({sheet} sheet or the class-size band columns)",
    ),
    "U13": (
        "班额段「{band}」跨越限值 {limit}，无法判定",
        "the class-size band '{band}' straddles the limit {limit}",
    ),
    "U14": (
        "无法确定本规则是否适用：{fields} 有空白",
        "cannot tell whether the rule applies: {fields} is blank",
    ),
    "D04": ("{n} 个班超过 {limit} 人", "{n} class(es) above {limit} pupils"),
    "D05": ("县域申报存在「{heading}」，一票否决", "'{heading}' is declared: a veto"),
    "D06": ("县域申报「{heading}」为「否」", "'{heading}' is declared 否 (no)"),
    "D07": ("{group}：{n} 所，至少需要 {min} 所", "{group}: {n}, at least {min} needed"),
    # --- scope and school-rule details ---------------------------------------------------
    "X01": (
        "办学性质为「{ownership}」，不在本标准评估范围内",
        "ownership '{ownership}' is outside this standard's scope",
    ),
    "X02": (
        "学校类型「{school_type}」不在本标准评估范围内",
        "school type '{school_type}' is outside this standard's scope",
    ),
    "X03": (
        "学生数不足 {min} 人的{school_type}不纳入评估",
        "a {school_type} with fewer than {min} pupils is out of scope",
    ),
    "X04": ("{stage}在校生数为 0，没有该学段部分", "no {stage} pupils, so no {stage} part"),
    "D01": ("{n} 项未达标（{missed}）{floor}", "{n} indicator(s) missed ({missed}){floor}"),
    "D02": ("；{rules} 低于标准的 {pct}%", "; {rules} below {pct}% of the threshold"),
    "D03": (
        "{missed} 未达标，但不低于标准的 {pct}%",
        "{missed} missed, but at ≥{pct}% of the threshold",
    ),
    # --- words ---------------------------------------------------------------------------
    "stage.primary": ("小学", "primary"),
    "stage.junior": ("初中", "junior"),
    "stage.senior": ("高中", "senior"),
    "status.pass": ("达标", "pass"),
    "status.fail": ("未达标", "FAIL"),
    "status.unknown": ("无法判定", "unknown"),
    "status.attested": ("自评承诺", "attested"),
    "status.at-risk": ("存在风险", "at risk"),
    "scope.school": ("学校", "school"),
    "scope.county": ("县域", "county"),
    "confidence.C1": ("C1 原文核实", "C1 verified text"),
    "confidence.C2": ("C2 多源佐证", "C2 corroborated"),
    "confidence.C3": ("C3 单一来源", "C3 single source"),
    "confidence.U": ("未证实", "unconfirmed"),
    "kind.school_threshold": ("逐校达标（按学段）", "per-school threshold by stage"),
    "kind.school_k_of_n": ("逐校综合达标", "per-school k-of-n"),
    "kind.cv_limit": ("校际差异系数", "inter-school coefficient of variation"),
    "kind.school_classes": ("逐班班额（按学段）", "every class's size, by stage"),
    "kind.cv_mean": (
        "综合差异系数（各项差异系数的平均值）",
        "composite CV (the mean of several CVs)",
    ),
    "kind.county_threshold": ("县域指标", "county figure"),
    "kind.attestation": ("县域自评承诺（需现场核查）", "county attestation (verified on site)"),
    "kind.veto": ("一票否决项", "veto item"),
    "kind.group_count": ("分组计数", "count per group"),
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
    # --- rules / standards listings -------------------------------------------------------
    "list.col.id": ("编号", "ID"),
    "list.col.title": ("名称", "Title"),
    "list.col.document": ("文件", "Document"),
    "list.col.edition": ("版本", "Edition"),
    "list.col.extends": ("继承自", "Extends"),
    "list.col.rules": ("规则数", "Rules"),
    "list.col.source": ("来源", "Source"),
    "list.builtin": ("内置", "built-in"),
    "show.kind": ("类型", "Kind"),
    "show.indicator": ("指标", "Indicator"),
    "show.formula": ("公式", "Formula"),
    "show.threshold": ("标准", "Threshold"),
    "show.limit": ("限值", "Limit"),
    "show.applies": ("适用", "Applies to"),
    "show.citation": ("依据", "Citation"),
    "show.original": ("原文", "Original wording"),
    "show.confidence": ("可信度", "Confidence"),
    "show.note": ("说明", "Note"),
    "show.standard": ("所属标准", "Standard"),
    "show.k_of_n": (
        "{rules} 中至少 {k} 项达标，其余不低于标准的 {floor}%",
        "at least {k} of {rules} met, the rest at ≥{floor}% of the threshold",
    ),
    "show.unit": ("单位", "Unit"),
    # --- CLI help ------------------------------------------------------------------------
    "help.app": (
        "qbcheck：按国家义务教育均衡发展督导评估标准检查县域学校数据。",
        "qbcheck: check county compulsory-education data against the national balance criteria.",
    ),
    "help.audit": (
        "评估一个县的学校数据工作簿，报告哪些学校、哪些指标未达标。",
        "Audit a county's school workbook: which school fails which criterion, and by how much.",
    ),
    "help.audit.file": ("学校数据工作簿（.xlsx）", "The school workbook (.xlsx)"),
    "help.standard": (
        "标准编号或 YAML 文件路径（默认 quality-balance-2017）",
        "Standard id or path to a YAML rule file (default quality-balance-2017)",
    ),
    "help.format": (
        "输出格式：table、json 或 md（Markdown）",
        "Output format: table, json or md (Markdown)",
    ),
    "help.lang": (
        "输出语言：zh（中文）或 en（英文）",
        "Output language: zh (Chinese) or en (English)",
    ),
    "help.output": ("写入文件而不是终端", "Write to this file instead of the terminal"),
    "help.limit": (
        "表格中最多列出的学校部分数（0 = 全部）",
        "At most this many school parts listed in the table (0 = all)",
    ),
    "help.select": (
        "只评估这些规则（编号前缀，如 QB.A 表示资源配置；可重复或用逗号分隔）",
        "Check only these rules (id prefixes, e.g. QB.A for resource allocation; repeat or comma-separate)",
    ),
    "help.fail_on": (
        "何种结果使退出码非 0：fail（仅未达标）、unknown（另加无法判定，默认）、at-risk（另加存在风险）",
        "What makes the exit code non-zero: fail (failures only), unknown (also undecided; the default), at-risk (also targets at risk)",
    ),
    "help.waivers": (
        "豁免文件（YAML）：经批准、有期限的例外；被豁免的结果仍会报告，但不影响退出码",
        "Waivers file (YAML): approved exceptions with an expiry; waived findings are still reported but do not change the exit code",
    ),
    "help.ignore": ("不评估这些规则（编号前缀）", "Skip these rules (id prefixes)"),
    "help.as_of": (
        "按此年度判定带目标年度的规则（默认取统计年度）",
        "Judge rules that carry a target year as of this year (default: the data's 统计年度)",
    ),
    "help.standards": ("查看内置标准", "Inspect the built-in standards"),
    "help.standards.list": ("列出所有标准及继承关系", "List the standards and what they extend"),
    "help.rules": ("查看规则", "Inspect rules"),
    "help.rules.show": (
        "显示一条规则的条文、标准和依据",
        "Show a rule's text, thresholds and citation",
    ),
    "help.rules.list": ("列出标准中的全部规则", "List every rule of a standard"),
    "help.rule_id": ("规则编号，例如 QB.A1", "Rule id, e.g. QB.A1"),
    "help.version": ("显示版本号", "Show the version"),
    "template.figures.key": ("指标", "Key"),
    "template.figure.yesno": (
        "填 是 或 否，并在佐证材料列写明依据",
        "是 or 否, with the evidence named in the next column",
    ),
    "template.figure.ratio": ("比例，填 0.95 或 95%", "a ratio: 0.95 or 95%"),
    "template.figure.number": ("数值", "a number"),
    "template.figure.year": ("年份，如 2019", "a year, e.g. 2019"),
    "template.figure.level": ("等级 Ⅰ、Ⅱ、Ⅲ 或 Ⅳ", "a level Ⅰ, Ⅱ, Ⅲ or Ⅳ"),
    # --- inputs: file formats, values, sanity checks, validate, template (issue 4) -----------
    "E122": ("文件 {path} 是空的（0 字节）。", "The file {path} is empty (0 bytes)."),
    "E123": (
        "无法读取工作簿 {path}：{what}。",
        "Cannot read the workbook {path}: {what}.",
    ),
    "E124": (
        "工作簿 {path} 设有打开密码（已加密），无法读取。请在 Excel 或 WPS 中取消密码后另存，再检查。",
        "The workbook {path} is password-protected (encrypted) and cannot be read. Remove the "
        "password in Excel or WPS, save it, and check again.",
    ),
    "E125": (
        "工作表「{sheet}」有 {rows} 行数据，超过上限 {limit} 行。如确为完整数据，请用 --max-rows 提高上限。",
        "Sheet '{sheet}' has {rows} data rows, more than the limit of {limit}. If the data are "
        "real, raise the limit with --max-rows.",
    ),
    "E126": (
        "工作表「{sheet}」的数据区域有 {cells} 个单元格，超过上限 {limit} 个（常见原因：远处某个单元格有内容，使区域变得很大）。请删除多余内容，或用 --max-cells 提高上限。",
        "Sheet '{sheet}' spans {cells} cells, more than the limit of {limit} (often a stray "
        "value far from the data stretches the area). Delete it, or raise the limit with "
        "--max-cells.",
    ),
    "E127": (
        "{path} 的内部结构异常，为安全起见不予读取：{what}{detail}。",
        "{path} has an abnormal internal structure and is not read, for safety: {what}{detail}.",
    ),
    "E128": (
        "{path} 第 {line} 行无法按 UTF-8 或 GBK/GB18030 解码。请把文件另存为 UTF-8 编码的 CSV。",
        "{path} line {line} is neither UTF-8 nor GBK/GB18030 text. Save the file as CSV in UTF-8.",
    ),
    "E129": (
        "{path}:{line}：CSV 格式错误（{detail}）。",
        "{path}:{line}: malformed CSV ({detail}).",
    ),
    "E130": (
        "{cell}「{heading}」：单元格是 Excel 错误值 {value}（公式出错），不是数据。请修正公式或填入数值。",
        "{cell} '{heading}': the cell holds the Excel error {value} (a failed formula), not a "
        "figure. Fix the formula or type the value.",
    ),
    "E131": (
        "{cell}「{heading}」：单元格是公式（={formula}），但文件里没有保存计算结果（保存文件的程序没有计算公式）。请在 Excel 或 WPS 中打开后重新保存，或直接填入数值。",
        "{cell} '{heading}': the cell is a formula (={formula}) saved without its result (the "
        "program that saved the file does not compute formulas). Open and save it in Excel or "
        "WPS, or type the value.",
    ),
    "E132": (
        "{cell}「{heading}」：单元格是日期（{value}），不是数字，多半是输入时被自动转换了。请把单元格格式设为「数值」后重新输入。",
        "{cell} '{heading}': the cell holds a date ({value}), not a number; it was probably "
        "converted as it was typed. Format the cell as a number and type it again.",
    ),
    "E133": (
        "{cell}「{heading}」：值 {value} 不是有效的比例。请填 0 到 1 之间的小数，或写成百分数（如 95%）。",
        "{cell} '{heading}': {value} is not a valid ratio. Write a fraction from 0 to 1, or a "
        "percentage such as 95%.",
    ),
    "E134": (
        "{cell}「{heading}」：值「{value}」是百分数，但本列应填数量。",
        "{cell} '{heading}': '{value}' is a percentage, but this column takes an amount.",
    ),
    "E135": (
        "{cell}「{heading}」：值「{value}」应为「是」或「否」（也可写 Y/N）。",
        "{cell} '{heading}': '{value}' must be 是 or 否 (Y/N also work).",
    ),
    "E136": (
        "{cell}「{heading}」：值「{value}」是公式文本，不是数值（CSV 不保存计算结果）。请导出计算后的数值。",
        "{cell} '{heading}': '{value}' is formula text, not a value (CSV keeps no results). "
        "Export the computed values.",
    ),
    "E137": (
        "{cell}「{heading}」：{value} 是按数字保存的，超过 15 位，末几位已丢失。请把该列设为「文本」格式后重新输入。",
        "{cell} '{heading}': {value} is stored as a number of more than 15 digits, so its last "
        "digits are lost. Format the column as text and type it again.",
    ),
    "E138": (
        "{cell}：本文件包含多个县区（{counties}），这一行的县区为空。",
        "{cell}: the file covers several counties ({counties}), but this row names none.",
    ),
    "E139": (
        "{cell}「{heading}」：{value} 大于「{total_heading}」{total}（{total_cell}），不可能成立。",
        "{cell} '{heading}': {value} is more than '{total_heading}' {total} ({total_cell}), "
        "which cannot be.",
    ),
    "E140": (
        "{cell}「{heading}」：有在校生 {pupils} 人（{pupils_cell}），班级数却为 0。",
        "{cell} '{heading}': {pupils} pupils ({pupils_cell}) but 0 classes.",
    ),
    "E141": (
        "本安装中没有示例数据（{path}）。请在源代码目录中运行，或用 --from 指定数据文件。",
        "The example data ({path}) is not part of this installation. Run from the source "
        "folder, or name a data file with --from.",
    ),
    "file.damaged_zip": (
        "文件已损坏（压缩结构不完整，可能下载或复制没有完成）",
        "the file is damaged (its zip structure is incomplete; an unfinished download or copy?)",
    ),
    "file.damaged_ole": (
        "文件已损坏（不是完整的 Excel 97-2003 文件）",
        "the file is damaged (not a complete Excel 97-2003 file)",
    ),
    "file.other_document": (
        "这是其他类型的文档（如 Word、PowerPoint），不是电子表格",
        "it is another kind of document (Word, PowerPoint), not a spreadsheet",
    ),
    "file.xlsb": (
        "这是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx",
        "it is an Excel binary workbook (.xlsb); save it as .xlsx",
    ),
    "file.zip": ("这是一个 zip 压缩包，不是工作簿", "it is a zip archive, not a workbook"),
    "file.pdf": ("这是 PDF 文件，不是电子表格", "it is a PDF, not a spreadsheet"),
    "file.html": (
        "这是网页（HTML）文件，只是扩展名像工作簿；请用 Excel 或 WPS 打开后另存为 .xlsx",
        "it is a web page (HTML) with a workbook's name; open it in Excel or WPS and save as .xlsx",
    ),
    "file.xml2003": (
        "这是 Excel 2003 XML 表格，请另存为 .xlsx",
        "it is an Excel 2003 XML spreadsheet; save it as .xlsx",
    ),
    "file.xml": ("这是 XML 文件，不是工作簿", "it is an XML file, not a workbook"),
    "file.binary": (
        "这不是表格文件（可能是图片、压缩包或其他程序的文件）",
        "it is not a spreadsheet (an image, an archive or another program's file?)",
    ),
    "file.text": (
        "这是文本文件；如果是 CSV，请把扩展名改为 .csv",
        "it is a text file; if it is CSV, rename it to .csv",
    ),
    "file.entries": ("文件内部条目过多", "too many parts inside the file"),
    "file.part": ("某个部分解压后过大", "a part is too large once decompressed"),
    "file.dtd": (
        "含有 DTD/实体声明（正常的表格文件不会有，这是 XML 炸弹的手法）",
        "it has a DTD or entity declarations (spreadsheets never do; XML bombs use them)",
    ),
    "file.text_volume": ("文本总量过大", "too much text"),
    "file.cell_text": (
        "有单元格的文本超过 Excel 的上限（32767 个字符）",
        "a cell holds more text than Excel allows (32,767 characters)",
    ),
    "file.memory": (
        "读取所需内存超出本机可用内存",
        "reading it needs more memory than is available",
    ),
    "W101": (
        "以下列无法识别，已忽略：{headings}",
        "These columns are not recognised and are ignored: {headings}",
    ),
    "W102": (
        "工作表「{sheet}」的表头在第 {row} 行，已跳过上方 {skipped} 行（标题等）。",
        "Sheet '{sheet}' has its headings in row {row}; the {skipped} row(s) above (a title?) "
        "are skipped.",
    ),
    "W103": (
        "{cell}「{heading}」：有 {classes} 个班，在校生却为 0。",
        "{cell} '{heading}': {classes} classes but 0 pupils.",
    ),
    "W104": (
        "{cell}：{stage}平均班额 {size} 人，超过 {max} 人（超大班额），请核实在校生数和班级数。",
        "{cell}: {stage} classes average {size} pupils, more than {max}; check the pupils and "
        "classes.",
    ),
    "W105": (
        "{cell}「{heading}」：生均 {value} 平方米，明显偏大（一般不超过 {limit}），请核实数值和单位。",
        "{cell} '{heading}': {value} m² per pupil is implausibly large (rarely above {limit}); "
        "check the figure and its unit.",
    ),
    "W106": (
        "{cell}「{heading}」：生均 {value} 元，{why}",
        "{cell} '{heading}': {value} yuan per pupil; {why}",
    ),
    "W106.high": (
        "明显偏大：是否把「元」填进了「万元」列？",
        "implausibly large: were yuan typed into a 万元 column?",
    ),
    "W106.low": (
        "明显偏小：是否把「万元」填进了「元」列？",
        "implausibly small: were 万元 typed into a 元 column?",
    ),
    "W107": (
        "{cell}：学校类型为「{school_type}」，没有{stage}学段，但{stage}在校生数为 {value}；这些数据不会计入评估，请核实学校类型。",
        "{cell}: a '{school_type}' has no {stage} stage, yet reports {value} {stage} pupils; "
        "they are not audited. Check the school type.",
    ),
    "W108": (
        "{cell}：学校类型为「{school_type}」，但{stage}在校生数为 0，请核实学校类型。",
        "{cell}: a '{school_type}' with 0 {stage} pupils; check the school type.",
    ),
    "W109": (
        "{cell}：教学点「{name}」没有填写所属学校标识码。",
        "{cell}: the teaching point '{name}' names no parent school (所属学校标识码).",
    ),
    "W110": (
        "{cell}：教学点「{name}」的所属学校标识码「{value}」在本文件中找不到。",
        "{cell}: the parent school id '{value}' of the teaching point '{name}' is not in this "
        "file.",
    ),
    "W111": (
        "文件中有 {count} 个教学点，但没有「{heading}」列，无法核对它们的所属学校。",
        "The file has {count} teaching point(s) but no column '{heading}' naming their schools.",
    ),
    "W120": (
        "输入文件有 {count} 条警告（不影响评估）：",
        "The input file has {count} warning(s) (the audit goes on):",
    ),
    "validate.ok": (
        "数据有效：{schools} 所学校{counties}，{warnings} 条警告。",
        "Valid: {schools} schools{counties}, {warnings} warning(s).",
    ),
    "validate.counties": ("，{n} 个县区", " in {n} counties"),
    "report.county.header": (
        "══ 县区 {index}/{total}：{county} ══",
        "══ County {index}/{total}: {county} ══",
    ),
    "help.validate": (
        "只检查数据文件（读取和合理性检查），不评估；有效退出 0，无效退出 2。",
        "Check a data file (reading and sanity checks) without auditing; exit 0 if valid, 2 if "
        "not.",
    ),
    "help.input.file": (
        "学校数据文件（.xlsx/.xlsm/.xls/.ods/.csv）",
        "The school data file (.xlsx/.xlsm/.xls/.ods/.csv)",
    ),
    "help.max_rows": (
        "最多读取的数据行数（防止异常文件）",
        "At most this many data rows are read (guards against hostile files)",
    ),
    "help.max_cells": (
        "最多读取的单元格数（防止异常文件）",
        "At most this many cells are read (guards against hostile files)",
    ),
    "help.template": (
        "生成供填报的数据模板工作簿（表头、单位、说明、下拉列表、数值校验）。",
        "Write the data-entry workbook to fill in (headings, units, notes, drop-downs, number "
        "checks).",
    ),
    "help.template.out": ("要生成的模板文件（.xlsx）", "The template workbook to write (.xlsx)"),
    "help.template.example": ("填入示例县的数据", "Fill it with the example county's data"),
    "help.template.from": (
        "把现有数据文件的内容填入模板（可用于转换旧表）",
        "Fill it with the data of an existing file (converts an old workbook)",
    ),
    "template.sheet.guide": ("填表说明", "Instructions"),
    "template.guide.title": (
        "学校数据填报说明（{standard}）",
        "How to fill in the school data ({standard})",
    ),
    "template.guide.rules": (
        "1. 「学校」表每所学校一行；九年一贯制、完全中学等一贯制学校也只填一行，按学段分列填写。|"
        "2. 第 1 行是表头，请勿修改或删除；列的顺序可以调整。|"
        "3. 没有的数据请留空（留空表示“缺失”，不会当作 0）；确实为零时填 0。|"
        "4. 金额单位以表头为准：教学仪器设备值（万元）。面积单位为平方米。|"
        "5. 学校类型、城乡分类、办学性质请从下拉列表中选择。|"
        "6. 「基本信息」表填写县区名称、县区代码和统计年度。|"
        "7. 填好后可用 qbcheck validate 检查，再用 qbcheck audit 评估。",
        "1. Sheet 学校 has one row per school; one-through schools (九年一贯制, 完全中学) are one "
        "row too, with figures per stage.|"
        "2. Row 1 holds the headings: do not change or delete them; columns may be reordered.|"
        "3. Leave a cell blank when the figure is not known (blank means missing, never 0); "
        "type 0 when it is zero.|"
        "4. Money is in the heading's unit: 教学仪器设备值（万元）. Areas are in square metres.|"
        "5. Pick 学校类型, 城乡分类 and 办学性质 from the drop-down lists.|"
        "6. Sheet 基本信息 takes the county's name, code and statistics year.|"
        "7. Check the filled file with qbcheck validate, then audit it with qbcheck audit.",
    ),
    "template.col.heading": ("表头", "Heading"),
    "template.col.key": ("英文键", "English key"),
    "template.col.kind": ("类型", "Kind"),
    "template.col.unit": ("单位", "Unit"),
    "template.col.required": ("必填", "Required"),
    "template.col.choices": ("可选值", "Allowed values"),
    "template.col.definition": ("定义", "Definition"),
    "template.col.source": ("数据来源", "Source"),
    "template.col.rules": ("用于规则", "Used by rules"),
    "template.required.yes": ("是（可留空表示缺失）", "yes (blank = missing)"),
    "template.required.id": ("是，不能为空", "yes, never blank"),
    "template.required.no": ("否", "no"),
    "template.kind.text": ("文本", "text"),
    "template.kind.enum": ("选项", "choice"),
    "template.kind.count": ("整数（≥0）", "whole number (≥0)"),
    "template.kind.amount": ("数值（≥0）", "number (≥0)"),
    "template.kind.ratio": ("比例（0–1 或百分数）", "ratio (0–1 or a percentage)"),
    "template.kind.flag": ("是/否", "yes/no"),
    "template.stage_note": (
        "仅填写本校有的学段，没有该学段留空",
        "only for stages the school has; blank otherwise",
    ),
    "template.error.title": ("输入有误", "Invalid entry"),
    "template.error.count": ("请输入 0 或正整数。", "Type a whole number, 0 or more."),
    "template.error.amount": ("请输入大于或等于 0 的数字。", "Type a number, 0 or more."),
    "template.error.ratio": ("请输入 0 到 1 之间的数。", "Type a number from 0 to 1."),
    "template.error.choice": ("请从下拉列表中选择。", "Pick a value from the list."),
    "template.error.year": ("请输入 1990 到 2100 之间的年份。", "Type a year from 1990 to 2100."),
    "template.info.key": ("项目", "Item"),
    "template.info.value": ("值", "Value"),
    "template.info.note": ("说明", "Note"),
    "template.info.county_name": ("县区全称，如：某某县", "the county's full name"),
    "template.info.county_code": ("6 位行政区划代码", "6-digit administrative code"),
    "template.info.year": ("统计年度，如 2025", "statistics year, e.g. 2025"),
    "source.id": (
        "全国中小学校学籍/教育统计系统中的 10 位学校标识码",
        "the 10-digit school id of the national education statistics system",
    ),
    "source.census": (
        "教育事业统计年报（基层表），统计时点为当年 9 月 1 日前后",
        "the annual education statistics (school-level tables), as of about 1 September",
    ),
    "source.staff": (
        "教育事业统计年报（教职工情况），按专任教师任教学段分列",
        "the annual education statistics (staff), full-time teachers by the stage they teach",
    ),
    "source.backbone": (
        "县级及以上教育行政部门的骨干教师认定文件",
        "the county (or higher) education bureau's backbone-teacher designations",
    ),
    "source.buildings": (
        "教育事业统计年报（校舍情况）及学校校舍台账",
        "the annual education statistics (school buildings) and the school's building register",
    ),
    "source.assets": (
        "学校固定资产账：教学仪器设备的账面原值",
        "the school's fixed-asset accounts: book value of teaching equipment",
    ),
    "source.records": ("学校统计台账", "the school's records"),
    "field.school_id": ("学校的唯一标识码，每校一个，不能重复", "the school's unique id"),
    "field.name": ("学校全称", "the school's full name"),
    "field.school_type": (
        "办学类型；一贯制学校按本类型填一行，各学段数据分列",
        "type of school; a one-through school is one row with figures per stage",
    ),
    "field.locale": ("城乡分类（城区、镇区、乡村）", "urban-rural class (城区, 镇区, 乡村)"),
    "field.ownership": ("公办或民办", "public (公办) or private (民办)"),
    "field.pupils": ("本学段在校生数", "pupils enrolled in this stage"),
    "field.classes": ("本学段教学班数", "teaching classes in this stage"),
    "field.teachers": ("本学段专任教师数", "full-time teachers of this stage"),
    "field.backbone_teachers": (
        "县级及以上教育行政部门认定的骨干教师数",
        "backbone teachers designated at county level or above",
    ),
    # --- Excel report (report/xlsx.py) ---------------------------------------------------
    "xlsx.sheet.summary": ("汇总", "Summary"),
    "xlsx.sheet.schools": ("学校数据", "School data"),
    "xlsx.sheet.table2": ("表Ⅱ-2（{stage}）", "Table II-2 ({stage})"),
    "xlsx.sheet.table3": ("表Ⅲ", "Table III"),
    "xlsx.sheet.findings": ("问题清单", "Findings"),
    "xlsx.summary.county": ("县区", "County"),
    "xlsx.summary.year": ("统计年度", "Statistics year"),
    "xlsx.summary.as_of": ("判定年度", "Judged as of"),
    "xlsx.summary.standard": ("评估标准", "Standard"),
    "xlsx.summary.standard.value": (
        "{title}（{id}，{edition} 版）",
        "{title} ({id}, edition {edition})",
    ),
    "xlsx.summary.document": ("依据文件", "Document"),
    "xlsx.summary.chain": ("标准继承链", "Standard chain"),
    "xlsx.summary.source": ("数据文件", "Data file"),
    "xlsx.summary.source.value": ("{file}（工作表「{sheet}」）", "{file} (sheet {sheet})"),
    "xlsx.summary.schools": ("学校数", "Schools"),
    "xlsx.summary.schools.value": (
        "{n} 所（其中 {excluded} 所全部或部分不纳入评估）",
        "{n} ({excluded} wholly or partly out of scope)",
    ),
    "xlsx.summary.tool": ("生成工具", "Made with"),
    "xlsx.summary.verdict": ("认定结论", "Verdict"),
    "xlsx.summary.nothing_blocking": (
        "没有阻碍认定的未达标或无法判定项。",
        "Nothing failing or undecided blocks recognition.",
    ),
    "xlsx.summary.absent": (
        "文件中没有的列（相关规则无法判定）：{headings}",
        "Columns the file does not have (their rules are undecided): {headings}",
    ),
    "xlsx.summary.truncated": (
        "「{sheet}」超出 Excel 的行数上限，仅列出 {shown} 行（共 {total} 行，未达标和存在风险的在前，达标的不列）；完整结果请用 --format json。",
        "'{sheet}' exceeds Excel's row limit: {shown} of {total} rows are listed (failing and at-risk first, passes left out); use --format json for all.",
    ),
    "xlsx.legend.title": ("单元格颜色", "Cell colours"),
    "xlsx.legend.fail": ("该数据所在指标未达标", "a figure behind a failing result"),
    "xlsx.legend.at-risk": ("目标年度前尚未达到", "a target not yet met before its year"),
    "xlsx.legend.unknown": ("缺少数据，无法判定", "missing data: undecided"),
    "xlsx.legend.note": (
        "批注中列出规则编号、实际值、标准、差距和需补足的数量，或无法判定的原因。",
        "Each comment gives the rule, the value, the requirement, the gap and what closes it, or why it is undecided.",
    ),
    "xlsx.schools.row": ("原表行号", "Row in the file"),
    "xlsx.schools.note": ("备注", "Note"),
    "xlsx.note.head": ("{rule}（{stage}）：{status}", "{rule} ({stage}): {status}"),
    "xlsx.note.measure": (
        "实际值 {value}，标准 {threshold}，差距 {gap}",
        "Value {value}, required {threshold}, gap {gap}",
    ),
    "xlsx.note.need": ("需补足：{need}", "To fix: {need}"),
    "xlsx.note.reason": ("原因：{reason}", "Reason: {reason}"),
    "xlsx.t2.title": (
        "表Ⅱ-2 {stage}学校资源配置指标 · {county} · {year}",
        "Table II-2 Resource indicators of {stage} school parts · {county} · {year}",
    ),
    "xlsx.col.seq": ("序号", "No."),
    "xlsx.col.name": ("学校名称", "School"),
    "xlsx.col.ownership": ("举办者类型", "Run by"),
    "xlsx.col.pupils": ("在校生数", "Pupils"),
    "xlsx.col.classes": ("班级数", "Classes"),
    "xlsx.col.indicator": ("{key} {name}（{unit}）", "{key} {name} ({unit})"),
    "xlsx.col.school_ok": ("该校综合评估是否达标", "School meets the resource part"),
    "xlsx.owner.public": ("公办", "public"),
    "xlsx.owner.private": ("民办", "private"),
    "xlsx.t3.title": (
        "表Ⅲ 县域义务教育学校校际差异系数 · {county} · {year}",
        "Table III Inter-school coefficients of variation · {county} · {year}",
    ),
    "xlsx.t3.mean": ("{stage}全县平均值", "{stage} county mean"),
    "xlsx.t3.cv": ("{stage}差异系数", "{stage} CV"),
    "xlsx.scope.township": ("乡镇", "township"),
    "xlsx.f.rule": ("规则编号", "Rule"),
    "xlsx.f.title": ("规则名称", "Title"),
    "xlsx.f.scope": ("范围", "Scope"),
    "xlsx.f.subject": ("对象", "Subject"),
    "xlsx.f.name": ("学校名称", "Name"),
    "xlsx.f.stage": ("学段", "Stage"),
    "xlsx.f.status": ("结论", "Status"),
    "xlsx.f.value": ("实际值", "Value"),
    "xlsx.f.threshold": ("标准", "Required"),
    "xlsx.f.gap": ("差距", "Gap"),
    "xlsx.f.need": ("需补足", "To fix"),
    "xlsx.f.reason": ("说明", "Reason"),
    "xlsx.f.location": ("位置", "Location"),
    "xlsx.f.waiver": ("豁免", "Waiver"),
    "xlsx.waiver": (
        "已豁免：{justification}（{approved_by}，有效至 {expires}）",
        "Waived: {justification} ({approved_by}, until {expires})",
    ),
    "xlsx.summary.provenance": ("可复现信息", "Provenance"),
}


@dataclass(frozen=True)
class Phrase:
    """A sentence kept as key and params, rendered later in whichever language is asked for."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def render(self, lang: Lang) -> str:
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class Joined:
    """A list of phrases and plain strings, rendered item by item and joined."""

    items: tuple[object, ...]
    sep: str = "、"

    def render(self, lang: Lang) -> str:
        sep = self.sep if lang == "zh" else ", "
        return sep.join(
            i.render(lang) if isinstance(i, Phrase | Joined) else str(i) for i in self.items
        )


def t(key: str, lang: Lang, /, **params: object) -> str:
    """Look a sentence up and fill it in; a missing key is a bug, so it raises."""
    zh, en = CATALOGUE[key]
    text = zh if lang == "zh" else en
    if not params:
        return text
    return text.format(
        **{k: v.render(lang) if isinstance(v, Phrase | Joined) else v for k, v in params.items()}
    )
