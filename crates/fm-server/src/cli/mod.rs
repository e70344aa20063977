//! The `flexmeasures` command line: the original's command and option names, every command
//! usable without a terminal.

/// Prints a line to standard output; a closed pipe (e.g. `| head`) ends the output quietly
/// instead of aborting the command.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod add;
mod asset;
mod beliefs;
mod db_ops;
mod delete;
mod jobs;
mod schedule;
mod show;
mod table;

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::error::CliError;
use crate::runtime::Runtime;

/// FlexMeasures: store meter data, prices and weather, forecast them, and schedule flexible devices.
#[derive(Debug, Parser)]
#[command(name = "flexmeasures", version = fm_domain::version::FLEXMEASURES_VERSION)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the web server (applies migrations first on the embedded SQLite default).
    Run(RunArgs),
    /// Database maintenance.
    #[command(subcommand)]
    Db(DbCommand),
    /// Save and restore backups of the structure and data (FLEXMEASURES_DB_BACKUP_PATH).
    #[command(subcommand, name = "db-ops")]
    DbOps(db_ops::DbOpsCommand),
    /// Add things to the database.
    #[command(subcommand)]
    Add(add::AddCommand),
    /// Show what is in the database.
    #[command(subcommand)]
    Show(show::ShowCommand),
    /// Delete things from the database.
    #[command(subcommand)]
    Delete(delete::DeleteCommand),
    /// Manage users' access.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Inspect and empty the job queues.
    #[command(subcommand)]
    Jobs(jobs::JobsCommand),
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Address to listen on (default: FLEXMEASURES_HOST or 127.0.0.1).
    #[arg(long)]
    host: Option<String>,
    /// Port to listen on (default: FLEXMEASURES_PORT or 5000).
    #[arg(long)]
    port: Option<u16>,
    /// Create the initial structure and the toy account (if missing) before starting,
    /// so you can log in as toy-user@flexmeasures.io with password toy-password.
    #[arg(long)]
    with_toy_account: bool,
}

#[derive(Debug, Subcommand)]
enum DbCommand {
    /// Apply all pending migrations.
    Upgrade,
}

#[derive(Debug, Subcommand)]
enum UsersCommand {
    /// Invalidate all tokens and sessions of a user (rotates its uniquifier); the password stays.
    #[command(name = "reset-access", alias = "reset_access")]
    ResetAccess {
        /// The user's e-mail address.
        #[arg(long)]
        email: String,
    },
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Error: {error}");
            error.exit_code()
        }
    }
}

fn execute(cli: Cli) -> Result<(), CliError> {
    let settings = Settings::from_env()?;
    if let Command::Run(args) = cli.command {
        return crate::server::run(settings, args.host, args.port, args.with_toy_account);
    }
    let rt = Runtime::connect(settings)?;
    if !matches!(cli.command, Command::Db(_)) && rt.has_pending_migrations()? {
        return Err(CliError::Aborted("The database schema is not up to date: run `flexmeasures db upgrade` first.".to_owned()));
    }
    match cli.command {
        Command::Run(_) => Ok(()),
        Command::Db(DbCommand::Upgrade) => {
            let applied = rt.migrate()?;
            if applied.is_empty() {
                say!("Database is up to date.");
            } else {
                say!("Applied {} migration(s): {}", applied.len(), applied.join(", "));
            }
            Ok(())
        }
        Command::DbOps(command) => db_ops::execute(&rt, command),
        Command::Add(command) => add::execute(&rt, command),
        Command::Show(command) => show::execute(&rt, command),
        Command::Delete(command) => delete::execute(&rt, command),
        Command::Jobs(command) => jobs::execute(&rt, command),
        Command::Users(UsersCommand::ResetAccess { email }) => {
            let user = crate::provision::reset_access(&rt, &email)?;
            say!("Reset access for user {} (ID: {}): all its tokens and sessions are now invalid.", user.email, user.id);
            Ok(())
        }
    }
}

/// Asks `question` on the terminal; without a terminal, refuses unless `force`.
fn confirm(question: &str, force: bool) -> Result<(), CliError> {
    if force {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Aborted("Not confirmed: use --force to do this without a terminal.".to_owned()));
    }
    eprint!("{question} [y/N]: ");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(CliError::Aborted("Aborted!".to_owned()))
    }
}
