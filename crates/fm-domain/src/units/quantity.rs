//! Quantities: a magnitude with a unit, as given in quantity fields (`"2.5%"`, `"120 W"`,
//! `"0.2 EUR/kWh"`, spec §4.5), plus the conversion helper of those fields.

use std::fmt;

use super::error::UnitError;
use super::format::{format_general, format_magnitude};
use super::parse::parse_expression;
use super::preferred::to_preferred;
use super::unit::Unit;

/// The message of the original's quantity validator for strings that are not valid quantities.
pub const INVALID_QUANTITY_MESSAGE: &str = "Not a valid quantity";

/// A magnitude in a unit, e.g. 2 MW. The unit never carries a numeric factor (it is folded into
/// the magnitude: `"-kW"` is −1 kW).
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The number.
    pub magnitude: f64,
    /// The unit (factor 1).
    pub unit: Unit,
}

impl Quantity {
    /// A quantity; any numeric factor of `unit` is moved into the magnitude.
    pub fn new(magnitude: f64, unit: Unit) -> Self {
        Self {
            magnitude: magnitude * unit.factor(),
            unit: unit.without_factor(),
        }
    }

    /// Parses a quantity string: `"80%"`, `"2 MW"`, `"0.5 MWh"`, `"25kWh"`, `"l/(100km)"`, a bare
    /// number (`"50"`, dimensionless) or a bare unit (`"kW"`, magnitude 1).
    pub fn parse(value: &str) -> Result<Self, UnitError> {
        parse_expression(value).map(|unit| Self::new(1.0, unit))
    }

    /// The magnitude in SI base units (`2 kW` → 2000).
    pub fn base_magnitude(&self) -> f64 {
        self.unit.to_base(self.magnitude)
    }

    /// Converts into `target` (same dimensionality required; like the original, any numeric
    /// factor of `target` is ignored and the result is expressed in its unit part).
    pub fn to(&self, target: &Unit) -> Result<Self, UnitError> {
        let target = target.without_factor();
        if self.unit.dimension() != target.dimension() {
            return Err(UnitError::Dimensionality {
                from: self.unit.to_string(),
                to: target.to_string(),
            });
        }
        let multiplier = self.unit.ratio_to(&target);
        let offset = (self.unit.offset() - target.offset()) / target.scale();
        Ok(Self {
            magnitude: self.magnitude * multiplier + offset,
            unit: target,
        })
    }

    /// Like [`Quantity::to`], with the target given as a unit string.
    pub fn to_unit(&self, target: &str) -> Result<Self, UnitError> {
        self.to(&super::parse::parse_unit(target)?)
    }

    /// The product of two quantities (units multiply, prefixes are kept: `kW · h` = `h·kW`).
    pub fn multiply(&self, other: &Self) -> Result<Self, UnitError> {
        Ok(Self::new(
            self.magnitude * other.magnitude,
            self.unit.multiply(&other.unit)?,
        ))
    }

    /// The quotient of two quantities.
    pub fn divide(&self, other: &Self) -> Result<Self, UnitError> {
        if other.magnitude == 0.0 {
            return Err(UnitError::syntax(&other.to_string(), "division by zero"));
        }
        Ok(Self::new(
            self.magnitude / other.magnitude,
            self.unit.divide(&other.unit)?,
        ))
    }
}

impl fmt::Display for Quantity {
    /// `<magnitude> <unit>` in the short pretty format, e.g. `2.5 %`, `0.12 kW`, `1×10⁻⁵ kW`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = self.unit.symbols();
        let magnitude = format_magnitude(self.magnitude);
        if unit.is_empty() {
            f.write_str(&magnitude)
        } else {
            write!(f, "{magnitude} {unit}")
        }
    }
}

/// Parses a quantity string into its magnitude and unit (see [`Quantity::parse`]).
pub fn parse_quantity(value: &str) -> Result<Quantity, UnitError> {
    Quantity::parse(value)
}

/// True if the string is a valid quantity (the same test as [`super::is_valid_unit`]); the
/// original answers [`INVALID_QUANTITY_MESSAGE`] otherwise.
pub fn is_valid_quantity(value: &str) -> bool {
    parse_expression(value).is_ok()
}

/// Converts a quantity string into `to_unit`, as the original's quantity fields do.
///
/// If `to_unit` starts with `/` (e.g. `/MWh` for energy-price fields), the value may have any
/// numerator: the result is `to_preferred(value · denominator) / denominator`, so
/// `"0.2 EUR/kWh"` becomes `200 EUR/MWh`. Errors: an unparseable value →
/// [`UnitError::InvalidQuantity`]; incompatible units → [`UnitError::CannotConvertValue`].
pub fn convert_to_quantity(value: &str, to_unit: &str) -> Result<Quantity, UnitError> {
    let cannot_convert = || UnitError::CannotConvertValue {
        value: value.to_owned(),
        to: to_unit.to_owned(),
    };
    let quantity = Quantity::parse(value).map_err(|e| UnitError::InvalidQuantity {
        value: value.to_owned(),
        reason: e.to_string(),
    })?;
    if let Some(denominator) = to_unit.strip_prefix('/') {
        if denominator.is_empty() {
            return Err(UnitError::syntax(
                to_unit,
                "a denominator is required after '/'",
            ));
        }
        let denominator = Quantity::parse(denominator)?;
        let stock = to_preferred(
            &quantity
                .multiply(&denominator)
                .map_err(|_| cannot_convert())?,
        );
        return stock.divide(&denominator).map_err(|_| cannot_convert());
    }
    let target = super::parse::parse_unit(to_unit)?;
    quantity.to(&target).map_err(|e| match e {
        UnitError::Dimensionality { .. } => cannot_convert(),
        other => other,
    })
}

/// Splits a quantity string into a magnitude (Python `%g` format; `None` when it is 1) and a unit
/// in the short pretty format: `"1000 kW"` → (`1000`, `kW`), `"50"` → (`50`, ``), `"kW"` →
/// (`None`, `kW`). Both are `None` if the string does not parse.
pub fn split_into_magnitude_and_unit(value: &str) -> (Option<String>, Option<String>) {
    match Quantity::parse(value) {
        Ok(q) => {
            let magnitude = (q.magnitude != 1.0).then(|| format_general(q.magnitude));
            (magnitude, Some(q.unit.symbols()))
        }
        Err(_) => (None, None),
    }
}
