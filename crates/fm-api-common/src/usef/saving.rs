//! Storing the beliefs of a posted message (api-legacy-v1.md §5.3, api-v2_0.md §6.1.4): all in
//! one transaction after every check passed, under the poster's own data source.

use chrono::{DateTime, TimeDelta, Utc};
use fm_storage::DbConnection;
use fm_storage::beliefs::{BeliefRow, SaveOutcome, save_beliefs};
use fm_storage::data_sources::{DataSource, create_user_source, source_of_user};
use fm_storage::users::find_user;
use fm_storage::{StorageError, Ts};
use serde_json::Value;

use super::Usef;
use crate::ApiError;

/// The user's own data source, created when the user has none.
pub fn own_source(conn: &mut DbConnection, user_id: i32) -> Result<DataSource, ApiError> {
    match source_of_user(conn, user_id)? {
        Some(source) => Ok(source),
        None => {
            let user = find_user(conn, user_id)?;
            Ok(create_user_source(conn, &user)?)
        }
    }
}

/// Beliefs of one sensor: value j starts at `start + j·resolution` with horizon `horizons[j]`.
pub fn belief_rows(sensor_id: i32, source_id: i32, start: DateTime<Utc>, resolution: TimeDelta, values: &[f64], horizons: &[TimeDelta]) -> Vec<BeliefRow> {
    values
        .iter()
        .zip(horizons)
        .enumerate()
        .filter_map(|(j, (value, horizon))| {
            let offset = resolution.checked_mul(i32::try_from(j).ok()?)?;
            Some(BeliefRow {
                sensor_id,
                event_start: Ts(start.checked_add_signed(offset)?),
                source_id,
                belief_horizon_ms: horizon.num_milliseconds(),
                cumulative_probability: fm_domain::beliefs::DEFAULT_CUMULATIVE_PROBABILITY,
                event_value: *value,
            })
        })
        .collect()
}

/// Saves `rows` and answers `PROCESSED` or `ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED`; a
/// replacement is a 403 `INVALID_REPLACEMENT` and stores nothing.
pub fn save(conn: &mut DbConnection, rows: &[BeliefRow], allow_overwrite: bool) -> Result<Value, ApiError> {
    match save_beliefs(conn, rows, allow_overwrite) {
        Ok(SaveOutcome::Success) => Ok(Usef::Processed.body(&[])),
        Ok(_) => Ok(Usef::AlreadyReceivedAndSuccessfullyProcessed.body(&[])),
        Err(StorageError::Replacement(detail)) => {
            tracing::info!(%detail, "replacement refused");
            Err(Usef::InvalidReplacement.error())
        }
        Err(other) => Err(other.into()),
    }
}
