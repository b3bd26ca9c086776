"""The command line: usage errors (E3xx) and every option's help."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- usage errors (E3xx) -------------------------------------------------------------
    "E301": ("找不到规则「{rule}」。", "No rule '{rule}'."),
    "E302": ("无法写入输出文件 {path}：{detail}", "Cannot write the output file {path}: {detail}"),
    "E303": (
        "输出文件不能是输入文件本身：{path}（qbcheck 从不修改输入文件）",
        "The output file must not be the input file: {path} (qbcheck never modifies its input)",
    ),
    "E306": (
        "--format {format} 需要用 --output 指定要写入的文件",
        "--format {format} needs --output: the file to write",
    ),
    "E307": (
        "输出文件 {path} 的扩展名表示 {implied} 格式，与 --format {format} 不符；请改扩展名或去掉 --format",
        "The output file {path} has the extension of the {implied} format, not --format "
        "{format}: change the extension or leave --format out",
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
    "help.format.validate": ("输出格式：table（表格）或 json", "Output format: table or json"),
    "help.format": (
        "输出格式：table、json、md、github、junit、sarif、html 或 xlsx（需 -o）；不指定时按 -o 的扩展名，否则为 table",
        "Output format: table, json, md, github, junit, sarif, html or xlsx (needs -o); "
        "by default the one -o's extension names, else table",
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
    "help.county": (
        "多县区评估时，另附该县区的完整报告（县区代码或名称，可重复；all 为全部县区）",
        "In a run of several counties, add this county's full report (code or name; "
        "repeatable; all for every county)",
    ),
    "help.per_county": (
        "多县区评估时，另在 -o 文件旁为每个县区写一份完整报告（文件名加县区代码，多年度时再加年度）",
        "In a run of several counties, also write each county's full report beside the -o file "
        "(its name with the county code added, and the year when there are several)",
    ),
    "E309": (
        "--per-county 需要用 -o 指定区域报告的文件，各县区的报告写在它旁边。",
        "--per-county needs -o: each county's report is written beside the region report's file.",
    ),
    "E308": (
        "本次评估中没有县区「{code}」。有：{known}",
        "No county '{code}' in this run. There are: {known}",
    ),
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
}
