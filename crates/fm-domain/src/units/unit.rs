//! The [`Unit`] type: a numeric factor times a product of (prefixed) units with integer
//! exponents, with its dimensionality, its scale to SI base units and (for °C, °F, °Re) an offset.

use std::fmt;

use super::dimension::Dimension;
use super::error::UnitError;
use super::format::{format_magnitude, format_terms};
use super::registry::{BaseUnit, Prefix};

/// Largest absolute exponent of a unit term (keeps dimension arithmetic far from overflow).
const MAX_EXPONENT: i32 = 1000;

/// One factor of a unit expression, e.g. `k`·`W`² in `kW²`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Term {
    pub(crate) prefix: Option<&'static Prefix>,
    pub(crate) base: BaseUnit,
    pub(crate) exponent: i32,
}

impl Term {
    /// Canonical name, e.g. `kilowatt`; terms with equal keys are merged, and sorted by it.
    pub(crate) fn key(&self) -> String {
        format!("{}{}", self.prefix.map_or("", |p| p.name), self.base.name())
    }

    /// Short symbol without exponent, e.g. `kW`, `MWh`, `°C`, `kEUR`.
    pub(crate) fn symbol(&self) -> String {
        let prefix = self.prefix.map_or("", |p| p.symbol.unwrap_or(p.name));
        format!("{prefix}{}", self.base.symbol())
    }

    fn scale(&self) -> f64 {
        (self.prefix.map_or(1.0, |p| p.factor) * self.base.factor()).powi(self.exponent)
    }
}

/// A parsed unit such as `kW`, `EUR/MWh`, `m³/h`, `°C` or `-kW` (factor −1).
///
/// A value `v` in this unit equals `v · scale + offset` in SI base units (W, s, K, …; one unit per
/// currency). Only a lone offset unit (`°C`, `°F`, `°Re`) has a non-zero offset.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    factor: f64,
    terms: Vec<Term>,
    dimension: Dimension,
    scale: f64,
    offset: f64,
}

impl Unit {
    /// The dimensionless unit (factor 1, no terms).
    pub fn dimensionless() -> Self {
        Self {
            factor: 1.0,
            terms: Vec::new(),
            dimension: Dimension::dimensionless(),
            scale: 1.0,
            offset: 0.0,
        }
    }

    /// Parses a unit string; see [`super::parse_unit`].
    pub fn parse(unit: &str) -> Result<Self, UnitError> {
        super::parse::parse_unit(unit)
    }

    /// Builds a unit, rejecting offset units that are not alone, unscaled and to the first power.
    pub(crate) fn from_parts(factor: f64, terms: Vec<Term>) -> Result<Self, UnitError> {
        if let Some(term) = terms
            .iter()
            .find(|t| t.exponent.unsigned_abs() > MAX_EXPONENT.unsigned_abs())
        {
            return Err(UnitError::syntax(&term.symbol(), "exponent too large"));
        }
        let mut dimension = Dimension::dimensionless();
        let mut scale = factor;
        for term in &terms {
            dimension = &dimension * &term.base.dimension().powi(term.exponent);
            scale *= term.scale();
        }
        let offset_terms: Vec<&Term> = terms.iter().filter(|t| t.base.offset() != 0.0).collect();
        let offset = match offset_terms.as_slice() {
            [] => 0.0,
            [only] if terms.len() == 1 && only.exponent == 1 && factor == 1.0 => only.base.offset(),
            _ => return Err(offset_error(&terms)),
        };
        Ok(Self {
            factor,
            terms,
            dimension,
            scale,
            offset,
        })
    }

    /// The dimensionality, e.g. that of `W` for `kW`.
    pub fn dimension(&self) -> &Dimension {
        &self.dimension
    }

    /// Multiplier to SI base units, including the numeric factor (`kW` → 1000, `-kW` → −1000).
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Offset to SI base units (`°C` → 273.15; 0 for all multiplicative units).
    pub fn offset(&self) -> f64 {
        self.offset
    }

    /// The numeric factor written in the expression (`-kW` → −1, `l/(100km)` → 0.01, `kW` → 1).
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// True if the dimensionality is empty (`%`, `‰`, `dimensionless`, `W/kW`, …).
    pub fn is_dimensionless(&self) -> bool {
        self.dimension.is_dimensionless()
    }

    /// True for an offset (non-multiplicative) unit such as `°C`.
    pub fn is_offset(&self) -> bool {
        self.terms.iter().any(|t| t.base.offset() != 0.0)
    }

