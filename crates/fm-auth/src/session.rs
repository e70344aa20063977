//! Signed values for the login pages: the session cookie and CSRF tokens.
//!
//! The session cookie carries the user's `fs_uniquifier` (so rotating it logs the user out) and
//! the session's CSRF token; both kinds of value are signed with `SECRET_KEY` under their own salt,
//! so neither can be forged or passed off as an auth token.

use serde_json::json;

use crate::signer::{SignatureError, TimedSerializer};

/// How long a login session lasts without logging in again: 14 days.
pub const SESSION_MAX_AGE_S: u64 = 14 * 24 * 3600;

/// How long a login form stays usable: 1 hour.
pub const LOGIN_FORM_MAX_AGE_S: u64 = 3600;

/// What a session cookie holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The logged-in user's uniquifier.
    pub uniquifier: String,
    /// The token forms of this session must echo.
    pub csrf: String,
}

/// Signs and checks session cookies and login-form CSRF values.
#[derive(Debug, Clone)]
pub struct SessionCodec {
    sessions: TimedSerializer,
    forms: TimedSerializer,
}

impl SessionCodec {
    /// A codec keyed with `secret` (the `SECRET_KEY`).
    pub fn new(secret: &[u8]) -> Self {
        SessionCodec { sessions: TimedSerializer::new(secret, b"session"), forms: TimedSerializer::new(secret, b"login-form") }
    }

    /// The cookie value for a session started at `now`.
    pub fn encode(&self, session: &Session, now: u64) -> String {
        self.sessions.dumps(&json!({"uid": session.uniquifier, "csrf": session.csrf}), now)
    }

    /// The session inside a valid cookie value.
    pub fn decode(&self, cookie: &str, now: u64) -> Result<Session, SignatureError> {
        let (value, _) = self.sessions.loads(cookie, Some(SESSION_MAX_AGE_S), now)?;
        let field = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        match (field("uid"), field("csrf")) {
            (Some(uniquifier), Some(csrf)) => Ok(Session { uniquifier, csrf }),
            _ => Err(SignatureError::Malformed),
        }
    }

    /// A CSRF value for a login form, bound to `nonce` (also set as a cookie).
    pub fn login_form_token(&self, nonce: &str, now: u64) -> String {
        self.forms.dumps(&json!([nonce]), now)
    }

    /// Whether a submitted login-form token is genuine, fresh and bound to `nonce`.
    pub fn check_login_form_token(&self, token: &str, nonce: &str, now: u64) -> bool {
        matches!(self.forms.loads(token, Some(LOGIN_FORM_MAX_AGE_S), now), Ok((value, _)) if value == json!([nonce]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_round_trip_and_cannot_be_used_as_tokens() {
        let codec = SessionCodec::new(b"secret");
        let session = Session { uniquifier: "u1".into(), csrf: "c".into() };
        let cookie = codec.encode(&session, 100);
        assert_eq!(codec.decode(&cookie, 200), Ok(session));
        assert!(crate::TokenService::new(b"secret", 60).verify(&cookie, 100).is_err());
        assert_eq!(codec.decode(&cookie, 100 + SESSION_MAX_AGE_S + 1), Err(SignatureError::Expired));
    }

    #[test]
    fn login_form_tokens_are_bound_to_their_nonce() {
        let codec = SessionCodec::new(b"secret");
        let token = codec.login_form_token("n1", 100);
        assert!(codec.check_login_form_token(&token, "n1", 150));
        assert!(!codec.check_login_form_token(&token, "n2", 150));
        assert!(!codec.check_login_form_token(&token, "n1", 100 + LOGIN_FORM_MAX_AGE_S + 1));
        assert!(!SessionCodec::new(b"other").check_login_form_token(&token, "n1", 150));
    }
}
