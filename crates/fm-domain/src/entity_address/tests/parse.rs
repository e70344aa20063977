//! Table-driven parsing tests: every example of api-legacy-v1 §3 and api-v2_0 §3.10, the
//! upstream test cases, and every parser error text.

use crate::entity_address::{
    EntityAddress, EntityAddressError, EntityInfo, EntityType, parse_fm0_entity_address,
    parse_fm1_entity_address,
};

use EntityType::{Connection, Event, Market, Sensor, WeatherSensor};

/// Server prefix used for fm1 error messages in these tests.
const SERVER: &str = "ea1.2026-12.localhost";

fn connection(owner_id: Option<i64>, asset_id: i64) -> EntityInfo {
    EntityInfo::Connection { owner_id, asset_id }
}

fn event(owner_id: Option<i64>, asset_id: i64, event_id: i64, event_type: &str) -> EntityInfo {
    EntityInfo::Event {
        owner_id,
        asset_id,
        event_id,
        event_type: event_type.to_owned(),
    }
}

fn weather(sensor_type: &str, latitude: f64, longitude: f64) -> EntityInfo {
    EntityInfo::WeatherSensor {
        sensor_type: sensor_type.to_owned(),
        latitude,
        longitude,
    }
}

fn market(name: &str) -> EntityInfo {
    EntityInfo::Market {
        market_name: name.to_owned(),
    }
}

#[test]
fn fm0_valid_addresses() {
    #[rustfmt::skip]
    let cases: Vec<(EntityType, &str, &str, EntityInfo)> = vec![
        (Connection, "ea1.2021-01.io.flexmeasures:fm0.40:30", "2021-01.io.flexmeasures", connection(Some(40), 30)),
        (Connection, "ea1.2018-06.localhost:40:30", "2018-06.localhost", connection(Some(40), 30)),
        (Connection, "ea1.2018-06.localhost:40", "2018-06.localhost", connection(None, 40)),
        // A port ends the authority; "5000:" is swallowed by the repeated owner group.
        (Connection, "ea1.2018-06.localhost:5000:40:30", "2018-06.localhost", connection(Some(40), 30)),
        (Connection, "ea1.2018-06.io.flexmeasures:40:30", "2018-06.io.flexmeasures", connection(Some(40), 30)),
        // The fm prefix is not checked when parsing fm0.
        (Connection, "ea1.2018-06.localhost:fm1.42", "2018-06.localhost", connection(None, 42)),
        (Connection, "ea1.2018-06.io.flexmeasures.staging:fm1.30", "2018-06.io.flexmeasures.staging", connection(None, 30)),
        (Connection, "ea1.2018-06.localhost:fm0.1:2", "2018-06.localhost", connection(Some(1), 2)),
        (Connection, "ea1.2018-06.localhost:2", "2018-06.localhost", connection(None, 2)),
        (Connection, "ea1.2018-06.localhost:fm1.2", "2018-06.localhost", connection(None, 2)),
        (WeatherSensor, "ea1.2021-01.io.flexmeasures:fm0.temperature:52:73.0", "2021-01.io.flexmeasures", weather("temperature", 52.0, 73.0)),
        (WeatherSensor, "ea1.2018-06.localhost:wind speed:33.4843866:126", "2018-06.localhost", weather("wind speed", 33.484_386_6, 126.0)),
        (WeatherSensor, "ea1.2018-06.io.flexmeasures:temperature:-52:73.0", "2018-06.io.flexmeasures", weather("temperature", -52.0, 73.0)),
        (WeatherSensor, "ea1.2018-06.localhost:fm0.irradiance:52.1:4.3", "2018-06.localhost", weather("irradiance", 52.1, 4.3)),
        (Market, "ea1.2021-01.io.flexmeasures:fm0.epex_da", "2021-01.io.flexmeasures", market("epex_da")),
        (Market, "ea1.2018-06.localhost:epex_da", "2018-06.localhost", market("epex_da")),
        (Market, "ea1.2018-06.io.flexmeasures:epex_da", "2018-06.io.flexmeasures", market("epex_da")),
        (Event, "ea1.2021-01.io.flexmeasures:fm0.40:30:302:soc", "2021-01.io.flexmeasures", event(Some(40), 30, 302, "soc")),
        (Event, "ea1.2018-06.localhost:13:203:soc", "2018-06.localhost", event(None, 13, 203, "soc")),
        (Event, "ea1.2018-06.localhost:7:10:204:soc-with-targets", "2018-06.localhost", event(Some(7), 10, 204, "soc-with-targets")),
        (Event, "ea1.2018-06.io.flexmeasures.staging:40:30:302:soc", "2018-06.io.flexmeasures.staging", event(Some(40), 30, 302, "soc")),
        (Event, "ea1.2018-06.io.flexmeasures.staging:30:302:soc", "2018-06.io.flexmeasures.staging", event(None, 30, 302, "soc")),
        // Greedy owner group: the event type may itself contain digits and colons.
        (Event, "ea1.2018-06.localhost:1:2:3:5:6", "2018-06.localhost", event(Some(2), 3, 5, "6")),
        (Event, "ea1.2018-06.localhost:fm0.1:2:3:soc.x", "2018-06.localhost", event(Some(1), 2, 3, "soc.x")),
    ];
    for (entity_type, address, authority, info) in cases {
        let parsed = parse_fm0_entity_address(address, entity_type)
            .unwrap_or_else(|e| panic!("{address} should parse as {entity_type}: {e}"));
        let expected = EntityAddress {
            scheme: "ea1".to_owned(),
            naming_authority: authority.to_owned(),
            info,
        };
        assert_eq!(parsed, expected, "{address}");
    }
}

