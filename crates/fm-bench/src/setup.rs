//! A fresh database with an account, a user, sensors and data, and the server on top of it.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeDelta, TimeZone, Utc};
use fm_server::config::Settings;
use fm_server::provision::{UserInput, add_user};
use fm_server::runtime::Runtime;
use fm_storage::Ts;
use fm_storage::beliefs::{BeliefRow, save_beliefs};

/// Password of the benchmark user.
pub const PASSWORD: &str = "bench-password";
/// E-mail of the benchmark user.
pub const EMAIL: &str = "bench@example.com";
const SECRET: &str = "bench-secret";

pub struct Environment {
    pub dir: tempfile::TempDir,
    pub url: String,
    pub rt: Runtime,
    pub small_sensor: i32,
    pub big_sensor: i32,
    pub seeded_days: i64,
    pg_cleanup: Option<(String, String)>,
}

pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Resident memory of the server process.
    pub fn rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> PathBuf {
    std::env::current_exe().unwrap().with_file_name("flexmeasures")
}

/// The first day of benchmark data.
pub fn day(n: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap() + TimeDelta::days(n)
}

fn settings(url: &str) -> Settings {
    let vars: HashMap<String, String> = [("DATABASE_URL", url), ("SECRET_KEY", SECRET), ("FLEXMEASURES_BCRYPT_COST", "4")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Settings::from_vars(&vars).unwrap()
}

impl Environment {
    pub fn new(postgres_admin: Option<String>) -> Environment {
        let dir = tempfile::tempdir().unwrap();
        let (url, pg_cleanup) = match postgres_admin {
            None => (format!("sqlite://{}", dir.path().join("bench.db").display()), None),
            Some(admin) => {
                let name = format!("fm_bench_{}", std::process::id());
                psql(&admin, &format!("CREATE DATABASE {name}"));
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_owned();
                (format!("{base}/{name}"), Some((admin, name)))
            }
        };
        let rt = Runtime::connect(settings(&url)).unwrap();
        rt.migrate().unwrap();
        let mut conn = rt.db.conn().unwrap();
        fm_storage::structure::ensure_initial_structure(&mut conn).unwrap();
        let account = fm_storage::accounts::create_account(&mut conn, "Bench", &[]).unwrap();
        drop(conn);
        add_user(&rt, &UserInput {
            username: None,
            email: EMAIL.into(),
            account_id: account.id,
            roles: vec!["account-admin".into()],
            timezone: "UTC".into(),
            password: PASSWORD.into(),
        })
        .unwrap();
        let asset = fm_server::provision::add_asset(&rt, "battery", None, None, Some(account.id), 5, None).unwrap();
        let small = fm_server::provision::add_sensor(&rt, "power", "MW", "15", "UTC", asset.id, "{}").unwrap();
        let big = fm_server::provision::add_sensor(&rt, "big", "MW", "15", "UTC", asset.id, "{}").unwrap();
        let prices = fm_server::provision::add_sensor(&rt, "prices", "EUR/MWh", "15", "UTC", asset.id, "{}").unwrap();
        let attributes = format!(r#"{{"capacity_in_mw": 0.5, "min_soc_in_mwh": 0, "max_soc_in_mwh": 2, "market_id": {}}}"#, prices.id);
        fm_storage::sensors::set_attributes(&mut rt.db.conn().unwrap(), small.id, &attributes).unwrap();
        let seeded_days = 30;
        let env = Environment { dir, url, rt, small_sensor: small.id, big_sensor: big.id, seeded_days, pg_cleanup };
        env.store(small.id, 0, seeded_days * 96);
        env.store(prices.id, 0, (seeded_days + 2) * 96);
        env
    }

    /// Stores `n` 15-minute beliefs on `sensor`, starting at day `first_day`, in 100,000-belief transactions.
    fn store(&self, sensor: i32, first_day: i64, n: i64) {
        let mut conn = self.rt.db.conn().unwrap();
        let mut start = 0;
        while start < n {
            let end = (start + 100_000).min(n);
            let rows: Vec<BeliefRow> = (start..end)
                .map(|i| BeliefRow {
                    sensor_id: sensor,
                    event_start: Ts(day(first_day) + TimeDelta::minutes(15 * i)),
                    source_id: 1,
                    belief_horizon_ms: 0,
                    cumulative_probability: 0.5,
                    event_value: (i % 96) as f64,
                })
                .collect();
            save_beliefs(&mut conn, &rows, false).unwrap();
            start = end;
        }
    }

    /// Fills the big sensor with `n` beliefs; returns how many whole days it holds.
    pub fn fill_big_sensor(&self, n: i64) -> i64 {
        self.store(self.big_sensor, 0, n);
        n / 96
    }

    /// Writes an `n`-row CSV and loads it with `flexmeasures add beliefs`.
    pub fn add_beliefs_csv(&self, n: i64) {
        let path = self.dir.path().join("beliefs.csv");
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(file, "datetime,value").unwrap();
        for i in 0..n {
            let t = day(5_000) + TimeDelta::minutes(15 * i);
            writeln!(file, "{},{}", t.format("%Y-%m-%dT%H:%M:%S+00:00"), i % 1000).unwrap();
        }
        drop(file);
        let status = Command::new(binary())
            .args(["add", "beliefs", &path.display().to_string(), "--sensor-id", &self.small_sensor.to_string(), "--source", "bench", "--horizon", "0"])
            .env("DATABASE_URL", &self.url)
            .env("SECRET_KEY", SECRET)
            .env("LOGGING_LEVEL", "WARNING")
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "add beliefs failed");
    }

    pub fn start_server(&self) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(binary())
            .args(["run", "--port", &port.to_string()])
            .current_dir(self.dir.path())
            .env("DATABASE_URL", &self.url)
            .env("SECRET_KEY", SECRET)
            .env("LOGGING_LEVEL", "WARNING")
            .env("FLEXMEASURES_DB_POOL_SIZE", "16")
            .stdout(std::fs::File::create(std::env::temp_dir().join("fm-bench-server.log")).map_or_else(|_| Stdio::null(), Stdio::from))
            .spawn()
            .unwrap();
        let server = Server { child, base: format!("http://127.0.0.1:{port}") };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }
}

fn psql(url: &str, sql: &str) {
    let status = Command::new("psql").arg(url).arg("-qc").arg(sql).status().unwrap();
    assert!(status.success(), "psql {sql} failed");
}

impl Drop for Environment {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg_cleanup {
            psql(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}
