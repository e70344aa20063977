//! Converting values between units (spec §4.4).
//!
//! Every conversion the original performs is affine (`v · multiplier + offset`), so the work is
//! split into computing a [`Conversion`] once ([`unit_conversion`]) and applying it to values
//! ([`convert_units`], [`convert_units_in_place`], [`convert_value`]).

use chrono::TimeDelta;

use super::error::UnitError;
use super::parse::parse_unit;
use super::quantity::parse_quantity;
use super::unit::Unit;

/// An affine value mapping `v ↦ v · multiplier + offset`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conversion {
    /// Factor applied to every value.
    pub multiplier: f64,
    /// Added after multiplying (non-zero only when converting to or from `°C`, `°F` or `°Re`).
    pub offset: f64,
}

impl Conversion {
    /// Leaves values unchanged.
    pub const IDENTITY: Self = Self {
        multiplier: 1.0,
        offset: 0.0,
    };

    /// Applies the conversion to one value.
    pub fn apply(&self, value: f64) -> f64 {
        value * self.multiplier + self.offset
    }
}

/// Seconds in a duration, as a float.
pub(crate) fn seconds(duration: TimeDelta) -> f64 {
    duration.num_seconds() as f64 + f64::from(duration.subsec_nanos()) * 1e-9
}

/// Parses a unit for conversion purposes, where `""` means `dimensionless`.
fn conversion_unit(unit: &str) -> Result<Unit, UnitError> {
    if unit.is_empty() {
        Ok(Unit::dimensionless())
    } else {
        parse_unit(unit)
    }
}

/// The multiplier for converting from one unit to another, possibly across stock and flow.
///
/// With `r = from / to` in base units: dimensionless → `r`; the dimension of time (a stock change
/// to a flow, e.g. `kWh` → `kW`) → `r / duration`; one over time (a flow to a stock change, e.g.
/// `kW` → `kWh`) → `duration · r`. Anything else is an error, as is a missing duration when one
/// is needed. Offset units (`°C`) cannot be converted by a multiplier and give an error. Like the
/// original, `""` stands for `dimensionless` (also in error messages). Unlike the original, the
/// time ratio is not rounded to whole microseconds (which only matters for tiny units).
pub fn determine_unit_conversion_multiplier(
    from: &str,
    to: &str,
    duration: Option<TimeDelta>,
) -> Result<f64, UnitError> {
    let from_name = if from.is_empty() {
        "dimensionless"
    } else {
        from
    };
    let to_name = if to.is_empty() { "dimensionless" } else { to };
    let ratio = conversion_unit(from)?.divide(&conversion_unit(to)?)?;
    let names = || (from_name.to_owned(), to_name.to_owned());
    let needs_duration = ratio.dimension().is_time() || ratio.dimension().is_inverse_time();
    if needs_duration {
        let Some(duration) = duration else {
            let (from, to) = names();
            return Err(UnitError::MissingDuration { from, to });
        };
        let d = seconds(duration);
        if ratio.dimension().is_time() {
            if d == 0.0 {
                let (from, to) = names();
                return Err(UnitError::ZeroDuration { from, to });
            }
            return Ok(ratio.scale() / d);
        }
        return Ok(d * ratio.scale());
    }
    if !ratio.is_dimensionless() {
        let (from, to) = names();
        return Err(UnitError::ConversionNotPossible { from, to });
    }
    Ok(ratio.scale())
}

/// Maps base-unit values of `to`'s dimensionality into `to`, or errors if the dimensions differ.
fn into_unit(
    base_multiplier: f64,
    dimension_ok: bool,
    to: &Unit,
    from: &str,
    to_name: &str,
) -> Result<Conversion, UnitError> {
    if !dimension_ok {
        return Err(UnitError::Dimensionality {
            from: from.to_owned(),
            to: to_name.to_owned(),
        });
    }
    Ok(Conversion {
        multiplier: base_multiplier / to.scale(),
        offset: -to.offset() / to.scale(),
    })
}

