//! The time fields of the status-report push. The docs type them as String and describe them as
//! "yyyyMMddHHmmSS (millisecond timestamp)", a pattern and an epoch claim at once (quirk
//! `push_time_format`); the older push sent `long` milliseconds. [`PushTime`] reads every form
//! seen, and keeps the text it was given whatever it is: a report is never rejected for a time.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A date and time with no zone (the docs do not state the server's zone; probably UTC+8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDateTime {
    /// Year, e.g. 2026.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month, 1-31.
    pub day: u8,
    /// Hour, 0-23.
    pub hour: u8,
    /// Minute, 0-59.
    pub minute: u8,
    /// Second, 0-59.
    pub second: u8,
    /// Milliseconds, 0-999 (0 when the text has none).
    pub millisecond: u16,
}

impl CivilDateTime {
    /// Milliseconds since the Unix epoch, reading this time in the zone `utc_offset_seconds`
    /// east of UTC (28800 for UTC+8).
    pub fn to_epoch_millis(self, utc_offset_seconds: i32) -> i64 {
        let days = days_from_civil(i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let seconds = days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(utc_offset_seconds);
        seconds * 1000 + i64::from(self.millisecond)
    }
}

impl CivilDateTime {
    /// The calendar time of `epoch_millis` in the zone `utc_offset_seconds` east of UTC.
    pub fn from_epoch_millis(epoch_millis: i64, utc_offset_seconds: i32) -> Self {
        let ms = epoch_millis + i64::from(utc_offset_seconds) * 1000;
        let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        let secs = rem / 1000;
        CivilDateTime {
            year: year.clamp(0, 9999) as u16,
            month: month as u8,
            day: day as u8,
            hour: (secs / 3600) as u8,
            minute: (secs % 3600 / 60) as u8,
            second: (secs % 60) as u8,
            millisecond: (rem % 1000) as u16,
        }
    }

    /// `yyyy-MM-dd HH:mm:ss`, the API's date-time form (milliseconds dropped); the generated
    /// date-time types convert from it.
    pub fn date_time_text(self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

impl fmt::Display for CivilDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.millisecond != 0 {
            write!(f, ".{:03}", self.millisecond)?;
        }
        Ok(())
    }
}

/// What a push time means, once read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushInstant {
    /// A calendar time with no zone (`yyyyMMddHHmmss`, `yyyyMMddHHmmssSSS` or
    /// `yyyy-MM-dd HH:mm:ss`).
    Civil(CivilDateTime),
    /// Milliseconds since the Unix epoch (13 digits, or a JSON number).
    EpochMillis(i64),
}

/// A time field of a status report: the text as sent, and what it means when it is a form the
/// docs or the older push use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushTime {
    raw: String,
    number: bool,
    instant: Option<PushInstant>,
}

impl PushTime {
    /// Reads a time from its text.
    pub fn parse(text: &str) -> Self {
        PushTime { raw: text.to_owned(), number: false, instant: parse_instant(text.trim()) }
    }

    /// The text as sent (a JSON number is given as its digits).
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// What the time means, if its form is known.
    pub fn instant(&self) -> Option<PushInstant> {
        self.instant
    }

    /// Milliseconds since the Unix epoch: an epoch value as is, a calendar time read in the zone
    /// `utc_offset_seconds` east of UTC (the docs do not state it; probably 28800, UTC+8).
    pub fn epoch_millis(&self, utc_offset_seconds: i32) -> Option<i64> {
        match self.instant? {
            PushInstant::EpochMillis(ms) => Some(ms),
            PushInstant::Civil(c) => Some(c.to_epoch_millis(utc_offset_seconds)),
        }
    }
}

impl fmt::Display for PushTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.instant {
            Some(PushInstant::Civil(c)) => c.fmt(f),
            _ => f.write_str(&self.raw),
        }
    }
}

