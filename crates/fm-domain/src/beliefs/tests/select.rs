//! Timing formulas (§2.1 worked examples), event windows and the search rules (§2.4, §8).

use chrono::{FixedOffset, TimeDelta, TimeZone};

use super::{at, b, kt15, mins, utc};
use crate::beliefs::{
    Belief, BeliefQuery, EventWindow, Recency, WindowMode, belief_horizon, ex_post_knowledge_time,
    filter_beliefs, latest_state_query, most_recent_beliefs, most_recent_events, most_recent_only,
    select_beliefs,
};

#[test]
fn worked_timing_examples() {
    // 1. Power sensor, r = 15 min, ex_post/0: event 10:00–10:15Z, kt = 10:15Z.
    let start = utc(2021, 1, 1, 10, 0);
    let kt = ex_post_knowledge_time(start, mins(15));
    assert_eq!(kt, utc(2021, 1, 1, 10, 15));
    let reading = Belief::at_belief_time(start, utc(2021, 1, 1, 10, 20), kt, 1, 3.0);
    assert_eq!(reading.belief_horizon, mins(-5));
    assert!(reading.is_ex_post());
    let forecast = Belief::at_belief_time(start, utc(2021, 1, 1, 9, 0), kt, 1, 3.0);
    assert_eq!(forecast.belief_horizon, mins(75));
    assert!(forecast.is_ex_ante());
    assert_eq!(forecast.belief_time(kt), utc(2021, 1, 1, 9, 0));
    assert_eq!(forecast.cumulative_probability, 0.5);

    // 2. Day-ahead prices: kt = 2022-03-26 12:00+01:00 = 11:00Z (kh = 16 h for 05:00+02:00).
    let cet = FixedOffset::east_opt(3600).unwrap();
    let kt = cet
        .with_ymd_and_hms(2022, 3, 26, 12, 0, 0)
        .unwrap()
        .to_utc();
    let event = FixedOffset::east_opt(7200)
        .unwrap()
        .with_ymd_and_hms(2022, 3, 27, 5, 0, 0)
        .unwrap();
    assert_eq!(event.to_utc() - kt, TimeDelta::hours(16));
    let late = cet
        .with_ymd_and_hms(2022, 3, 26, 12, 45, 0)
        .unwrap()
        .to_utc();
    let early = cet
        .with_ymd_and_hms(2022, 3, 26, 11, 0, 0)
        .unwrap()
        .to_utc();
    assert_eq!(belief_horizon(kt, late), mins(-45));
    assert_eq!(belief_horizon(kt, early), TimeDelta::hours(1));

    // 3. Instantaneous sensor: kt = event start; a reading at the instant has h = 0.
    let kt = ex_post_knowledge_time(start, TimeDelta::zero());
    assert_eq!(belief_horizon(kt, start), TimeDelta::zero());
}

#[test]
fn event_window_semantics() {
    let r = mins(15);
    // (mode, window start, window end, event start, resolution, admitted)
    let cases = [
        (WindowMode::Contained, 0, 60, 0, r, true),
        (WindowMode::Contained, 0, 60, 45, r, true),
        (WindowMode::Contained, 7, 60, 0, r, false), // unaligned start 00:07: first event not contained
        (WindowMode::Contained, 7, 60, 15, r, true),
        (WindowMode::Contained, 0, 50, 45, r, false),
        (WindowMode::Overlapping, 7, 60, 0, r, true),
        (WindowMode::Overlapping, 15, 60, 0, r, false), // ends exactly at the window start
        (WindowMode::Overlapping, 0, 50, 45, r, true),
        (WindowMode::Overlapping, 0, 60, 60, r, false),
        (WindowMode::Overlapping, 0, 60, 60, TimeDelta::zero(), true), // r = 0: inclusive end
        (WindowMode::Overlapping, 0, 60, 0, TimeDelta::zero(), true),
        (WindowMode::Contained, 0, 60, 60, TimeDelta::zero(), true),
    ];
    for (mode, s, e, event, res, admitted) in cases {
        let w = EventWindow {
            start: Some(at(s)),
            end: Some(at(e)),
            mode,
        };
        assert_eq!(
            w.admits(at(event), res),
            admitted,
            "{mode:?} [{s},{e}] event {event}"
        );
    }
    assert!(EventWindow::default().admits(at(123), r));
    assert_eq!(
        EventWindow::contained(at(0), at(1)).mode,
        WindowMode::Contained
    );
    assert_eq!(
        EventWindow::overlapping(at(0), at(1)).mode,
        WindowMode::Overlapping
    );
}

