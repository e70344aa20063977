//! Medians, the HEAD one-deterministic-belief rule, latest versions and version ordering.

use std::collections::HashMap;

use super::b;
use crate::beliefs::{
    SourceVersion, keep_latest_version, median_beliefs, one_deterministic_belief_per_event,
};

#[test]
fn median_rule() {
    let p = |cp: f64, v: f64| b(0, 0, 1, v).with_cumulative_probability(cp);
    let cases = [
        (vec![p(0.1, 1.0), p(0.5, 2.0), p(0.9, 3.0)], p(0.5, 2.0)),
        (vec![p(0.9, 3.0), p(0.6, 2.0), p(0.2, 1.0)], p(0.6, 2.0)),
        (vec![p(0.1, 1.0), p(0.3, 2.0)], p(0.3, 2.0)),
        (vec![p(0.7, 5.0)], p(0.7, 5.0)),
    ];
    for (rows, median) in cases {
        assert_eq!(median_beliefs(&rows), vec![median]);
    }
}

#[test]
fn head_rule_prefers_version_then_belief_time_then_input_order() {
    let versions: HashMap<i32, SourceVersion> = [(1, "1.0"), (2, "2.0"), (3, "2.0")]
        .into_iter()
        .map(|(id, v)| (id, SourceVersion::from_optional(Some(v))))
        .collect();
    let rank = |id: i32| versions.get(&id).cloned().unwrap_or_default();
    let beliefs = [
        // Event 0: source 2 (v2.0) wins over a more recent belief of source 1 (v1.0).
        b(0, -60, 1, 1.0),
        b(0, 30, 2, 2.0),
        // Event 15: sources 2 and 3 share v2.0; the most recent belief (source 3) wins.
        b(15, 30, 2, 3.0),
        b(15, 0, 3, 4.0),
        // Event 30: full tie between 2 and 3: the first in input order wins.
        b(30, 0, 3, 5.0),
        b(30, 0, 2, 6.0),
    ];
    let got = one_deterministic_belief_per_event(&beliefs, rank);
    assert_eq!(
        got,
        vec![b(0, 30, 2, 2.0), b(15, 0, 3, 4.0), b(30, 0, 3, 5.0)]
    );
}

#[test]
fn always_one_row_per_event_even_for_one_source() {
    let p = |h: i64, cp: f64, v: f64| b(0, h, 1, v).with_cumulative_probability(cp);
    let beliefs = [
        p(10, 0.1, 1.0),
        p(10, 0.5, 2.0),
        p(10, 0.9, 3.0),
        p(0, 0.5, 4.0),
        b(15, 5, 1, 7.0),
    ];
    let got = one_deterministic_belief_per_event(&beliefs, |_| 0);
    assert_eq!(got, vec![p(0, 0.5, 4.0), b(15, 5, 1, 7.0)]);
}

#[test]
fn latest_version_per_event_and_per_belief() {
    // Sources 1 and 2 form one group (same name/type/model), 2 being newer; 3 is on its own.
    let group = |id: i32| if id == 3 { "other" } else { "forecaster" };
    let priority = |id: i32| {
        (
            SourceVersion::from_optional([None, Some("1.0"), Some("1.1"), None][id as usize]),
            id,
        )
    };
    let beliefs = [
        b(0, 0, 1, 1.0),
        b(0, 10, 2, 2.0),
        b(0, 0, 3, 3.0),
        b(15, 0, 1, 4.0),
    ];
    let per_event = keep_latest_version(&beliefs, group, priority, true);
    assert_eq!(
        per_event,
        vec![b(0, 10, 2, 2.0), b(0, 0, 3, 3.0), b(15, 0, 1, 4.0)]
    );
    let per_belief = keep_latest_version(&beliefs, group, priority, false);
    assert_eq!(per_belief, beliefs.to_vec());
}

#[test]
fn source_version_ordering() {
    let ordered = [
        "0.0.0",
        "0.1",
        "1.0.dev0",
        "1.0a1",
        "1.0b2",
        "1.0rc1",
        "1.0",
        "1.0.post1",
        "1.1.dev3",
        "1.1",
        "2!0.5",
    ];
    let parsed: Vec<SourceVersion> = ordered
        .iter()
        .map(|v| SourceVersion::parse(v).unwrap())
        .collect();
    for pair in parsed.windows(2) {
        assert!(pair[0] < pair[1], "{pair:?}");
    }
    assert_eq!(SourceVersion::parse("1.0"), SourceVersion::parse("1.0.0"));
    assert_eq!(SourceVersion::parse("v1.2"), SourceVersion::parse("1.2"));
    assert!(SourceVersion::parse("999.999.999dev999").is_some());
    assert!(SourceVersion::parse("not a version").is_none());
    assert_eq!(SourceVersion::from_optional(None), SourceVersion::default());
    assert_eq!(
        SourceVersion::from_optional(Some("")),
        SourceVersion::default()
    );
    assert_eq!(
        SourceVersion::from_optional(Some("0.0.0")),
        SourceVersion::default()
    );
}
