//! The hand-written table of unit definitions (pint's defaults as far as they matter here).
//!
//! Every factor is the value of one unit in SI base units (m, kg, s, A, K, mol, cd); dimensions
//! are exponents of length, mass, time, current, temperature, substance and luminosity. Only
//! °C, °F and °Re carry an offset. Currencies are not listed here (see [`super::currencies`]).
//! To add a unit, add one line (name, symbol, aliases, factor, dimensions).

use std::f64::consts::PI;

/// One unit definition: its scale in SI base units and its dimension exponents.
#[derive(Debug, PartialEq)]
pub(crate) struct UnitDef {
    /// Canonical name, e.g. `watt_hour` (used for ordering when formatting).
    pub(crate) name: &'static str,
    /// Short symbol, e.g. `Wh` (`None`: the name is shown).
    pub(crate) symbol: Option<&'static str>,
    /// Further accepted spellings.
    pub(crate) aliases: &'static [&'static str],
    /// Value of one unit in SI base units.
    pub(crate) factor: f64,
    /// Exponents of length, mass, time, current, temperature, substance, luminosity.
    pub(crate) dims: [i8; 7],
    /// Offset to the SI zero (non-zero only for °C, °F and °Re).
    pub(crate) offset: f64,
}

const fn u(
    name: &'static str,
    symbol: Option<&'static str>,
    aliases: &'static [&'static str],
    factor: f64,
    dims: [i8; 7],
) -> UnitDef {
    UnitDef {
        name,
        symbol,
        aliases,
        factor,
        dims,
        offset: 0.0,
    }
}

const fn d(l: i8, m: i8, t: i8, i: i8, th: i8, n: i8, j: i8) -> [i8; 7] {
    [l, m, t, i, th, n, j]
}

const ONE: [i8; 7] = d(0, 0, 0, 0, 0, 0, 0);
const L: [i8; 7] = d(1, 0, 0, 0, 0, 0, 0);
const M: [i8; 7] = d(0, 1, 0, 0, 0, 0, 0);
const T: [i8; 7] = d(0, 0, 1, 0, 0, 0, 0);
const TH: [i8; 7] = d(0, 0, 0, 0, 1, 0, 0);
const ENERGY: [i8; 7] = d(2, 1, -2, 0, 0, 0, 0);
const POWER: [i8; 7] = d(2, 1, -3, 0, 0, 0, 0);
const PRESSURE: [i8; 7] = d(-1, 1, -2, 0, 0, 0, 0);
const SPEED: [i8; 7] = d(1, 0, -1, 0, 0, 0, 0);
const VOLUME: [i8; 7] = d(3, 0, 0, 0, 0, 0, 0);
const HOUR: f64 = 3600.0;
const DAY: f64 = 86_400.0;
const YEAR: f64 = 365.25 * DAY;
const FOOT: f64 = 0.3048;
const POUND: f64 = 0.453_592_37;
const G0: f64 = 9.806_65;
const BTU: f64 = 1055.056;
const PLANCK: f64 = 6.626_070_15e-34;
const DALTON: f64 = 1.660_539_066_60e-27;