#[test]
fn filters_apply_before_most_recent_selection() {
    // Event 0 has a forecast (h = 60) and a newer measurement (h = -5).
    let beliefs = [b(0, 60, 1, 10.0), b(0, -5, 1, 11.0), b(15, 30, 1, 20.0)];
    // Ex-ante only: the event keeps its forecast (v0.9.0 lost it).
    let q = BeliefQuery {
        horizons_at_least: Some(TimeDelta::zero()),
        ..BeliefQuery::default()
    };
    let got = select_beliefs(&beliefs, &q, mins(15), kt15);
    assert_eq!(got, vec![b(0, 60, 1, 10.0), b(15, 30, 1, 20.0)]);
    // beliefs_before falls back to the older belief (belief time of the forecast = 00:15 − 60 min).
    let q = BeliefQuery {
        beliefs_before: Some(at(0)),
        ..BeliefQuery::default()
    };
    let got = select_beliefs(&beliefs, &q, mins(15), kt15);
    assert_eq!(got, vec![b(0, 60, 1, 10.0), b(15, 30, 1, 20.0)]);
    // beliefs_after is inclusive: the measurement at 00:20 passes, the forecasts do not.
    let q = BeliefQuery {
        beliefs_after: Some(at(20)),
        ..BeliefQuery::default()
    };
    assert_eq!(
        select_beliefs(&beliefs, &q, mins(15), kt15),
        vec![b(0, -5, 1, 11.0)]
    );
    // Without most-recent selection, everything admitted is returned, sorted by belief time.
    let q = BeliefQuery {
        recency: Recency::All,
        ..BeliefQuery::default()
    };
    assert_eq!(
        select_beliefs(&beliefs, &q, mins(15), kt15),
        beliefs.to_vec()
    );
}

#[test]
fn source_filter_and_empty_source_list() {
    let beliefs = [b(0, 0, 1, 1.0), b(0, 0, 2, 2.0)];
    let only2 = BeliefQuery {
        sources: Some(vec![2]),
        ..BeliefQuery::default()
    };
    assert_eq!(
        filter_beliefs(&beliefs, &only2, mins(15), kt15),
        vec![b(0, 0, 2, 2.0)]
    );
    let none = BeliefQuery {
        sources: Some(vec![]),
        ..BeliefQuery::default()
    };
    assert!(select_beliefs(&beliefs, &none, mins(15), kt15).is_empty());
}

#[test]
fn most_recent_beliefs_keeps_all_rows_of_the_newest_belief() {
    let p = |cp: f64, v: f64| b(0, 0, 1, v).with_cumulative_probability(cp);
    let beliefs = [
        b(0, 10, 1, 5.0),
        p(0.1, 1.0),
        p(0.5, 2.0),
        p(0.9, 3.0),
        b(0, 20, 2, 7.0),
    ];
    let got = most_recent_beliefs(&beliefs);
    assert_eq!(
        got,
        vec![p(0.1, 1.0), p(0.5, 2.0), p(0.9, 3.0), b(0, 20, 2, 7.0)]
    );
}

