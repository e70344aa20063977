//! Logging: structured logs through tracing, one line per request with its id, method, path
//! (never the query string, which may hold a token), status and latency.

use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};
use tracing_subscriber::EnvFilter;

/// Installs the global log subscriber for `LOGGING_LEVEL` (`DEBUG`, `INFO`, `WARNING`, `ERROR`,
/// `CRITICAL`, or a tracing filter expression).
pub fn init_logging(level: &str) {
    let filter = match level.to_ascii_uppercase().as_str() {
        "DEBUG" => "debug".to_owned(),
        "INFO" => "info".to_owned(),
        "WARNING" | "WARN" => "warn".to_owned(),
        "ERROR" | "CRITICAL" => "error".to_owned(),
        _ => level.to_owned(),
    };
    let filter = EnvFilter::try_new(&filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_ansi(ansi).try_init();
}

/// When a request arrived, for its latency.
#[derive(Clone, Copy)]
struct Arrived(Instant);

/// The root span of every request.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        request.extensions_mut().insert(Arrived(Instant::now()));
        let request_id = request.extensions().get::<RequestId>().map(ToString::to_string).unwrap_or_default();
        tracing::info_span!("request", id = %request_id, method = %request.method(), path = %request.path())
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, actix_web::Error>) {
        let _entered = span.enter();
        match outcome {
            Ok(response) => {
                let latency_ms = response
                    .request()
                    .extensions()
                    .get::<Arrived>()
                    .map_or(0.0, |a| a.0.elapsed().as_secs_f64() * 1000.0);
                let status = response.status().as_u16();
                if response.status().is_server_error() {
                    tracing::error!(status, latency_ms, "request failed");
                } else {
                    tracing::info!(status, latency_ms, "request finished");
                }
            }
            Err(error) => tracing::error!(%error, "request failed"),
        }
    }
}
