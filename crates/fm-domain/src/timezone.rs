//! IANA timezone names.

use crate::DomainError;

/// Parses an IANA timezone name such as `Europe/Amsterdam`.
pub fn parse_timezone(name: &str) -> Result<chrono_tz::Tz, DomainError> {
    name.parse::<chrono_tz::Tz>()
        .map_err(|_| DomainError::UnknownTimezone(name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::parse_timezone;

    #[test]
    fn knows_iana_names_only() {
        assert_eq!(parse_timezone("Europe/Amsterdam").map(|tz| tz.name()), Ok("Europe/Amsterdam"));
        assert!(parse_timezone("Mars/Olympus").is_err());
    }
}
