//! Knowledge-horizon functions (spec `domain.md` §2.1–2.2) and the conversion between belief
//! times and belief horizons.
//!
//! For an event starting at `s` with resolution `r`, the knowledge horizon `kh(s)` says how long
//! before the event start the event could first be known (negative: only after the start); the
//! knowledge time is `kt = s − kh(s)`; a belief formed at belief time `bt` has the belief horizon
//! `h = kt − bt`, so `bt = kt − h`. For the default `ex_post` with a zero horizon, `kt` is the
//! event end and `bt = s + r − h`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::Tz;

use super::duration::{NANOS_PER_DAY, nanos_to_timedelta, timedelta_nanos};
use super::local::localize_standard;

/// A sensor's knowledge-horizon function with its parameters (the stored pair
/// `knowledge_horizon_fnc` / `knowledge_horizon_par`, see
/// [`from_stored`](Self::from_stored) and [`to_stored`](Self::to_stored)).
#[derive(Debug, Clone, PartialEq)]
pub enum KnowledgeHorizonFnc {
    /// `ex_post`: known `ex_post_horizon` after the event **ends**; `kh = −r − ex_post_horizon`.
    /// The default (with zero) for physical measurements.
    ExPost {
        /// How long after the event end the event is known.
        ex_post_horizon: TimeDelta,
    },
    /// `ex_ante`: known `ex_ante_horizon` before the event **starts**; `kh = ex_ante_horizon`
    /// (the intended semantics, spec §8 #1).
    ExAnte {
        /// How long before the event start the event is known.
        ex_ante_horizon: TimeDelta,
    },
    /// `at_date`: everything is known since a fixed moment (e.g. a tariff contract);
    /// `kh = s − knowledge_time`.
    AtDate {
        /// The moment since which all events are known.
        knowledge_time: DateTime<FixedOffset>,
    },
    /// `x_days_ago_at_y_oclock`: known at `y` o'clock in zone `z`, `x` calendar days before the
    /// day (in `z`) of the event start; `kh = s − that moment`. Day-ahead prices use
    /// `x = 1, y = 12, z = Europe/Paris`.
    XDaysAgoAtYOclock {
        /// Days before the event's day.
        x: i64,
        /// Hour of the day, `0 ≤ y < 24`; fractions give minutes, seconds and microseconds.
        y: f64,
        /// The zone whose wall clock and calendar are meant.
        z: Tz,
    },
    /// `x_years_ago_at_date` (timely-beliefs ≥ 2.3): known since midnight (in `z`) of
    /// `day`/`month` in the year `x` years before the year of the event start.
    XYearsAgoAtDate {
        /// Years back (positive).
        x: i32,
        /// Day of the month.
        day: u32,
        /// Month.
        month: u32,
        /// The zone whose calendar is meant.
        z: Tz,
    },
}

/// A knowledge-horizon function that cannot be built or evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnowledgeHorizonError {
    /// The function name is not in the function store.
    #[error(
        "knowledge_horizon_fnc {0} cannot be executed safely. Please register the function in the func_store."
    )]
    UnknownFunction(String),
    /// The parameters are not a JSON object.
    #[error("knowledge_horizon_par of {fnc} must be a JSON object")]
    ParamsNotAnObject {
        /// The canonical function name.
        fnc: &'static str,
    },
    /// A required parameter is absent.
    #[error("{fnc} is missing the parameter '{param}'")]
    MissingParam {
        /// The canonical function name.
        fnc: &'static str,
        /// The parameter name.
        param: &'static str,
    },
    /// A parameter the function does not take.
    #[error("{fnc} got an unexpected parameter '{param}'")]
    UnexpectedParam {
        /// The canonical function name.
        fnc: &'static str,
        /// The parameter name.
        param: String,
    },
    /// A parameter of the wrong type or out of range.
    #[error("invalid parameter '{param}' of {fnc}: {reason}")]
    InvalidParam {
        /// The canonical function name.
        fnc: &'static str,
        /// The parameter name.
        param: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The function yields no valid moment for this event (e.g. 29 February in a common year).
    #[error("the knowledge time of {fnc} does not exist for this event")]
    NoKnowledgeTime {
        /// The canonical function name.
        fnc: &'static str,
    },
    /// A result falls outside the representable range.
    #[error("knowledge horizon out of range")]
    OutOfRange,
}

