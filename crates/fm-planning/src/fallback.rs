//! The v0.9.0 fallback charging policy for infeasible problems (spec §A.6.1).
//!
//! It ignores prices: charge or discharge at full capacity towards the first relevant
//! target or bound, and idle from the first slot whose cumulative energy would pass it.

use crate::columns::Columns;
use crate::model::FallbackPolicy;

/// The first non-missing entry of a column.
fn first_valid(column: &[Option<f64>]) -> Option<f64> {
    column.iter().flatten().next().copied()
}

/// The fallback schedule (stock-side MW per slot, consumption positive, not yet rounded).
///
/// `capacity` is the attribute `capacity_in_mw`; the policy charges at it only for a consumer and
/// discharges at it only for a producer.
pub(crate) fn fallback_schedule(c: &Columns, policy: FallbackPolicy, capacity: f64) -> Vec<f64> {
    let charge = if policy.is_consumer { capacity } else { 0.0 };
    let discharge = if policy.is_producer { -capacity } else { 0.0 };
    let equals = first_valid(&c.equals);
    let rule = match (equals, first_valid(&c.max), first_valid(&c.min)) {
        (Some(target), _, _) if target > 0.0 => Some((charge, target)),
        (Some(target), _, _) if target < 0.0 => Some((discharge, target)),
        (_, Some(max), _) if max < 0.0 => Some((discharge, max)),
        (_, _, Some(min)) if min > 0.0 => Some((charge, min)),
        _ => None,
    };
    match rule {
        Some((rate, target)) => idle_after_reaching_target(rate, target, c.n),
        None => vec![0.0; c.n],
    }
}

/// A constant schedule at `rate`, zeroed wherever its cumulative sum (su relative to the start
/// SoC) has passed `target`. The cumulative sum is that of the constant schedule, so a slot that
/// would overshoot is dropped whole and all later slots too.
fn idle_after_reaching_target(rate: f64, target: f64, n: usize) -> Vec<f64> {
    let mut cumulative = 0.0;
    (0..n)
        .map(|_| {
            cumulative += rate;
            let keep = if target > 0.0 {
                cumulative <= target
            } else {
                cumulative >= target
            };
            if keep { rate } else { 0.0 }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_before_overshooting() {
        assert_eq!(
            idle_after_reaching_target(2.0, 5.0, 4),
            vec![2.0, 2.0, 0.0, 0.0]
        );
        assert_eq!(
            idle_after_reaching_target(-1.0, -2.0, 4),
            vec![-1.0, -1.0, 0.0, 0.0]
        );
    }
}
