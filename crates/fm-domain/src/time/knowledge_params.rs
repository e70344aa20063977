//! Building a [`KnowledgeHorizonFnc`] from the stored `(knowledge_horizon_fnc,
//! knowledge_horizon_par)` pair and serialising it back.
//!
//! As timely-beliefs loads parameters, a string value that parses as an ISO 8601 duration is a
//! duration, else one that parses as an ISO 8601 datetime (isodate grammar; naive read as UTC) is
//! a datetime, else it stays a string. Names include the deprecated aliases of timely-beliefs
//! v1.11.2 (`determine_…`) and the tb 4.x alias `x_days_ago_at_y_o_clock`. Parameters a function
//! does not take are refused, except the key `get_bounds` that the legacy `Market` constructor
//! wrote for `ex_ante` instead of `ex_ante_horizon` (spec §2.2), which is read as
//! `ex_ante_horizon`. Durations are serialised with [`format_timedelta`] (zero → `P0D`),
//! datetimes with isodate's rendering (`2020-11-20T00:00:00Z`; with microseconds when present).

use chrono::{DateTime, FixedOffset, TimeDelta, Timelike};
use chrono_tz::Tz;
use serde_json::{Map, Value, json};

use super::datetime::{format_iso_datetime, format_iso_datetime_z, parse_datetime_assume_utc};
use super::duration::{IsoDuration, format_timedelta};
use super::knowledge::{KnowledgeHorizonError, KnowledgeHorizonFnc, hour_of_day};

/// A parameter value after timely-beliefs' decoding of strings.
enum Param<'a> {
    Duration(IsoDuration),
    DateTime(DateTime<FixedOffset>),
    Other(&'a Value),
}

fn decode(value: &Value) -> Param<'_> {
    if let Value::String(s) = value {
        if let Ok(d) = IsoDuration::parse(s) {
            return Param::Duration(d);
        }
        if let Ok(dt) = parse_datetime_assume_utc(s) {
            return Param::DateTime(dt);
        }
    }
    Param::Other(value)
}

/// Reads the parameters of one function, checking names and types.
struct Reader<'a> {
    fnc: &'static str,
    params: &'a Map<String, Value>,
}

impl<'a> Reader<'a> {
    fn new(
        fnc: &'static str,
        params: &'a Value,
        allowed: &[&str],
    ) -> Result<Self, KnowledgeHorizonError> {
        let params = params
            .as_object()
            .ok_or(KnowledgeHorizonError::ParamsNotAnObject { fnc })?;
        if let Some(unexpected) = params.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(KnowledgeHorizonError::UnexpectedParam {
                fnc,
                param: unexpected.clone(),
            });
        }
        Ok(Reader { fnc, params })
    }

    fn invalid(&self, param: &'static str, reason: impl Into<String>) -> KnowledgeHorizonError {
        KnowledgeHorizonError::InvalidParam {
            fnc: self.fnc,
            param,
            reason: reason.into(),
        }
    }

    fn get(&self, param: &'static str) -> Result<&'a Value, KnowledgeHorizonError> {
        self.params
            .get(param)
            .ok_or(KnowledgeHorizonError::MissingParam {
                fnc: self.fnc,
                param,
            })
    }

    fn duration(&self, param: &'static str) -> Result<TimeDelta, KnowledgeHorizonError> {
        match decode(self.get(param)?) {
            Param::Duration(d) => d.to_timedelta().ok_or_else(|| {
                self.invalid(param, "a duration without years or months is required")
            }),
            _ => Err(self.invalid(param, "an ISO 8601 duration string is required")),
        }
    }

    fn datetime(
        &self,
        param: &'static str,
    ) -> Result<DateTime<FixedOffset>, KnowledgeHorizonError> {
        match decode(self.get(param)?) {
            Param::DateTime(dt) => Ok(dt),
            _ => Err(self.invalid(param, "an ISO 8601 datetime string is required")),
        }
    }

    fn integer(&self, param: &'static str) -> Result<i64, KnowledgeHorizonError> {
        self.get(param)?
            .as_i64()
            .ok_or_else(|| self.invalid(param, "an integer is required"))
    }

    fn zone(&self, param: &'static str) -> Result<Tz, KnowledgeHorizonError> {
        let Param::Other(Value::String(name)) = decode(self.get(param)?) else {
            return Err(self.invalid(param, "a time zone name is required"));
        };
        name.parse::<Tz>()
            .ok()
            .or_else(|| {
                chrono_tz::TZ_VARIANTS
                    .iter()
                    .copied()
                    .find(|tz| tz.name().eq_ignore_ascii_case(name))
            })
            .ok_or_else(|| self.invalid(param, format!("unknown time zone '{name}'")))
    }
}

