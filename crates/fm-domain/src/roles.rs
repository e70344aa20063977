//! Names of the user roles and account roles with built-in meaning.

/// Super user: passes every permission check.
pub const ADMIN: &str = "admin";
/// Passes every read permission check.
pub const ADMIN_READER: &str = "admin-reader";
/// May create users and assets in, and delete assets of, its own account.
pub const ACCOUNT_ADMIN: &str = "account-admin";
/// Reads and edits in the client accounts of its consultancy account.
pub const CONSULTANT: &str = "consultant";
/// Required to record task runs through `POST /api/ops/postLatestTaskRun`.
pub const TASK_RUNNER: &str = "task-runner";

/// Account role that, together with the `consultant` user role, may create client accounts.
pub const CONSULTANCY: &str = "Consultancy";
