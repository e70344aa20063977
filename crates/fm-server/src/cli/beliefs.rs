//! `flexmeasures add beliefs FILE` and `flexmeasures show beliefs`.

use std::collections::HashMap;
use std::io::IsTerminal as _;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeDelta, Utc};
use fm_domain::beliefs::{BinOrigin, Event, ReadWindow, ResampleOptions, read_series, resample};
use fm_domain::time::{IsoDuration, KnowledgeHorizonFnc, format_iso_datetime, parse_aware_datetime_v3, parse_datetime_assume_utc};
use fm_storage::Ts;
use fm_storage::beliefs::{BeliefQuery, BeliefRow, save_beliefs, search_beliefs};
use fm_storage::data_sources::{find_source, get_or_create_source, list_sources};
use fm_storage::sensors::{Sensor, find_sensor};

use super::table::render;
use crate::error::CliError;
use crate::runtime::Runtime;

/// Options of `add beliefs`, named as the original's.
#[derive(Debug, clap::Args)]
pub(super) struct AddBeliefs {
    /// The CSV file (one header line, datetimes in the first column, values in the second).
    file: PathBuf,
    /// Sensor to which the beliefs pertain.
    #[arg(long = "sensor-id", value_parser = clap::value_parser!(i32).range(1..))]
    sensor_id: i32,
    /// Source of the beliefs (an existing source id or name, or a new name).
    #[arg(long)]
    source: String,
    /// Unit of the data, converted to the sensor unit; prepend a minus sign to switch signs (e.g. '-kW').
    #[arg(long, allow_hyphen_values = true)]
    unit: Option<String>,
    /// Belief horizon in minutes (positive: ex-ante; negative: ex-post). Default: recorded now.
    #[arg(long, allow_hyphen_values = true)]
    horizon: Option<i64>,
    /// Cumulative probability in the range [0, 1].
    #[arg(long)]
    cp: Option<f64>,
    /// Resample the data to the sensor's event resolution (downsampling by mean).
    #[arg(long, overrides_with = "do_not_resample")]
    resample: bool,
    /// Store the data at its own resolution.
    #[arg(long = "do-not-resample")]
    do_not_resample: bool,
    /// Allow overwriting possibly already existing data.
    #[arg(long = "allow-overwrite", overrides_with = "do_not_allow_overwrite")]
    allow_overwrite: bool,
    /// Refuse to overwrite existing data (the default).
    #[arg(long = "do-not-allow-overwrite")]
    do_not_allow_overwrite: bool,
    /// Number of rows to skip from the top.
    #[arg(long, default_value_t = 1)]
    skiprows: usize,
    /// Additional strings to recognise as missing values (repeatable).
    #[arg(long = "na-values")]
    na_values: Vec<String>,
    /// Number of rows to read (after skipping).
    #[arg(long)]
    nrows: Option<usize>,
    /// Column number with datetimes (0 is the first).
    #[arg(long, default_value_t = 0)]
    datecol: usize,
    /// Column number with values.
    #[arg(long, default_value_t = 1)]
    valuecol: usize,
    /// Character that delimits columns.
    #[arg(long, default_value = ",")]
    delimiter: char,
    /// Decimal character, e.g. ',' for 10,5.
    #[arg(long, default_value = ".")]
    decimal: char,
    /// Thousands separator, e.g. '.' for 10.035,2.
    #[arg(long)]
    thousands: Option<char>,
}

/// Options of `show beliefs`.
#[derive(Debug, clap::Args)]
pub(super) struct ShowBeliefs {
    /// Sensor to show (repeatable).
    #[arg(long = "sensor-id", required = true)]
    sensor_ids: Vec<i32>,
    /// Start of the period (ISO 8601 with offset).
    #[arg(long)]
    start: String,
    /// Length of the period (ISO 8601 duration, e.g. PT24H).
    #[arg(long)]
    duration: String,
    /// Only beliefs formed before this time (ISO 8601 with offset).
    #[arg(long = "belief-time-before")]
    belief_time_before: Option<String>,
    /// Only beliefs of this source.
    #[arg(long = "source-id")]
    source_id: Option<i32>,
    /// Write CSV to this file instead of printing a table.
    #[arg(long = "to-file")]
    to_file: Option<PathBuf>,
}

