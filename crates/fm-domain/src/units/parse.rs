//! Parsing unit and quantity expressions the way the original's pint registry does.
//!
//! Tokens come from [`super::lexer`]. Grammar (pint's precedences): `+ -` < `* /` and implicit
//! multiplication (juxtaposition, same precedence, left to right, so `MWh/15min` is
//! `(MWh/15)·min`) < unary `-`/`+` < `**` (right associative). Words `squared`/`cubed` follow and
//! `square`/`sq`/`cubic` precede an operand. Exponents of units must be integers; offset units
//! (`°C`) may not take part in any operation.

use super::error::UnitError;
use super::lexer::{Tok, preprocess, tokenize};
use super::registry::resolve;
use super::unit::{Term, Unit};

/// Deepest nesting of parentheses, signs and exponents accepted (guards the stack).
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
    original: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let tok = self.toks.get(self.pos).cloned();
        self.pos += 1;
        tok
    }

    fn err(&self, reason: &str) -> UnitError {
        UnitError::syntax(self.original, reason)
    }

    fn sum(&mut self) -> Result<Unit, UnitError> {
        let mut left = self.product()?;
        while let Some(sign) = match self.peek() {
            Some(Tok::Plus) => Some(1.0),
            Some(Tok::Minus) => Some(-1.0),
            _ => None,
        } {
            self.pos += 1;
            let right = self.product()?;
            left = add(&left, &right, sign)?;
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Unit, UnitError> {
        let mut left = self.unary()?;
        loop {
            left = match self.peek() {
                Some(Tok::Mul) => {
                    self.pos += 1;
                    left.multiply(&self.unary()?)?
                }
                Some(Tok::Div) => {
                    self.pos += 1;
                    let right = self.unary()?;
                    if right.factor() == 0.0 {
                        return Err(self.err("division by zero"));
                    }
                    left.divide(&right)?
                }
                Some(Tok::Num(_) | Tok::Ident(_) | Tok::LParen | Tok::PrefixPow(_)) => {
                    left.multiply(&self.power()?)?
                }
                _ => return Ok(left),
            };
        }
    }

    fn unary(&mut self) -> Result<Unit, UnitError> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Err(self.err("expression nested too deeply"))
        } else {
            self.unary_inner()
        };
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Unit, UnitError> {
        match self.peek() {
            Some(Tok::Minus) => {
                self.pos += 1;
                self.unary()?.scaled(-1.0)
            }
            Some(Tok::Plus) => {
                self.pos += 1;
                self.unary()
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> Result<Unit, UnitError> {
        let base = self.postfix()?;
        if self.peek() != Some(&Tok::Pow) {
            return Ok(base);
        }
        self.pos += 1;
        let exponent = self.unary()?;
        if !exponent.terms().is_empty() {
            return Err(self.err("an exponent must be a number"));
        }
        let n = exponent.factor();
        if base.terms().is_empty() {
            return Unit::from_parts(base.factor().powf(n), Vec::new());
        }
        if n.fract() != 0.0 || n.abs() > f64::from(i32::MAX) {
            return Err(self.err("only integer exponents of units are supported"));
        }
        base.powi(n as i32)
    }

    fn postfix(&mut self) -> Result<Unit, UnitError> {
        let mut value = self.primary()?;
        while let Some(Tok::PostfixPow(n)) = self.peek() {
            let n = *n;
            self.pos += 1;
            value = value.powi(n)?;
        }
        Ok(value)
    }

    fn primary(&mut self) -> Result<Unit, UnitError> {
        match self.next() {
            Some(Tok::Num(x)) => Unit::from_parts(x, Vec::new()),
            Some(Tok::Ident(word)) => unit_word(&word),
            Some(Tok::PrefixPow(n)) => self.unary()?.powi(n),
            Some(Tok::LParen) => {
                let inner = self.sum()?;
                match self.next() {
                    Some(Tok::RParen) => Ok(inner),
                    _ => Err(self.err("unclosed parenthesis")),
                }
            }
            Some(_) => Err(self.err("missing operand")),
            None => Err(self.err("unexpected end of expression")),
        }
    }
}

/// Resolves one word (`kW`, `dimensionless`, `EUR`, …) into a unit.
fn unit_word(word: &str) -> Result<Unit, UnitError> {
    if word == "dimensionless" {
        return Ok(Unit::dimensionless());
    }
    let (prefix, base) = resolve(word).ok_or_else(|| UnitError::UndefinedUnit(word.to_owned()))?;
    Unit::from_parts(
        1.0,
        vec![Term {
            prefix,
            base,
            exponent: 1,
        }],
    )
}

/// `left ± right`, expressed in the units of `left` (pint adds compatible quantities).
fn add(left: &Unit, right: &Unit, sign: f64) -> Result<Unit, UnitError> {
    if left.is_offset() || right.is_offset() {
        return Err(UnitError::OffsetUnit(format!(
            "{}, {}",
            left.symbols(),
            right.symbols()
        )));
    }
    if left.dimension() != right.dimension() {
        return Err(UnitError::Dimensionality {
            from: right.symbols(),
            to: left.symbols(),
        });
    }
    let unit = left.without_factor();
    unit.scaled(left.factor() + sign * right.scale() / unit.scale())
}

/// Parses a full expression into a unit whose factor carries any numbers (`-kW` → factor −1).
pub(crate) fn parse_expression(input: &str) -> Result<Unit, UnitError> {
    if input.is_empty() {
        return Err(UnitError::Empty);
    }
    let toks = tokenize(&preprocess(input), input)?;
    if toks.is_empty() {
        return Err(UnitError::syntax(input, "no unit or number found"));
    }
    let mut parser = Parser {
        toks,
        pos: 0,
        depth: 0,
        original: input,
    };
    let value = parser.sum()?;
    if parser.pos < parser.toks.len() {
        return Err(parser.err("unexpected token (unbalanced parenthesis?)"));
    }
    Ok(value)
}

/// Parses a unit string such as `kW`, `EUR/MWh`, `m³/h`, `°C`, `%` or `-kW`.
///
/// Numbers in the expression become the unit's [`Unit::factor`]. The empty string is not a unit
/// ([`UnitError::Empty`]); unknown words give [`UnitError::UndefinedUnit`].
pub fn parse_unit(unit: &str) -> Result<Unit, UnitError> {
    parse_expression(unit)
}
