//! From a 1.0-era job to a [`HeadModel`]: every field onto the grid, in the model's units,
//! with the defaults of spec planning §B.6 (breach prices) and §B.8 (SoC at start, power
//! capacity fallbacks, one-way devices).

use chrono::TimeDelta;
use fm_domain::scheduling::{FlexContext, FlexModel, FlexScheduling, InflexibleSign, SchedulingJob, VariableQuantity};
use fm_planning::head::{BreachPrices, HeadModel, Series, SiteLimits};
use fm_storage::DbConnection;
use fm_storage::assets::Asset;
use fm_storage::sensors::{Sensor, find_sensor_with_asset};
use serde_json::{Map, Value};

use super::series::{Grid, Overlap, Timing, fill_sides, on_grid};
use crate::executor::{JobFailure, attribute, failure, object};


const STORAGE_ASSET_TYPES: [&str; 4] = ["battery", "one-way_evse", "two-way_evse", "heat-storage"];
/// Default SoC breach price: 1000 currency/kWh in currency/MWh.
const SOC_BREACH_PRICE: f64 = 1e6;
/// Default device breach price: 100 currency/kW in currency/MW.
const DEVICE_BREACH_PRICE: f64 = 1e5;
/// Default site breach price: 10 000 currency/kW in currency/MW.
const SITE_BREACH_PRICE: f64 = 1e7;

struct Reader<'a> {
    conn: &'a mut DbConnection,
    grid: Grid,
}

impl Reader<'_> {
    fn read(&mut self, q: &Option<VariableQuantity>, unit: &str, timing: Timing, overlap: Overlap) -> Result<Series, JobFailure> {
        on_grid(self.conn, &self.grid, q.as_ref(), unit, timing, overlap)
    }

    fn power(&mut self, q: &Option<VariableQuantity>) -> Result<Series, JobFailure> {
        self.read(q, "MW", Timing::Interval, Overlap::Min)
    }

    fn soc(&mut self, q: &Option<VariableQuantity>, overlap: Overlap) -> Result<Series, JobFailure> {
        self.read(q, "MWh", Timing::Instant, overlap)
    }

    fn ratio(&mut self, q: &Option<VariableQuantity>) -> Result<Series, JobFailure> {
        self.read(q, "dimensionless", Timing::Interval, Overlap::First)
    }

    /// A price series with the first/last known value extended to the window edges.
    fn price(&mut self, q: &Option<VariableQuantity>, unit: &str, timing: Timing) -> Result<Option<Series>, JobFailure> {
        let Some(q) = q.as_ref() else { return Ok(None) };
        let mut series = on_grid(self.conn, &self.grid, Some(q), unit, timing, Overlap::First)?;
        fill_sides(&mut series);
        Ok(Some(series))
    }
}

fn steps(job: &SchedulingJob, resolution: TimeDelta) -> Result<usize, JobFailure> {
    let span = job.end - job.start;
    let n = span.num_seconds().checked_div(resolution.num_seconds()).unwrap_or(0);
    usize::try_from(n).ok().filter(|n| *n > 0).ok_or_else(|| failure("ValueError", format!("Start {} cannot be after end {}.", job.start, job.end)))
}

