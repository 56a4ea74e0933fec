//! What the program checks of the application conditions itself, shown beside the expert's own
//! verdict as the program's (程序预检), never in its place: condition （六） from the name rule
//! (集群所在高新园区名 + 集群产业分类名 + 创新型产业集群) with the industry classification's advice
//! (六(六)), and condition （一） from the direction check (one of the fourteen directions of
//! section 二, 集群定义). A package that fails either rule is refused when it is checked, so a
//! session's prechecks pass; the industry name's classification is advice only.

use super::model::PackageRef;
use crate::i18n::Lang;
use crate::package::{DIRECTIONS, NAME_SUFFIX, classify};

/// The program's check of one condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precheck {
    /// Condition number.
    pub condition: u32,
    /// Whether the rule the program checks holds.
    pub passed: bool,
    /// What was checked and found.
    pub text: String,
}

/// The prechecks of a package's conditions （一） and （六） (（一） only when the session knows
/// the direction).
pub fn prechecks(package: &PackageRef, lang: Lang) -> Vec<Precheck> {
    let mut checks = Vec::new();
    if let Some(direction) = &package.direction {
        let passed = DIRECTIONS.contains(&direction.as_str());
        let text = match (passed, lang) {
            (true, Lang::Zh) => {
                format!("申报方向“{direction}”是第二部分“集群定义”所列十四个产业方向之一")
            }
            (false, Lang::Zh) => {
                format!("申报方向“{direction}”不在第二部分“集群定义”所列十四个产业方向之中")
            }
            (true, Lang::En) => format!(
                "the direction \"{direction}\" is one of the fourteen of section 二 (集群定义)"
            ),
            (false, Lang::En) => format!(
                "the direction \"{direction}\" is not one of the fourteen of section 二 (集群定义)"
            ),
        };
        checks.push(Precheck {
            condition: 1,
            passed,
            text,
        });
    }
    let industry = package
        .cluster
        .strip_prefix(package.park.as_str())
        .and_then(|rest| rest.strip_suffix(NAME_SUFFIX))
        .filter(|industry| !industry.trim().is_empty());
    let (passed, text) = match (industry, lang) {
        (Some(industry), _) => {
            let rule = lang.pick(
                "名称符合“园区名+产业分类名+创新型产业集群”",
                "the name follows park + industry class + 创新型产业集群",
            );
            (true, format!("{rule}；{}", classify(industry).advice(lang)))
        }
        (None, Lang::Zh) => (
            false,
            format!(
                "名称“{}”不符合“园区名“{}”+产业分类名+创新型产业集群”",
                package.cluster, package.park
            ),
        ),
        (None, Lang::En) => (
            false,
            format!(
                "the name \"{}\" does not follow park \"{}\" + industry class + 创新型产业集群",
                package.cluster, package.park
            ),
        ),
    };
    checks.push(Precheck {
        condition: 6,
        passed,
        text,
    });
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(cluster: &str, direction: Option<&str>) -> PackageRef {
        PackageRef {
            id: "p".into(),
            digest: String::new(),
            cluster: cluster.into(),
            park: "南京示例高新园区".into(),
            year: 2025,
            round: None,
            direction: direction.map(str::to_string),
        }
    }

    #[test]
    fn the_name_rule_and_the_direction_are_checked_and_said() {
        let checks = prechecks(
            &package(
                "南京示例高新园区人工智能创新型产业集群",
                Some("新一代人工智能"),
            ),
            Lang::Zh,
        );
        assert_eq!(checks.len(), 2);
        assert_eq!((checks[0].condition, checks[0].passed), (1, true));
        assert!(checks[0].text.contains("新一代人工智能"));
        assert_eq!((checks[1].condition, checks[1].passed), (6, true));
        assert!(
            checks[1].text.contains("第二层 1.5 人工智能 一致"),
            "{}",
            checks[1].text
        );
        let off = prechecks(&package("示例集群", Some("纺织")), Lang::En);
        assert!(!off[0].passed && !off[1].passed);
        assert!(off[1].text.contains("does not follow"));
        // without a known direction only （六） is checked
        let legacy = prechecks(
            &package("南京示例高新园区未来网络创新型产业集群", None),
            Lang::Zh,
        );
        assert_eq!(legacy.len(), 1);
        assert!(legacy[0].passed && legacy[0].text.contains("仅供参考"));
    }
}
