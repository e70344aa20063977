//! Errors of this crate.

/// Setting up or using credentials failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The bcrypt cost is outside 4..=31.
    #[error("bcrypt cost must be between 4 and 31, not {0}")]
    BadCost(u32),
    /// A password must not be empty.
    #[error("A password must not be empty.")]
    EmptyPassword,
    /// Hashing failed.
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

/// Why access is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    /// Nobody (valid) is logged in: HTTP 401.
    #[error("not authenticated")]
    Unauthenticated,
    /// The user may not do this: HTTP 403. The reason is for logs only, never for responses.
    #[error("forbidden: {reason}")]
    Forbidden {
        /// Which rule refused, for logs.
        reason: String,
    },
    /// The user lacks the user roles an endpoint requires: HTTP 403 naming them.
    #[error("missing role(s): {}", roles.join(", "))]
    MissingRoles {
        /// The roles that would have granted access, in the order the message names them.
        roles: Vec<String>,
    },
}
