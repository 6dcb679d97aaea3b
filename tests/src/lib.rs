//! Helpers shared by the integration tests: workspace paths, the source document's tables, the
//! docs' example request, and the mock checked against the exported document.

pub mod contract;
pub mod fuzz_checks;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_owned()
}

/// The spec directory.
pub fn spec_dir() -> PathBuf {
    root().join("spec")
}

/// The source page, as kept in the repository.
pub fn source_page() -> String {
    std::fs::read_to_string(spec_dir().join("source/agent-send-api.txt"))
        .expect("spec/source/agent-send-api.txt")
}

/// One markdown table of the source page: its header cells and its rows' cells.
#[derive(Debug, Clone)]
pub struct Table {
    /// Header cells.
    pub header: Vec<String>,
    /// Body rows, cells trimmed.
    pub rows: Vec<Vec<String>>,
}

/// Every markdown table of `text`, in order. A table starts with a header row followed by a
/// `|---|` separator; a line may carry text before its first `|` (the page glues a table to the
/// closing brace of an example).
pub fn tables(text: &str) -> Vec<Table> {
    let rows: Vec<Option<Vec<String>>> = text
        .lines()
        .map(|line| {
            let start = line.find('|')?;
            let cells = line[start..].trim().trim_matches('|');
            Some(cells.split('|').map(|c| c.trim().to_owned()).collect())
        })
        .collect();
    let is_sep = |r: &Option<Vec<String>>| {
        r.as_ref().is_some_and(|c| c.iter().all(|x| !x.is_empty() && x.chars().all(|ch| ch == '-')))
    };
    let mut out: Vec<Table> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if let Some(header) = &rows[i]
            && i + 1 < rows.len()
            && is_sep(&rows[i + 1])
        {
            out.push(Table { header: header.clone(), rows: Vec::new() });
            i += 2;
            continue;
        }
        if let (Some(row), Some(t)) = (&rows[i], out.last_mut()) {
            t.rows.push(row.clone());
        }
        i += 1;
    }
    out
}

/// The example request body of the source page, as JSON text.
pub fn example_body() -> String {
    let page = source_page();
    let start = page.find("Request Body:\n").expect("the page has a request body") + "Request Body:\n".len();
    let rest = &page[start..];
    // The body ends where the response table begins (glued to the closing brace).
    let end = rest.find("}| Parameter").expect("the body is followed by the response table") + 1;
    rest[..end].to_owned()
}

/// The example body as a JSON value, with `nodeList[].agentId` turned into integers, which is
/// how the SDK sends it (quirk `node_agent_id_string`).
pub fn example_as_sent() -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&example_body()).expect("the example is JSON");
    for node in v["recallFlow"]["nodeList"].as_array_mut().expect("nodeList") {
        let id: i64 = node["agentId"].as_str().expect("string agentId").parse().expect("digits");
        node["agentId"] = id.into();
    }
    v
}
