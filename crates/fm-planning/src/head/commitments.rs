//! Commitments as LP terms (spec §B.10.2, §B.11.5): each deviation from a baseline costs a
//! price, either per slot ("each" type) or once per group of slots for the largest deviation
//! in that group ("any" type). Costs are collected per commitment name for reporting.

use std::collections::BTreeMap;

use good_lp::{Constraint, Expression, ProblemVariables, Variable, constraint, variable};

use crate::head::model::Series;

/// Which deviations from the baseline are priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Exceeding the baseline (`A > q`).
    Up,
    /// Falling below the baseline (`A < q`).
    Down,
}

/// The LP under construction: variables, constraints and the named cost terms.
pub(crate) struct Problem {
    /// The variables.
    pub vars: ProblemVariables,
    /// The constraints.
    pub constraints: Vec<Constraint>,
    /// Cost terms per commitment name (summed into the objective).
    pub costs: BTreeMap<String, Expression>,
}

impl Problem {
    pub(crate) fn new() -> Self {
        Self { vars: ProblemVariables::new(), constraints: Vec::new(), costs: BTreeMap::new() }
    }

    /// Adds a variable with optional bounds.
    pub(crate) fn bounded(&mut self, lo: Option<f64>, hi: Option<f64>) -> Variable {
        let mut def = variable();
        if let Some(lo) = lo {
            def = def.min(lo);
        }
        if let Some(hi) = hi {
            def = def.max(hi);
        }
        self.vars.add(def)
    }

    /// Adds a cost term under `name`.
    pub(crate) fn cost(&mut self, name: &str, term: Expression) {
        let entry = self.costs.entry(name.to_owned()).or_default();
        *entry += term;
    }

    /// The objective: the sum of every cost term.
    pub(crate) fn objective(&self) -> Expression {
        self.costs.values().cloned().sum()
    }

    /// An "each" commitment: `Σ_j price_j · max(0, ±(A_j − q_j))` over slots with a baseline.
    pub(crate) fn each(&mut self, name: &str, aggregate: &[Expression], baseline: &Series, price: &[f64], direction: Direction) {
        self.costs.entry(name.to_owned()).or_default();
        for (j, q) in baseline.iter().enumerate() {
            let Some(q) = *q else { continue };
            if price[j] == 0.0 {
                continue;
            }
            let excess = self.bounded(Some(0.0), None);
            self.constraints.push(deviation(&aggregate[j], q, excess, direction));
            self.cost(name, price[j] * excess);
        }
    }

    /// An "any" commitment: per group of slots (spec §B.10.2 grouping), `price · max(0, max_j
    /// ±(A_j − q_j))`.
    pub(crate) fn any(&mut self, name: &str, aggregate: &[Expression], baseline: &Series, price: &[f64], direction: Direction) {
        self.costs.entry(name.to_owned()).or_default();
        let prices: Series = price.iter().map(|p| Some(*p)).collect();
        for group in any_groups(baseline, &prices) {
            let slots: Vec<usize> = group.into_iter().filter(|j| baseline[*j].is_some()).collect();
            let Some(first) = slots.first() else { continue };
            if price[*first] == 0.0 {
                continue;
            }
            let excess = self.bounded(Some(0.0), None);
            for &j in &slots {
                if let Some(q) = baseline[j] {
                    self.constraints.push(deviation(&aggregate[j], q, excess, direction));
                }
            }
            self.cost(name, price[*first] * excess);
        }
    }
}

/// `A − q ≤ e` (up) or `q − A ≤ e` (down).
fn deviation(aggregate: &Expression, q: f64, excess: Variable, direction: Direction) -> Constraint {
    let a = aggregate.clone();
    match direction {
        Direction::Up => constraint!(a - q <= excess),
        Direction::Down => constraint!(q - a <= excess),
    }
}

/// The "any" grouping of spec §B.10.2: one group of all slots when the baseline and the price
/// each have exactly one distinct defined value, otherwise runs of slots with equal values
/// (a missing value differs from everything, itself included).
pub(crate) fn any_groups(baseline: &Series, price: &Series) -> Vec<Vec<usize>> {
    let n = baseline.len();
    let single = |s: &Series| {
        let mut values = s.iter().flatten();
        values.next().is_some_and(|first| values.all(|v| v == first))
    };
    if single(baseline) && single(price) {
        return vec![(0..n).collect()];
    }
    let same = |a: Option<f64>, b: Option<f64>| matches!((a, b), (Some(a), Some(b)) if a == b);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for j in 0..n {
        let continues = j > 0 && same(baseline[j], baseline[j - 1]) && same(price[j], price[j - 1]);
        match groups.last_mut() {
            Some(group) if continues => group.push(j),
            _ => groups.push(vec![j]),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_series_form_one_group_and_changes_start_new_ones() {
        let q = vec![Some(1.0), None, Some(1.0)];
        assert_eq!(any_groups(&q, &vec![Some(5.0); 3]), vec![vec![0, 1, 2]]);
        let q = vec![Some(1.0), Some(1.0), Some(2.0), None, None];
        assert_eq!(any_groups(&q, &vec![Some(5.0); 5]), vec![vec![0, 1], vec![2], vec![3], vec![4]]);
    }
}
