//! Conversion (spec §4.4): the reference table, the multiplier examples, errors, and the
//! flow/stock and smallest-common-unit helpers. Expectations cross-checked with the original.

use chrono::TimeDelta;

use crate::units::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn assert_all_close(got: &[f64], expected: &[f64], context: &str) {
    assert_eq!(got.len(), expected.len(), "{context}");
    for (g, e) in got.iter().zip(expected) {
        assert!(
            close(*g, *e),
            "{context}: got {got:?}, expected {expected:?}"
        );
    }
}

const DATA: [f64; 3] = [0.0, 10.0, 11.0];
const QUARTER: TimeDelta = TimeDelta::minutes(15);

/// Spec §4.4 reference values: 15-minute resolution, capacity 50 kWh, data 0, 10, 11.
#[rustfmt::skip]
const FACTORS: &[(&str, &str, f64)] = &[
    ("%", "‰", 10.0),
    ("m/s", "km/h", 3.6),
    ("m³/h", "l/h", 1000.0),
    ("m³", "m³/h", 4.0),
    ("MW", "kW", 1000.0),
    ("%", "kWh", 0.5),
    ("kWh", "%", 2.0),
    ("kWh", "kW", 4.0),
    ("kW", "kWh", 0.25),
    ("-W", "W", -1.0),
    ("l/(100km)", "l/km", 0.01),
    ("kW", "W", 1000.0),
    ("J/s", "W", 1.0),
    ("kWh", "MJ", 3.6),
    ("EUR/MWh", "EUR/kWh", 0.001),
    ("cEUR/kWh", "EUR/MWh", 10.0),
    ("MW", "kWh", 250.0),
    ("m³", "l/h", 4000.0),
    ("kWh", "MW", 0.004),
    ("2%", "kWh", 1.0),
    ("EUR", "kEUR", 0.001),
    ("kEUR/h", "EUR", 250.0),
    ("EUR", "EUR/h", 4.0),
    ("", "%", 100.0),
    ("dimensionless", "%", 100.0),
    ("kW", "-kW", 1.0),
    ("W", "-kW", 0.001),
    ("kWh", "-kW", -4.0),
];

#[test]
fn reference_conversions() {
    for (from, to, factor) in FACTORS {
        let expected: Vec<f64> = DATA.iter().map(|v| v * factor).collect();
        let got = convert_units(&DATA, from, to, Some(QUARTER), Some("50 kWh"))
            .unwrap_or_else(|e| panic!("{from} -> {to}: {e}"));
        assert_all_close(&got, &expected, &format!("{from} -> {to}"));
    }
}

#[test]
fn offset_conversions() {
    for (from, to, expected) in [
        ("°C", "K", [273.15, 283.15, 284.15]),
        ("K", "°C", [-273.15, -263.15, -262.15]),
        ("°C", "°F", [32.0, 50.0, 51.8]),
        (
            "°F",
            "°C",
            [
                -17.777_777_777_777_78,
                -12.222_222_222_222_22,
                -11.666_666_666_666_67,
            ],
        ),
    ] {
        let got = convert_units(&DATA, from, to, None, None).unwrap();
        assert_all_close(&got, &expected, &format!("{from} -> {to}"));
    }
    assert!(matches!(
        convert_units(&DATA, "°C", "W", None, None),
        Err(UnitError::OffsetUnit(_))
    ));
    assert!(matches!(
        convert_units(&DATA, "kWh", "°C", Some(QUARTER), None),
        Err(UnitError::OffsetUnit(_))
    ));
}

#[test]
fn multipliers() {
    assert_eq!(
        determine_unit_conversion_multiplier("kW", "W", None),
        Ok(1000.0)
    );
    assert_eq!(
        determine_unit_conversion_multiplier("J/s", "W", None),
        Ok(1.0)
    );
    assert_eq!(
        determine_unit_conversion_multiplier("Wh", "W", Some(TimeDelta::minutes(10))),
        Ok(6.0)
    );
    assert!(close(
        determine_unit_conversion_multiplier("kWh", "MJ", None).unwrap(),
        3.6
    ));
    assert!(matches!(
        determine_unit_conversion_multiplier("°C", "K", None),
        Err(UnitError::OffsetUnit(_))
    ));
    assert!(close(
        determine_unit_conversion_multiplier("", "%", None).unwrap(),
        100.0
    ));
}

#[test]
fn conversion_errors_use_the_original_messages() {
    let err = |from: &str, to: &str, res: Option<TimeDelta>| {
        convert_units(&DATA, from, to, res, None)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err("kWh", "kW", None),
        "Cannot convert units from kWh to kW without known duration."
    );
    assert_eq!(
        err("kW", "kWh", None),
        "Cannot convert units from kW to kWh without known duration."
    );
    assert_eq!(
        err("m³", "m³/h", None),
        "Cannot convert units from m³ to m³/h without known duration."
    );
    assert_eq!(
        err("EUR/MWh", "KRW/kWh", Some(QUARTER)),
        "Unit conversion from EUR/MWh to KRW/kWh doesn't seem possible."
    );
    assert_eq!(
        err("kW", "m", None),
        "Unit conversion from kW to m doesn't seem possible."
    );
    assert_eq!(
        err("‰", "kWh", None),
        "Unit conversion from ‰ to kWh doesn't seem possible."
    );
    assert_eq!(
        err("kWh", "‰", None),
        "Unit conversion from kWh to ‰ doesn't seem possible."
    );
    assert!(matches!(
        convert_units(&DATA, "%", "kW", None, Some("50 kWh")),
        Err(UnitError::Dimensionality { .. })
    ));
    assert!(matches!(
        convert_units(&DATA, "%", "kWh", None, None),
        Err(UnitError::MissingCapacity { .. })
    ));
    assert!(matches!(
        convert_units(&DATA, "kWh", "kW", Some(TimeDelta::zero()), None),
        Err(UnitError::ZeroDuration { .. })
    ));
    assert!(matches!(
        convert_units(&DATA, "beans", "kW", None, None),
        Err(UnitError::UndefinedUnit(_))
    ));
    assert_eq!(
        convert_units(&DATA, "%", "", None, None),
        Err(UnitError::Empty)
    );
}

