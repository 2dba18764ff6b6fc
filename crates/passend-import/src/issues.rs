//! Row-level problems, collected while reading instead of stopping the import.

use std::fmt::Display;

use passend_core::composition::{Rule, Severity};
use passend_core::ids::VestigingCode;

/// A problem with one row or value of a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowIssue {
    /// The rule, one of the `data_*` rules.
    pub rule: Rule,
    /// How serious.
    pub severity: Severity,
    /// The vestiging, when the row names one.
    pub vestiging: Option<VestigingCode>,
    /// Dutch message with file, line and column.
    pub message: String,
}

/// The collector.
#[derive(Debug, Default)]
pub struct Issues {
    items: Vec<RowIssue>,
}

impl Issues {
    /// A value that could not be read; the row is used without it, or skipped.
    pub fn invalid(
        &mut self,
        file: &str,
        line: u64,
        column: &str,
        vestiging: Option<VestigingCode>,
        what: impl Display,
    ) {
        self.invalid_in(
            file,
            &format!("regel {line}, kolom {column}"),
            vestiging,
            what,
        );
    }

    /// A value that could not be read, located by something other than a line
    /// (an object in a JSON file, a cell in a spreadsheet).
    pub fn invalid_in(
        &mut self,
        file: &str,
        place: &str,
        vestiging: Option<VestigingCode>,
        what: impl Display,
    ) {
        self.items.push(RowIssue {
            rule: Rule::DataInvalidValue,
            severity: Severity::Warning,
            vestiging,
            message: format!("{file}, {place}: {what}"),
        });
    }

    /// A record that appears more than once.
    pub fn duplicate(
        &mut self,
        file: &str,
        line: u64,
        vestiging: Option<VestigingCode>,
        what: impl Display,
    ) {
        self.items.push(RowIssue {
            rule: Rule::DataDuplicate,
            severity: Severity::Info,
            vestiging,
            message: format!("{file}, regel {line}: {what}"),
        });
    }

    /// Any other finding about a vestiging.
    pub fn push(
        &mut self,
        rule: Rule,
        severity: Severity,
        vestiging: Option<VestigingCode>,
        message: String,
    ) {
        self.items.push(RowIssue {
            rule,
            severity,
            vestiging,
            message,
        });
    }

    /// Appends the issues of another collector.
    pub fn extend(&mut self, other: Issues) {
        self.items.extend(other.items);
    }

    /// All issues so far.
    pub fn into_vec(self) -> Vec<RowIssue> {
        self.items
    }

    /// How many so far.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