fn aborted(message: impl Into<String>) -> CliError {
    CliError::Aborted(message.into())
}

/// Parses a CSV datetime: ISO 8601 with an offset, or naive (taken as UTC).
fn parse_row_datetime(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = parse_datetime_assume_utc(text) {
        return Some(t.with_timezone(&Utc));
    }
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(|n| n.and_utc())
        .or_else(|| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%#z").ok().map(|t| t.with_timezone(&Utc)))
}

fn parse_row_value(text: &str, opts: &AddBeliefs) -> Option<f64> {
    let mut cleaned: String = text.trim().to_owned();
    if let Some(t) = opts.thousands {
        cleaned = cleaned.replace(t, "");
    }
    if opts.decimal != '.' {
        cleaned = cleaned.replace(opts.decimal, ".");
    }
    cleaned.parse().ok()
}

/// The most common step between consecutive event starts.
fn inferred_resolution(starts: &[DateTime<Utc>]) -> Option<TimeDelta> {
    let mut counts: HashMap<TimeDelta, usize> = HashMap::new();
    for pair in starts.windows(2) {
        if let [a, b] = pair {
            *counts.entry(*b - *a).or_default() += 1;
        }
    }
    counts.into_iter().filter(|(d, _)| *d > TimeDelta::zero()).max_by_key(|(d, n)| (*n, -d.num_seconds())).map(|(d, _)| d)
}

pub(super) fn add_beliefs(rt: &Runtime, opts: &AddBeliefs) -> Result<(), CliError> {
    let mut conn = rt.db.conn()?;
    let sensor = find_sensor(&mut conn, opts.sensor_id).map_err(|_| aborted(format!("Failed to create beliefs: no sensor found with ID {}.", opts.sensor_id)))?;
    if opts.cp.is_some_and(|cp| !(0.0..=1.0).contains(&cp)) {
        return Err(aborted("--cp must be in the range [0, 1]."));
    }
    let events = read_csv(opts)?;
    let sensor_res = TimeDelta::seconds(sensor.event_resolution_s);
    let data_res = inferred_resolution(&events.iter().map(|e| e.start).collect::<Vec<_>>()).unwrap_or(sensor_res);
    let mut events = events;
    if opts.unit.is_some() {
        let unit = opts.unit.as_deref().unwrap_or_default();
        let conversion = fm_domain::units::unit_conversion(unit, &sensor.unit, Some(data_res).filter(|r| *r > TimeDelta::zero()), None)
            .map_err(|e| aborted(format!("Cannot convert {unit} to {}: {e}", sensor.unit)))?;
        for e in &mut events {
            e.value = e.value.map(|v| conversion.apply(v));
        }
    }
    if !opts.do_not_resample && sensor_res > data_res {
        let tz = sensor.timezone.parse().unwrap_or(chrono_tz::UTC);
        let options = ResampleOptions { origin: BinOrigin::StartDay, timezone: tz, ..ResampleOptions::default() };
        events = resample(&events, data_res, sensor_res, &options).map_err(|e| aborted(e.to_string()))?;
    }
    let source_id = resolve_source(&mut conn, &opts.source)?;
    let beliefs = to_beliefs(&sensor, &events, source_id, opts)?;
    let n = beliefs.len();
    let allow_overwrite = opts.allow_overwrite && !opts.do_not_allow_overwrite;
    match save_beliefs(&mut conn, &beliefs, allow_overwrite) {
        Ok(outcome) => {
            say!("Successfully created beliefs ({n} beliefs offered; outcome: {}).", outcome.as_str());
            Ok(())
        }
        Err(fm_storage::StorageError::Replacement(detail)) => Err(aborted(format!(
            "Failed to create beliefs due to the following error: {detail}. As a possible workaround, use the --allow-overwrite flag."
        ))),
        Err(e) => Err(e.into()),
    }
}

fn resolve_source(conn: &mut fm_storage::DbConnection, source: &str) -> Result<i32, CliError> {
    if source.chars().all(|c| c.is_ascii_digit()) && !source.is_empty() {
        let id: i32 = source.parse().map_err(|_| aborted(format!("Failed to find source {source}.")))?;
        return find_source(conn, id).map(|s| s.id).map_err(|_| aborted(format!("Failed to find source {source}.")));
    }
    Ok(get_or_create_source(conn, source, "CLI script", None, None)?.0.id)
}

fn to_beliefs(sensor: &Sensor, events: &[Event], source_id: i32, opts: &AddBeliefs) -> Result<Vec<BeliefRow>, CliError> {
    let sensor_res = TimeDelta::seconds(sensor.event_resolution_s);
    let params: serde_json::Value = serde_json::from_str(&sensor.knowledge_horizon_par).unwrap_or_default();
    let knowledge = KnowledgeHorizonFnc::from_stored(&sensor.knowledge_horizon_fnc, &params).map_err(|e| aborted(e.to_string()))?;
    let now = Utc::now();
    let mut beliefs = Vec::with_capacity(events.len());
    for event in events {
        let Some(value) = event.value else { continue };
        let horizon = match opts.horizon {
            Some(minutes) => TimeDelta::minutes(minutes),
            None => knowledge.belief_horizon(&event.start, sensor_res, &now).map_err(|e| aborted(e.to_string()))?,
        };
        beliefs.push(BeliefRow {
            sensor_id: sensor.id,
            event_start: Ts(event.start),
            source_id,
            belief_horizon_ms: horizon.num_milliseconds(),
            cumulative_probability: opts.cp.unwrap_or(0.5),
            event_value: value,
        });
    }
    Ok(beliefs)
}

/// Reads (datetime, value) rows; a bad row aborts with its line number.
fn read_csv(opts: &AddBeliefs) -> Result<Vec<Event>, CliError> {
    let delimiter = u8::try_from(opts.delimiter).map_err(|_| aborted("The delimiter must be a single ASCII character."))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .from_path(&opts.file)
        .map_err(|e| aborted(format!("Cannot read {}: {e}", opts.file.display())))?;
    let show_progress = std::io::stderr().is_terminal();
    let mut events = Vec::new();
    for (index, record) in reader.records().enumerate().skip(opts.skiprows) {
        if opts.nrows.is_some_and(|n| events.len() >= n) {
            break;
        }
        let line = index + 1;
        let record = record.map_err(|e| aborted(format!("Line {line}: {e}")))?;
        let date = record.get(opts.datecol).ok_or_else(|| aborted(format!("Line {line}: no column {}.", opts.datecol)))?;
        let raw = record.get(opts.valuecol).ok_or_else(|| aborted(format!("Line {line}: no column {}.", opts.valuecol)))?;
        let start = parse_row_datetime(date).ok_or_else(|| aborted(format!("Line {line}: cannot read '{date}' as a datetime.")))?;
        let missing = raw.trim().is_empty() || ["NaN", "nan", "NA", "N/A", "null"].contains(&raw.trim()) || opts.na_values.iter().any(|na| na == raw.trim());
        let value = if missing {
            None
        } else {
            Some(parse_row_value(raw, opts).ok_or_else(|| aborted(format!("Line {line}: cannot read '{raw}' as a number.")))?)
        };
        events.push(Event::new(start, value));
        if show_progress && events.len() % 100_000 == 0 {
            eprint!("\rRead {} rows ...", events.len());
        }
    }
    if show_progress && events.len() >= 100_000 {
        eprintln!("\rRead {} rows.    ", events.len());
    }
    Ok(events)
}

fn parse_cli_datetime(text: &str, option: &str) -> Result<DateTime<FixedOffset>, CliError> {
    parse_aware_datetime_v3(text).map_err(|_| aborted(format!("--{option} must be an ISO 8601 datetime with an offset, e.g. 2024-01-01T00:00:00+01:00.")))
}

pub(super) fn show_beliefs(rt: &Runtime, opts: &ShowBeliefs) -> Result<(), CliError> {
    let start = parse_cli_datetime(&opts.start, "start")?;
    let duration = IsoDuration::parse(&opts.duration).map_err(|e| aborted(format!("--duration: {e}")))?;
    let duration = duration.ground(&start).ok_or_else(|| aborted("--duration cannot be used here."))?;
    let prior = opts.belief_time_before.as_deref().map(|t| parse_cli_datetime(t, "belief-time-before")).transpose()?;
    let mut conn = rt.db.conn()?;
    let sensors = opts.sensor_ids.iter().map(|id| find_sensor(&mut conn, *id)).collect::<Result<Vec<_>, _>>()?;
    let resolution = sensors.iter().map(|s| TimeDelta::seconds(s.event_resolution_s)).filter(|r| *r > TimeDelta::zero()).min().unwrap_or(TimeDelta::minutes(5));
    let sources: Vec<_> = list_sources(&mut conn)?.iter().filter(|s| opts.source_id.is_none_or(|id| s.id == id)).map(|s| s.info()).collect();
    let start_utc = start.with_timezone(&Utc);
    let window = ReadWindow { start: start_utc, end: start_utc + duration, resolution, prior: prior.map(|p| p.with_timezone(&Utc)) };
    let mut columns = Vec::new();
    for sensor in &sensors {
        let sensor_res = TimeDelta::seconds(sensor.event_resolution_s);
        let query = BeliefQuery {
            starts_from: Some(Ts(start_utc - sensor_res)),
            starts_before: Some(Ts(window.end)),
            source_ids: opts.source_id.map(|id| vec![id]),
            ..Default::default()
        };
        let rows: Vec<_> = search_beliefs(&mut conn, sensor.id, &query)?.iter().map(BeliefRow::to_belief).collect();
        let params: serde_json::Value = serde_json::from_str(&sensor.knowledge_horizon_par).unwrap_or_default();
        let knowledge = KnowledgeHorizonFnc::from_stored(&sensor.knowledge_horizon_fnc, &params).map_err(|e| aborted(e.to_string()))?;
        columns.push(read_series(&rows, &sources, sensor_res, &knowledge, &window).map_err(aborted)?);
    }
    let mut headers = vec!["event_start".to_owned()];
    headers.extend(sensors.iter().map(|s| format!("{} ({})", s.name, s.unit)));
    let rows: Vec<Vec<String>> = (0..columns.first().map_or(0, Vec::len))
        .map(|i| {
            let t = start + resolution * i32::try_from(i).unwrap_or(i32::MAX);
            let mut row = vec![format_iso_datetime(&t)];
            row.extend(columns.iter().map(|c| c.get(i).copied().flatten().map_or_else(String::new, |v| v.to_string())));
            row
        })
        .collect();
    match &opts.to_file {
        Some(path) => {
            let mut writer = csv::Writer::from_path(path).map_err(|e| aborted(format!("Cannot write {}: {e}", path.display())))?;
            let io = |e: csv::Error| aborted(format!("Cannot write {}: {e}", path.display()));
            writer.write_record(&headers).map_err(io)?;
            for row in &rows {
                writer.write_record(row).map_err(io)?;
            }
            writer.flush()?;
            say!("Exported {} rows to {}.", rows.len(), path.display());
        }
        None if rows.iter().all(|r| r.iter().skip(1).all(String::is_empty)) => say!("No data found for the given time period."),
        None => say!("{}", render(&headers.iter().map(String::as_str).collect::<Vec<_>>(), &rows)),
    }
    Ok(())
}
