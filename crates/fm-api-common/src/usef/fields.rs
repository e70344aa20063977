//! Checks of single message fields, each answering the catalogue's rejection
//! (api-legacy-v1.md §4, api-v2_0.md §6.1.2). Endpoints call them in their own order.

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use fm_domain::time::{IsoDuration, ParsedDateTime, parse_datetime};
use fm_domain::units::legacy_invalid_unit_message;
use serde_json::Value;

use super::{Message, Usef};
use crate::ApiError;

/// Extra of `INVALID_HORIZON` for meter data with a positive horizon.
pub const EX_POST_HORIZON_EXTRA: &str = "Meter data must have a zero or negative horizon to indicate observations after the fact.";
/// Extra of `INVALID_HORIZON` for meter data with a prior before the end of the period.
pub const EX_POST_PRIOR_EXTRA: &str = "Meter data can only be observed after the fact.";
/// Extra of `INVALID_HORIZON` for `R/` horizons sent to API v2.0.
pub const V2_REPEATING_HORIZON_EXTRA: &str = "API versions 2.0 and higher use regular ISO 8601 durations instead of repeating time intervals. \
     For example: R/P1D should be replaced by P1D.";
/// Extra of `PTUS_INCOMPLETE` for values that are null, empty or not numbers.
pub const ILL_FORMATTED_VALUES_EXTRA: &str = "Request includes empty or ill-formatted value(s).";

/// `type` must be present (`NO_MESSAGE_TYPE`) and equal `expected` (`INVALID_MESSAGE_TYPE`).
pub fn check_type(message: &Message, expected: &str) -> Result<(), ApiError> {
    match message.get("type") {
        None => Err(Usef::NoMessageType.error()),
        Some(Value::String(t)) if t == expected => Ok(()),
        Some(_) => Err(Usef::InvalidMessageType.with(format!("Request message should specify type '{expected}'."))),
    }
}

/// `unit` must be one of `accepted` (`INVALID_UNIT` "Data for <quantity> should be given in …").
pub fn check_unit(message: &Message, quantity: &str, accepted: &[&str]) -> Result<String, ApiError> {
    match message.text("unit") {
        Some(unit) if accepted.contains(&unit) => Ok(unit.to_owned()),
        _ => Err(Usef::InvalidUnit.with(legacy_invalid_unit_message(Some(quantity), accepted))),
    }
}

/// `unit` must be present, any text (`INVALID_UNIT` "Data should be given a unit.").
pub fn require_unit(message: &Message) -> Result<String, ApiError> {
    match message.get("unit") {
        Some(Value::String(unit)) => Ok(unit.clone()),
        Some(other) if !other.is_null() => Ok(other.to_string()),
        _ => Err(Usef::InvalidUnit.with(legacy_invalid_unit_message(None, &[]))),
    }
}

/// The addressed entities as groups of address strings, from `<singular>`, `<plural>`, or
/// `groups[*].<singular|plural>` (first present wins). Missing, empty or malformed →
/// `UNRECOGNIZED_CONNECTION_GROUP`.
pub fn entity_groups(message: &Message, singular: &str, plural: &str) -> Result<Vec<Vec<String>>, ApiError> {
    let unrecognized = || Usef::UnrecognizedConnectionGroup.error();
    let groups: Vec<&Value> = if let Some(v) = message.get(singular).or_else(|| message.get(plural)) {
        vec![v]
    } else {
        let Some(Value::Array(objects)) = message.get("groups") else { return Err(unrecognized()) };
        objects
            .iter()
            .map(|g| g.get(singular).or_else(|| g.get(plural)).ok_or_else(unrecognized))
            .collect::<Result<_, _>>()?
    };
    let mut result = Vec::with_capacity(groups.len());
    for group in groups {
        let items: Vec<&Value> = match group {
            Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        let mut addresses = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::Null => return Err(unrecognized()),
                Value::String(s) if s.is_empty() => return Err(unrecognized()),
                Value::String(s) => addresses.push(s.clone()),
                other => addresses.push(other.to_string()),
            }
        }
        if addresses.is_empty() {
            return Err(unrecognized());
        }
        result.push(addresses);
    }
    if result.is_empty() {
        return Err(unrecognized());
    }
    Ok(result)
}

