//! The error type of unit parsing and conversion.
//!
//! Messages that the original shows to API users are reproduced verbatim (conversion failures of
//! §4.4 and the quantity-field messages of §4.5); parse errors describe the problem in pint's words.

/// Why a unit string could not be parsed, or values could not be converted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UnitError {
    /// The unit string was empty (the original rejects `""` as a unit).
    #[error("Expression to parse as a quantity cannot be an empty string.")]
    Empty,
    /// A word is neither a known unit (with optional prefix / plural `s`) nor a currency code.
    #[error("'{0}' is not defined in the unit registry")]
    UndefinedUnit(String),
    /// The expression is malformed (unbalanced parentheses, dangling operator, …).
    #[error("Cannot parse '{expression}': {reason}")]
    Syntax {
        /// The expression as given.
        expression: String,
        /// What went wrong.
        reason: String,
    },
    /// An offset unit (°C, °F, °Re) was combined with a number, another unit or an exponent.
    #[error("Ambiguous operation with offset unit ({0}).")]
    OffsetUnit(String),
    /// A direct conversion between units of different dimensionality was attempted.
    #[error("Cannot convert from '{from}' to '{to}'")]
    Dimensionality {
        /// Source unit.
        from: String,
        /// Target unit.
        to: String,
    },
    /// Neither a direct, percentage nor stock/flow conversion applies.
    #[error("Unit conversion from {from} to {to} doesn't seem possible.")]
    ConversionNotPossible {
        /// Source unit.
        from: String,
        /// Target unit.
        to: String,
    },
    /// A stock ↔ flow conversion needs a duration, but none was given.
    #[error("Cannot convert units from {from} to {to} without known duration.")]
    MissingDuration {
        /// Source unit.
        from: String,
        /// Target unit.
        to: String,
    },
    /// A stock → flow conversion was asked for a zero duration (division by zero).
    #[error("Cannot convert units from {from} to {to} over a zero duration.")]
    ZeroDuration {
        /// Source unit.
        from: String,
        /// Target unit.
        to: String,
    },
    /// A `%` conversion needs a capacity (e.g. `"50 kWh"`), but none was given.
    #[error("Cannot convert units from {from} to {to} without known capacity.")]
    MissingCapacity {
        /// Source unit.
        from: String,
        /// Target unit.
        to: String,
    },
    /// A quantity string has a unit that cannot be converted into the field's unit
    /// (the original's `Cannot convert value `…` to '…'`).
    #[error("Cannot convert value `{value}` to '{to}'")]
    CannotConvertValue {
        /// The quantity string as given.
        value: String,
        /// The field's unit.
        to: String,
    },
    /// A quantity string could not be parsed at all.
    #[error("Cannot convert value '{value}' to a valid quantity. {reason}")]
    InvalidQuantity {
        /// The quantity string as given.
        value: String,
        /// The parse error.
        reason: String,
    },
}

impl UnitError {
    /// Shorthand for a [`UnitError::Syntax`] error.
    pub(crate) fn syntax(expression: &str, reason: impl Into<String>) -> Self {
        Self::Syntax {
            expression: expression.to_owned(),
            reason: reason.into(),
        }
    }
}
