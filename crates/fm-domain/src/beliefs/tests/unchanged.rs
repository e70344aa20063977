//! The unchanged-beliefs rule (§1.7, §2.3; api-legacy-v1 §5.3) and replacement conflicts.

use super::{b, kt15};
use crate::beliefs::{
    SaveStatus, conflicting_replacements, drop_unchanged_beliefs,
    drop_unchanged_beliefs_with_status,
};

#[test]
fn resending_identical_beliefs_is_idempotent() {
    let stored = [b(0, 0, 1, 1.0), b(15, 0, 1, 2.0)];
    let (kept, status) = drop_unchanged_beliefs_with_status(&stored, &stored, kt15);
    assert!(kept.is_empty());
    assert_eq!(status, SaveStatus::SuccessButNothingNew);
    assert_eq!(status.as_str(), "success_but_nothing_new");
}

#[test]
fn newer_beliefs_are_kept_only_when_changed() {
    let stored = [b(0, 0, 1, 1.0), b(15, 0, 1, 2.0)];
    // A later belief (h = -10) about both events: same value for event 0, new value for 15.
    let new = [b(0, -10, 1, 1.0), b(15, -10, 1, 2.5)];
    let (kept, status) = drop_unchanged_beliefs_with_status(&new, &stored, kt15);
    assert_eq!(kept, vec![b(15, -10, 1, 2.5)]);
    assert_eq!(status, SaveStatus::SuccessWithUnchangedBeliefsSkipped);
    assert_eq!(status.as_str(), "success_with_unchanged_beliefs_skipped");
    // Another source's identical value is not a reason to drop.
    assert_eq!(
        drop_unchanged_beliefs(&[b(0, -10, 2, 1.0)], &stored, kt15).len(),
        1
    );
    let (_, status) = drop_unchanged_beliefs_with_status(&[b(30, 0, 1, 1.0)], &stored, kt15);
    assert_eq!(status, SaveStatus::Success);
    assert_eq!(status.as_str(), "success");
}

#[test]
fn compares_with_the_most_recent_stored_belief_at_or_before_the_new_belief_time() {
    // Event 0 (kt 00:15): value 1 believed at 00:15 − 60 = −00:45, value 2 at 00:15.
    let stored = [b(0, 60, 1, 1.0), b(0, 0, 1, 2.0)];
    // After both: compared with 2 → a 1 is a change.
    assert_eq!(
        drop_unchanged_beliefs(&[b(0, -5, 1, 1.0)], &stored, kt15).len(),
        1
    );
    assert!(drop_unchanged_beliefs(&[b(0, -5, 1, 2.0)], &stored, kt15).is_empty());
    // In between (h = 30): compared with 1 only.
    assert!(drop_unchanged_beliefs(&[b(0, 30, 1, 1.0)], &stored, kt15).is_empty());
    assert_eq!(
        drop_unchanged_beliefs(&[b(0, 30, 1, 2.0)], &stored, kt15).len(),
        1
    );
    // Before any stored belief: always new.
    assert_eq!(
        drop_unchanged_beliefs(&[b(0, 90, 1, 1.0)], &stored, kt15).len(),
        1
    );
}

#[test]
fn all_nan_stored_beliefs_are_skipped() {
    let stored = [b(0, 10, 1, 5.0), b(0, 0, 1, f64::NAN)];
    assert!(drop_unchanged_beliefs(&[b(0, -10, 1, 5.0)], &stored, kt15).is_empty());
}

#[test]
fn probabilistic_beliefs_are_kept_or_dropped_as_a_whole() {
    let p = |h: i64, cp: f64, v: f64| b(0, h, 1, v).with_cumulative_probability(cp);
    let stored = [p(10, 0.1, 1.0), p(10, 0.5, 2.0), p(10, 0.9, 3.0)];
    let same = [p(0, 0.1, 1.0), p(0, 0.5, 2.0), p(0, 0.9, 3.0)];
    assert!(drop_unchanged_beliefs(&same, &stored, kt15).is_empty());
    let partly = [p(0, 0.1, 1.0), p(0, 0.5, 2.0), p(0, 0.9, 3.5)];
    assert_eq!(
        drop_unchanged_beliefs(&partly, &stored, kt15),
        partly.to_vec()
    );
}

#[test]
fn replacements_with_another_value_conflict() {
    let stored = [b(0, 0, 1, 1.0), b(15, 0, 1, f64::NAN)];
    let new = [
        b(0, 0, 1, 1.5),
        b(0, -5, 1, 9.0),
        b(15, 0, 1, f64::NAN),
        b(0, 0, 2, 3.0),
    ];
    assert_eq!(
        conflicting_replacements(&new, &stored),
        vec![b(0, 0, 1, 1.5)]
    );
}

#[test]
fn save_status_from_counts() {
    assert_eq!(SaveStatus::from_counts(0, 0), SaveStatus::Success);
    assert_eq!(SaveStatus::from_counts(3, 3), SaveStatus::Success);
    assert_eq!(
        SaveStatus::from_counts(3, 1),
        SaveStatus::SuccessWithUnchangedBeliefsSkipped
    );
    assert_eq!(
        SaveStatus::from_counts(3, 0),
        SaveStatus::SuccessButNothingNew
    );
}
