//! Errors of parsing and building entity addresses. The `Display` texts are the upstream
//! messages verbatim: parse errors are shown to API users (`INVALID_DOMAIN` extra or 422 text).

use super::EntityType;

/// A failure to parse or build an EA1 entity address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntityAddressError {
    /// Parse check 1: the address does not start with `ea1`.
    #[error("A valid type 1 USEF entity address starts with 'ea1', please review {0}")]
    MissingScheme(String),
    /// Parse check 2: characters 4..11 are not a `YYYY-MM` date with month 01–12.
    #[error(
        "After 'ea1.', a date specification of the format ([0-9]{{4}})-(0[1-9]|1[012]) is expected."
    )]
    InvalidDate,
    /// Parse check 3: the entity type name is not one of `sensor`, `connection`,
    /// `weather_sensor`, `market`, `event`.
    #[error("Unrecognized entity type: {0}")]
    UnrecognizedEntityType(String),
    /// fm1 parsing: the part after the first `:` does not start with `fm1.`. `server_prefix` is
    /// the server's own `ea1.<YYYY-MM>.<reversed host>`.
    #[error(
        "A valid type 1 FlexMeasures entity address starts with '{server_prefix}:fm1.', please review {address}"
    )]
    Fm1PrefixExpected {
        /// The server's own scheme and naming authority.
        server_prefix: String,
        /// The address as given.
        address: String,
    },
    /// fm1 parsing: the FlexMeasures scheme before the sensor id is not exactly `fm1`
    /// (e.g. `…:fm1.fm1.42`).
    #[error(
        "A valid type 1 FlexMeasures entity address starts with '{scheme}.{naming_authority}:fm1', please review {address}"
    )]
    Fm1SchemeMismatch {
        /// Scheme parsed from the address (`ea1`).
        scheme: String,
        /// Naming authority parsed from the address.
        naming_authority: String,
        /// The address as given.
        address: String,
    },
    /// Parse check 4: the address does not match the grammar of the entity type.
    #[error("Could not parse {entity_type} {address}.")]
    CouldNotParse {
        /// The entity type that was expected.
        entity_type: EntityType,
        /// The address as given.
        address: String,
    },
    /// fm0 parsing of entity type `sensor`, which has no fm0 grammar.
    #[error("Could not parse {0}.")]
    CouldNotParseAddress(String),
    /// Building: the host is neither localhost nor configured in
    /// `FLEXMEASURES_HOSTS_AND_AUTH_START` (upstream answers HTTP 500).
    #[error(
        "Could not find out when authority for {0} started. Is FLEXMEASURES_HOSTS_AND_AUTH_START configured for it?"
    )]
    UnknownAuthorityStart(String),
    /// Building: a configured authority start is not `YYYY-MM`.
    #[error("{0} should adhere to the format ^\\d{{4}}-\\d{{2}}$.")]
    AuthorityStartFormat(String),
    /// Building: a configured authority start has a month outside 1–12.
    #[error("Month in {0} should be in the range of 1 to 12.")]
    AuthorityStartMonth(String),
    /// Building: no domain name could be derived from the host.
    #[error("Could not make domain name from {0}!")]
    NoDomainName(String),
}

impl EntityAddressError {
    /// Whether this is a parse error of a client-supplied address (→ `INVALID_DOMAIN` / 422);
    /// the other variants are server configuration problems.
    #[must_use]
    pub fn is_parse_error(&self) -> bool {
        !matches!(
            self,
            Self::UnknownAuthorityStart(_)
                | Self::AuthorityStartFormat(_)
                | Self::AuthorityStartMonth(_)
                | Self::NoDomainName(_)
        )
    }
}
