//! The part of a text an edit changed, for the audit trail: an opinion saved every few seconds
//! while it is written is audited as what changed (where, what was removed, what was put in),
//! not as two copies of the whole text each time, so a long opinion keeps the file small; the
//! changes replayed in order give every version back.

/// A change of a text: at `offset` (in characters), `removed` was replaced by `inserted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    /// Characters kept before the change.
    pub offset: usize,
    /// The text taken out.
    pub removed: String,
    /// The text put in.
    pub inserted: String,
}

/// The smallest single change (common beginning and end kept) that turns `old` into `new`.
pub fn text_change(old: &str, new: &str) -> TextChange {
    let old_chars: Vec<char> = old.chars().collect();
    let new_chars: Vec<char> = new.chars().collect();
    let prefix = old_chars
        .iter()
        .zip(&new_chars)
        .take_while(|(a, b)| a == b)
        .count();
    let room = old_chars.len().min(new_chars.len()) - prefix;
    let suffix = old_chars
        .iter()
        .rev()
        .zip(new_chars.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    TextChange {
        offset: prefix,
        removed: old_chars[prefix..old_chars.len() - suffix].iter().collect(),
        inserted: new_chars[prefix..new_chars.len() - suffix].iter().collect(),
    }
}

/// Applies a change (to replay the audit trail).
pub fn apply_change(text: &str, change: &TextChange) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = change.offset.min(chars.len());
    let end = (start + change.removed.chars().count()).min(chars.len());
    let mut out: String = chars[..start].iter().collect();
    out.push_str(&change.inserted);
    out.extend(&chars[end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_the_changed_middle_is_kept() {
        let change = text_change("近三年出台政策三件", "近三年出台专项政策三件");
        assert_eq!(
            change,
            TextChange {
                offset: 5,
                removed: String::new(),
                inserted: "专项".into()
            }
        );
        let same = text_change("abc", "abc");
        assert!(same.removed.is_empty() && same.inserted.is_empty());
        let repeated = text_change("aaa", "aa");
        assert_eq!(apply_change("aaa", &repeated), "aa");
    }

    proptest! {
        #[test]
        fn replaying_the_change_gives_the_new_text(old in "[a-c中文\\n]{0,12}", new in "[a-c中文\\n]{0,12}") {
            let change = text_change(&old, &new);
            prop_assert_eq!(apply_change(&old, &change), new.clone());
            prop_assert!(change.removed.chars().count() <= old.chars().count());
            prop_assert!(change.inserted.chars().count() <= new.chars().count());
        }
    }
}
