//! Property tests: every address the builder emits parses back to the same fields.

use chrono::NaiveDate;
use proptest::prelude::*;

use crate::entity_address::{
    EntityInfo, EntityType, HostsAndAuthStart, build_entity_address, parse_fm0_entity_address,
    parse_fm1_entity_address,
};

/// A coordinate within ±`limit`, including integral and tiny values.
fn coordinate(limit: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        -limit..limit,
        (-90i32..90).prop_map(f64::from),
        (-1.0e-3..1.0e-3f64),
        Just(1.0e-7),
    ]
}

/// Random legacy (fm0) entity fields.
fn fm0_info() -> impl Strategy<Value = EntityInfo> {
    let id = 0i64..1_000_000_000;
    prop_oneof![
        (proptest::option::of(id.clone()), id.clone())
            .prop_map(|(owner_id, asset_id)| EntityInfo::Connection { owner_id, asset_id }),
        (
            "[a-zA-Z][a-zA-Z0-9_ ]{0,12}",
            coordinate(90.0),
            coordinate(180.0)
        )
            .prop_map(
                |(sensor_type, latitude, longitude)| EntityInfo::WeatherSensor {
                    sensor_type,
                    latitude,
                    longitude,
                }
            ),
        "[a-zA-Z][a-zA-Z0-9_]{0,12}".prop_map(|market_name| EntityInfo::Market { market_name }),
        (
            proptest::option::of(id.clone()),
            id.clone(),
            id,
            "[a-z][a-z0-9:._-]{0,12}"
        )
            .prop_map(
                |(owner_id, asset_id, event_id, event_type)| EntityInfo::Event {
                    owner_id,
                    asset_id,
                    event_id,
                    event_type,
                }
            ),
    ]
}

proptest! {
    /// fm0 addresses built for any host round-trip through the fm0 parser.
    #[test]
    fn fm0_addresses_round_trip(info in fm0_info(), sub in "[a-z]{1,8}", localhost in any::<bool>()) {
        let host = if localhost { "localhost:5000".to_owned() } else { format!("{sub}.flexmeasures.io") };
        let hosts: HostsAndAuthStart = [(format!("{sub}.flexmeasures.io"), "2020-04")].into_iter().collect();
        let today = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let address = build_entity_address(&info, &host, &hosts, today).unwrap();
        let parsed = parse_fm0_entity_address(&address, info.entity_type()).unwrap();
        prop_assert_eq!(&parsed.info, &info);
        prop_assert_eq!(parsed.to_string(), address);
    }

    /// fm1 sensor addresses round-trip through the fm1 parser.
    #[test]
    fn fm1_addresses_round_trip(sensor_id in 0i64..i64::MAX) {
        let info = EntityInfo::Sensor { sensor_id };
        let today = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let address = build_entity_address(&info, "flexmeasures.io", &HostsAndAuthStart::default(), today).unwrap();
        let parsed = parse_fm1_entity_address(&address, EntityType::Sensor, "ea1.2021-01.io.flexmeasures").unwrap();
        prop_assert_eq!(parsed.naming_authority.as_str(), "2021-01.io.flexmeasures");
        prop_assert_eq!(parsed.info, info);
    }
}
