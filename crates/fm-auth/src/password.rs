//! Password hashing as FlexMeasures does it: bcrypt over an HMAC-SHA512 pre-hash.
//!
//! The pre-hash is `base64(HMAC-SHA512(key = SECURITY_PASSWORD_SALT, password))` (88 ASCII
//! characters); bcrypt uses its first 72 bytes, as passlib does silently. A hash copied from a
//! FlexMeasures database therefore verifies here when the salt setting is the same.

use base64::Engine as _;
use hmac::{KeyInit as _, Mac as _};

use crate::AuthError;

type HmacSha512 = hmac::Hmac<sha2::Sha512>;

/// Hashes and verifies passwords with one salt setting and bcrypt cost.
#[derive(Clone)]
pub struct PasswordHasher {
    salt: Vec<u8>,
    cost: u32,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher").field("cost", &self.cost).finish_non_exhaustive()
    }
}

impl PasswordHasher {
    /// A hasher keyed with `SECURITY_PASSWORD_SALT` and using bcrypt with `cost` rounds (4..=31).
    pub fn new(salt: impl Into<Vec<u8>>, cost: u32) -> Result<Self, AuthError> {
        if !(4..=31).contains(&cost) {
            return Err(AuthError::BadCost(cost));
        }
        Ok(PasswordHasher { salt: salt.into(), cost })
    }

    fn prehash(&self, password: &str) -> Vec<u8> {
        let mut mac = HmacSha512::new_from_slice(&self.salt).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(password.as_bytes());
        let encoded = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        let mut bytes = encoded.into_bytes();
        bytes.truncate(72);
        bytes
    }

    /// Hashes a (non-empty) password.
    pub fn hash(&self, password: &str) -> Result<String, AuthError> {
        if password.is_empty() {
            return Err(AuthError::EmptyPassword);
        }
        bcrypt::hash(self.prehash(password), self.cost).map_err(|e| AuthError::Hashing(e.to_string()))
    }

    /// Whether `password` matches `hash`. Unknown hash formats never match.
    pub fn verify(&self, password: &str, hash: &str) -> bool {
        bcrypt::verify(self.prehash(password), hash).unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made with Python: `bcrypt.hashpw(base64(hmac_sha512(b"test-salt", b"toy-password"))[:72], gensalt(4))`,
    /// which is what FlexMeasures (passlib, Flask-Security) stores.
    const FLEXMEASURES_HASH: &str = "$2b$04$oMLDGNpUntfeClsxlsrHB.ige.J.5wFhN7iCR3DZRgkbAQPYX0.EC";

    #[test]
    fn verifies_a_hash_made_by_flexmeasures() {
        let hasher = PasswordHasher::new("test-salt", 4).unwrap();
        assert!(hasher.verify("toy-password", FLEXMEASURES_HASH));
        assert!(!hasher.verify("toy-passwore", FLEXMEASURES_HASH));
        let other_salt = PasswordHasher::new("other-salt", 4).unwrap();
        assert!(!other_salt.verify("toy-password", FLEXMEASURES_HASH));
    }

    #[test]
    fn hashes_round_trip_with_the_configured_cost() {
        let hasher = PasswordHasher::new("s", 5).unwrap();
        let hash = hasher.hash("secret").unwrap();
        assert!(hash.starts_with("$2b$05$"));
        assert!(hasher.verify("secret", &hash));
        assert!(!hasher.verify("Secret", &hash));
        assert!(!hasher.verify("secret", "not-a-hash"));
    }

    #[test]
    fn refuses_bad_settings_and_empty_passwords() {
        assert_eq!(PasswordHasher::new("s", 3).err(), Some(AuthError::BadCost(3)));
        assert_eq!(PasswordHasher::new("s", 4).unwrap().hash("").err(), Some(AuthError::EmptyPassword));
    }
}
