//! End to end: the real binary serving over HTTP, as a user starts it from the README.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::cli::flexmeasures;
use crate::support::unauthorized_body;

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `flexmeasures run --with-toy-account` on a free port with a fresh database in `dir`.
async fn start(dir: &std::path::Path, extra_env: &[(&str, &str)]) -> Server {
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_flexmeasures"));
    command
        .args(["run", "--port", &port.to_string(), "--with-toy-account"])
        .current_dir(dir)
        .env_clear()
        .env("FLEXMEASURES_BCRYPT_COST", "4")
        .env("LOGGING_LEVEL", "WARNING")
        .env("FLEXMEASURES_TASK_CHECK_AUTH_TOKEN", "check")
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    for (k, v) in extra_env {
        command.env(k, v);
    }
    let server = Server { child: command.spawn().unwrap(), base: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    let client = awc::Client::default();
    while client.get(format!("{}/api/ops/ping", server.base)).send().await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "server did not start");
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    server
}

async fn json_of(response: awc::ClientRequest, body: Option<Value>) -> (u16, Value) {
    let mut response = match body {
        Some(body) => response.send_json(&body).await.unwrap(),
        None => response.send().await.unwrap(),
    };
    let bytes = response.body().await.unwrap();
    (response.status().as_u16(), serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[actix_rt::test]
async fn first_start_token_expiry_and_reset_access() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[("SECURITY_TOKEN_MAX_AGE", "1")]).await;
    let client = awc::Client::default();
    let url = |path: &str| format!("{}{path}", server.base);

    let (status, index) = json_of(client.get(url("/api")), None).await;
    assert_eq!((status, index["flexmeasures_version"].clone(), index["status"].clone()), (200, json!("0.9.0"), json!(200)));

    // The toy user gets a token; it authenticates (403: not a task runner, rather than 401).
    let credentials = json!({"email": "toy-user@flexmeasures.io", "password": "toy-password"});
    let (status, body) = json_of(client.post(url("/api/requestAuthToken")), Some(credentials)).await;
    assert_eq!(status, 200);
    let toy_token = body["auth_token"].as_str().unwrap().to_owned();
    let record = |token: &str| client.post(url("/api/ops/postLatestTaskRun")).insert_header(("Authorization", token));
    let (status, body) = json_of(record(&toy_token).content_type("application/x-www-form-urlencoded"), None).await;
    assert_eq!((status, body["status"].clone()), (403, json!("INVALID_SENDER")));

    // A task runner added on the CLI records a run, which the monitoring check then sees.
    let db_url = format!("sqlite://{}", dir.path().join("flexmeasures.db").display());
    let secret = std::fs::read_to_string(dir.path().join("flexmeasures.db.secret_key")).unwrap();
    let add = Command::new(env!("CARGO_BIN_EXE_flexmeasures"))
        .args(["add", "user", "--username", "runner", "--email", "runner@example.com", "--account-id", "1", "--roles", "task-runner", "--password", "pw"])
        .current_dir(dir.path())
        .env_clear()
        .env("DATABASE_URL", &db_url)
        .env("FLEXMEASURES_BCRYPT_COST", "4")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(add.status.success(), "{}", String::from_utf8_lossy(&add.stderr));
    assert!(!secret.is_empty(), "the generated secret key is kept beside the database");
    let (_, body) = json_of(client.post(url("/api/requestAuthToken")), Some(json!({"email": "runner@example.com", "password": "pw"}))).await;
    let token = body["auth_token"].as_str().unwrap().to_owned();
    let mut sent = record(&token).send_form(&[("name", "e2e")]).await.unwrap();
    assert_eq!(sent.status().as_u16(), 200, "{:?}", sent.body().await);
    let (status, body) = json_of(client.get(url("/api/ops/getLatestTaskRun?name=e2e")).insert_header(("Authorization", "check")), None).await;
    assert_eq!((status, body["status"].clone()), (200, json!("OK")));

    // After the max age (1 s here) the token is refused with the exact 401 body.
    actix_rt::time::sleep(Duration::from_millis(2100)).await;
    let (status, body) = json_of(record(&token).content_type("application/x-www-form-urlencoded"), None).await;
    assert_eq!((status, body), (401, unauthorized_body()));

    // A fresh token works until `users reset-access` rotates the user's uniquifier.
    let (_, body) = json_of(client.post(url("/api/requestAuthToken")), Some(json!({"email": "runner@example.com", "password": "pw"}))).await;
    let fresh = body["auth_token"].as_str().unwrap().to_owned();
    assert_eq!(record(&fresh).send_form(&[("name", "e2e")]).await.unwrap().status().as_u16(), 200);
    let reset = flexmeasures(dir.path(), &db_url, &["users", "reset-access", "--email", "runner@example.com"]);
    assert!(reset.status.success(), "{}", String::from_utf8_lossy(&reset.stderr));
    let (status, body) = json_of(record(&fresh).content_type("application/x-www-form-urlencoded"), None).await;
    assert_eq!((status, body), (401, unauthorized_body()));
}

#[actix_rt::test]
async fn worker_threads_of_run_compute_a_triggered_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), &[]).await;
    let client = awc::Client::default();
    let url = |path: &str| format!("{}{path}", server.base);
    let db_url = format!("sqlite://{}", dir.path().join("flexmeasures.db").display());

    // Day-ahead prices for the public price sensor (ID 2 of the toy account), loaded by the CLI.
    let mut csv = String::from("datetime,price\n");
    let first_hour = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00+00:00").unwrap();
    for h in 0..48 {
        let t = first_hour + chrono::TimeDelta::hours(h);
        csv.push_str(&format!("{},{}\n", t.to_rfc3339(), if h % 2 == 0 { 10 } else { 40 }));
    }
    let file = dir.path().join("prices.csv");
    std::fs::write(&file, csv).unwrap();
    let added = flexmeasures(dir.path(), &db_url, &["add", "beliefs", &file.display().to_string(), "--sensor-id", "2", "--source", "market", "--horizon", "0"]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));

    let credentials = json!({"email": "toy-user@flexmeasures.io", "password": "toy-password"});
    let (_, body) = json_of(client.post(url("/api/requestAuthToken")), Some(credentials)).await;
    let token = body["auth_token"].as_str().unwrap().to_owned();
    let trigger = json!({"start": "2024-01-01T00:00:00+00:00", "soc-at-start": 0.05, "consumption-price-sensor": 2});
    let (status, body) = json_of(client.post(url("/api/v3_0/sensors/1/schedules/trigger")).insert_header(("Authorization", token.as_str())), Some(trigger)).await;
    assert_eq!(status, 200, "{body}");
    let job = body["schedule"].as_str().unwrap().to_owned();

    let started = Instant::now();
    let schedule = loop {
        let (status, body) = json_of(client.get(url(&format!("/api/v3_0/sensors/1/schedules/{job}"))).insert_header(("Authorization", token.as_str())), None).await;
        if status == 200 {
            break body;
        }
        assert_eq!(body["status"], "UNKNOWN_SCHEDULE", "{body}");
        assert!(started.elapsed() < Duration::from_secs(20), "the worker did not run the job: {body}");
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    };
    // 15-minute slots, toy battery of 0.5 MW between 0.05 and 0.45 MWh: it charges in the cheap first hour.
    let values = schedule["values"].as_array().unwrap();
    assert_eq!(values.len(), 24, "six hours of quarter-hours: {schedule}");
    assert!(values.iter().take(4).map(|v| v.as_f64().unwrap()).sum::<f64>() > 0.0, "{schedule}");
}
