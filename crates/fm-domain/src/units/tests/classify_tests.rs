//! Classification (spec §4.2), convertibility (§4.3) and the acceptance messages.
//! Expected values were cross-checked against the original's `unit_utils` on pint 0.24.

use crate::units::*;

/// (unit, valid, power, energy, currency, price, energy price, capacity price, speed, label)
type ClassRow = (
    &'static str,
    bool,
    bool,
    bool,
    bool,
    bool,
    bool,
    bool,
    bool,
    Option<&'static str>,
);

#[rustfmt::skip]
const CLASSES: &[ClassRow] = &[
    ("EUR/MWh",       true,  false, false, false, true,  true,  false, false, Some("energy price")),
    ("KRW/kWh",       true,  false, false, false, true,  true,  false, false, Some("energy price")),
    ("kWh",           true,  false, true,  false, false, false, false, false, Some("energy")),
    ("kW",            true,  true,  false, false, false, false, false, false, Some("power")),
    ("watt",          true,  true,  false, false, false, false, false, false, Some("power")),
    ("°C",            true,  false, false, false, false, false, false, false, Some("temperature")),
    ("",              false, false, false, false, false, false, false, false, None),
    ("not-a-unit",    false, false, false, false, false, false, false, false, None),
    ("#",             false, false, false, false, false, false, false, false, None),
    ("-kW",           true,  true,  false, false, false, false, false, false, Some("power")),
    ("toe",           true,  false, true,  false, false, false, false, false, Some("energy")),
    ("J",             true,  false, true,  false, false, false, false, false, Some("energy")),
    ("watthour",      true,  false, true,  false, false, false, false, false, Some("energy")),
    ("kVA",           true,  true,  false, false, false, false, false, false, Some("power")),
    ("KRW/MW",        true,  false, false, false, true,  false, true,  false, Some("price")),
    ("cEUR/kWh",      true,  false, false, false, true,  true,  false, false, Some("energy price")),
    ("kEUR/MWh",      true,  false, false, false, true,  true,  false, false, Some("energy price")),
    ("beans/MW",      false, false, false, false, false, false, false, false, None),
    ("EUR/kW",        true,  false, false, false, true,  false, true,  false, Some("price")),
    ("EUR/MW",        true,  false, false, false, true,  false, true,  false, Some("price")),
    ("kEUR/MW",       true,  false, false, false, true,  false, true,  false, Some("price")),
    ("EUR",           true,  false, false, true,  false, false, false, false, Some("currency")),
    ("kEUR",          true,  false, false, true,  false, false, false, false, Some("currency")),
    ("AUD",           true,  false, false, true,  false, false, false, false, Some("currency")),
    ("MEUR",          true,  false, false, true,  false, false, false, false, Some("currency")),
    ("daEUR",         true,  false, false, false, false, false, false, false, Some("currency_EUR")),
    ("potatoe",       false, false, false, false, false, false, false, false, None),
    ("MW",            true,  true,  false, false, false, false, false, false, Some("power")),
    ("m/s",           true,  false, false, false, false, false, false, true,  Some("speed")),
    ("km/h",          true,  false, false, false, false, false, false, true,  Some("speed")),
    ("m/s²",          true,  false, false, false, false, false, false, false, Some("value")),
    ("%",             true,  false, false, false, false, false, false, false, Some("percentage")),
    ("‰",             true,  false, false, false, false, false, false, false, Some("value")),
    ("h",             true,  false, false, false, false, false, false, false, Some("time")),
    ("m²",            true,  false, false, false, false, false, false, false, Some("length")),
    ("EUR**2",        true,  false, false, false, false, false, false, false, Some("currency_EUR")),
    ("W/m²",          true,  false, false, false, false, false, false, false, Some("value")),
    ("dimensionless", true,  false, false, false, false, false, false, false, Some("value")),
    ("mol",           true,  false, false, false, false, false, false, false, Some("substance")),
    ("kWh/h",         true,  true,  false, false, false, false, false, false, Some("power")),
];

