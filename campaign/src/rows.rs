//! The CSV of callees (RFC 4180, read by the `csv` crate: quoted fields, embedded newlines, CRLF;
//! a UTF-8 byte-order mark is skipped), turned into the request's callees by the campaign's
//! columns. A file that is not UTF-8, duplicate or empty headers, and a mapped column the file
//! lacks are errors of the file as a whole; a row with the wrong number of fields is an error of
//! its row.
//!
//! A plan keeps no callee: each row is read, validated and dropped, and only where its record
//! lies in the bytes is kept (12 bytes a row). A part's callees are read again from the bytes
//! when it is written or sent ([`scan`]).

use crate::file::Columns;
use crate::problem::{Place, Problem};
use csv::StringRecord;
use itnio_voice::wire;
use std::collections::BTreeMap;
use std::ops::Range;

/// How many rows pass between two progress reports.
pub(crate) const PROGRESS_EVERY: usize = 8192;

/// Where the campaign's members are among a record's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    callee_number: usize,
    call_information: Vec<(String, usize)>,
    texts: Vec<(&'static str, usize)>,
    zone: Option<usize>,
}

impl Layout {
    /// The callee a record holds. An empty cell is a value not given: the validator says
    /// whether it was required.
    pub(crate) fn callee(&self, record: &StringRecord) -> wire::Callee {
        let cell = |i: usize| record.get(i).filter(|c| !c.is_empty()).map(str::to_owned);
        let mut callee = wire::Callee {
            callee_number: Some(record.get(self.callee_number).unwrap_or_default().to_owned()),
            ..Default::default()
        };
        if !self.call_information.is_empty() {
            callee.call_information = Some(
                self.call_information.iter().filter_map(|(k, i)| Some((k.clone(), cell(*i)?))).collect(),
            );
        }
        for &(member, i) in &self.texts {
            *text_slot(&mut callee, member) = cell(i);
        }
        callee
    }

    /// A record's callee number, as written.
    pub(crate) fn number<'r>(&self, record: &'r StringRecord) -> &'r str {
        record.get(self.callee_number).unwrap_or_default()
    }

    /// A record's time zone (the campaign's `zone` column), if it has one.
    pub(crate) fn zone<'r>(&self, record: &'r StringRecord) -> Option<&'r str> {
        self.zone.and_then(|i| record.get(i)).filter(|z| !z.is_empty())
    }
}

fn text_slot<'c>(callee: &'c mut wire::Callee, member: &str) -> &'c mut Option<String> {
    match member {
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
    }
}

/// A record of the CSV: the offset of its first byte in the file (it runs to the next record's
/// first byte) and the line it starts on, in 12 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(4))]
pub(crate) struct Record {
    start: u64,
    line: u32,
}

impl Record {
    fn new(line: u64, start: u64) -> Record {
        // A file of more than 4 billion lines cannot be held to plan it; the count saturates.
        Record { start, line: u32::try_from(line).unwrap_or(u32::MAX) }
    }

    /// The line it starts on.
    pub(crate) fn line(self) -> u64 {
        u64::from(self.line)
    }

    /// Its first byte.
    pub(crate) fn start(self) -> usize {
        self.start as usize
    }
}

/// What a CSV holds besides its callees: where each record lies, which of them are rows of the
/// header's width, and the problems of the file and its records.
#[derive(Debug)]
pub(crate) struct Table {
    pub layout: Layout,
    /// The header row, line break included.
    pub header: Range<usize>,
    /// Every record, in file order.
    pub records: Vec<Record>,
    /// The records that are rows (as many fields as the header), by index into `records`.
    pub rows: Vec<u32>,
    pub problems: Vec<Problem>,
}

/// The bytes of `records[i]` in a file of `len` bytes, its line break included.
pub(crate) fn span(records: &[Record], i: usize, len: usize) -> Range<usize> {
    let end = records.get(i + 1).map_or(len, |r| r.start());
    records[i].start()..end
}

