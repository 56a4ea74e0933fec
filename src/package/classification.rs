//! The industry name inside a cluster's name against 《战略性新兴产业分类（2018）》 (guideline
//! 六(六): the name "一般应为" a level-2 or level-3 class name of that table). Advice only:
//! approved clusters deviate from the table (`高性能纤维制品及复合材料` for 3.5
//! 高性能纤维及制品和复合材料, `未来网络`, not a class), and the level-3 names shipped are
//! incomplete, so a name not found is never an error.
//!
//! The tables are `data/sei2018.tsv` (levels 1 and 2, complete, with codes) and
//! `data/sei2018-level3-partial.tsv` (140 level-3 names without codes, every 领域 but 新材料),
//! compiled into the binary; `data/README.md` names their source.
//!
//! Names are compared by a key: NFKC with invisible characters removed, spaces removed, and a
//! trailing `产业` dropped (the cluster name's suffix 创新型产业集群 already says 产业, so
//! `生物医药` is the class `生物医药产业`). Equal keys are an exact match; otherwise the
//! closest class is the one with the highest similarity `2 × LCS ÷ (len a + len b)` (LCS: the
//! longest common subsequence of characters), if it reaches [`CLOSE_ENOUGH`]; ties go to
//! level 2, then 3, then 1, then table order.

use super::names::name_key;
use crate::i18n::Lang;
use rust_decimal::Decimal;
use std::sync::OnceLock;

/// Levels 1 and 2 (complete) and one level-3 row, with codes.
pub const SEI2018_TSV: &str = include_str!("../../data/sei2018.tsv");
/// Level 3 (partial: no 新材料 names), without codes, with the parent level-2 class.
pub const SEI2018_LEVEL3_TSV: &str = include_str!("../../data/sei2018-level3-partial.tsv");

/// The table's name as the guideline cites it, with what is shipped of it.
pub const SOURCE: &str = "《战略性新兴产业分类（2018）》（国家统计局令第23号）";

/// What is shipped of the table, for reports.
pub const TABLE_NOTE: &str = "《战略性新兴产业分类（2018）》（国家统计局令第23号）: levels 1 and 2 complete (9 + 40 classes, with codes); level 3 partial (141 names: 140 without codes, every 领域 but 新材料, and 3.1.1)";

/// The lowest similarity reported as a closest class (below it: none found).
pub const CLOSE_ENOUGH: (u32, u32) = (3, 5);

/// One class of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndustryClass {
    /// Level 1, 2 or 3.
    pub level: u8,
    /// Its code (`3.5`); `None` for the level-3 names shipped without codes.
    pub code: Option<String>,
    /// Its name, as in the table.
    pub name: String,
    /// The parent level-2 class (code, name) of a level-3 name without a code.
    pub parent: Option<(String, String)>,
}

/// How the industry name relates to the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The name is a class name (after the key).
    Exact,
    /// The name is not a class name; `class` is the closest.
    Closest,
    /// No class is close enough.
    None,
}

impl MatchKind {
    /// The word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Closest => "closest",
            Self::None => "none",
        }
    }
}

/// The advisory result for one industry name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// The industry name as found in the cluster name.
    pub industry: String,
    /// Exact, closest or none.
    pub kind: MatchKind,
    /// The class matched or closest (`None` when none was found).
    pub class: Option<IndustryClass>,
    /// `(2 × LCS, len a + len b)` of the class reported; equal parts for an exact match.
    pub similarity: Option<(u32, u32)>,
}

impl Classification {
    /// The similarity as a decimal with two places (`0.88`), for display.
    pub fn similarity_decimal(&self) -> Option<Decimal> {
        let (num, den) = self.similarity?;
        if den == 0 {
            return None;
        }
        Some(
            (Decimal::from(num) / Decimal::from(den))
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        )
    }

