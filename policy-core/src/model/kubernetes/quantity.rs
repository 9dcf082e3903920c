//! Kubernetes resource quantities (`500m`, `1Gi`, `2k`, `1e3`, `0.5`), parsed exactly into integers.
//!
//! The grammar is apimachinery's `resource.Quantity`: a signed decimal number, then a binary suffix (`Ki` .. `Ei`),
//! a decimal suffix (`n`, `u`, `m`, none, `k`, `M`, `G`, `T`, `P`, `E`) or a decimal exponent (`e3`, `E-2`). Values
//! are kept in nano-units (Kubernetes' finest precision) as an `i128`, so `1Ei` and `1n` are both exact; finer
//! fractions round up as Kubernetes rounds them. Anything that overflows is unparseable, never a panic.

/// A quantity in nano-units: nano-cores for CPU, nano-bytes for memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Quantity {
    nanos: i128,
}

const NANOS_PER_UNIT: i128 = 1_000_000_000;

impl Quantity {
    pub const ZERO: Self = Self { nanos: 0 };

    /// A whole number of units (cores, bytes, pods).
    pub fn from_units(units: i64) -> Self {
        Self { nanos: i128::from(units) * NANOS_PER_UNIT }
    }

    /// Parses a quantity as Kubernetes writes it; `None` when it is not one or does not fit.
    pub fn parse(text: &str) -> Option<Self> {
        let (negative, unsigned) = match text.as_bytes().first()? {
            b'-' => (true, text.get(1..)?),
            b'+' => (false, text.get(1..)?),
            _ => (false, text),
        };
        let number_end = unsigned.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(unsigned.len());
        let (number, suffix) = unsigned.split_at_checked(number_end)?;
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
            return None;
        }
        let (exponent10, exponent2) = suffix_exponents(suffix)?;
        let mut mantissa: i128 = 0;
        for digit in whole.bytes().chain(fraction.bytes()) {
            mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(digit - b'0'))?;
        }
        let fraction_digits = i64::try_from(fraction.len()).ok()?;
        let scale = exponent10.checked_add(9)?.checked_sub(fraction_digits)?;
        let mut nanos = mantissa.checked_mul(2_i128.checked_pow(exponent2)?)?;
        if scale >= 0 {
            nanos = nanos.checked_mul(10_i128.checked_pow(u32::try_from(scale).ok()?)?)?;
        } else {
            // Finer than a nano: Kubernetes rounds up to the next nano.
            let divisor = u32::try_from(-scale).ok().and_then(|power| 10_i128.checked_pow(power));
            nanos = divisor.map_or(i128::from(nanos != 0), |divisor| ceil_div(nanos, divisor));
        }
        Some(Self { nanos: if negative { -nanos } else { nanos } })
    }

    pub const fn nanos(self) -> i128 {
        self.nanos
    }

    /// Milli-units, rounded up (`MilliValue` in apimachinery): `250m` CPU is 250.
    pub const fn millis(self) -> i128 {
        ceil_div(self.nanos, 1_000_000)
    }

    /// Whole units, rounded up (`Value` in apimachinery): bytes for memory, cores for CPU, a count for `pods`.
    pub const fn units(self) -> i128 {
        ceil_div(self.nanos, NANOS_PER_UNIT)
    }

    #[must_use]
    pub fn checked_add(self, other: Self) -> Option<Self> {
        Some(Self { nanos: self.nanos.checked_add(other.nanos)? })
    }

    /// The quantity times a count, e.g. per-pod requests times replicas.
    #[must_use]
    pub fn checked_mul(self, count: i64) -> Option<Self> {
        Some(Self { nanos: self.nanos.checked_mul(i128::from(count))? })
    }

    /// The shortest exact spelling with a Kubernetes suffix, for messages about bytes and other whole-unit
    /// resources: `1Gi`, `1500Mi`, `2G`; what [`Display`](std::fmt::Display) gives (`250m`, `3`) when no suffix is
    /// shorter. On a tie the binary suffix wins, as memory is usually written in it.
    pub fn shortest(self) -> String {
        let mut best = self.to_string();
        if self.nanos == 0 || self.nanos % NANOS_PER_UNIT != 0 {
            return best;
        }
        let units = self.nanos / NANOS_PER_UNIT;
        for (suffix, factor) in SUFFIX_FACTORS {
            if units % factor == 0 {
                let candidate = format!("{}{suffix}", units / factor);
                if candidate.len() < best.len() {
                    best = candidate;
                }
            }
        }
        best
    }
}

/// Suffixes and the units they stand for, binary first so that they win ties in [`Quantity::shortest`].
const SUFFIX_FACTORS: [(&str, i128); 12] = [
    ("Ki", 1 << 10),
    ("Mi", 1 << 20),
    ("Gi", 1 << 30),
    ("Ti", 1 << 40),
    ("Pi", 1 << 50),
    ("Ei", 1 << 60),
    ("k", 1_000),
    ("M", 1_000_000),
    ("G", 1_000_000_000),
    ("T", 1_000_000_000_000),
    ("P", 1_000_000_000_000_000),
    ("E", 1_000_000_000_000_000_000),
];

/// Exactly, in the largest of units, milli-units or nano-units that needs no fraction: `2`, `250m`, `5n`.
impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.nanos % NANOS_PER_UNIT == 0 {
            write!(f, "{}", self.nanos / NANOS_PER_UNIT)
        } else if self.nanos % 1_000_000 == 0 {
            write!(f, "{}m", self.nanos / 1_000_000)
        } else {
            write!(f, "{}n", self.nanos)
        }
    }
}