impl Default for KnowledgeHorizonFnc {
    /// `ex_post` with a zero horizon: known when the event ends.
    fn default() -> Self {
        KnowledgeHorizonFnc::ExPost {
            ex_post_horizon: TimeDelta::zero(),
        }
    }
}

impl KnowledgeHorizonFnc {
    /// The canonical function name as stored (`ex_post`, `ex_ante`, `at_date`,
    /// `x_days_ago_at_y_oclock`, `x_years_ago_at_date`).
    pub fn name(&self) -> &'static str {
        match self {
            KnowledgeHorizonFnc::ExPost { .. } => "ex_post",
            KnowledgeHorizonFnc::ExAnte { .. } => "ex_ante",
            KnowledgeHorizonFnc::AtDate { .. } => "at_date",
            KnowledgeHorizonFnc::XDaysAgoAtYOclock { .. } => "x_days_ago_at_y_oclock",
            KnowledgeHorizonFnc::XYearsAgoAtDate { .. } => "x_years_ago_at_date",
        }
    }

    /// The knowledge horizon `kh` of an event starting at `event_start` with resolution
    /// `event_resolution`.
    pub fn knowledge_horizon<T: TimeZone>(
        &self,
        event_start: &DateTime<T>,
        event_resolution: TimeDelta,
    ) -> Result<TimeDelta, KnowledgeHorizonError> {
        let since = |moment: DateTime<Tz>| event_start.clone().signed_duration_since(moment);
        match self {
            KnowledgeHorizonFnc::ExPost { ex_post_horizon } => {
                let kh = -timedelta_nanos(event_resolution) - timedelta_nanos(*ex_post_horizon);
                nanos_to_timedelta(kh).ok_or(KnowledgeHorizonError::OutOfRange)
            }
            KnowledgeHorizonFnc::ExAnte { ex_ante_horizon } => Ok(*ex_ante_horizon),
            KnowledgeHorizonFnc::AtDate { knowledge_time } => {
                Ok(event_start.clone().signed_duration_since(*knowledge_time))
            }
            KnowledgeHorizonFnc::XDaysAgoAtYOclock { x, y, z } => {
                let local = event_start.with_timezone(z).naive_local();
                let date =
                    shift_days(local.date(), -*x).ok_or(KnowledgeHorizonError::OutOfRange)?;
                let moment = localize_standard(z, &date.and_time(hour_of_day(*y)?))
                    .ok_or(KnowledgeHorizonError::OutOfRange)?;
                Ok(since(moment))
            }
            KnowledgeHorizonFnc::XYearsAgoAtDate { x, day, month, z } => {
                let year = event_start.with_timezone(z).year().checked_sub(*x);
                let date = year
                    .and_then(|y| NaiveDate::from_ymd_opt(y, *month, *day))
                    .ok_or(KnowledgeHorizonError::NoKnowledgeTime {
                        fnc: "x_years_ago_at_date",
                    })?;
                let moment = localize_standard(z, &date.and_time(NaiveTime::MIN))
                    .ok_or(KnowledgeHorizonError::OutOfRange)?;
                Ok(since(moment))
            }
        }
    }

    /// The knowledge time `kt = event_start − kh` (in the zone of `event_start`).
    pub fn knowledge_time<T: TimeZone>(
        &self,
        event_start: &DateTime<T>,
        event_resolution: TimeDelta,
    ) -> Result<DateTime<T>, KnowledgeHorizonError> {
        let kh = self.knowledge_horizon(event_start, event_resolution)?;
        event_start
            .clone()
            .checked_sub_signed(kh)
            .ok_or(KnowledgeHorizonError::OutOfRange)
    }

    /// The belief horizon `h = kt − belief_time` of a belief about the event formed at
    /// `belief_time`.
    pub fn belief_horizon<T: TimeZone, U: TimeZone>(
        &self,
        event_start: &DateTime<T>,
        event_resolution: TimeDelta,
        belief_time: &DateTime<U>,
    ) -> Result<TimeDelta, KnowledgeHorizonError> {
        let kt = self.knowledge_time(event_start, event_resolution)?;
        Ok(kt.signed_duration_since(belief_time.clone()))
    }

    /// The belief time `kt − h` of a belief about the event with belief horizon `belief_horizon`
    /// (in the zone of `event_start`).
    pub fn belief_time<T: TimeZone>(
        &self,
        event_start: &DateTime<T>,
        event_resolution: TimeDelta,
        belief_horizon: TimeDelta,
    ) -> Result<DateTime<T>, KnowledgeHorizonError> {
        let kt = self.knowledge_time(event_start, event_resolution)?;
        kt.checked_sub_signed(belief_horizon)
            .ok_or(KnowledgeHorizonError::OutOfRange)
    }

    /// Bounds `(min, max)` on the knowledge horizon over all event starts, for coarse filtering
    /// by belief time; `None` means unbounded (`at_date`, or overflow). `x_days_ago_at_y_oclock`
    /// widens by 2 hours on either side to cover DST.
    pub fn bounds(&self, event_resolution: TimeDelta) -> (Option<TimeDelta>, Option<TimeDelta>) {
        let hours = |h: f64| {
            // Float hours to whole microseconds, like Python's `timedelta(hours=...)`.
            let micros = (h * 3600e6).round();
            (micros.abs() < 1e30).then_some(micros as i128 * 1000)
        };
        let days = |d: i128| d.checked_mul(i128::from(NANOS_PER_DAY));
        let td = |n: Option<i128>| n.and_then(nanos_to_timedelta);
        match self {
            KnowledgeHorizonFnc::ExPost { ex_post_horizon } => {
                let kh = -timedelta_nanos(event_resolution) - timedelta_nanos(*ex_post_horizon);
                (nanos_to_timedelta(kh), nanos_to_timedelta(kh))
            }
            KnowledgeHorizonFnc::ExAnte { ex_ante_horizon } => {
                (Some(*ex_ante_horizon), Some(*ex_ante_horizon))
            }
            KnowledgeHorizonFnc::AtDate { .. } => (None, None),
            KnowledgeHorizonFnc::XDaysAgoAtYOclock { x, y, .. } => {
                let x = i128::from(*x);
                let min = days(x).zip(hours(-y - 2.0)).map(|(d, h)| d + h);
                let max = days(x + 1).zip(hours(-y + 2.0)).map(|(d, h)| d + h);
                (td(min), td(max))
            }
            KnowledgeHorizonFnc::XYearsAgoAtDate { x, .. } => {
                let x = i128::from(*x);
                (td(days((x - 1) * 365 + 1)), td(days((x + 1) * 366)))
            }
        }
    }
}

/// `date` moved by `days` calendar days.
fn shift_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(TimeDelta::try_days(days)?)
}

/// The wall-clock time `y` o'clock: whole hours, or for a fraction `int(y · 3600 · 10⁶)`
/// microseconds split into hours, minutes, seconds and microseconds (as timely-beliefs does).
pub(crate) fn hour_of_day(y: f64) -> Result<NaiveTime, KnowledgeHorizonError> {
    let invalid = || KnowledgeHorizonError::InvalidParam {
        fnc: "x_days_ago_at_y_oclock",
        param: "y",
        reason: format!("{y} is not an hour of the day"),
    };
    let micros = y * 60.0 * 60.0 * 1e6;
    if !(0.0..86_400e6).contains(&micros) {
        return Err(invalid());
    }
    let micros = micros as u64;
    let secs = u32::try_from(micros / 1_000_000).map_err(|_| invalid())?;
    let nanos = u32::try_from(micros % 1_000_000 * 1000).map_err(|_| invalid())?;
    NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).ok_or_else(invalid)
}
