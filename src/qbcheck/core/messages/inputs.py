"""Reading files and the input model: errors (E1xx), warnings (W1xx), file kinds, fields, validate, template."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- input errors (E1xx) -------------------------------------------------------------
    "E101": ("找不到文件：{path}", "File not found: {path}"),
    "E144": (
        "{path} 是文件夹，这里需要一个数据文件。qbcheck validate 一次检查一个文件；qbcheck audit 可以评估整个文件夹。",
        "{path} is a folder; a data file is needed here. qbcheck validate checks one file at a "
        "time; qbcheck audit takes a folder.",
    ),
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
    "E142": (
        "文件夹 {path} 中没有可读取的数据文件（{suffixes}）。",
        "The folder {path} holds no data file to read ({suffixes}).",
    ),
    "E143": (
        "县区「{county}」{year} 年度的数据出现了两次：{first} 和 {second}。每个县区每个年度只能有一份，请删去其中一份或改正其县区代码、统计年度。",
        "County '{county}' appears twice for {year}: in {first} and in {second}. Give each "
        "county one file a year: remove one, or correct its county code or statistics year.",
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
    "W122": (
        "县区代码 {code} 在 {first} 中名为「{name}」，在 {second} 中名为「{other}」：是同一县区吗？请统一县区名称，或改正代码。",
        "County code {code} is '{name}' in {first} but '{other}' in {second}: is it one county? "
        "Use one name, or correct the code.",
    ),
    "W123": (
        "{path} 中的县区「{county}」没有县区代码（基本信息），无法与其他文件、其他年度的同一县区对应。",
        "The county '{county}' in {path} has no county code (基本信息): it cannot be matched with "
        "the same county in other files or years.",
    ),
    "W124": (
        "{path} 没有填写统计年度（基本信息），而其他文件填写了：该文件按判定年度评估，无法列入年度对比。",
        "{path} names no statistics year (基本信息) while the other files do: it is judged as of "
        "the audit year and cannot take its place among the years.",
    ),
    "W126": (
        "{path} 缺少其他多数文件都有的 {n} 列（{columns}）：该县区与这些列有关的规则将无法判定，县区之间的比较也不对等。是否用了其他标准或旧版模板？",
        "{path} lacks {n} column(s) most of the other files have ({columns}): its "
        "rules on them will be undecided and the counties do not compare evenly. Was it made for "
        "another standard, or from an older template?",
    ),
    "W125": (
        "这些文件合在一起有 {count} 条警告（不影响评估）：",
        "Together, the files have {count} warning(s) (the audit goes on):",
    ),
    "W121": (
        "{path} 有 {count} 条警告（不影响评估）：",
        "{path} has {count} warning(s) (the audit goes on):",
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
    "help.input.files": (
        "学校数据文件（.xlsx/.xlsm/.xls/.ods/.csv），可多个；或存放各县区文件的文件夹",
        "School data files (.xlsx/.xlsm/.xls/.ods/.csv), one or more, or folders of county files",
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
    "template.info.planned_year": (
        "计划申报评估认定的年度（可不填），如 2027；市级汇总据此提示进度风险",
        "the year the county plans to apply for recognition (optional), e.g. 2027; a city's "
        "region report shows the risk against it",
    ),
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
}