const fn ceil_div(value: i128, divisor: i128) -> i128 {
    let quotient = value.div_euclid(divisor);
    if value.rem_euclid(divisor) == 0 {
        quotient
    } else {
        quotient + 1
    }
}

/// The powers of ten and of two a suffix stands for.
fn suffix_exponents(suffix: &str) -> Option<(i64, u32)> {
    let exponents = match suffix {
        "" => (0, 0),
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        "Ki" => (0, 10),
        "Mi" => (0, 20),
        "Gi" => (0, 30),
        "Ti" => (0, 40),
        "Pi" => (0, 50),
        "Ei" => (0, 60),
        _ => {
            let exponent = suffix.strip_prefix(['e', 'E'])?;
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (exponent.parse().ok()?, 0)
        }
    };
    Some(exponents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(text: &str) -> Option<i128> {
        Quantity::parse(text).map(Quantity::millis)
    }

    #[test]
    fn cpu_and_memory_forms() {
        for (text, want) in [
            ("500m", 500),
            ("1", 1000),
            ("0.5", 500),
            (".5", 500),
            ("5.", 5000),
            ("2k", 2_000_000),
            ("1e3", 1_000_000),
            ("1E3", 1_000_000),
            ("1e-3", 1),
            ("+1", 1000),
            ("-250m", -250),
            ("100u", 1),
            ("1n", 1),
            ("0", 0),
        ] {
            assert_eq!(millis(text), Some(want), "{text}");
        }
        let units = |text: &str| Quantity::parse(text).map(Quantity::units);
        assert_eq!(units("1Gi"), Some(1 << 30));
        assert_eq!(units("1Ki"), Some(1024));
        assert_eq!(units("1.5Gi"), Some(1_610_612_736));
        assert_eq!(units("64Mi"), Some(64 << 20));
        assert_eq!(units("1M"), Some(1_000_000));
        assert_eq!(units("1E"), Some(1_000_000_000_000_000_000));
        assert_eq!(units("8Ei"), Some(8 << 60));
        assert_eq!(units("100m"), Some(1), "a fraction of a byte rounds up");
        assert_eq!(units("4"), Some(4));
        assert_eq!(Quantity::parse("1n").map(Quantity::nanos), Some(1));
        assert_eq!(Quantity::parse("0.0000000001").map(Quantity::nanos), Some(1), "finer than a nano rounds up");
    }

    #[test]
    fn exact_where_floats_are_not() {
        // 0.1 + 0.2 is not 0.3 in floating point; in nano-units it is.
        let sum = Quantity::parse("0.1").and_then(|a| a.checked_add(Quantity::parse("0.2")?));
        assert_eq!(sum, Quantity::parse("0.3"));
        assert_eq!(Quantity::parse("250m").and_then(|q| q.checked_mul(100)), Quantity::parse("25"));
        assert_eq!(Quantity::parse("1.1Gi").map(Quantity::units), Some(1_181_116_007));
    }

    #[test]
    fn refuses_what_kubernetes_refuses_and_overflow() {
        for text in
            ["", "-", ".", "1.2.3", "1K", "1mi", "1 Gi", "Gi", "1e", "1e+", "1ee3", "1Gi2", "abc", "1,5", "１", "1e99"]
        {
            assert_eq!(Quantity::parse(text), None, "{text:?}");
        }
        assert_eq!(Quantity::parse(&"9".repeat(60)), None);
        assert_eq!(Quantity::parse("1e-99999999999999999999"), None);
        assert_eq!(Quantity::parse("999999999999Ei"), None);
        assert!(Quantity::parse("99999999999Ei").is_some(), "just fits in an i128 of nanos");
        assert_eq!(Quantity::parse("1Ei").and_then(|q| q.checked_mul(i64::MAX)), None);
    }

    #[test]
    fn displays_exactly() {
        let shown = |text: &str| Quantity::parse(text).map(|q| q.to_string());
        assert_eq!(shown("2000m").as_deref(), Some("2"));
        assert_eq!(shown("0.25").as_deref(), Some("250m"));
        assert_eq!(shown("5n").as_deref(), Some("5n"));
        assert_eq!(shown("1Ki").as_deref(), Some("1024"));
    }

    #[test]
    fn shortest_spelling_is_exact() {
        let shortest = |text: &str| Quantity::parse(text).map(Quantity::shortest);
        assert_eq!(shortest("1024Mi").as_deref(), Some("1Gi"));
        assert_eq!(shortest("1572864000").as_deref(), Some("1500Mi"));
        assert_eq!(shortest("2048000").as_deref(), Some("2048k"), "shorter than 2000Ki");
        assert_eq!(shortest("1000").as_deref(), Some("1k"));
        assert_eq!(shortest("1024").as_deref(), Some("1Ki"));
        assert_eq!(shortest("1500m").as_deref(), Some("1500m"), "fractions keep the milli spelling");
        assert_eq!(shortest("7").as_deref(), Some("7"));
        assert_eq!(shortest("0").as_deref(), Some("0"));
        assert_eq!(shortest("-2Ki").as_deref(), Some("-2Ki"));
        for text in ["1Gi", "1500Mi", "3G", "12345", "250m", "8Ei"] {
            let back = shortest(text).and_then(|spelled| Quantity::parse(&spelled));
            assert_eq!(back, Quantity::parse(text), "{text} round-trips");
        }
    }
}