/// The value groups, from `value`, `values` or `groups[*].value(s)` (first present wins), each
/// value as a float. Missing → `PTUS_INCOMPLETE`; null, non-numeric or an empty list →
/// `PTUS_INCOMPLETE` with the "ill-formatted" extra.
pub fn value_groups(message: &Message) -> Result<Vec<Vec<f64>>, ApiError> {
    let groups: Vec<&Value> = if let Some(v) = message.get("value").or_else(|| message.get("values")) {
        vec![v]
    } else {
        let Some(Value::Array(objects)) = message.get("groups") else { return Err(Usef::PtusIncomplete.error()) };
        objects
            .iter()
            .map(|g| g.get("value").or_else(|| g.get("values")).ok_or_else(|| Usef::PtusIncomplete.error()))
            .collect::<Result<_, _>>()?
    };
    if groups.is_empty() {
        return Err(Usef::PtusIncomplete.error());
    }
    groups
        .into_iter()
        .map(|group| {
            let items: Vec<&Value> = match group {
                Value::Array(items) => items.iter().collect(),
                single => vec![single],
            };
            let values: Option<Vec<f64>> = items.into_iter().map(as_float).collect();
            match values {
                Some(values) if !values.is_empty() => Ok(values),
                _ => Err(Usef::PtusIncomplete.with(ILL_FORMATTED_VALUES_EXTRA)),
            }
        })
        .collect()
}

/// A value as Python's `float()` reads it: numbers, booleans and numeric strings.
pub fn as_float(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
}

/// A parsed legacy horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizon {
    /// The horizon (positive: before the fact).
    pub value: TimeDelta,
    /// Whether it was written as a repeating interval (`R/…`).
    pub rolling: bool,
}

/// What a horizon may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HorizonRule {
    /// Any sign; `R/` allowed.
    Any,
    /// Zero or negative (meter data); `R/` allowed.
    ExPost,
    /// Any sign; `R/` refused (API v2.0 prices, weather and prognoses).
    NoRepeating,
}

/// The optional `horizon`: unparsable → `INVALID_HORIZON`; then the rule's extra checks.
pub fn horizon(message: &Message, rule: HorizonRule) -> Result<Option<Horizon>, ApiError> {
    let Some(value) = message.get("horizon") else { return Ok(None) };
    let text = value.as_str().ok_or_else(|| Usef::InvalidHorizon.error())?;
    let parsed = IsoDuration::parse_legacy_horizon(text).map_err(|_| Usef::InvalidHorizon.error())?;
    let horizon = parsed.to_timedelta().ok_or_else(|| Usef::InvalidHorizon.error())?;
    match rule {
        HorizonRule::ExPost if horizon > TimeDelta::zero() => Err(Usef::InvalidHorizon.with(EX_POST_HORIZON_EXTRA)),
        HorizonRule::NoRepeating if parsed.is_repeating() => Err(Usef::InvalidHorizon.with(V2_REPEATING_HORIZON_EXTRA)),
        _ => Ok(Some(Horizon { value: horizon, rolling: parsed.is_repeating() })),
    }
}

impl Horizon {
    /// No horizon given on a 1.x POST: zero, rolling (each value believed at its knowledge time).
    pub const ZERO_ROLLING: Horizon = Horizon { value: TimeDelta::zero(), rolling: true };

    /// The belief horizon of each of `n` values posted over `duration` (api-legacy-v1.md §4.6):
    /// all the same when rolling, else counted from the end of the series.
    pub fn per_value(&self, duration: TimeDelta, n: usize) -> Result<Vec<TimeDelta>, ApiError> {
        fm_domain::time::legacy_belief_horizons(self.value, self.rolling, duration, n).ok_or_else(|| Usef::InvalidHorizon.error())
    }
}

/// The optional `prior` (a naive prior is read as UTC); unparsable → `INVALID_HORIZON`.
/// With `ex_post`, a prior before `start + duration` (when both parse) is refused too.
pub fn prior(message: &Message, ex_post: bool) -> Result<Option<DateTime<Utc>>, ApiError> {
    let Some(value) = message.get("prior") else { return Ok(None) };
    let prior = value
        .as_str()
        .and_then(|s| parse_datetime(s).ok())
        .map(|p| p.assume_utc().with_timezone(&Utc))
        .ok_or_else(|| Usef::InvalidHorizon.error())?;
    if ex_post && let Ok(period) = period(message) && prior < period.end().with_timezone(&Utc) {
        return Err(Usef::InvalidHorizon.with(EX_POST_PRIOR_EXTRA));
    }
    Ok(Some(prior))
}