/// The unit table (without currencies, which [`resolve`] adds from the currency list).
#[rustfmt::skip]
pub(crate) static UNITS: &[UnitDef] = &[
    // base and dimensionless units
    u("meter", Some("m"), &["metre"], 1.0, L),
    u("second", Some("s"), &["sec"], 1.0, T),
    u("ampere", Some("A"), &["amp"], 1.0, d(0, 0, 0, 1, 0, 0, 0)),
    u("candela", Some("cd"), &["candle"], 1.0, d(0, 0, 0, 0, 0, 0, 1)),
    u("gram", Some("g"), &[], 1e-3, M),
    u("mole", Some("mol"), &[], 1.0, d(0, 0, 0, 0, 0, 1, 0)),
    u("kelvin", Some("K"), &["degK", "degreeK", "degree_Kelvin"], 1.0, TH),
    u("radian", Some("rad"), &[], 1.0, ONE),
    u("bit", None, &[], 1.0, ONE),
    u("count", None, &[], 1.0, ONE),
    u("percent", Some("%"), &[], 0.01, ONE),
    u("permille", Some("‰"), &[], 0.001, ONE),
    u("ppm", None, &[], 1e-6, ONE),
    u("turn", None, &["revolution", "cycle", "circle"], 2.0 * PI, ONE),
    u("degree", Some("deg"), &["arcdeg", "arcdegree", "angular_degree"], PI / 180.0, ONE),
    u("steradian", Some("sr"), &[], 1.0, ONE),
    u("byte", Some("B"), &["octet"], 8.0, ONE),
    // time
    u("minute", Some("min"), &[], 60.0, T),
    u("hour", Some("h"), &["hr"], HOUR, T),
    u("day", Some("d"), &[], DAY, T),
    u("week", None, &[], 7.0 * DAY, T),
    u("fortnight", None, &[], 14.0 * DAY, T),
    u("year", Some("a"), &["yr", "julian_year"], YEAR, T),
    u("month", None, &[], YEAR / 12.0, T),
    u("century", None, &["centuries"], 100.0 * YEAR, T),
    u("millennium", None, &["millennia"], 1000.0 * YEAR, T),
    // length, area, volume
    u("angstrom", Some("Å"), &["ångström", "\u{212B}"], 1e-10, L),
    u("micron", Some("µ"), &["μ", "micrometer"], 1e-6, L),
    u("nautical_mile", Some("nmi"), &[], 1852.0, L),
    u("astronomical_unit", Some("au"), &[], 149_597_870_700.0, L),
    u("inch", Some("in"), &["international_inch", "inches"], FOOT / 12.0, L),
    u("foot", Some("ft"), &["international_foot", "feet"], FOOT, L),
    u("yard", Some("yd"), &["international_yard"], 3.0 * FOOT, L),
    u("mile", Some("mi"), &["international_mile"], 5280.0 * FOOT, L),
    u("are", None, &[], 100.0, d(2, 0, 0, 0, 0, 0, 0)),
    u("hectare", Some("ha"), &[], 1e4, d(2, 0, 0, 0, 0, 0, 0)),
    u("liter", Some("l"), &["L", "litre"], 1e-3, VOLUME),
    u("cubic_centimeter", Some("cc"), &[], 1e-6, VOLUME),
    u("lambda", Some("λ"), &[], 1e-9, VOLUME),
    u("stere", None, &[], 1.0, VOLUME),
    u("gallon", Some("gal"), &["US_liquid_gallon"], 3.785_411_784e-3, VOLUME),
    // mass
    u("metric_ton", Some("t"), &["tonne"], 1000.0, M),
    u("unified_atomic_mass_unit", Some("u"), &["amu"], DALTON, M),
    u("dalton", Some("Da"), &[], DALTON, M),
    u("pound", Some("lb"), &["avoirdupois_pound"], POUND, M),
    u("ounce", Some("oz"), &["avoirdupois_ounce"], POUND / 16.0, M),
    u("ton", None, &["short_ton"], 2000.0 * POUND, M),
    u("carat", Some("ct"), &["karat"], 2e-4, M),
    // mechanics
    u("hertz", Some("Hz"), &[], 1.0, d(0, 0, -1, 0, 0, 0, 0)),
    u("revolutions_per_minute", Some("rpm"), &[], 2.0 * PI / 60.0, d(0, 0, -1, 0, 0, 0, 0)),
    u("knot", Some("kt"), &["knot_international", "international_knot"], 1852.0 / HOUR, SPEED),
    u("mile_per_hour", Some("mph"), &["MPH"], 5280.0 * FOOT / HOUR, SPEED),
    u("kilometer_per_hour", Some("kph"), &["KPH"], 1000.0 / HOUR, SPEED),
    u("meter_per_second", Some("mps"), &[], 1.0, SPEED),
    u("newton", Some("N"), &[], 1.0, d(1, 1, -2, 0, 0, 0, 0)),
    u("force_kilogram", Some("kgf"), &["kilogram_force", "pond"], G0, d(1, 1, -2, 0, 0, 0, 0)),
    u("pascal", Some("Pa"), &[], 1.0, PRESSURE),
    u("bar", None, &[], 1e5, PRESSURE),
    u("atmosphere", Some("atm"), &["standard_atmosphere"], 101_325.0, PRESSURE),
    u("torr", None, &[], 101_325.0 / 760.0, PRESSURE),
    u("pound_force_per_square_inch", Some("psi"), &[], POUND * G0 / (FOOT * FOOT / 144.0), PRESSURE),
    // energy and power
    u("joule", Some("J"), &[], 1.0, ENERGY),
    u("watt_hour", Some("Wh"), &["watthour"], HOUR, ENERGY),
    u("electron_volt", Some("eV"), &[], 1.602_176_634e-19, ENERGY),
    u("calorie", Some("cal"), &["thermochemical_calorie", "cal_th"], 4.184, ENERGY),
    u("international_calorie", Some("cal_it"), &["international_steam_table_calorie"], 4.1868, ENERGY),
    u("british_thermal_unit", Some("Btu"), &["BTU", "Btu_iso"], BTU, ENERGY),
    u("quadrillion_Btu", Some("quad"), &[], 1e15 * BTU, ENERGY),
    u("therm", Some("thm"), &["EC_therm"], 1e5 * BTU, ENERGY),
    u("ton_TNT", Some("tTNT"), &[], 4.184e9, ENERGY),
    u("tonne_of_oil_equivalent", Some("toe"), &[], 4.1868e10, ENERGY),
    u("erg", None, &[], 1e-7, ENERGY),
    u("watt", Some("W"), &[], 1.0, POWER),
    u("volt_ampere", Some("VA"), &[], 1.0, POWER),
    u("horsepower", Some("hp"), &["UK_horsepower", "hydraulic_horsepower"], 550.0 * FOOT * POUND * G0, POWER),
    u("metric_horsepower", None, &[], 75.0 * G0, POWER),
    u("electrical_horsepower", None, &[], 746.0, POWER),
    u("refrigeration_ton", None, &["ton_of_refrigeration"], 12e3 * BTU / HOUR, POWER),
    u("peak_sun_hour", Some("PSH"), &[], 1e3 * HOUR, d(0, 1, -2, 0, 0, 0, 0)),
    // electromagnetism
    u("coulomb", Some("C"), &[], 1.0, d(0, 0, 1, 1, 0, 0, 0)),
    u("ampere_hour", Some("Ah"), &[], HOUR, d(0, 0, 1, 1, 0, 0, 0)),
    u("volt", Some("V"), &[], 1.0, d(2, 1, -3, -1, 0, 0, 0)),
    u("ohm", Some("Ω"), &[], 1.0, d(2, 1, -3, -2, 0, 0, 0)),
    u("siemens", Some("S"), &["mho"], 1.0, d(-2, -1, 3, 2, 0, 0, 0)),
    u("farad", Some("F"), &[], 1.0, d(-2, -1, 4, 2, 0, 0, 0)),
    u("henry", Some("H"), &[], 1.0, d(2, 1, -2, -2, 0, 0, 0)),
    u("weber", Some("Wb"), &[], 1.0, d(2, 1, -2, -1, 0, 0, 0)),
    u("tesla", Some("T"), &[], 1.0, d(0, 1, -2, -1, 0, 0, 0)),
    // chemistry, light, radiation
    u("molar", Some("M"), &[], 1000.0, d(-3, 0, 0, 0, 0, 1, 0)),
    u("katal", Some("kat"), &[], 1.0, d(0, 0, -1, 0, 0, 1, 0)),
    u("lumen", Some("lm"), &[], 1.0, d(0, 0, 0, 0, 0, 0, 1)),
    u("lux", Some("lx"), &[], 1.0, d(-2, 0, 0, 0, 0, 0, 1)),
    u("becquerel", Some("Bq"), &[], 1.0, d(0, 0, -1, 0, 0, 0, 0)),
    u("gray", Some("Gy"), &[], 1.0, d(2, 0, -2, 0, 0, 0, 0)),
    u("sievert", Some("Sv"), &[], 1.0, d(2, 0, -2, 0, 0, 0, 0)),
    // constants that the original's registry also knows as units
    u("speed_of_light", Some("c"), &["c_0"], 299_792_458.0, SPEED),
    u("planck_constant", Some("ℎ"), &[], PLANCK, d(2, 1, -1, 0, 0, 0, 0)),
    u("reduced_planck_constant", Some("ħ"), &["hbar"], PLANCK / (2.0 * PI), d(2, 1, -1, 0, 0, 0, 0)),
    u("elementary_charge", Some("e"), &[], 1.602_176_634e-19, d(0, 0, 1, 1, 0, 0, 0)),
    u("boltzmann_constant", Some("k"), &["k_B"], 1.380_649e-23, d(2, 1, -2, 0, -1, 0, 0)),
    u("standard_gravity", Some("g_0"), &["g0", "g_n", "gravity"], G0, d(1, 0, -2, 0, 0, 0, 0)),
    // temperature (offset units and their deltas)
    UnitDef { name: "degree_Celsius", symbol: Some("°C"), aliases: &["celsius", "degC", "degreeC"], factor: 1.0, dims: TH, offset: 273.15 },
    UnitDef { name: "degree_Fahrenheit", symbol: Some("°F"), aliases: &["fahrenheit", "degF", "degreeF"], factor: 5.0 / 9.0, dims: TH, offset: 233.15 + 200.0 / 9.0 },
    UnitDef { name: "degree_Reaumur", symbol: Some("°Re"), aliases: &["reaumur", "degRe", "degreeRe"], factor: 0.8, dims: TH, offset: 273.15 },
    u("degree_Rankine", Some("°R"), &["rankine", "degR", "degreeR"], 5.0 / 9.0, TH),
    u("delta_degree_Celsius", Some("Δ°C"), &["delta_degC", "delta_celsius", "delta_degreeC", "ΔdegreeC"], 1.0, TH),
    u("delta_degree_Fahrenheit", Some("Δ°F"), &["delta_degF", "delta_fahrenheit", "delta_degreeF", "ΔdegreeF"], 5.0 / 9.0, TH),
];
