"""Words every report uses: statuses, verdicts, stages, yes/no, confidence marks."""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "kind.school_threshold": ("逐校达标", "per-school threshold"),
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
}
