//! The checks before counting, each a refusal naming the files: one rubric, one package content
//! per package id, one session per expert per package (a later revision supersedes an earlier
//! copy of the same session), a declaration in every session, signatures that stand. Recused
//! experts are excluded and listed; unsigned sessions count only when allowed, and are listed.

use super::input::{SessionInput, Signature};
use crate::session::DeclarationKind;
use std::collections::BTreeMap;

/// Why the merge cannot count: every problem found, each naming its files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.join("\n"))]
pub struct MergeRefused(pub Vec<String>);

/// Why a session is not counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExclusionReason {
    /// The expert recused, for this reason.
    Recused(String),
    /// A later revision of the same session (in this file) is counted instead.
    Superseded {
        /// The file counted.
        by: String,
    },
    /// The same session, unchanged, was given twice.
    Duplicate {
        /// The file counted.
        of: String,
    },
}

/// A session given but not counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    /// The file.
    pub file: String,
    /// The expert.
    pub expert: String,
    /// The package.
    pub package_id: String,
    /// Why.
    pub reason: ExclusionReason,
}

/// The sessions that count, grouped by package.
#[derive(Debug)]
pub(crate) struct Selected<'a> {
    /// Counted sessions by package id, each group sorted by expert id.
    pub clusters: BTreeMap<String, Vec<&'a SessionInput>>,
    /// Sessions not counted.
    pub excluded: Vec<Exclusion>,
    /// Counted sessions that are not signed.
    pub unsigned: Vec<String>,
}

fn short(digest: &str) -> &str {
    digest.get(..12).unwrap_or(digest)
}

