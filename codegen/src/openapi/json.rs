//! An ordered JSON value and its writer. The exported documents keep the order they are built
//! in (`openapi` and `info` first, properties in the docs' order), whatever features serde_json
//! is built with elsewhere in the workspace, so the output is the same on every machine.

/// A JSON value whose objects keep their members in insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// An empty object.
    pub fn object() -> Json {
        Json::Object(Vec::new())
    }

    /// This object with `key` set to `value` (replacing an earlier value of `key`).
    pub fn with(mut self, key: &str, value: impl Into<Json>) -> Json {
        self.set(key, value);
        self
    }

    /// This object with `key` set when `value` is `Some`.
    pub fn with_some<T: Into<Json>>(self, key: &str, value: Option<T>) -> Json {
        match value {
            Some(v) => self.with(key, v),
            None => self,
        }
    }

    /// Sets `key` of an object; a no-op on other values.
    pub fn set(&mut self, key: &str, value: impl Into<Json>) {
        if let Json::Object(members) = self {
            let value = value.into();
            match members.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = value,
                None => members.push((key.to_owned(), value)),
            }
        }
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Pretty-printed, two spaces an indent, with a final newline. Arrays of scalars that fit
    /// stay on one line.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn is_scalar(&self) -> bool {
        !matches!(self, Json::Array(_) | Json::Object(_))
    }

    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => out.push_str(&i.to_string()),
            Json::Str(s) => write_str(out, s),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Array(items) if items.iter().all(Json::is_scalar) => {
                let mut line = String::from("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        line.push_str(", ");
                    }
                    item.write(&mut line, 0);
                }
                line.push(']');
                if indent + line.len() <= 100 {
                    out.push_str(&line);
                } else {
                    write_block(out, indent, '[', ']', items.iter().map(|v| (None, v)));
                }
            }
            Json::Array(items) => write_block(out, indent, '[', ']', items.iter().map(|v| (None, v))),
            Json::Object(members) => {
                write_block(out, indent, '{', '}', members.iter().map(|(k, v)| (Some(k.as_str()), v)))
            }
        }
    }
}

fn write_block<'a>(
    out: &mut String,
    indent: usize,
    open: char,
    close: char,
    items: impl Iterator<Item = (Option<&'a str>, &'a Json)>,
) {
    out.push(open);
    for (i, (key, value)) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('\n');
        out.push_str(&" ".repeat(indent + 2));
        if let Some(key) = key {
            write_str(out, key);
            out.push_str(": ");
        }
        value.write(out, indent + 2);
    }
    out.push('\n');
    out.push_str(&" ".repeat(indent));
    out.push(close);
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<&String> for Json {
    fn from(s: &String) -> Json {
        Json::Str(s.clone())
    }
}

impl From<i64> for Json {
    fn from(i: i64) -> Json {
        Json::Int(i)
    }
}

impl From<u32> for Json {
    fn from(i: u32) -> Json {
        Json::Int(i64::from(i))
    }
}

impl From<usize> for Json {
    fn from(i: usize) -> Json {
        Json::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}

impl From<i32> for Json {
    fn from(i: i32) -> Json {
        Json::Int(i64::from(i))
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(items: Vec<T>) -> Json {
        Json::Array(items.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::Json;

    #[test]
    fn writes_in_insertion_order_and_escapes() {
        let v = Json::object()
            .with("z", 1i64)
            .with("a", vec!["x", "y"])
            .with("s", "q\"\\\n\u{1}é")
            .with("o", Json::object())
            .with("n", Json::Array(vec![Json::object().with("k", Json::Null)]));
        assert_eq!(
            v.to_pretty(),
            "{\n  \"z\": 1,\n  \"a\": [\"x\", \"y\"],\n  \"s\": \"q\\\"\\\\\\n\\u0001é\",\n  \"o\": {},\n  \"n\": [\n    {\n      \"k\": null\n    }\n  ]\n}\n"
        );
    }

    #[test]
    fn set_replaces() {
        let v = Json::object().with("a", 1i64).with("a", 2i64);
        assert_eq!(v, Json::Object(vec![("a".into(), Json::Int(2))]));
    }
}
