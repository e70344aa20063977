//! Property tests: round trips between compatible units, prefix scaling, stock/flow symmetry
//! and the asymmetry of convertibility.

use chrono::TimeDelta;
use proptest::prelude::*;

use crate::units::*;

/// Groups of mutually compatible units (same dimensionality, no numeric factors).
const GROUPS: &[&[&str]] = &[
    &["W", "kW", "MW", "GW", "mW", "kVA", "J/s", "hp", "kWh/h"],
    &[
        "Wh", "kWh", "MWh", "GWh", "J", "MJ", "toe", "Btu", "W*s", "kW·min",
    ],
    &[
        "EUR/MWh", "EUR/kWh", "cEUR/kWh", "kEUR/MWh", "EUR/Wh", "EUR/J",
    ],
    &["KRW/kWh", "KRW/MWh", "MKRW/GWh"],
    &["m/s", "km/h", "mph", "knot", "kph"],
    &["m³/h", "l/h", "l/s", "m³/s", "gal/min"],
    &["%", "‰", "dimensionless", "ppm", "W/kW"],
    &["°C", "K", "°F", "°Re", "°R", "mK"],
    &["W/m²", "kW/m²", "mW/cm²"],
    &["s", "min", "h", "d", "ms", "week"],
    &["EUR", "kEUR", "MEUR", "cEUR"],
];

/// Prefix symbols with their factors.
const PREFIXES: &[(&str, f64)] = &[
    ("m", 1e-3),
    ("k", 1e3),
    ("M", 1e6),
    ("G", 1e9),
    ("T", 1e12),
    ("c", 1e-2),
    ("µ", 1e-6),
    ("n", 1e-9),
    ("P", 1e15),
    ("h", 1e2),
    ("da", 1e1),
    ("Ki", 1024.0),
];

/// Unprefixed units that take prefixes without ambiguity.
const BASES: &[&str] = &[
    "W", "Wh", "J", "VA", "m", "g", "EUR", "KRW", "l", "V", "A", "Pa", "s",
];

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1.0)
}

fn compatible_pair() -> impl Strategy<Value = (&'static str, &'static str)> {
    (0..GROUPS.len()).prop_flat_map(|g| {
        let group = GROUPS.get(g).copied().unwrap_or_default();
        (
            proptest::sample::select(group),
            proptest::sample::select(group),
        )
    })
}

proptest! {
    #[test]
    fn round_trip_between_compatible_units((a, b) in compatible_pair(), value in -1e6f64..1e6) {
        let there = convert_value(value, a, b, None, None).unwrap();
        let back = convert_value(there, b, a, None, None).unwrap();
        prop_assert!(close(back, value, 1e-9), "{a} -> {b} -> {a}: {value} -> {there} -> {back}");
        prop_assert!(units_are_convertible(a, b, false));
    }

    #[test]
    fn conversion_is_transitive((a, b) in compatible_pair(), value in -1e3f64..1e3) {
        let c = GROUPS.iter().find(|g| g.contains(&a)).and_then(|g| g.first()).copied().unwrap_or(a);
        let direct = convert_value(value, a, b, None, None).unwrap();
        let via = convert_value(convert_value(value, a, c, None, None).unwrap(), c, b, None, None).unwrap();
        prop_assert!(close(direct, via, 1e-9), "{a} -> {b} direct {direct} via {c} {via}");
    }

    #[test]
    fn prefixes_scale_consistently(
        (prefix, factor) in proptest::sample::select(PREFIXES),
        base in proptest::sample::select(BASES),
        value in -1e6f64..1e6,
    ) {
        let prefixed = format!("{prefix}{base}");
        let unit = parse_unit(&prefixed).unwrap();
        let plain = parse_unit(base).unwrap();
        prop_assert_eq!(unit.dimension(), plain.dimension());
        prop_assert!(close(unit.scale(), factor * plain.scale(), 1e-12), "{prefixed}");
        let converted = convert_value(value, &prefixed, base, None, None).unwrap();
        prop_assert!(close(converted, value * factor, 1e-12), "{value} {prefixed} -> {converted} {base}");
        prop_assert_eq!(unit.symbols(), prefixed.clone());
        let squared = parse_unit(&format!("{prefixed}²")).unwrap();
        prop_assert!(close(squared.scale(), unit.scale() * unit.scale(), 1e-12), "{prefixed}²");
    }

    #[test]
    fn stock_and_flow_conversions_invert(minutes in 1i64..10_000, value in -1e6f64..1e6) {
        let resolution = Some(TimeDelta::minutes(minutes));
        let flow = convert_value(value, "kWh", "kW", resolution, None).unwrap();
        prop_assert!(close(flow, value * 60.0 / minutes as f64, 1e-12));
        let stock = convert_value(flow, "kW", "kWh", resolution, None).unwrap();
        prop_assert!(close(stock, value, 1e-9));
        let m3 = convert_value(value, "m³", "l/h", resolution, None).unwrap();
        prop_assert!(close(m3, value * 1000.0 * 60.0 / minutes as f64, 1e-12));
    }

    #[test]
    fn percentages_of_a_capacity_invert(capacity in 0.001f64..1e4, value in -1e3f64..1e3) {
        let capacity = format!("{capacity} MWh");
        let energy = convert_value(value, "%", "kWh", None, Some(&capacity)).unwrap();
        let back = convert_value(energy, "kWh", "%", None, Some(&capacity)).unwrap();
        prop_assert!(close(back, value, 1e-9), "{value}% of {capacity}: {energy} kWh -> {back}%");
    }

    #[test]
    fn stock_to_flow_only(
        energy in proptest::sample::select(GROUPS.get(1).copied().unwrap_or_default()),
        power in proptest::sample::select(GROUPS.first().copied().unwrap_or_default()),
    ) {
        prop_assert!(units_are_convertible(energy, power, true));
        prop_assert!(!units_are_convertible(energy, power, false));
        prop_assert!(!units_are_convertible(power, energy, true));
        prop_assert!(is_energy_unit(energy) && is_power_unit(power));
    }

    #[test]
    fn negated_units_flip_signs(value in -1e6f64..1e6, base in proptest::sample::select(&["W", "kW", "MW", "EUR/MWh"][..])) {
        let negated = format!("-{base}");
        prop_assert!(close(convert_value(value, &negated, base, None, None).unwrap(), -value, 1e-12));
    }

    #[test]
    fn parser_never_panics_on_unit_like_input(s in "[0-9kMWhEURm%‰°²³⁻·*/^()+ .eC_-]{0,24}") {
        let _ = parse_unit(&s);
        let _ = convert_units(&[1.0], &s, "kWh", Some(TimeDelta::minutes(5)), Some("2 MWh"));
        let _ = determine_flow_unit(&s, "h");
        let _ = split_into_magnitude_and_unit(&s);
    }

    #[test]
    fn parser_never_panics(s in "\\PC{0,12}") {
        let _ = parse_unit(&s);
        let _ = parse_quantity(&s);
        let _ = convert_units(&[1.0], &s, "kW", Some(TimeDelta::hours(1)), Some("1 kWh"));
    }
}
