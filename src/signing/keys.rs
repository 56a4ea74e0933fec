//! Generating, encoding, reading keys; signing and verifying bytes.

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, KeypairBytes,
};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// Why a key or signature cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// No randomness from the operating system.
    #[error("the operating system gave no random bytes for a new key: {0}")]
    Random(String),
    /// Not an Ed25519 private key in PKCS#8 PEM.
    #[error(
        "found no Ed25519 private key, expected a PKCS#8 PEM file (-----BEGIN PRIVATE KEY-----) as written by `keygen` or `openssl genpkey -algorithm ed25519` ({0})"
    )]
    PrivateKey(String),
    /// Not an Ed25519 public key in SPKI PEM.
    #[error(
        "found no Ed25519 public key, expected an SPKI PEM file (-----BEGIN PUBLIC KEY-----) ({0})"
    )]
    PublicKey(String),
    /// A signature file of the wrong length.
    #[error("the signature has {0} bytes, expected the raw 64-byte Ed25519 signature")]
    SignatureLength(usize),
    /// The signature does not match the bytes and the key.
    #[error("the signature does not match: the sheet was changed, or signed with another key")]
    Mismatch,
    /// A PEM could not be written.
    #[error("cannot encode the key: {0}")]
    Encode(String),
}

/// A new private key from the operating system's randomness.
pub fn generate() -> Result<SigningKey, KeyError> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(SigningKey::from_bytes(&secret))
}

/// The private key as PKCS#8 v1 PEM (no public key inside: OpenSSL 3.0 reads it).
pub fn private_key_pem(key: &SigningKey) -> Result<String, KeyError> {
    let bytes = KeypairBytes {
        secret_key: key.to_bytes(),
        public_key: None,
    };
    bytes
        .to_pkcs8_pem(LineEnding::LF)
        .map(|pem| pem.to_string())
        .map_err(|e| KeyError::Encode(e.to_string()))
}

/// The public key as SPKI PEM.
pub fn public_key_pem(key: &VerifyingKey) -> Result<String, KeyError> {
    key.to_public_key_pem(LineEnding::LF)
        .map_err(|e| KeyError::Encode(e.to_string()))
}

/// Reads a private key (PKCS#8 v1 or v2 PEM, as OpenSSL or `keygen` write it).
pub fn read_private_key(pem: &str) -> Result<SigningKey, KeyError> {
    SigningKey::from_pkcs8_pem(pem.trim()).map_err(|e| KeyError::PrivateKey(e.to_string()))
}

/// Reads a public key (SPKI PEM).
pub fn read_public_key(pem: &str) -> Result<VerifyingKey, KeyError> {
    VerifyingKey::from_public_key_pem(pem.trim()).map_err(|e| KeyError::PublicKey(e.to_string()))
}

/// The raw 64-byte signature of the bytes.
pub fn sign(key: &SigningKey, bytes: &[u8]) -> [u8; 64] {
    key.sign(bytes).to_bytes()
}

/// Checks a raw signature of the bytes (strict: no malleable signatures).
pub fn verify(key: &VerifyingKey, bytes: &[u8], signature: &[u8]) -> Result<(), KeyError> {
    let raw: [u8; 64] = signature
        .try_into()
        .map_err(|_| KeyError::SignatureLength(signature.len()))?;
    key.verify_strict(bytes, &Signature::from_bytes(&raw))
        .map_err(|_| KeyError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_signatures_verify_only_unchanged() {
        let key = generate().expect("key");
        let pem = private_key_pem(&key).expect("pem");
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let again = read_private_key(&pem).expect("read");
        assert_eq!(again.to_bytes(), key.to_bytes());
        let public =
            read_public_key(&public_key_pem(&key.verifying_key()).expect("pem")).expect("read");
        let signature = sign(&key, b"sheet");
        assert_eq!(verify(&public, b"sheet", &signature), Ok(()));
        assert_eq!(
            verify(&public, b"sheet!", &signature),
            Err(KeyError::Mismatch)
        );
        assert_eq!(
            verify(&public, b"sheet", &signature[..63]),
            Err(KeyError::SignatureLength(63))
        );
        assert!(read_private_key("not a key").is_err());
    }

    #[test]
    fn the_private_key_is_pkcs8_version_1() {
        // PKCS#8 v1 (RFC 5208): PrivateKeyInfo with version 0 and no public key. Its DER is
        // 48 bytes: 30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20 <32 bytes>.
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let pem = private_key_pem(&key).expect("pem");
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(body.len(), 64, "48 bytes of DER in base64");
        assert!(body.starts_with("MC4CAQAwBQYDK2VwBCIEI"), "{body}");
    }
}
