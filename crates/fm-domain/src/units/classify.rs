//! Unit validity, the classification predicates (spec §4.2) and convertibility (§4.3).
//!
//! All functions take unit strings as stored on sensors or given in requests; an invalid unit is
//! simply not of any class (and not convertible).

use super::currencies::is_currency_code;
use super::dimension::Dimension;
use super::error::UnitError;
use super::parse::parse_unit;
use super::registry::PREFIXES;

/// True if the string parses as a unit (or quantity): `kW`, `EUR/MWh`, `°C`, `a.u.`, `-kW`, …
/// The empty string and unknown words are invalid.
pub fn is_valid_unit(unit: &str) -> bool {
    parse_unit(unit).is_ok()
}

fn has_dimension(unit: &str, dimension: &Dimension) -> bool {
    parse_unit(unit).is_ok_and(|u| u.dimension() == dimension)
}

/// Valid and of the dimensionality of `W` (`kW`, `watt`, `-kW`, `kVA`); not `kWh`, `EUR/MWh`, `°C`.
pub fn is_power_unit(unit: &str) -> bool {
    has_dimension(unit, &Dimension::power())
}

/// Valid and of the dimensionality of `Wh` (`kWh`, `watthour`, `J`, `toe`); not `kW`.
pub fn is_energy_unit(unit: &str) -> bool {
    has_dimension(unit, &Dimension::energy())
}

/// Valid and of the dimensionality of `m/s` (`km/h`); not `m/s²`.
pub fn is_speed_unit(unit: &str) -> bool {
    has_dimension(unit, &Dimension::speed())
}

/// Removes one single-character SI prefix from a 4-character string (`kEUR` → `EUR`, `cEUR` →
/// `EUR`, `MEUR` → `EUR`); anything else is returned unchanged.
pub fn strip_si_prefix(unit: &str) -> &str {
    let mut chars = unit.chars();
    let Some(first) = chars.next() else {
        return unit;
    };
    if unit.chars().count() != 4 {
        return unit;
    }
    let mut buf = [0u8; 4];
    let first: &str = first.encode_utf8(&mut buf);
    let is_prefix = PREFIXES
        .iter()
        .any(|p| p.name == first || p.symbol == Some(first) || p.aliases.contains(&first));
    if is_prefix { chars.as_str() } else { unit }
}

/// A currency code, optionally with one SI prefix letter (`EUR`, `kEUR`, `KRW`); not `MW`.
/// This is a string check: it does not require the unit to parse.
pub fn is_currency_unit(unit: &str) -> bool {
    is_currency_code(strip_si_prefix(unit))
}

/// Contains `/` and the part before the first `/` is a currency unit (`EUR/kW`, `kEUR/MWh`,
/// `KRW/MW`); not `beans/MW`.
pub fn is_price_unit(unit: &str) -> bool {
    unit.split_once('/')
        .is_some_and(|(currency, _)| is_currency_unit(currency))
}

/// A price unit whose denominator (after the first `/`) is an energy unit (`EUR/MWh`, `KRW/kWh`,
/// `kEUR/MWh`, `cEUR/kWh`); not `KRW/MW`.
pub fn is_energy_price_unit(unit: &str) -> bool {
    is_price_unit(unit)
        && unit
            .split_once('/')
            .is_some_and(|(_, denominator)| is_energy_unit(denominator))
}

/// The stricter v0.9.0 rule for energy prices: three characters forming a currency code, then
/// `/`, then an energy unit (`EUR/MWh`, `KRW/kWh`; not `cEUR/kWh` or `KRW/MW`).
pub fn is_energy_price_unit_v0_9(unit: &str) -> bool {
    let mut chars = unit.char_indices();
    let (Some(_), Some(_), Some(_), Some((slash_at, '/'))) =
        (chars.next(), chars.next(), chars.next(), chars.next())
    else {
        return false;
    };
    let (code, rest) = unit.split_at(slash_at);
    is_currency_code(code) && is_energy_unit(rest.get(1..).unwrap_or_default())
}

/// A price unit whose denominator is a power unit (`EUR/MW`, `kEUR/MW`); not `KRW/MWh`.
pub fn is_capacity_price_unit(unit: &str) -> bool {
    is_price_unit(unit)
        && unit
            .split_once('/')
            .is_some_and(|(_, denominator)| is_power_unit(denominator))
}

/// The dimension label of a unit: `power`, `energy`, `energy price`, `price`, `currency`, `speed`,
/// `percentage` (only for `%`), else the name of its single base dimension (`temperature`,
/// `length` — also for `m²` —, `time`, `currency_EUR`, …), else `value`.
///
/// Errors if the unit reaches the last step and does not parse (like the original).
pub fn unit_dimension_label(unit: &str) -> Result<String, UnitError> {
    let label = if is_power_unit(unit) {
        "power"
    } else if is_energy_unit(unit) {
        "energy"
    } else if is_energy_price_unit(unit) {
        "energy price"
    } else if is_price_unit(unit) {
        "price"
    } else if is_currency_unit(unit) {
        "currency"
    } else if is_speed_unit(unit) {
        "speed"
    } else if unit == "%" {
        "percentage"
    } else {
        let components = parse_unit(unit)?.dimension().components();
        return Ok(match components.as_slice() {
            [(name, _)] => name.clone(),
            _ => "value".to_owned(),
        });
    };
    Ok(label.to_owned())
}

/// Whether data in unit `from` can be stored in / served as unit `to` (spec §4.3).
///
/// Both units must be valid, and `from / to` (in base units) must be dimensionless or — only when
/// `duration_known` — have the dimension of time. This is deliberately asymmetric: a stock change
/// converts into a flow (`kWh` → `kW`, `m³` → `m³/h`), a flow into a stock does not (`kW` → `kWh`).
pub fn units_are_convertible(from: &str, to: &str, duration_known: bool) -> bool {
    let (Ok(from), Ok(to)) = (parse_unit(from), parse_unit(to)) else {
        return false;
    };
    let ratio = from.dimension() / to.dimension();
    ratio.is_dimensionless() || (duration_known && ratio.is_time())
}