impl KnowledgeHorizonFnc {
    /// Builds the function from a sensor's stored `knowledge_horizon_fnc` name and
    /// `knowledge_horizon_par` JSON object.
    pub fn from_stored(name: &str, params: &Value) -> Result<Self, KnowledgeHorizonError> {
        match name {
            "ex_post" | "determine_ex_post_knowledge_horizon" => {
                let r = Reader::new("ex_post", params, &["ex_post_horizon"])?;
                Ok(KnowledgeHorizonFnc::ExPost {
                    ex_post_horizon: r.duration("ex_post_horizon")?,
                })
            }
            "ex_ante" | "determine_ex_ante_knowledge_horizon" => {
                let r = Reader::new("ex_ante", params, &["ex_ante_horizon", "get_bounds"])?;
                let key = if r.params.contains_key("ex_ante_horizon")
                    || !r.params.contains_key("get_bounds")
                {
                    "ex_ante_horizon"
                } else {
                    "get_bounds"
                };
                Ok(KnowledgeHorizonFnc::ExAnte {
                    ex_ante_horizon: r.duration(key)?,
                })
            }
            "at_date" | "determine_knowledge_horizon_for_fixed_knowledge_time" => {
                let r = Reader::new("at_date", params, &["knowledge_time"])?;
                Ok(KnowledgeHorizonFnc::AtDate {
                    knowledge_time: r.datetime("knowledge_time")?,
                })
            }
            "x_days_ago_at_y_oclock"
            | "x_days_ago_at_y_o_clock"
            | "determine_ex_ante_knowledge_horizon_for_x_days_ago_at_y_oclock" => {
                let r = Reader::new("x_days_ago_at_y_oclock", params, &["x", "y", "z"])?;
                let y = r
                    .get("y")?
                    .as_f64()
                    .ok_or_else(|| r.invalid("y", "a number is required"))?;
                hour_of_day(y)?;
                Ok(KnowledgeHorizonFnc::XDaysAgoAtYOclock {
                    x: r.integer("x")?,
                    y,
                    z: r.zone("z")?,
                })
            }
            "x_years_ago_at_date" => {
                let r = Reader::new("x_years_ago_at_date", params, &["x", "day", "month", "z"])?;
                let x = if r.params.contains_key("x") {
                    r.integer("x")?
                } else {
                    1
                };
                let x = i32::try_from(x)
                    .ok()
                    .filter(|x| *x > 0)
                    .ok_or_else(|| r.invalid("x", "Only positive values for `x` are supported."))?;
                let day = r.integer("day")?;
                let month = r.integer("month")?;
                let day = u32::try_from(day).ok().filter(|d| (1..=31).contains(d));
                let day =
                    day.ok_or_else(|| r.invalid("day", "a day of the month (1-31) is required"))?;
                let month = u32::try_from(month).ok().filter(|m| (1..=12).contains(m));
                let month =
                    month.ok_or_else(|| r.invalid("month", "a month (1-12) is required"))?;
                Ok(KnowledgeHorizonFnc::XYearsAgoAtDate {
                    x,
                    day,
                    month,
                    z: r.zone("z")?,
                })
            }
            other => Err(KnowledgeHorizonError::UnknownFunction(other.to_owned())),
        }
    }

    /// The stored form: the canonical function name and the parameters as JSON.
    pub fn to_stored(&self) -> (&'static str, Value) {
        (self.name(), self.params())
    }

    /// The parameters as stored in `knowledge_horizon_par`.
    pub fn params(&self) -> Value {
        match self {
            KnowledgeHorizonFnc::ExPost { ex_post_horizon } => {
                json!({ "ex_post_horizon": format_timedelta(*ex_post_horizon) })
            }
            KnowledgeHorizonFnc::ExAnte { ex_ante_horizon } => {
                json!({ "ex_ante_horizon": format_timedelta(*ex_ante_horizon) })
            }
            KnowledgeHorizonFnc::AtDate { knowledge_time } => {
                let text = if knowledge_time.nanosecond() == 0 {
                    format_iso_datetime_z(knowledge_time)
                } else {
                    format_iso_datetime(knowledge_time)
                };
                json!({ "knowledge_time": text })
            }
            KnowledgeHorizonFnc::XDaysAgoAtYOclock { x, y, z } => {
                let y = if y.fract() == 0.0 {
                    json!(*y as i64)
                } else {
                    json!(y)
                };
                json!({ "x": x, "y": y, "z": z.name() })
            }
            KnowledgeHorizonFnc::XYearsAgoAtDate { x, day, month, z } => {
                json!({ "x": x, "day": day, "month": month, "z": z.name() })
            }
        }
    }
}
