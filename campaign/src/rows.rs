//! The CSV of callees (RFC 4180, read by the `csv` crate: quoted fields, embedded newlines, CRLF;
//! a UTF-8 byte-order mark is skipped), turned into the request's callees by the campaign's
//! columns. A file that is not UTF-8, duplicate or empty headers, and a mapped column the file
//! lacks are errors of the file as a whole; a row with the wrong number of fields is an error of
//! its row.

use crate::file::Columns;
use crate::problem::{Place, Problem};
use itnio_voice::wire;
use std::collections::BTreeMap;
use std::ops::Range;

/// How many rows pass between two progress reports.
pub(crate) const PROGRESS_EVERY: usize = 8192;

/// A callee read from the CSV, with the line its record starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u64,
    pub callee: wire::Callee,
    /// The callee's time zone, from the campaign's `zone` column (not sent).
    pub zone: Option<String>,
}

/// What a CSV holds: its callees, the problems of its rows, and where each record lies in the
/// bytes (to give rows back as they were written).
#[derive(Debug)]
pub struct Table {
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
    /// The header row, line break included.
    pub header: Range<usize>,
    /// Every record: the line it starts on and its bytes.
    pub records: Vec<(u64, Range<usize>)>,
}

/// Reads every row; problems of the file come back instead of rows.
pub fn read(
    file: &str,
    bytes: &[u8],
    columns: &Columns,
    campaign_file: &str,
    progress: Option<crate::plan::OnProgress<'_>>,
) -> Result<Table, Vec<Problem>> {
    let original = bytes;
    let bytes = check_encoding(file, bytes)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![Problem::error(
                file,
                Place::File,
                format!("the header row cannot be read: {e}"),
            )]);
        }
    };
    let mut problems = Vec::new();
    let mut index = BTreeMap::new();
    for (i, h) in headers.iter().enumerate() {
        if h.trim().is_empty() {
            problems.push(Problem::error(file, Place::File, format!("column {} has an empty header", i + 1)));
        } else if index.insert(h.to_owned(), i).is_some() {
            problems.push(Problem::error(file, Place::File, format!("the header {h:?} appears twice")));
        }
    }
    for (key, column) in columns.all() {
        if !index.contains_key(column) {
            let names: Vec<_> = headers.iter().map(|h| format!("{h:?}")).collect();
            problems.push(Problem::error(
                campaign_file,
                Place::Key(key),
                format!("{file} has no column {column:?} (its columns: {})", names.join(", ")),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let at = |column: &str| index[column];
    let callee_at = at(&columns.callee_number);
    let info: Vec<(String, usize)> =
        columns.call_information.iter().map(|(k, c)| (k.clone(), at(c))).collect();
    let texts: Vec<(String, usize)> = columns.texts.iter().map(|(k, c)| (k.clone(), at(c))).collect();
    let zone_at = columns.zone.as_deref().map(at);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Lines are counted from the bytes (1 + the line breaks before a record's first byte), so
    // that every line ending counts the same.
    let (mut counted_to, mut line) = (0usize, 1u64);
    let mut line_at = |offset: usize| {
        // After a CRLF the reader's position is at the LF (the CR ended the record); a record
        // starts at its first byte that is not a line break (the reader skips empty lines).
        let mut offset = offset.min(bytes.len());
        while bytes.get(offset).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            offset += 1;
        }
        if offset > counted_to {
            line += bytes[counted_to..offset].iter().filter(|&&b| b == b'\n').count() as u64;
            counted_to = offset;
        }
        (line, offset)
    };
    // Where each record starts, to give a record back as it was written.
    let mut starts: Vec<(u64, usize)> = Vec::new();
    loop {
        let at = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (line, _) = line_at(at);
                problems.push(Problem::error(
                    file,
                    Place::Row { line, column: None },
                    format!("cannot be read: {e}"),
                ));
                break;
            }
        }
        let (line, start) = line_at(record.position().map_or(at, |p| p.byte() as usize));
        starts.push((line, start));
        if let Some(p) = progress
            && starts.len().is_multiple_of(PROGRESS_EVERY)
        {
            p.tell(crate::plan::Stage::Reading, start as u64, bytes.len() as u64);
        }
        if record.len() != headers.len() {
            problems.push(Problem::error(
                file,
                Place::Row { line, column: None },
                format!("has {} fields; the header has {}", record.len(), headers.len()),
            ));
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or_default();
        let mut callee =
            wire::Callee { callee_number: Some(cell(callee_at).to_owned()), ..Default::default() };
        // An empty cell is a value not given: the validator says whether it was required.
        let call_information: BTreeMap<String, String> = info
            .iter()
            .filter(|(_, i)| !cell(*i).is_empty())
            .map(|(k, i)| (k.clone(), cell(*i).to_owned()))
            .collect();
        if !info.is_empty() {
            callee.call_information = Some(call_information);
        }
        for (member, i) in &texts {
            let value = (!cell(*i).is_empty()).then(|| cell(*i).to_owned());
            set_text(&mut callee, member, value);
        }
        let zone = zone_at.map(|i| cell(i).to_owned()).filter(|z| !z.is_empty());
        rows.push(Row { line, callee, zone });
    }
    if let Some(p) = progress {
        p.tell(crate::plan::Stage::Reading, bytes.len() as u64, bytes.len() as u64);
    }
    // A record runs to the next one's start, or to the end.
    let bom = original.len() - bytes.len();
    let ends = starts.iter().skip(1).map(|&(_, s)| s).chain(std::iter::once(bytes.len()));
    let records =
        starts.iter().zip(ends).map(|(&(line, start), end)| (line, bom + start..bom + end)).collect();
    let header = bom..bom + starts.first().map_or(bytes.len(), |&(_, s)| s);
    Ok(Table { rows, problems, header, records })
}

fn set_text(callee: &mut wire::Callee, member: &str, value: Option<String>) {
    let slot = match member {
        "text1" => &mut callee.text1,
        "text2" => &mut callee.text2,
        "text3" => &mut callee.text3,
        "text4" => &mut callee.text4,
        "text5" => &mut callee.text5,
        "text6" => &mut callee.text6,
        "text7" => &mut callee.text7,
        "text8" => &mut callee.text8,
        "text9" => &mut callee.text9,
        _ => &mut callee.text10,
    };
    *slot = value;
}

/// The bytes as UTF-8 text without a byte-order mark, or what the file is instead.
fn check_encoding<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a [u8], Vec<Problem>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(vec![Problem::error(file, Place::File, "is UTF-16 text; save it as UTF-8 (CSV UTF-8)")]);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        let byte = bytes[at];
        // A lone byte from 0xA0 up, between ASCII, is what Latin-1 or Windows-1252 text looks like.
        let guess = match byte {
            0x80..=0xFF if bytes.get(at + 1).is_none_or(|b| b.is_ascii()) => {
                " (it looks like Windows-1252 or ISO-8859-1 text)"
            }
            _ => "",
        };
        return Err(vec![Problem::error(
            file,
            Place::Row { line: line as u64, column: None },
            format!("is not UTF-8: byte 0x{byte:02X}{guess}; save the file as UTF-8 (CSV UTF-8)"),
        )]);
    }
    Ok(bytes)
}
