//! The optional detail tables (`tables/*.csv`), read into typed rows. Each table's columns and
//! accepted values are listed in the README; a bad cell is an error naming file, line and column.

use super::csv_table::{ColumnSpec, CsvTable, Row};
use super::files::PackageFiles;
use crate::error::InputError;
use rust_decimal::Decimal;

/// An enterprise listed in the cluster's statistics (集群列统企业). Money in 万元.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enterprise {
    /// 企业名称.
    pub name: String,
    /// 规模以上.
    pub above_scale: bool,
    /// 工业企业.
    pub industrial: bool,
    /// 高新技术企业 within its validity.
    pub high_tech: bool,
    /// 营业收入 this year.
    pub revenue: Decimal,
    /// 营业收入 last year.
    pub revenue_prev: Decimal,
    /// 净利润 this year (may be negative).
    pub net_profit: Decimal,
    /// 净利润 last year.
    pub net_profit_prev: Decimal,
    /// 研发经费内部支出.
    pub rd_internal: Decimal,
    /// 发明专利拥有量.
    pub invention_patents: Decimal,
    /// 软件著作权登记数.
    pub software_copyrights: Decimal,
    /// 集成电路布图设计登记数.
    pub ic_layouts: Decimal,
}

/// 国家级 / 省级 / 市级, ordered from the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// 国家级.
    National,
    /// 省级.
    Provincial,
    /// 市级.
    Municipal,
}

/// A talent of a national, provincial or municipal programme (one row per programme).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Talent {
    /// 姓名.
    pub name: String,
    /// 所在单位: with the name, tells two people of the same name apart.
    pub employer: String,
    /// Level of the programme.
    pub level: Level,
}

/// Kinds of recognised enterprises of indicator 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecognitionKind {
    /// 独角兽企业.
    Unicorn,
    /// 瞪羚企业.
    Gazelle,
    /// 专精特新“小巨人”企业.
    LittleGiant,
    /// 科技型中小企业.
    TechSme,
}

/// A recognition of an enterprise in a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognition {
    /// The enterprise, as compared (`names::name_key`): indicator 6 counts enterprises, so
    /// one recognised twice in a year counts once.
    pub enterprise: String,
    /// Kind.
    pub kind: RecognitionKind,
    /// Year of recognition.
    pub year: i32,
}

/// Level of a standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandardLevel {
    /// 国际标准.
    International,
    /// 国家标准.
    National,
    /// 行业标准.
    Industry,
}

/// A science and technology award.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Award {
    /// 国家级 or 省级.
    pub level: Level,
    /// Led as first unit (牵头，作为第一单位).
    pub first_unit: bool,
}

/// An innovation platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Platform {
    /// 国家级 or 省级.
    pub level: Level,
    /// A sub-centre (分中心).
    pub sub_centre: bool,
}

/// A venture investment into a cluster enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Investment {
    /// Enterprise invested in.
    pub enterprise: String,
    /// Amount in 万元.
    pub amount: Decimal,
    /// Year.
    pub year: i32,
}

/// A listed enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The listed enterprise, as compared (one enterprise may list on several boards, A+H).
    pub enterprise: String,
    /// Board (上市板块), as written.
    pub board: String,
    /// Whether the board is a stock exchange's (counts) or 新三板 (does not).
    pub market: Market,
    /// Financing in 亿元.
    pub financing: Decimal,
}

/// Where an enterprise's shares trade, for indicator 18 (境内外上市，不含新三板).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Market {
    /// A stock exchange: 上交所 (主板、科创板), 深交所 (主板、创业板), 北交所, 港交所, or an
    /// exchange abroad. Counts.
    Exchange,
    /// 新三板 / 全国中小企业股份转让系统 (全国股转系统, NEEQ): quoted, not listed. Does not count.
    Neeq,
}

impl Listing {
    /// Listings on 新三板 (NEEQ) do not count for indicator 18.
    pub fn is_neeq(&self) -> bool {
        self.market == Market::Neeq
    }
}

/// Words of a 新三板 board, compared after NFKC and lower-casing: 全国股转系统, 新三板挂牌,
/// neeq in any case all mean the National Equities Exchange and Quotations, which is not a
/// listing (挂牌, not 上市).
const NEEQ_WORDS: &[&str] = &[
    "新三板",
    "三板",
    "股转",
    "全国中小企业股份转让系统",
    "neeq",
    "nationalequitiesexchange",
];

