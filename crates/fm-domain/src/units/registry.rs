//! The unit registry: SI prefixes and a hand-written table of unit definitions.
//!
//! Mirrors the relevant part of pint's default registry as extended by the original (`h` is the
//! hour, `%` and `‰`, and every currency code of [`super::currencies`] as its own base unit).
//! Every scale factor is expressed in SI base units (m, kg, s, A, K, mol, cd); temperature units
//! other than `K` carry an offset. Name resolution follows pint: an exact name, symbol or alias
//! first, then any prefix (name, symbol or alias) followed by a unit, then the same with a plural
//! `s` (only for unit names longer than one character).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::currencies::lookup_currency;
use super::dimension::Dimension;
use super::table::{UNITS, UnitDef};

/// A unit prefix such as `k` (kilo, 10³).
#[derive(Debug, PartialEq)]
pub(crate) struct Prefix {
    /// Full name, e.g. `kilo`.
    pub(crate) name: &'static str,
    /// Symbol, e.g. `k` (`None` for prefixes without one, like `semi`).
    pub(crate) symbol: Option<&'static str>,
    /// Further accepted spellings.
    pub(crate) aliases: &'static [&'static str],
    /// Multiplier.
    pub(crate) factor: f64,
}

const fn p(
    name: &'static str,
    symbol: &'static str,
    aliases: &'static [&'static str],
    factor: f64,
) -> Prefix {
    Prefix {
        name,
        symbol: Some(symbol),
        aliases,
        factor,
    }
}

/// Prefixes in the original's lookup order.
#[rustfmt::skip]
pub(crate) static PREFIXES: &[Prefix] = &[
    p("quecto", "q", &[], 1e-30),
    p("ronto", "r", &[], 1e-27),
    p("yocto", "y", &[], 1e-24),
    p("zepto", "z", &[], 1e-21),
    p("atto", "a", &[], 1e-18),
    p("femto", "f", &[], 1e-15),
    p("pico", "p", &[], 1e-12),
    p("nano", "n", &[], 1e-9),
    p("micro", "µ", &["μ", "u", "mu", "mc"], 1e-6),
    p("milli", "m", &[], 1e-3),
    p("centi", "c", &[], 1e-2),
    p("deci", "d", &[], 1e-1),
    p("deca", "da", &["deka"], 1e1),
    p("hecto", "h", &[], 1e2),
    p("kilo", "k", &[], 1e3),
    p("mega", "M", &[], 1e6),
    p("giga", "G", &[], 1e9),
    p("tera", "T", &[], 1e12),
    p("peta", "P", &[], 1e15),
    p("exa", "E", &[], 1e18),
    p("zetta", "Z", &[], 1e21),
    p("yotta", "Y", &[], 1e24),
    p("ronna", "R", &[], 1e27),
    p("quetta", "Q", &[], 1e30),
    p("kibi", "Ki", &[], 1024.0),
    p("mebi", "Mi", &[], 1_048_576.0),
    p("gibi", "Gi", &[], 1_073_741_824.0),
    p("tebi", "Ti", &[], 1_099_511_627_776.0),
    p("pebi", "Pi", &[], 1_125_899_906_842_624.0),
    p("exbi", "Ei", &[], 1_152_921_504_606_846_976.0),
    p("zebi", "Zi", &[], 1_180_591_620_717_411_303_424.0),
    p("yobi", "Yi", &[], 1_208_925_819_614_629_174_706_176.0),
    Prefix { name: "semi", symbol: None, aliases: &["demi"], factor: 0.5 },
    Prefix { name: "sesqui", symbol: None, aliases: &[], factor: 1.5 },
];

/// A resolved unit: an entry of [`UNITS`] or a currency.
#[derive(Clone, Copy, Debug)]
pub(crate) enum BaseUnit {
    /// A unit of the table.
    Def(&'static UnitDef),
    /// A currency code (its own base dimension).
    Currency(&'static str),
}

impl PartialEq for BaseUnit {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl BaseUnit {
    /// Canonical name.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Def(def) => def.name,
            Self::Currency(code) => code,
        }
    }

    /// Symbol used in the short format (the name when there is no symbol).
    pub(crate) fn symbol(&self) -> &'static str {
        match self {
            Self::Def(def) => def.symbol.unwrap_or(def.name),
            Self::Currency(code) => code,
        }
    }

    /// Value of one unit in SI base units (currencies: 1).
    pub(crate) fn factor(&self) -> f64 {
        match self {
            Self::Def(def) => def.factor,
            Self::Currency(_) => 1.0,
        }
    }

    /// Offset to the SI zero; non-zero marks an offset (non-multiplicative) unit.
    pub(crate) fn offset(&self) -> f64 {
        match self {
            Self::Def(def) => def.offset,
            Self::Currency(_) => 0.0,
        }
    }

    /// Dimensionality of one unit.
    pub(crate) fn dimension(&self) -> Dimension {
        match self {
            Self::Def(def) => Dimension::from_base_exponents(def.dims.map(i32::from)),
            Self::Currency(code) => Dimension::currency(code),
        }
    }
}

fn unit_index() -> &'static HashMap<&'static str, &'static UnitDef> {
    static INDEX: OnceLock<HashMap<&'static str, &'static UnitDef>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map = HashMap::new();
        for def in UNITS {
            for key in std::iter::once(def.name)
                .chain(def.symbol)
                .chain(def.aliases.iter().copied())
            {
                map.entry(key).or_insert(def);
            }
        }
        map
    })
}

fn prefix_keys() -> &'static [(&'static str, Option<&'static Prefix>)] {
    static KEYS: OnceLock<Vec<(&'static str, Option<&'static Prefix>)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = vec![("", None)];
        for prefix in PREFIXES {
            for key in std::iter::once(prefix.name)
                .chain(prefix.symbol)
                .chain(prefix.aliases.iter().copied())
            {
                keys.push((key, Some(prefix)));
            }
        }
        keys
    })
}

fn lookup_unit(name: &str) -> Option<BaseUnit> {
    if let Some(def) = unit_index().get(name) {
        return Some(BaseUnit::Def(def));
    }
    lookup_currency(name).map(BaseUnit::Currency)
}

/// Resolves a unit word such as `kWh`, `kilowatthours`, `MEUR` or `°C` into a prefix and a unit.
pub(crate) fn resolve(word: &str) -> Option<(Option<&'static Prefix>, BaseUnit)> {
    for suffix in ["", "s"] {
        let Some(stem) = word.strip_suffix(suffix) else {
            continue;
        };
        for (key, prefix) in prefix_keys() {
            let Some(name) = stem.strip_prefix(key) else {
                continue;
            };
            if name.is_empty() || (!suffix.is_empty() && name.chars().count() == 1) {
                continue;
            }
            if let Some(base) = lookup_unit(name) {
                return Some((*prefix, base));
            }
        }
    }
    None
}

/// The prefixes whose factor is an exact power of ten, keyed by that power (used to compact units).
pub(crate) fn decimal_prefixes() -> Vec<(i32, Option<&'static Prefix>)> {
    let mut out: Vec<(i32, Option<&'static Prefix>)> = vec![(0, None)];
    for prefix in PREFIXES {
        let log = prefix.factor.log10();
        if (log - log.round()).abs() < 1e-9 {
            out.push((log.round() as i32, Some(prefix)));
        }
    }
    out.sort_by_key(|(power, _)| *power);
    out
}
