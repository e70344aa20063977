//! URL-safe, timestamped, HMAC-SHA1-signed values in the itsdangerous format that
//! Flask-Security uses for FlexMeasures auth tokens.
//!
//! A value is `<payload>.<timestamp>.<signature>`, each part base64url without padding:
//! the payload is compact JSON, zlib-compressed and prefixed with `.` when that is shorter;
//! the timestamp is the big-endian integer of seconds since the Unix epoch; the signature is
//! HMAC-SHA1 over `payload.timestamp`, keyed with `SHA1(salt ‖ "signer" ‖ secret)`.

use std::io::{Read as _, Write as _};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit as _, Mac as _};
use sha1::Digest as _;
use subtle::ConstantTimeEq as _;

type HmacSha1 = hmac::Hmac<sha1::Sha1>;

/// Why a signed value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// Not of the `payload.timestamp.signature` shape, or undecodable.
    #[error("malformed signed value")]
    Malformed,
    /// The signature does not match (other secret, other salt, or tampered).
    #[error("bad signature")]
    BadSignature,
    /// Signed longer ago than allowed (or in the future).
    #[error("signature expired")]
    Expired,
}

/// Signs and checks values with one secret and salt.
#[derive(Clone)]
pub struct TimedSerializer {
    key: Vec<u8>,
}

impl std::fmt::Debug for TimedSerializer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TimedSerializer { .. }")
    }
}

impl TimedSerializer {
    /// A serializer for `secret` (the `SECRET_KEY`) and `salt`.
    pub fn new(secret: &[u8], salt: &[u8]) -> Self {
        let mut digest = sha1::Sha1::new();
        digest.update(salt);
        digest.update(b"signer");
        digest.update(secret);
        TimedSerializer { key: digest.finalize().to_vec() }
    }

    fn signature(&self, signed_part: &[u8]) -> Vec<u8> {
        let mut mac = HmacSha1::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(signed_part);
        mac.finalize().into_bytes().to_vec()
    }

    /// Signs `value` as of `timestamp` (seconds since the epoch).
    pub fn dumps(&self, value: &serde_json::Value, timestamp: u64) -> String {
        let json = value.to_string();
        let payload = match compress(json.as_bytes()) {
            Some(compressed) if compressed.len() < json.len().saturating_sub(1) => {
                format!(".{}", URL_SAFE_NO_PAD.encode(compressed))
            }
            _ => URL_SAFE_NO_PAD.encode(json.as_bytes()),
        };
        let stamp_bytes = timestamp.to_be_bytes();
        let first = stamp_bytes.iter().position(|b| *b != 0).unwrap_or(stamp_bytes.len());
        let signed_part = format!("{payload}.{}", URL_SAFE_NO_PAD.encode(&stamp_bytes[first..]));
        let signature = URL_SAFE_NO_PAD.encode(self.signature(signed_part.as_bytes()));
        format!("{signed_part}.{signature}")
    }

    /// Checks `token` and returns its value and timestamp.
    ///
    /// With `max_age_s`, a value signed more than that many seconds before `now` (or after it)
    /// is refused as expired.
    pub fn loads(&self, token: &str, max_age_s: Option<u64>, now: u64) -> Result<(serde_json::Value, u64), SignatureError> {
        let (signed_part, signature) = token.rsplit_once('.').ok_or(SignatureError::Malformed)?;
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| SignatureError::BadSignature)?;
        if !bool::from(self.signature(signed_part.as_bytes()).ct_eq(&signature)) {
            return Err(SignatureError::BadSignature);
        }
        let (payload, stamp) = signed_part.rsplit_once('.').ok_or(SignatureError::Malformed)?;
        let stamp = URL_SAFE_NO_PAD.decode(stamp).map_err(|_| SignatureError::Malformed)?;
        if stamp.is_empty() || stamp.len() > 8 {
            return Err(SignatureError::Malformed);
        }
        let timestamp = stamp.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        if let Some(max_age) = max_age_s {
            if timestamp > now || now - timestamp > max_age {
                return Err(SignatureError::Expired);
            }
        }
        let json = match payload.strip_prefix('.') {
            Some(compressed) => decompress(&URL_SAFE_NO_PAD.decode(compressed).map_err(|_| SignatureError::Malformed)?)?,
            None => URL_SAFE_NO_PAD.decode(payload).map_err(|_| SignatureError::Malformed)?,
        };
        let value = serde_json::from_slice(&json).map_err(|_| SignatureError::Malformed)?;
        Ok((value, timestamp))
    }
}

fn compress(data: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).ok()?;
    encoder.finish().ok()
}

/// Most bytes a compressed payload may expand to; tokens are small.
const MAX_PAYLOAD: u64 = 64 * 1024;

fn decompress(data: &[u8]) -> Result<Vec<u8>, SignatureError> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(MAX_PAYLOAD)
        .read_to_end(&mut out)
        .map_err(|_| SignatureError::Malformed)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Made with itsdangerous 2.2 (`URLSafeTimedSerializer("secret-key", salt="remember-salt")`
    /// at timestamp 1700000000), as Flask-Security issues FlexMeasures tokens.
    const LIST_TOKEN: &str = ".eJyLVjIwNDI2MTUzt7BMTEpOSU1D5yvFAgColQnB.ZVPxAA.suKWR40oXgr51uAMSrRAxGaWi7c";
    const OBJECT_TOKEN: &str = ".eJyrVipLLVKyUjJV0lEqzUwBsgwMjYxNTM3MLSwTk5JTUtPQ-UCFacXxBYmJSlaG5gZQoAdUpKOUWlGgZGVQCwCyMBYY.ZVPxAA.kBTumSvHCSLZa_OP86nwRO_-428";

    fn serializer() -> TimedSerializer {
        TimedSerializer::new(b"secret-key", b"remember-salt")
    }

    #[test]
    fn reads_values_signed_by_itsdangerous() {
        let (value, ts) = serializer().loads(LIST_TOKEN, Some(60), 1_700_000_030).unwrap();
        assert_eq!((value, ts), (json!(["0123456789abcdef0123456789abcdef"]), 1_700_000_000));
        let (value, _) = serializer().loads(OBJECT_TOKEN, None, 0).unwrap();
        assert_eq!(value["uid"], "0123456789abcdef0123456789abcdef");
    }

    #[test]
    fn round_trips_and_enforces_the_age() {
        let s = serializer();
        for value in [json!(["abc"]), json!(["0123456789abcdef0123456789abcdef"])] {
            let token = s.dumps(&value, 1_000);
            assert_eq!(s.loads(&token, Some(10), 1_010), Ok((value, 1_000)));
            assert_eq!(s.loads(&token, Some(10), 1_011), Err(SignatureError::Expired));
            assert_eq!(s.loads(&token, Some(10), 999), Err(SignatureError::Expired));
        }
    }

    #[test]
    fn refuses_other_secrets_salts_and_tampering() {
        let token = serializer().dumps(&json!(["abc"]), 1_000);
        assert_eq!(TimedSerializer::new(b"other", b"remember-salt").loads(&token, None, 0), Err(SignatureError::BadSignature));
        assert_eq!(TimedSerializer::new(b"secret-key", b"session").loads(&token, None, 0), Err(SignatureError::BadSignature));
        let tampered = format!("{}x", &token);
        assert!(serializer().loads(&tampered, None, 0).is_err());
        assert_eq!(serializer().loads("nodots", None, 0), Err(SignatureError::Malformed));
        assert!(serializer().loads("", None, 0).is_err());
    }
}
