//! Figures derived from the detail tables with the guideline's own rules, to be shown beside
//! the declared ones. Each result carries its basis (what was counted and what was left out)
//! so an expert can see why the figure is what it is.

use super::tables::{
    Award, Enterprise, Level, ProjectRole, RecognitionKind, StandardLevel, Tables, Talent,
};
use crate::display::figure;
use crate::rubric::Derivation;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// A derived figure and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    /// The exact figure.
    pub value: Decimal,
    /// What was counted, in the domain's words.
    pub basis: String,
}

/// The outcome of one derivation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeriveOutcome {
    /// The table it needs is not in the package.
    NoTable(&'static str),
    /// The table is there but the figure cannot be computed (a zero denominator…).
    Impossible(String),
    /// The derived figure.
    Value(Derived),
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;
const WAN_PER_YI: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

const ENTERPRISES: &str = "tables/enterprises.csv";

/// Sums over the enterprise table, computed once per derivation.
struct EnterpriseTotals {
    revenue: Decimal,
    revenue_prev: Decimal,
    profit: Decimal,
    profit_prev: Decimal,
    rd: Decimal,
    patents: Decimal,
    software: Decimal,
    layouts: Decimal,
}

impl EnterpriseTotals {
    fn of(e: &[Enterprise]) -> Result<Self, String> {
        Ok(Self {
            revenue: sum(e.iter().map(|x| x.revenue))?,
            revenue_prev: sum(e.iter().map(|x| x.revenue_prev))?,
            profit: sum(e.iter().map(|x| x.net_profit))?,
            profit_prev: sum(e.iter().map(|x| x.net_profit_prev))?,
            rd: sum(e.iter().map(|x| x.rd_internal))?,
            patents: sum(e.iter().map(|x| x.invention_patents))?,
            software: sum(e.iter().map(|x| x.software_copyrights))?,
            layouts: sum(e.iter().map(|x| x.ic_layouts))?,
        })
    }

    fn margin(&self) -> Result<Decimal, String> {
        percent(
            self.profit,
            self.revenue,
            "营业收入合计为 0，无法计算利润率",
        )
    }
}

/// Derives one figure for a package of evaluation year `year`.
pub fn derive(derivation: Derivation, tables: &Tables, year: i32) -> DeriveOutcome {
    use Derivation as D;
    match derivation {
        D::Talents => with(&tables.talents, "tables/talents.csv", |t| Ok(talents(t))),
        D::HightechCount => with(&tables.enterprises, ENTERPRISES, |e| {
            let n = e.iter().filter(|x| x.high_tech).count();
            Ok(value(
                count(n),
                format!("高新技术企业 {n} 家（明细 {} 家）", e.len()),
            ))
        }),
        D::HightechShare => with(&tables.enterprises, ENTERPRISES, |e| {
            let high = e.iter().filter(|x| x.above_scale && x.high_tech).count();
            let industrial = e.iter().filter(|x| x.above_scale && x.industrial).count();
            let share = percent(
                count(high),
                count(industrial),
                "没有规模以上工业企业，无法计算占比",
            )?;
            Ok(value(
                share,
                format!("规上高新技术企业 {high} 家 ÷ 规上工业企业 {industrial} 家"),
            ))
        }),
        D::Unicorn => recognitions(tables, year, RecognitionKind::Unicorn),
        D::Gazelle => recognitions(tables, year, RecognitionKind::Gazelle),
        D::LittleGiant => recognitions(tables, year, RecognitionKind::LittleGiant),
        D::TechSme => recognitions(tables, year, RecognitionKind::TechSme),
        D::Revenue => with(&tables.enterprises, ENTERPRISES, |e| {
            let t = EnterpriseTotals::of(e)?;
            Ok(value(
                t.revenue / WAN_PER_YI,
                format!("{} 家企业营业收入合计 {} 万元", e.len(), figure(t.revenue)),
            ))
        }),
        D::RevenueGrowth => with(&tables.enterprises, ENTERPRISES, |e| {
            let t = EnterpriseTotals::of(e)?;
            let growth = percent(
                checked(t.revenue.checked_sub(t.revenue_prev))?,
                t.revenue_prev,
                "上年营业收入合计为 0，无法计算增幅",
            )?;
            Ok(value(
                growth,
                format!(
                    "（本年 {} − 上年 {}）÷ 上年 {} 万元",
                    figure(t.revenue),
                    figure(t.revenue_prev),
                    figure(t.revenue_prev)
                ),
            ))
        }),
        D::ProfitMargin => with(&tables.enterprises, ENTERPRISES, |e| {
            let t = EnterpriseTotals::of(e)?;
            Ok(value(
                t.margin()?,
                format!(
                    "净利润 {} ÷ 营业收入 {} 万元",
                    figure(t.profit),
                    figure(t.revenue)
                ),
            ))
        }),
        D::ProfitMarginGrowth => with(&tables.enterprises, ENTERPRISES, |e| {
            let t = EnterpriseTotals::of(e)?;
            let margin = t.margin()?;
            let margin_prev = percent(
                t.profit_prev,
                t.revenue_prev,
                "上年营业收入合计为 0，无法计算上年利润率",
            )?;
            if margin_prev <= Decimal::ZERO {
                return Err(format!(
                    "上年利润率为 {}%，不为正，无法计算增长率",
                    figure(margin_prev)
                ));
            }
            let growth = percent(checked(margin.checked_sub(margin_prev))?, margin_prev, "")?;
            Ok(value(
                growth,
                format!(
                    "利润率 本年 {}% · 上年 {}%",
                    figure(margin),
                    figure(margin_prev)
                ),
            ))
        }),
        D::RdShare => with(&tables.enterprises, ENTERPRISES, |e| {
            let t = EnterpriseTotals::of(e)?;
            let share = percent(t.rd, t.revenue, "营业收入合计为 0，无法计算研发经费占比")?;
            Ok(value(
                share,
                format!(
                    "研发经费内部支出 {} ÷ 营业收入 {} 万元",
                    figure(t.rd),
                    figure(t.revenue)
                ),
            ))
        }),
        D::Rd5RevenueShare => with(&tables.enterprises, ENTERPRISES, |e| {
            let intensive: Vec<&Enterprise> =
                e.iter().filter(|x| rd_intensity_at_least_5(x)).collect();
            let part = sum(intensive.iter().map(|x| x.revenue))?;
            let t = EnterpriseTotals::of(e)?;
            let share = percent(part, t.revenue, "营业收入合计为 0，无法计算比例")?;
            Ok(value(
                share,
                format!(
                    "研发投入强度达 5% 的 {} 家企业营收 {} ÷ 营业收入 {} 万元",
                    intensive.len(),
                    figure(part),
                    figure(t.revenue)
                ),
            ))
        }),
        D::IpPer100m => with(&tables.enterprises, ENTERPRISES, |e| {
            let t = EnterpriseTotals::of(e)?;
            let items = sum([t.patents, t.software, t.layouts].into_iter())?;
            let revenue_yi = t.revenue / WAN_PER_YI;
            if revenue_yi <= Decimal::ZERO {
                return Err("营业收入合计为 0，无法计算每亿元数量".to_string());
            }
            let density = checked(items.checked_div(revenue_yi))?;
            Ok(value(
                density,
                format!(
                    "发明专利 {} + 软件著作权 {} + 布图设计 {} = {} 件 ÷ 营业收入 {} 亿元",
                    figure(t.patents),
                    figure(t.software),
                    figure(t.layouts),
                    figure(items),
                    figure(revenue_yi)
                ),
            ))
        }),
        D::Standards => with(&tables.standards, "tables/standards.csv", |s| {
            let of = |l: StandardLevel| s.iter().filter(|x| **x == l).count();
            Ok(value(
                count(s.len()),
                format!(
                    "国际 {} · 国家 {} · 行业 {}",
                    of(StandardLevel::International),
                    of(StandardLevel::National),
                    of(StandardLevel::Industry)
                ),
            ))
        }),
        D::Awards => with(&tables.awards, "tables/awards.csv", |a| {
            let led: Vec<&Award> = a.iter().filter(|x| x.first_unit).collect();
            let of = |l: Level| led.iter().filter(|x| x.level == l).count();
            Ok(value(
                count(led.len()),
                format!(
                    "作为第一单位 {} 项（国家级 {} · 省级 {}）；非第一单位 {} 项不计",
                    led.len(),
                    of(Level::National),
                    of(Level::Provincial),
                    a.len() - led.len()
                ),
            ))
        }),
        D::Platforms => with(&tables.platforms, "tables/platforms.csv", |p| {
            let of = |level: Level, sub: bool| {
                p.iter()
                    .filter(|x| x.level == level && x.sub_centre == sub)
                    .count()
            };
            let (national, national_sub) = (of(Level::National, false), of(Level::National, true));
            let (provincial, provincial_sub) =
                (of(Level::Provincial, false), of(Level::Provincial, true));
            let total =
                count(national) + count(national_sub) * Decimal::new(5, 1) + count(provincial);
            Ok(value(
                total,
                format!(
                    "国家级 {national} + 国家级分中心 {national_sub}×0.5 + 省级 {provincial}；省级分中心 {provincial_sub} 个不计"
                ),
            ))
        }),
        D::ServiceOrgs => with(&tables.services, "tables/services.csv", |s| {
            let of = |l: Level| s.iter().filter(|x| **x == l).count();
            Ok(value(
                count(s.len()),
                format!(
                    "国家级 {} · 省级 {} · 市级 {}",
                    of(Level::National),
                    of(Level::Provincial),
                    of(Level::Municipal)
                ),
            ))
        }),
        D::FundSize => with(&tables.funds, "tables/funds.csv", |f| {
            Ok(value(
                sum(f.iter().copied())?,
                format!("{} 支基金规模合计", f.len()),
            ))
        }),
        D::InvestedAmount => with(&tables.investments, "tables/investments.csv", |i| {
            let this_year: Vec<_> = i.iter().filter(|x| x.year == year).collect();
            Ok(value(
                sum(this_year.iter().map(|x| x.amount))?,
                format!(
                    "{year} 年投资 {} 笔；其他年度 {} 笔不计",
                    this_year.len(),
                    i.len() - this_year.len()
                ),
            ))
        }),
        D::InvestedEnterprises => with(&tables.investments, "tables/investments.csv", |i| {
            let this_year: Vec<_> = i.iter().filter(|x| x.year == year).collect();
            let distinct: BTreeSet<&str> =
                this_year.iter().map(|x| x.enterprise.as_str()).collect();
            Ok(value(
                count(distinct.len()),
                format!(
                    "{year} 年投资 {} 笔，涉及企业 {} 家（同一企业只计一次）",
                    this_year.len(),
                    distinct.len()
                ),
            ))
        }),
        D::ListedCount | D::ListedFinancing => with(&tables.listed, "tables/listed.csv", |l| {
            let listed: Vec<_> = l.iter().filter(|x| !x.is_neeq()).collect();
            let enterprises: BTreeSet<&str> =
                listed.iter().map(|x| x.enterprise.as_str()).collect();
            let basis = format!(
                "上市企业 {} 家（上市记录 {} 条，同一企业多地上市只计一次）；新三板 {} 条不计",
                enterprises.len(),
                listed.len(),
                l.len() - listed.len()
            );
            let figure = if derivation == D::ListedCount {
                count(enterprises.len())
            } else {
                sum(listed.iter().map(|x| x.financing))?
            };
            Ok(value(figure, basis))
        }),
        D::Projects | D::ProjectFunding => with(&tables.projects, "tables/projects.csv", |p| {
            let first = year.saturating_sub(2);
            let counted: Vec<_> = p
                .iter()
                .filter(|x| x.role != ProjectRole::Participant && (first..=year).contains(&x.year))
                .collect();
            let participant = p
                .iter()
                .filter(|x| x.role == ProjectRole::Participant)
                .count();
            let basis = format!(
                "{first}–{year} 年独立或第一承担 {} 项；参与 {participant} 项、其他年度 {} 项不计",
                counted.len(),
                p.len() - counted.len() - participant
            );
            let figure = if derivation == D::Projects {
                count(counted.len())
            } else {
                sum(counted.iter().map(|x| x.funding))?
            };
            Ok(value(figure, basis))
        }),
    }
}

/// Indicator 4 counts people: a person (name and employer) in several programmes once, at the
/// highest level.
fn talents(rows: &[Talent]) -> Derived {
    let mut people: BTreeMap<(&str, &str), Level> = BTreeMap::new();
    for t in rows {
        let level = people
            .entry((t.name.as_str(), t.employer.as_str()))
            .or_insert(t.level);
        *level = (*level).min(t.level);
    }
    let of = |l: Level| people.values().filter(|x| **x == l).count();
    value(
        count(people.len()),
        format!(
            "国家级 {} · 省级 {} · 市级 {}，合计 {} 人（入选记录 {} 条，同一人只计一次）",
            of(Level::National),
            of(Level::Provincial),
            of(Level::Municipal),
            people.len(),
            rows.len()
        ),
    )
}

fn with<T>(
    table: &Option<Vec<T>>,
    file: &'static str,
    compute: impl FnOnce(&[T]) -> Result<Derived, String>,
) -> DeriveOutcome {
    match table {
        None => DeriveOutcome::NoTable(file),
        Some(rows) => match compute(rows) {
            Ok(derived) => DeriveOutcome::Value(derived),
            Err(reason) => DeriveOutcome::Impossible(reason),
        },
    }
}

fn value(value: Decimal, basis: String) -> Derived {
    Derived { value, basis }
}

fn count(n: usize) -> Decimal {
    Decimal::from(n as u64)
}

fn recognitions(tables: &Tables, year: i32, kind: RecognitionKind) -> DeriveOutcome {
    with(&tables.recognitions, "tables/recognitions.csv", |r| {
        let of_kind: Vec<_> = r.iter().filter(|x| x.kind == kind).collect();
        let rows = of_kind.iter().filter(|x| x.year == year).count();
        // 企业数: an enterprise recognised twice in the year counts once
        let this_year: BTreeSet<&str> = of_kind
            .iter()
            .filter(|x| x.year == year)
            .map(|x| x.enterprise.as_str())
            .collect();
        let twice = if rows > this_year.len() {
            format!("（认定记录 {rows} 条，同一企业只计一次）")
        } else {
            String::new()
        };
        Ok(value(
            count(this_year.len()),
            format!(
                "{year} 年获认定 {} 家{twice}；其他年度 {} 家不计",
                this_year.len(),
                of_kind.len() - rows
            ),
        ))
    })
}

fn rd_intensity_at_least_5(e: &Enterprise) -> bool {
    // rd ÷ revenue ≥ 5%  ⇔  rd × 20 ≥ revenue (no division, no rounding)
    e.revenue > Decimal::ZERO
        && e.rd_internal
            .checked_mul(Decimal::from(20))
            .is_some_and(|x| x >= e.revenue)
}

fn sum(values: impl Iterator<Item = Decimal>) -> Result<Decimal, String> {
    let mut total = Decimal::ZERO;
    for v in values {
        total = checked(total.checked_add(v))?;
    }
    Ok(total)
}

fn checked(result: Option<Decimal>) -> Result<Decimal, String> {
    result.ok_or_else(|| "数值超出可计算范围".to_string())
}

/// `part ÷ whole × 100`; `zero` explains a zero (or negative) denominator.
fn percent(part: Decimal, whole: Decimal, zero: &str) -> Result<Decimal, String> {
    if whole <= Decimal::ZERO {
        return Err(zero.to_string());
    }
    checked(part.checked_div(whole).and_then(|r| r.checked_mul(HUNDRED)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::{PackageFiles, parse_tables};
    use std::collections::BTreeMap;

    /// Tables from in-memory CSV files.
    fn tables(files: &[(&str, &str)]) -> Tables {
        let files = PackageFiles(
            files
                .iter()
                .map(|(p, c)| (format!("tables/{p}"), c.as_bytes().to_vec()))
                .collect::<BTreeMap<_, _>>(),
        );
        parse_tables("pkg", &files).expect("valid tables")
    }

    fn derived(d: Derivation, t: &Tables) -> Decimal {
        match derive(d, t, 2025) {
            DeriveOutcome::Value(v) => v.value,
            other => panic!("{d:?}: {other:?}"),
        }
    }

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    const HEADER: &str = "name,above_scale,industrial,high_tech,revenue,revenue_prev,net_profit,net_profit_prev,rd_internal,invention_patents,software_copyrights,ic_layouts\n";

    /// Three enterprises, revenue 1,000,000 万元 (100 亿元) this year and 800,000 last year.
    fn enterprises() -> Tables {
        tables(&[(
            "enterprises.csv",
            &format!(
                "{HEADER}甲,是,是,是,600000,500000,60000,40000,30000,100,20,5\n乙,是,是,否,300000,250000,30000,20000,9000,50,10,0\n丙,否,否,是,100000,50000,-10000,4000,10000,10,5,0\n"
            ),
        )])
    }

    #[test]
    fn indicator_5_counts_high_tech_and_the_above_scale_share() {
        let t = enterprises();
        assert_eq!(derived(Derivation::HightechCount, &t), dec("2"));
        // above-scale high-tech: 甲 (1) ÷ above-scale industrial: 甲, 乙 (2)
        assert_eq!(derived(Derivation::HightechShare, &t), dec("50"));
    }

    #[test]
    fn indicators_8_to_12_from_the_enterprise_table() {
        let t = enterprises();
        assert_eq!(derived(Derivation::Revenue, &t), dec("100"));
        // (1,000,000 − 800,000) ÷ 800,000
        assert_eq!(derived(Derivation::RevenueGrowth, &t), dec("25"));
        // profit 80,000 ÷ 1,000,000 = 8%; last year 64,000 ÷ 800,000 = 8% → growth 0
        assert_eq!(derived(Derivation::ProfitMargin, &t), dec("8"));
        assert_eq!(derived(Derivation::ProfitMarginGrowth, &t), dec("0"));
        // R&D 49,000 ÷ 1,000,000
        assert_eq!(derived(Derivation::RdShare, &t), dec("4.9"));
        // intensity: 甲 5% (counts, boundary), 乙 3%, 丙 10% → (600,000 + 100,000) ÷ 1,000,000
        assert_eq!(derived(Derivation::Rd5RevenueShare, &t), dec("70"));
        // (160 patents + 35 copyrights + 5 layouts) ÷ 100 亿元
        assert_eq!(derived(Derivation::IpPer100m, &t), dec("2"));
    }

    #[test]
    fn zero_denominators_are_explained_not_divided() {
        let t = tables(&[(
            "enterprises.csv",
            &format!("{HEADER}甲,否,否,否,0,0,0,0,0,0,0,0\n"),
        )]);
        for d in [
            Derivation::HightechShare,
            Derivation::RevenueGrowth,
            Derivation::ProfitMargin,
            Derivation::RdShare,
            Derivation::IpPer100m,
            Derivation::ProfitMarginGrowth,
        ] {
            assert!(
                matches!(derive(d, &t, 2025), DeriveOutcome::Impossible(_)),
                "{d:?}"
            );
        }
        assert_eq!(
            derive(Derivation::Talents, &t, 2025),
            DeriveOutcome::NoTable("tables/talents.csv")
        );
    }

    #[test]
    fn indicator_9_growth_is_the_relative_change_of_the_margin() {
        // margin 10% this year (100 ÷ 1000), 8% last year (80 ÷ 1000): growth (10 − 8) ÷ 8 = 25%,
        // not the 2 percentage points
        let t = tables(&[(
            "enterprises.csv",
            &format!("{HEADER}甲,是,是,是,1000,1000,100,80,0,0,0,0\n"),
        )]);
        assert_eq!(derived(Derivation::ProfitMargin, &t), dec("10"));
        assert_eq!(derived(Derivation::ProfitMarginGrowth, &t), dec("25"));
        let loss = tables(&[(
            "enterprises.csv",
            &format!("{HEADER}甲,是,是,是,1000,1000,100,-80,0,0,0,0\n"),
        )]);
        assert!(matches!(
            derive(Derivation::ProfitMarginGrowth, &loss, 2025),
            DeriveOutcome::Impossible(_)
        ));
    }

    #[test]
    fn indicator_4_counts_people_once_at_their_highest_level() {
        let t = tables(&[(
            "talents.csv",
            "name,programme,level,employer\n王某,P1,省级,甲公司\n王某,P2,国家级,甲公司\n王某,P3,市级,乙公司\n李某,P1,市级,甲公司\n",
        )]);
        assert_eq!(derived(Derivation::Talents, &t), dec("3"));
        let DeriveOutcome::Value(d) = derive(Derivation::Talents, &t, 2025) else {
            panic!("derived")
        };
        assert!(
            d.basis
                .starts_with("国家级 1 · 省级 0 · 市级 2，合计 3 人（入选记录 4 条"),
            "{}",
            d.basis
        );
    }

    #[test]
    fn indicator_18_counts_an_enterprise_listed_twice_once() {
        let t = tables(&[(
            "listed.csv",
            "enterprise,board,financing\n甲,上交所主板,10\n甲,香港联交所主板,5\n乙,新三板,2\n",
        )]);
        assert_eq!(derived(Derivation::ListedCount, &t), dec("1"));
        assert_eq!(derived(Derivation::ListedFinancing, &t), dec("15"));
    }

    #[test]
    fn values_off_the_list_are_refused_not_guessed() {
        let files = |name: &str, text: &str| {
            PackageFiles(BTreeMap::from([(
                format!("tables/{name}"),
                text.as_bytes().to_vec(),
            )]))
        };
        for (name, text, fragment) in [
            (
                "talents.csv",
                "name,programme,level,employer\n王某,P,县级,甲\n",
                "found \"县级\", expected one of 国家级, 省级, 市级",
            ),
            (
                "recognitions.csv",
                "enterprise,type,year\n甲,培育独角兽企业,2025\n",
                "found \"培育独角兽企业\"",
            ),
            (
                "projects.csv",
                "title,level,role,year,funding\nA,国家级,参与（非第一承担单位）,2025,1\n",
                "found \"参与（非第一承担单位）\"",
            ),
            (
                "awards.csv",
                "title,award,level,first_unit,year\nA,奖,省部级,是,2025\n",
                "found \"省部级\"",
            ),
            (
                "enterprises.csv",
                &format!("{HEADER}甲,是,是,是,1,1,1,1,1,0,0,0\n甲,是,是,是,1,1,1,1,1,0,0,0\n"),
                "found \"甲\" again (first on line 2)",
            ),
            (
                "enterprises.csv",
                &format!("{HEADER}甲,是,是,是,12%,1,1,1,1,0,0,0\n"),
                "expected a number without %",
            ),
        ] {
            let errors = parse_tables("pkg", &files(name, text)).expect_err(name);
            assert!(
                errors.iter().any(|e| e.to_string().contains(fragment)),
                "{name}: {errors:?}"
            );
        }
    }

    #[test]
    fn indicator_14_counts_only_awards_led_as_first_unit() {
        let t = tables(&[(
            "awards.csv",
            "title,award,level,first_unit,year\nA,省奖,省级,是,2024\nB,国奖,国家级,否,2024\nC,国奖,国家级,是,2023\n",
        )]);
        assert_eq!(derived(Derivation::Awards, &t), dec("2"));
    }

    #[test]
    fn indicator_15_sub_centres_count_half_national_and_nothing_provincial() {
        let t = tables(&[(
            "platforms.csv",
            "平台名称,类型,级别,分中心\nA,实验室,国家级,否\nB,技术创新中心,国家级,是\nC,工程中心,省级,否\nD,工程中心,省级,是\n",
        )]);
        assert_eq!(derived(Derivation::Platforms, &t), dec("2.5"));
    }

    #[test]
    fn indicator_6_counts_recognitions_of_the_evaluation_year_only() {
        let t = tables(&[(
            "recognitions.csv",
            "enterprise,type,year\n甲,瞪羚企业,2025\n乙,瞪羚企业,2024\n丙,专精特新“小巨人”企业,2025\n丁,独角兽企业,2025年\n",
        )]);
        assert_eq!(derived(Derivation::Gazelle, &t), dec("1"));
        assert_eq!(derived(Derivation::LittleGiant, &t), dec("1"));
        assert_eq!(derived(Derivation::Unicorn, &t), dec("1"));
        assert_eq!(derived(Derivation::TechSme, &t), dec("0"));
    }

    #[test]
    fn indicators_17_to_19_apply_year_board_and_role_rules() {
        let t = tables(&[
            (
                "investments.csv",
                "enterprise,fund,amount,year\n甲,F1,100,2025\n甲,F2,50,2025\n乙,F1,70,2025\n丙,F1,999,2024\n",
            ),
            (
                "listed.csv",
                "enterprise,board,financing\n甲,科创板,10.5\n乙,新三板（创新层）,3\n丙,香港联交所主板,4\n",
            ),
            (
                "projects.csv",
                "title,level,role,year,funding\nA,国家级,第一承担单位,2025,100\nB,省级,独立承担,2023,50\nC,市级,参与,2024,70\nD,国家级,独立承担,2022,900\n",
            ),
            ("funds.csv", "name,size\nF1,\"100,000\"\nF2,50000\n"),
        ]);
        assert_eq!(derived(Derivation::InvestedAmount, &t), dec("220"));
        assert_eq!(derived(Derivation::InvestedEnterprises, &t), dec("2"));
        assert_eq!(derived(Derivation::FundSize, &t), dec("150000"));
        assert_eq!(derived(Derivation::ListedCount, &t), dec("2"));
        assert_eq!(derived(Derivation::ListedFinancing, &t), dec("14.5"));
        assert_eq!(derived(Derivation::Projects, &t), dec("2"));
        assert_eq!(derived(Derivation::ProjectFunding, &t), dec("150"));
    }

    #[test]
    fn talents_standards_and_services_are_counted_by_level() {
        let t = tables(&[
            (
                "talents.csv",
                "name,programme,level,employer\n甲,P,国家级,E\n乙,P,省级,E\n丙,P,市级,E\n",
            ),
            (
                "standards.csv",
                "title,level,role,organisation\nS1,国际标准,参与,O\nS2,行业标准,主持,O\n",
            ),
            ("services.csv", "name,type,level\n孵化器,孵化器,国家级\n"),
        ]);
        assert_eq!(derived(Derivation::Talents, &t), dec("3"));
        assert_eq!(derived(Derivation::Standards, &t), dec("2"));
        assert_eq!(derived(Derivation::ServiceOrgs, &t), dec("1"));
    }

    /// Indicator 18 (不含新三板): 全国股转系统, 新三板挂牌 and neeq in any case are 新三板, not
    /// listings; 北交所 is a stock exchange and counts; a board that is neither is refused.
    #[test]
    fn indicator_18_counts_only_stock_exchanges_and_bse_is_one() {
        let t = tables(&[(
            "listed.csv",
            "enterprise,board,financing\n甲,全国股转系统,1\n乙,新三板挂牌,2\n丙,neeq,3\n丁,NeEq Basic,4\n戊,北交所,5\n己,北京证券交易所,6\n庚,NASDAQ,7\n辛,ＮＥＥＱ,8\n",
        )]);
        assert_eq!(derived(Derivation::ListedCount, &t), dec("3"));
        assert_eq!(derived(Derivation::ListedFinancing, &t), dec("18"));
        let files = PackageFiles(BTreeMap::from([(
            "tables/listed.csv".to_string(),
            "enterprise,board,financing\n甲,区域性股权交易中心,1\n"
                .as_bytes()
                .to_vec(),
        )]));
        let errors = parse_tables("pkg", &files).expect_err("not an exchange");
        assert!(
            errors.iter().any(|e| e
                .to_string()
                .contains("found \"区域性股权交易中心\", expected a stock exchange")),
            "{errors:?}"
        );
    }

    /// Indicator 6 counts enterprises (企业数): recognised twice in the year, once.
    #[test]
    fn indicator_6_counts_an_enterprise_recognised_twice_in_the_year_once() {
        let t = tables(&[(
            "recognitions.csv",
            "enterprise,type,year\n甲,瞪羚企业,2025\n甲,瞪羚企业,2025\n甲\u{200B},瞪羚企业,2025\n乙,瞪羚企业,2025\n",
        )]);
        assert_eq!(derived(Derivation::Gazelle, &t), dec("2"));
    }

    /// "Each once" rules compare names without invisible characters: an enterprise repeated
    /// with U+200B, U+FEFF or U+200D is the same enterprise (refused as a second row), a person
    /// or an invested or listed enterprise counts once — and each such name is a warning.
    #[test]
    fn invisible_characters_do_not_make_a_second_name() {
        for disguise in ['\u{200B}', '\u{FEFF}', '\u{200D}'] {
            let files = PackageFiles(BTreeMap::from([(
                "tables/enterprises.csv".to_string(),
                format!(
                    "{HEADER}甲,是,是,是,1,1,1,1,1,0,0,0\n甲{disguise},是,是,是,1,1,1,1,1,0,0,0\n"
                )
                .into_bytes(),
            )]));
            let errors = parse_tables("pkg", &files).expect_err("a duplicate");
            assert!(
                errors.iter().any(|e| e
                    .to_string()
                    .contains("found \"甲\" again (first on line 2)")),
                "{disguise:?}: {errors:?}"
            );
        }
        let t = tables(&[
            (
                "talents.csv",
                "name,programme,level,employer\n王某,P,国家级,E\n王\u{200D}某,Q,省级,E\u{FEFF}\n",
            ),
            (
                "investments.csv",
                "enterprise,fund,amount,year\n甲,F1,1,2025\n\u{FEFF}甲,F2,1,2025\n",
            ),
            (
                "listed.csv",
                "enterprise,board,financing\n甲,上交所主板,1\n甲\u{200B},香港联交所主板,1\n",
            ),
        ]);
        assert_eq!(derived(Derivation::Talents, &t), dec("1"));
        assert_eq!(derived(Derivation::InvestedEnterprises, &t), dec("1"));
        assert_eq!(derived(Derivation::ListedCount, &t), dec("1"));
        let warned: Vec<(&str, usize, &str)> = t
            .name_warnings
            .iter()
            .map(|w| (w.file.as_str(), w.line, w.column))
            .collect();
        assert_eq!(
            warned,
            [
                ("pkg/tables/talents.csv", 3, "name"),
                ("pkg/tables/talents.csv", 3, "employer"),
                ("pkg/tables/investments.csv", 3, "enterprise"),
                ("pkg/tables/listed.csv", 3, "enterprise"),
            ]
        );
    }
}
