//! Comparable data-source versions, for the latest-version preference of §2.4/§2.5 (HEAD).
//!
//! FlexMeasures compares `data_source.version` with Python's `packaging.version.Version`
//! (PEP 440), reading a missing version as `0.0.0`. This is a compact port of that ordering:
//! epoch, release (trailing zeros ignored), pre-release (`a` < `b` < `rc`), post-release and
//! dev-release; local labels (`+…`) are ignored. Strings PEP 440 rejects give `None` from
//! [`SourceVersion::parse`]; [`SourceVersion::from_optional`] ranks them as `0.0.0` instead of
//! failing the whole search as upstream would.

/// Pre-release part of the ordering key (variant order is the PEP 440 order).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Pre {
    /// A dev release without pre/post part sorts before all pre-releases.
    DevOnly,
    /// `a`/`b`/`rc` (as 0/1/2) with its number.
    Tagged(u8, u64),
    /// No pre-release.
    Final,
}

/// Dev part of the ordering key (a dev release sorts before the same version without it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Dev {
    /// `.devN`
    Dev(u64),
    /// No dev part.
    None,
}

/// A parsed, totally ordered data-source version.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceVersion {
    epoch: u64,
    release: Vec<u64>,
    pre: Pre,
    post: Option<u64>,
    dev: Dev,
}

impl Default for SourceVersion {
    /// `0.0.0`, the version of a source without one.
    fn default() -> Self {
        Self {
            epoch: 0,
            release: Vec::new(),
            pre: Pre::Final,
            post: None,
            dev: Dev::None,
        }
    }
}

impl SourceVersion {
    /// Parse a PEP 440 version such as `1.2.3`, `v2.0rc1`, `1.0.post2`, `999.999.999dev999`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.trim().to_ascii_lowercase();
        let s = lower.split('+').next().unwrap_or("");
        let s = s.strip_prefix('v').unwrap_or(s);
        let (epoch, s) = match s.split_once('!') {
            Some((e, rest)) => (e.parse().ok()?, rest),
            None => (0, s),
        };
        let mut rest = s;
        let mut release = Vec::new();
        loop {
            let (n, tail) = take_number(rest)?;
            release.push(n);
            match tail.strip_prefix('.') {
                Some(t) if t.starts_with(|c: char| c.is_ascii_digit()) => rest = t,
                _ => {
                    rest = tail;
                    break;
                }
            }
        }
        let mut version = Self {
            epoch,
            release,
            ..Self::default()
        };
        let (pre, tail) = take_tagged(rest, &[("alpha", 0), ("a", 0), ("beta", 1), ("b", 1)])
            .or_else(|| take_tagged(rest, &[("rc", 2), ("c", 2), ("preview", 2), ("pre", 2)]))
            .map_or((None, rest), |(p, t)| (Some(p), t));
        rest = tail;
        let (post, tail) = take_tagged(rest, &[("post", 0), ("rev", 0), ("r", 0)])
            .map_or((None, rest), |((_, n), t)| (Some(n), t));
        rest = tail;
        let (dev, tail) =
            take_tagged(rest, &[("dev", 0)]).map_or((None, rest), |((_, n), t)| (Some(n), t));
        if !tail.is_empty() {
            return None;
        }
        while version.release.last() == Some(&0) {
            version.release.pop();
        }
        version.pre = match (pre, post, dev) {
            (Some((phase, n)), _, _) => Pre::Tagged(phase, n),
            (None, None, Some(_)) => Pre::DevOnly,
            (None, _, _) => Pre::Final,
        };
        version.post = post;
        version.dev = dev.map_or(Dev::None, Dev::Dev);
        Some(version)
    }

    /// The version of a source as FlexMeasures ranks it: missing or empty → `0.0.0`;
    /// unparsable → `0.0.0` as well (documented deviation: upstream raises).
    #[must_use]
    pub fn from_optional(text: Option<&str>) -> Self {
        text.and_then(Self::parse).unwrap_or_default()
    }
}

/// Leading ASCII digits of `s` as a number, and the rest.
fn take_number(s: &str) -> Option<(u64, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let digits = s.get(..end)?;
    Some((digits.parse().ok()?, s.get(end..)?))
}

/// An optional separator, one of the `tags`, an optional separator and an optional number
/// (implicitly 0), e.g. `.post2`, `-rc.1`, `dev`.
fn take_tagged<'a>(s: &'a str, tags: &[(&str, u8)]) -> Option<((u8, u64), &'a str)> {
    let s = s.strip_prefix(['.', '-', '_']).unwrap_or(s);
    let (code, rest) = tags
        .iter()
        .find_map(|(tag, code)| s.strip_prefix(tag).map(|r| (*code, r)))?;
    let after_sep = rest.strip_prefix(['.', '-', '_']).unwrap_or(rest);
    match take_number(after_sep) {
        Some((n, tail)) => Some(((code, n), tail)),
        None => Some(((code, 0), rest)),
    }
}
