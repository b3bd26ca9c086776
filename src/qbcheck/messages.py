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
    "E114": (
        "{cell}「{heading}」：该校类型为「{school_type}」，本学段在校生数必须填写。",
        "{cell} '{heading}': a school of type '{school_type}' must report pupils for this stage.",
    ),
    "E115": (
        "{cell}：「{key}」的值「{value}」无效，应为{expected}。",
        "{cell}: the value '{value}' of '{key}' is not valid; expected {expected}.",
    ),
    "E116": (
        "{cell}「{heading}」：值「{value}」应为 是 或 否。",
        "{cell} '{heading}': the value '{value}' must be 是 (yes) or 否 (no).",
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
    "R99": ("「{name}」：{detail}", "'{name}': {detail}"),
    # --- usage errors (E3xx) -------------------------------------------------------------
    "E301": ("找不到规则「{rule}」。", "No rule '{rule}'."),
    "E302": ("无法写入输出文件 {path}：{detail}", "Cannot write the output file {path}: {detail}"),
    "E303": (
        "输出文件不能是输入文件本身：{path}（qbcheck 从不修改输入文件）",
        "The output file must not be the input file: {path} (qbcheck never modifies its input)",
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
    "help.format": ("输出格式：table 或 json", "Output format: table or json"),
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