    /// The advice in words.
    pub fn advice(&self, lang: Lang) -> String {
        let industry = &self.industry;
        let partial = lang.pick(
            "第三层只收录了部分名称（140 个，不含新材料领域），未收录不等于不符合；已获批集群的名称也不尽与分类表一致：仅供参考",
            "level 3 is shipped only in part (140 names, none of 新材料), so a name missing is not wrong; approved clusters do not always follow the table either: advice only",
        );
        match (&self.class, self.kind) {
            (Some(class), MatchKind::Exact) if class.level == 1 => match lang {
                Lang::Zh => format!(
                    "产业分类名“{industry}”与{SOURCE}第一层 {} 一致；指引（六(六)）要求第二层或第三层分类名，仅供参考",
                    class.label()
                ),
                Lang::En => format!(
                    "industry name \"{industry}\" is the level-1 class {} of {SOURCE}; the guideline (六(六)) asks for a level-2 or level-3 name: advice only",
                    class.label()
                ),
            },
            (Some(class), MatchKind::Exact) => match lang {
                Lang::Zh => format!(
                    "产业分类名“{industry}”与{SOURCE}第{}层 {} 一致",
                    level_zh(class.level),
                    class.label()
                ),
                Lang::En => format!(
                    "industry name \"{industry}\" is the level-{} class {} of {SOURCE}",
                    class.level,
                    class.label()
                ),
            },
            (Some(class), _) => {
                let percent = self
                    .similarity_decimal()
                    .map(|s| (s * Decimal::ONE_HUNDRED).normalize().to_string())
                    .unwrap_or_default();
                match lang {
                    Lang::Zh => format!(
                        "产业分类名“{industry}”不是{SOURCE}的分类名；最接近的是第{}层 {}（相似度 {percent}%）。{partial}",
                        level_zh(class.level),
                        class.label()
                    ),
                    Lang::En => format!(
                        "industry name \"{industry}\" is not a class name of {SOURCE}; the closest is the level-{} class {} (similarity {percent}%). {partial}",
                        class.level,
                        class.label()
                    ),
                }
            }
            (None, _) => match lang {
                Lang::Zh => format!(
                    "产业分类名“{industry}”在{SOURCE}第一、二层（完整）和已收录的第三层名称中未找到相近的分类名。{partial}"
                ),
                Lang::En => format!(
                    "industry name \"{industry}\": no class of {SOURCE} close to it among levels 1 and 2 (complete) and the level-3 names shipped. {partial}"
                ),
            },
        }
    }
}

impl IndustryClass {
    /// `3.5 高性能纤维及制品和复合材料`, or for a level-3 name without a code
    /// `集成电路制造（属 1.2 电子核心产业）`.
    pub fn label(&self) -> String {
        match (&self.code, &self.parent) {
            (Some(code), _) => format!("{code} {}", self.name),
            (None, Some((code, name))) => format!("“{}”（属 {code} {name}）", self.name),
            (None, None) => self.name.clone(),
        }
    }
}

fn level_zh(level: u8) -> &'static str {
    match level {
        1 => "一",
        2 => "二",
        _ => "三",
    }
}

/// Every class of the shipped tables, levels 1–2 first in table order, then the level-3 names.
pub fn classes() -> &'static [IndustryClass] {
    static CLASSES: OnceLock<Vec<IndustryClass>> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut classes: Vec<IndustryClass> = rows(SEI2018_TSV)
            .filter_map(|cells| {
                let [code, level, name] = cells.as_slice() else {
                    return None;
                };
                Some(IndustryClass {
                    level: level.parse().ok()?,
                    code: Some((*code).to_string()),
                    name: (*name).to_string(),
                    parent: None,
                })
            })
            .collect();
        let coded_level_3: Vec<String> = classes
            .iter()
            .filter(|c| c.level == 3)
            .map(|c| c.name.clone())
            .collect();
        classes.extend(rows(SEI2018_LEVEL3_TSV).filter_map(|cells| {
            let [name, level, parent_code, parent_name] = cells.as_slice() else {
                return None;
            };
            // 3.1.1 is in both files; keep the row with its code
            if *level != "3" || coded_level_3.iter().any(|c| c == name) {
                return None;
            }
            Some(IndustryClass {
                level: 3,
                code: None,
                name: (*name).to_string(),
                parent: Some(((*parent_code).to_string(), (*parent_name).to_string())),
            })
        }));
        classes
    })
}

