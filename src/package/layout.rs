//! How each detail table looks in a template a park fills: its Chinese headers with units, what
//! each column holds (text, an amount, 是/否, a year, one of a list), and an example row. The
//! headers are names the readers in `tables` accept; a test fills a template and checks it.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text (names, titles).
    Text,
    /// A number (amounts, counts); never a percentage.
    Number,
    /// 是 or 否.
    YesNo,
    /// A year such as 2025.
    Year,
    /// One of a list of words.
    Choice(&'static [&'static str]),
}

/// A column of a template table.
#[derive(Debug, Clone, Copy)]
pub struct TemplateColumn {
    /// The header, Chinese, with the unit in parentheses (`营业收入（万元）`).
    pub header: &'static str,
    /// What it holds.
    pub kind: ColumnKind,
    /// Whether the program reads it (the others are for people and may stay empty).
    pub read: bool,
    /// The example row's cell.
    pub example: &'static str,
}

/// A detail table of a template.
#[derive(Debug, Clone, Copy)]
pub struct TemplateTable {
    /// Its file in a CSV package (`tables/enterprises.csv`).
    pub file: &'static str,
    /// What it lists, for the instructions.
    pub title: &'static str,
    /// Its columns, in order.
    pub columns: &'static [TemplateColumn],
}

const LEVELS3: &[&str] = &["国家级", "省级", "市级"];
const LEVELS2: &[&str] = &["国家级", "省级"];
const YES_NO: &[&str] = &["是", "否"];

/// The words of a yes/no column, as the drop-down lists offer them.
pub const YES_NO_WORDS: &[&str] = YES_NO;

const fn read(header: &'static str, kind: ColumnKind, example: &'static str) -> TemplateColumn {
    TemplateColumn {
        header,
        kind,
        read: true,
        example,
    }
}

const fn info(header: &'static str, example: &'static str) -> TemplateColumn {
    TemplateColumn {
        header,
        kind: ColumnKind::Text,
        read: false,
        example,
    }
}

use ColumnKind::{Choice, Number, Text, Year, YesNo};

