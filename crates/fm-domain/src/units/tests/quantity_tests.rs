//! Quantities (spec §4.5): parsing, display, conversion into a field's unit, splitting.

use crate::units::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn parses_quantity_strings() {
    for (value, magnitude, unit) in [
        ("80%", 80.0, "%"),
        ("2 MW", 2.0, "MW"),
        ("0.5 MWh", 0.5, "MWh"),
        ("25kWh", 25.0, "kWh"),
        ("0.2 EUR/kWh", 0.2, "EUR/kWh"),
        ("100 kVA", 100.0, "kVA"),
        ("2.5%", 2.5, "%"),
        ("120 W", 120.0, "W"),
        ("50", 50.0, ""),
        ("0.025", 0.025, ""),
        ("kW", 1.0, "kW"),
        ("-kW", -1.0, "kW"),
        ("l/(100km)", 0.01, "l/km"),
        ("-5 kW", -5.0, "kW"),
        ("1e-3 MW", 0.001, "MW"),
    ] {
        let q = parse_quantity(value).unwrap_or_else(|e| panic!("{value}: {e}"));
        assert!(close(q.magnitude, magnitude), "{value}: {}", q.magnitude);
        assert_eq!(q.unit.symbols(), unit, "{value}");
        assert!(close(q.unit.factor(), 1.0));
        assert!(is_valid_quantity(value));
    }
    for value in ["", "5 beans", "kWh kW/", "20 °C", "not a quantity"] {
        assert!(parse_quantity(value).is_err(), "{value:?}");
        assert!(!is_valid_quantity(value), "{value:?}");
    }
}

#[test]
fn converts_into_a_field_unit() {
    for (value, to, expected) in [
        ("2.5%", "%", "2.5 %"),
        ("0.025", "%", "2.5 %"),
        ("120 W", "kW", "0.12 kW"),
        ("100 kVA", "MW", "0.1 MW"),
        ("25kWh", "MWh", "0.025 MWh"),
        ("98%", "dimensionless", "0.98"),
        ("2000 kW", "MW", "2.0 MW"),
        ("20000 EUR/MWh", "/MWh", "20000.0 EUR/MWh"),
        ("5 EUR/kW", "/MW", "5.0 kEUR/MW"),
        ("3 EUR", "/MWh", "3.0 EUR"),
    ] {
        let q = convert_to_quantity(value, to).unwrap_or_else(|e| panic!("{value} -> {to}: {e}"));
        assert_eq!(q.to_string(), expected, "{value} -> {to}");
    }
    // 0.2 EUR/kWh as an energy price field becomes 200 EUR/MWh (floating point: 200.00000000000003)
    let price = convert_to_quantity("0.2 EUR/kWh", "/MWh").unwrap();
    assert!(close(price.magnitude, 200.0));
    assert_eq!(price.unit.symbols(), "EUR/MWh");
    let krw = convert_to_quantity("200 KRW/kWh", "/MWh").unwrap();
    assert!(close(krw.magnitude, 200.0));
    assert_eq!(krw.unit.symbols(), "kKRW/MWh");
    // bare numbers for percentage fields are ratios: 120% is 1.2 in the field's range check
    let ratio = convert_to_quantity("120%", "dimensionless").unwrap();
    assert!(close(ratio.magnitude, 1.2));
}

#[test]
fn conversion_errors_for_quantity_fields() {
    assert_eq!(
        convert_to_quantity("kW", "MWh").unwrap_err().to_string(),
        "Cannot convert value `kW` to 'MWh'"
    );
    assert_eq!(
        convert_to_quantity("50 kWh", "%").unwrap_err().to_string(),
        "Cannot convert value `50 kWh` to '%'"
    );
    assert_eq!(
        convert_to_quantity("1 beans", "kW")
            .unwrap_err()
            .to_string(),
        "Cannot convert value '1 beans' to a valid quantity. 'beans' is not defined in the unit registry"
    );
    assert!(convert_to_quantity("1 kW", "/").is_err());
}

#[test]
fn quantity_arithmetic_and_conversion() {
    let q = Quantity::parse("0.5 MWh").unwrap();
    assert!(close(q.to_unit("kWh").unwrap().magnitude, 500.0));
    assert!(close(q.base_magnitude(), 1.8e9));
    let temperature = Quantity::new(20.0, parse_unit("°C").unwrap());
    assert!(close(temperature.to_unit("K").unwrap().magnitude, 293.15));
    assert!(close(temperature.to_unit("°F").unwrap().magnitude, 68.0));
    let energy = Quantity::parse("2 kW")
        .unwrap()
        .multiply(&Quantity::parse("15 min").unwrap())
        .unwrap();
    assert_eq!(energy.unit.symbols(), "kW·min");
    assert!(close(energy.to_unit("kWh").unwrap().magnitude, 0.5));
    assert!(Quantity::parse("2 kW").unwrap().to_unit("kWh").is_err());
    assert_eq!(
        Quantity::new(2.0, parse_unit("-kW").unwrap()).to_string(),
        "-2.0 kW"
    );
    assert_eq!(Quantity::parse("1e-5 kW").unwrap().to_string(), "1×10⁻⁵ kW");
}

#[test]
fn compacting_and_preferred_units() {
    let compact = |s: &str| to_compact(&Quantity::parse(s).unwrap()).to_string();
    assert_eq!(compact("3600 m/h"), "3.6 km/h");
    assert_eq!(compact("1e6 W"), "1.0 MW");
    assert_eq!(compact("2048 W"), "2.048 kW");
    assert_eq!(compact("20000 EUR"), "20.0 kEUR");
    assert_eq!(compact("1e40 W"), "10000000000.0 QW");
    assert_eq!(compact("0.001 1/kW"), "1.0 1/MW");
    assert_eq!(compact("1 km*m"), "1000.0 m²");
    assert_eq!(compact("0 kW"), "0.0 kW");
    let preferred = |s: &str| to_preferred(&Quantity::parse(s).unwrap()).unit.symbols();
    assert_eq!(preferred("1 kWh/h"), "kW");
    assert_eq!(preferred("1 m/s"), "m/s");
    assert_eq!(preferred("1 W/kW"), "");
    assert_eq!(preferred("°C"), "°C");
}

#[test]
fn splits_magnitude_and_unit() {
    let split = |s: &str| split_into_magnitude_and_unit(s);
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(split("1000 kW"), (some("1000"), some("kW")));
    assert_eq!(split("350 EUR/MWh"), (some("350"), some("EUR/MWh")));
    assert_eq!(split("50"), (some("50"), some("")));
    assert_eq!(split("kW"), (None, some("kW")));
    assert_eq!(split("1234567 W"), (some("1.23457e+06"), some("W")));
    assert_eq!(split("1e-5 kW"), (some("1e-05"), some("kW")));
    assert_eq!(split("-kW"), (some("-1"), some("kW")));
    assert_eq!(split("2.5%"), (some("2.5"), some("%")));
    assert_eq!(split("beans"), (None, None));
}