#[test]
fn most_recent_events_per_source() {
    let beliefs = [
        b(0, 0, 1, 1.0),
        b(15, 0, 1, 2.0),
        b(15, 5, 1, 3.0),
        b(0, 0, 2, 4.0),
    ];
    assert_eq!(
        most_recent_events(&beliefs),
        vec![b(15, 0, 1, 2.0), b(15, 5, 1, 3.0), b(0, 0, 2, 4.0)]
    );
    assert_eq!(most_recent_only(&beliefs), Some(b(15, 0, 1, 2.0)));
    assert_eq!(most_recent_only(&[]), None);
}

#[test]
fn recency_flags() {
    assert_eq!(Recency::default(), Recency::MostRecentBeliefs);
    assert_eq!(Recency::from_flags(false, false, false), Some(Recency::All));
    assert_eq!(
        Recency::from_flags(true, true, false),
        Some(Recency::MostRecentBeliefsAndEvents)
    );
    assert_eq!(
        Recency::from_flags(false, false, true),
        Some(Recency::MostRecentOnly)
    );
    assert_eq!(Recency::from_flags(true, false, true), None);
    assert_eq!(Recency::from_flags(false, true, true), None);
}

#[test]
fn both_flags_with_one_source_use_the_fast_track() {
    let p = |cp: f64, v: f64| b(15, 0, 1, v).with_cumulative_probability(cp);
    let beliefs = [b(0, 0, 1, 1.0), p(0.1, 1.0), p(0.9, 3.0)];
    let q = BeliefQuery {
        recency: Recency::MostRecentBeliefsAndEvents,
        ..BeliefQuery::default()
    };
    assert_eq!(select_beliefs(&beliefs, &q, mins(15), kt15).len(), 2);
    let one = BeliefQuery {
        sources: Some(vec![1]),
        ..q
    };
    assert_eq!(
        select_beliefs(&beliefs, &one, mins(15), kt15),
        vec![p(0.1, 1.0)]
    );
}

#[test]
fn latest_state_ignores_newer_forecasts() {
    // The newest event only has a forecast; latest state is the newest measurement before it.
    let beliefs = [
        b(0, -5, 1, 1.0),
        b(15, 0, 1, 2.0),
        b(15, -10, 1, 2.5),
        b(30, 60, 1, 9.0),
    ];
    let got = select_beliefs(&beliefs, &latest_state_query(Some(1)), mins(15), kt15);
    assert_eq!(got, vec![b(15, -10, 1, 2.5)]);
    let got = select_beliefs(&beliefs, &latest_state_query(None), mins(15), kt15);
    assert_eq!(got, vec![b(15, -10, 1, 2.5)]);
}

#[test]
fn nan_beliefs_can_be_skipped_before_taking_the_newest() {
    let beliefs = [b(0, 10, 1, 1.0), b(0, 0, 1, f64::NAN)];
    let q = BeliefQuery {
        skip_nan_beliefs: true,
        ..BeliefQuery::default()
    };
    assert_eq!(
        select_beliefs(&beliefs, &q, mins(15), kt15),
        vec![b(0, 10, 1, 1.0)]
    );
    let got = select_beliefs(&beliefs, &BeliefQuery::default(), mins(15), kt15);
    assert!(got.len() == 1 && got[0].event_value.is_nan());
}

#[test]
fn contained_window_in_a_query() {
    let beliefs = [b(0, 0, 1, 1.0), b(15, 0, 1, 2.0), b(30, 0, 1, 3.0)];
    let q = BeliefQuery {
        window: EventWindow::contained(at(7), at(45)),
        ..BeliefQuery::default()
    };
    assert_eq!(
        select_beliefs(&beliefs, &q, mins(15), kt15),
        vec![b(15, 0, 1, 2.0), b(30, 0, 1, 3.0)]
    );
    let q = BeliefQuery {
        window: EventWindow::overlapping(at(7), at(45)),
        ..BeliefQuery::default()
    };
    assert_eq!(select_beliefs(&beliefs, &q, mins(15), kt15).len(), 3);
}