/// The data rows of a TSV file (the header skipped), as cells.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split('\t').map(str::trim).collect())
}

/// The key names are compared by (see the module's documentation).
pub fn class_key(name: &str) -> Vec<char> {
    let key: String = name_key(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let key = match key.strip_suffix("产业") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => key,
    };
    key.chars().collect()
}

/// Length of the longest common subsequence of two character strings.
fn lcs(a: &[char], b: &[char]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `(2 × LCS, len a + len b)`.
fn similarity(a: &[char], b: &[char]) -> (u32, u32) {
    let both = u32::try_from(a.len() + b.len()).unwrap_or(u32::MAX);
    let common = u32::try_from(2 * lcs(a, b)).unwrap_or(0);
    (common, both)
}

/// Whether `a` is a higher fraction than `b` (exactly, by cross-multiplication).
fn above(a: (u32, u32), b: (u32, u32)) -> bool {
    u64::from(a.0) * u64::from(b.1) > u64::from(b.0) * u64::from(a.1)
}

/// Tie-break order of levels: 2, then 3, then 1.
fn level_rank(level: u8) -> u8 {
    match level {
        2 => 0,
        3 => 1,
        _ => 2,
    }
}

/// Classifies the industry part of a cluster name.
pub fn classify(industry: &str) -> Classification {
    let key = class_key(industry);
    let mut best: Option<(&IndustryClass, (u32, u32))> = None;
    for class in classes() {
        let score = similarity(&key, &class_key(&class.name));
        let better = match &best {
            None => true,
            Some((current, current_score)) => {
                above(score, *current_score)
                    || (!above(*current_score, score)
                        && level_rank(class.level) < level_rank(current.level))
            }
        };
        if better {
            best = Some((class, score));
        }
    }
    let industry = industry.trim().to_string();
    match best {
        Some((class, score)) if !key.is_empty() && class_key(&class.name) == key => {
            Classification {
                industry,
                kind: MatchKind::Exact,
                class: Some(class.clone()),
                similarity: Some(score),
            }
        }
        Some((class, score)) if !key.is_empty() && !above(CLOSE_ENOUGH, score) => Classification {
            industry,
            kind: MatchKind::Closest,
            class: Some(class.clone()),
            similarity: Some(score),
        },
        _ => Classification {
            industry,
            kind: MatchKind::None,
            class: None,
            similarity: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_read_whole() {
        let all = classes();
        let count = |level| all.iter().filter(|c| c.level == level).count();
        assert_eq!(count(1), 9);
        assert_eq!(count(2), 40);
        // 140 partial names, plus 3.1.1 with its code (the same name in both files, once)
        assert_eq!(count(3), 141);
        assert_eq!(
            all.iter()
                .filter(|c| c.name == "先进制造基础零部件用钢制造")
                .count(),
            1
        );
        assert!(all.iter().all(|c| !c.name.is_empty()));
        // every level-3 name's parent is a level-2 class of the complete table
        for class in all.iter().filter(|c| c.code.is_none()) {
            let (code, name) = class.parent.clone().unwrap_or_default();
            assert!(
                all.iter().any(|p| p.level == 2
                    && p.code.as_deref() == Some(code.as_str())
                    && p.name == name),
                "{class:?}"
            );
        }
    }

    #[test]
    fn the_longest_common_subsequence_is_exact() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(
            lcs(
                &chars("高性能纤维制品及复合材料"),
                &chars("高性能纤维及制品和复合材料")
            ),
            11
        );
        assert_eq!(lcs(&chars("未来网络"), &chars("下一代信息网络")), 2);
        assert_eq!(lcs(&chars(""), &chars("abc")), 0);
        assert_eq!(lcs(&chars("abcbdab"), &chars("bdcaba")), 4);
    }

    #[test]
    fn a_trailing_chanye_and_width_do_not_matter() {
        assert_eq!(class_key("生物医药产业"), class_key("生物医药"));
        assert_eq!(class_key("产业"), "产业".chars().collect::<Vec<_>>());
        assert_eq!(
            class_key("互联网平台服务(互联网+)"),
            class_key("互联网平台服务（互联网+）")
        );
    }

    #[test]
    fn exact_level_2_and_level_1_matches_name_their_code() {
        let ai = classify("人工智能");
        assert_eq!(ai.kind, MatchKind::Exact);
        let class = ai.class.clone().unwrap_or_else(|| panic!("{ai:?}"));
        assert_eq!((class.level, class.code.as_deref()), (2, Some("1.5")));
        assert!(ai.advice(Lang::Zh).contains("第二层 1.5 人工智能 一致"));
        let grid = classify("智能电网");
        assert_eq!(
            grid.class.map(|c| c.code),
            Some(Some("6.5".to_string())),
            "智能电网 is 6.5 智能电网产业"
        );
        let car = classify("新能源汽车");
        assert_eq!(car.kind, MatchKind::Exact);
        assert_eq!(car.class.as_ref().map(|c| c.level), Some(1));
        assert!(car.advice(Lang::Zh).contains("要求第二层或第三层"));
        // a name that is both level 2 and level 3 is reported at level 2
        let whole = classify("新能源汽车整车制造");
        assert_eq!(whole.class.map(|c| c.level), Some(2));
    }

    #[test]
    fn a_level_3_name_is_found_with_its_parent() {
        let chips = classify("集成电路制造");
        assert_eq!(chips.kind, MatchKind::Exact);
        let class = chips.class.clone().unwrap_or_else(|| panic!("{chips:?}"));
        assert_eq!(class.level, 3);
        assert_eq!(class.code, None);
        assert_eq!(
            class.parent,
            Some(("1.2".to_string(), "电子核心产业".to_string()))
        );
        assert!(
            chips
                .advice(Lang::Zh)
                .contains("第三层 “集成电路制造”（属 1.2 电子核心产业）")
        );
    }

    #[test]
    fn a_near_miss_names_the_closest_class_and_says_it_is_advice() {
        let fibre = classify("高性能纤维制品及复合材料");
        assert_eq!(fibre.kind, MatchKind::Closest);
        assert_eq!(
            fibre.class.as_ref().and_then(|c| c.code.as_deref()),
            Some("3.5")
        );
        // 2 × 11 ÷ (12 + 13)
        assert_eq!(fibre.similarity, Some((22, 25)));
        assert_eq!(fibre.similarity_decimal(), Some(Decimal::new(88, 2)));
        let advice = fibre.advice(Lang::Zh);
        assert!(
            advice.contains("最接近的是第二层 3.5 高性能纤维及制品和复合材料（相似度 88%）"),
            "{advice}"
        );
        assert!(advice.contains("仅供参考") && advice.contains("不含新材料领域"));
    }

    #[test]
    fn a_name_far_from_every_class_is_none_found() {
        let network = classify("未来网络");
        assert_eq!(network.kind, MatchKind::None);
        assert_eq!(network.class, None);
        let advice = network.advice(Lang::En);
        assert!(advice.contains("no class") && advice.contains("advice only"));
        assert_eq!(classify("").kind, MatchKind::None);
    }

    /// The threshold is what it says: the best similarity of every reported closest class
    /// reaches 3/5, and of a none found stays below it (brute force over the table).
    #[test]
    fn closest_and_none_follow_the_threshold() {
        for name in [
            "软件和信息服务",
            "航空航天",
            "未来网络",
            "储能与氢能",
            "集成电路",
        ] {
            let result = classify(name);
            let key = class_key(name);
            let best = classes()
                .iter()
                .map(|c| similarity(&key, &class_key(&c.name)))
                .fold((0, 1), |a, b| if above(b, a) { b } else { a });
            let close = !above(CLOSE_ENOUGH, best);
            assert_eq!(result.kind != MatchKind::None, close, "{name}: {result:?}");
            if let Some(s) = result.similarity {
                assert!(!above(best, s), "{name}: not the best");
            }
        }
    }
}
