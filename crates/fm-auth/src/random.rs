//! Random identities and secrets.

use rand::RngExt as _;

/// A fresh `fs_uniquifier`: 32 lowercase hex characters (a random UUID without dashes).
pub fn new_uniquifier() -> String {
    hex(&random_bytes::<16>())
}

/// A random secret of `N` bytes, hex-encoded (for `SECRET_KEY` and CSRF values).
pub fn random_hex<const N: usize>() -> String {
    hex(&random_bytes::<N>())
}

/// A random password of 24 lowercase letters, as the original's administrative reset sets.
pub fn random_password() -> String {
    let mut rng = rand::rng();
    (0..24).map(|_| char::from(b'a' + rng.random_range(0..26u8))).collect()
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::fill(&mut bytes);
    bytes
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniquifiers_are_32_hex_and_differ() {
        let (a, b) = (new_uniquifier(), new_uniquifier());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }

    #[test]
    fn reset_passwords_are_24_lowercase_letters() {
        let p = random_password();
        assert_eq!(p.len(), 24);
        assert!(p.chars().all(|c| c.is_ascii_lowercase()));
    }
}
