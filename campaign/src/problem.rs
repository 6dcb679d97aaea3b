//! A problem of a campaign's input, at the place the user can fix it: a file, and in it a key of
//! the campaign file or a row and column header of the CSV.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Nothing is written or sent while one exists.
    Error,
    /// Printed; the plan goes on.
    Warning,
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A key of the campaign file, as a dotted path (`task.maxRingingTime`,
    /// `columns.callInformation.due_date`); empty for the file as a whole.
    Key(String),
    /// A CSV row (the line its record starts on) and the column header, if one is at fault.
    Row { line: u64, column: Option<String> },
    /// The CSV as a whole.
    File,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The file's name as the user gave it.
    pub file: String,
    pub place: Place,
    pub message: String,
}

impl Problem {
    pub(crate) fn new(severity: Severity, file: &str, place: Place, message: impl Into<String>) -> Problem {
        Problem { severity, file: file.to_owned(), place, message: message.into() }
    }

    pub(crate) fn error(file: &str, place: Place, message: impl Into<String>) -> Problem {
        Problem::new(Severity::Error, file, place, message)
    }

    /// Whether it stops the plan.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `debtors.csv:1843 due_date: must be …`, `campaign.yaml: task.maxRingingTime: must be …`.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let warning = if self.severity == Severity::Warning { "warning: " } else { "" };
        match &self.place {
            Place::Key(key) if key.is_empty() => write!(f, "{}: {warning}{}", self.file, self.message),
            Place::Key(key) => write!(f, "{}: {key}: {warning}{}", self.file, self.message),
            Place::Row { line, column: Some(column) } => {
                write!(f, "{}:{line} {column}: {warning}{}", self.file, self.message)
            }
            Place::Row { line, column: None } => write!(f, "{}:{line}: {warning}{}", self.file, self.message),
            Place::File => write!(f, "{}: {warning}{}", self.file, self.message),
        }
    }
}