/// Builds the model of a 1.0-era job.
pub(crate) fn head_model(conn: &mut DbConnection, job: &SchedulingJob, flex: &FlexScheduling, sensor: &Sensor, asset: &Asset) -> Result<HeadModel, JobFailure> {
    let sensor_resolution = TimeDelta::seconds(sensor.event_resolution_s);
    let resolution = if flex.resolution_s > 0 { TimeDelta::seconds(flex.resolution_s) } else { sensor_resolution };
    if resolution <= TimeDelta::zero() {
        return Err(failure("ValueError", "Scheduling needs a sensor with a non-zero event resolution."));
    }
    let n = steps(job, resolution)?;
    let grid = Grid { start: job.start, resolution, steps: n, belief_time: job.belief_time };
    let (sensor_attrs, asset_attrs) = (object(&sensor.attributes), object(&asset.attributes));
    let (m, c) = (&flex.flex_model, &flex.flex_context);
    let mut r = Reader { conn, grid };
    let energy_price = format!("{}/MWh", c.currency);
    let capacity_price = format!("{}/MW", c.currency);

    let consumption_price = prices(&mut r, &c.consumption_price, &energy_price)?
        .ok_or_else(|| failure("ValueError", "Missing consumption price for commodity 'electricity'."))?;
    let production_price = prices(&mut r, &c.production_price, &energy_price)?.unwrap_or_else(|| consumption_price.clone());
    let asset_type = fm_storage::assets::find_asset_type(r.conn, asset.generic_asset_type_id).map_err(|e| failure("StorageError", e))?;
    let soc_at_start = soc_at_start(m, job, &asset_type.name, &sensor_attrs, &asset_attrs);
    let (power_capacity, consumption_capacity, production_capacity) = capacities(&mut r, m, asset)?;
    let flag = |key: &str| attribute(&sensor_attrs, &asset_attrs, key).and_then(|v| v.as_bool()).unwrap_or(false);
    let (charging_efficiency, discharging_efficiency) = match m.roundtrip_efficiency {
        Some(rt) => (vec![Some(rt.sqrt()); n], vec![Some(rt.sqrt()); n]),
        None => (r.ratio(&m.charging_efficiency)?, r.ratio(&m.discharging_efficiency)?),
    };
    let storage_efficiency = storage_efficiency(&mut r, &m.storage_efficiency, sensor_resolution)?;
    let inflexible_power = inflexible_power(&mut r, c)?;
    let site = SiteLimits {
        power_capacity: r.power(&c.site_power_capacity)?,
        consumption_capacity: r.power(&c.site_consumption_capacity)?,
        production_capacity: r.power(&c.site_production_capacity)?,
        peak_consumption: r.power(&c.site_peak_consumption)?,
        peak_production: r.power(&c.site_peak_production)?,
        peak_consumption_price: r.price(&c.site_peak_consumption_price, &capacity_price, Timing::Interval)?,
        peak_production_price: r.price(&c.site_peak_production_price, &capacity_price, Timing::Interval)?,
    };
    let mut breach_prices = BreachPrices {
        site_consumption: r.price(&c.site_consumption_breach_price, &capacity_price, Timing::Interval)?,
        site_production: r.price(&c.site_production_breach_price, &capacity_price, Timing::Interval)?,
        consumption: r.price(&c.consumption_breach_price, &capacity_price, Timing::Interval)?,
        production: r.price(&c.production_breach_price, &capacity_price, Timing::Interval)?,
        soc_minima: r.price(&c.soc_minima_breach_price, &energy_price, Timing::Instant)?,
        soc_maxima: r.price(&c.soc_maxima_breach_price, &energy_price, Timing::Instant)?,
    };
    relax(&mut breach_prices, c, n);
    Ok(HeadModel {
        start: job.start,
        resolution,
        steps: n,
        soc_at_start,
        soc_min: m.soc_min,
        soc_max: m.soc_max,
        soc_minima: r.soc(&m.soc_minima, Overlap::Max)?,
        soc_maxima: r.soc(&m.soc_maxima, Overlap::Min)?,
        soc_targets: r.soc(&m.soc_targets, Overlap::First)?,
        power_capacity,
        consumption_capacity,
        production_capacity,
        no_consumption: flag("is_strictly_non_negative"),
        no_production: flag("is_strictly_non_positive"),
        charging_efficiency,
        discharging_efficiency,
        storage_efficiency,
        prefer_charging_sooner: m.prefer_charging_sooner.unwrap_or(true),
        prefer_curtailing_later: m.prefer_curtailing_later.unwrap_or(true),
        consumption_price,
        production_price,
        inflexible_power,
        site,
        breach_prices,
    })
}

