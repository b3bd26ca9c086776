"""Why a finding is undecided (U), how a school rule judged (D, X), and scope reasons."""

MESSAGES: dict[str, tuple[str, str]] = {
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
}
