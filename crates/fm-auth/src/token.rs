//! Auth tokens: stateless, signed, carrying the user's `fs_uniquifier` and the issue time.
//!
//! Tokens are those of Flask-Security (salt `remember-salt`): a token issued by a FlexMeasures
//! server with the same `SECRET_KEY` is accepted, and the other way round. Checking one costs an
//! HMAC, never bcrypt; the caller then loads the user by uniquifier and requires it to be active.

use serde_json::{Value, json};

use crate::signer::{SignatureError, TimedSerializer};

/// Flask-Security's default salt for auth tokens (`SECURITY_REMEMBER_SALT`).
pub const TOKEN_SALT: &[u8] = b"remember-salt";

/// The original's default token lifetime (`SECURITY_TOKEN_MAX_AGE`): six hours.
pub const DEFAULT_MAX_AGE_S: u64 = 21_600;

/// Issues and checks auth tokens.
#[derive(Debug, Clone)]
pub struct TokenService {
    serializer: TimedSerializer,
    max_age_s: u64,
}

impl TokenService {
    /// Tokens signed with `secret` (the `SECRET_KEY`), valid for `max_age_s` seconds.
    pub fn new(secret: &[u8], max_age_s: u64) -> Self {
        TokenService { serializer: TimedSerializer::new(secret, TOKEN_SALT), max_age_s }
    }

    /// A token for the user with this uniquifier, issued at `now` (seconds since the epoch).
    pub fn issue(&self, uniquifier: &str, now: u64) -> String {
        self.serializer.dumps(&json!([uniquifier]), now)
    }

    /// The uniquifier inside a valid, unexpired token.
    pub fn verify(&self, token: &str, now: u64) -> Result<String, SignatureError> {
        let (value, _) = self.serializer.loads(token.trim(), Some(self.max_age_s), now)?;
        uniquifier_of(&value).ok_or(SignatureError::Malformed)
    }

    /// How long tokens stay valid, in seconds.
    pub fn max_age_s(&self) -> u64 {
        self.max_age_s
    }
}

/// Finds the uniquifier in each payload shape Flask-Security has used: `[uid]`, the legacy
/// `[id, hash, uid]`, and `{"uid": uid, ...}`.
fn uniquifier_of(value: &Value) -> Option<String> {
    let uid = match value {
        Value::Array(items) if items.len() == 1 => items.first(),
        Value::Array(items) if items.len() == 3 => items.get(2),
        Value::Object(map) => map.get("uid"),
        _ => None,
    }?;
    uid.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_until_they_expire() {
        let tokens = TokenService::new(b"secret", 2);
        let token = tokens.issue("u1", 100);
        assert_eq!(tokens.verify(&token, 102).as_deref(), Ok("u1"));
        assert_eq!(tokens.verify(&token, 103), Err(SignatureError::Expired));
    }

    #[test]
    fn another_secret_key_invalidates_tokens() {
        let token = TokenService::new(b"secret", 60).issue("u1", 100);
        assert_eq!(TokenService::new(b"rotated", 60).verify(&token, 100), Err(SignatureError::BadSignature));
    }

    #[test]
    fn accepts_every_payload_shape_of_the_original() {
        assert_eq!(uniquifier_of(&json!(["u"])).as_deref(), Some("u"));
        assert_eq!(uniquifier_of(&json!([1, "hash", "u"])).as_deref(), Some("u"));
        assert_eq!(uniquifier_of(&json!({"ver": "5", "uid": "u", "fs_paa": 1.5, "exp": 0})).as_deref(), Some("u"));
        assert_eq!(uniquifier_of(&json!([1, 2])), None);
        assert_eq!(uniquifier_of(&json!([""])), None);
    }
}