#[test]
fn fm0_parse_errors_have_exact_texts() {
    let date_error =
        "After 'ea1.', a date specification of the format ([0-9]{4})-(0[1-9]|1[012]) is expected.";
    #[rustfmt::skip]
    let cases: Vec<(EntityType, &str, String)> = vec![
        (Connection, "ea2.2018-06.localhost:40:30", "A valid type 1 USEF entity address starts with 'ea1', please review ea2.2018-06.localhost:40:30".to_owned()),
        (Connection, "40:30", "A valid type 1 USEF entity address starts with 'ea1', please review 40:30".to_owned()),
        (Connection, "", "A valid type 1 USEF entity address starts with 'ea1', please review ".to_owned()),
        (Connection, "ea1.2018-RR.localhost:40:30", date_error.to_owned()),
        (Connection, "ea1.2018-13.localhost:40:30", date_error.to_owned()),
        (Connection, "ea1.2018-00.localhost:40:30", date_error.to_owned()),
        (Connection, "ea1:40", date_error.to_owned()),
        (Connection, "ea1", date_error.to_owned()),
        (WeatherSensor, "ea1.2018-04.localhost:5000:40:30", "Could not parse weather_sensor ea1.2018-04.localhost:5000:40:30.".to_owned()),
        (Market, "ea1.2021-01.io.flexmeasures:some.weird:identifier%that^is*not)used", "Could not parse market ea1.2021-01.io.flexmeasures:some.weird:identifier%that^is*not)used.".to_owned()),
        (Market, "ea1.2018-06.localhost:1abc", "Could not parse market ea1.2018-06.localhost:1abc.".to_owned()),
        (Event, "ea1.2018-06.localhost:fm0.40:30", "Could not parse event ea1.2018-06.localhost:fm0.40:30.".to_owned()),
        (Event, "ea1.2018-06.localhost:40:30:", "Could not parse event ea1.2018-06.localhost:40:30:.".to_owned()),
        (Connection, "ea1.2018-06.localhost", "Could not parse connection ea1.2018-06.localhost.".to_owned()),
        (Connection, "ea1.2018-06.localhost:", "Could not parse connection ea1.2018-06.localhost:.".to_owned()),
        (Connection, "ea1.2018-06.:40", "Could not parse connection ea1.2018-06.:40.".to_owned()),
        (Connection, "ea1.2018-06.localhost:40\n", "Could not parse connection ea1.2018-06.localhost:40\n.".to_owned()),
        (Sensor, "ea1.2018-06.localhost:40", "Could not parse ea1.2018-06.localhost:40.".to_owned()),
    ];
    for (entity_type, address, text) in cases {
        let err = parse_fm0_entity_address(address, entity_type)
            .err()
            .unwrap_or_else(|| panic!("{address:?} should not parse as {entity_type}"));
        assert_eq!(err.to_string(), text, "{address:?}");
        assert!(err.is_parse_error());
    }
}