#[test]
fn equal_strings_are_never_converted() {
    assert_eq!(
        convert_units(&DATA, "beans", "beans", None, None),
        Ok(DATA.to_vec())
    );
    assert_eq!(
        convert_units(&DATA, "°C", "°C", None, None),
        Ok(DATA.to_vec())
    );
    assert_eq!(
        unit_conversion("kW", "kW", None, None),
        Ok(Conversion::IDENTITY)
    );
}

#[test]
fn in_place_and_single_value_helpers() {
    let mut values = DATA;
    convert_units_in_place(&mut values, "MW", "kW", None, None).unwrap();
    assert_eq!(values, [0.0, 10_000.0, 11_000.0]);
    let mut untouched = DATA;
    assert!(convert_units_in_place(&mut untouched, "MW", "kWh", None, None).is_err());
    assert_eq!(untouched, DATA);
    assert_eq!(
        convert_value(4.0, "kWh", "kW", Some(TimeDelta::hours(1)), None),
        Ok(4.0)
    );
    assert_eq!(convert_value(-2.0, "-kW", "kW", None, None), Ok(2.0));
    let c = unit_conversion("°C", "K", None, None).unwrap();
    assert!(close(c.apply(20.0), 293.15) && close(c.multiplier, 1.0) && close(c.offset, 273.15));
}

#[test]
fn flow_and_stock_units() {
    for (stock, time, flow) in [
        ("m³", "h", "m³/h"),
        ("kWh", "h", "kW"),
        ("MWh", "h", "MW"),
        ("GWh", "h", "GW"),
        ("km", "h", "km/h"),
        ("m", "s", "m/s"),
        ("EUR", "h", "EUR/h"),
        ("kEUR", "h", "kEUR/h"),
        ("l", "h", "l/h"),
        ("J", "h", "µW"),
    ] {
        assert_eq!(
            determine_flow_unit(stock, time).as_deref(),
            Ok(flow),
            "flow of {stock}"
        );
    }
    for (flow, time, stock) in [
        ("m³/h", "h", "m³"),
        ("km³/h", "h", "km³"),
        ("kW", "h", "kWh"),
        ("MW", "h", "MWh"),
        ("W", "h", "Wh"),
        ("m/s", "s", "m"),
        ("m/s", "h", "km"),
        ("t/h", "h", "t"),
        ("EUR/h", "h", "EUR"),
        ("kEUR/h", "h", "kEUR"),
        ("EUR/MWh", "h", "EUR·h/MWh"),
        ("hm³/h", "h", "m³"),
    ] {
        assert_eq!(
            determine_stock_unit(flow, time).as_deref(),
            Ok(stock),
            "stock of {flow}"
        );
    }
    assert!(determine_flow_unit("beans", "h").is_err());
}

#[test]
fn smallest_common_unit() {
    let owned = |pairs: &[(&str, f64)]| {
        pairs
            .iter()
            .map(|(u, f)| ((*u).to_owned(), *f))
            .collect::<Vec<_>>()
    };
    let check = |units: &[&str], unit: &str, factors: &[(&str, f64)]| {
        let (got_unit, got_factors) = find_smallest_common_unit(units);
        assert_eq!(got_unit, unit, "{units:?}");
        let expected = owned(factors);
        assert_eq!(got_factors.len(), expected.len(), "{units:?}");
        for ((gu, gf), (eu, ef)) in got_factors.iter().zip(&expected) {
            assert!(gu == eu && close(*gf, *ef), "{units:?}: {got_factors:?}");
        }
    };
    check(
        &["MW", "kW", "W"],
        "W",
        &[("MW", 1e6), ("kW", 1e3), ("W", 1.0)],
    );
    check(&["kEUR", "EUR"], "EUR", &[("kEUR", 1e3), ("EUR", 1.0)]);
    check(
        &["cEUR/kWh", "EUR/MWh"],
        "EUR/MWh",
        &[("cEUR/kWh", 10.0), ("EUR/MWh", 1.0)],
    );
    check(
        &["%", "dimensionless"],
        "%",
        &[("%", 1.0), ("dimensionless", 100.0)],
    );
    check(&["%", ""], "%", &[("%", 1.0), ("", 100.0)]);
    check(&["h", "s"], "s", &[("h", 3600.0), ("s", 1.0)]);
    check(&["kW", "m"], "a.u.", &[("kW", 1.0), ("m", 1.0)]);
    check(&["EUR", "AUD"], "a.u.", &[("EUR", 1.0), ("AUD", 1.0)]);
    check(&["EUR", "EUR"], "EUR", &[("EUR", 1.0)]);
    check(&["°C", "°C"], "°C", &[("°C", 1.0)]);
    check(&["°C", "K"], "a.u.", &[("°C", 1.0), ("K", 1.0)]);
    check(&["-kW", "kW"], "a.u.", &[("-kW", 1.0), ("kW", 1.0)]);
    check(&["kW", "kW", "W"], "W", &[("kW", 1e3), ("W", 1.0)]);
    check(&[], "a.u.", &[]);
}
