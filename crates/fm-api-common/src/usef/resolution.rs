//! The required-resolution check of posted series (api-legacy-v1.md §4.8, api-v2_0.md §6.1.2).
//!
//! The inferred resolution is the duration over the number of values in the first group. Every
//! addressed entity must resolve to a sensor (else 422 `INVALID_DOMAIN`), all sensors must share
//! one resolution (else `INVALID_RESOLUTION`, naming both), and the inferred resolution must
//! equal it or be a whole multiple of it, in which case every value group is upsampled by
//! repeating each value. There is no downsampling on POST.

use chrono::TimeDelta;
use fm_domain::time::format_timedelta;
use fm_storage::sensors::Sensor;

use super::Usef;
use crate::ApiError;

/// The sensors of each entity group and the resolution of the (possibly upsampled) values.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The sensor of each address, group by group.
    pub sensors: Vec<Vec<Sensor>>,
    /// The resolution of the values after upsampling (the sensors' resolution).
    pub resolution: TimeDelta,
}

/// Runs the check: `resolve` maps an address to its sensor or to the 422 text; `values` are
/// upsampled in place.
pub fn check_required_resolution(
    duration: TimeDelta,
    entity_groups: &[Vec<String>],
    values: &mut [Vec<f64>],
    mut resolve: impl FnMut(&str) -> Result<Sensor, ApiError>,
) -> Result<Resolved, ApiError> {
    let mut sensors = Vec::with_capacity(entity_groups.len());
    let mut required: Option<(TimeDelta, Sensor)> = None;
    for group in entity_groups {
        let mut resolved = Vec::with_capacity(group.len());
        for address in group {
            let sensor = resolve(address)?;
            let resolution = TimeDelta::seconds(sensor.event_resolution_s);
            match &required {
                Some((r, previous)) if *r != resolution => {
                    return Err(ApiError::Usef(Usef::ConflictingResolutions, vec![format!(
                        "Cannot send data for both {} and {}.",
                        describe(&sensor),
                        describe(previous)
                    )]));
                }
                Some(_) => {}
                None => required = Some((resolution, sensor.clone())),
            }
            resolved.push(sensor);
        }
        sensors.push(resolved);
    }
    let Some((required, _)) = required else { return Err(Usef::UnrecognizedConnectionGroup.error()) };
    let count = values.first().map_or(0, Vec::len);
    let unsupported = || Usef::UnapplicableResolution.with(format_timedelta(required));
    let (Some(total), Some(step)) = (duration.num_nanoseconds(), required.num_nanoseconds()) else { return Err(unsupported()) };
    let count_i64 = i64::try_from(count).map_err(|_| unsupported())?;
    if count_i64 == 0 || total % count_i64 != 0 || step <= 0 {
        return Err(unsupported());
    }
    let inferred = total / count_i64;
    if inferred % step != 0 {
        return Err(unsupported());
    }
    let factor = usize::try_from(inferred / step).map_err(|_| unsupported())?;
    if factor > 1 {
        for group in values.iter_mut() {
            *group = group.iter().flat_map(|v| std::iter::repeat_n(*v, factor)).collect();
        }
    }
    Ok(Resolved { sensors, resolution: required })
}

/// Every value group must have as many values as the first (after upsampling); the original
/// stores later groups with their own spacing, this refuses them.
pub fn check_equal_lengths(values: &[Vec<f64>], resolution: TimeDelta) -> Result<(), ApiError> {
    let first = values.first().map_or(0, Vec::len);
    if values.iter().any(|g| g.len() != first) {
        return Err(Usef::UnapplicableResolution.with(format_timedelta(resolution)));
    }
    Ok(())
}

/// A sensor as the original prints it: `<Sensor 9: CS 4, unit: MW res.: 1:00:00>`.
pub fn describe(sensor: &Sensor) -> String {
    format!("<Sensor {}: {}, unit: {} res.: {}>", sensor.id, sensor.name, sensor.unit, python_timedelta(TimeDelta::seconds(sensor.event_resolution_s)))
}

/// A duration as Python's `str(timedelta)` shows it: `0:15:00`, `1:00:00`, `1 day, 0:00:00`.
pub fn python_timedelta(td: TimeDelta) -> String {
    let total = td.num_seconds();
    let days = total.div_euclid(86_400);
    let rest = total.rem_euclid(86_400);
    let clock = format!("{}:{:02}:{:02}", rest / 3600, rest % 3600 / 60, rest % 60);
    match days {
        0 => clock,
        1 | -1 => format!("{days} day, {clock}"),
        _ => format!("{days} days, {clock}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sensor(id: i32, resolution_s: i64) -> Sensor {
        Sensor {
            id,
            name: format!("CS {id}"),
            unit: "MW".into(),
            timezone: "UTC".into(),
            event_resolution_s: resolution_s,
            knowledge_horizon_fnc: "ex_post".into(),
            knowledge_horizon_par: "{}".into(),
            generic_asset_id: 1,
            attributes: "{}".into(),
        }
    }

    fn message_of(e: ApiError) -> String {
        match e {
            ApiError::Usef(kind, extra) => kind.body(&extra.iter().map(String::as_str).collect::<Vec<_>>())["message"].as_str().unwrap_or("").to_owned(),
            other => other.to_string(),
        }
    }

    #[test]
    fn upsamples_whole_multiples() {
        let mut values = vec![vec![1.0, 2.0], vec![3.0, 4.0]];
        let groups = vec![vec!["a".to_owned()]];
        let resolved = check_required_resolution(TimeDelta::hours(1), &groups, &mut values, |_| Ok(sensor(1, 900))).map_err(message_of);
        assert_eq!(resolved.map(|r| r.resolution), Ok(TimeDelta::minutes(15)));
        assert_eq!(values, vec![vec![1.0, 1.0, 2.0, 2.0], vec![3.0, 3.0, 4.0, 4.0]]);
    }

    #[test]
    fn refuses_finer_and_non_multiple_resolutions() {
        for (duration, n) in [(TimeDelta::hours(1), 6), (TimeDelta::minutes(40), 2), (TimeDelta::hours(1), 8)] {
            let mut values = vec![vec![1.0; n]];
            let result = check_required_resolution(duration, &[vec!["a".to_owned()]], &mut values, |_| Ok(sensor(1, 900)));
            assert_eq!(result.map_err(message_of).err(), Some("Only the following resolutions in the data are supported: PT15M".to_owned()));
        }
    }

    #[test]
    fn conflicting_resolutions_name_both_sensors() {
        let groups = vec![vec!["a".to_owned(), "b".to_owned()]];
        let mut values = vec![vec![1.0]];
        let result = check_required_resolution(TimeDelta::hours(1), &groups, &mut values, |a| Ok(if a == "a" { sensor(5, 900) } else { sensor(9, 3600) }));
        assert_eq!(
            result.map_err(message_of).err(),
            Some("Requested assets do not have matching resolutions. Cannot send data for both <Sensor 9: CS 9, unit: MW res.: 1:00:00> and <Sensor 5: CS 5, unit: MW res.: 0:15:00>.".to_owned())
        );
    }

    #[test]
    fn python_durations() {
        assert_eq!(python_timedelta(TimeDelta::minutes(15)), "0:15:00");
        assert_eq!(python_timedelta(TimeDelta::days(1)), "1 day, 0:00:00");
        assert_eq!(python_timedelta(TimeDelta::hours(49)), "2 days, 1:00:00");
    }
}