/// Reads every record, calling `row` with each row's index among the rows and its fields (the
/// plan validates it there and keeps nothing of it); problems of the file come back instead.
pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    columns: &Columns,
    campaign_file: &str,
    progress: Option<crate::plan::OnProgress<'_>>,
    mut row: impl FnMut(usize, &Layout, &StringRecord),
) -> Result<Table, Vec<Problem>> {
    let original = bytes;
    let bytes = check_encoding(file, bytes)?;
    let bom = (original.len() - bytes.len()) as u64;
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
    let layout = Layout {
        callee_number: at(&columns.callee_number),
        call_information: columns.call_information.iter().map(|(k, c)| (k.clone(), at(c))).collect(),
        texts: columns
            .texts
            .iter()
            .filter_map(|(k, c)| crate::file::TEXT_MEMBERS.iter().find(|m| *m == k).map(|m| (*m, at(c))))
            .collect(),
        zone: columns.zone.as_deref().map(at),
    };
    let mut records = Vec::with_capacity(rows_in(bytes));
    let mut rows = Vec::with_capacity(rows_in(bytes));
    let mut record = StringRecord::new();
    // Lines are counted from the bytes (1 + the line breaks before a record's first byte), so
    // that every line ending counts the same.
    let (mut counted_to, mut line) = (0usize, 1u64);
    let mut line_at = |offset: usize| {
        let offset = record_start(bytes, offset);
        if offset > counted_to {
            line += bytes[counted_to..offset].iter().filter(|&&b| b == b'\n').count() as u64;
            counted_to = offset;
        }
        (line, offset)
    };
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
        records.push(Record::new(line, bom + start as u64));
        if let Some(p) = progress
            && records.len().is_multiple_of(PROGRESS_EVERY)
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
        row(rows.len(), &layout, &record);
        rows.push(u32::try_from(records.len() - 1).unwrap_or(u32::MAX));
    }
    if let Some(p) = progress {
        p.tell(crate::plan::Stage::Reading, bytes.len() as u64, bytes.len() as u64);
    }
    records.shrink_to_fit();
    rows.shrink_to_fit();
    let header = bom as usize..records.first().map_or(original.len(), |r| r.start());
    Ok(Table { layout, header, records, rows, problems })
}

/// A guess at how many rows `bytes` hold, to reserve room for them at once: a debtor's row
/// (number, name, amount, date, a few texts) takes some 60 bytes or more, and a list reserved
/// too long is shrunk once read.
pub(crate) fn rows_in(bytes: &[u8]) -> usize {
    bytes.len() / 64 + 1
}

/// Where the record that the reader's position `offset` points at begins: after a CRLF the
/// position is at the LF (the CR ended the record), and the reader skips empty lines.
fn record_start(bytes: &[u8], offset: usize) -> usize {
    let mut offset = offset.min(bytes.len());
    while bytes.get(offset).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
        offset += 1;
    }
    offset
}

/// Reads the records `wanted` (indices into `records`, in file order) of `bytes` again, calling
/// `f` with each one's place in `wanted` and its fields. Consecutive records are read in one
/// go; the reader starts again only past a record left out.
pub(crate) fn scan(
    bytes: &[u8],
    records: &[Record],
    wanted: &[u32],
    mut f: impl FnMut(usize, &StringRecord),
) {
    let mut reader: Option<(csv::Reader<&[u8]>, usize)> = None;
    let mut record = StringRecord::new();
    for (k, &r) in wanted.iter().enumerate() {
        let start = records[r as usize].start();
        let here =
            reader.as_ref().map(|(rd, base)| record_start(bytes, base + rd.position().byte() as usize));
        if here != Some(start) {
            let rest = &bytes[start.min(bytes.len())..];
            let rd = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(rest);
            reader = Some((rd, start));
        }
        let Some((rd, _)) = reader.as_mut() else { continue };
        // The bytes were read once already: a record read then reads the same now.
        if let Ok(true) = rd.read_record(&mut record) {
            f(k, &record);
        }
    }
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
