//! Clarabel (default) and microlp agree on realistic problems.

use fm_planning::{Solver, schedule_with};

use crate::common::{assert_close, assert_near};
use crate::performance::day_ahead;

#[test]
fn clarabel_and_microlp_agree_on_a_day_and_a_week() {
    for steps in [96, 672] {
        let model = day_ahead(steps);
        let a = schedule_with(&model, Solver::Clarabel).unwrap();
        let b = schedule_with(&model, Solver::Microlp).unwrap();
        let (oa, ob) = (a.objective.unwrap(), b.objective.unwrap());
        let max_diff = a
            .power
            .iter()
            .zip(&b.power)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        println!("{steps} steps: objectives {oa} / {ob}, max power difference {max_diff:e} MW");
        assert_near(oa, ob, 1e-6 * ob.abs().max(1.0));
        assert_close(&a.power, &b.power, 1e-6);
    }
}