/// Words of a stock exchange's board. 北交所 (the Beijing Stock Exchange) is an exchange.
const EXCHANGE_WORDS: &[&str] = &[
    "上交所",
    "上海证券交易所",
    "上证",
    "沪市",
    "科创板",
    "深交所",
    "深圳证券交易所",
    "深市",
    "创业板",
    "中小板",
    "北交所",
    "北京证券交易所",
    "主板",
    "港交所",
    "香港联交所",
    "香港联合交易所",
    "联交所",
    "港股",
    "纽交所",
    "纽约证券交易所",
    "纳斯达克",
    "美股",
    "伦敦证券交易所",
    "伦交所",
    "新加坡交易所",
    "东京证券交易所",
    "法兰克福证券交易所",
    "sse",
    "szse",
    "bse",
    "hkex",
    "sehk",
    "nyse",
    "nasdaq",
    "lse",
    "sgx",
    "tse",
    "star",
    "chinext",
];

/// The market of a board cell; `None` when it names neither an exchange nor 新三板.
pub fn market_of(board: &str) -> Option<Market> {
    let key = super::names::name_key(board).to_lowercase();
    let compact: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    if NEEQ_WORDS.iter().any(|w| compact.contains(w)) {
        return Some(Market::Neeq);
    }
    let ascii_words: Vec<&str> = compact
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let exchange = EXCHANGE_WORDS.iter().any(|w| {
        if w.is_ascii() {
            ascii_words.contains(w)
        } else {
            compact.contains(w)
        }
    });
    exchange.then_some(Market::Exchange)
}

/// A name carrying invisible format characters (U+200B, U+FEFF, U+200D…): it is compared
/// without them, and the package check warns about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameWarning {
    /// The file.
    pub file: String,
    /// The line.
    pub line: usize,
    /// The column.
    pub column: &'static str,
    /// The name as compared.
    pub name: String,
    /// The invisible characters it carried.
    pub characters: Vec<char>,
}

/// How an enterprise took part in a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectRole {
    /// 独立承担.
    Independent,
    /// 第一承担单位.
    FirstUnit,
    /// 参与 (does not count).
    Participant,
}

/// A science and technology programme project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Project {
    /// Level.
    pub level: Level,
    /// Role.
    pub role: ProjectRole,
    /// Year of approval.
    pub year: i32,
    /// Funding in 万元.
    pub funding: Decimal,
}

/// All detail tables present in a package (`None`: the file is absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    /// tables/enterprises.csv
    pub enterprises: Option<Vec<Enterprise>>,
    /// tables/talents.csv
    pub talents: Option<Vec<Talent>>,
    /// tables/recognitions.csv
    pub recognitions: Option<Vec<Recognition>>,
    /// tables/standards.csv
    pub standards: Option<Vec<StandardLevel>>,
    /// tables/awards.csv
    pub awards: Option<Vec<Award>>,
    /// tables/platforms.csv
    pub platforms: Option<Vec<Platform>>,
    /// tables/services.csv (levels)
    pub services: Option<Vec<Level>>,
    /// tables/funds.csv (sizes in 万元)
    pub funds: Option<Vec<Decimal>>,
    /// tables/investments.csv
    pub investments: Option<Vec<Investment>>,
    /// tables/listed.csv
    pub listed: Option<Vec<Listing>>,
    /// tables/projects.csv
    pub projects: Option<Vec<Project>>,
    /// Names carrying invisible characters, in any table.
    pub name_warnings: Vec<NameWarning>,
}

/// The file names of the known tables.
pub const TABLE_FILES: [&str; 11] = [
    "tables/enterprises.csv",
    "tables/talents.csv",
    "tables/recognitions.csv",
    "tables/standards.csv",
    "tables/awards.csv",
    "tables/platforms.csv",
    "tables/services.csv",
    "tables/funds.csv",
    "tables/investments.csv",
    "tables/listed.csv",
    "tables/projects.csv",
];

const fn col(id: &'static str, names: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec { id, names }
}

const LEVELS3: &[(Level, &[&str])] = &[
    (Level::National, &["国家级", "国家", "national"]),
    (Level::Provincial, &["省级", "省", "provincial"]),
    (Level::Municipal, &["市级", "市", "municipal"]),
];
const LEVELS2: &[(Level, &[&str])] = &[
    (Level::National, &["国家级", "国家", "national"]),
    (Level::Provincial, &["省级", "省", "provincial"]),
];

