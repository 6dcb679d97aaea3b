//! Constraint primitives. Each generated constrained type has one `const fn check` that calls
//! one of these, so the same code serves the fallible constructors (run time) and the literal
//! macros (compile time).

use std::fmt;

/// Why a value breaks its type's constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConstraintError {
    /// The text is too short or too long.
    Length {
        /// What is counted.
        unit: LengthUnit,
        /// Fewest allowed.
        min: u32,
        /// Most allowed, if bounded.
        max: Option<u32>,
        /// What the value has.
        actual: usize,
    },
    /// A character that is not an ASCII digit, at this (0-based) character position.
    NotDigit {
        /// Position of the first offending character.
        position: usize,
    },
    /// Not a clock time `HH:MM` from 00:00 to 23:59.
    ClockTime,
    /// Not a date-time `yyyy-MM-dd HH:mm:ss` with a real calendar date.
    DateTime,
    /// Not a decimal number such as `12`, `-0.50` or `1000.25`.
    Decimal,
    /// An integer outside its range.
    Range {
        /// Smallest allowed.
        min: i64,
        /// Largest allowed, if bounded.
        max: Option<i64>,
        /// The value.
        actual: i64,
    },
}

/// What a length constraint counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    /// Unicode characters (not bytes).
    Characters,
    /// ASCII digits.
    Digits,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ConstraintError::Length { unit, min, max, actual } => {
                let unit = match unit {
                    LengthUnit::Characters => "characters",
                    LengthUnit::Digits => "digits",
                };
                match max {
                    Some(max) if min == max => write!(f, "must be exactly {min} {unit} long, not {actual}"),
                    Some(max) => write!(f, "must be {min} to {max} {unit} long, not {actual}"),
                    None => write!(f, "must be at least {min} {unit} long, not {actual}"),
                }
            }
            ConstraintError::NotDigit { position } => {
                write!(f, "must contain only ASCII digits 0-9 (character {} is not one)", position + 1)
            }
            ConstraintError::ClockTime => f.write_str("must be a clock time HH:MM from 00:00 to 23:59"),
            ConstraintError::Decimal => f.write_str(
                "must be a decimal number such as 12, -0.50 or 1000.25 (digits, one optional `.`)",
            ),
            ConstraintError::DateTime => {
                f.write_str("must be a date-time yyyy-MM-dd HH:mm:ss with a real calendar date")
            }
            ConstraintError::Range { min, max: Some(max), actual } => {
                write!(f, "must be from {min} to {max}, not {actual}")
            }
            ConstraintError::Range { min, max: None, actual } => {
                write!(f, "must be at least {min}, not {actual}")
            }
        }
    }
}

impl std::error::Error for ConstraintError {}

/// Number of Unicode characters in `value` (counts the bytes that start a character).
pub const fn char_count(value: &str) -> usize {
    let bytes = value.as_bytes();
    let mut i = 0;
    let mut n = 0;
    while i < bytes.len() {
        if bytes[i] & 0xC0 != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// `value` has `min..=max` characters.
pub const fn chars(value: &str, min: u32, max: Option<u32>) -> Result<(), ConstraintError> {
    // Fast path: a string whose byte length is within bounds and that cannot contain fewer
    // characters than `min` needs no counting.
    let len = value.len();
    let too_long = match max {
        Some(m) => len > m as usize,
        None => false,
    };
    if len >= min as usize && !too_long && value.is_ascii() {
        return Ok(());
    }
    let n = char_count(value);
    let over = match max {
        Some(m) => n > m as usize,
        None => false,
    };
    if n < min as usize || over {
        return Err(ConstraintError::Length { unit: LengthUnit::Characters, min, max, actual: n });
    }
    Ok(())
}

/// `value` is `min..=max` ASCII digits.
pub const fn digits(value: &str, min: u32, max: u32) -> Result<(), ConstraintError> {
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            return Err(ConstraintError::NotDigit { position: i });
        }
        i += 1;
    }
    if bytes.len() < min as usize || bytes.len() > max as usize {
        return Err(ConstraintError::Length {
            unit: LengthUnit::Digits,
            min,
            max: Some(max),
            actual: bytes.len(),
        });
    }
    Ok(())
}

/// `value` is in `min..=max`.
pub const fn int_range(value: i64, min: i64, max: Option<i64>) -> Result<(), ConstraintError> {
    let over = match max {
        Some(m) => value > m,
        None => false,
    };
    if value < min || over {
        return Err(ConstraintError::Range { min, max, actual: value });
    }
    Ok(())
}