    /// True if the unit part is exactly `percent` (whatever the numeric factor).
    pub fn is_percent(&self) -> bool {
        matches!(self.terms.as_slice(), [t] if t.exponent == 1 && t.prefix.is_none() && t.base.name() == "percent")
    }

    /// The same unit without its numeric factor (`-kW` → `kW`).
    pub fn without_factor(&self) -> Self {
        let scale = self.terms.iter().map(Term::scale).product();
        Self {
            factor: 1.0,
            scale,
            ..self.clone()
        }
    }

    /// Converts a value in this unit into SI base units.
    pub fn to_base(&self, value: f64) -> f64 {
        value * self.scale + self.offset
    }

    /// Converts a value in SI base units into this unit.
    pub fn from_base(&self, value: f64) -> f64 {
        (value - self.offset) / self.scale
    }

    /// The unit part in the short pretty format, without the numeric factor (`kW`, `m³/h`, `""`).
    pub fn symbols(&self) -> String {
        format_terms(&self.terms)
    }

    pub(crate) fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The multiplier from this unit's scale to `other`'s, computed on the quotient so that
    /// identical units cancel exactly (`MW/kW` → exactly 1000).
    pub(crate) fn ratio_to(&self, other: &Self) -> f64 {
        match self.divide(other) {
            Ok(quotient) => quotient.scale(),
            Err(_) => self.scale / other.scale,
        }
    }

    /// Product of two units (errors on offset units, like the original).
    pub(crate) fn multiply(&self, other: &Self) -> Result<Self, UnitError> {
        self.combine(other, 1)
    }

    /// Quotient of two units (errors on offset units, like the original).
    pub(crate) fn divide(&self, other: &Self) -> Result<Self, UnitError> {
        self.combine(other, -1)
    }

    /// This unit raised to an integer power.
    pub(crate) fn powi(&self, n: i32) -> Result<Self, UnitError> {
        self.reject_offset()?;
        let terms = if n == 0 {
            Vec::new()
        } else {
            self.terms
                .iter()
                .map(|t| Term {
                    exponent: t.exponent.saturating_mul(n),
                    ..t.clone()
                })
                .collect()
        };
        Self::from_parts(self.factor.powi(n), terms)
    }

    /// This unit with its numeric factor multiplied by `k`.
    pub(crate) fn scaled(&self, k: f64) -> Result<Self, UnitError> {
        self.reject_offset()?;
        Self::from_parts(self.factor * k, self.terms.clone())
    }

    fn reject_offset(&self) -> Result<(), UnitError> {
        if self.is_offset() {
            Err(offset_error(&self.terms))
        } else {
            Ok(())
        }
    }

    fn combine(&self, other: &Self, sign: i32) -> Result<Self, UnitError> {
        if self.is_offset() || other.is_offset() {
            let mut all = self.terms.clone();
            all.extend(other.terms.iter().cloned());
            return Err(offset_error(&all));
        }
        let mut terms = self.terms.clone();
        for term in &other.terms {
            let key = term.key();
            if let Some(i) = terms.iter().position(|t| t.key() == key) {
                let exponent = terms.get(i).map_or(0, |t| t.exponent) + sign * term.exponent;
                if exponent == 0 {
                    terms.remove(i);
                } else if let Some(t) = terms.get_mut(i) {
                    t.exponent = exponent;
                }
            } else {
                terms.push(Term {
                    exponent: sign * term.exponent,
                    ..term.clone()
                });
            }
        }
        let factor = if sign > 0 {
            self.factor * other.factor
        } else {
            self.factor / other.factor
        };
        Self::from_parts(factor, terms)
    }
}

fn offset_error(terms: &[Term]) -> UnitError {
    let names: Vec<String> = terms.iter().map(Term::key).collect();
    UnitError::OffsetUnit(names.join(", "))
}

impl fmt::Display for Unit {
    /// The short pretty format (`kW`, `EUR/MWh`, `m³/h`); a numeric factor is written in front
    /// (`-1.0 kW`); the dimensionless unit is the empty string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let symbols = self.symbols();
        if self.factor == 1.0 {
            f.write_str(&symbols)
        } else if symbols.is_empty() {
            f.write_str(&format_magnitude(self.factor))
        } else {
            write!(f, "{} {symbols}", format_magnitude(self.factor))
        }
    }
}