/// Prices per slot: an unknown series fails the job; interior gaps become 0 (Quirk B.18.1).
fn prices(r: &mut Reader<'_>, q: &Option<VariableQuantity>, unit: &str) -> Result<Option<Vec<f64>>, JobFailure> {
    let Some(series) = r.price(q, unit, Timing::Interval)? else { return Ok(None) };
    if series.iter().all(Option::is_none) {
        let suffix = match q {
            Some(VariableQuantity::Sensor { sensor, .. }) => format!(" (sensor {sensor})"),
            _ => String::new(),
        };
        return Err(failure("UnknownPricesException", format!("Prices unknown for planning window.{suffix}")));
    }
    Ok(Some(series.into_iter().map(|p| p.unwrap_or(0.0)).collect()))
}

/// `soc-at-start` (spec §B.8 steps 1, 4, 5; storage asset types only for the defaults).
fn soc_at_start(m: &FlexModel, job: &SchedulingJob, asset_type: &str, sensor_attrs: &Map<String, Value>, asset_attrs: &Map<String, Value>) -> Option<f64> {
    if m.soc_at_start.is_some() || !STORAGE_ASSET_TYPES.contains(&asset_type) {
        return m.soc_at_start;
    }
    let soc_datetime = attribute(sensor_attrs, asset_attrs, "soc_datetime")
        .and_then(|v| v.as_str().and_then(|s| fm_domain::time::parse_aware_datetime(s).ok()));
    if soc_datetime.is_some_and(|t| t == job.start)
        && let Some(soc) = attribute(sensor_attrs, asset_attrs, "soc_in_mwh").and_then(|v| v.as_f64())
    {
        return Some(soc);
    }
    (m.soc_min.is_some() || m.soc_max.is_some()).then_some(0.0)
}

fn is_nonzero(q: &VariableQuantity) -> bool {
    match q {
        VariableQuantity::Fixed { value } => *value != 0.0,
        VariableQuantity::Sensor { .. } => true,
        VariableQuantity::Series { segments } => segments.iter().any(|s| s.value != 0.0),
    }
}

/// Power bounds with the fallbacks of spec §B.8.
fn capacities(r: &mut Reader<'_>, m: &FlexModel, asset: &Asset) -> Result<(Series, Option<Series>, Option<Series>), JobFailure> {
    let zero = Some(VariableQuantity::Fixed { value: 0.0 });
    let (mut consumption, mut production) = (m.consumption_capacity.clone(), m.production_capacity.clone());
    match (&consumption, &production) {
        (Some(q), None) if is_nonzero(q) => production = zero,
        (None, Some(q)) if is_nonzero(q) => consumption = zero,
        _ => {}
    }
    let consumption = consumption.map(|q| r.power(&Some(q))).transpose()?;
    let production = production.map(|q| r.power(&Some(q))).transpose()?;
    if m.power_capacity.is_some() {
        return Ok((r.power(&m.power_capacity)?, consumption, production));
    }
    let single_zero = [&m.consumption_capacity, &m.production_capacity].iter().filter(|q| q.is_some()).count() == 1
        && [&consumption, &production].iter().flat_map(|s| s.iter().flatten()).all(|v| v.is_none_or(|v| v == 0.0));
    let maximum: Series = (0..r.grid.steps)
        .map(|j| {
            let values = [&consumption, &production].map(|s| s.as_ref().and_then(|s| s[j]));
            values.into_iter().flatten().reduce(f64::max)
        })
        .collect();
    if !single_zero && maximum.iter().any(Option::is_some) {
        return Ok((maximum, consumption, production));
    }
    let attrs = object(&asset.attributes);
    let site_capacity = match attrs.get("site-power-capacity") {
        Some(Value::String(text)) => fm_domain::units::convert_to_quantity(text, "MW").ok().map(|q| VariableQuantity::Fixed { value: q.magnitude }),
        Some(Value::Object(reference)) => reference.get("sensor").and_then(Value::as_i64).and_then(|id| i32::try_from(id).ok()).map(|sensor| VariableQuantity::Sensor { sensor, default: None }),
        _ => None,
    };
    match site_capacity {
        Some(q) => Ok((r.power(&Some(q))?, consumption, production)),
        None => Err(failure("ValueError", format!("Power capacity on asset {} is not defined in the flex-model.", asset.id))),
    }
}