impl Serialize for PushTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A number is written back as the number it was.
        if self.number {
            if let Ok(i) = self.raw.parse::<i64>() {
                return serializer.serialize_i64(i);
            }
            if let Ok(u) = self.raw.parse::<u64>() {
                return serializer.serialize_u64(u);
            }
            if let Ok(f) = self.raw.parse::<f64>() {
                return serializer.serialize_f64(f);
            }
        }
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for PushTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = PushTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time as a string or a number of milliseconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PushTime, E> {
                Ok(PushTime::parse(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PushTime, E> {
                Ok(PushTime { raw: v.to_string(), number: true, instant: Some(PushInstant::EpochMillis(v)) })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PushTime, E> {
                match i64::try_from(v) {
                    Ok(v) => self.visit_i64(v),
                    Err(_) => Ok(PushTime { raw: v.to_string(), number: true, instant: None }),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PushTime, E> {
                Ok(PushTime { raw: v.to_string(), number: true, instant: None })
            }
        }
        deserializer.deserialize_any(V)
    }
}

fn parse_instant(t: &str) -> Option<PushInstant> {
    let b = t.as_bytes();
    let all_digits = !b.is_empty() && b.iter().all(u8::is_ascii_digit);
    // The number written by `len` digits from `at` (only called on digits).
    let n = |at: usize, len: usize| -> u16 {
        b[at..at + len].iter().fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'))
    };
    match b.len() {
        13 if all_digits => t.parse().ok().map(PushInstant::EpochMillis),
        14 | 17 if all_digits => {
            let millisecond = if b.len() == 17 { n(14, 3) } else { 0 };
            civil(n(0, 4), n(4, 2), n(6, 2), n(8, 2), n(10, 2), n(12, 2), millisecond)
        }
        19 if crate::constraint::date_time(t).is_ok() => {
            civil(n(0, 4), n(5, 2), n(8, 2), n(11, 2), n(14, 2), n(17, 2), 0)
        }
        _ => None,
    }
}

fn civil(
    year: u16,
    month: u16,
    day: u16,
    hour: u16,
    minute: u16,
    second: u16,
    ms: u16,
) -> Option<PushInstant> {
    let text = format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}");
    crate::constraint::date_time(&text).ok()?;
    Some(PushInstant::Civil(CivilDateTime {
        year,
        month: month as u8,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
        millisecond: ms,
    }))
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_form() {
        let t = PushTime::parse("20240603151301");
        let Some(PushInstant::Civil(c)) = t.instant() else { panic!("{t:?}") };
        assert_eq!((c.year, c.month, c.day, c.hour, c.minute, c.second), (2024, 6, 3, 15, 13, 1));
        assert_eq!(t.to_string(), "2024-06-03 15:13:01");
        assert_eq!(t.as_str(), "20240603151301");

        let t = PushTime::parse("20240603151301123");
        assert!(matches!(t.instant(), Some(PushInstant::Civil(c)) if c.millisecond == 123));

        let t = PushTime::parse("1630468800000");
        assert_eq!(t.instant(), Some(PushInstant::EpochMillis(1_630_468_800_000)));

        let t = PushTime::parse("2024-06-03 15:13:01");
        assert!(matches!(t.instant(), Some(PushInstant::Civil(_))));

        let t: PushTime = serde_json::from_str("1630468800000").unwrap();
        assert_eq!(t.epoch_millis(0), Some(1_630_468_800_000));
        assert_eq!(serde_json::to_string(&t).unwrap(), "1630468800000");
    }

    #[test]
    fn unknown_forms_are_kept_not_rejected() {
        for text in ["", "yesterday", "20241301000000", "2024-02-30 00:00:00", "١٦٣٠٤٦٨٨٠٠٠٠٠"] {
            let t = PushTime::parse(text);
            assert_eq!(t.instant(), None, "{text}");
            assert_eq!(t.as_str(), text);
            assert_eq!(serde_json::to_string(&t).unwrap(), serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn civil_times_convert_in_the_given_zone() {
        // 2021-09-01 12:00:00 at UTC+8 is the docs' timestamp 1630468800.
        let t = PushTime::parse("20210901120000");
        assert_eq!(t.epoch_millis(8 * 3600), Some(1_630_468_800_000));
        assert_eq!(t.epoch_millis(0), Some(1_630_468_800_000 + 8 * 3_600_000));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        let back = CivilDateTime::from_epoch_millis(1_630_468_800_123, 8 * 3600);
        assert_eq!(back.to_string(), "2021-09-01 12:00:00.123");
        assert_eq!(back.to_epoch_millis(8 * 3600), 1_630_468_800_123);
        assert_eq!(back.date_time_text(), "2021-09-01 12:00:00");
        assert_eq!(CivilDateTime::from_epoch_millis(951_782_400_000, 0).to_string(), "2000-02-29 00:00:00");
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }
}