/// A validated `start` and `duration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The start, with the offset it was written in.
    pub start: DateTime<FixedOffset>,
    /// The (positive) duration.
    pub duration: TimeDelta,
}

impl Period {
    /// `start + duration`.
    pub fn end(&self) -> DateTime<FixedOffset> {
        self.start + self.duration
    }
}

/// `start` (missing/unparsable → `INVALID_PERIOD`; naive → `INVALID_TIMEZONE`) and `duration`
/// (missing, unparsable, zero or negative → `INVALID_PERIOD`; calendar durations counted from
/// the start).
pub fn period(message: &Message) -> Result<Period, ApiError> {
    let start = match message.text("start").map(parse_datetime) {
        Some(Ok(ParsedDateTime::Aware(start))) => start,
        Some(Ok(ParsedDateTime::Naive(_))) => return Err(Usef::InvalidTimezone.with("Start time should explicitly state a timezone.")),
        _ => return Err(Usef::InvalidPeriod.error()),
    };
    let duration = message
        .text("duration")
        .and_then(|d| IsoDuration::parse(d).ok())
        .and_then(|d| d.ground(&start))
        .filter(|d| *d > TimeDelta::zero())
        .ok_or_else(|| Usef::InvalidPeriod.error())?;
    Ok(Period { start, duration })
}