#[test]
fn classification_predicates() {
    for &(
        unit,
        valid,
        power,
        energy,
        currency,
        price,
        energy_price,
        capacity_price,
        speed,
        label,
    ) in CLASSES
    {
        assert_eq!(is_valid_unit(unit), valid, "valid {unit:?}");
        assert_eq!(is_power_unit(unit), power, "power {unit:?}");
        assert_eq!(is_energy_unit(unit), energy, "energy {unit:?}");
        assert_eq!(is_currency_unit(unit), currency, "currency {unit:?}");
        assert_eq!(is_price_unit(unit), price, "price {unit:?}");
        assert_eq!(
            is_energy_price_unit(unit),
            energy_price,
            "energy price {unit:?}"
        );
        assert_eq!(
            is_capacity_price_unit(unit),
            capacity_price,
            "capacity price {unit:?}"
        );
        assert_eq!(is_speed_unit(unit), speed, "speed {unit:?}");
        assert_eq!(
            unit_dimension_label(unit).ok().as_deref(),
            label,
            "label {unit:?}"
        );
    }
}

#[test]
fn price_unit_label_does_not_need_a_parseable_denominator() {
    assert!(is_price_unit("kEUR/beans"));
    assert_eq!(
        unit_dimension_label("kEUR/beans").ok().as_deref(),
        Some("price")
    );
}

#[test]
fn energy_price_rule_of_v0_9() {
    for (unit, expected) in [
        ("EUR/MWh", true),
        ("KRW/kWh", true),
        ("KRW/MW", false),
        ("cEUR/kWh", false),
        ("kEUR/MWh", false),
        ("beans/MW", false),
        ("EUR", false),
        ("EUR/", false),
        ("", false),
    ] {
        assert_eq!(is_energy_price_unit_v0_9(unit), expected, "{unit}");
    }
}

#[test]
fn si_prefix_stripping() {
    for (unit, stripped) in [
        ("MEUR", "EUR"),
        ("kEUR", "EUR"),
        ("cEUR", "EUR"),
        ("µEUR", "EUR"),
        ("EUR", "EUR"),
        ("daEUR", "daEUR"),
        ("xEUR", "xEUR"),
        ("", ""),
    ] {
        assert_eq!(strip_si_prefix(unit), stripped, "{unit}");
    }
}

/// (from, to, convertible with known duration, convertible without duration) — spec §4.3 table.
#[rustfmt::skip]
const CONVERTIBLE: &[(&str, &str, bool, bool)] = &[
    ("kW", "MW", true, true),
    ("J/s", "W", true, true),
    ("kWh", "MWh", true, true),
    ("EUR/MWh", "EUR/kWh", true, true),
    ("cEUR/kWh", "EUR/MWh", true, true),
    ("%", "dimensionless", true, true),
    ("°C", "K", true, true),
    ("toe", "W", true, false),
    ("kWh", "kW", true, false),
    ("kWh", "MW", true, false),
    ("m³", "m³/h", true, false),
    ("Wh", "W", true, false),
    ("MW", "kWh", false, false),
    ("kW", "kWh", false, false),
    ("EUR/MWh", "KRW/kWh", false, false),
    ("°C", "W", false, false),
    ("EUR/MWh", "W", false, false),
    ("not-a-unit", "W", false, false),
    ("", "%", false, false),
    ("l/h", "m³/h", true, true),
    ("°F", "°C", true, true),
    ("-kW", "kW", true, true),
    ("EUR", "EUR/h", true, false),
    ("EUR/h", "EUR", false, false),
];

#[test]
fn convertibility_is_asymmetric() {
    for &(from, to, known, unknown) in CONVERTIBLE {
        assert_eq!(
            units_are_convertible(from, to, true),
            known,
            "{from} -> {to} (duration known)"
        );
        assert_eq!(
            units_are_convertible(from, to, false),
            unknown,
            "{from} -> {to} (no duration)"
        );
    }
}

