//! Physical dimensions: integer exponents of the seven SI base dimensions plus one independent
//! dimension per currency (so `EUR` and `KRW` are never convertible into each other).

use std::fmt;
use std::ops::{Div, Mul};

/// Names of the SI base dimensions, in the order of [`Dimension::base_exponents`].
pub const BASE_DIMENSION_NAMES: [&str; 7] = [
    "length",
    "mass",
    "time",
    "current",
    "temperature",
    "substance",
    "luminosity",
];

/// A dimensionality such as `[length]² [mass] / [time]³` (power) or `[currency_EUR] / [energy]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Dimension {
    base: [i32; 7],
    /// Currency exponents, sorted by code, never zero.
    currencies: Vec<(&'static str, i32)>,
}

impl Dimension {
    /// The empty dimensionality (pure numbers, `%`, `‰`, `dimensionless`).
    pub fn dimensionless() -> Self {
        Self::default()
    }

    /// A dimensionality made of SI base exponents only (see [`BASE_DIMENSION_NAMES`] for the order).
    pub fn from_base_exponents(base: [i32; 7]) -> Self {
        Self {
            base,
            currencies: Vec::new(),
        }
    }

    /// The dimension `[currency_<code>]` of a currency unit.
    pub fn currency(code: &'static str) -> Self {
        Self {
            base: [0; 7],
            currencies: vec![(code, 1)],
        }
    }

    /// `[time]`.
    pub fn time() -> Self {
        Self::from_base_exponents([0, 0, 1, 0, 0, 0, 0])
    }

    /// `[length]² [mass] / [time]³`, the dimensionality of `W`.
    pub fn power() -> Self {
        Self::from_base_exponents([2, 1, -3, 0, 0, 0, 0])
    }

    /// `[length]² [mass] / [time]²`, the dimensionality of `Wh` and `J`.
    pub fn energy() -> Self {
        Self::from_base_exponents([2, 1, -2, 0, 0, 0, 0])
    }

    /// `[length] / [time]`, the dimensionality of `m/s`.
    pub fn speed() -> Self {
        Self::from_base_exponents([1, 0, -1, 0, 0, 0, 0])
    }

    /// True for the empty dimensionality.
    pub fn is_dimensionless(&self) -> bool {
        self.base.iter().all(|e| *e == 0) && self.currencies.is_empty()
    }

    /// True if this is exactly `[time]`.
    pub fn is_time(&self) -> bool {
        *self == Self::time()
    }

    /// True if this is exactly `1 / [time]`.
    pub fn is_inverse_time(&self) -> bool {
        *self == Self::time().powi(-1)
    }

    /// Exponents of the SI base dimensions (order of [`BASE_DIMENSION_NAMES`]).
    pub fn base_exponents(&self) -> [i32; 7] {
        self.base
    }

    /// Currency exponents, sorted by currency code.
    pub fn currency_exponents(&self) -> &[(&'static str, i32)] {
        &self.currencies
    }

    /// Non-zero components named like the original (`length`, `time`, `currency_EUR`, …).
    pub fn components(&self) -> Vec<(String, i32)> {
        let mut out: Vec<(String, i32)> = BASE_DIMENSION_NAMES
            .iter()
            .zip(self.base.iter())
            .filter(|(_, e)| **e != 0)
            .map(|(n, e)| ((*n).to_owned(), *e))
            .collect();
        out.extend(
            self.currencies
                .iter()
                .map(|(c, e)| (format!("currency_{c}"), *e)),
        );
        out
    }

    /// This dimensionality raised to an integer power.
    pub fn powi(&self, n: i32) -> Self {
        if n == 0 {
            return Self::dimensionless();
        }
        Self {
            base: self.base.map(|e| e * n),
            currencies: self.currencies.iter().map(|(c, e)| (*c, e * n)).collect(),
        }
    }

    fn combine(&self, other: &Self, sign: i32) -> Self {
        let mut base = self.base;
        for (b, o) in base.iter_mut().zip(other.base.iter()) {
            *b += sign * o;
        }
        let mut currencies = self.currencies.clone();
        for (code, exp) in &other.currencies {
            match currencies.binary_search_by(|(c, _)| c.cmp(code)) {
                Ok(i) => {
                    if let Some(slot) = currencies.get_mut(i) {
                        slot.1 += sign * exp;
                    }
                }
                Err(i) => currencies.insert(i, (*code, sign * exp)),
            }
        }
        currencies.retain(|(_, e)| *e != 0);
        Self { base, currencies }
    }
}

impl Mul for &Dimension {
    type Output = Dimension;
    fn mul(self, rhs: &Dimension) -> Dimension {
        self.combine(rhs, 1)
    }
}

impl Div for &Dimension {
    type Output = Dimension;
    fn div(self, rhs: &Dimension) -> Dimension {
        self.combine(rhs, -1)
    }
}

impl fmt::Display for Dimension {
    /// Formats like `[length]^2·[mass]/[time]^3`; the empty dimensionality is `dimensionless`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = self.components();
        if parts.is_empty() {
            return f.write_str("dimensionless");
        }
        let render = |(name, exp): &(String, i32)| {
            let e = exp.abs();
            if e == 1 {
                format!("[{name}]")
            } else {
                format!("[{name}]^{e}")
            }
        };
        let num: Vec<String> = parts.iter().filter(|(_, e)| *e > 0).map(render).collect();
        let den: Vec<String> = parts.iter().filter(|(_, e)| *e < 0).map(render).collect();
        let num = if num.is_empty() {
            "1".to_owned()
        } else {
            num.join("·")
        };
        if den.is_empty() {
            f.write_str(&num)
        } else {
            write!(f, "{num}/{}", den.join("/"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_and_predicates() {
        let energy = &Dimension::power() * &Dimension::time();
        assert_eq!(energy, Dimension::energy());
        assert!((&energy / &Dimension::power()).is_time());
        assert!((&Dimension::power() / &energy).is_inverse_time());
        let eur = Dimension::currency("EUR");
        let price = &eur / &energy;
        assert!(!(&price / &Dimension::currency("KRW")).is_dimensionless());
        assert!((&(&price * &energy) / &eur).is_dimensionless());
        assert_eq!(Dimension::speed().powi(0), Dimension::dimensionless());
        assert_eq!(Dimension::power().to_string(), "[length]^2·[mass]/[time]^3");
        assert_eq!(
            price.to_string(),
            "[time]^2·[currency_EUR]/[length]^2/[mass]"
        );
        assert_eq!(Dimension::dimensionless().to_string(), "dimensionless");
    }
}