/// The optional `resolution` of a GET (absent or empty: none); unparsable or not a positive
/// exact duration → `INVALID_RESOLUTION` naming the text.
pub fn requested_resolution(message: &Message) -> Result<Option<TimeDelta>, ApiError> {
    let text = match message.get("resolution") {
        None => return Ok(None),
        Some(Value::String(s)) if s.is_empty() => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    IsoDuration::parse(&text)
        .ok()
        .and_then(|d| d.to_timedelta())
        .filter(|d| *d > TimeDelta::zero())
        .map(Some)
        .ok_or_else(|| Usef::InvalidResolutionString.with(text))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn message(v: Value) -> Message {
        match v {
            Value::Object(map) => Message(map),
            _ => Message::default(),
        }
    }

    fn status(e: ApiError) -> (&'static str, String) {
        match e {
            ApiError::Usef(kind, extra) => (kind.status(), kind.body(&extra.iter().map(String::as_str).collect::<Vec<_>>())["message"].as_str().unwrap_or("").to_owned()),
            _ => ("other", String::new()),
        }
    }

    #[test]
    fn message_types() {
        assert!(check_type(&message(json!({"type": "A"})), "A").is_ok());
        assert_eq!(check_type(&message(json!({})), "A").map_err(status).err().map(|s| s.0), Some("NO_MESSAGE_TYPE"));
        assert_eq!(
            check_type(&message(json!({"type": "B"})), "A").map_err(status).err(),
            Some(("INVALID_MESSAGE_TYPE", "Request message should specify type 'A'.".to_owned()))
        );
    }

    #[test]
    fn units() {
        assert!(check_unit(&message(json!({"unit": "MW"})), "power", &["MW"]).is_ok());
        assert_eq!(check_unit(&message(json!({"unit": "kW"})), "power", &["MW"]).map_err(status).err().map(|s| s.1), Some("Data for power should be given in MW.".into()));
        assert_eq!(require_unit(&message(json!({}))).map_err(status).err().map(|s| s.1), Some("Data should be given a unit.".into()));
    }

    #[test]
    fn entity_group_precedence_and_errors() {
        let m = message(json!({"connection": "a", "groups": [{"connection": "b"}]}));
        assert_eq!(entity_groups(&m, "connection", "connections").ok(), Some(vec![vec!["a".to_owned()]]));
        let m = message(json!({"groups": [{"connections": ["a", "b"]}, {"connection": "c"}]}));
        assert_eq!(entity_groups(&m, "connection", "connections").ok(), Some(vec![vec!["a".into(), "b".into()], vec!["c".into()]]));
        for bad in [json!({}), json!({"connection": ""}), json!({"connections": [null]}), json!({"groups": {"connection": "a"}}), json!({"groups": [{"x": 1}]})] {
            assert_eq!(entity_groups(&message(bad), "connection", "connections").map_err(status).err().map(|s| s.0), Some("UNRECOGNIZED_CONNECTION_GROUP"));
        }
    }

    #[test]
    fn values_are_floats_or_refused() {
        assert_eq!(value_groups(&message(json!({"values": [1, "2.5", true]}))).ok(), Some(vec![vec![1.0, 2.5, 1.0]]));
        assert_eq!(value_groups(&message(json!({"value": 3}))).ok(), Some(vec![vec![3.0]]));
        assert_eq!(value_groups(&message(json!({}))).map_err(status).err(), Some(("PTUS_INCOMPLETE".into(), "Missing values.".into())));
        for bad in [json!({"values": [1, null]}), json!({"values": ["a"]}), json!({"values": []})] {
            assert_eq!(
                value_groups(&message(bad)).map_err(status).err().map(|s| s.1),
                Some("Missing values. Request includes empty or ill-formatted value(s).".into())
            );
        }
    }

    #[test]
    fn horizons() {
        let h = |v: Value, rule| horizon(&message(json!({"horizon": v})), rule).map_err(status);
        assert_eq!(h(json!("R/PT6H"), HorizonRule::Any), Ok(Some(Horizon { value: TimeDelta::hours(6), rolling: true })));
        assert_eq!(h(json!("-PT10M"), HorizonRule::ExPost), Ok(Some(Horizon { value: TimeDelta::minutes(-10), rolling: false })));
        assert_eq!(h(json!("PT1H"), HorizonRule::ExPost).err().map(|s| s.1), Some(format!("The horizon field in your request could not be parsed. {EX_POST_HORIZON_EXTRA}")));
        assert_eq!(h(json!("T6H"), HorizonRule::Any).err().map(|s| s.1), Some("The horizon field in your request could not be parsed.".into()));
        assert_eq!(h(json!(""), HorizonRule::Any).err().map(|s| s.0), Some("INVALID_HORIZON"));
        assert_eq!(h(json!("P1M"), HorizonRule::Any).err().map(|s| s.0), Some("INVALID_HORIZON"));
        assert_eq!(h(json!("R/P1D"), HorizonRule::NoRepeating).err().map(|s| s.1), Some(format!("The horizon field in your request could not be parsed. {V2_REPEATING_HORIZON_EXTRA}")));
    }

    #[test]
    fn periods() {
        let p = |v: Value| period(&message(v)).map_err(status);
        assert_eq!(p(json!({"start": "2015-01-01T00:00:00Z", "duration": "PT1H30M"})).map(|p| p.duration), Ok(TimeDelta::minutes(90)));
        assert_eq!(p(json!({"start": "2015-01-01T00:00:00Z", "duration": "P1M"})).map(|p| p.duration), Ok(TimeDelta::days(31)));
        assert_eq!(p(json!({"start": "2015-01-01T00:00:00", "duration": "PT1H"})).err(), Some(("INVALID_TIMEZONE", "Start time should explicitly state a timezone.".into())));
        for bad in [json!({"duration": "PT1H"}), json!({"start": "2015-01-01", "duration": "PT1H"}), json!({"start": "2015-01-01T00:00Z", "duration": "PT0H"}), json!({"start": "2015-01-01T00:00Z", "duration": "-PT1H"})] {
            assert_eq!(p(bad).err().map(|s| s.0), Some("INVALID_PERIOD"));
        }
    }

    #[test]
    fn priors_and_resolutions() {
        let m = message(json!({"prior": "2015-01-01T00:30:00Z", "start": "2015-01-01T00:00:00Z", "duration": "PT1H"}));
        assert_eq!(prior(&m, true).map_err(status).err().map(|s| s.1), Some(format!("The horizon field in your request could not be parsed. {EX_POST_PRIOR_EXTRA}")));
        assert!(prior(&m, false).is_ok());
        assert_eq!(prior(&message(json!({"prior": "soon"})), false).map_err(status).err().map(|s| s.0), Some("INVALID_HORIZON"));
        assert_eq!(requested_resolution(&message(json!({"resolution": ""}))).ok(), Some(None));
        assert_eq!(requested_resolution(&message(json!({"resolution": "PT30M"}))).ok(), Some(Some(TimeDelta::minutes(30))));
        assert_eq!(
            requested_resolution(&message(json!({"resolution": "x"}))).map_err(status).err().map(|s| s.1),
            Some("The resolution string cannot be parsed as ISO8601 duration: x".into())
        );
    }
}
