//! Compact and preferred units (pint's `to_compact` and the original's `to_preferred`), the
//! flow/stock unit helpers (spec §4.4) and the "smallest common unit" of charts (§4.5).

use super::convert::determine_unit_conversion_multiplier;
use super::dimension::Dimension;
use super::parse::parse_unit;
use super::quantity::Quantity;
use super::registry::decimal_prefixes;
use super::unit::{Term, Unit};

/// Preferred SI forms; a currency is preferred in itself (prefixes do not matter here).
const PREFERRED_UNITS: [&str; 12] = [
    "m",
    "h",
    "kg",
    "m/h",
    "W",
    "N",
    "Wh",
    "m**2",
    "m**3",
    "V",
    "A",
    "dimensionless",
];

/// The label used when units cannot be combined.
pub const ARBITRARY_UNITS: &str = "a.u.";

fn preferred_unit(dimension: &Dimension) -> Option<Unit> {
    if let ([0, 0, 0, 0, 0, 0, 0], [(code, 1)]) =
        (dimension.base_exponents(), dimension.currency_exponents())
    {
        return parse_unit(code).ok();
    }
    PREFERRED_UNITS
        .iter()
        .filter_map(|u| parse_unit(u).ok())
        .find(|u| u.dimension() == dimension)
}

/// Re-expresses a quantity with an SI prefix on its first numerator unit so that the magnitude
/// falls in [1, 1000) where possible (`3600 m/h` → `3.6 km/h`, `1e6 W` → `1 MW`).
pub fn to_compact(quantity: &Quantity) -> Quantity {
    let magnitude = quantity.magnitude;
    if quantity.unit.terms().is_empty() || magnitude == 0.0 || !magnitude.is_finite() {
        return quantity.clone();
    }
    let mut base_terms: Vec<Term> = Vec::new();
    for term in quantity.unit.terms() {
        match base_terms.iter_mut().find(|t| t.base == term.base) {
            Some(t) => t.exponent += term.exponent,
            None => base_terms.push(Term {
                prefix: None,
                ..term.clone()
            }),
        }
    }
    base_terms.retain(|t| t.exponent != 0);
    let Some(chosen) = base_terms
        .iter()
        .position(|t| t.exponent > 0)
        .or_else(|| (!base_terms.is_empty()).then_some(0))
    else {
        return quantity.clone();
    };
    let Ok(base_unit) = Unit::from_parts(1.0, base_terms.clone()) else {
        return quantity.clone();
    };
    let Ok(in_base) = quantity.to(&base_unit) else {
        return quantity.clone();
    };
    let unit_power = f64::from(base_terms.get(chosen).map_or(1, |t| t.exponent));
    let ratio = in_base.magnitude.abs().log10() / unit_power / 3.0;
    let power = (if unit_power > 0.0 {
        ratio.floor()
    } else {
        ratio.ceil()
    } * 3.0) as i32;
    let prefixes = decimal_prefixes();
    let index = prefixes.partition_point(|(p, _)| *p < power);
    let prefix = prefixes
        .get(index)
        .or(prefixes.last())
        .and_then(|(_, prefix)| *prefix);
    if let Some(term) = base_terms.get_mut(chosen) {
        term.prefix = prefix;
    }
    match Unit::from_parts(1.0, base_terms).and_then(|unit| quantity.to(&unit)) {
        Ok(compact) => compact,
        Err(_) => quantity.clone(),
    }
}

/// Expresses a quantity in the preferred SI form of its dimensionality (`m`, `h`, `kg`, `m/h`,
/// `W`, `N`, `Wh`, `m²`, `m³`, `V`, `A`, `dimensionless`, or its currency), compacted with a
/// prefix — but only if that writes the unit shorter; otherwise the quantity is returned as is.
pub fn to_preferred(quantity: &Quantity) -> Quantity {
    let Some(preferred) = preferred_unit(quantity.unit.dimension()) else {
        return quantity.clone();
    };
    let Ok(converted) = quantity.to(&preferred) else {
        return quantity.clone();
    };
    let compact = to_compact(&converted);
    if compact.unit.symbols().chars().count() < quantity.unit.symbols().chars().count() {
        compact
    } else {
        quantity.clone()
    }
}

/// The flow unit of a stock unit: stock per `time_unit` in preferred form (`MWh` → `MW`,
/// `m³` → `m³/h`, `kWh` → `kW`, `m` per `s` → `m/s`). `time_unit` is usually `"h"`.
pub fn determine_flow_unit(stock_unit: &str, time_unit: &str) -> Result<String, super::UnitError> {
    let flow = Quantity::parse(stock_unit)?.divide(&Quantity::parse(time_unit)?)?;
    Ok(to_preferred(&flow).unit.symbols())
}

/// The stock unit of a flow unit: flow times `time_unit` in preferred form (`MW` → `MWh`,
/// `m³/h` → `m³`, `EUR/h` → `EUR`, `m/s` over `h` → `km`). `time_unit` is usually `"h"`.
pub fn determine_stock_unit(flow_unit: &str, time_unit: &str) -> Result<String, super::UnitError> {
    let stock = Quantity::parse(flow_unit)?.multiply(&Quantity::parse(time_unit)?)?;
    Ok(to_preferred(&stock).unit.symbols())
}

/// Picks the smallest of several compatible units (by size in base units) and the factor that
/// converts each unit into it: `["MW", "kW", "W"]` → `W` with factors 1e6, 1e3, 1.
///
/// Empty input, incompatible dimensions, unparseable units, units with a numeric factor and offset
/// units give [`ARBITRARY_UNITS`] (`a.u.`) with factor 1 for every unit. Duplicates are listed once.
pub fn find_smallest_common_unit(units: &[&str]) -> (String, Vec<(String, f64)>) {
    let mut unique: Vec<&str> = Vec::new();
    for unit in units {
        if !unique.contains(unit) {
            unique.push(unit);
        }
    }
    let fallback = || {
        (
            ARBITRARY_UNITS.to_owned(),
            unique
                .iter()
                .map(|u| ((*u).to_owned(), 1.0))
                .collect::<Vec<_>>(),
        )
    };
    let [first, rest @ ..] = unique.as_slice() else {
        return fallback();
    };
    if rest.is_empty() {
        return ((*first).to_owned(), vec![((*first).to_owned(), 1.0)]);
    }
    let parsed: Result<Vec<Unit>, _> = unique
        .iter()
        .map(|u| {
            if u.is_empty() {
                Ok(Unit::dimensionless())
            } else {
                parse_unit(u)
            }
        })
        .collect();
    let Ok(parsed) = parsed else {
        return fallback();
    };
    let plain = |u: &Unit| u.factor() == 1.0 && !u.is_offset();
    let Some(dimension) = parsed.first().map(Unit::dimension) else {
        return fallback();
    };
    if !parsed
        .iter()
        .all(|u| plain(u) && u.dimension() == dimension)
    {
        return fallback();
    }
    let mut smallest = 0;
    for (i, unit) in parsed.iter().enumerate() {
        if parsed
            .get(smallest)
            .is_some_and(|s| unit.scale() < s.scale())
        {
            smallest = i;
        }
    }
    let target = unique.get(smallest).copied().unwrap_or(first);
    let factors: Result<Vec<(String, f64)>, _> = unique
        .iter()
        .map(|u| {
            determine_unit_conversion_multiplier(u, target, None).map(|f| ((*u).to_owned(), f))
        })
        .collect();
    match factors {
        Ok(factors) => (target.to_owned(), factors),
        Err(_) => fallback(),
    }
}
