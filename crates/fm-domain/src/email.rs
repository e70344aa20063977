//! E-mail address normalisation and syntactic validation (no deliverability check).

use crate::DomainError;

/// Strips surrounding whitespace and checks the address has the shape `local@domain.tld`.
///
/// The check follows what a user of the original would expect from its e-mail validator:
/// one `@`, a non-empty local part without spaces, and a domain with at least one dot whose
/// labels are non-empty.
pub fn normalise_email(input: &str) -> Result<String, DomainError> {
    let email = input.trim();
    let invalid = || DomainError::InvalidEmail(email.to_owned());
    let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
    let local_ok = !local.is_empty() && !local.contains(char::is_whitespace);
    let domain_ok = domain.contains('.')
        && !domain.contains('@')
        && domain.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok && email.len() <= 255 {
        Ok(email.to_owned())
    } else {
        Err(invalid())
    }
}

/// The username a user gets when none is given: the local part of the e-mail address.
pub fn default_username(email: &str) -> &str {
    email.split_once('@').map_or(email, |(local, _)| local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_trims_valid_addresses() {
        assert_eq!(normalise_email("  toy-user@flexmeasures.io ").as_deref(), Ok("toy-user@flexmeasures.io"));
        assert!(normalise_email("a.b+c@sub.example.co.uk").is_ok());
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in ["", "plain", "@example.com", "a@", "a@nodot", "a b@example.com", "a@@b.c", "a@b..c"] {
            assert!(normalise_email(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn username_defaults_to_local_part() {
        assert_eq!(default_username("toy-user@flexmeasures.io"), "toy-user");
    }
}
