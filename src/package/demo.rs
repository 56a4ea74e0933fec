//! The demo package (fictional sample data), compiled into the binary so that
//! `cluster-review` with no arguments opens a real review on a fresh machine. Its bytes are
//! those of `tests/fixtures/packages/demo`, so its digest is the same.

use super::files::PackageFiles;

/// How the embedded demo is named in messages.
pub const DEMO_NAME: &str = "demo (embedded)";

/// Every file of the demo package: relative path and content.
const DEMO_FILES: [(&str, &[u8]); 18] = [
    (
        "evidence/00-集群概况.md",
        include_bytes!("../../tests/fixtures/packages/demo/evidence/00-集群概况.md"),
    ),
    (
        "evidence/01-政策文件.md",
        include_bytes!("../../tests/fixtures/packages/demo/evidence/01-政策文件.md"),
    ),
    (
        "evidence/02-工作推进体系.md",
        include_bytes!("../../tests/fixtures/packages/demo/evidence/02-工作推进体系.md"),
    ),
    (
        "evidence/03-特色做法.md",
        include_bytes!("../../tests/fixtures/packages/demo/evidence/03-特色做法.md"),
    ),
    (
        "evidence/20-创新促进组织.md",
        include_bytes!("../../tests/fixtures/packages/demo/evidence/20-创新促进组织.md"),
    ),
    (
        "measures.csv",
        include_bytes!("../../tests/fixtures/packages/demo/measures.csv"),
    ),
    (
        "package.toml",
        include_bytes!("../../tests/fixtures/packages/demo/package.toml"),
    ),
    (
        "tables/awards.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/awards.csv"),
    ),
    (
        "tables/enterprises.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/enterprises.csv"),
    ),
    (
        "tables/funds.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/funds.csv"),
    ),
    (
        "tables/investments.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/investments.csv"),
    ),
    (
        "tables/listed.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/listed.csv"),
    ),
    (
        "tables/platforms.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/platforms.csv"),
    ),
    (
        "tables/projects.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/projects.csv"),
    ),
    (
        "tables/recognitions.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/recognitions.csv"),
    ),
    (
        "tables/services.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/services.csv"),
    ),
    (
        "tables/standards.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/standards.csv"),
    ),
    (
        "tables/talents.csv",
        include_bytes!("../../tests/fixtures/packages/demo/tables/talents.csv"),
    ),
];

/// The demo package's files.
pub fn demo_files() -> PackageFiles {
    PackageFiles(
        DEMO_FILES
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::read_package_dir;
    use std::path::Path;

    #[test]
    fn the_embedded_demo_is_exactly_the_fixture_folder() {
        let folder = read_package_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packages/demo"),
        )
        .expect("demo folder");
        assert_eq!(demo_files(), folder, "add new demo files to DEMO_FILES");
    }
}
