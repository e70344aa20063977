//! Tokenizing unit expressions like pint's string preprocessor and tokenizer.
//!
//! Preprocessing: `%` → `percent`, `‰` → `permille`, commas removed, ` per ` → `/`, `°` →
//! `degree` (so `°C` is `degreeC`), `^` → `**`. Superscripts (`²`, `⁻¹`) become `** n`, `·` is
//! `*`. Numbers follow Python's syntax (`1_000`, `.5`, `1e-3`); a number directly followed by
//! letters is a product (`25kWh`). Other punctuation is ignored like pint's tokenizer does
//! (`a.u.` is `a u`), and `#` ends the expression.

use super::error::UnitError;

/// A token of a unit expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Num(f64),
    Ident(String),
    Plus,
    Minus,
    Mul,
    Div,
    Pow,
    LParen,
    RParen,
    /// `squared` (2) / `cubed` (3) after an operand.
    PostfixPow(i32),
    /// `square`/`sq` (2) / `cubic` (3) before an operand.
    PrefixPow(i32),
}

fn is_superscript_digit(c: char) -> bool {
    "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c)
}

fn superscript_value(c: char) -> u32 {
    "⁰¹²³⁴⁵⁶⁷⁸⁹"
        .chars()
        .position(|d| d == c)
        .map_or(0, |p| p as u32)
}

/// Applies the original's string replacements before tokenizing.
pub(crate) fn preprocess(input: &str) -> String {
    input
        .replace('%', " percent ")
        .replace('‰', " permille ")
        .replace(',', "")
        .replace(" per ", "/")
        .replace('°', "degree")
        .replace('^', "**")
}

/// Splits a preprocessed expression into tokens (`original` is used in error messages).
pub(crate) fn tokenize(expr: &str, original: &str) -> Result<Vec<Tok>, UnitError> {
    let chars: Vec<char> = expr.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        let starts_number =
            c.is_ascii_digit() || (c == '.' && at(i + 1).is_some_and(|n| n.is_ascii_digit()));
        if c == '#' {
            break;
        } else if starts_number {
            let start = i;
            while at(i).is_some_and(|d| d.is_ascii_digit() || d == '_') {
                i += 1;
            }
            if at(i) == Some('.') {
                i += 1;
                while at(i).is_some_and(|d| d.is_ascii_digit() || d == '_') {
                    i += 1;
                }
            }
            if matches!(at(i), Some('e' | 'E')) {
                let digit_at = if matches!(at(i + 1), Some('+' | '-')) {
                    i + 2
                } else {
                    i + 1
                };
                if at(digit_at).is_some_and(|d| d.is_ascii_digit()) {
                    i = digit_at;
                    while at(i).is_some_and(|d| d.is_ascii_digit()) {
                        i += 1;
                    }
                }
            }
            let text: String = chars
                .get(start..i)
                .unwrap_or_default()
                .iter()
                .filter(|d| **d != '_')
                .collect();
            let value = text
                .parse::<f64>()
                .map_err(|_| UnitError::syntax(original, format!("bad number '{text}'")))?;
            toks.push(Tok::Num(value));
            continue;
        } else if is_superscript_digit(c)
            || (c == '⁻' && at(i + 1).is_some_and(is_superscript_digit))
        {
            if i > 0 && at(i - 1).is_some_and(char::is_whitespace) {
                // pint turns `kW ²` into `kW ***2` (so also `%²`, as `%` becomes ` percent `)
                return Err(UnitError::syntax(
                    original,
                    "an exponent cannot follow a space",
                ));
            }
            let negative = c == '⁻';
            if negative {
                i += 1;
            }
            let mut n: i64 = 0;
            while let Some(d) = at(i).filter(|d| is_superscript_digit(*d)) {
                n = n
                    .saturating_mul(10)
                    .saturating_add(i64::from(superscript_value(d)));
                i += 1;
            }
            toks.push(Tok::Pow);
            toks.push(Tok::Num(if negative { -(n as f64) } else { n as f64 }));
            continue;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while at(i).is_some_and(|d| d.is_alphabetic() || d.is_ascii_digit() || d == '_') {
                i += 1;
            }
            let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
            toks.push(match word.as_str() {
                "per" => Tok::Div,
                "squared" => Tok::PostfixPow(2),
                "cubed" => Tok::PostfixPow(3),
                "square" | "sq" => Tok::PrefixPow(2),
                "cubic" => Tok::PrefixPow(3),
                _ => Tok::Ident(word),
            });
            continue;
        }
        match c {
            '*' if at(i + 1) == Some('*') => {
                toks.push(Tok::Pow);
                i += 1;
            }
            '/' if at(i + 1) == Some('/') => {
                return Err(UnitError::syntax(
                    original,
                    "floor division is not supported",
                ));
            }
            '*' | '·' => toks.push(Tok::Mul),
            '/' => toks.push(Tok::Div),
            '+' => toks.push(Tok::Plus),
            '-' | '⁻' => toks.push(Tok::Minus),
            '(' => toks.push(Tok::LParen),
            ')' => toks.push(Tok::RParen),
            _ => {} // whitespace and stray punctuation are ignored, like pint's tokenizer
        }
        i += 1;
    }
    Ok(toks)
}
