//! `api.yaml`: the facts of the API as a whole must be usable as they are, since the client
//! sends them and the mock expects them: URLs without a trailing `/`, header names that HTTP
//! allows, and a test vector of the signature's shape.

use super::Checker;
use crate::raw::{ApiFile, EnvelopeFacts};

impl Checker {
    pub(super) fn api_facts(&mut self, file: &str, facts: &ApiFile) {
        if facts.doc.trim().is_empty() {
            self.err(file, "doc", "missing doc text: every item needs one");
        }
        self.base_url(file, "base_url", &facts.base_url);
        for (i, host) in facts.sister_hosts.iter().enumerate() {
            self.base_url(file, &format!("sister_hosts[{i}].url"), &host.url);
            if host.doc.trim().is_empty() {
                self.err(file, format!("sister_hosts[{i}].doc"), "missing doc text: every item needs one");
            }
        }
        if facts.content_type.trim().is_empty() || facts.content_type.chars().any(|c| c.is_control()) {
            self.err(file, "content_type", format!("`{}` is not a Content-Type value", facts.content_type));
        }
        self.envelope(file, &facts.envelope);
        let s = &facts.signing;
        for (path, name) in [
            ("signing.api_key_header", &s.api_key_header),
            ("signing.timestamp_header", &s.timestamp_header),
            ("signing.sign_header", &s.sign_header),
        ] {
            if !is_header_name(name) {
                self.err(
                    file,
                    path,
                    format!("`{name}` is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)"),
                );
            }
        }
        if s.doc.trim().is_empty() {
            self.err(file, "signing.doc", "missing doc text: every item needs one");
        }
        let v = &s.test_vector;
        if v.sign.len() != 32 || !v.sign.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            self.err(
                file,
                "signing.test_vector.sign",
                format!("`{}` is not 32 lowercase hex digits (an MD5)", v.sign),
            );
        }
        if v.timestamp < 0 {
            self.err(file, "signing.test_vector.timestamp", format!("{} is not epoch seconds", v.timestamp));
        }
    }

    /// At least one spelling, ids given once, and no member name used for two things.
    fn envelope(&mut self, file: &str, envelope: &EnvelopeFacts) {
        if envelope.spellings.is_empty() {
            self.err(
                file,
                "envelope.spellings",
                "an answer needs at least one spelling of its code and message",
            );
        }
        self.unique(
            file,
            "spelling id",
            envelope
                .spellings
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("envelope.spellings[{i}].id"), s.id.as_str())),
        );
        let mut members = vec![("envelope.data".to_owned(), envelope.data.as_str())];
        for (i, s) in envelope.spellings.iter().enumerate() {
            members.push((format!("envelope.spellings[{i}].code"), s.code.as_str()));
            members.push((format!("envelope.spellings[{i}].message"), s.message.as_str()));
        }
        for (path, name) in &members {
            if name.trim().is_empty() {
                self.err(file, path.clone(), "a member name cannot be empty");
            }
        }
        // A name may stand for the code in one spelling and the message in another only if
        // nothing reads it both ways: refuse it, and the data member among them.
        let mut seen: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
        for (path, name) in &members {
            let role = path.rsplit('.').next().unwrap_or("");
            match seen.get(name) {
                Some(other) if *other != role => {
                    self.err(
                        file,
                        path.clone(),
                        format!("`{name}` is already the envelope's {other} member"),
                    );
                }
                _ => {
                    seen.insert(name, role);
                }
            }
        }
    }

    fn base_url(&mut self, file: &str, path: &str, url: &str) {
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        match rest {
            Some(host)
                if !host.is_empty() && !host.ends_with('/') && !host.chars().any(char::is_whitespace) => {}
            _ => self.err(file, path, format!("`{url}` is not an http(s) URL without a trailing `/`")),
        }
    }
}

/// An HTTP field name: a token (RFC 9110 §5.1).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
