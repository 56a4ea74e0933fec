//! One cluster per park per construction cycle (guideline 七(四): "原则上，在一个建设周期内市科技局
//! 支持各高新园区建设一个集群项目"; 七(三): "项目建设周期一般为三年"). A merge or a meeting that
//! evaluates two clusters of one park within one cycle is warned, naming both: a warning, not a
//! refusal (原则上 — the bureau decides).
//!
//! **One cycle**, precisely: a cycle is three consecutive years and may begin in any year, so
//! two evaluation years fall in one cycle exactly when they differ by at most two
//! (|year₁ − year₂| ≤ 2). Two packages are warned about when they are of the same park (names
//! compared after NFKC, invisible characters and surrounding spaces removed), of different
//! clusters (cluster names compared the same way: one cluster's rounds are one project), and
//! their years fall in one cycle — except when one is the acceptance (验收) of its cluster and
//! the other an application (立项) in that year or later: 七(四) allows a new cluster once the
//! project is complete.

use crate::package::{Round, name_key};
use crate::session::PackageRef;

/// The length of a construction cycle in years (七(三): 一般为三年).
pub const CYCLE_YEARS: i32 = 3;

/// A package named in a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CyclePackage {
    /// Package id.
    pub id: String,
    /// Cluster name.
    pub cluster: String,
    /// Evaluation year.
    pub year: i32,
    /// Round, when the session knows it.
    pub round: Option<Round>,
}

/// Two clusters of one park in one construction cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleWarning {
    /// The park, as the first package names it.
    pub park: String,
    /// The package first by year, then id.
    pub first: CyclePackage,
    /// The other.
    pub second: CyclePackage,
}

impl CycleWarning {
    /// The warning in words, naming both packages.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let (a, b) = (&self.first, &self.second);
        match lang {
            crate::i18n::Lang::Zh => format!(
                "七(四)：同一园区“{}”的两个集群在一个建设周期（{CYCLE_YEARS} 年）内：{}（{}，{} 年）与 {}（{}，{} 年）——原则上一个建设周期内每个园区支持一个集群项目，请市科技局决定",
                self.park, a.cluster, a.id, a.year, b.cluster, b.id, b.year
            ),
            crate::i18n::Lang::En => format!(
                "七(四): two clusters of the park \"{}\" within one construction cycle ({CYCLE_YEARS} years): {} ({}, {}) and {} ({}, {}) — in principle one cluster project per park per cycle; the bureau decides",
                self.park, a.cluster, a.id, a.year, b.cluster, b.id, b.year
            ),
        }
    }

    /// The package ids named, first then second.
    pub fn package_ids(&self) -> [&str; 2] {
        [self.first.id.as_str(), self.second.id.as_str()]
    }
}

/// Whether two evaluation years fall within one cycle of [`CYCLE_YEARS`] consecutive years.
pub fn in_one_cycle(a: i32, b: i32) -> bool {
    (i64::from(a) - i64::from(b)).abs() < i64::from(CYCLE_YEARS)
}

/// Whether the later package may start a new cycle: `earlier` is its cluster's acceptance and
/// `later` an application in that year or after.
fn new_cycle_after_acceptance(earlier: &PackageRef, later: &PackageRef) -> bool {
    earlier.round == Some(Round::Acceptance)
        && later.round == Some(Round::Application)
        && later.year >= earlier.year
}

fn named(package: &PackageRef) -> CyclePackage {
    CyclePackage {
        id: package.id.clone(),
        cluster: package.cluster.clone(),
        year: package.year,
        round: package.round,
    }
}

