//! The derivations a rubric may name: figures the program can compute from a package's detail
//! tables (`tables/*.csv`) to check the declared ones. The arithmetic lives in
//! `package::derive`; here are only the names and the units they produce.

/// A figure computable from the detail tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Derivation {
    /// 4: talents of national, provincial and municipal programmes.
    Talents,
    /// 5: high-tech enterprises.
    HightechCount,
    /// 5: above-scale high-tech ÷ above-scale industrial enterprises.
    HightechShare,
    /// 6: unicorns recognised in the year.
    Unicorn,
    /// 6: gazelles recognised in the year.
    Gazelle,
    /// 6: 专精特新“小巨人” recognised in the year.
    LittleGiant,
    /// 6: 科技型中小企业 recognised in the year.
    TechSme,
    /// 8: revenue in 亿元.
    Revenue,
    /// 8: revenue growth.
    RevenueGrowth,
    /// 9: net profit ÷ revenue.
    ProfitMargin,
    /// 9: relative change of the profit margin.
    ProfitMarginGrowth,
    /// 10: internal R&D spending ÷ revenue.
    RdShare,
    /// 11: revenue of enterprises with R&D intensity ≥ 5% ÷ revenue.
    Rd5RevenueShare,
    /// 12: invention patents + software copyrights + IC layouts per 亿元 of revenue.
    IpPer100m,
    /// 13: standards led or joined.
    Standards,
    /// 14: awards led as first unit.
    Awards,
    /// 15: platforms, national sub-centres counting 0.5, provincial ones 0.
    Platforms,
    /// 16: start-up service organisations.
    ServiceOrgs,
    /// 17: venture fund size.
    FundSize,
    /// 17: venture investment into cluster enterprises in the year.
    InvestedAmount,
    /// 17: enterprises invested in during the year.
    InvestedEnterprises,
    /// 18: listed enterprises (not 新三板).
    ListedCount,
    /// 18: their financing.
    ListedFinancing,
    /// 19: projects of the last three years, independent or as first unit.
    Projects,
    /// 19: their funding.
    ProjectFunding,
}

impl Derivation {
    /// Every derivation, in rubric order.
    pub const ALL: [Derivation; 25] = [
        Self::Talents,
        Self::HightechCount,
        Self::HightechShare,
        Self::Unicorn,
        Self::Gazelle,
        Self::LittleGiant,
        Self::TechSme,
        Self::Revenue,
        Self::RevenueGrowth,
        Self::ProfitMargin,
        Self::ProfitMarginGrowth,
        Self::RdShare,
        Self::Rd5RevenueShare,
        Self::IpPer100m,
        Self::Standards,
        Self::Awards,
        Self::Platforms,
        Self::ServiceOrgs,
        Self::FundSize,
        Self::InvestedAmount,
        Self::InvestedEnterprises,
        Self::ListedCount,
        Self::ListedFinancing,
        Self::Projects,
        Self::ProjectFunding,
    ];

    /// The key written in the rubric (`derive = "platforms"`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Talents => "talents",
            Self::HightechCount => "hightech_count",
            Self::HightechShare => "hightech_share",
            Self::Unicorn => "unicorn",
            Self::Gazelle => "gazelle",
            Self::LittleGiant => "little_giant",
            Self::TechSme => "tech_sme",
            Self::Revenue => "revenue",
            Self::RevenueGrowth => "revenue_growth",
            Self::ProfitMargin => "profit_margin",
            Self::ProfitMarginGrowth => "profit_margin_growth",
            Self::RdShare => "rd_share",
            Self::Rd5RevenueShare => "rd5_revenue_share",
            Self::IpPer100m => "ip_per_100m",
            Self::Standards => "standards",
            Self::Awards => "awards",
            Self::Platforms => "platforms",
            Self::ServiceOrgs => "service_orgs",
            Self::FundSize => "fund_size",
            Self::InvestedAmount => "invested_amount",
            Self::InvestedEnterprises => "invested_enterprises",
            Self::ListedCount => "listed_count",
            Self::ListedFinancing => "listed_financing",
            Self::Projects => "projects",
            Self::ProjectFunding => "project_funding",
        }
    }

    /// The derivation with this key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.key() == key)
    }

    /// The unit of the derived figure; the measure must declare the same.
    pub fn unit(self) -> &'static str {
        match self {
            Self::Talents => "人",
            Self::HightechCount
            | Self::Unicorn
            | Self::Gazelle
            | Self::LittleGiant
            | Self::TechSme
            | Self::Platforms
            | Self::ServiceOrgs
            | Self::InvestedEnterprises
            | Self::ListedCount => "家",
            Self::HightechShare
            | Self::RevenueGrowth
            | Self::ProfitMargin
            | Self::ProfitMarginGrowth
            | Self::RdShare
            | Self::Rd5RevenueShare => "%",
            Self::Revenue | Self::ListedFinancing => "亿元",
            Self::IpPer100m => "件/亿元",
            Self::Standards => "件",
            Self::Awards => "个",
            Self::FundSize | Self::InvestedAmount | Self::ProjectFunding => "万元",
            Self::Projects => "项",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for d in Derivation::ALL {
            assert_eq!(Derivation::from_key(d.key()), Some(d));
        }
        let mut keys: Vec<_> = Derivation::ALL.iter().map(|d| d.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Derivation::ALL.len());
        assert_eq!(Derivation::from_key("nope"), None);
    }
}
