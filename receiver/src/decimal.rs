//! Exact sums of the amounts reports carry as decimal text (`cost`, `aiAgentQuoteFee`).

/// An exact decimal sum of amounts written as text (`"0.10"`, `"-3"`): digits and a scale, never
/// a float.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DecimalSum {
    units: i128,
    scale: u32,
}

impl DecimalSum {
    /// Adds `text`, if it is a plain decimal (an amount the docs' format allows); otherwise
    /// nothing, and `false`.
    pub fn add(&mut self, text: &str) -> bool {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let valid = !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && fraction.len() <= 18
            && whole.len() <= 18;
        if !valid {
            return false;
        }
        let scale = fraction.len() as u32;
        let Ok(mut units) = format!("{whole}{fraction}").parse::<i128>() else { return false };
        if negative {
            units = -units;
        }
        let target = self.scale.max(scale);
        let lift = |u: i128, from: u32| u.saturating_mul(10i128.pow(target - from));
        self.units = lift(self.units, self.scale).saturating_add(lift(units, scale));
        self.scale = target;
        true
    }
}

impl std::fmt::Display for DecimalSum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let digits = self.units.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{whole}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_sums_are_exact() {
        let mut s = DecimalSum::default();
        for a in ["0.10", "0.20", "3", "-0.05", "1000.125"] {
            assert!(s.add(a));
        }
        assert_eq!(s.to_string(), "1003.375");
        assert!(!s.add("1,000"));
        assert!(!s.add(""));
        let mut tiny = DecimalSum::default();
        tiny.add("0.01");
        tiny.add("-0.02");
        assert_eq!(tiny.to_string(), "-0.01");
        assert_eq!(DecimalSum::default().to_string(), "0");
    }
}
