//! Errors raised by the pure rules of this crate.

/// A value failed one of the domain's validation rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The string is not a syntactically valid e-mail address.
    #[error("'{0}' is not a valid e-mail address")]
    InvalidEmail(String),
    /// The string is not a known IANA timezone name.
    #[error("Timezone '{0}' is unknown")]
    UnknownTimezone(String),
    /// A required name was empty.
    #[error("{0} must not be empty")]
    Empty(&'static str),
}
