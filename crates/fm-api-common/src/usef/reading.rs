//! Reading power data back in the legacy shape: getMeterData and getPrognosis of every version
//! from v1 to v2_0 (api-legacy-v1.md §5.4, §8.2 and §8.7; api-v2_0.md §6.6–6.7).
//!
//! Per sensor: events lying wholly inside the window; sources of the endpoint's types, user
//! sources limited to those named by `source` (plus the caller's own); for each event and
//! source only the most recent belief (chosen before the horizon and prior filters); then the
//! horizon and prior filters; one value per event and belief time (the first source by name);
//! optional mean downsampling; signs flipped to USEF (consumption positive).

use std::collections::{BTreeMap, HashMap};

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};
use fm_domain::time::{KnowledgeHorizonFnc, floor_to_resolution, format_iso_datetime_z, format_timedelta};
use fm_domain::units::LEGACY_POWER_UNITS;
use fm_storage::DbConnection;
use fm_storage::beliefs::{BeliefQuery, search_beliefs};
use fm_storage::data_sources::{USER_SOURCE_TYPE, sources_by_ids, source_of_user};
use fm_storage::legacy::source_ids_of_account_role;
use fm_storage::sensors::{Sensor, find_sensor};
use fm_storage::Ts;
use serde_json::{Value, json};

use super::entities::{existing_sensor, fm0_connection_id, my_connection_ids};
use super::fields::{self, Horizon, HorizonRule, Period};
use super::services::DATA_ROLES;
use super::{Message, Usef, open_message, typed};
use crate::{ApiError, AppState, with_db};

/// Which power data a GET reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerRead {
    /// Measurements (getMeterData): ex-post beliefs of user and script sources; `source`
    /// defaults to the MDC account role.
    MeterData,
    /// Forecasts and plans (getPrognosis): any horizon; also scheduling and forecasting scripts.
    Prognosis,
}

impl PowerRead {
    fn request_type(self) -> &'static str {
        match self {
            PowerRead::MeterData => "GetMeterDataRequest",
            PowerRead::Prognosis => "GetPrognosisRequest",
        }
    }

    /// The response type.
    pub fn response_type(self) -> &'static str {
        match self {
            PowerRead::MeterData => "GetMeterDataResponse",
            PowerRead::Prognosis => "GetPrognosisResponse",
        }
    }

    fn source_types(self) -> &'static [&'static str] {
        match self {
            PowerRead::MeterData => &["user", "script"],
            PowerRead::Prognosis => &["user", "scheduling script", "forecasting script", "script"],
        }
    }

    fn ex_post(self) -> bool {
        self == PowerRead::MeterData
    }
}

/// The endpoint: getMeterData or getPrognosis (GET; v1's getMeterData also by POST).
pub async fn get_power_data(kind: PowerRead, req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    typed(kind.response_type(), read(kind, &req, &body, &state).await)
}

/// One item of the `source` field.
#[derive(Debug, Clone, PartialEq)]
enum SourceItem {
    User(i64),
    AccountRole(String),
}

fn source_items(message: &Message) -> Option<Vec<SourceItem>> {
    let value = message.get("source")?;
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    Some(
        items
            .into_iter()
            .filter_map(|item| match item {
                Value::Number(n) => n.as_i64().map(SourceItem::User),
                Value::String(s) => Some(SourceItem::AccountRole(s.clone())),
                _ => None,
            })
            .collect(),
    )
}

struct Request {
    kind: PowerRead,
    groups: Vec<Vec<String>>,
    sources: Option<Vec<SourceItem>>,
    horizon: Option<Horizon>,
    prior: Option<DateTime<Utc>>,
    period: Period,
    resolution: Option<TimeDelta>,
}

async fn read(kind: PowerRead, req: &HttpRequest, body: &[u8], state: &AppState) -> Result<Value, ApiError> {
    let (message, user) = open_message(req, body, DATA_ROLES, Some(kind.request_type())).await?;
    fields::check_unit(&message, "power", LEGACY_POWER_UNITS)?;
    let groups = fields::entity_groups(&message, "connection", "connections")?;
    let sources = match (source_items(&message), kind) {
        (None, PowerRead::MeterData) => Some(vec![SourceItem::AccountRole("MDC".to_owned())]),
        (sources, _) => sources,
    };
    let horizon = fields::horizon(&message, if kind.ex_post() { HorizonRule::ExPost } else { HorizonRule::Any })?;
    let prior = fields::prior(&message, kind.ex_post())?;
    let period = fields::period(&message)?;
    let resolution = fields::requested_resolution(&message)?;
    let request = Request { kind, groups, sources, horizon, prior, period, resolution };
    let actor = user.actor;
    with_db(state, move |conn| {
        if let Some(resolution) = request.resolution {
            check_requested_resolution(conn, &request.groups, resolution)?;
        }
        let mine = my_connection_ids(conn, &actor)?;
        let mut sensors = Vec::new();
        for group in &request.groups {
            let mut ids = Vec::with_capacity(group.len());
            for address in group {
                let id = fm0_connection_id(address).map_err(|e| Usef::InvalidDomain.with(e.to_string()))?;
                let id = i32::try_from(id).ok().filter(|id| mine.contains(id)).ok_or_else(|| Usef::UnrecognizedConnectionGroup.error())?;
                ids.push(id);
            }
            ids.sort_unstable();
            for id in ids {
                sensors.push(find_sensor(conn, id)?);
            }
        }
        let user_sources = request.sources.as_ref().map(|items| resolve_sources(conn, items, actor.user_id)).transpose()?;
        let mut entries: Vec<(Vec<String>, Vec<f64>)> = Vec::new();
        for sensor in &sensors {
            let values = sensor_values(conn, sensor, &request, user_sources.as_deref())?;
            match entries.iter_mut().find(|(_, v)| *v == values) {
                Some((names, _)) => names.push(sensor.name.clone()),
                None => entries.push((vec![sensor.name.clone()], values)),
            }
        }
        Ok(shape(entries, &request.period))
    })
    .await
}

