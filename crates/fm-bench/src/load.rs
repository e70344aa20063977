//! A bounded load over loopback: `c` connections, `n` requests in all, latencies recorded.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::setup::{EMAIL, PASSWORD, day};

#[derive(Clone, Copy)]
pub enum Request {
    /// GET one (random among `days`) day of 15-minute data.
    GetDay { sensor: i32, days: i64 },
    /// POST 96 new values, each request a new day from `first_day` on.
    PostDay { sensor: i32, first_day: i64 },
    /// Trigger a schedule for a random day, then poll until it can be fetched (timed as one).
    Schedule { sensor: i32, days: i64 },
}

pub struct Outcome {
    requests: usize,
    connections: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Outcome {
    fn percentile(&self, p: f64) -> Duration {
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies.get(i).copied().unwrap_or_default()
    }

    pub fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {} | {:.0} | {:.2} ms | {:.2} ms |",
            self.requests,
            self.connections,
            self.requests as f64 / self.elapsed.as_secs_f64(),
            self.percentile(0.5).as_secs_f64() * 1000.0,
            self.percentile(0.99).as_secs_f64() * 1000.0
        )
    }
}

pub fn token(base: &str) -> String {
    actix_rt::System::new().block_on(async {
        let mut response = awc::Client::default()
            .post(format!("{base}/api/requestAuthToken"))
            .send_json(&json!({"email": EMAIL, "password": PASSWORD}))
            .await
            .unwrap();
        let body: serde_json::Value = response.json().await.unwrap();
        body["auth_token"].as_str().unwrap().to_owned()
    })
}

fn pseudo_random(seed: u64) -> u64 {
    seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407) >> 33
}

pub fn run(base: &str, token: &str, connections: usize, requests: usize, kind: Request) -> Outcome {
    actix_rt::System::new().block_on(async move {
        let next = Rc::new(Cell::new(0usize));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..connections {
            let (next, base, token) = (next.clone(), base.to_owned(), token.to_owned());
            tasks.push(actix_rt::spawn(async move {
                let client = awc::Client::builder().timeout(Duration::from_secs(30)).finish();
                let mut latencies = Vec::new();
                loop {
                    let i = next.get();
                    if i >= requests {
                        break;
                    }
                    next.set(i + 1);
                    let t = Instant::now();
                    let status = match kind {
                        Request::GetDay { sensor, days } => {
                            let d = (pseudo_random(i as u64) % days.max(1) as u64) as i64;
                            let start = day(d).format("%Y-%m-%dT%H:%M:%S%%2B00:00");
                            let url = format!("{base}/api/v3_0/sensors/{sensor}/data?start={start}&duration=PT24H&unit=MW");
                            let mut response = client.get(url).insert_header(("Authorization", token.as_str())).send().await.unwrap();
                            let _ = response.body().limit(1 << 20).await.unwrap();
                            response.status()
                        }
                        Request::PostDay { sensor, first_day } => {
                            let values: Vec<f64> = (0..96).map(|v| f64::from(v) + i as f64).collect();
                            let start = day(first_day + i as i64).to_rfc3339();
                            let body = json!({"values": values, "start": start, "duration": "PT24H", "unit": "MW"});
                            let mut response = client
                                .post(format!("{base}/api/v3_0/sensors/{sensor}/data"))
                                .insert_header(("Authorization", token.as_str()))
                                .send_json(&body)
                                .await
                                .unwrap();
                            let _ = response.body().await.unwrap();
                            response.status()
                        }
                        Request::Schedule { sensor, days } => {
                            let d = (pseudo_random(i as u64) % days.max(1) as u64) as i64;
                            let body = json!({"start": day(d).to_rfc3339(), "soc-at-start": 1.0, "soc-unit": "MWh"});
                            let mut response = client
                                .post(format!("{base}/api/v3_0/sensors/{sensor}/schedules/trigger"))
                                .insert_header(("Authorization", token.as_str()))
                                .send_json(&body)
                                .await
                                .unwrap();
                            let answer: serde_json::Value = response.json().await.unwrap();
                            let job = answer["schedule"].as_str().unwrap().to_owned();
                            let url = format!("{base}/api/v3_0/sensors/{sensor}/schedules/{job}?duration=PT24H");
                            loop {
                                let mut response = client.get(url.as_str()).insert_header(("Authorization", token.as_str())).send().await.unwrap();
                                let _ = response.body().limit(1 << 20).await.unwrap();
                                if response.status().is_success() {
                                    break response.status();
                                }
                                actix_rt::time::sleep(Duration::from_millis(1)).await;
                            }
                        }
                    };
                    assert!(status.is_success(), "request failed with {status}");
                    latencies.push(t.elapsed());
                }
                latencies
            }));
        }
        let mut latencies = Vec::new();
        for task in tasks {
            latencies.extend(task.await.unwrap());
        }
        let elapsed = started.elapsed();
        latencies.sort();
        Outcome { requests, connections, elapsed, latencies }
    })
}
