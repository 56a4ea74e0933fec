//! What `meeting collect` does with the files offered, decided before anything is copied: a
//! session new to the meeting is taken; a later copy of a session already there (a later
//! revision, or the same revision now signed) replaces it; an earlier or identical copy is left;
//! two different sessions of one expert for one package, or two copies that cannot be ordered,
//! are refused with both paths named. Pure: the caller reads the files and copies them.

use crate::i18n::Lang;
use crate::session::SessionState;
use std::collections::BTreeMap;

/// A file offered by an export, as read.
#[derive(Debug, Clone)]
pub struct Offered {
    /// Where it is (for messages).
    pub from: String,
    /// Its path inside the meeting folder (`sessions/demo/E01.sqlite`).
    pub rel: String,
    /// What it holds.
    pub content: Content,
}

/// What a file holds, as far as collecting cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// A session.
    Session(Box<SessionState>),
    /// Anything else (a sheet, a signature): its SHA-256.
    Other(String),
}

/// What the meeting folder holds at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Present {
    /// Nothing.
    Absent,
    /// A file of this content.
    File(Content),
    /// A file that cannot be read as what it should be: why.
    Unreadable(String),
}

/// What is done with one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The file is new to the meeting.
    New,
    /// A later copy replaces the one there: revisions and whether signed, before and after.
    Replace {
        /// The revision there now.
        from: (u32, bool),
        /// The revision taken.
        to: (u32, bool),
    },
    /// The same file is there already.
    Unchanged,
    /// The copy there is later: the offered one is left out.
    KeptLater {
        /// The revision there (signed or not).
        kept: (u32, bool),
        /// The revision offered.
        offered: (u32, bool),
    },
}

/// One decided path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The path inside the meeting folder.
    pub rel: String,
    /// The offered file it comes from.
    pub from: String,
    /// What is done.
    pub step: Step,
}

/// How two copies of a session compare.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Order {
    Later,
    Earlier,
    Same,
    /// Not two copies of one session at one point of its history: why, in words.
    Conflict(String),
}

fn key(state: &SessionState) -> (u32, bool) {
    (state.revision, state.signed.is_some())
}

/// How copy `a` compares with copy `b`.
fn compare(a: &SessionState, b: &SessionState, lang: Lang) -> Order {
    if a.created_at != b.created_at
        || a.expert.id != b.expert.id
        || a.package.id != b.package.id
        || a.package.digest != b.package.digest
    {
        return Order::Conflict(match lang {
            Lang::Zh => format!(
                "是专家 {} 对申报包 {} 的两个不同会话（分别创建于 {} 和 {}）；每位专家对每个申报包只应有一个会话：保留应计入的一个，移走另一个",
                a.expert.id, a.package.id, a.created_at, b.created_at
            ),
            Lang::En => format!(
                "are two different sessions of expert {} for package {} (created {} and {}); expected one session per expert per package: keep the one that counts and move the other away",
                a.expert.id, a.package.id, a.created_at, b.created_at
            ),
        });
    }
    if a == b {
        return Order::Same;
    }
    match key(a).cmp(&key(b)) {
        std::cmp::Ordering::Greater => Order::Later,
        std::cmp::Ordering::Less => Order::Earlier,
        std::cmp::Ordering::Equal if a.signed.is_some() => {
            let same = a.signed.as_ref().map(|s| &s.sheet_sha256)
                == b.signed.as_ref().map(|s| &s.sheet_sha256);
            if same {
                Order::Same
            } else {
                Order::Conflict(match lang {
                    Lang::Zh => format!(
                        "是同一会话第 {} 版的两次不同签署，无法判断哪一次有效",
                        a.revision
                    ),
                    Lang::En => format!(
                        "hold two different sign-offs of revision {} of one session; which one stands cannot be told",
                        a.revision
                    ),
                })
            }
        }
        std::cmp::Ordering::Equal => Order::Conflict(match lang {
            Lang::Zh => format!(
                "是同一会话未签署的第 {} 版，内容不同，无法判断哪一份更新：请专家签署后再导出（签署的一份优先），或移走其中一份",
                a.revision
            ),
            Lang::En => format!(
                "are unsigned copies of revision {} of one session with different content; which is later cannot be told: have the expert sign and export again (a signed copy is taken over an unsigned one), or move one away",
                a.revision
            ),
        }),
    }
}

