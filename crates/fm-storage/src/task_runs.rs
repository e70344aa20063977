//! The last run of named periodic tasks, for monitoring.

use diesel::prelude::*;

use crate::schema::latest_task_run;
use crate::{DbConnection, StorageResult, Ts};

/// A `latest_task_run` row.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq)]
#[diesel(table_name = latest_task_run)]
pub struct LatestTaskRun {
    /// Task name (key).
    pub name: String,
    /// When it last ran.
    pub datetime: Option<Ts>,
    /// Whether that run succeeded.
    pub status: bool,
}

/// Records a run of `name`, replacing the previous record.
pub fn record_task_run(conn: &mut DbConnection, name: &str, at: Ts, status: bool) -> StorageResult<()> {
    crate::write_transaction(conn, |conn| {
        let updated = diesel::update(latest_task_run::table.find(name))
            .set((latest_task_run::datetime.eq(Some(at)), latest_task_run::status.eq(status)))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(latest_task_run::table)
                .values((latest_task_run::name.eq(name), latest_task_run::datetime.eq(Some(at)), latest_task_run::status.eq(status)))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// The last recorded run of `name`, if any.
pub fn latest_task_run(conn: &mut DbConnection, name: &str) -> StorageResult<Option<LatestTaskRun>> {
    Ok(latest_task_run::table.find(name).select(LatestTaskRun::as_select()).first(conn).optional()?)
}
