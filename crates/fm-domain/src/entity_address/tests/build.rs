//! Building tests: the examples of api-legacy-v1 §3.3 / api-v2_0 §3.10 and upstream's tests.

use chrono::NaiveDate;

use crate::entity_address::{
    DomainParts, EntityInfo, EntityType, HostsAndAuthStart, build_ea_scheme_and_naming_authority,
    build_entity_address, first_month_after, host_from_request, parse_fm0_entity_address,
    parse_fm1_entity_address, reverse_domain_name, split_domain,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap_or_default()
}

fn config() -> HostsAndAuthStart {
    [
        ("flexmeasures.io", "2021-01"),
        ("staging.flexmeasures.io", "2022-09"),
    ]
    .into_iter()
    .collect()
}

#[test]
fn builds_the_documented_addresses() {
    #[rustfmt::skip]
    let cases: Vec<(EntityInfo, &str, &str)> = vec![
        (EntityInfo::Sensor { sensor_id: 42 }, "flexmeasures.io", "ea1.2021-01.io.flexmeasures:fm1.42"),
        (EntityInfo::Connection { owner_id: Some(3), asset_id: 40 }, "flexmeasures.io", "ea1.2021-01.io.flexmeasures:fm0.3:40"),
        (EntityInfo::Connection { owner_id: Some(40), asset_id: 30 }, "localhost:5000", "ea1.2026-12.localhost:fm0.40:30"),
        (EntityInfo::Connection { owner_id: None, asset_id: 30 }, "localhost", "ea1.2026-12.localhost:fm0.30"),
        (
            EntityInfo::WeatherSensor { sensor_type: "temperature".into(), latitude: 52.0, longitude: 73.0 },
            "flexmeasures.io",
            "ea1.2021-01.io.flexmeasures:fm0.temperature:52.0:73.0",
        ),
        (EntityInfo::Market { market_name: "epex_da".into() }, "flexmeasures.io", "ea1.2021-01.io.flexmeasures:fm0.epex_da"),
        (
            EntityInfo::Event { owner_id: Some(40), asset_id: 30, event_id: 302, event_type: "soc".into() },
            "http://staging.flexmeasures.io:4444",
            "ea1.2022-09.io.flexmeasures.staging:fm0.40:30:302:soc",
        ),
        (EntityInfo::Sensor { sensor_id: 1 }, "localhost", "ea1.2026-12.localhost:fm1.1"),
        (EntityInfo::Sensor { sensor_id: 1 }, "127.0.0.1:5000", "ea1.2026-12.127.0.0.1:fm1.1"),
    ];
    for (info, host, expected) in cases {
        let built = build_entity_address(&info, host, &config(), today());
        assert_eq!(built.as_deref(), Ok(expected), "{host}");
    }
}

#[test]
fn built_addresses_parse_back() {
    let infos = vec![
        EntityInfo::Connection {
            owner_id: Some(40),
            asset_id: 30,
        },
        EntityInfo::Connection {
            owner_id: None,
            asset_id: 7,
        },
        EntityInfo::WeatherSensor {
            sensor_type: "wind speed".into(),
            latitude: 33.4843866,
            longitude: -126.5,
        },
        EntityInfo::Market {
            market_name: "epex_da".into(),
        },
        EntityInfo::Event {
            owner_id: None,
            asset_id: 10,
            event_id: 204,
            event_type: "soc-with-targets".into(),
        },
    ];
    for info in infos {
        let address = build_entity_address(&info, "flexmeasures.io", &config(), today());
        let parsed = address
            .as_deref()
            .map_err(|e| e.clone())
            .and_then(|a| parse_fm0_entity_address(a, info.entity_type()));
        assert_eq!(parsed.map(|p| p.info), Ok(info));
    }
    let sensor = EntityInfo::Sensor { sensor_id: 42 };
    let address = build_entity_address(&sensor, "flexmeasures.io", &config(), today());
    let parsed = address.as_deref().map_err(|e| e.clone()).and_then(|a| {
        parse_fm1_entity_address(a, EntityType::Sensor, "ea1.2021-01.io.flexmeasures")
    });
    assert_eq!(parsed.map(|p| p.info), Ok(sensor));
}

