//! Building EA1 addresses (spec api-legacy-v1 §3.3, api-v2_0 §3.10 "Building").
//!
//! `ea1.<YYYY-MM>.<reversed domain>:<fm0|fm1>.<locally unique string>`, where `<YYYY-MM>` is
//! the first month after today for `localhost`/`127.0.0.1`, else the configured start of the
//! host's naming authority (`FLEXMEASURES_HOSTS_AND_AUTH_START`, default
//! `{"flexmeasures.io": "2021-01"}`); unknown hosts are an error.
//!
//! Domain splitting approximates tldextract's public-suffix split with a built-in list of common
//! multi-label suffixes (`co.uk`, `com.au`, …). The reversed domain is the same either way (all
//! labels reversed); only the configuration key and the localhost test depend on the split.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{ADDR_SCHEME, EntityAddressError, EntityInfo};

/// Default of `FLEXMEASURES_HOSTS_AND_AUTH_START`.
pub const DEFAULT_HOSTS_AND_AUTH_START: &[(&str, &str)] = &[("flexmeasures.io", "2021-01")];

/// Public suffixes of more than one label that the domain split recognises.
const MULTI_LABEL_SUFFIXES: &[&str] = &[
    "ac.jp", "ac.nz", "ac.uk", "co.id", "co.il", "co.in", "co.jp", "co.kr", "co.nz", "co.th",
    "co.uk", "co.za", "com.ar", "com.au", "com.br", "com.cn", "com.hk", "com.mx", "com.my",
    "com.ph", "com.sg", "com.tr", "com.tw", "com.ua", "com.vn", "edu.au", "go.jp", "gov.au",
    "gov.uk", "govt.nz", "ltd.uk", "me.uk", "ne.jp", "net.au", "net.br", "net.cn", "net.in",
    "net.nz", "net.uk", "nhs.uk", "or.jp", "or.kr", "org.au", "org.br", "org.cn", "org.in",
    "org.nz", "org.uk", "org.za", "plc.uk", "sch.uk",
];

/// `FLEXMEASURES_HOSTS_AND_AUTH_START`: naming-authority start month (`YYYY-MM`) per host
/// (`subdomain.domain.suffix`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostsAndAuthStart(pub BTreeMap<String, String>);