#[test]
fn sensor_acceptance_and_messages() {
    assert!(unit_accepted_by_sensor("kWh", "kW"));
    assert!(unit_accepted_by_sensor("m³", "m³/h"));
    assert!(unit_accepted_by_sensor("l/h", "m³/h"));
    assert!(!unit_accepted_by_sensor("kW", "kWh"));
    assert!(unit_accepted_by_sensor(
        "a unit nobody knows",
        "a unit nobody knows"
    ));
    assert_eq!(
        check_unit_for_sensor("kW", "kWh"),
        Err("Required unit for this sensor is kWh, got incompatible unit: kW".to_owned())
    );
    assert_eq!(check_unit_for_sensor("MW", "kW"), Ok(()));
    assert_eq!(
        invalid_unit_message("beans"),
        "Unit 'beans' cannot be handled."
    );
    assert_eq!(INVALID_QUANTITY_MESSAGE, "Not a valid quantity");
}

#[test]
fn message_type_checks() {
    assert_eq!(
        check_unit_for_message_type("PostMeterDataRequest", "kW"),
        Ok(())
    );
    assert_eq!(
        check_unit_for_message_type("PostPrognosisRequest", "MWh"),
        Ok(())
    );
    assert_eq!(
        check_unit_for_message_type("PostMeterDataRequest", "EUR/MWh"),
        Err("The unit required for this message type should be convertible to MW, got incompatible unit: EUR/MWh".to_owned())
    );
    assert_eq!(
        check_unit_for_message_type("GetPrognosisRequest", "°C"),
        Err("The unit requested for this message type should be convertible from MW, got incompatible unit: °C".to_owned())
    );
    assert_eq!(
        check_unit_for_message_type("PostPriceDataRequest", "KRW/kWh"),
        Ok(())
    );
    assert_eq!(
        check_unit_for_message_type("PostPriceDataRequest", "KRW/MW"),
        Err("The unit required for this message type should be convertible to an energy price unit, got incompatible unit: KRW/MW".to_owned())
    );
    assert_eq!(
        check_unit_for_message_type("GetPriceDataRequest", "MW"),
        Err("The unit requested for this message type should be convertible from an energy price unit, got incompatible unit: MW".to_owned())
    );
    assert_eq!(
        check_unit_for_message_type("GetSensorDataRequest", "beans"),
        Ok(())
    );
}

#[test]
fn legacy_exact_unit_lists() {
    assert!(legacy_unit_accepted("MW", LEGACY_POWER_UNITS));
    assert!(!legacy_unit_accepted("kW", LEGACY_POWER_UNITS));
    assert!(legacy_unit_accepted("KRW/kWh", LEGACY_PRICE_UNITS));
    assert!(!legacy_unit_accepted("EUR/kWh", LEGACY_PRICE_UNITS));
    assert!(
        legacy_unit_accepted("kWh", LEGACY_SOC_UNITS)
            && legacy_unit_accepted("MWh", LEGACY_SOC_UNITS)
    );
    assert_eq!(legacy_weather_units("temperature"), Some(&["°C", "0C"][..]));
    assert_eq!(
        legacy_weather_units("irradiance"),
        Some(&["kW/m²", "kW/m2"][..])
    );
    assert_eq!(legacy_weather_units("wind speed"), Some(&["m/s"][..]));
    assert_eq!(legacy_weather_units("humidity"), None);
}

#[test]
fn legacy_invalid_unit_messages() {
    for (quantity, units, expected) in [
        (
            Some("power"),
            &["MW"][..],
            "Data for power should be given in MW.",
        ),
        (
            Some("price"),
            &["EUR/MWh", "KRW/kWh"][..],
            "Data for price should be given in EUR/MWh or KRW/kWh.",
        ),
        (None, &[][..], "Data should be given a unit."),
        (
            Some("epex_da prices"),
            &["EUR/MWh"][..],
            "Data for epex da prices should be given in EUR/MWh.",
        ),
        (
            Some("State of charge"),
            &["kWh", "MWh"][..],
            "Data for State of charge should be given in kWh or MWh.",
        ),
        (
            Some("wind speed"),
            &["m/s"][..],
            "Data for wind speed should be given in m/s.",
        ),
        (
            Some("temperature"),
            &["°C", "0C"][..],
            "Data for temperature should be given in °C or 0C.",
        ),
        (
            Some("x"),
            &["a", "b", "c"][..],
            "Data for x should be given in a, b, or c.",
        ),
    ] {
        assert_eq!(legacy_invalid_unit_message(quantity, units), expected);
    }
}
