//! Figures derived from the detail tables with the guideline's own rules, to be shown beside
//! the declared ones. Each result carries its basis (what was counted and what was left out)
//! so an expert can see why the figure is what it is.

use super::tables::{
    Award, Enterprise, Level, ProjectRole, RecognitionKind, StandardLevel, Tables,
};
use crate::display::figure;
use crate::rubric::Derivation;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

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

/// Derives one figure for a package of evaluation year `year`.
pub fn derive(derivation: Derivation, tables: &Tables, year: i32) -> DeriveOutcome {
    use Derivation as D;
    match derivation {
        D::Talents => with(&tables.talents, "tables/talents.csv", |t| {
            Ok(levels(t, "人"))
        }),
        D::HightechCount => with(&tables.enterprises, "tables/enterprises.csv", |e| {
            let n = e.iter().filter(|x| x.high_tech).count();
            Ok(value(
                count(n),
                format!("高新技术企业 {n} 家（明细 {} 家）", e.len()),
            ))
        }),
        D::HightechShare => with(&tables.enterprises, "tables/enterprises.csv", |e| {
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
        D::Revenue => with(&tables.enterprises, "tables/enterprises.csv", |e| {
            let total = sum(e.iter().map(|x| x.revenue))?;
            Ok(value(
                total / WAN_PER_YI,
                format!("{} 家企业营业收入合计 {} 万元", e.len(), figure(total)),
            ))
        }),
        D::RevenueGrowth => with(&tables.enterprises, "tables/enterprises.csv", |e| {
            let now = sum(e.iter().map(|x| x.revenue))?;
            let before = sum(e.iter().map(|x| x.revenue_prev))?;
            let growth = percent(
                checked(now.checked_sub(before))?,
                before,
                "上年营业收入合计为 0，无法计算增幅",
            )?;
            Ok(value(
                growth,
                format!(
                    "（本年 {} − 上年 {}）÷ 上年 {} 万元",
                    figure(now),
                    figure(before),
                    figure(before)
                ),
            ))
        }),
        D::ProfitMargin => with(&tables.enterprises, "tables/enterprises.csv", |e| {
            let (profit, revenue) = totals(e, |x| x.net_profit)?;
            let margin = percent(profit, revenue, "营业收入合计为 0，无法计算利润率")?;
            Ok(value(
                margin,
                format!(
                    "净利润 {} ÷ 营业收入 {} 万元",
                    figure(profit),
                    figure(revenue)
                ),
            ))
        }),
        D::ProfitMarginGrowth => with(&tables.enterprises, "tables/enterprises.csv", |e| {
            let (profit, revenue) = totals(e, |x| x.net_profit)?;
            let profit_prev = sum(e.iter().map(|x| x.net_profit_prev))?;
            let revenue_prev = sum(e.iter().map(|x| x.revenue_prev))?;
            let margin = percent(profit, revenue, "营业收入合计为 0，无法计算利润率")?;
            let margin_prev = percent(
                profit_prev,
                revenue_prev,
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
        D::RdShare => with(&tables.enterprises, "tables/enterprises.csv", |e| {
            let (rd, revenue) = totals(e, |x| x.rd_internal)?;
            let share = percent(rd, revenue, "营业收入合计为 0，无法计算研发经费占比")?;
            Ok(value(
                share,
                format!(
                    "研发经费内部支出 {} ÷ 营业收入 {} 万元",
                    figure(rd),
                    figure(revenue)
                ),
            ))
        }),
        D::Rd5RevenueShare => with(&tables.enterprises, "tables/enterprises.csv", |e| {
            let intensive: Vec<&Enterprise> =
                e.iter().filter(|x| rd_intensity_at_least_5(x)).collect();
            let part = sum(intensive.iter().map(|x| x.revenue))?;
            let revenue = sum(e.iter().map(|x| x.revenue))?;
            let share = percent(part, revenue, "营业收入合计为 0，无法计算比例")?;
            Ok(value(
                share,
                format!(
                    "研发投入强度达 5% 的 {} 家企业营收 {} ÷ 营业收入 {} 万元",
                    intensive.len(),
                    figure(part),
                    figure(revenue)
                ),
            ))
        }),
        D::IpPer100m => with(&tables.enterprises, "tables/enterprises.csv", |e| {
            let patents = sum(e.iter().map(|x| x.invention_patents))?;
            let software = sum(e.iter().map(|x| x.software_copyrights))?;
            let layouts = sum(e.iter().map(|x| x.ic_layouts))?;
            let items = sum([patents, software, layouts].into_iter())?;
            let revenue_yi = sum(e.iter().map(|x| x.revenue))? / WAN_PER_YI;
            if revenue_yi <= Decimal::ZERO {
                return Err("营业收入合计为 0，无法计算每亿元数量".to_string());
            }
            let density = checked(items.checked_div(revenue_yi))?;
            Ok(value(
                density,
                format!(
                    "发明专利 {} + 软件著作权 {} + 布图设计 {} = {} 件 ÷ 营业收入 {} 亿元",
                    figure(patents),
                    figure(software),
                    figure(layouts),
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
            Ok(levels(s, "家"))
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
            let basis = format!(
                "上市企业 {} 家；新三板 {} 家不计",
                listed.len(),
                l.len() - listed.len()
            );
            let figure = if derivation == D::ListedCount {
                count(listed.len())
            } else {
                sum(listed.iter().map(|x| x.financing))?
            };
            Ok(value(figure, basis))
        }),
        D::Projects | D::ProjectFunding => with(&tables.projects, "tables/projects.csv", |p| {
            let first = year - 2;
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

fn levels(rows: &[Level], unit: &str) -> Derived {
    let of = |l: Level| rows.iter().filter(|x| **x == l).count();
    value(
        count(rows.len()),
        format!(
            "国家级 {} · 省级 {} · 市级 {}，合计 {} {unit}",
            of(Level::National),
            of(Level::Provincial),
            of(Level::Municipal),
            rows.len()
        ),
    )
}

fn recognitions(tables: &Tables, year: i32, kind: RecognitionKind) -> DeriveOutcome {
    with(&tables.recognitions, "tables/recognitions.csv", |r| {
        let of_kind: Vec<_> = r.iter().filter(|x| x.kind == kind).collect();
        let this_year = of_kind.iter().filter(|x| x.year == year).count();
        Ok(value(
            count(this_year),
            format!(
                "{year} 年获认定 {this_year} 家；其他年度 {} 家不计",
                of_kind.len() - this_year
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

fn totals(
    e: &[Enterprise],
    part: impl Fn(&Enterprise) -> Decimal,
) -> Result<(Decimal, Decimal), String> {
    Ok((sum(e.iter().map(part))?, sum(e.iter().map(|x| x.revenue))?))
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
