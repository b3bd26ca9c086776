"""Rule files: errors (E2xx), their details (R, F), rule kinds and `rules show`/`list` wording."""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "E213": ("找不到豁免文件：{path}", "No such waivers file: {path}"),
    "E214": (
        "{path} 是文件夹，--waivers 需要一个 YAML 豁免文件。",
        "{path} is a folder; --waivers takes a YAML file of waivers.",
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
        "{rules} 共 {n} 项中至少 {k} 项达标，未达标项均 ≥ 其标准的 {floor}%",
        "at least {k} of the {n} rules {rules} met, each missed one at ≥ {floor}% of its threshold",
    ),
    "show.unit": ("单位", "Unit"),
    "show.item": ("填报项", "Item"),
    "show.has_stage": ("设有学段", "has stage"),
    "show.target_year": ("目标年度", "Target year"),
    "show.target_year.text": (
        "{year} 年起未达标即为不达标，此前为存在风险",
        "from {year} a miss fails; before it, it is at risk",
    ),
    # --- what each kind requires (its `describe` rows) -----------------------------------
    "show.each_school": ("每所学校 {threshold}", "each school {threshold}"),
    "show.classes": ("每个班 ≤ {limit} 人", "every class ≤ {limit} pupils"),
    "show.cv_mean": ("差异系数平均值 ≤ {limit}", "mean CV ≤ {limit}"),
    "show.county": ("县域 {threshold}", "the county {threshold}"),
    "show.attested": (
        "县域指标「{heading}」填 是（需现场核查）",
        "the county sheet's 「{heading}」 is 是 (yes), verified on site",
    ),
    "show.attested.evidence": (
        "县域指标「{heading}」填 是，并附佐证材料（需现场核查）",
        "the county sheet's 「{heading}」 is 是 (yes), with evidence, verified on site",
    ),
    "show.veto": (
        "县域指标「{heading}」须填 否（填 是 即一票否决）",
        "the county sheet's 「{heading}」 must be 否 (no); 是 (yes) vetoes recognition",
    ),
    "show.group_count": (
        "每个{group}中满足 {having} 的学校 ≥ {min} 所",
        "in every {group}: ≥ {min} school(s) having {having}",
    ),
}
