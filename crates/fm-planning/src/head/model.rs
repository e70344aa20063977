//! The input of the HEAD (~v1.0) storage scheduler for one device (spec §B.8, §B.10).

use chrono::{DateTime, TimeDelta, Utc};

/// One optional value per step; `None` is "no value" (NaN in the original), which drops the
/// constraint or falls back to the field's default for that step.
pub type Series = Vec<Option<f64>>;

/// Site limits of the device's site (spec §B.5, §B.10.2), MW unless stated otherwise. The power
/// of inflexible devices ([`HeadModel::inflexible_power`]) counts towards the site power.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SiteLimits {
    /// `site-power-capacity`: symmetric limit, hard in each direction that has a breach price.
    pub power_capacity: Series,
    /// `site-consumption-capacity` (falls back to the power capacity; the lower one wins).
    pub consumption_capacity: Series,
    /// `site-production-capacity`, a positive number (falls back to the power capacity).
    pub production_capacity: Series,
    /// `site-peak-consumption`: the previous consumption peak (baseline of the peak commitment).
    pub peak_consumption: Series,
    /// `site-peak-production`: the previous production peak, a positive number.
    pub peak_production: Series,
    /// `site-peak-consumption-price` (currency/MW); `None`: no peak commitment.
    pub peak_consumption_price: Option<Series>,
    /// `site-peak-production-price` (currency/MW); `None`: no peak commitment.
    pub peak_production_price: Option<Series>,
}

/// Breach prices that make constraints soft (spec §B.5, §B.6). `None`: the constraint is hard.
/// The caller fills in the defaults of §B.6 (they depend on the flex-context's relax flags).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BreachPrices {
    /// `site-consumption-breach-price` (currency/MW).
    pub site_consumption: Option<Series>,
    /// `site-production-breach-price` (currency/MW).
    pub site_production: Option<Series>,
    /// `consumption-breach-price` (currency/MW): the device's consumption capacity.
    pub consumption: Option<Series>,
    /// `production-breach-price` (currency/MW): the device's production capacity.
    pub production: Option<Series>,
    /// `soc-minima-breach-price` (currency/MWh), per step: entry `j` prices a breach at
    /// instant `t_{j+1}`.
    pub soc_minima: Option<Series>,
    /// `soc-maxima-breach-price` (currency/MWh), per step like `soc_minima`.
    pub soc_maxima: Option<Series>,
}

