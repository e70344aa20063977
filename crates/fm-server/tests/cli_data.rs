//! The CLI's structure and data commands: asset types, assets, sensors, sources, beliefs from
//! CSV files and showing them, and deleting them again.

use std::path::Path;

use crate::cli::flexmeasures;

fn ok(output: std::process::Output) -> String {
    assert!(output.status.success(), "failed: {}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn fails(output: std::process::Output) -> String {
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
    let err = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    err
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

#[test]
fn structure_then_data_then_clean_up() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("data.db").display());
    let fm = |args: &[&str]| flexmeasures(dir.path(), &url, args);
    ok(fm(&["db", "upgrade"]));
    ok(fm(&["add", "account", "--name", "Acme"]));

    assert_eq!(ok(fm(&["add", "asset-type", "--name", "heat pump", "--description", "HP"])).lines().next(), Some("Successfully created asset type with ID 1."));
    assert!(fails(fm(&["add", "asset-type", "--name", "heat pump"])).contains("already exists"));
    assert!(ok(fm(&["show", "asset-types"])).contains("heat pump"));

    let made = ok(fm(&["add", "asset", "--name", "hp", "--latitude", "52", "--longitude", "-4.5", "--account-id", "1", "--asset-type-id", "1"]));
    assert!(made.starts_with("Successfully created asset with ID 1."), "{made}");
    assert!(fails(fm(&["add", "asset", "--name", "x", "--latitude", "91", "--account-id", "1", "--asset-type-id", "1"])).contains("Latitude"));
    assert!(fails(fm(&["add", "asset", "--name", "x", "--account-id", "1", "--asset-type-id", "9"])).contains("asset type"));
    assert!(fails(fm(&["add", "asset", "--name", "hp", "--account-id", "1", "--asset-type-id", "1"])).contains("already exists"));

    let sensor = ok(fm(&["add", "sensor", "--name", "power", "--unit", "kW", "--event-resolution", "15", "--timezone", "Europe/Amsterdam", "--asset-id", "1"]));
    assert!(sensor.starts_with("Successfully created sensor with ID 1"), "{sensor}");
    assert!(sensor.contains(":fm1.1"), "prints the entity address: {sensor}");
    let iso = ok(fm(&["add", "sensor", "--name", "temp", "--unit", "°C", "--event-resolution", "PT1H", "--timezone", "UTC", "--asset-id", "1", "--attributes", r#"{"a": 1}"#]));
    assert!(iso.starts_with("Successfully created sensor with ID 2"));
    let base = ["add", "sensor", "--name", "s", "--timezone", "UTC", "--asset-id", "1"];
    assert!(fails(fm(&[&base[..], &["--unit", "furlongs", "--event-resolution", "15"]].concat())).contains("Unit 'furlongs' cannot be handled."));
    assert!(fails(fm(&[&base[..], &["--unit", "kW", "--event-resolution", "PT90S"]].concat())).contains("minutes"));
    assert!(fails(fm(&[&base[..], &["--unit", "kW", "--event-resolution", "15", "--attributes", "[1]"]].concat())).contains("JSON object"));
    let shown = ok(fm(&["show", "asset", "--id", "1"]));
    assert!(shown.contains("PT15M") && shown.contains("PT1H") && shown.contains("(52, -4.5)"), "{shown}");

    // Beliefs from CSV: 5-minute data downsampled by mean into the 15-minute sensor, in kW from W.
    let mut csv = String::from("datetime,value\n");
    for i in 0..6 {
        csv.push_str(&format!("2024-01-01 00:{:02},{}\n", i * 5, i * 1000));
    }
    let file = write(dir.path(), "data.csv", &csv);
    assert!(ok(fm(&["add", "beliefs", &file, "--sensor-id", "1", "--source", "import", "--unit", "W", "--horizon", "0"])).contains("outcome: success)"));
    assert!(ok(fm(&["add", "beliefs", &file, "--sensor-id", "1", "--source", "import", "--unit", "W", "--horizon", "0"])).contains("success_but_nothing_new"));
    let changed = write(dir.path(), "changed.csv", &csv.replace(",5000", ",9000"));
    assert!(fails(fm(&["add", "beliefs", &changed, "--sensor-id", "1", "--source", "import", "--unit", "W", "--horizon", "0"])).contains("--allow-overwrite"));
    assert!(ok(fm(&["add", "beliefs", &changed, "--sensor-id", "1", "--source", "import", "--unit", "W", "--horizon", "0", "--allow-overwrite"])).contains("success"));
    let sources = ok(fm(&["show", "data-sources"]));
    assert!(sources.contains("import") && sources.contains("CLI script"), "{sources}");

    let table = ok(fm(&["show", "beliefs", "--sensor-id", "1", "--start", "2024-01-01T00:00:00+00:00", "--duration", "PT45M"]));
    let values: Vec<&str> = table.lines().skip(2).map(|l| l.split_whitespace().nth(1).unwrap_or("")).collect();
    assert_eq!(values, ["1", "5.333333333333333", ""], "{table}");
    let out = dir.path().join("out.csv");
    ok(fm(&["show", "beliefs", "--sensor-id", "1", "--start", "2024-01-01T01:00:00+01:00", "--duration", "PT30M", "--to-file", &out.display().to_string()]));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "event_start,power (kW)\n2024-01-01T01:00:00+01:00,1\n2024-01-01T01:15:00+01:00,5.333333333333333\n");

    // A bad row names its line, and nothing of the file is stored.
    let bad = write(dir.path(), "bad.csv", "datetime,value\n2024-02-01 00:00,1\n2024-02-01 00:15,abc\n");
    assert!(fails(fm(&["add", "beliefs", &bad, "--sensor-id", "1", "--source", "import"])).contains("Line 3"));
    let feb = ok(fm(&["show", "beliefs", "--sensor-id", "1", "--start", "2024-02-01T00:00:00+00:00", "--duration", "PT30M"]));
    assert!(feb.contains("No data found"), "{feb}");
    assert!(fails(fm(&["add", "beliefs", &file, "--sensor-id", "9", "--source", "import"])).contains("no sensor found with ID 9"));
    assert!(fails(fm(&["add", "beliefs", &file, "--sensor-id", "1", "--source", "77"])).contains("Failed to find source 77."));

    // Deleting measurements, a sensor and an asset.
    assert!(ok(fm(&["delete", "measurements", "--sensor-id", "1", "--force"])).contains("Deleted 2 measurement(s)"));
    assert!(ok(fm(&["show", "beliefs", "--sensor-id", "1", "--start", "2024-01-01T00:00:00+00:00", "--duration", "PT45M"])).contains("No data found"));
    assert!(fails(fm(&["delete", "sensor", "--id", "2"])).contains("--force"));
    assert!(ok(fm(&["delete", "sensor", "--id", "2", "--force"])).contains("has been deleted"));
    assert!(ok(fm(&["delete", "asset", "--id", "1", "--force"])).contains("has been deleted"));
    assert!(fails(fm(&["show", "asset", "--id", "1"])).contains("No asset found with ID 1."));
}

#[test]
fn sources_by_command() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    let fm = |args: &[&str]| flexmeasures(dir.path(), &url, args);
    ok(fm(&["db", "upgrade"]));
    assert!(ok(fm(&["add", "source", "--name", "weather service", "--type", "forecaster", "--model", "v", "--version", "1.0"])).contains("(ID: 1)"));
    assert!(fails(fm(&["add", "source", "--name", "weather service", "--type", "forecaster", "--model", "v", "--version", "1.0"])).contains("already exists"));
}

#[test]
fn job_queues_are_shown_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("j.db").display());
    let fm = |args: &[&str]| flexmeasures(dir.path(), &url, args);
    ok(fm(&["db", "upgrade"]));
    let db = fm_storage::Db::connect(&fm_storage::DatabaseUrl::parse(&url).unwrap(), fm_storage::PoolOptions::default()).unwrap();
    let now = fm_storage::Ts(chrono::Utc::now());
    for _ in 0..3 {
        fm_storage::jobs::enqueue(&mut db.conn().unwrap(), &fm_storage::jobs::NewJob::new("scheduling", "schedule"), now).unwrap();
    }
    let shown = ok(fm(&["jobs", "show-queues"]));
    assert!(shown.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["scheduling", "3", "0", "0", "0"]), "{shown}");
    assert!(fails(fm(&["jobs", "clear-queue", "--queue", "ingestion"])).contains("Unknown queue 'ingestion'"));
    assert!(ok(fm(&["jobs", "clear-queue", "--queue", "forecasting|scheduling"])).contains("Cleared 3 job(s) from the scheduling queue."));
    assert!(ok(fm(&["jobs", "show-queues"])).lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["scheduling", "0", "0", "0", "0"]));
}

