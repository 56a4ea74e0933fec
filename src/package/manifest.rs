//! `package.toml`: who submits what. Checks the seed's naming convention (section 六(六):
//! 集群所在高新园区名 + 集群产业分类名 + 创新型产业集群) and that the industry direction is one of
//! the fourteen of section 二. `round` names the review round (七(三)); without it the package is
//! for the yearly evaluation.

use super::round::Round;
use crate::error::{InputError, line_of, toml_error};
use serde::Deserialize;
use toml::Spanned;

/// The fourteen industry directions of section 二 (集群定义) of the guideline.
pub const DIRECTIONS: [&str; 14] = [
    "软件和信息服务",
    "新型电力（智能电网）",
    "新能源汽车",
    "智能制造装备",
    "生物医药",
    "新型材料",
    "集成电路",
    "航空航天",
    "新一代人工智能",
    "第三代半导体",
    "基因与细胞",
    "元宇宙",
    "未来网络与先进通信",
    "储能与氢能",
];

/// The suffix every cluster name must end with.
pub const NAME_SUFFIX: &str = "创新型产业集群";

/// The package's manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Package id; also the folder name of its sessions.
    pub id: String,
    /// Cluster name (集群名称).
    pub cluster: String,
    /// High-tech park (高新园区).
    pub park: String,
    /// Industry direction, one of [`DIRECTIONS`].
    pub direction: String,
    /// Industry classification name: the cluster name between the park and the suffix.
    pub industry: String,
    /// Evaluation year (评价年度).
    pub year: i32,
    /// The review round (default: the yearly evaluation).
    pub round: Round,
    /// Marks fictional sample data.
    pub sample: bool,
    /// Contact person.
    pub contact: Contact,
}

/// Who to ask about the package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Telephone.
    #[serde(default)]
    pub phone: String,
    /// E-mail.
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    id: Spanned<String>,
    cluster: Spanned<String>,
    park: Spanned<String>,
    direction: Spanned<String>,
    year: Spanned<i64>,
    #[serde(default)]
    round: Option<Spanned<String>>,
    #[serde(default)]
    sample: bool,
    #[serde(default)]
    contact: Contact,
}

/// Unifies bracket widths so that `新型电力(智能电网)` matches the guideline's `新型电力（智能电网）`.
fn full_width_brackets(text: &str) -> String {
    text.trim().replace('(', "（").replace(')', "）")
}

/// Parses and checks `package.toml`; `file` names it in errors.
pub fn parse_manifest(file: &str, text: &str) -> Result<Manifest, Vec<InputError>> {
    let raw: RawManifest = toml::from_str(text).map_err(|e| vec![toml_error(file, text, &e)])?;
    let mut errors = Vec::new();
    let mut fail = |span: std::ops::Range<usize>, item: &str, message: String| {
        errors.push(InputError::at(
            file,
            line_of(text, span.start),
            item,
            message,
        ));
    };
    let id = raw.id.get_ref().trim().to_string();
    let id_ok = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !id_ok {
        fail(
            raw.id.span(),
            "id",
            format!(
                "found \"{id}\", expected letters, digits, '.', '_' or '-' (it names the sessions folder)"
            ),
        );
    }
    let park = raw.park.get_ref().trim().to_string();
    let cluster = raw.cluster.get_ref().trim().to_string();
    if park.is_empty() {
        fail(
            raw.park.span(),
            "park",
            "is empty, expected the high-tech park's name (高新园区名)".to_string(),
        );
    }
    let industry = cluster
        .strip_prefix(park.as_str())
        .and_then(|rest| rest.strip_suffix(NAME_SUFFIX))
        .map(str::to_string);
    match &industry {
        Some(industry) if !industry.trim().is_empty() => {}
        _ => fail(
            raw.cluster.span(),
            "cluster",
            format!(
                "found \"{cluster}\", expected the name convention 集群所在高新园区名 + 集群产业分类名 + {NAME_SUFFIX} (starting with the park \"{park}\", ending with {NAME_SUFFIX})"
            ),
        ),
    }
    let direction = full_width_brackets(raw.direction.get_ref());
    if !DIRECTIONS.contains(&direction.as_str()) {
        fail(
            raw.direction.span(),
            "direction",
            format!(
                "found \"{}\", expected one of the fourteen directions: {}",
                raw.direction.get_ref(),
                DIRECTIONS.join("、")
            ),
        );
    }
    let year = *raw.year.get_ref();
    if !(2000..=2100).contains(&year) {
        fail(
            raw.year.span(),
            "year",
            format!("found {year}, expected an evaluation year such as 2025"),
        );
    }
    let round = match &raw.round {
        None => Round::default(),
        Some(word) => Round::parse(word.get_ref()).unwrap_or_else(|| {
            fail(
                word.span(),
                "round",
                format!(
                    "found \"{}\", expected application (立项评审), midterm (中期检查), annual (年度绩效评价) or acceptance (验收)",
                    word.get_ref()
                ),
            );
            Round::default()
        }),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Manifest {
        id,
        cluster,
        park,
        direction,
        industry: industry.unwrap_or_default(),
        year: i32::try_from(year).unwrap_or_default(),
        round,
        sample: raw.sample,
        contact: raw.contact,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "id = \"p1\"\npark = \"南京江北示例园\"\ncluster = \"南京江北示例园集成电路创新型产业集群\"\ndirection = \"集成电路\"\nyear = 2025\n";

    #[test]
    fn accepts_the_convention_and_extracts_the_industry() {
        let manifest = parse_manifest("package.toml", GOOD).expect("valid");
        assert_eq!(manifest.industry, "集成电路");
        assert_eq!(manifest.year, 2025);
        assert_eq!(manifest.round, Round::Annual, "the documented default");
        let application =
            parse_manifest("package.toml", &format!("{GOOD}round = \"application\"\n"));
        assert_eq!(application.map(|m| m.round).ok(), Some(Round::Application));
        let half_width = GOOD.replace("集成电路\"\nyear", "新型电力(智能电网)\"\nyear");
        assert_eq!(
            parse_manifest("package.toml", &half_width)
                .map(|m| m.direction)
                .ok(),
            Some("新型电力（智能电网）".to_string())
        );
    }

    #[test]
    fn refuses_names_off_the_convention_and_unknown_directions() {
        for (bad, item, line) in [
            (
                GOOD.replace("集成电路创新型产业集群", "集成电路产业集群"),
                "cluster",
                3,
            ),
            (
                GOOD.replace("cluster = \"南京江北示例园", "cluster = \"江北"),
                "cluster",
                3,
            ),
            (GOOD.replace("园集成电路创新", "园创新"), "cluster", 3),
            (
                GOOD.replace("direction = \"集成电路\"", "direction = \"纺织服装\""),
                "direction",
                4,
            ),
            (GOOD.replace("p1", "../x"), "id", 1),
            (format!("{GOOD}round = \"yearly\"\n"), "round", 6),
        ] {
            let errors = parse_manifest("package.toml", &bad).expect_err("invalid");
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].item.as_deref(), Some(item));
            assert_eq!(errors[0].line, Some(line));
        }
    }
}
