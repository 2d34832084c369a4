//! What can be wrong with a query.

use std::fmt;

use super::ParsedQuery;
use crate::eval::request::RequestError;
use crate::span::Span;

/// A query that cannot be read, pointing at the words at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError(Box<ErrorInner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorInner {
    query: String,
    span: Span,
    message: String,
    label: Option<String>,
    related: Option<(Span, String)>,
    help: Option<String>,
}

impl QueryError {
    pub(super) fn new(query: &str, span: Span, message: impl Into<String>) -> Self {
        QueryError(Box::new(ErrorInner {
            query: query.to_owned(),
            span,
            message: crate::diagnostic::tidy(message.into()),
            label: None,
            related: None,
            help: None,
        }))
    }

    pub(super) fn with_label(mut self, label: impl Into<String>) -> Self {
        self.0.label = Some(label.into());
        self
    }

    pub(super) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(crate::diagnostic::tidy(help.into()));
        self
    }

    pub(super) fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.0.related = Some((span, label.into()));
        self
    }

    /// A [`RequestError`] met while resolving `parsed`, pointed at the query
    /// word that set the field at fault; `None` when the query did not set it
    /// (it came from a request file or a flag).
    pub fn from_request_error(
        query: &str,
        parsed: &ParsedQuery,
        error: &RequestError,
    ) -> Option<QueryError> {
        let span = parsed.locate(error)?;
        let mut out = QueryError::new(query, span, error.message());
        out.0.help = error.help().map(str::to_owned);
        Some(out)
    }

    /// The same error drawn on `text`, which holds the query at the same
    /// byte offsets (an invariant's pattern, whose placeholders were blanked
    /// out before it was read as a query).
    pub(crate) fn in_text(mut self, text: &str) -> Self {
        text.clone_into(&mut self.0.query);
        self
    }

    /// The query.
    pub fn query(&self) -> &str {
        &self.0.query
    }

    /// The words at fault (empty at the end of the query when a word is missing).
    pub fn span(&self) -> Span {
        self.0.span
    }

    /// What is wrong, in one line.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// How to fix it.
    pub fn help(&self) -> Option<&str> {
        self.0.help.as_deref()
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for QueryError {}

impl miette::Diagnostic for QueryError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.0.query)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = miette::LabeledSpan::new_primary_with_span(self.0.label.clone(), self.0.span);
        let related =
            self.0.related.iter().map(|(span, label)| {
                miette::LabeledSpan::new_with_span(Some(label.clone()), *span)
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