/// The worksheets of `package.xlsx`: the file each stands for, and the Chinese name its sheet
/// may carry instead of the file stem (sheet `enterprises` or `企业` is `tables/enterprises.csv`).
pub const SHEET_NAMES: [(&str, &str); 12] = [
    ("measures.csv", "计量项"),
    ("tables/enterprises.csv", "企业"),
    ("tables/talents.csv", "人才"),
    ("tables/recognitions.csv", "企业认定"),
    ("tables/standards.csv", "标准"),
    ("tables/awards.csv", "科技奖励"),
    ("tables/platforms.csv", "平台"),
    ("tables/services.csv", "服务机构"),
    ("tables/funds.csv", "基金"),
    ("tables/investments.csv", "投资"),
    ("tables/listed.csv", "上市企业"),
    ("tables/projects.csv", "项目"),
];

/// Reads every known table present; `prefix` (the package folder) starts file names in errors.
pub fn parse_tables(prefix: &str, files: &PackageFiles) -> Result<Tables, Vec<InputError>> {
    read_tables(|name| {
        files
            .get(name)
            .map(|bytes| CsvTable::parse(&format!("{prefix}/{name}"), bytes).map_err(|e| vec![e]))
    })
}

/// Reads every known table that `table` supplies by file name (`tables/funds.csv`): parsed CSV
/// files, or worksheets of a workbook read as text.
pub fn read_tables(
    mut table: impl FnMut(&str) -> Option<Result<CsvTable, Vec<InputError>>>,
) -> Result<Tables, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut name_warnings = Vec::new();
    let mut reader = TableReader {
        table: &mut table,
        errors: &mut errors,
        name_warnings: &mut name_warnings,
    };
    let mut parsed = Tables {
        enterprises: reader.read("tables/enterprises.csv", read_enterprises),
        talents: reader.read("tables/talents.csv", read_talents),
        recognitions: reader.read("tables/recognitions.csv", read_recognitions),
        standards: reader.read("tables/standards.csv", read_standards),
        awards: reader.read("tables/awards.csv", read_awards),
        platforms: reader.read("tables/platforms.csv", read_platforms),
        services: reader.read("tables/services.csv", |t| {
            read_levels(t, col("level", &["级别"]), LEVELS3)
        }),
        funds: reader.read("tables/funds.csv", read_funds),
        investments: reader.read("tables/investments.csv", read_investments),
        listed: reader.read("tables/listed.csv", read_listed),
        projects: reader.read("tables/projects.csv", read_projects),
        name_warnings: Vec::new(),
    };
    parsed.name_warnings = name_warnings;
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(super::csv_table::capped(errors))
    }
}

/// The source of tables, by file name.
type TableSource<'a> = dyn FnMut(&str) -> Option<Result<CsvTable, Vec<InputError>>> + 'a;

/// The name columns of the tables: compared after `name_key`, scanned for invisible characters.
const NAME_COLUMNS: &[ColumnSpec] = &[
    col("name", &["企业名称", "姓名"]),
    col("employer", &["所在单位", "单位"]),
    col("enterprise", &["企业名称", "被投企业", "上市企业"]),
];

/// Parses tables that are present, gathering their errors.
struct TableReader<'a, 'b> {
    table: &'a mut TableSource<'b>,
    errors: &'a mut Vec<InputError>,
    name_warnings: &'a mut Vec<NameWarning>,
}

impl TableReader<'_, '_> {
    fn read<T>(
        &mut self,
        name: &str,
        rows_of: impl Fn(&CsvTable) -> Result<Vec<T>, Vec<InputError>>,
    ) -> Option<Vec<T>> {
        let parsed = (self.table)(name)?.and_then(|t| {
            self.scan_names(&t);
            rows_of(&t)
        });
        match parsed {
            Ok(rows) => Some(rows),
            Err(mut found) => {
                self.errors.append(&mut found);
                None
            }
        }
    }
}

impl TableReader<'_, '_> {
    /// Records every name cell that carries invisible format characters.
    fn scan_names(&mut self, t: &CsvTable) {
        for spec in NAME_COLUMNS {
            let Ok(column) = t.column(*spec) else {
                continue;
            };
            for row in &t.rows {
                let cell = t.text(row, column);
                let characters = super::names::format_characters(cell);
                if !characters.is_empty() {
                    self.name_warnings.push(NameWarning {
                        file: t.file.clone(),
                        line: row.line,
                        column: spec.id,
                        name: super::names::name_key(cell),
                        characters,
                    });
                }
            }
        }
    }
}

