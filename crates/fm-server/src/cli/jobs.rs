//! `flexmeasures jobs …`: inspect and empty the job queues.

use clap::Subcommand;
use fm_storage::jobs::{clear_queue, queue_counts};

use super::table::render;
use crate::error::CliError;
use crate::runtime::Runtime;

/// The queues jobs are put on.
pub const QUEUES: [&str; 2] = ["scheduling", "forecasting"];

#[derive(Debug, Subcommand)]
pub(super) enum JobsCommand {
    /// Run a worker in the foreground that executes jobs of the queue (until stopped).
    #[command(name = "run-worker")]
    RunWorker {
        /// The queue(s) to work on, joined with `|`; only `scheduling` has jobs to run so far.
        #[arg(long)]
        queue: String,
        /// The worker's name (default: fm-worker-<process id>).
        #[arg(long)]
        name: Option<String>,
    },
    /// Show how many jobs each queue holds, by status.
    #[command(name = "show-queues")]
    ShowQueues,
    /// Delete the waiting jobs of one or more queues (joined with `|`, e.g. `forecasting|scheduling`).
    #[command(name = "clear-queue")]
    ClearQueue {
        /// The queue(s) to empty.
        #[arg(long)]
        queue: String,
    },
}

pub(super) fn execute(rt: &Runtime, command: JobsCommand) -> Result<(), CliError> {
    if let JobsCommand::RunWorker { queue, name } = &command {
        let names: Vec<&str> = queue.split('|').map(str::trim).collect();
        if let Some(unknown) = names.iter().find(|n| !QUEUES.contains(n)) {
            return Err(CliError::Aborted(format!("Unknown queue '{unknown}'. Available queues: {}.", QUEUES.join(", "))));
        }
        if !names.contains(&"scheduling") {
            return Err(CliError::Aborted("Only the scheduling queue has jobs to run so far.".to_owned()));
        }
        let name = name.clone().unwrap_or_else(|| format!("fm-worker-{}", std::process::id()));
        crate::telemetry::init_logging(&rt.settings.logging_level);
        tracing::info!(worker = %name, "working on the scheduling queue");
        crate::scheduling::worker::work_forever(&rt.db, &name, &rt.job_waker);
    }
    let mut conn = rt.db.conn()?;
    match command {
        JobsCommand::RunWorker { .. } => {}
        JobsCommand::ShowQueues => {
            let counts = queue_counts(&mut conn)?;
            let mut rows = Vec::new();
            for queue in QUEUES {
                let count = |status: &str| {
                    counts.iter().filter(|(q, s, _)| q == queue && s.as_str() == status).map(|(_, _, n)| *n).sum::<i64>().to_string()
                };
                rows.push(vec![queue.to_owned(), count("QUEUED"), count("STARTED"), count("FINISHED"), count("FAILED")]);
            }
            say!("{}", render(&["Queue", "Queued", "Started", "Finished", "Failed"], &rows));
        }
        JobsCommand::ClearQueue { queue } => {
            let names: Vec<&str> = queue.split('|').map(str::trim).collect();
            if let Some(unknown) = names.iter().find(|n| !QUEUES.contains(n)) {
                return Err(CliError::Aborted(format!("Unknown queue '{unknown}'. Available queues: {}.", QUEUES.join(", "))));
            }
            for name in names {
                let n = clear_queue(&mut conn, name)?;
                say!("Cleared {n} job(s) from the {name} queue.");
            }
        }
    }
    Ok(())
}