/// With a requested resolution, every connection must exist (422 otherwise) and the resolution
/// must be a multiple of each sensor's.
fn check_requested_resolution(conn: &mut DbConnection, groups: &[Vec<String>], resolution: TimeDelta) -> Result<(), ApiError> {
    for address in groups.iter().flatten() {
        let id = fm0_connection_id(address).map_err(|e| ApiError::UnknownEntity(e.to_string()))?;
        let sensor = existing_sensor(conn, id, "connection", address)?;
        let own = TimeDelta::seconds(sensor.event_resolution_s);
        let (Some(requested), Some(step)) = (resolution.num_nanoseconds(), own.num_nanoseconds()) else { continue };
        if step > 0 && requested % step != 0 {
            return Err(Usef::UnapplicableResolution.with(format!("{} or a multiple hereof.", format_timedelta(own))));
        }
    }
    Ok(())
}

/// The data sources the `source` items name, plus the caller's own.
fn resolve_sources(conn: &mut DbConnection, items: &[SourceItem], caller: i32) -> Result<Vec<i32>, ApiError> {
    let mut ids = Vec::new();
    for item in items {
        match item {
            SourceItem::User(user_id) => {
                if let Some(source) = i32::try_from(*user_id).ok().map(|id| source_of_user(conn, id)).transpose()?.flatten() {
                    ids.push(source.id);
                }
            }
            SourceItem::AccountRole(role) => ids.extend(source_ids_of_account_role(conn, role)?),
        }
    }
    if let Some(own) = source_of_user(conn, caller)? {
        ids.push(own.id);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The values of one sensor in USEF sign, in event (then belief time) order.
fn sensor_values(conn: &mut DbConnection, sensor: &Sensor, request: &Request, user_sources: Option<&[i32]>) -> Result<Vec<f64>, ApiError> {
    let resolution = TimeDelta::seconds(sensor.event_resolution_s);
    let start = request.period.start.with_timezone(&Utc);
    let end = request.period.end().with_timezone(&Utc);
    let rows = search_beliefs(conn, sensor.id, &BeliefQuery { starts_from: Some(Ts(start)), starts_before: Some(Ts(end)), ..BeliefQuery::default() })?;
    let rows: Vec<_> = rows.into_iter().filter(|r| r.event_start.0 + resolution <= end).collect();
    let mut source_ids: Vec<i32> = rows.iter().map(|r| r.source_id).collect();
    source_ids.sort_unstable();
    source_ids.dedup();
    let sources: HashMap<i32, (String, String)> =
        sources_by_ids(conn, &source_ids)?.into_iter().map(|s| (s.id, (s.name, s.source_type))).collect();
    let admitted = |source_id: i32| {
        sources.get(&source_id).is_some_and(|(_, source_type)| {
            request.kind.source_types().contains(&source_type.as_str())
                && (source_type != USER_SOURCE_TYPE || user_sources.is_none_or(|ids| ids.contains(&source_id)))
        })
    };
    // The most recent belief of each (event, source), before the horizon and prior filters.
    let mut latest: BTreeMap<(DateTime<Utc>, i32), (i64, f64)> = BTreeMap::new();
    for row in rows.iter().filter(|r| admitted(r.source_id) && r.cumulative_probability == 0.5) {
        let entry = latest.entry((row.event_start.0, row.source_id)).or_insert((row.belief_horizon_ms, row.event_value));
        if row.belief_horizon_ms < entry.0 {
            *entry = (row.belief_horizon_ms, row.event_value);
        }
    }
    let knowledge = KnowledgeHorizonFnc::from_stored(&sensor.knowledge_horizon_fnc, &serde_json::from_str(&sensor.knowledge_horizon_par).unwrap_or(Value::Null))
        .map_err(|e| ApiError::Internal(format!("sensor {}: {e}", sensor.id)))?;
    // One value per event and belief time: the first source by name.
    let mut chosen: BTreeMap<(DateTime<Utc>, DateTime<Utc>), (String, f64)> = BTreeMap::new();
    for ((event_start, source_id), (horizon_ms, value)) in latest {
        let horizon = TimeDelta::milliseconds(horizon_ms);
        if request.horizon.is_some_and(|h| horizon < h.value) || (request.kind.ex_post() && horizon > TimeDelta::zero()) {
            continue;
        }
        let knowledge_time = knowledge.knowledge_time(&event_start, resolution).map_err(|e| ApiError::Internal(e.to_string()))?;
        let belief_time = knowledge_time - horizon;
        if request.prior.is_some_and(|prior| belief_time > prior) {
            continue;
        }
        let name = sources.get(&source_id).map(|(n, _)| n.clone()).unwrap_or_default();
        match chosen.get(&(event_start, belief_time)) {
            Some((existing, _)) if *existing <= name => {}
            _ => {
                chosen.insert((event_start, belief_time), (name, value));
            }
        }
    }
    let events: Vec<(DateTime<Utc>, f64)> = chosen.into_iter().map(|((event_start, _), (_, value))| (event_start, value)).collect();
    let events = match request.resolution.filter(|r| *r != resolution) {
        Some(target) => downsample(&events, target),
        None => events,
    };
    Ok(events.into_iter().map(|(_, v)| super::signs::usef_power(v)).collect())
}

/// Means per bin of `resolution` (bins on the grid counted from the epoch).
fn downsample(events: &[(DateTime<Utc>, f64)], resolution: TimeDelta) -> Vec<(DateTime<Utc>, f64)> {
    let mut bins: BTreeMap<DateTime<Utc>, (f64, usize)> = BTreeMap::new();
    for (start, value) in events {
        let bin = bins.entry(floor_to_resolution(start, resolution)).or_insert((0.0, 0));
        bin.0 += value;
        bin.1 += 1;
    }
    bins.into_iter().map(|(start, (sum, n))| (start, sum / n as f64)).collect()
}

/// The response body: entries labelled by sensor names (the original's labelling quirk), at
/// the top level when there is one, else under `groups`.
fn shape(entries: Vec<(Vec<String>, Vec<f64>)>, period: &Period) -> Value {
    let labelled: Vec<(String, Value, Vec<f64>)> = entries
        .into_iter()
        .map(|(mut names, values)| {
            if names.len() == 1 {
                let name = names.remove(0);
                let key = if name.chars().count() == 1 { "connection" } else { "connections" };
                (key.to_owned(), json!(name), values)
            } else {
                ("connections".to_owned(), json!(names), values)
            }
        })
        .collect();
    let mut body = Usef::Processed.body(&[]);
    if let [(key, label, values)] = labelled.as_slice() {
        body[key.as_str()] = label.clone();
        body["values"] = json!(values);
    } else {
        body["groups"] = Value::Array(
            labelled
                .into_iter()
                .map(|(key, label, values)| {
                    let mut group = serde_json::Map::new();
                    group.insert(key, label);
                    group.insert("values".to_owned(), json!(values));
                    Value::Object(group)
                })
                .collect(),
        );
    }
    body["start"] = json!(format_iso_datetime_z(&period.start));
    body["duration"] = json!(format_timedelta(period.duration));
    body["unit"] = json!("MW");
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period() -> Period {
        Period { start: chrono::DateTime::parse_from_rfc3339("2015-01-01T00:00:00Z").unwrap_or_default(), duration: TimeDelta::minutes(90) }
    }

    #[test]
    fn one_entry_goes_to_the_top_level_with_the_plural_key() {
        let body = shape(vec![(vec!["CS 5".into()], vec![100.0, -0.0])], &period());
        assert_eq!(body["connections"], "CS 5");
        assert_eq!(body["values"], json!([100.0, -0.0]));
        assert_eq!((body["start"].as_str(), body["duration"].as_str(), body["unit"].as_str()), (Some("2015-01-01T00:00:00Z"), Some("PT1H30M"), Some("MW")));
        assert_eq!(body["values"].to_string(), "[100.0,-0.0]");
    }

    #[test]
    fn several_entries_are_groups_and_one_character_names_are_singular() {
        let body = shape(vec![(vec!["X".into()], vec![]), (vec!["CS 1".into(), "CS 2".into()], vec![1.0])], &period());
        assert_eq!(body["groups"], json!([{"connection": "X", "values": []}, {"connections": ["CS 1", "CS 2"], "values": [1.0]}]));
    }

    #[test]
    fn downsampling_takes_means() {
        let t = |m: i64| chrono::DateTime::from_timestamp(1_420_070_400 + m * 60, 0).unwrap_or_default();
        let events: Vec<_> = (0..6).map(|i| (t(15 * i), 100.0 + i as f64)).collect();
        let values: Vec<f64> = downsample(&events, TimeDelta::minutes(30)).into_iter().map(|e| e.1).collect();
        assert_eq!(values, vec![100.5, 102.5, 104.5]);
    }

    #[test]
    fn source_items_are_user_ids_or_roles() {
        let m = Message::from_query("source=[2]");
        assert_eq!(source_items(&m), Some(vec![SourceItem::User(2)]));
        let m = Message::from_query("source=2");
        assert_eq!(source_items(&m), Some(vec![SourceItem::AccountRole("2".into())]));
        assert_eq!(source_items(&Message::default()), None);
    }
}