/// Computes how values in unit `from` are converted into unit `to` (spec §4.4):
///
/// 1. equal strings → identity (even for units that do not parse);
/// 2. a numeric factor or sign in `from` scales the values (`-kW` → `kW` negates them; `100km`);
///    `""` as `from` means `dimensionless` (but `""` is not a valid target, as in the original);
/// 3. same dimensionality → direct conversion, including prefixes, compound and offset units
///    (`°C` → `K` adds 273.15);
/// 4. otherwise: from `%` to a physical unit multiplies by `capacity` (a quantity such as
///    `"50 kWh"`); from a physical unit to `%` divides by it; else the stock/flow multiplier of
///    [`determine_unit_conversion_multiplier`] over `event_resolution`.
///
/// Like the original, a numeric factor in `to` is ignored by steps 3 and 4a/4b (a direct
/// conversion only looks at the target's unit part: `kW` → `-kW` does *not* negate), but it
/// does count in the stock/flow multiplier (`kWh` → `-kW` negates).
pub fn unit_conversion(
    from: &str,
    to: &str,
    event_resolution: Option<TimeDelta>,
    capacity: Option<&str>,
) -> Result<Conversion, UnitError> {
    if from == to {
        return Ok(Conversion::IDENTITY);
    }
    let from_unit = conversion_unit(from)?;
    let to_unit = parse_unit(to)?.without_factor();
    if from_unit.dimension() == to_unit.dimension() {
        return Ok(Conversion {
            multiplier: from_unit.ratio_to(&to_unit),
            offset: (from_unit.offset() - to_unit.offset()) / to_unit.scale(),
        });
    }
    if from_unit.is_percent() || to_unit.is_percent() {
        let Some(capacity) = capacity else {
            return Err(UnitError::MissingCapacity {
                from: from.to_owned(),
                to: to.to_owned(),
            });
        };
        let capacity = parse_quantity(capacity)?;
        let capacity_base = capacity.magnitude * capacity.unit.scale();
        let cap_dim = capacity.unit.dimension();
        return if from_unit.is_percent() {
            let dims = &(from_unit.dimension() * cap_dim) == to_unit.dimension();
            into_unit(from_unit.scale() * capacity_base, dims, &to_unit, from, to)
        } else {
            if capacity_base == 0.0 {
                return Err(UnitError::ConversionNotPossible {
                    from: from.to_owned(),
                    to: to.to_owned(),
                });
            }
            let dims = &(from_unit.dimension() / cap_dim) == to_unit.dimension();
            into_unit(from_unit.scale() / capacity_base, dims, &to_unit, from, to)
        };
    }
    let multiplier = determine_unit_conversion_multiplier(from, to, event_resolution)?;
    Ok(Conversion {
        multiplier,
        offset: 0.0,
    })
}

/// Converts values from unit `from` into unit `to`, returning new values (see [`unit_conversion`]).
///
/// `event_resolution` is the duration each value covers (needed for stock ↔ flow conversions);
/// `capacity` is a quantity string such as `"50 kWh"` (needed for conversions from or to `%`).
pub fn convert_units(
    values: &[f64],
    from: &str,
    to: &str,
    event_resolution: Option<TimeDelta>,
    capacity: Option<&str>,
) -> Result<Vec<f64>, UnitError> {
    let conversion = unit_conversion(from, to, event_resolution, capacity)?;
    Ok(values.iter().map(|v| conversion.apply(*v)).collect())
}

/// Like [`convert_units`], but overwrites the values (left untouched on error).
pub fn convert_units_in_place(
    values: &mut [f64],
    from: &str,
    to: &str,
    event_resolution: Option<TimeDelta>,
    capacity: Option<&str>,
) -> Result<(), UnitError> {
    let conversion = unit_conversion(from, to, event_resolution, capacity)?;
    for value in values.iter_mut() {
        *value = conversion.apply(*value);
    }
    Ok(())
}

/// Converts a single value (see [`convert_units`]).
pub fn convert_value(
    value: f64,
    from: &str,
    to: &str,
    event_resolution: Option<TimeDelta>,
    capacity: Option<&str>,
) -> Result<f64, UnitError> {
    Ok(unit_conversion(from, to, event_resolution, capacity)?.apply(value))
}