/// One storage device with its site, as the HEAD `StorageScheduler` models it in single-sensor
/// mode. Start from [`HeadModel::new`] and set fields with struct update syntax.
///
/// Sign convention: consumption (charging) positive. Powers in MW, energies in MWh, energy
/// prices in currency/MWh, capacity prices in currency/MW, efficiencies as ratios. Power bounds,
/// prices and the returned schedule refer to the **grid side**; the stock moves by `P·η↑` when
/// charging and `P/η↓` when discharging (spec §B.11.4).
///
/// SoC series (`soc_minima`, `soc_maxima`, `soc_targets`) hold one entry per step: entry `j`
/// constrains the SoC at the *end* of slot `j`, the instant `t_{j+1}` (spec §0.1).
#[derive(Debug, Clone, PartialEq)]
pub struct HeadModel {
    /// Start of the first slot.
    pub start: DateTime<Utc>,
    /// Slot length `Δ`.
    pub resolution: TimeDelta,
    /// Number of slots `N`.
    pub steps: usize,
    /// SoC at `start` (MWh). `None`: no stock is modelled (a pure power device); then every
    /// SoC field is ignored.
    pub soc_at_start: Option<f64>,
    /// `soc-min`: hard lower SoC bound at every instant (MWh).
    pub soc_min: Option<f64>,
    /// `soc-max`: hard upper SoC bound at every instant (MWh); also the "full" level of the
    /// tie-breaking commitment.
    pub soc_max: Option<f64>,
    /// `soc-minima` (MWh): soft with a `soc_minima` breach price, else hard.
    pub soc_minima: Series,
    /// `soc-maxima` (MWh): soft with a `soc_maxima` breach price, else hard.
    pub soc_maxima: Series,
    /// `soc-targets` (MWh): soft when both SoC breach prices exist, else hard.
    pub soc_targets: Series,
    /// `power-capacity` (MW): the symmetric device bound; `None` steps are unbounded.
    pub power_capacity: Series,
    /// `consumption-capacity` (MW), if the field was given.
    pub consumption_capacity: Option<Series>,
    /// `production-capacity` (MW, positive), if the field was given.
    pub production_capacity: Option<Series>,
    /// The device never charges (power sensor attribute `is_strictly_non_negative`, spec
    /// §B.10.5): the upper power bound is 0.
    pub no_consumption: bool,
    /// The device never discharges (attribute `is_strictly_non_positive`): the lower bound is 0.
    pub no_production: bool,
    /// `charging-efficiency` `η↑` per step (`None` → 1; above 1 is allowed, e.g. a COP).
    pub charging_efficiency: Series,
    /// `discharging-efficiency` `η↓` per step (`None` → 1).
    pub discharging_efficiency: Series,
    /// `storage-efficiency` `ε` per step: the fraction of the stock retained over one step of
    /// this model's resolution (`None` → 1; clipped to [0, 1]).
    pub storage_efficiency: Series,
    /// `prefer-charging-sooner`: add the "prefer a full storage sooner" commitment (§B.10.4).
    pub prefer_charging_sooner: bool,
    /// `prefer-curtailing-later`: that commitment's penalty decreases in time (else constant).
    pub prefer_curtailing_later: bool,
    /// `consumption-price` per step (currency/MWh).
    pub consumption_price: Vec<f64>,
    /// `production-price` per step (currency/MWh).
    pub production_price: Vec<f64>,
    /// Summed power of the inflexible devices per step (MW, consumption positive).
    pub inflexible_power: Vec<f64>,
    /// Site capacities and peaks.
    pub site: SiteLimits,
    /// Breach prices (soft constraints).
    pub breach_prices: BreachPrices,
}

impl HeadModel {
    /// A lossless device without stock or bounds, with one price series for both directions
    /// (`steps` = the number of prices), no inflexible devices, no site limits, hard
    /// constraints, tie-breaking on.
    pub fn new(start: DateTime<Utc>, resolution: TimeDelta, prices: Vec<f64>) -> Self {
        let n = prices.len();
        Self {
            start,
            resolution,
            steps: n,
            soc_at_start: None,
            soc_min: None,
            soc_max: None,
            soc_minima: vec![None; n],
            soc_maxima: vec![None; n],
            soc_targets: vec![None; n],
            power_capacity: vec![None; n],
            consumption_capacity: None,
            production_capacity: None,
            no_consumption: false,
            no_production: false,
            charging_efficiency: vec![None; n],
            discharging_efficiency: vec![None; n],
            storage_efficiency: vec![None; n],
            prefer_charging_sooner: true,
            prefer_curtailing_later: true,
            production_price: prices.clone(),
            consumption_price: prices,
            inflexible_power: vec![0.0; n],
            site: SiteLimits {
                power_capacity: vec![None; n],
                consumption_capacity: vec![None; n],
                production_capacity: vec![None; n],
                peak_consumption: vec![None; n],
                peak_production: vec![None; n],
                peak_consumption_price: None,
                peak_production_price: None,
            },
            breach_prices: BreachPrices::default(),
        }
    }

    /// `h = Δ / 1 hour`.
    pub fn hours_per_step(&self) -> f64 {
        self.resolution.as_seconds_f64() / 3600.0
    }

    /// The start of slot `j` (`None` on overflow).
    pub fn slot_start(&self, j: usize) -> Option<DateTime<Utc>> {
        let j = i32::try_from(j).ok()?;
        self.start.checked_add_signed(self.resolution.checked_mul(j)?)
    }
}

/// A constant series of `n` steps.
pub fn constant(value: f64, n: usize) -> Series {
    vec![Some(value); n]
}
