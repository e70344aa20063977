//! `/api/ops`: liveness and the monitoring of periodic tasks.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use fm_api_common::{ApiError, AppState, TokenUser, run_db};
use fm_auth::guards::roles_required;
use fm_domain::roles::TASK_RUNNER;
use fm_storage::Ts;
use fm_storage::task_runs::{latest_task_run, record_task_run};
use serde_json::json;

/// `GET /api/ops/ping`.
pub async fn ping() -> HttpResponse {
    HttpResponse::Ok().json(json!({"message": "ok", "status": 200}))
}

/// The `lastrun` of error answers: the epoch, naive, as the original renders it.
const NO_LAST_RUN: &str = "1970-01-01T00:00:00";

/// Renders a UTC instant as Python's `isoformat()` does: microseconds only when non-zero.
fn python_isoformat(t: DateTime<Utc>) -> String {
    if t.nanosecond() / 1000 == 0 {
        t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
    }
}

#[derive(serde::Deserialize)]
struct TaskQuery {
    name: Option<String>,
}

/// `GET /api/ops/getLatestTaskRun?name=<task>`, guarded by the shared task-check secret.
pub async fn get_latest_task_run(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let name = web::Query::<TaskQuery>::from_query(req.query_string()).ok().and_then(|q| q.0.name).unwrap_or_default();
    let settings = &state.settings;
    let frequency = settings.monitor_frequencies.get(&name.to_uppercase()).copied().unwrap_or(10);
    let answer = |status: StatusCode, ok: bool, reason: &str, lastrun: String| {
        HttpResponse::build(status).json(json!({
            "status": if ok { "OK" } else { "ERROR" },
            "reason": reason,
            "lastrun": lastrun,
            "frequency": frequency,
            "process": "FlexMeasures",
            "server": settings.mode,
        }))
    };
    let Some(presented) = req.headers().get(AUTHORIZATION) else {
        return Ok(answer(StatusCode::UNAUTHORIZED, false, "Not authenticated to check task status.", NO_LAST_RUN.into()));
    };
    let authorized = settings.task_check_auth_token.as_deref().is_some_and(|secret| presented.as_bytes() == secret.as_bytes());
    if !authorized {
        return Ok(answer(StatusCode::FORBIDDEN, false, "Not authorized to check task status.", NO_LAST_RUN.into()));
    }
    if name.is_empty() {
        return Ok(answer(StatusCode::BAD_REQUEST, false, "No task name given.", NO_LAST_RUN.into()));
    }
    let lookup = name.clone();
    let Some(run) = run_db(&state, move |conn| latest_task_run(conn, &lookup)).await? else {
        return Ok(answer(StatusCode::NOT_FOUND, false, &format!("Task {name} has no last run time."), NO_LAST_RUN.into()));
    };
    let lastrun = run.datetime.map_or_else(|| NO_LAST_RUN.to_owned(), |t| python_isoformat(t.0));
    Ok(answer(StatusCode::OK, run.status, "", lastrun))
}

/// Parses the `datetime` form field: ISO 8601 with an offset, or naive (taken as UTC).
fn parse_run_datetime(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f%:z"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok().map(|n| n.and_utc()))
        })
        .or_else(|| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z").ok().map(|t| t.with_timezone(&Utc)))
}

/// `POST /api/ops/postLatestTaskRun` with form fields `name`, `status` and `datetime`.
pub async fn post_latest_task_run(req: HttpRequest, user: TokenUser, state: web::Data<AppState>, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    roles_required(&user.0.actor, &[TASK_RUNNER])?;
    let error = |status: StatusCode, reason: String| HttpResponse::build(status).json(json!({"status": "ERROR", "reason": reason}));
    let is_form = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let form: HashMap<String, String> = if is_form { serde_urlencoded::from_bytes(&body).unwrap_or_default() } else { HashMap::new() };
    let name = form.get("name").map(|n| n.trim().to_owned()).unwrap_or_default();
    if name.is_empty() {
        return Ok(error(StatusCode::BAD_REQUEST, "No task name given.".to_owned()));
    }
    let status = form.get("status").is_none_or(|s| s == "True");
    let at = match form.get("datetime").filter(|d| !d.trim().is_empty()) {
        None => Utc::now(),
        Some(text) => match parse_run_datetime(text) {
            Some(at) => at,
            None => return Ok(error(StatusCode::BAD_REQUEST, format!("Cannot parse datetime '{text}'."))),
        },
    };
    run_db(&state, move |conn| record_task_run(conn, &name, Ts(at), status)).await?;
    Ok(HttpResponse::Ok().json(json!({"status": "OK"})))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn renders_like_python_isoformat() {
        let t = Utc.with_ymd_and_hms(2026, 11, 25, 18, 19, 4).unwrap();
        assert_eq!(python_isoformat(t), "2026-11-25T18:19:04+00:00");
        assert_eq!(python_isoformat(t + chrono::Duration::microseconds(742_894)), "2026-11-25T18:19:04.742894+00:00");
    }

    #[test]
    fn parses_run_datetimes() {
        let t = Utc.with_ymd_and_hms(2026, 11, 25, 17, 0, 0).unwrap();
        assert_eq!(parse_run_datetime("2026-11-25T18:00:00+01:00"), Some(t));
        assert_eq!(parse_run_datetime("2026-11-25T17:00:00"), Some(t));
        assert_eq!(parse_run_datetime("2026-11-25 18:00:00+01:00"), Some(t));
        assert_eq!(parse_run_datetime("yesterday"), None);
    }
}
