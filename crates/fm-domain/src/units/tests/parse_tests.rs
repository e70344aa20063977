//! Parsing: the valid/invalid examples of spec §4.1 and pint-verified expressions.
//! Expected symbols and values in SI base units were taken from pint 0.24 with the original's
//! registry set-up (currencies, `%`, `‰`).

use crate::units::{Dimension, Unit, UnitError, is_valid_unit, parse_unit};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1e-300)
}

/// (expression, numeric factor, short pretty symbols, value of the expression in SI base units)
#[rustfmt::skip]
const PARSED: &[(&str, f64, &str, f64)] = &[
    ("kW", 1.0, "kW", 1e3),
    ("MW", 1.0, "MW", 1e6),
    ("kWh", 1.0, "kWh", 3.6e6),
    ("MWh", 1.0, "MWh", 3.6e9),
    ("J", 1.0, "J", 1.0),
    ("toe", 1.0, "toe", 4.1868e10),
    ("EUR/MWh", 1.0, "EUR/MWh", 2.777_777_777_777_778e-10),
    ("KRW/kWh", 1.0, "KRW/kWh", 2.777_777_777_777_777_6e-7),
    ("cEUR/kWh", 1.0, "cEUR/kWh", 2.777_777_777_777_777_6e-9),
    ("kEUR", 1.0, "kEUR", 1e3),
    ("%", 1.0, "%", 0.01),
    ("‰", 1.0, "‰", 0.001),
    ("K", 1.0, "K", 1.0),
    ("dimensionless", 1.0, "", 1.0),
    ("m/s", 1.0, "m/s", 1.0),
    ("kW/m²", 1.0, "kW/m²", 1e3),
    ("W/m**2", 1.0, "W/m²", 1.0),
    ("m³/h", 1.0, "m³/h", 1.0 / 3600.0),
    ("l/h", 1.0, "l/h", 1e-3 / 3600.0),
    ("V", 1.0, "V", 1.0),
    ("A", 1.0, "A", 1.0),
    ("h", 1.0, "h", 3600.0),
    ("a.u.", 1.0, "u·a", 5.240_262_764_813_616e-20),
    ("-kW", -1.0, "kW", -1e3),
    ("100km", 100.0, "km", 1e5),
    ("l/(100km)", 0.01, "l/km", 1e-8),
    ("MWh/15min", 1.0 / 15.0, "MWh·min", 1.44e10),
    ("°", 1.0, "deg", std::f64::consts::PI / 180.0),
    ("kVA", 1.0, "kVA", 1e3),
    ("0C", 0.0, "C", 0.0),
    ("ms", 1.0, "ms", 1e-3),
    ("watts", 1.0, "W", 1.0),
    ("EURs", 1.0, "EUR", 1.0),
    ("min", 1.0, "min", 60.0),
    ("80%", 80.0, "%", 0.8),
    ("2 MW", 2.0, "MW", 2e6),
    ("1,000 kW", 1000.0, "kW", 1e6),
    ("kW per h", 1.0, "kW/h", 1e3 / 3600.0),
    ("m squared", 1.0, "m²", 1.0),
    ("1e3 W", 1000.0, "W", 1e3),
    ("kW^2", 1.0, "kW²", 1e6),
    ("kW**-1", 1.0, "1/kW", 1e-3),
    ("(m/s)**2", 1.0, "m²/s²", 1.0),
    ("kW + W", 1.001, "kW", 1001.0),
    ("kW.h", 1.0, "h·kW", 3.6e6),
    ("kg m/s", 1.0, "kg·m/s", 1.0),
    ("EUR/USD", 1.0, "EUR/USD", 1.0),
    ("m/s²", 1.0, "m/s²", 1.0),
    ("MM", 1.0, "MM", 1e9),
    ("mEUR", 1.0, "mEUR", 1e-3),
    ("daW", 1.0, "daW", 10.0),
    ("hPa", 1.0, "hPa", 100.0),
    ("µW", 1.0, "µW", 1e-6),
    ("μW", 1.0, "µW", 1e-6),
    ("uW", 1.0, "µW", 1e-6),
    ("mcW", 1.0, "µW", 1e-6),
    ("KiW", 1.0, "KiW", 1024.0),
    ("semiW", 1.0, "semiW", 0.5),
    ("1/h", 1.0, "1/h", 1.0 / 3600.0),
    ("2**3 W", 8.0, "W", 8.0),
    ("-2**2", -4.0, "", -4.0),
    ("--kW", 1.0, "kW", 1e3),
    ("+kW", 1.0, "kW", 1e3),
    ("3 (kW)", 3.0, "kW", 3e3),
    ("EUR**2", 1.0, "EUR²", 1.0),
    ("1 kilowatthour", 1.0, "kWh", 3.6e6),
    ("kilowatt_hour", 1.0, "kWh", 3.6e6),
    ("megawatthour", 1.0, "MWh", 3.6e9),
    ("planck_constant", 1.0, "ℎ", 6.626_070_15e-34),
    ("hbar", 1.0, "ħ", 1.054_571_817_646_156_5e-34),
    ("Btu", 1.0, "Btu", 1055.056),
    ("hp", 1.0, "hp", 745.699_871_582_270_1),
    ("t", 1.0, "t", 1e3),
    ("year", 1.0, "a", 31_557_600.0),
    ("month", 1.0, "month", 2_629_800.0),
    ("L", 1.0, "l", 1e-3),
    ("gal", 1.0, "gal", 0.003_785_411_784),
    ("psi", 1.0, "psi", 6_894.757_293_168_363_5),
    ("knot", 1.0, "kt", 0.514_444_444_444_444_5),
    ("mph", 1.0, "mph", 0.44704),
    ("kph", 1.0, "kph", 0.277_777_777_777_777_8),
    ("XXX", 1.0, "XXX", 1.0),
    ("MWK", 1.0, "MWK", 1.0),
    ("kW h", 1.0, "h·kW", 3.6e6),
    ("kWh/h", 1.0, "kWh/h", 1e3),
    ("kW/kW", 1.0, "", 1.0),
    ("W/kW", 1.0, "W/kW", 1e-3),
    ("m*m", 1.0, "m²", 1.0),
    ("kW*kilowatt", 1.0, "kW²", 1e6),
    ("1/kW/h", 1.0, "1/h/kW", 2.777_777_777_777_777_6e-7),
    ("EUR/MWh/h", 1.0, "EUR/h/MWh", 7.716_049_382_716_05e-14),
    ("1/(kW*h)", 1.0, "1/h/kW", 2.777_777_777_777_777_6e-7),
    ("3 kW 2", 6.0, "kW", 6e3),
    ("kW**(1+1)", 1.0, "kW²", 1e6),
    ("kW/2/h", 0.5, "kW/h", 0.138_888_888_888_888_9),
    ("kW/(2 h)", 0.5, "kW/h", 0.138_888_888_888_888_9),
    ("EUR·h/MWh", 1.0, "EUR·h/MWh", 1e-6),
    ("m⁻¹", 1.0, "1/m", 1.0),
    ("m⁻²·s", 1.0, "s/m²", 1.0),
    ("kW⋅h", 1.0, "h·kW", 3.6e6),
    ("1 kW * 15 min", 15.0, "kW·min", 9e5),
    ("sq m", 1.0, "m²", 1.0),
    ("cubic m", 1.0, "m³", 1.0),
    ("m cubed", 1.0, "m³", 1.0),
    ("percent", 1.0, "%", 0.01),
    ("hours", 1.0, "h", 3600.0),
    ("Wh s", 1.0, "s·Wh", 3600.0),
    ("°K", 1.0, "K", 1.0),
    ("delta_degC", 1.0, "Δ°C", 1.0),
    ("°R", 1.0, "°R", 5.0 / 9.0),
    ("kW#h", 1.0, "kW", 1e3),
    (".5kW", 0.5, "kW", 500.0),
    ("1.5.kW", 1.5, "kW", 1500.0),
    ("1_000 W", 1000.0, "W", 1e3),
    ("2eV", 2.0, "eV", 3.204_353_268e-19),
    ("1e-3W", 0.001, "W", 1e-3),
    ("2*-kW", -2.0, "kW", -2e3),
    ("kW/-2", -0.5, "kW", -500.0),
    ("kW²h", 1.0, "h·kW²", 3.6e9),
    ("m²s", 1.0, "m²·s", 1.0),
    ("µ", 1.0, "µ", 1e-6),
    ("Å", 1.0, "Å", 1e-10),
    ("kΩ", 1.0, "kΩ", 1e3),
    ("kg", 1.0, "kg", 1.0),
    ("hh", 1.0, "hh", 360_000.0),
    ("das", 1.0, "das", 10.0),
    ("s EUR", 1.0, "EUR·s", 1.0),
    ("kW/EUR", 1.0, "kW/EUR", 1e3),
    ("0.2 EUR/kWh", 0.2, "EUR/kWh", 5.555_555_555_555_555_5e-8),
    ("25kWh", 25.0, "kWh", 9e7),
];

