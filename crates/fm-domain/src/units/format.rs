//! The short "pretty" display format of the original (pint's `~P`): `kW`, `m³/h`, `EUR/MWh`,
//! `h·kW`, `1/h`; and the magnitude format used when a quantity is serialised (`2.5 %`, `1×10⁻⁵ kW`).

use super::unit::Term;

const SUPERSCRIPT_DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// Renders an integer with superscript digits (`-2` → `⁻²`).
pub(crate) fn superscript(n: i64) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('⁻');
    }
    for digit in n.unsigned_abs().to_string().bytes() {
        if let Some(c) = SUPERSCRIPT_DIGITS.get(usize::from(digit - b'0')) {
            out.push(*c);
        }
    }
    out
}

/// Formats unit terms like pint's `~P`: sorted by canonical name, numerator joined with `·`,
/// each denominator term after a `/`, exponents as superscripts; no terms → `""`.
pub(crate) fn format_terms(terms: &[Term]) -> String {
    let mut sorted: Vec<&Term> = terms.iter().collect();
    sorted.sort_by_key(|t| t.key());
    let render = |t: &&Term| {
        let e = t.exponent.abs();
        if e == 1 {
            t.symbol()
        } else {
            format!("{}{}", t.symbol(), superscript(i64::from(e)))
        }
    };
    let num: Vec<String> = sorted
        .iter()
        .filter(|t| t.exponent > 0)
        .map(render)
        .collect();
    let den: Vec<String> = sorted
        .iter()
        .filter(|t| t.exponent < 0)
        .map(render)
        .collect();
    if num.is_empty() && den.is_empty() {
        return String::new();
    }
    let num = if num.is_empty() {
        "1".to_owned()
    } else {
        num.join("·")
    };
    if den.is_empty() {
        num
    } else {
        format!("{num}/{}", den.join("/"))
    }
}

/// Formats a magnitude like the original: Python's `repr` of a float (`2.5`, `50.0`, `0.0001`),
/// with scientific notation rewritten prettily (`1e-05` → `1×10⁻⁵`, `1e+20` → `1×10²⁰`).
pub fn format_magnitude(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    // Shortest round-trip digits, as Python's repr uses.
    let sci = format!("{x:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    if !(-4..16).contains(&exponent) {
        return format!("{mantissa}×10{}", superscript(exponent));
    }
    let plain = format!("{x}");
    if plain.contains('.') {
        plain
    } else {
        format!("{plain}.0")
    }
}

/// Formats a number like Python's `format(x, "g")`: 6 significant digits, trailing zeros removed,
/// scientific notation (`1e+06`) outside 1e-4 ≤ |x| < 1e6.
pub fn format_general(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "nan".to_owned()
        } else if x > 0.0 {
            "inf".to_owned()
        } else {
            "-inf".to_owned()
        };
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    let sci = format!("{x:.5e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let strip = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s.to_owned()
        }
    };
    if (-4..6).contains(&exponent) {
        let decimals = usize::try_from(5 - exponent).unwrap_or(0);
        strip(&format!("{x:.decimals$}"))
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", strip(mantissa), exponent.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magnitudes_look_like_the_original() {
        for (x, expected) in [
            (2.5, "2.5"),
            (50.0, "50.0"),
            (-0.5, "-0.5"),
            (0.0001, "0.0001"),
            (0.00001, "1×10⁻⁵"),
            (1e20, "1×10²⁰"),
            (1e16, "1×10¹⁶"),
            (1e15, "1000000000000000.0"),
            (1.0 / 3.0, "0.3333333333333333"),
            (123_456.7, "123456.7"),
            (0.0, "0.0"),
            (-2.5e-7, "-2.5×10⁻⁷"),
        ] {
            assert_eq!(format_magnitude(x), expected, "{x}");
        }
    }

    #[test]
    fn general_format_matches_python_g() {
        for (x, expected) in [
            (1000.0, "1000"),
            (350.0, "350"),
            (0.5, "0.5"),
            (1e6, "1e+06"),
            (1_234_567.0, "1.23457e+06"),
            (0.0001, "0.0001"),
            (0.00001234, "1.234e-05"),
            (123.456789, "123.457"),
            (-2.5, "-2.5"),
            (0.0, "0"),
        ] {
            assert_eq!(format_general(x), expected, "{x}");
        }
    }

    #[test]
    fn superscripts() {
        assert_eq!(superscript(2), "²");
        assert_eq!(superscript(-12), "⁻¹²");
        assert_eq!(superscript(0), "⁰");
    }
}