#[test]
fn scheme_and_naming_authority() {
    let defaults = HostsAndAuthStart::default();
    let company: HostsAndAuthStart = [
        ("flexmeasures.io", "2021-01"),
        ("company.flexmeasures.io", "2020-04"),
    ]
    .into_iter()
    .collect();
    #[rustfmt::skip]
    let ok: Vec<(&str, Option<&str>, &HostsAndAuthStart, &str)> = vec![
        ("localhost:5000", None, &defaults, "ea1.2026-12.localhost"),
        ("flexmeasures.io", None, &defaults, "ea1.2021-01.io.flexmeasures"),
        ("company.flexmeasures.io", None, &company, "ea1.2020-04.io.flexmeasures.company"),
        ("company.flexmeasures.io", Some("1999-12"), &defaults, "ea1.1999-12.io.flexmeasures.company"),
    ];
    for (host, month, hosts, expected) in ok {
        let built = build_ea_scheme_and_naming_authority(host, month, hosts, today());
        assert_eq!(built.as_deref(), Ok(expected), "{host}");
    }
    #[rustfmt::skip]
    let err: Vec<(&str, Option<&str>, &str)> = vec![
        ("company.flexmeasures.io", Some("1999--13"), "1999--13 should adhere to the format ^\\d{4}-\\d{2}$."),
        ("company.flexmeasures.io", Some("1999-13"), "Month in 1999-13 should be in the range of 1 to 12."),
        ("company.flexmeasures.io", Some("1999-00"), "Month in 1999-00 should be in the range of 1 to 12."),
        (
            "company.notflexmeasures.io",
            None,
            "Could not find out when authority for company.notflexmeasures.io started. Is FLEXMEASURES_HOSTS_AND_AUTH_START configured for it?",
        ),
    ];
    for (host, month, text) in err {
        let e = build_ea_scheme_and_naming_authority(host, month, &defaults, today()).err();
        assert_eq!(
            e.as_ref().map(ToString::to_string).as_deref(),
            Some(text),
            "{host}"
        );
        assert!(e.is_some_and(|e| !e.is_parse_error()));
    }
}

#[test]
fn reverses_domain_names() {
    let cases = [
        ("flexmeasures.io", "io.flexmeasures"),
        ("company.flexmeasures.io", "io.flexmeasures.company"),
        (
            "staging.company.flexmeasures.org",
            "org.flexmeasures.company.staging",
        ),
        (
            "staging.company.flexmeasures.io:4500",
            "io.flexmeasures.company.staging",
        ),
        (
            "https://staging.company.flexmeasures.io:4500",
            "io.flexmeasures.company.staging",
        ),
        (
            "https://user:pass@staging.company.flexmeasures.io:4500",
            "io.flexmeasures.company.staging",
        ),
        ("test.flexmeasures.co.uk", "uk.co.flexmeasures.test"),
        (
            "test.staging.flexmeasures.co.uk",
            "uk.co.flexmeasures.staging.test",
        ),
        ("localhost", "localhost"),
        ("localhost:5000", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
    ];
    for (host, expected) in cases {
        assert_eq!(reverse_domain_name(host), expected, "{host}");
    }
    assert_eq!(
        split_domain("test.staging.flexmeasures.co.uk"),
        DomainParts {
            subdomain: "test.staging".into(),
            domain: "flexmeasures".into(),
            suffix: "co.uk".into(),
        }
    );
    assert_eq!(split_domain("dev.localhost").domain, "localhost");
}

#[test]
fn hosts_months_and_defaults() {
    assert_eq!(
        HostsAndAuthStart::default().get("flexmeasures.io"),
        Some("2021-01")
    );
    assert_eq!(first_month_after(today()), "2026-12");
    let december = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
    assert_eq!(first_month_after(december), "2027-01");
    assert_eq!(host_from_request(None), "localhost");
    assert_eq!(host_from_request(Some("www.example.com")), "example.com");
    assert_eq!(
        host_from_request(Some("web.example.com")),
        "web.example.com"
    );
    assert_eq!(host_from_request(Some("127.0.0.1:5000")), "localhost");
    assert_eq!(
        host_from_request(Some("flexmeasures.io:443")),
        "flexmeasures.io:443"
    );
}