/// Decides every path; every refusal names both files. `present` gives what the meeting
/// holds at a path, `shown` how to name that path in messages.
pub fn plan(
    offered: &[Offered],
    present: &dyn Fn(&str) -> Present,
    shown: &dyn Fn(&str) -> String,
    lang: Lang,
) -> Result<Vec<Planned>, Vec<String>> {
    let mut refusals = Vec::new();
    // the latest of several offers of one path
    let mut chosen: BTreeMap<&str, &Offered> = BTreeMap::new();
    for offer in offered {
        let Some(other) = chosen.get(offer.rel.as_str()).copied() else {
            chosen.insert(&offer.rel, offer);
            continue;
        };
        match (&offer.content, &other.content) {
            (Content::Session(a), Content::Session(b)) => match compare(a, b, lang) {
                Order::Later => {
                    chosen.insert(&offer.rel, offer);
                }
                Order::Earlier | Order::Same => {}
                Order::Conflict(why) => {
                    refusals.push(format!(
                        "{} {} {}: {why}",
                        offer.from,
                        lang.pick("与", "and"),
                        other.from
                    ));
                }
            },
            (a, b) if a == b => {}
            _ => refusals.push(match lang {
                Lang::Zh => format!(
                    "{} 与 {} 是同名的不同文件（{}）",
                    offer.from, other.from, offer.rel
                ),
                Lang::En => format!(
                    "{} and {} are different files of the same name ({})",
                    offer.from, other.from, offer.rel
                ),
            }),
        }
    }
    let mut planned = Vec::new();
    for (rel, offer) in chosen {
        let there = shown(rel);
        let step = match (present(rel), &offer.content) {
            (Present::Absent, _) => Step::New,
            (Present::Unreadable(why), _) => {
                refusals.push(match lang {
                    Lang::Zh => format!(
                        "{there} 已存在但无法读取（{why}），不能判断 {} 是否更新；请先移走它",
                        offer.from
                    ),
                    Lang::En => format!(
                        "{there} exists but cannot be read ({why}), so whether {} is later cannot be told; move it away first",
                        offer.from
                    ),
                });
                continue;
            }
            (Present::File(Content::Session(existing)), Content::Session(incoming)) => {
                match compare(incoming, &existing, lang) {
                    Order::Later => Step::Replace {
                        from: key(&existing),
                        to: key(incoming),
                    },
                    Order::Earlier => Step::KeptLater {
                        kept: key(&existing),
                        offered: key(incoming),
                    },
                    Order::Same => Step::Unchanged,
                    Order::Conflict(why) => {
                        refusals.push(format!(
                            "{} {} {there}: {why}",
                            offer.from,
                            lang.pick("与", "and")
                        ));
                        continue;
                    }
                }
            }
            (Present::File(existing), content) if existing == *content => Step::Unchanged,
            (Present::File(_), _) => {
                refusals.push(match lang {
                    Lang::Zh => format!(
                        "{} 与 {there} 是同名的不同文件；评审会中的文件不会被覆盖",
                        offer.from
                    ),
                    Lang::En => format!(
                        "{} and {there} are different files of the same name; files of the meeting are never overwritten",
                        offer.from
                    ),
                });
                continue;
            }
        };
        planned.push(Planned {
            rel: rel.to_string(),
            from: offer.from.clone(),
            step,
        });
    }
    if refusals.is_empty() {
        Ok(planned)
    } else {
        Err(refusals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Expert, PackageRef, SignOff};

    fn state(created: &str, revision: u32, signed: Option<&str>, overall: &str) -> SessionState {
        SessionState {
            format: 2,
            created_at: created.into(),
            rubric_id: "r".into(),
            rubric_sha256: "s".into(),
            package: PackageRef {
                id: "demo".into(),
                digest: "d".into(),
                cluster: "c".into(),
                park: "p".into(),
                year: 2025,
                round: None,
                direction: None,
            },
            expert: Expert {
                id: "E01".into(),
                name: "张三".into(),
            },
            declaration: None,
            revision,
            scores: Default::default(),
            annotations: Default::default(),
            figures: Default::default(),
            overall: overall.into(),
            conditions: Default::default(),
            meeting: None,
            signed: signed.map(|sha| SignOff {
                revision,
                at: "t".into(),
                sheet_sha256: sha.into(),
                sheet: Vec::new(),
                signature: Vec::new(),
                public_key: String::new(),
            }),
        }
    }

    fn offer(from: &str, s: SessionState) -> Offered {
        Offered {
            from: from.into(),
            rel: "sessions/demo/E01.sqlite".into(),
            content: Content::Session(Box::new(s)),
        }
    }

    fn decide(
        offers: &[Offered],
        there: Option<SessionState>,
    ) -> Result<Vec<Planned>, Vec<String>> {
        let present = move |_: &str| match &there {
            Some(s) => Present::File(Content::Session(Box::new(s.clone()))),
            None => Present::Absent,
        };
        plan(offers, &present, &|rel| format!("MEETING/{rel}"), Lang::En)
    }

    #[test]
    fn a_later_revision_or_a_signature_replaces_an_earlier_copy() {
        let r1 = state("t0", 1, Some("a"), "");
        let r2 = state("t0", 2, None, "");
        let steps = decide(&[offer("usb", r2.clone())], Some(r1.clone())).expect("plan");
        assert_eq!(
            steps[0].step,
            Step::Replace {
                from: (1, true),
                to: (2, false)
            }
        );
        // the same revision, now signed, over its unsigned copy
        let unsigned = state("t0", 1, None, "draft");
        let steps = decide(&[offer("usb", r1.clone())], Some(unsigned.clone())).expect("plan");
        assert_eq!(
            steps[0].step,
            Step::Replace {
                from: (1, false),
                to: (1, true)
            }
        );
        // and never the other way: the later copy stays
        let steps = decide(&[offer("usb", unsigned)], Some(r1.clone())).expect("plan");
        assert_eq!(
            steps[0].step,
            Step::KeptLater {
                kept: (1, true),
                offered: (1, false)
            }
        );
        let steps = decide(&[offer("usb", r1.clone())], Some(r1)).expect("plan");
        assert_eq!(steps[0].step, Step::Unchanged);
        // of two offers of one session, the later is taken
        let steps = decide(
            &[
                offer("usb-2", r2),
                offer("usb-1", state("t0", 1, Some("a"), "")),
            ],
            None,
        )
        .expect("plan");
        assert_eq!(
            (steps[0].from.as_str(), &steps[0].step),
            ("usb-2", &Step::New)
        );
    }

    #[test]
    fn two_sessions_or_two_unordered_copies_are_refused_naming_both() {
        let refused = decide(
            &[offer("usb", state("t1", 1, None, ""))],
            Some(state("t0", 1, None, "")),
        )
        .expect_err("two sessions");
        assert!(
            refused[0].contains("usb and MEETING/sessions/demo/E01.sqlite")
                && refused[0].contains("two different sessions"),
            "{refused:?}"
        );
        let refused = decide(
            &[
                offer("a", state("t0", 1, None, "x")),
                offer("b", state("t0", 1, None, "y")),
            ],
            None,
        )
        .expect_err("unordered");
        assert!(
            refused[0].contains("b and a") && refused[0].contains("cannot be told"),
            "{refused:?}"
        );
        let refused = decide(
            &[offer("usb", state("t0", 1, Some("b"), ""))],
            Some(state("t0", 1, Some("a"), "")),
        )
        .expect_err("two sign-offs");
        assert!(
            refused[0].contains("two different sign-offs"),
            "{refused:?}"
        );
    }
}