/// Two ASCII digits at `at` as a number, or `None`.
const fn two_digits(b: &[u8], at: usize) -> Option<u32> {
    if at + 1 >= b.len() || !b[at].is_ascii_digit() || !b[at + 1].is_ascii_digit() {
        return None;
    }
    Some(((b[at] - b'0') as u32) * 10 + (b[at + 1] - b'0') as u32)
}

/// `value` is `HH:MM`, 00:00 to 23:59.
pub const fn clock_time(value: &str) -> Result<(), ConstraintError> {
    let b = value.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return Err(ConstraintError::ClockTime);
    }
    match (two_digits(b, 0), two_digits(b, 3)) {
        (Some(h), Some(m)) if h < 24 && m < 60 => Ok(()),
        _ => Err(ConstraintError::ClockTime),
    }
}

/// `value` is `yyyy-MM-dd HH:mm:ss` with a real calendar date (leap years included).
pub const fn date_time(value: &str) -> Result<(), ConstraintError> {
    let b = value.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return Err(ConstraintError::DateTime);
    }
    let (Some(y1), Some(y2)) = (two_digits(b, 0), two_digits(b, 2)) else {
        return Err(ConstraintError::DateTime);
    };
    let year = y1 * 100 + y2;
    let (Some(month), Some(day), Some(h), Some(m), Some(s)) =
        (two_digits(b, 5), two_digits(b, 8), two_digits(b, 11), two_digits(b, 14), two_digits(b, 17))
    else {
        return Err(ConstraintError::DateTime);
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(ConstraintError::DateTime),
    };
    if year == 0 || day == 0 || day > days || h > 23 || m > 59 || s > 59 {
        return Err(ConstraintError::DateTime);
    }
    Ok(())
}

/// `value` is a decimal number: an optional `-`, digits, and optionally `.` and more digits.
pub const fn decimal(value: &str) -> Result<(), ConstraintError> {
    let b = value.as_bytes();
    let mut i = if !b.is_empty() && b[0] == b'-' { 1 } else { 0 };
    let (mut int_digits, mut frac_digits, mut dot) = (0, 0, false);
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' if dot => frac_digits += 1,
            b'0'..=b'9' => int_digits += 1,
            b'.' if !dot => dot = true,
            _ => return Err(ConstraintError::Decimal),
        }
        i += 1;
    }
    if int_digits == 0 || (dot && frac_digits == 0) {
        return Err(ConstraintError::Decimal);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_count_counts_characters_not_bytes() {
        assert_eq!(char_count("ab"), 2);
        assert_eq!(char_count("日本"), 2);
        assert_eq!(chars("日本", 2, Some(2)), Ok(()));
        assert!(chars("日本語", 2, Some(2)).is_err());
        assert!(chars("é", 2, None).is_err());
    }

    #[test]
    fn digits_reject_non_ascii_digits() {
        assert_eq!(digits("٣٣٣٣٣٣", 6, 18), Err(ConstraintError::NotDigit { position: 0 }));
        assert_eq!(digits("12345a", 6, 18), Err(ConstraintError::NotDigit { position: 5 }));
    }

    #[test]
    fn clock_times() {
        for ok in ["00:00", "23:59", "18:28"] {
            assert_eq!(clock_time(ok), Ok(()), "{ok}");
        }
        for bad in ["24:00", "23:60", "9:00", "09:0", "09-00", "0a:00", "", "09:000"] {
            assert!(clock_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn date_times() {
        for ok in ["2024-01-01 00:00:00", "2024-02-29 23:59:59", "2000-02-29 12:00:00"] {
            assert_eq!(date_time(ok), Ok(()), "{ok}");
        }
        for bad in [
            "2023-02-29 00:00:00",
            "1900-02-29 00:00:00",
            "2024-13-01 00:00:00",
            "2024-04-31 00:00:00",
            "2024-01-01 24:00:00",
            "2024-01-01T00:00:00",
            "2024-01-01 00:00",
            "0000-01-01 00:00:00",
        ] {
            assert!(date_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decimals() {
        for ok in ["0", "12", "-0.50", "1000.25", "007"] {
            assert_eq!(decimal(ok), Ok(()), "{ok}");
        }
        for bad in ["", "-", ".5", "5.", "1.2.3", "1e5", "+1", " 1", "1,5", "NaN"] {
            assert_eq!(decimal(bad), Err(ConstraintError::Decimal), "{bad}");
        }
    }

    #[test]
    fn messages_name_the_bounds() {
        let e = chars("a", 2, Some(64)).unwrap_err();
        assert_eq!(e.to_string(), "must be 2 to 64 characters long, not 1");
        let e = int_range(5, 10, Some(120)).unwrap_err();
        assert_eq!(e.to_string(), "must be from 10 to 120, not 5");
    }
}
