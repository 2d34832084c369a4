//! Findings: what the tool reports about a policy, located in its source.

pub mod codes;
pub mod fix;
pub mod witness;

use std::fmt;

/// Declares finding codes of one [`CodeKind`]: each `static` takes its doc
/// comment as the documentation `policy explain` prints, and `$list` names
/// every code declared, in order (`ALL: Grammar;`).
macro_rules! declare_codes {
    (
        $(#[doc = $list_doc:literal])*
        $list:ident: $kind:ident;
        $( $(#[doc = $doc:literal])* $id:ident = ($name:literal, $sev:ident, $cat:ident, $summary:literal); )*
    ) => {
        $(
            $(#[doc = $doc])*
            pub static $id: $crate::diagnostic::CodeInfo = $crate::diagnostic::CodeInfo {
                code: stringify!($id),
                name: $name,
                severity: $crate::diagnostic::Severity::$sev,
                category: $crate::diagnostic::Category::$cat,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
                kind: $crate::diagnostic::CodeKind::$kind,
            };
        )*
        $(#[doc = $list_doc])*
        pub static $list: &[&$crate::diagnostic::CodeInfo] = &[$(&$id),*];
    };
}
pub(crate) use declare_codes;

use crate::span::Span;
pub use fix::{Applicability, Edit, Fix};
pub use witness::{EvalTarget, Witness};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails CI by default.
    Info,
    /// Probably wrong, or against best practice.
    Warning,
    /// The policy is invalid, or does something its author cannot have meant.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// IAM Access Analyzer's finding types, shown beside our severity so that
/// findings can be compared with Access Analyzer's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// A part of the policy is not functional.
    Error,
    /// The policy allows access that is overly permissive.
    SecurityWarning,
    /// The policy does not follow best practice.
    Warning,
    /// A stylistic improvement that does not change access.
    Suggestion,
}

impl Category {
    /// `ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Error => "ERROR",
            Category::SecurityWarning => "SECURITY_WARNING",
            Category::Warning => "WARNING",
            Category::Suggestion => "SUGGESTION",
        }
    }
}

/// The fixed facts about a finding code.
#[derive(Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// UPPER_SNAKE code, equal to IAM Access Analyzer's where the check is the same.
    pub code: &'static str,
    /// kebab-case name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Access Analyzer category.
    pub category: Category,
    /// One line saying what the check finds.
    pub summary: &'static str,
    /// The check's documentation, as Markdown (what `policy explain` prints).
    pub doc: &'static str,
    /// Which part of the tool reports it.
    pub kind: CodeKind,
}

/// Which part of the tool reports a code: what `policy rules` groups codes
/// by, and what decides whether `[rules]` can configure one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// Reading and lowering a policy ([`codes`]); always on.
    Grammar,
    /// A lint rule ([`crate::lint::RULES`]), which `[rules]`, `--select` and
    /// `--ignore` configure.
    Rule,
    /// An expectation `policy check` verifies: `--never`, `--baseline`.
    Expectation,
    /// A problem in the configuration file ([`crate::config::codes`]).
    Config,
    /// A problem with a request's signature ([`crate::wire::codes`]),
    /// which `policy eval --http/--curl` reports before the policy's answer.
    Request,
}

impl CodeKind {
    /// `grammar`, `rule`, `expectation` or `config`: the `kind` field of
    /// `policy rules --format json` and of SARIF rules.
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::Grammar => "grammar",
            CodeKind::Rule => "rule",
            CodeKind::Expectation => "expectation",
            CodeKind::Config => "config",
            CodeKind::Request => "request",
        }
    }
}

/// A second location that helps explain a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// Where, in the finding's file (unused when `elsewhere` is set).
    pub span: Span,
    /// What it shows.
    pub label: String,
    /// Where, when it is in another file: the other auth layer's policy
    /// in another file of the same set.
    pub elsewhere: Option<Elsewhere>,
}

impl Related {
    /// A place in the finding's own file.
    pub fn new(span: Span, label: impl Into<String>) -> Self {
        Related {
            span,
            label: label.into(),
            elsewhere: None,
        }
    }
}

/// A place in another file than the finding's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elsewhere {
    /// The file, as the output names files.
    pub path: String,
    /// Its line (1-based).
    pub line: usize,
    /// Its column (1-based).
    pub column: usize,
}

/// One problem found in one policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Which check found it.
    pub info: &'static CodeInfo,
    /// Its severity (the code's default unless configured otherwise).
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// The exact text at fault.
    pub span: Span,
    /// A short label for the span, when the message alone does not say what it points at.
    pub label: Option<String>,
    /// Other places that explain it.
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<String>,
    /// The request that demonstrates it, when there is one; shown after the
    /// help by [`Finding::help_for`].
    pub witness: Option<Box<Witness>>,
    /// The change that resolves it, when one can be made mechanically
    /// (`policy check --fix`).
    pub fix: Option<Box<Fix>>,
}

/// The longest stretch of backticked text kept in a message; longer user text
/// is cut with `…` so a message stays one readable line.
pub const MAX_QUOTED_CHARS: usize = 80;

/// Makes text that embeds user input fit a one-line message: control
/// characters (a line break in a `Sid`) are written as escapes, and backticked
/// stretches longer than [`MAX_QUOTED_CHARS`] are cut short.
pub fn tidy(text: String) -> String {
    let needs_escape = text.chars().any(char::is_control);
    let needs_cut = text
        .split('`')
        .skip(1)
        .step_by(2)
        .any(|q| q.chars().count() > MAX_QUOTED_CHARS);
    if !needs_escape && !needs_cut {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let quoted = i % 2 == 1;
        let count = part.chars().count();
        for (n, c) in part.chars().enumerate() {
            if quoted && count > MAX_QUOTED_CHARS && n == MAX_QUOTED_CHARS - 1 {
                out.push('…');
                break;
            }
            if c.is_control() {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
        }
    }
    out
}

impl Finding {
    /// A finding of `info` at `span`, with the code's default severity.
    pub fn new(info: &'static CodeInfo, span: Span, message: impl Into<String>) -> Self {
        Finding {
            info,
            severity: info.severity,
            message: tidy(message.into()),
            span,
            label: None,
            related: Vec::new(),
            help: None,
            witness: None,
            fix: None,
        }
    }

    /// Adds help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(tidy(help.into()));
        self
    }

    /// Adds help text when there is some.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help.map(tidy);
        self
    }

    /// Adds the change that resolves the finding.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// Adds a fix when there is one.
    pub fn with_optional_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix.map(Box::new);
        self
    }

    /// Labels the main span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(tidy(label.into()));
        self
    }

    /// Adds a related location.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Related::new(span, tidy(label.into())));
        self
    }

    /// The finding's code, such as `MISSING_EFFECT`.
    pub fn code(&self) -> &'static str {
        self.info.code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_escapes_control_characters() {
        assert_eq!(tidy("`a\nb` is bad".into()), "`a\\nb` is bad");
        assert_eq!(tidy("tab\there".into()), "tab\\there");
        assert_eq!(tidy("plain `text`".into()), "plain `text`");
    }

    #[test]
    fn tidy_cuts_long_quotes_only() {
        let long = "x".repeat(200);
        let out = tidy(format!("`{long}` is not valid; `short`"));
        let quoted = out.split('`').nth(1).unwrap();
        assert_eq!(quoted.chars().count(), MAX_QUOTED_CHARS);
        assert!(quoted.ends_with('…'));
        assert!(out.ends_with("; `short`"));
        let unquoted = "y".repeat(200);
        assert_eq!(tidy(unquoted.clone()), unquoted);
    }
}
