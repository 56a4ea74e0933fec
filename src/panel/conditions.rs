//! The panel's verdict on each application condition (申报条件, section 六) of a cluster in an
//! application review: every counted expert's verdict and note, and how many found it met
//! (符合), largely met (基本符合), not met (不符合), or have not marked it yet (an unsigned
//! session). The program decides nothing: the counts are for the panel and the bureau.

use super::input::SessionInput;
use crate::rubric::Rubric;
use crate::session::ConditionVerdict;
use std::collections::BTreeMap;

/// One condition across the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionTally {
    /// Condition number.
    pub id: u32,
    /// Each counted expert's verdict (`None`: not marked).
    pub verdicts: BTreeMap<String, Option<ConditionVerdict>>,
    /// Each expert's note (experts who wrote one).
    pub notes: BTreeMap<String, String>,
}

impl ConditionTally {
    /// How many experts gave this verdict.
    pub fn count(&self, verdict: ConditionVerdict) -> usize {
        self.verdicts
            .values()
            .filter(|v| **v == Some(verdict))
            .count()
    }

    /// How many experts have not marked it.
    pub fn unmarked(&self) -> usize {
        self.verdicts.values().filter(|v| v.is_none()).count()
    }

    /// The panel's verdict in words: `符合 3/4 · 基本符合 1/4 · 不符合 0/4` (and the unmarked).
    pub fn summary(&self, lang: crate::i18n::Lang) -> String {
        let of = self.verdicts.len();
        let mut parts: Vec<String> = ConditionVerdict::ALL
            .iter()
            .map(|v| format!("{} {}/{of}", v.label(lang), self.count(*v)))
            .collect();
        if self.unmarked() > 0 {
            parts.push(format!(
                "{} {}/{of}",
                lang.pick("未评", "not marked"),
                self.unmarked()
            ));
        }
        parts.join(" · ")
    }
}

/// The conditions of one cluster from its counted sessions, in rubric order; none when the
/// sessions are not of an application review.
pub fn tally(rubric: &Rubric, sessions: &[&SessionInput]) -> Vec<ConditionTally> {
    if !sessions.iter().any(|s| s.state.reviews_conditions()) {
        return Vec::new();
    }
    rubric
        .conditions
        .iter()
        .map(|condition| {
            let mut tally = ConditionTally {
                id: condition.id,
                verdicts: BTreeMap::new(),
                notes: BTreeMap::new(),
            };
            for session in sessions {
                let mark = session.state.conditions.get(&condition.id);
                let expert = session.state.expert.id.clone();
                tally
                    .verdicts
                    .insert(expert.clone(), mark.and_then(|m| m.verdict));
                if let Some(note) = mark.map(|m| m.note.trim()).filter(|n| !n.is_empty()) {
                    tally.notes.insert(expert, note.to_string());
                }
            }
            tally
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::panel::testing::session;
    use crate::session::Edit;

    #[test]
    fn each_condition_counts_the_experts_verdicts() {
        let mut inputs = [
            session("a", "E01", &[]),
            session("a", "E02", &[]),
            session("a", "E03", &[]),
        ];
        let verdicts = [
            ConditionVerdict::Met,
            ConditionVerdict::LargelyMet,
            ConditionVerdict::Met,
        ];
        for (input, verdict) in inputs.iter_mut().zip(verdicts) {
            input.state.package.round = Some(crate::package::Round::Application);
            input.state.apply(&Edit::ConditionVerdict {
                condition: 2,
                verdict,
            });
        }
        inputs[1].state.apply(&Edit::ConditionNote {
            condition: 2,
            text: "规划可实施性一般".into(),
        });
        let rubric = inputs[0].rubric.clone();
        let refs: Vec<&SessionInput> = inputs.iter().collect();
        let tallies = tally(&rubric, &refs);
        assert_eq!(
            tallies.iter().map(|t| t.id).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        let two = &tallies[1];
        assert_eq!(two.count(ConditionVerdict::Met), 2);
        assert_eq!(two.count(ConditionVerdict::LargelyMet), 1);
        assert_eq!(two.count(ConditionVerdict::NotMet), 0);
        assert_eq!(two.unmarked(), 0);
        assert_eq!(
            two.summary(Lang::Zh),
            "符合 2/3 · 基本符合 1/3 · 不符合 0/3"
        );
        assert_eq!(
            two.notes.get("E02").map(String::as_str),
            Some("规划可实施性一般")
        );
        assert_eq!(tallies[0].unmarked(), 3);
        assert!(tallies[0].summary(Lang::En).ends_with("not marked 3/3"));
        // not an application review: nothing to tally
        let annual: Vec<SessionInput> = vec![session("b", "E01", &[])];
        let refs: Vec<&SessionInput> = annual.iter().collect();
        assert!(tally(&rubric, &refs).is_empty());
    }
}
