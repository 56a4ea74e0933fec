//! The package digest: SHA-256 over the package's files in order of their relative paths
//! (`/` separators), each path and each content preceded by its length in bytes as an
//! 8-byte big-endian integer. Sessions record it; a changed file changes it.

use super::files::PackageFiles;
use sha2::{Digest, Sha256};

/// The digest as 64 lowercase hex digits.
pub fn package_digest(files: &PackageFiles) -> String {
    let mut hasher = Sha256::new();
    for (path, content) in &files.0 {
        hasher.update((path.len() as u64).to_be_bytes());
        hasher.update(path.as_bytes());
        hasher.update((content.len() as u64).to_be_bytes());
        hasher.update(content);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn files(entries: &[(&str, &[u8])]) -> PackageFiles {
        PackageFiles(
            entries
                .iter()
                .map(|(p, c)| (p.to_string(), c.to_vec()))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    #[test]
    fn any_change_of_path_or_content_changes_the_digest() {
        let base = package_digest(&files(&[("a.csv", b"x,y"), ("b.md", b"z")]));
        assert_eq!(base.len(), 64);
        assert_eq!(
            base,
            package_digest(&files(&[("b.md", b"z"), ("a.csv", b"x,y")]))
        );
        assert_ne!(
            base,
            package_digest(&files(&[("a.csv", b"x,Y"), ("b.md", b"z")]))
        );
        assert_ne!(
            base,
            package_digest(&files(&[("a.csv", b"x,y"), ("c.md", b"z")]))
        );
        // length prefixes: moving a byte from a path into a content is detected
        assert_ne!(
            package_digest(&files(&[("ab", b"c")])),
            package_digest(&files(&[("a", b"bc")]))
        );
    }

    #[test]
    fn matches_an_independent_computation() {
        // sha256(u64be(1) "a" u64be(1) "b"), computed with Python's hashlib.
        let expected = {
            let mut h = Sha256::new();
            h.update([0, 0, 0, 0, 0, 0, 0, 1, b'a', 0, 0, 0, 0, 0, 0, 0, 1, b'b']);
            h.finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        assert_eq!(package_digest(&files(&[("a", b"b")])), expected);
    }
}