#[test]
fn parses_like_the_original() {
    for (expr, factor, symbols, base) in PARSED {
        let unit = parse_unit(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        assert!(
            close(unit.factor(), *factor),
            "{expr}: factor {}",
            unit.factor()
        );
        assert_eq!(unit.symbols(), *symbols, "{expr}");
        assert!(
            close(unit.to_base(1.0), *base),
            "{expr}: {} vs {base}",
            unit.to_base(1.0)
        );
        assert!(is_valid_unit(expr), "{expr}");
    }
}

#[test]
fn offset_units_parse_alone_only() {
    for (expr, symbol, one_in_kelvin) in [
        ("°C", "°C", 274.15),
        ("degC", "°C", 274.15),
        ("celsius", "°C", 274.15),
        ("°F", "°F", 255.927_777_777_777_78),
        ("degreeF", "°F", 255.927_777_777_777_78),
        ("°Re", "°Re", 273.95),
    ] {
        let unit = parse_unit(expr).unwrap();
        assert!(unit.is_offset(), "{expr}");
        assert_eq!(unit.symbols(), symbol);
        assert!(close(unit.to_base(1.0), one_in_kelvin), "{expr}");
        assert!(close(unit.from_base(unit.to_base(21.5)), 21.5));
    }
    for expr in [
        "2°C", "1 °C", "20 °C", "-°C", "°C/h", "K/°C", "J/°C", "°C*2", "°C²", "°C°C",
    ] {
        assert!(!is_valid_unit(expr), "{expr} should be invalid");
    }
    assert!(matches!(parse_unit("°C/h"), Err(UnitError::OffsetUnit(_))));
}

#[test]
fn invalid_units() {
    for expr in [
        "",
        " ",
        "not-a-unit",
        "beans",
        "kvar",
        "kW/m2",
        "m2",
        "Ws",
        "kWs",
        "XYZ",
        "BTC",
        "USDT",
        "/h",
        "kW/",
        "*kW",
        "()",
        "(kW",
        "kW)",
        "2 -kW",
        "kW//h",
        "kW/0",
        "True",
        "W**0.5",
        "kW**2**-1",
        "EUR + kW",
    ] {
        assert!(!is_valid_unit(expr), "{expr:?} should be invalid");
    }
    assert_eq!(parse_unit(""), Err(UnitError::Empty));
    assert_eq!(
        parse_unit("not-a-unit"),
        Err(UnitError::UndefinedUnit("not".to_owned()))
    );
    assert_eq!(
        parse_unit("kvar"),
        Err(UnitError::UndefinedUnit("kvar".to_owned()))
    );
    assert!(matches!(parse_unit("(kW"), Err(UnitError::Syntax { .. })));
}

#[test]
fn deep_nesting_is_rejected_without_overflowing_the_stack() {
    assert_eq!(
        parse_unit("((((kW))))").map(|u| u.symbols()),
        Ok("kW".to_owned())
    );
    let deep = format!("{}kW{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(matches!(parse_unit(&deep), Err(UnitError::Syntax { .. })));
    let signs = format!("{}kW", "-".repeat(10_000));
    assert!(matches!(parse_unit(&signs), Err(UnitError::Syntax { .. })));
    let powers = format!("kW{}", "**1".repeat(10_000));
    assert!(parse_unit(&powers).is_err());
    for huge in [
        "(m**1000)**1000",
        "m**2147483647",
        "(m**-1000)**2147483647",
        "m**1000*m",
        "m**99999",
    ] {
        assert!(parse_unit(huge).is_err(), "{huge}");
    }
    assert!(parse_unit("m**1000").is_ok());
    assert!(parse_unit("10**400").is_ok_and(|u| u.factor().is_infinite()));
}

#[test]
fn dimensions_of_common_units() {
    let unit = |s: &str| parse_unit(s).unwrap();
    assert_eq!(unit("kW").dimension(), &Dimension::power());
    assert_eq!(unit("kVA").dimension(), &Dimension::power());
    assert_eq!(unit("MWh").dimension(), &Dimension::energy());
    assert_eq!(unit("J").dimension(), &Dimension::energy());
    assert_eq!(unit("km/h").dimension(), &Dimension::speed());
    assert!(
        unit("%").is_dimensionless()
            && unit("‰").is_dimensionless()
            && unit("W/kW").is_dimensionless()
    );
    assert_eq!(unit("kEUR").dimension(), &Dimension::currency("EUR"));
    assert_ne!(unit("EUR").dimension(), unit("KRW").dimension());
    assert_eq!(
        unit("EUR/MWh").dimension().components(),
        vec![
            ("length".to_owned(), -2),
            ("mass".to_owned(), -1),
            ("time".to_owned(), 2),
            ("currency_EUR".to_owned(), 1),
        ]
    );
    assert!(unit("%").is_percent() && unit("80%").is_percent() && !unit("‰").is_percent());
    assert_eq!(Unit::parse("kW"), parse_unit("kW"));
    assert_eq!(unit("-kW").without_factor(), unit("kW"));
}

#[test]
fn display_is_short_pretty() {
    let shown = |s: &str| parse_unit(s).unwrap().to_string();
    assert_eq!(shown("kilowatt"), "kW");
    assert_eq!(shown("m**3/hour"), "m³/h");
    assert_eq!(shown("EUR / MWh"), "EUR/MWh");
    assert_eq!(shown("degC"), "°C");
    assert_eq!(shown("-kW"), "-1.0 kW");
    assert_eq!(shown("dimensionless"), "");
}
