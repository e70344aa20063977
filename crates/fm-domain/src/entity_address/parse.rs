//! Parsing EA1 addresses exactly as upstream's regular expressions accept them
//! (spec api-legacy-v1 §3.2, api-v2_0 §3.10).
//!
//! Checks in order: starts with `ea1`; characters 4..11 are `YYYY-MM` (month 01–12); then the
//! full-string grammar of the entity type:
//!
//! ```text
//! address   = scheme "." date "." authority-rest ":" fmprefix* body
//! scheme    = 1+ chars except newline          (greedy: the longest candidate is tried first)
//! authority = date "." 1+ chars except ":"      (so it ends at the first ":" after the date)
//! fmprefix  = 1+ chars except newline, then "." (greedy; content ignored for fm0)
//! ```
//!
//! The backtracking order of the regexes is emulated (longest scheme, then longest fm prefix,
//! then the body's own greedy choices), so captured values match upstream's. Deliberate
//! deviations: digits are ASCII only, a trailing newline is not accepted before the end, and ids
//! beyond `i64` do not parse.

use super::{ADDR_SCHEME, EntityAddress, EntityAddressError, EntityInfo, EntityType};

/// Parse with the legacy **fm0** scheme (all v1.x endpoints, and v2.0 GET/UDI endpoints).
/// The optional fm prefix may hold any text. Entity type `sensor` has no fm0 grammar and fails
/// with "Could not parse `<address>`.".
pub fn parse_fm0_entity_address(
    address: &str,
    entity_type: EntityType,
) -> Result<EntityAddress, EntityAddressError> {
    check_scheme_and_date(address)?;
    if entity_type == EntityType::Sensor {
        return Err(EntityAddressError::CouldNotParseAddress(address.to_owned()));
    }
    for (scheme, naming_authority, rest) in authority_splits(address) {
        for body in fm_prefix_bodies(rest) {
            let info = match entity_type {
                EntityType::Connection => match_connection(body),
                EntityType::WeatherSensor => match_weather_sensor(body),
                EntityType::Market => match_market(body),
                EntityType::Event => match_event(body),
                EntityType::Sensor => None,
            };
            if let Some(info) = info {
                return Ok(EntityAddress {
                    scheme: scheme.to_owned(),
                    naming_authority: naming_authority.to_owned(),
                    info,
                });
            }
        }
    }
    Err(could_not_parse(entity_type, address))
}

/// Parse with the **fm1** scheme: after the first `:` the address must start with `fm1.` (else
/// the error names `server_prefix`, the server's own `ea1.<YYYY-MM>.<reversed host>`), and the
/// rest must be the digits of a sensor id. Any entity type yields [`EntityInfo::Sensor`].
pub fn parse_fm1_entity_address(
    address: &str,
    entity_type: EntityType,
    server_prefix: &str,
) -> Result<EntityAddress, EntityAddressError> {
    check_scheme_and_date(address)?;
    if !address
        .split(':')
        .nth(1)
        .is_some_and(|s| s.starts_with("fm1."))
    {
        return Err(EntityAddressError::Fm1PrefixExpected {
            server_prefix: server_prefix.to_owned(),
            address: address.to_owned(),
        });
    }
    for (scheme, naming_authority, rest) in authority_splits(address) {
        // `(?P<fm_scheme>.+)\.(?P<sensor_id>\d+)$`: the fm scheme runs to the last dot.
        let Some((fm, digits)) = rest.rsplit_once('.') else {
            continue;
        };
        if fm.is_empty() || fm.contains('\n') || !is_digits(digits) {
            continue;
        }
        let Some(sensor_id) = parse_id(digits) else {
            continue;
        };
        if fm != "fm1" {
            return Err(EntityAddressError::Fm1SchemeMismatch {
                scheme: scheme.to_owned(),
                naming_authority: naming_authority.to_owned(),
                address: address.to_owned(),
            });
        }
        return Ok(EntityAddress {
            scheme: scheme.to_owned(),
            naming_authority: naming_authority.to_owned(),
            info: EntityInfo::Sensor { sensor_id },
        });
    }
    Err(could_not_parse(entity_type, address))
}

/// Checks 1 and 2: the `ea1` start and the `YYYY-MM` at characters 4..11.
fn check_scheme_and_date(address: &str) -> Result<(), EntityAddressError> {
    if !address.starts_with(ADDR_SCHEME) {
        return Err(EntityAddressError::MissingScheme(address.to_owned()));
    }
    let date: String = address.chars().skip(4).take(7).collect();
    if !is_date(&date) {
        return Err(EntityAddressError::InvalidDate);
    }
    Ok(())
}

/// The final "Could not parse `<entity type>` `<address>`." error.
fn could_not_parse(entity_type: EntityType, address: &str) -> EntityAddressError {
    EntityAddressError::CouldNotParse {
        entity_type,
        address: address.to_owned(),
    }
}

