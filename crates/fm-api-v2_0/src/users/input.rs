//! The body of `PATCH /user/<id>` (api-v2_0.md §5.4), checked before anything is looked up.

use fm_api_common::ApiError;
use fm_api_common::validation::{FieldErrors, Fields, reject_unknown};
use serde_json::{Map, Value};

/// Keys a user body may have (`last_login_at` is checked, then ignored).
pub const PATCH_FIELDS: &[&str] = &["email", "username", "active", "timezone", "flexmeasures_roles", "last_login_at"];

/// Keys a user may not change on themselves.
pub const SELF_PROTECTED_FIELDS: &[&str] = &["active", "flexmeasures_roles"];

/// Longest e-mail address and username (the `varchar(255)` columns).
const MAX_LENGTH: usize = 255;

/// The changes a valid body asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserPatch {
    /// New e-mail address (normalised).
    pub email: Option<String>,
    /// New username.
    pub username: Option<String>,
    /// Activate or deactivate.
    pub active: Option<bool>,
    /// New IANA timezone.
    pub timezone: Option<String>,
    /// The whole new set of role ids.
    pub roles: Option<Vec<i32>>,
    /// Whether the body has a key users may not change on themselves.
    pub touches_protected: bool,
}

/// Reads and checks a body; every error is reported in one 422.
pub fn read_user_patch(map: &Map<String, Value>) -> Result<UserPatch, ApiError> {
    let mut errors = FieldErrors::at("json");
    reject_unknown(map, PATCH_FIELDS, &mut errors);
    let f = Fields::new(map);
    let email = f.string("email", &mut errors).and_then(|e| match fm_domain::email::normalise_email(&e) {
        Ok(email) => Some(email),
        Err(_) => {
            errors.add("email", "Not a valid email address.");
            None
        }
    });
    let username = f.string("username", &mut errors).filter(|name| {
        let fits = name.chars().count() <= MAX_LENGTH;
        if !fits {
            errors.add("username", format!("Longer than maximum length {MAX_LENGTH}."));
        }
        fits
    });
    let active = f.boolean("active", &mut errors);
    let timezone = f.timezone("timezone", &mut errors);
    let roles = f.raw("flexmeasures_roles").and_then(|value| role_ids(value, &mut errors));
    if let Some(value) = f.raw("last_login_at") {
        check_aware_datetime(value, &mut errors);
    }
    errors.check()?;
    Ok(UserPatch { email, username, active, timezone, roles, touches_protected: SELF_PROTECTED_FIELDS.iter().any(|k| map.contains_key(*k)) })
}

/// A list of role ids.
fn role_ids(value: &Value, errors: &mut FieldErrors) -> Option<Vec<i32>> {
    let Value::Array(items) = value else {
        errors.add("flexmeasures_roles", "Not a valid list.");
        return None;
    };
    let mut ids = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match item.as_i64().and_then(|n| i32::try_from(n).ok()) {
            Some(id) => ids.push(id),
            None => errors.add_item("flexmeasures_roles", index, "Not a valid integer."),
        }
    }
    (ids.len() == items.len()).then_some(ids)
}

fn check_aware_datetime(value: &Value, errors: &mut FieldErrors) {
    let message = match value {
        Value::String(text) => fm_domain::time::parse_aware_datetime_v3(text).err().map(|e| e.marshmallow_message()),
        Value::Null => None,
        _ => Some("Not a valid datetime."),
    };
    if let Some(message) = message {
        errors.add("last_login_at", message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(body: Value) -> Result<UserPatch, ApiError> {
        read_user_patch(body.as_object().unwrap_or(&Map::new()))
    }

    fn message(result: Result<UserPatch, ApiError>) -> Value {
        match result {
            Err(ApiError::Unprocessable(message)) => message,
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn reads_every_field() {
        let patch = read(json!({"email": " a@b.nl ", "username": "a", "active": false, "timezone": "UTC", "flexmeasures_roles": [2, 1], "last_login_at": "2021-01-01T00:00:00+00:00"}));
        assert_eq!(
            patch.ok(),
            Some(UserPatch {
                email: Some("a@b.nl".into()),
                username: Some("a".into()),
                active: Some(false),
                timezone: Some("UTC".into()),
                roles: Some(vec![2, 1]),
                touches_protected: true,
            })
        );
        assert_eq!(read(json!({})).ok(), Some(UserPatch::default()));
    }

    #[test]
    fn refuses_what_the_original_refuses() {
        let body = json!({"id": 1, "account_id": 2, "password": "x", "email": "nope", "timezone": "Mars/Base", "last_login_at": "2021-01-01T00:00:00", "flexmeasures_roles": [1, "x"]});
        assert_eq!(
            message(read(body)),
            json!({"json": {
                "id": ["Unknown field."], "account_id": ["Unknown field."], "password": ["Unknown field."],
                "email": ["Not a valid email address."], "timezone": ["Timezone Mars/Base doesn't exist."],
                "last_login_at": ["Not a valid aware datetime."], "flexmeasures_roles": {"1": ["Not a valid integer."]},
            }})
        );
        assert_eq!(message(read(json!({"flexmeasures_roles": 3}))), json!({"json": {"flexmeasures_roles": ["Not a valid list."]}}));
    }
}
