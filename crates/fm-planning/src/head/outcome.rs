//! From the solution to the outputs of spec §B.12: the power schedule, the SoC schedule and the
//! costs per commitment, rounded to 6 decimals.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};

use crate::head::columns::DeviceColumns;
use crate::head::model::HeadModel;
use crate::head::problem::decay;
use crate::head::solve::Solved;
use crate::schedule::round6;

/// The schedule of one device at HEAD.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadSchedule {
    /// Start of the first slot.
    pub start: DateTime<Utc>,
    /// Slot length.
    pub resolution: TimeDelta,
    /// Grid-side power per slot (MW, consumption positive), rounded to 6 decimals.
    pub power: Vec<f64>,
    /// SoC in MWh at the instants `t_0 … t_N` (spec §B.12.7), when a stock is modelled.
    pub soc: Option<Vec<f64>>,
    /// Cost per commitment (e.g. `"electricity net energy"`), in the prices' currency.
    pub commitment_costs: BTreeMap<String, f64>,
    /// Whether direction binaries were needed (the problem was solved as a MILP).
    pub used_integers: bool,
}

/// Builds the outputs of a solved problem.
pub(crate) fn outcome(model: &HeadModel, c: &DeviceColumns, solved: &Solved, used_integers: bool) -> HeadSchedule {
    let h = model.hours_per_step();
    let power: Vec<f64> = (0..model.steps).map(|j| solved.up[j] + solved.down[j]).collect();
    let soc = c.stock.as_ref().map(|stock| {
        let mut level = stock.soc_at_start;
        let mut soc = vec![round6(level)];
        for (j, p) in power.iter().enumerate() {
            let delta = h * if *p > 0.0 { p * c.eta_up[j] } else { p / c.eta_down[j] };
            let (a, b) = decay(c.retention[j]);
            level = a * level + b * delta;
            soc.push(round6(level));
        }
        soc
    });
    HeadSchedule {
        start: model.start,
        resolution: model.resolution,
        power: power.into_iter().map(round6).collect(),
        soc,
        commitment_costs: solved.costs.iter().map(|(name, cost)| (name.clone(), round6(*cost))).collect(),
        used_integers,
    }
}