/// Checks the sessions and picks those that count.
pub(crate) fn select(
    inputs: &[SessionInput],
    allow_unsigned: bool,
) -> Result<Selected<'_>, MergeRefused> {
    let mut problems = Vec::new();
    if inputs.is_empty() {
        return Err(MergeRefused(vec![
            "no session files were given, expected at least one".into(),
        ]));
    }
    // one rubric
    let mut rubrics: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for input in inputs {
        rubrics
            .entry(input.state.rubric_sha256.as_str())
            .or_default()
            .push(&input.file);
    }
    if rubrics.len() > 1 {
        let groups: Vec<String> = rubrics
            .iter()
            .map(|(sha, files)| format!("{} (rubric sha256 {}…)", files.join(", "), short(sha)))
            .collect();
        problems.push(format!("the sessions were made with different rubrics: {}; expected one rubric for the whole panel", groups.join(" vs ")));
    }
    // one package content per package id
    let mut digests: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for input in inputs {
        digests
            .entry(input.state.package.id.as_str())
            .or_default()
            .entry(input.state.package.digest.as_str())
            .or_default()
            .push(&input.file);
    }
    for (package, by_digest) in &digests {
        if by_digest.len() > 1 {
            let groups: Vec<String> = by_digest
                .iter()
                .map(|(digest, files)| format!("{} (digest {}…)", files.join(", "), short(digest)))
                .collect();
            problems.push(format!(
                "the sessions of package {package} were made against different contents of the package: {}; the package changed between them, expected one digest per package",
                groups.join(" vs ")
            ));
        }
    }
    let mut excluded = Vec::new();
    let mut unsigned_recusals = Vec::new();
    let mut counted: Vec<&SessionInput> = Vec::new();
    for input in inputs {
        match &input.state.declaration {
            None => problems.push(format!("{}: expert {} has made no conflict-of-interest declaration (回避声明), expected one before counting", input.file, input.state.expert.id)),
            // a recusal is a statement the expert signs, like a score sheet: one that is not
            // signed (or no longer verifies) does not take the expert out of the counting
            Some(d) if d.kind == DeclarationKind::Recused => match &input.signature {
                Signature::Invalid(why) => problems.push(format!(
                    "{}: the recusal of expert {} does not verify ({why})",
                    input.file, input.state.expert.id
                )),
                Signature::Unsigned if !allow_unsigned => problems.push(format!(
                    "{}: the recusal (回避) of expert {} is not signed; expected a signed recusal (count unsigned ones with --allow-unsigned; they are marked)",
                    input.file, input.state.expert.id
                )),
                _ => {
                    if input.signature == Signature::Unsigned {
                        unsigned_recusals.push(input.file.clone());
                    }
                    excluded.push(Exclusion {
                        file: input.file.clone(),
                        expert: input.state.expert.id.clone(),
                        package_id: input.state.package.id.clone(),
                        reason: ExclusionReason::Recused(d.reason.clone()),
                    })
                }
            },
            Some(_) => counted.push(input),
        }
    }
    // one session per expert per package
    let mut by_expert: BTreeMap<(&str, &str), Vec<&SessionInput>> = BTreeMap::new();
    for input in &counted {
        by_expert
            .entry((
                input.state.package.id.as_str(),
                input.state.expert.id.as_str(),
            ))
            .or_default()
            .push(input);
    }
    let mut chosen: Vec<&SessionInput> = Vec::new();
    for ((package, expert), mut sessions) in by_expert {
        if sessions.len() == 1 {
            chosen.extend(sessions);
            continue;
        }
        let files: Vec<&str> = sessions.iter().map(|s| s.file.as_str()).collect();
        let same_session = sessions
            .iter()
            .all(|s| s.state.created_at == sessions[0].state.created_at);
        if !same_session {
            problems.push(format!("{}: two sessions of expert {expert} for package {package}, expected one (or revisions of the same session)", files.join(", ")));
            continue;
        }
        sessions.sort_by_key(|s| std::cmp::Reverse(s.state.revision));
        let latest = sessions[0];
        let mut ambiguous = false;
        for other in &sessions[1..] {
            let reason = if other.state.revision < latest.state.revision {
                ExclusionReason::Superseded {
                    by: latest.file.clone(),
                }
            } else if other.state == latest.state {
                ExclusionReason::Duplicate {
                    of: latest.file.clone(),
                }
            } else {
                ambiguous = true;
                problems.push(format!(
                    "{} and {}: two different copies of revision {} of expert {expert}'s session for package {package}, expected one",
                    latest.file, other.file, latest.state.revision
                ));
                continue;
            };
            excluded.push(Exclusion {
                file: other.file.clone(),
                expert: expert.to_string(),
                package_id: package.to_string(),
                reason,
            });
        }
        if !ambiguous {
            chosen.push(latest);
        }
    }
    // signatures
    let mut unsigned = unsigned_recusals;
    for input in &chosen {
        match &input.signature {
            Signature::Unsigned if allow_unsigned => unsigned.push(input.file.clone()),
            Signature::Unsigned => problems.push(format!(
                "{}: the session of expert {} is not signed; expected signed sessions (count unsigned ones with --allow-unsigned; they are marked as unsigned)",
                input.file, input.state.expert.id
            )),
            Signature::Invalid(why) => problems.push(format!("{}: the signature does not verify ({why})", input.file)),
            Signature::NotVerified | Signature::Verified => {}
        }
    }
    let mut clusters: BTreeMap<String, Vec<&SessionInput>> = BTreeMap::new();
    for input in chosen {
        clusters
            .entry(input.state.package.id.clone())
            .or_default()
            .push(input);
    }
    for package in digests.keys() {
        if !clusters.contains_key(*package) {
            problems.push(format!("package {package}: no session can be counted (every expert recused), expected at least one"));
        }
    }
    for sessions in clusters.values_mut() {
        sessions.sort_by(|a, b| a.state.expert.id.cmp(&b.state.expert.id));
    }
    if problems.is_empty() {
        Ok(Selected {
            clusters,
            excluded,
            unsigned,
        })
    } else {
        Err(MergeRefused(problems))
    }
}
