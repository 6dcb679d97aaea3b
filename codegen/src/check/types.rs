//! `types.yaml`: constrained scalars (each constraint must fit its base) and enums.

use super::*;

impl Checker {
    pub(super) fn constrained(&mut self, f: &str, i: usize, c: &raw::Constrained) -> Constrained {
        let p = format!("constrained[{i}]");
        self.type_name(f, &format!("{p}.name"), &c.name);
        let doc = self.doc(f, &p, &c.doc);
        let macro_name = match &c.macro_ {
            Some(m) if naming::is_snake(m) => m.clone(),
            Some(m) => {
                self.err(f, format!("{p}.macro"), format!("`{m}` is not a snake_case macro name"));
                m.clone()
            }
            None => naming::snake(&c.name),
        };
        let given: Vec<&str> = [
            c.chars.map(|_| "chars"),
            c.digits.map(|_| "digits"),
            c.range.map(|_| "range"),
            c.format.as_ref().map(|_| "format"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if given.len() != 1 {
            self.err(
                f,
                &p,
                format!(
                    "give exactly one of chars, digits, range, format (found {})",
                    if given.is_empty() { "none".to_owned() } else { given.join(", ") }
                ),
            );
        }
        let is_string = c.base == raw::Base::String;
        let mut kind = ConstraintKind::Chars { min: 0, max: None };
        // After a mistake in the constraint itself, the default is not checked against it.
        let mut sound = true;
        let fits = |checker: &mut Self, name: &str, wants_string: bool| -> bool {
            if wants_string != is_string {
                let problem = format!("`{name}` does not fit base type `{}`", c.base);
                checker.err(f, format!("{p}.{name}"), problem);
                return false;
            }
            true
        };
        if let Some(b) = c.chars {
            sound &= fits(self, "chars", true);
            let (min, max) = self.bounds_u32(f, &format!("{p}.chars"), b);
            kind = ConstraintKind::Chars { min: min.unwrap_or(0), max };
        } else if let Some(b) = c.digits {
            sound &= fits(self, "digits", true);
            let (min, max) = self.bounds_u32(f, &format!("{p}.digits"), b);
            match max {
                Some(max) => kind = ConstraintKind::Digits { min: min.unwrap_or(0), max },
                None => self.err(f, format!("{p}.digits.max"), "digits need a max"),
            }
        } else if let Some(b) = c.range {
            sound &= fits(self, "range", false);
            match b.min {
                Some(min) => {
                    if let Some(max) = b.max.filter(|&max| max < min) {
                        self.err(f, format!("{p}.range"), format!("min {min} is greater than max {max}"));
                        sound = false;
                    }
                    // The docs' types are Java types: an Integer is 32 bits (quirk `java_integer`),
                    // so a range the docs leave open ends there.
                    let integer = i64::from(i32::MIN)..=i64::from(i32::MAX);
                    if !integer.contains(&min) || b.max.is_some_and(|m| !integer.contains(&m)) {
                        self.err(
                            f,
                            format!("{p}.range"),
                            "the docs' Integer is 32 bits: a bound must be from -2147483648 to 2147483647",
                        );
                        sound = false;
                    }
                    kind = ConstraintKind::Range { min, max: Some(b.max.unwrap_or(i64::from(i32::MAX))) };
                }
                None => self.err(f, format!("{p}.range.min"), "an integer range needs a min"),
            }
        } else if let Some(fmt) = c.format {
            sound &= fits(self, "format", true);
            kind = match fmt {
                raw::Format::ClockTime => ConstraintKind::ClockTime,
                raw::Format::DateTime => ConstraintKind::DateTime,
                raw::Format::Decimal => ConstraintKind::Decimal,
            };
        }
        let default = match &c.default {
            None => None,
            Some(_) if !sound => None,
            Some(v) => match (kind, v.as_i64()) {
                (ConstraintKind::Range { min, max }, Some(d)) => {
                    if d < min || max.is_some_and(|m| d > m) {
                        self.err(f, format!("{p}.default"), format!("default {d} is outside the range"));
                    }
                    Some(d)
                }
                _ => {
                    self.err(
                        f,
                        format!("{p}.default"),
                        "a default is supported for integer ranges only, and must be an integer",
                    );
                    None
                }
            },
        };
        if c.utc_offset_seconds.is_some_and(|o| kind != ConstraintKind::DateTime || o.abs() > 14 * 3600) {
            self.err(
                f,
                format!("{p}.utc_offset_seconds"),
                "a zone offset belongs to a date-time format, within ±14 hours",
            );
        }
        Constrained {
            name: c.name.clone(),
            doc,
            macro_name,
            kind,
            default,
            utc_offset_seconds: c.utc_offset_seconds,
        }
    }

    pub(super) fn bounds_u32(&mut self, f: &str, p: &str, b: raw::Bounds) -> (Option<u32>, Option<u32>) {
        let mut conv = |v: Option<i64>, end: &str| -> Option<u32> {
            let v = v?;
            match u32::try_from(v) {
                Ok(v) => Some(v),
                Err(_) => {
                    self.err(f, format!("{p}.{end}"), format!("{v} is not a length (0 to {})", u32::MAX));
                    None
                }
            }
        };
        let (min, max) = (conv(b.min, "min"), conv(b.max, "max"));
        if let (Some(a), Some(z)) = (min, max)
            && a > z
        {
            self.err(f, p, format!("min {a} is greater than max {z}"));
        }
        (min, max)
    }

    pub(super) fn int_enum(&mut self, f: &str, i: usize, e: &raw::EnumDef) -> EnumType {
        let p = format!("enums[{i}]");
        self.type_name(f, &format!("{p}.name"), &e.name);
        let doc = self.doc(f, &p, &e.doc);
        let base = match e.base {
            raw::Base::Integer => EnumBase::Integer,
            raw::Base::String => EnumBase::String,
        };
        if e.values.is_empty() {
            self.err(f, format!("{p}.values"), "an enum needs at least one value");
        }
        let mut values = Vec::new();
        for (j, v) in e.values.iter().enumerate() {
            let vp = format!("{p}.values[{j}]");
            self.type_name(f, &format!("{vp}.variant"), &v.variant);
            let doc = self.doc(f, &vp, &v.doc);
            match (&v.value, base) {
                (EnumCode::Int(_), EnumBase::Integer) | (EnumCode::Str(_), EnumBase::String) => {}
                (_, EnumBase::Integer) => {
                    self.err(f, format!("{vp}.value"), "the enum's base is integer: the value must be one")
                }
                (_, EnumBase::String) => {
                    self.err(f, format!("{vp}.value"), "the enum's base is string: quote the value")
                }
            }
            values.push(EnumValue {
                code: v.value.clone(),
                variant: v.variant.clone(),
                doc,
                is_final: v.final_,
            });
        }
        self.unique(
            f,
            "enum value",
            e.values.iter().enumerate().map(|(j, v)| (format!("{p}.values[{j}].value"), v.value.to_string())),
        );
        self.unique(
            f,
            "enum variant",
            e.values
                .iter()
                .enumerate()
                .map(|(j, v)| (format!("{p}.values[{j}].variant"), v.variant.as_str())),
        );
        let default = e.default.as_ref().and_then(|d| match e.values.iter().position(|v| &v.variant == d) {
            Some(at) => Some(ValueId(at)),
            None => {
                self.err(f, format!("{p}.default"), format!("default `{d}` is not a variant of {}", e.name));
                None
            }
        });
        EnumType { name: e.name.clone(), doc, base, default, values }
    }
}