#[test]
fn a_separate_worker_process_runs_queued_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let fm = |args: &[&str]| flexmeasures(dir.path(), &url, args);
    ok(fm(&["db", "upgrade"]));
    assert!(fails(fm(&["jobs", "run-worker", "--queue", "ingestion"])).contains("Unknown queue"));
    let db = fm_storage::Db::connect(&fm_storage::DatabaseUrl::parse(&url).unwrap(), fm_storage::PoolOptions::default()).unwrap();
    let now = fm_storage::Ts(chrono::Utc::now());
    let mut job = fm_storage::jobs::NewJob::new("scheduling", "make_schedule");
    job.payload = r#"{"not": "a scheduling job"}"#;
    let id = fm_storage::jobs::enqueue(&mut db.conn().unwrap(), &job, now).unwrap().id;

    let mut worker = std::process::Command::new(env!("CARGO_BIN_EXE_flexmeasures"))
        .args(["jobs", "run-worker", "--queue", "scheduling", "--name", "test-worker"])
        .current_dir(dir.path())
        .env("DATABASE_URL", &url)
        .env("SECRET_KEY", "cli-secret")
        .env("LOGGING_LEVEL", "WARNING")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let done = loop {
        let job = fm_storage::jobs::find_job(&mut db.conn().unwrap(), &id).unwrap().unwrap();
        if job.status == fm_storage::jobs::JobStatus::Failed || started.elapsed() > std::time::Duration::from_secs(20) {
            break job;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let _ = worker.kill();
    let _ = worker.wait();
    assert_eq!(done.status, fm_storage::jobs::JobStatus::Failed);
    assert_eq!(done.locked_by.as_deref(), Some("test-worker"));
    assert!(done.error.unwrap_or_default().starts_with("ValueError: the job's arguments cannot be read"));
}

#[test]
fn schedules_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    let fm = |args: &[&str]| flexmeasures(dir.path(), &url, args);
    ok(fm(&["db", "upgrade"]));
    ok(fm(&["add", "toy-account"]));
    let mut csv = String::from("datetime,price\n");
    for h in 0..24 {
        csv.push_str(&format!("2024-01-01T{h:02}:00:00+00:00,{}\n", if h % 2 == 0 { 10 } else { 40 }));
    }
    let file = write(dir.path(), "prices.csv", &csv);
    ok(fm(&["add", "beliefs", &file, "--sensor-id", "2", "--source", "market", "--horizon", "0"]));

    let base = ["add", "schedule", "--sensor-id", "1", "--optimization-context-id", "2", "--start", "2024-01-01T00:00:00+00:00", "--duration", "PT4H"];
    let with = |extra: &[&'static str]| [&base[..], extra].concat();
    assert_eq!(ok(fm(&with(&["--soc-at-start", "50%", "--soc-target", "0.45 MWh", "2024-01-01T04:00:00+00:00"]))).trim(), "New schedule is stored.");
    let shown = ok(fm(&["show", "beliefs", "--sensor-id", "1", "--start", "2024-01-01T00:00:00+00:00", "--duration", "PT4H"]));
    let rows: Vec<f64> = shown.lines().skip(2).filter_map(|l| l.split_whitespace().nth(1)?.parse().ok()).collect();
    assert_eq!(rows.len(), 16, "{shown}");
    // Stored with consumption negative: charging 0.2 MWh from 50% (0.225 MWh) to 0.45 MWh.
    assert!((rows.iter().sum::<f64>() * 0.25 + 0.225).abs() < 1e-6, "{shown}");

    let queued = ok(fm(&with(&["--soc-at-start", "150 kWh", "--as-job"])));
    assert!(queued.starts_with("New scheduling job ") && queued.contains("added to the queue"), "{queued}");
    assert!(ok(fm(&["jobs", "show-queues"])).lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["scheduling", "1", "0", "0", "0"]));
    assert!(fails(fm(&with(&["--soc-at-start", "lots"]))).contains("lots"));
    assert!(fails(fm(&with(&["--soc-at-start", "0", "--roundtrip-efficiency", "120%"]))).contains("round-trip"));
    let no_prices = ["add", "schedule", "--sensor-id", "1", "--optimization-context-id", "2", "--start", "2025-01-01T00:00:00+00:00", "--duration", "PT4H", "--soc-at-start", "0"];
    assert!(fails(fm(&no_prices)).contains("UnknownPricesException"));
}