/// Applies a row reader to every row, collecting every row's error.
fn rows<T>(
    table: &CsvTable,
    mut read: impl FnMut(&Row) -> Result<T, InputError>,
) -> Result<Vec<T>, Vec<InputError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        match read(row) {
            Ok(value) => out.push(value),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn read_enterprises(t: &CsvTable) -> Result<Vec<Enterprise>, Vec<InputError>> {
    let [
        name,
        above_scale,
        industrial,
        high_tech,
        revenue,
        revenue_prev,
        net_profit,
        net_profit_prev,
        rd_internal,
        invention_patents,
        software_copyrights,
        ic_layouts,
    ] = t.columns([
        col("name", &["企业名称"]),
        col("above_scale", &["规模以上", "规上企业", "是否规上"]),
        col("industrial", &["工业企业", "是否工业企业"]),
        col("high_tech", &["高新技术企业", "是否高企"]),
        col("revenue", &["营业收入"]),
        col("revenue_prev", &["上年营业收入"]),
        col("net_profit", &["净利润"]),
        col("net_profit_prev", &["上年净利润"]),
        col("rd_internal", &["研发经费内部支出"]),
        col("invention_patents", &["发明专利拥有量", "发明专利"]),
        col("software_copyrights", &["软件著作权登记数", "软件著作权"]),
        col(
            "ic_layouts",
            &["集成电路布图设计登记数", "集成电路布图设计"],
        ),
    ])?;
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    rows(t, |r| {
        // compared as read: an invisible character does not make a second enterprise
        let enterprise = super::names::name_key(t.required_text(r, name)?);
        let first = *seen.entry(enterprise.clone()).or_insert(r.line);
        if first != r.line {
            return Err(t.cell_error(
                r,
                name,
                format!(
                    "found \"{}\" again (first on line {first}), expected each enterprise once (its figures would count twice)",
                    crate::numbers::clipped(&enterprise)
                ),
            ));
        }
        Ok(Enterprise {
            name: enterprise,
            above_scale: t.boolean(r, above_scale)?,
            industrial: t.boolean(r, industrial)?,
            high_tech: t.boolean(r, high_tech)?,
            revenue: t.amount(r, revenue)?,
            revenue_prev: t.amount(r, revenue_prev)?,
            net_profit: t.number(r, net_profit)?,
            net_profit_prev: t.number(r, net_profit_prev)?,
            rd_internal: t.amount(r, rd_internal)?,
            invention_patents: t.amount(r, invention_patents)?,
            software_copyrights: t.amount(r, software_copyrights)?,
            ic_layouts: t.amount(r, ic_layouts)?,
        })
    })
}

fn read_talents(t: &CsvTable) -> Result<Vec<Talent>, Vec<InputError>> {
    let [name, employer, level] = t.columns([
        col("name", &["姓名"]),
        col("employer", &["所在单位", "单位"]),
        col("level", &["级别", "层次"]),
    ])?;
    rows(t, |r| {
        Ok(Talent {
            name: super::names::name_key(t.required_text(r, name)?),
            employer: super::names::name_key(t.text(r, employer)),
            level: t.choice(r, level, LEVELS3)?,
        })
    })
}

fn read_levels(
    t: &CsvTable,
    spec: ColumnSpec,
    levels: &[(Level, &[&str])],
) -> Result<Vec<Level>, Vec<InputError>> {
    let [level] = t.columns([spec])?;
    rows(t, |r| t.choice(r, level, levels))
}

fn read_recognitions(t: &CsvTable) -> Result<Vec<Recognition>, Vec<InputError>> {
    let [enterprise, kind, year] = t.columns([
        col("enterprise", &["企业名称"]),
        col("type", &["认定类型", "类型"]),
        col("year", &["认定年度", "年度"]),
    ])?;
    let kinds: &[(RecognitionKind, &[&str])] = &[
        (RecognitionKind::Unicorn, &["独角兽企业", "独角兽"]),
        (RecognitionKind::Gazelle, &["瞪羚企业", "瞪羚"]),
        (
            RecognitionKind::LittleGiant,
            &[
                "专精特新“小巨人”企业",
                "专精特新小巨人",
                "小巨人企业",
                "小巨人",
            ],
        ),
        (RecognitionKind::TechSme, &["科技型中小企业"]),
    ];
    rows(t, |r| {
        Ok(Recognition {
            enterprise: super::names::name_key(t.required_text(r, enterprise)?),
            kind: t.choice(r, kind, kinds)?,
            year: t.year(r, year)?,
        })
    })
}

fn read_standards(t: &CsvTable) -> Result<Vec<StandardLevel>, Vec<InputError>> {
    let [level, role] = t.columns([
        col("level", &["级别", "标准级别"]),
        col("role", &["参与方式", "主持或参与"]),
    ])?;
    let levels: &[(StandardLevel, &[&str])] = &[
        (StandardLevel::International, &["国际标准", "国际"]),
        (StandardLevel::National, &["国家标准", "国家"]),
        (StandardLevel::Industry, &["行业标准", "行业"]),
    ];
    let roles: &[((), &[&str])] = &[((), &["主持", "参与", "主持制定", "参与制定"])];
    rows(t, |r| {
        t.choice(r, role, roles)?;
        t.choice(r, level, levels)
    })
}

fn read_awards(t: &CsvTable) -> Result<Vec<Award>, Vec<InputError>> {
    let [level, first_unit] = t.columns([
        col("level", &["级别", "奖励级别"]),
        col("first_unit", &["第一单位", "是否第一单位"]),
    ])?;
    rows(t, |r| {
        Ok(Award {
            level: t.choice(r, level, LEVELS2)?,
            first_unit: t.boolean(r, first_unit)?,
        })
    })
}

fn read_platforms(t: &CsvTable) -> Result<Vec<Platform>, Vec<InputError>> {
    let [level, sub_centre] = t.columns([
        col("level", &["级别", "平台级别"]),
        col("sub_centre", &["分中心", "是否分中心"]),
    ])?;
    rows(t, |r| {
        Ok(Platform {
            level: t.choice(r, level, LEVELS2)?,
            sub_centre: t.boolean(r, sub_centre)?,
        })
    })
}

fn read_funds(t: &CsvTable) -> Result<Vec<Decimal>, Vec<InputError>> {
    let [size] = t.columns([col("size", &["基金规模", "规模"])])?;
    rows(t, |r| t.amount(r, size))
}

fn read_investments(t: &CsvTable) -> Result<Vec<Investment>, Vec<InputError>> {
    let [enterprise, amount, year] = t.columns([
        col("enterprise", &["企业名称", "被投企业"]),
        col("amount", &["投资金额", "投资额"]),
        col("year", &["投资年度", "年度"]),
    ])?;
    rows(t, |r| {
        Ok(Investment {
            enterprise: super::names::name_key(t.required_text(r, enterprise)?),
            amount: t.amount(r, amount)?,
            year: t.year(r, year)?,
        })
    })
}

fn read_listed(t: &CsvTable) -> Result<Vec<Listing>, Vec<InputError>> {
    let [enterprise, board, financing] = t.columns([
        col("enterprise", &["企业名称", "上市企业"]),
        col("board", &["上市板块", "板块"]),
        col("financing", &["融资额", "融资金额"]),
    ])?;
    rows(t, |r| {
        let written = t.required_text(r, board)?;
        let market = market_of(written).ok_or_else(|| {
            InputError::at(
                &t.file,
                r.line,
                "column \"board\"",
                format!(
                    "found \"{}\", expected a stock exchange's board (上交所主板, 科创板, 深交所主板, 创业板, 北交所, 港交所主板, 纽交所, 纳斯达克 …) or 新三板 (which does not count)",
                    crate::numbers::clipped(written)
                ),
            )
        })?;
        Ok(Listing {
            enterprise: super::names::name_key(t.required_text(r, enterprise)?),
            board: written.to_string(),
            market,
            financing: t.amount(r, financing)?,
        })
    })
}

fn read_projects(t: &CsvTable) -> Result<Vec<Project>, Vec<InputError>> {
    let [level, role, year, funding] = t.columns([
        col("level", &["级别", "项目级别"]),
        col("role", &["承担方式"]),
        col("year", &["立项年度", "年度"]),
        col("funding", &["资助经费", "经费"]),
    ])?;
    let roles: &[(ProjectRole, &[&str])] = &[
        (ProjectRole::Independent, &["独立承担", "独立"]),
        (
            ProjectRole::FirstUnit,
            &["第一承担单位", "第一承担", "第一单位"],
        ),
        (ProjectRole::Participant, &["参与", "参与单位", "参与承担"]),
    ];
    rows(t, |r| {
        Ok(Project {
            level: t.choice(r, level, LEVELS3)?,
            role: t.choice(r, role, roles)?,
            year: t.year(r, year)?,
            funding: t.amount(r, funding)?,
        })
    })
}
