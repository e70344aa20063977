//! Reading and writing the stored `(knowledge_horizon_fnc, knowledge_horizon_par)` pair.

use chrono::TimeDelta;
use serde_json::{Value, json};

use super::{AMS, at};
use crate::time::{KnowledgeHorizonError, KnowledgeHorizonFnc};

fn mins(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

fn hours(h: i64) -> TimeDelta {
    TimeDelta::hours(h)
}

fn day_ahead() -> KnowledgeHorizonFnc {
    KnowledgeHorizonFnc::from_stored(
        "x_days_ago_at_y_oclock",
        &json!({"x": 1, "y": 12, "z": "Europe/Paris"}),
    )
    .unwrap()
}

#[test]
fn reads_the_stored_pair() {
    let ok: &[(&str, Value, KnowledgeHorizonFnc)] = &[
        (
            "ex_post",
            json!({"ex_post_horizon": "P0D"}),
            KnowledgeHorizonFnc::default(),
        ),
        (
            "ex_post",
            json!({"ex_post_horizon": "PT0H"}),
            KnowledgeHorizonFnc::default(),
        ),
        (
            "determine_ex_post_knowledge_horizon",
            json!({"ex_post_horizon": "PT5M"}),
            KnowledgeHorizonFnc::ExPost {
                ex_post_horizon: mins(5),
            },
        ),
        (
            "ex_ante",
            json!({"ex_ante_horizon": "PT0H"}),
            KnowledgeHorizonFnc::ExAnte {
                ex_ante_horizon: mins(0),
            },
        ),
        (
            "ex_ante",
            json!({"get_bounds": "PT0H"}),
            KnowledgeHorizonFnc::ExAnte {
                ex_ante_horizon: mins(0),
            },
        ),
        (
            "determine_ex_ante_knowledge_horizon",
            json!({"ex_ante_horizon": "-PT1H"}),
            KnowledgeHorizonFnc::ExAnte {
                ex_ante_horizon: hours(-1),
            },
        ),
        (
            "x_days_ago_at_y_o_clock",
            json!({"x": 1, "y": 12, "z": "Europe/Paris"}),
            day_ahead(),
        ),
        (
            "determine_ex_ante_knowledge_horizon_for_x_days_ago_at_y_oclock",
            json!({"x": 1, "y": 12.0, "z": "europe/paris"}),
            day_ahead(),
        ),
        (
            "at_date",
            json!({"knowledge_time": "2020-11-20T00:00:00"}),
            KnowledgeHorizonFnc::AtDate {
                knowledge_time: at("2020-11-20T00:00:00Z"),
            },
        ),
        (
            "determine_knowledge_horizon_for_fixed_knowledge_time",
            json!({"knowledge_time": "2020-11-20T01:00:00+01:00"}),
            KnowledgeHorizonFnc::AtDate {
                knowledge_time: at("2020-11-20T01:00:00+01:00"),
            },
        ),
        (
            "x_years_ago_at_date",
            json!({"day": 1, "month": 1, "z": "UTC"}),
            KnowledgeHorizonFnc::XYearsAgoAtDate {
                x: 1,
                day: 1,
                month: 1,
                z: chrono_tz::UTC,
            },
        ),
    ];
    for (name, params, want) in ok {
        assert_eq!(
            KnowledgeHorizonFnc::from_stored(name, params).as_ref(),
            Ok(want),
            "{name} {params}"
        );
    }
    let unknown = KnowledgeHorizonFnc::from_stored("os.system", &json!({})).unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "knowledge_horizon_fnc os.system cannot be executed safely. Please register the function in the func_store."
    );
    let bad: &[(&str, Value)] = &[
        ("ex_post", json!({})),
        ("ex_post", json!([])),
        ("ex_post", json!({"ex_post_horizon": "P1M"})),
        ("ex_post", json!({"ex_post_horizon": 0})),
        ("ex_post", json!({"ex_post_horizon": "PT0H", "other": 1})),
        ("ex_post", json!({"get_bounds": "PT0H"})),
        (
            "ex_ante",
            json!({"ex_ante_horizon": "2020-01-01T00:00:00Z"}),
        ),
        ("at_date", json!({"knowledge_time": "yesterday"})),
        (
            "x_days_ago_at_y_oclock",
            json!({"x": 1, "y": 24, "z": "Europe/Paris"}),
        ),
        (
            "x_days_ago_at_y_oclock",
            json!({"x": 1, "y": -1, "z": "Europe/Paris"}),
        ),
        (
            "x_days_ago_at_y_oclock",
            json!({"x": 1.5, "y": 12, "z": "Europe/Paris"}),
        ),
        (
            "x_days_ago_at_y_oclock",
            json!({"x": 1, "y": 12, "z": "Mars/Olympus"}),
        ),
        (
            "x_days_ago_at_y_oclock",
            json!({"x": 1, "y": "12", "z": "Europe/Paris"}),
        ),
        ("x_days_ago_at_y_oclock", json!({"x": 1, "y": 12})),
        (
            "x_years_ago_at_date",
            json!({"x": 0, "day": 1, "month": 1, "z": "UTC"}),
        ),
        (
            "x_years_ago_at_date",
            json!({"x": 1, "day": 1, "month": 13, "z": "UTC"}),
        ),
    ];
    for (name, params) in bad {
        assert!(
            KnowledgeHorizonFnc::from_stored(name, params).is_err(),
            "{name} {params}"
        );
    }
    assert_eq!(
        KnowledgeHorizonFnc::from_stored("ex_post", &json!({})),
        Err(KnowledgeHorizonError::MissingParam {
            fnc: "ex_post",
            param: "ex_post_horizon"
        })
    );
}

#[test]
fn writes_the_stored_pair() {
    let cases: &[(KnowledgeHorizonFnc, &str, Value)] = &[
        (
            KnowledgeHorizonFnc::default(),
            "ex_post",
            json!({"ex_post_horizon": "P0D"}),
        ),
        (
            KnowledgeHorizonFnc::ExAnte {
                ex_ante_horizon: hours(-6),
            },
            "ex_ante",
            json!({"ex_ante_horizon": "-PT6H"}),
        ),
        (
            day_ahead(),
            "x_days_ago_at_y_oclock",
            json!({"x": 1, "y": 12, "z": "Europe/Paris"}),
        ),
        (
            KnowledgeHorizonFnc::XDaysAgoAtYOclock {
                x: 1,
                y: 12.25,
                z: chrono_tz::UTC,
            },
            "x_days_ago_at_y_oclock",
            json!({"x": 1, "y": 12.25, "z": "UTC"}),
        ),
        (
            KnowledgeHorizonFnc::AtDate {
                knowledge_time: at("2020-11-20T00:00:00Z"),
            },
            "at_date",
            json!({"knowledge_time": "2020-11-20T00:00:00Z"}),
        ),
        (
            KnowledgeHorizonFnc::AtDate {
                knowledge_time: at("2020-11-20T00:00:00.5+01:00"),
            },
            "at_date",
            json!({"knowledge_time": "2020-11-20T00:00:00.500000+01:00"}),
        ),
        (
            KnowledgeHorizonFnc::XYearsAgoAtDate {
                x: 2,
                day: 20,
                month: 11,
                z: AMS,
            },
            "x_years_ago_at_date",
            json!({"x": 2, "day": 20, "month": 11, "z": "Europe/Amsterdam"}),
        ),
    ];
    for (f, name, params) in cases {
        assert_eq!(f.to_stored(), (*name, params.clone()));
        assert_eq!(
            KnowledgeHorizonFnc::from_stored(name, params).as_ref(),
            Ok(f)
        );
    }
}