/// `ε` per slot, rescaled from its source resolution to the scheduling resolution (§B.10.5).
fn storage_efficiency(r: &mut Reader<'_>, q: &Option<VariableQuantity>, power_resolution: TimeDelta) -> Result<Series, JobFailure> {
    let series = r.ratio(q)?;
    if series.iter().all(|v| v.is_none_or(|v| v >= 1.0)) {
        return Ok(series);
    }
    let source = match q {
        Some(VariableQuantity::Sensor { sensor, .. }) => {
            let (s, _) = find_sensor_with_asset(r.conn, *sensor).map_err(|e| failure("StorageError", e))?;
            TimeDelta::seconds(s.event_resolution_s)
        }
        _ => power_resolution,
    };
    if source <= TimeDelta::zero() {
        return Err(failure("ValueError", "The storage-efficiency cannot be interpreted without a resolution. Use a power sensor with a non-zero event resolution."));
    }
    let exponent = r.grid.resolution.as_seconds_f64() / source.as_seconds_f64();
    Ok(series.into_iter().map(|v| v.map(|e| e.clamp(0.0, 1.0).powf(exponent))).collect())
}

/// The summed power of the inflexible devices (MW, consumption positive; unknown → 0).
fn inflexible_power(r: &mut Reader<'_>, c: &FlexContext) -> Result<Vec<f64>, JobFailure> {
    let mut total = vec![0.0; r.grid.steps];
    for device in &c.inflexible_devices {
        let (sensor, asset) = find_sensor_with_asset(r.conn, device.sensor).map_err(|_| failure("ValueError", format!("No sensor found with id {}.", device.sensor)))?;
        let consumption_positive = attribute(&object(&sensor.attributes), &object(&asset.attributes), "consumption_is_positive").and_then(|v| v.as_bool()).unwrap_or(false);
        let sign = match device.sign {
            InflexibleSign::ConsumptionPositive => 1.0,
            InflexibleSign::ProductionPositive => -1.0,
            InflexibleSign::SensorAttribute if consumption_positive => 1.0,
            InflexibleSign::SensorAttribute => -1.0,
        };
        let series = r.power(&Some(VariableQuantity::Sensor { sensor: device.sensor, default: None }))?;
        for (t, v) in total.iter_mut().zip(series) {
            *t += sign * v.unwrap_or(0.0);
        }
    }
    Ok(total)
}

/// The default breach prices of spec §B.6.
fn relax(prices: &mut BreachPrices, c: &FlexContext, n: usize) {
    if c.deprecated_price_sensors {
        return;
    }
    let umbrella = c.relax_constraints.unwrap_or(true);
    let fill = |price: &mut Option<Series>, value: f64| {
        if price.is_none() {
            *price = Some(vec![Some(value); n]);
        }
    };
    if c.relax_soc_constraints.unwrap_or(umbrella) {
        fill(&mut prices.soc_minima, SOC_BREACH_PRICE);
        fill(&mut prices.soc_maxima, SOC_BREACH_PRICE);
    }
    if c.relax_capacity_constraints.unwrap_or(false) && prices.consumption.is_none() && prices.production.is_none() {
        fill(&mut prices.consumption, DEVICE_BREACH_PRICE);
        fill(&mut prices.production, DEVICE_BREACH_PRICE);
    }
    if c.relax_site_capacity_constraints.unwrap_or(umbrella) {
        fill(&mut prices.site_consumption, SITE_BREACH_PRICE);
        fill(&mut prices.site_production, SITE_BREACH_PRICE);
    }
}
