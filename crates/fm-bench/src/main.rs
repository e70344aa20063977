//! `fm-bench`: measures the server over loopback on SQLite (and PostgreSQL with
//! `--postgres <admin URL>`), with a bounded number of requests per scenario, and prints the
//! figures as Markdown for `docs/benchmarks.md`.
//!
//! Run from the workspace root (builds the server too):
//! `cargo build --release -p fm-server -p fm-bench && target/release/fm-bench [--postgres URL] [--quick]`
#![expect(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark aborts loudly on a broken setup")]

mod jobs;
mod load;
mod setup;

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let postgres = args.iter().position(|a| a == "--postgres").and_then(|i| args.get(i + 1)).cloned();
    let mut report = vec![format!(
        "Run on {} ({} cores), {}.\n",
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned()))
            .unwrap_or_default(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        chrono::Utc::now().format("%Y-%m-%d")
    )];
    report.push(suite("SQLite", None, quick));
    if let Some(url) = postgres {
        report.push(suite("PostgreSQL", Some(url), quick));
    }
    println!("{}", report.join("\n"));
}

fn suite(name: &str, postgres: Option<String>, quick: bool) -> String {
    eprintln!("== {name}");
    let env = setup::Environment::new(postgres);
    let server = env.start_server();
    let token = load::token(&server.base);
    let scale = if quick { 10 } else { 1 };
    let mut lines = vec![format!("### {name}\n"), "| scenario | requests | connections | req/s | p50 | p99 |".to_owned(), "|---|---|---|---|---|---|".to_owned()];
    let get_day = |c: usize, n: usize| load::run(&server.base, &token, c, n, load::Request::GetDay { sensor: env.small_sensor, days: env.seeded_days });
    for (c, n) in [(1, 2_000 / scale), (8, 20_000 / scale)] {
        lines.push(get_day(c, n).row("GET one day of 15-min data"));
    }
    lines.push(load::run(&server.base, &token, 8, 4_000 / scale, load::Request::PostDay { sensor: env.small_sensor, first_day: 1_000 }).row("POST 96 values (new data)"));
    lines.push(load::run(&server.base, &token, 1, 200 / scale, load::Request::Schedule { sensor: env.small_sensor, days: env.seeded_days }).row("trigger a 48 h schedule (15-min), fetch it when done"));
    let rss_after_get = server.rss_kib();

    eprintln!("ingesting a CSV file");
    let rows: i64 = 1_000_000 / scale as i64;
    let started = Instant::now();
    env.add_beliefs_csv(rows);
    let csv_rate = rows as f64 / started.elapsed().as_secs_f64();

    let big: i64 = 10_000_000 / scale as i64;
    eprintln!("storing {big} beliefs on one sensor");
    let started = Instant::now();
    let big_days = env.fill_big_sensor(big);
    let bulk_rate = big as f64 / started.elapsed().as_secs_f64();
    let big_get = load::run(&server.base, &token, 1, 2_000 / scale, load::Request::GetDay { sensor: env.big_sensor, days: big_days });
    lines.push(big_get.row(&format!("GET one day, sensor holding {big} beliefs")));
    lines.push(String::new());
    lines.push(format!("- `add beliefs` of a {rows}-row CSV: {csv_rate:.0} beliefs/s (whole command: parse, resample, save)"));
    lines.push(format!("- bulk storage of {big} beliefs (100,000 per transaction): {bulk_rate:.0} beliefs/s"));
    lines.push(format!("- server RSS after the GET and POST runs: {:.1} MB; after everything: {:.1} MB", rss_after_get as f64 / 1024.0, server.rss_kib() as f64 / 1024.0));
    drop(server);
    eprintln!("running scheduling jobs");
    lines.push(jobs::jobs_per_second(&env, 400 / scale, 4));
    lines.join("\n")
}