/// Every detail table, in the order of the rubric's indicators.
pub const TEMPLATE_TABLES: [TemplateTable; 11] = [
    TemplateTable {
        file: "tables/enterprises.csv",
        title: "集群列统企业（指标 5、8–12）",
        columns: &[
            read("企业名称", Text, "示例：某某科技股份有限公司"),
            read("规模以上", YesNo, "是"),
            read("工业企业", YesNo, "是"),
            read("高新技术企业", YesNo, "是"),
            read("营业收入（万元）", Number, "52000"),
            read("上年营业收入（万元）", Number, "46800"),
            read("净利润（万元）", Number, "4100"),
            read("上年净利润（万元）", Number, "3600"),
            read("研发经费内部支出（万元）", Number, "3380"),
            read("发明专利拥有量（件）", Number, "46"),
            read("软件著作权登记数（件）", Number, "12"),
            read("集成电路布图设计登记数（件）", Number, "0"),
        ],
    },
    TemplateTable {
        file: "tables/talents.csv",
        title: "市级以上人才计划入选人员（指标 4）",
        columns: &[
            read("姓名", Text, "示例：张某"),
            info("人才计划", "国家高层次人才特殊支持计划"),
            read("级别", Choice(LEVELS3), "国家级"),
            read("所在单位", Text, "某某科技股份有限公司"),
        ],
    },
    TemplateTable {
        file: "tables/recognitions.csv",
        title: "当年获认定的企业（指标 6）",
        columns: &[
            info("企业名称", "示例：某某生物科技有限公司"),
            read(
                "认定类型",
                Choice(&[
                    "独角兽企业",
                    "瞪羚企业",
                    "专精特新“小巨人”企业",
                    "科技型中小企业",
                ]),
                "瞪羚企业",
            ),
            read("认定年度", Year, "2025"),
        ],
    },
    TemplateTable {
        file: "tables/standards.csv",
        title: "主持或参与制定的标准（指标 13）",
        columns: &[
            info("标准名称", "示例：某某产品通用技术要求"),
            read(
                "级别",
                Choice(&["国际标准", "国家标准", "行业标准"]),
                "国家标准",
            ),
            read("参与方式", Choice(&["主持", "参与"]), "主持"),
            info("单位", "某某科技股份有限公司"),
        ],
    },
    TemplateTable {
        file: "tables/awards.csv",
        title: "省级以上科技奖励（指标 14；只计作为第一单位牵头的）",
        columns: &[
            info("项目名称", "示例：某某关键技术及产业化"),
            info("奖项", "江苏省科学技术奖一等奖"),
            read("级别", Choice(LEVELS2), "省级"),
            read("第一单位", YesNo, "是"),
            info("获奖年度", "2024"),
        ],
    },
    TemplateTable {
        file: "tables/platforms.csv",
        title: "省级以上重大创新平台（指标 15；国家级分中心计 0.5 家，省级分中心不计）",
        columns: &[
            info("平台名称", "示例：某某工程技术研究中心"),
            info("类型", "工程技术研究中心"),
            read("级别", Choice(LEVELS2), "国家级"),
            read("分中心", YesNo, "否"),
        ],
    },
    TemplateTable {
        file: "tables/services.csv",
        title: "市级以上科技服务机构（指标 16）",
        columns: &[
            info("机构名称", "示例：某某科技企业孵化器"),
            info("类型", "科技企业孵化器"),
            read("级别", Choice(LEVELS3), "省级"),
        ],
    },
    TemplateTable {
        file: "tables/funds.csv",
        title: "产业投资基金（指标 17）",
        columns: &[
            info("基金名称", "示例：某某产业投资基金"),
            read("基金规模（万元）", Number, "50000"),
        ],
    },
    TemplateTable {
        file: "tables/investments.csv",
        title: "基金对集群企业的投资（指标 17）",
        columns: &[
            read("企业名称", Text, "示例：某某生物科技有限公司"),
            info("投资基金", "某某产业投资基金"),
            read("投资金额（万元）", Number, "3000"),
            read("投资年度", Year, "2025"),
        ],
    },
    TemplateTable {
        file: "tables/listed.csv",
        title: "上市企业（指标 18；新三板不计）",
        columns: &[
            read("企业名称", Text, "示例：某某科技股份有限公司"),
            read("上市板块", Text, "上交所科创板"),
            read("融资额（亿元）", Number, "6.35"),
        ],
    },
    TemplateTable {
        file: "tables/projects.csv",
        title: "近三年科技计划项目（指标 19；只计独立承担或作为第一承担单位的）",
        columns: &[
            info("项目名称", "示例：某某关键技术研发"),
            read("级别", Choice(LEVELS3), "国家级"),
            read(
                "承担方式",
                Choice(&["独立承担", "第一承担单位", "参与"]),
                "第一承担单位",
            ),
            read("立项年度", Year, "2024"),
            read("资助经费（万元）", Number, "1200"),
            info("承担单位", "某某科技股份有限公司"),
        ],
    },
];

/// The columns of the declared figures (`measures.csv`, sheet 计量项): the measure id, its name
/// and indicator (for people), its unit, the figure and its source.
pub const MEASURE_HEADERS: [&str; 6] = ["计量项", "名称", "所属指标", "单位", "数值", "来源"];

/// The index of the figure's column in [`MEASURE_HEADERS`].
pub const MEASURE_VALUE_COLUMN: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::tables::TABLE_FILES;

    #[test]
    fn every_known_table_has_a_layout_with_an_example_per_column() {
        let files: Vec<&str> = TEMPLATE_TABLES.iter().map(|t| t.file).collect();
        assert_eq!(files, TABLE_FILES);
        for table in &TEMPLATE_TABLES {
            for column in table.columns {
                assert!(
                    !column.example.is_empty(),
                    "{}: {}",
                    table.file,
                    column.header
                );
                if let ColumnKind::Choice(words) = column.kind {
                    assert!(words.contains(&column.example), "{}", column.header);
                }
            }
        }
    }
}
