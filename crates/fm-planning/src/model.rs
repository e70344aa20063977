//! The input of the storage scheduler: one storage device with its prices (spec §A.4).

use chrono::{DateTime, TimeDelta, Utc};

/// A state-of-charge bound (minimum or maximum), in MWh.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SocLimit {
    /// No bound.
    #[default]
    Unbounded,
    /// The same bound at every instant `t_1 … t_N` (the v0.9.0 `soc_min` / `soc_max`).
    Constant(f64),
    /// One optional bound per step: entry `j` bounds the SoC at the *end* of slot `j`, i.e. at
    /// instant `t_{j+1}` (spec §0.1). `None` leaves that instant unbounded.
    PerStep(Vec<Option<f64>>),
}

/// When a SoC target applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetTime {
    /// Instant index `n` (1 ≤ n ≤ N), the instant `t_n = start + n·resolution`, which is the end of
    /// slot `n − 1`.
    Instant(usize),
    /// A datetime on the grid `start + n·resolution` with 1 ≤ n ≤ N. Off-grid datetimes are
    /// rejected (spec Quirk A.10.4).
    Datetime(DateTime<Utc>),
}

/// A hard state-of-charge target: the SoC at `at` must equal `value` (MWh).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SocTarget {
    /// When.
    pub at: TargetTime,
    /// The SoC in MWh.
    pub value: f64,
}

impl SocTarget {
    /// A target at instant `t_n = start + n·resolution`.
    pub fn at_instant(n: usize, value_mwh: f64) -> Self {
        Self {
            at: TargetTime::Instant(n),
            value: value_mwh,
        }
    }

    /// A target at a datetime on the grid.
    pub fn at_datetime(at: DateTime<Utc>, value_mwh: f64) -> Self {
        Self {
            at: TargetTime::Datetime(at),
            value: value_mwh,
        }
    }
}

/// The device attributes that drive the fallback charging policy (spec §A.6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FallbackPolicy {
    /// Attribute `is_consumer`: the fallback may charge at `power_capacity`.
    pub is_consumer: bool,
    /// Attribute `is_producer`: the fallback may discharge at `power_capacity`.
    pub is_producer: bool,
}

/// Which LP backend solves the problem. Both are pure Rust; the model has no integer
/// variables, so clarabel is safe to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Solver {
    /// Clarabel (interior point): fast on long horizons. The default.
    #[default]
    Clarabel,
    /// microlp (simplex): returns a vertex of the optimal face, like the CBC solver that
    /// FlexMeasures v0.9.0 used; slower on long horizons.
    Microlp,
}

/// One storage device to schedule, with its prices: everything the v0.9.0 solver needs.
///
/// Sign convention: **consumption (charging) is positive, production (discharging) negative**
/// (the schedulers' internal convention, spec §0.2). Powers are in MW, energies in MWh, prices
/// in currency per MWh. All power bounds refer to the *stock side* (the flow into or out of the
/// storage), as at v0.9.0 (spec Quirk A.10.1).
///
/// Start from [`StorageModel::new`] and set the other fields with struct update syntax.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageModel {
    /// Start of the first slot, `t_0`.
    pub start: DateTime<Utc>,
    /// Slot length `Δ` (positive).
    pub resolution: TimeDelta,
    /// Number of slots `N` (every per-step series must have this length).
    pub steps: usize,
    /// SoC at `start`, MWh.
    pub soc_at_start: f64,
    /// Minimum SoC, MWh.
    pub soc_min: SocLimit,
    /// Maximum SoC, MWh.
    pub soc_max: SocLimit,
    /// Hard SoC targets. Several targets at one instant: the last one wins (as assigning into
    /// the target series does at v0.9.0).
    pub soc_targets: Vec<SocTarget>,
    /// The attribute `capacity_in_mw`: bounds charging and discharging unless overridden below,
    /// and is the rate of the fallback policy.
    pub power_capacity: f64,
    /// Maximum charging power in MW, overriding `power_capacity` (e.g. `Some(0.0)` for an EVSE
    /// whose stored values are never negative, attribute `is_strictly_non_negative`).
    pub consumption_capacity: Option<f64>,
    /// Maximum discharging power in MW (a non-negative number), overriding `power_capacity`
    /// (e.g. `Some(0.0)` for attribute `is_strictly_non_positive`).
    pub production_capacity: Option<f64>,
    /// Round-trip efficiency in (0, 1]; each direction gets its square root.
    pub roundtrip_efficiency: f64,
    /// Price of consumed energy per slot (currency/MWh).
    pub consumption_prices: Vec<f64>,
    /// Price of produced energy per slot (currency/MWh); must not exceed the consumption price.
    pub production_prices: Vec<f64>,
    /// Optional bound on grid-side consumption (the EMS bound `Emax` of §A.5; v0.9.0 never
    /// sets it, it is offered for site connection limits).
    pub site_consumption_capacity: Option<f64>,
    /// Optional bound on grid-side production (a non-negative number, `Emin = −value`).
    pub site_production_capacity: Option<f64>,
    /// Add the tie-breaking slope of §A.4.2 to the prices (always on at v0.9.0): charge sooner,
    /// discharge later. Note that the slope is itself a (tiny) price spread: at flat prices and
    /// with room in the SoC bounds the LP cycles the storage to earn it, as v0.9.0 does.
    pub prefer_charging_sooner: bool,
    /// Attributes for the fallback charging policy.
    pub fallback: FallbackPolicy,
}

impl StorageModel {
    /// A model with one price series for both directions (as at v0.9.0): `steps` is the
    /// number of prices, SoC starts at 0 MWh, SoC unbounded, no targets, lossless, no site
    /// limits, tie-breaking on, fallback idle.
    pub fn new(
        start: DateTime<Utc>,
        resolution: TimeDelta,
        power_capacity: f64,
        prices: Vec<f64>,
    ) -> Self {
        Self {
            start,
            resolution,
            steps: prices.len(),
            soc_at_start: 0.0,
            soc_min: SocLimit::Unbounded,
            soc_max: SocLimit::Unbounded,
            soc_targets: Vec::new(),
            power_capacity,
            consumption_capacity: None,
            production_capacity: None,
            roundtrip_efficiency: 1.0,
            production_prices: prices.clone(),
            consumption_prices: prices,
            site_consumption_capacity: None,
            site_production_capacity: None,
            prefer_charging_sooner: true,
            fallback: FallbackPolicy::default(),
        }
    }

    /// The end of the window, `start + steps·resolution` (`None` if that overflows).
    pub fn end(&self) -> Option<DateTime<Utc>> {
        let steps = i32::try_from(self.steps).ok()?;
        self.start
            .checked_add_signed(self.resolution.checked_mul(steps)?)
    }

    /// `h = Δ / 1 hour`.
    pub fn hours_per_step(&self) -> f64 {
        self.resolution.as_seconds_f64() / 3600.0
    }
}
