//! The user as the API shows it (api-v2_0.md §5.1); password, uniquifier and login count stay
//! hidden.

use fm_api_common::ApiError;
use fm_storage::DbConnection;
use fm_storage::users::{User, user_role_ids};
use serde_json::{Value, json};

/// The user's fields with the ids of its roles. `last_login_at` is shown naive (UTC), as the
/// original stores it.
pub fn user_json(conn: &mut DbConnection, user: &User) -> Result<Value, ApiError> {
    let last_login_at = user.last_login_at.map(|t| t.0.naive_utc().format("%Y-%m-%dT%H:%M:%S%.f").to_string());
    Ok(json!({
        "account_id": user.account_id,
        "active": user.active,
        "email": user.email,
        "flexmeasures_roles": user_role_ids(conn, user.id)?,
        "id": user.id,
        "last_login_at": last_login_at,
        "timezone": user.timezone,
        "username": user.username,
    }))
}