/// `([0-9]{4})-(0[1-9]|1[012])`, the whole string.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b.get(..4).is_some_and(|y| y.iter().all(u8::is_ascii_digit))
        && b.get(4) == Some(&b'-')
        && matches!(
            (b.get(5), b.get(6)),
            (Some(b'0'), Some(b'1'..=b'9')) | (Some(b'1'), Some(b'0'..=b'2'))
        )
}

/// Candidate (scheme, naming authority, rest after its `:`) splits, longest scheme first.
fn authority_splits(address: &str) -> impl Iterator<Item = (&str, &str, &str)> {
    let dots: Vec<usize> = address.match_indices('.').map(|(i, _)| i).collect();
    dots.into_iter().rev().filter_map(move |p| {
        let scheme = address
            .get(..p)
            .filter(|s| !s.is_empty() && !s.contains('\n'))?;
        let after = address.get(p + 1..)?;
        if !is_date(after.get(..7)?) {
            return None;
        }
        let tail = after.get(7..)?.strip_prefix('.')?;
        let colon = tail.find(':').filter(|&c| c > 0)?;
        let naming_authority = after.get(..8 + colon)?;
        let rest = tail.get(colon + 1..)?;
        Some((scheme, naming_authority, rest))
    })
}

/// Bodies left after the optional repeated fm prefix `(.+\.)*`, longest prefix first, then the
/// empty prefix.
fn fm_prefix_bodies(rest: &str) -> impl Iterator<Item = &str> {
    let dots: Vec<usize> = rest.match_indices('.').map(|(i, _)| i).collect();
    dots.into_iter()
        .rev()
        .filter(move |&i| i >= 1 && rest.get(..i).is_some_and(|p| !p.contains('\n')))
        .filter_map(move |i| rest.get(i + 1..))
        .chain(std::iter::once(rest))
}

/// One or more ASCII digits.
fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An id made of ASCII digits.
fn parse_id(s: &str) -> Option<i64> {
    if is_digits(s) { s.parse().ok() } else { None }
}

/// `-?\d+(\.\d+)?` as a float.
fn parse_number(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let valid = match unsigned.split_once('.') {
        Some((int, frac)) => is_digits(int) && is_digits(frac),
        None => is_digits(unsigned),
    };
    if valid { s.parse().ok() } else { None }
}

/// Python's `\w` for str patterns (Unicode letters and digits, and `_`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether the string starts with an ASCII letter (`(?=[a-zA-Z])`).
fn starts_with_ascii_letter(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// `((?P<owner_id>\d+):)*(?P<asset_id>\d+)$`: the owner is the last repeated group.
fn match_connection(body: &str) -> Option<EntityInfo> {
    let parts: Vec<&str> = body.split(':').collect();
    if !parts.iter().all(|p| is_digits(p)) {
        return None;
    }
    let asset_id = parse_id(parts.last()?)?;
    let owner_id = match parts.len() {
        0 | 1 => None,
        n => Some(parse_id(parts.get(n - 2)?)?),
    };
    Some(EntityInfo::Connection { owner_id, asset_id })
}

/// `(?=[a-zA-Z])[\w\s]+:-?\d+(\.\d+)?:-?\d+(\.\d+)?$`.
fn match_weather_sensor(body: &str) -> Option<EntityInfo> {
    if !starts_with_ascii_letter(body) {
        return None;
    }
    let (name, coordinates) = body.split_once(':')?;
    if !name.chars().all(|c| is_word_char(c) || c.is_whitespace()) {
        return None;
    }
    let (lat, lng) = coordinates.split_once(':')?;
    Some(EntityInfo::WeatherSensor {
        sensor_type: name.to_owned(),
        latitude: parse_number(lat)?,
        longitude: parse_number(lng)?,
    })
}

/// `(?=[a-zA-Z])\w+$`.
fn match_market(body: &str) -> Option<EntityInfo> {
    (starts_with_ascii_letter(body) && body.chars().all(is_word_char)).then(|| EntityInfo::Market {
        market_name: body.to_owned(),
    })
}

/// `((?P<owner_id>\d+):)*(?P<asset_id>\d+):(?P<event_id>\d+):(?P<event_type>.+)$`, trying the
/// most owner repetitions first.
fn match_event(body: &str) -> Option<EntityInfo> {
    // Leading colon-terminated digit fields, each with the text after its colon.
    let mut fields: Vec<(&str, &str)> = Vec::new();
    let mut rest = body;
    while let Some((head, tail)) = rest.split_once(':') {
        if !is_digits(head) {
            break;
        }
        fields.push((head, tail));
        rest = tail;
    }
    for k in (0..fields.len().saturating_sub(1)).rev() {
        let (Some(&(asset, _)), Some(&(event, event_type))) = (fields.get(k), fields.get(k + 1))
        else {
            continue;
        };
        if event_type.is_empty() || event_type.contains('\n') {
            continue;
        }
        let owner_id = match k {
            0 => None,
            _ => Some(parse_id(fields.get(k - 1)?.0)?),
        };
        return Some(EntityInfo::Event {
            owner_id,
            asset_id: parse_id(asset)?,
            event_id: parse_id(event)?,
            event_type: event_type.to_owned(),
        });
    }
    None
}