/// Every pair of packages of one park, of different clusters, within one cycle, in the order
/// of the packages given (each package once per id).
pub fn same_cycle(packages: &[&PackageRef]) -> Vec<CycleWarning> {
    let mut unique: Vec<&PackageRef> = Vec::new();
    for package in packages {
        if !unique.iter().any(|p| p.id == package.id) {
            unique.push(package);
        }
    }
    unique.sort_by(|a, b| a.year.cmp(&b.year).then_with(|| a.id.cmp(&b.id)));
    let mut warnings = Vec::new();
    for (i, first) in unique.iter().enumerate() {
        for second in &unique[i + 1..] {
            let one_park = name_key(&first.park) == name_key(&second.park);
            let two_clusters = name_key(&first.cluster) != name_key(&second.cluster);
            if one_park
                && two_clusters
                && in_one_cycle(first.year, second.year)
                && !new_cycle_after_acceptance(first, second)
                && !new_cycle_after_acceptance(second, first)
            {
                warnings.push(CycleWarning {
                    park: first.park.clone(),
                    first: named(first),
                    second: named(second),
                });
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn package(id: &str, park: &str, cluster: &str, year: i32, round: Option<Round>) -> PackageRef {
        PackageRef {
            id: id.into(),
            digest: String::new(),
            cluster: format!("{park}{cluster}创新型产业集群"),
            park: park.into(),
            year,
            round,
            direction: None,
        }
    }

    #[test]
    fn one_cycle_is_three_consecutive_years_wherever_it_starts() {
        assert!(in_one_cycle(2023, 2023));
        assert!(in_one_cycle(2023, 2025) && in_one_cycle(2025, 2023));
        assert!(!in_one_cycle(2023, 2026));
        assert!(!in_one_cycle(i32::MIN, i32::MAX));
        // brute force: |a − b| ≤ 2 exactly when some window [s, s + 2] holds both
        for a in 2020..2030 {
            for b in 2020..2030 {
                let window = (2015..2035).any(|s| {
                    (s..s + CYCLE_YEARS).contains(&a) && (s..s + CYCLE_YEARS).contains(&b)
                });
                assert_eq!(in_one_cycle(a, b), window, "{a} {b}");
            }
        }
    }

    #[test]
    fn two_clusters_of_one_park_in_one_cycle_are_named_both() {
        let bio = package("bio", "南京示例高新园区", "生物医药", 2025, None);
        let chips = package("chips", "南京示例高新园区", "集成电路", 2024, None);
        let other_park = package("other", "南京另一示例园区", "集成电路", 2025, None);
        let later = package("late", "南京示例高新园区", "人工智能", 2028, None);
        let warnings = same_cycle(&[&bio, &chips, &other_park, &later]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].package_ids(), ["chips", "bio"]);
        let message = warnings[0].message(Lang::Zh);
        for part in [
            "南京示例高新园区",
            "chips",
            "bio",
            "2024",
            "2025",
            "市科技局决定",
        ] {
            assert!(message.contains(part), "{message}");
        }
        // 2028 is three years after 2025: another cycle
        assert!(same_cycle(&[&bio, &later]).is_empty());
    }

    #[test]
    fn one_clusters_rounds_and_a_park_written_full_width_are_handled() {
        let application = package(
            "bio-2023",
            "南京示例高新园区",
            "生物医药",
            2023,
            Some(Round::Application),
        );
        let midterm = package(
            "bio-2024",
            "南京示例高新园区",
            "生物医药",
            2024,
            Some(Round::Midterm),
        );
        assert!(
            same_cycle(&[&application, &midterm]).is_empty(),
            "one cluster, two rounds"
        );
        let mut wide = package("ai", "南京示例高新园区", "人工智能", 2024, None);
        wide.park = "南京示例高新园区\u{200B}".into();
        assert_eq!(same_cycle(&[&application, &wide]).len(), 1);
        // the same package given twice (two experts' sessions) is one package
        assert!(same_cycle(&[&midterm, &midterm]).is_empty());
    }

    #[test]
    fn a_new_application_after_acceptance_starts_a_new_cycle() {
        let accepted = package(
            "bio",
            "南京示例高新园区",
            "生物医药",
            2025,
            Some(Round::Acceptance),
        );
        let next = package(
            "ai",
            "南京示例高新园区",
            "人工智能",
            2025,
            Some(Round::Application),
        );
        assert!(same_cycle(&[&accepted, &next]).is_empty());
        let before = package(
            "ai",
            "南京示例高新园区",
            "人工智能",
            2024,
            Some(Round::Application),
        );
        assert_eq!(
            same_cycle(&[&accepted, &before]).len(),
            1,
            "applied before the acceptance"
        );
        let annual = package(
            "ai",
            "南京示例高新园区",
            "人工智能",
            2025,
            Some(Round::Annual),
        );
        assert_eq!(same_cycle(&[&accepted, &annual]).len(), 1);
    }
}
