//! A change at every byte of a real signed sheet (each byte changed two ways: its lowest and
//! its highest bit) is detected,
//! by the same check `verify` runs (and a changed signature byte too).

mod common;

use cluster_review::sheet::{TrustedKey, verify_sheet};
use cluster_review::signing::read_public_key;
use common::{bin, fixture, scored_session};

#[test]
fn a_change_at_every_byte_of_a_signed_sheet_is_detected() {
    let temp = tempfile::tempdir().expect("temp");
    let session = scored_session(
        temp.path(),
        &fixture("packages/demo"),
        "E01",
        &[(1, "6"), (2, "6.5"), (3, "3"), (20, "3")],
    );
    bin()
        .args(["session", "set"])
        .arg(&session)
        .args(["--overall", "同意推荐。"])
        .assert()
        .success();
    bin()
        .args(["keygen", "--id", "E01", "--out"])
        .arg(temp.path())
        .assert()
        .success();
    let sheet_path = temp.path().join("sheet.json");
    bin()
        .arg("sign")
        .arg(&session)
        .arg("--key")
        .arg(temp.path().join("E01.key.pem"))
        .arg("--out")
        .arg(&sheet_path)
        .assert()
        .success();
    let sheet = std::fs::read(&sheet_path).expect("sheet");
    let signature = std::fs::read(temp.path().join("sheet.json.sig")).expect("sig");
    let public = std::fs::read_to_string(temp.path().join("E01.pub.pem")).expect("pub");
    let key = read_public_key(&public).expect("key");
    assert!(verify_sheet(&sheet, &signature, TrustedKey::Key(&key)).is_ok());
    assert!(sheet.len() > 5_000, "a real sheet: {} bytes", sheet.len());

    let mut undetected = Vec::new();
    let mut changed = sheet.clone();
    for position in 0..sheet.len() {
        for flip in [0x01u8, 0x80] {
            changed[position] ^= flip;
            if verify_sheet(&changed, &signature, TrustedKey::Key(&key)).is_ok() {
                undetected.push((position, flip));
            }
            changed[position] ^= flip;
        }
    }
    assert!(
        undetected.is_empty(),
        "changes not detected: {undetected:?}"
    );

    let mut bad = signature.clone();
    for position in 0..signature.len() {
        bad[position] ^= 0x01;
        assert!(
            verify_sheet(&sheet, &bad, TrustedKey::Key(&key)).is_err(),
            "signature byte {position}"
        );
        bad[position] ^= 0x01;
    }
    // a byte removed or added is a change too
    assert!(verify_sheet(&sheet[..sheet.len() - 1], &signature, TrustedKey::Key(&key)).is_err());
    let mut longer = sheet.clone();
    longer.push(b'\n');
    assert!(verify_sheet(&longer, &signature, TrustedKey::Key(&key)).is_err());
}