impl Default for HostsAndAuthStart {
    /// `{"flexmeasures.io": "2021-01"}`.
    fn default() -> Self {
        DEFAULT_HOSTS_AND_AUTH_START.iter().copied().collect()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for HostsAndAuthStart {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl HostsAndAuthStart {
    /// The configured start month of a host, if any.
    #[must_use]
    pub fn get(&self, host: &str) -> Option<&str> {
        self.0.get(host).map(String::as_str)
    }
}

/// A host split like tldextract does: `test.staging.flexmeasures.co.uk` →
/// (`test.staging`, `flexmeasures`, `co.uk`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DomainParts {
    /// Labels left of the registrable domain (may be empty).
    pub subdomain: String,
    /// The registrable domain label (or the whole host for IPs and `localhost`).
    pub domain: String,
    /// The public suffix (may be empty).
    pub suffix: String,
}

impl DomainParts {
    /// `subdomain.domain.suffix`, leaving out empty parts (the configuration key).
    #[must_use]
    pub fn joined(&self) -> String {
        [&self.subdomain, &self.domain, &self.suffix]
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// The host used for building addresses: the request's network location with a literal
/// leading `www.` removed, and `localhost` for `127.0.0.1…` or outside a request (`None`).
/// Upstream strips every leading `w`/`.` character (`web.example.com` → `eb.example.com`);
/// following the spec's recommendation (api-legacy-v1 §10 #19) only `www.` is stripped here.
#[must_use]
pub fn host_from_request(netloc: Option<&str>) -> String {
    match netloc {
        None => "localhost".to_owned(),
        Some(n) => {
            let host = n.strip_prefix("www.").unwrap_or(n);
            if host.starts_with("127.0.0.1") {
                "localhost".to_owned()
            } else {
                host.to_owned()
            }
        }
    }
}

/// Split a host, URL or network location (scheme, credentials, port and path ignored).
#[must_use]
pub fn split_domain(host: &str) -> DomainParts {
    let s = host.split_once("://").map_or(host, |(_, rest)| rest);
    let s = s.split(['/', '?', '#']).next().unwrap_or("");
    let s = s.rsplit_once('@').map_or(s, |(_, rest)| rest);
    if s.starts_with('[') {
        let ipv6 = s.split_once(']').map_or(s, |(h, _)| h);
        return DomainParts {
            domain: format!("{ipv6}]"),
            ..DomainParts::default()
        };
    }
    let s = s.split(':').next().unwrap_or("").trim_end_matches('.');
    let labels: Vec<&str> = s.split('.').collect();
    let is_ipv4 = labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok());
    let last = labels.last().copied().unwrap_or("");
    let suffix_len = if is_ipv4 || labels.len() < 2 || last.eq_ignore_ascii_case("localhost") {
        0
    } else if labels.len() >= 3
        && labels.get(labels.len() - 2..).is_some_and(|t| {
            MULTI_LABEL_SUFFIXES.contains(&t.join(".").to_ascii_lowercase().as_str())
        })
    {
        2
    } else {
        1
    };
    if is_ipv4 || suffix_len == 0 && labels.len() < 2 {
        return DomainParts {
            domain: s.to_owned(),
            ..DomainParts::default()
        };
    }
    let domain_index = labels.len() - suffix_len - 1;
    DomainParts {
        subdomain: labels.get(..domain_index).unwrap_or_default().join("."),
        domain: labels.get(domain_index).copied().unwrap_or("").to_owned(),
        suffix: labels.get(domain_index + 1..).unwrap_or_default().join("."),
    }
}

/// The reversed domain of a host: suffix labels reversed, then the domain, then the subdomain
/// labels reversed (`test.staging.flexmeasures.co.uk` → `uk.co.flexmeasures.staging.test`).
/// IP addresses are kept as they are.
#[must_use]
pub fn reverse_domain_name(host: &str) -> String {
    let parts = split_domain(host);
    let reversed = |s: &str| -> Vec<String> {
        s.split('.')
            .filter(|l| !l.is_empty())
            .rev()
            .map(str::to_owned)
            .collect()
    };
    let mut labels = reversed(&parts.suffix);
    if !parts.domain.is_empty() {
        labels.push(parts.domain.clone());
    }
    labels.extend(reversed(&parts.subdomain));
    labels.join(".")
}

/// `YYYY-MM` of the first day of the month after `today` (the localhost authority date).
#[must_use]
pub fn first_month_after(today: NaiveDate) -> String {
    let (year, month) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    format!("{year:04}-{month:02}")
}

/// `ea1.<YYYY-MM>.<reversed domain>` for a host. An explicit `host_auth_start_month` wins;
/// otherwise localhost uses [`first_month_after`] and other hosts their configured month.
pub fn build_ea_scheme_and_naming_authority(
    host: &str,
    host_auth_start_month: Option<&str>,
    hosts_and_auth_start: &HostsAndAuthStart,
    today: NaiveDate,
) -> Result<String, EntityAddressError> {
    let parts = split_domain(host);
    let month = match host_auth_start_month {
        Some(m) => m.to_owned(),
        None if matches!(parts.domain.as_str(), "localhost" | "127.0.0.1") => {
            first_month_after(today)
        }
        None => {
            let key = parts.joined();
            hosts_and_auth_start
                .get(&key)
                .map(str::to_owned)
                .ok_or(EntityAddressError::UnknownAuthorityStart(key))?
        }
    };
    let b = month.as_bytes();
    let well_formed = b.len() == 7
        && b.get(4) == Some(&b'-')
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit());
    if !well_formed {
        return Err(EntityAddressError::AuthorityStartFormat(month));
    }
    if !month
        .get(5..)
        .and_then(|m| m.parse::<u8>().ok())
        .is_some_and(|m| (1..=12).contains(&m))
    {
        return Err(EntityAddressError::AuthorityStartMonth(month));
    }
    let reversed = reverse_domain_name(host);
    if reversed.is_empty() {
        return Err(EntityAddressError::NoDomainName(host.to_owned()));
    }
    Ok(format!("{ADDR_SCHEME}.{month}.{reversed}"))
}

/// The full address of an entity on `host`: fm1 (`…:fm1.<sensor id>`) for
/// [`EntityInfo::Sensor`], fm0 for the legacy kinds (owner omitted when unknown).
pub fn build_entity_address(
    info: &EntityInfo,
    host: &str,
    hosts_and_auth_start: &HostsAndAuthStart,
    today: NaiveDate,
) -> Result<String, EntityAddressError> {
    let prefix = build_ea_scheme_and_naming_authority(host, None, hosts_and_auth_start, today)?;
    Ok(format!(
        "{prefix}:{}.{}",
        info.fm_scheme().as_str(),
        info.locally_unique_string()
    ))
}