#[test]
fn fm1_addresses_and_errors() {
    #[rustfmt::skip]
    let ok: Vec<(EntityType, &str, &str, i64)> = vec![
        (Sensor, "ea1.2021-01.io.flexmeasures:fm1.42", "2021-01.io.flexmeasures", 42),
        (Market, "ea1.2018-06.localhost:fm1.1", "2018-06.localhost", 1),
        (Connection, "ea1.2026-12.localhost:fm1.5", "2026-12.localhost", 5),
        (WeatherSensor, "ea1.2021-01.io.flexmeasures.company:fm1.14", "2021-01.io.flexmeasures.company", 14),
    ];
    for (entity_type, address, authority, sensor_id) in ok {
        let parsed = parse_fm1_entity_address(address, entity_type, SERVER)
            .unwrap_or_else(|e| panic!("{address}: {e}"));
        assert_eq!(parsed.naming_authority, authority);
        assert_eq!(parsed.scheme, "ea1");
        assert_eq!(parsed.info, EntityInfo::Sensor { sensor_id });
        assert_eq!(parsed.to_string(), address);
    }

    #[rustfmt::skip]
    let err: Vec<(EntityType, &str, &str)> = vec![
        (Market, "ea1.2018-06.localhost:fm0.42", "A valid type 1 FlexMeasures entity address starts with 'ea1.2026-12.localhost:fm1.', please review ea1.2018-06.localhost:fm0.42"),
        (Market, "ea1.2018-06.localhost:epex_da", "A valid type 1 FlexMeasures entity address starts with 'ea1.2026-12.localhost:fm1.', please review ea1.2018-06.localhost:epex_da"),
        (Sensor, "ea1.2021-01.io.flexmeasures", "A valid type 1 FlexMeasures entity address starts with 'ea1.2026-12.localhost:fm1.', please review ea1.2021-01.io.flexmeasures"),
        (Connection, "ea1.2018-06.localhost:fm1.4x", "Could not parse connection ea1.2018-06.localhost:fm1.4x."),
        (Market, "ea1.2021-01.io.flexmeasures:fm1.some.weird:identifier%that^is*not)used", "Could not parse market ea1.2021-01.io.flexmeasures:fm1.some.weird:identifier%that^is*not)used."),
        (Market, "ea1.2021-01.io.flexmeasures:fm1.-1", "Could not parse market ea1.2021-01.io.flexmeasures:fm1.-1."),
        (WeatherSensor, "ea1.2018-06.localhost:fm1.42:43", "Could not parse weather_sensor ea1.2018-06.localhost:fm1.42:43."),
        (Sensor, "ea1.2021-01.io.flexmeasures:fm1.fm1.42", "A valid type 1 FlexMeasures entity address starts with 'ea1.2021-01.io.flexmeasures:fm1', please review ea1.2021-01.io.flexmeasures:fm1.fm1.42"),
        (Sensor, "ea1.2021-13.io.flexmeasures:fm1.9", "After 'ea1.', a date specification of the format ([0-9]{4})-(0[1-9]|1[012]) is expected."),
        (Sensor, "ea2.2021-01.io.flexmeasures:fm1.9", "A valid type 1 USEF entity address starts with 'ea1', please review ea2.2021-01.io.flexmeasures:fm1.9"),
    ];
    for (entity_type, address, text) in err {
        let e = parse_fm1_entity_address(address, entity_type, SERVER)
            .err()
            .unwrap_or_else(|| panic!("{address} should not parse"));
        assert_eq!(e.to_string(), text, "{address}");
    }
}

#[test]
fn entity_type_names_round_trip_and_unknown_is_an_error() {
    for t in [Sensor, Connection, WeatherSensor, Market, Event] {
        assert_eq!(t.as_str().parse::<EntityType>(), Ok(t));
    }
    let e = "asset".parse::<EntityType>().err();
    assert_eq!(
        e.map(|e| e.to_string()),
        Some("Unrecognized entity type: asset".to_owned())
    );
    assert_eq!(
        EntityAddressError::UnrecognizedEntityType("x".into()).to_string(),
        "Unrecognized entity type: x"
    );
}

#[test]
fn resolution_helpers() {
    let conn = parse_fm0_entity_address("ea1.2018-06.localhost:40:30", Connection).ok();
    assert_eq!(conn.map(|a| a.info.sensor_id()), Some(Some(30)));
    let m = parse_fm0_entity_address("ea1.2018-06.localhost:epex_da", Market).ok();
    assert_eq!(m.map(|a| a.info.sensor_id()), Some(None));
    let canonical = parse_fm0_entity_address("ea1.2018-06.localhost:13:203:soc", Event)
        .map(|a| a.to_string())
        .ok();
    assert_eq!(
        canonical.as_deref(),
        Some("ea1.2018-06.localhost:fm0.13:203:soc")
    );
}
