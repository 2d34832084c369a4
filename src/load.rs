//! Loading a policy from bytes: size and encoding checks, parsing, lowering.
//!
//! Loading never fails: every problem becomes a located [`Finding`], so one bad
//! file never hides the others' results.

use std::io::Read;

use crate::diagnostic::{codes, Finding};
use crate::grammar_fix;
use crate::json::{self, SyntaxError, SyntaxErrorKind};
use crate::lower::{self, Lowered};
use crate::model::{Policy, PolicyKind};
use crate::source::Source;
use crate::span::Span;

/// Files larger than this are refused unless configured otherwise: 1 MiB, a
/// hundred times the Lattice auth-policy quota of 10 KB.
pub const DEFAULT_MAX_FILE_SIZE: usize = 1 << 20;

/// How to load policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Auth (resource) or identity policy.
    pub kind: PolicyKind,
    /// The largest input accepted, in bytes.
    pub max_size: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            kind: PolicyKind::Auth,
            max_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// A loaded policy file: its text, its model (when the JSON could be read) and its findings.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The text, for rendering diagnostics.
    pub source: Source,
    /// The model, when the file held readable JSON. It holds only the statements
    /// that lowered cleanly; check [`Loaded::has_errors`] before trusting it.
    pub policy: Option<Policy>,
    /// Every finding, in source order.
    pub findings: Vec<Finding>,
}

impl Loaded {
    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == crate::diagnostic::Severity::Error)
    }

    /// True when the policy can be evaluated: it was read into a model and
    /// reading it found no error. AWS refuses to store a policy with such an
    /// error, so `policy eval`, `policy diff` and the expectations of
    /// `policy check` all refuse it too; this is the one place that decides.
    /// Call it on what loading returned: lint findings are not grammar
    /// errors and never make a policy unevaluable.
    pub fn evaluable(&self) -> bool {
        self.policy.is_some() && !self.has_errors()
    }
}

/// Reads at most `max_size + 1` bytes, so that an endless or huge input costs
/// bounded memory and is then refused by [`load_bytes`].
pub fn read_bounded(reader: impl Read, max_size: usize) -> std::io::Result<Vec<u8>> {
    // Room for a typical policy, so that it is read in one call without the
    // small probing reads an empty buffer starts with.
    let mut bytes = Vec::with_capacity(max_size.min(16 * 1024));
    let limit = u64::try_from(max_size)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    reader.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Loads one policy from its bytes.
pub fn load_bytes(name: &str, bytes: &[u8], options: LoadOptions) -> Loaded {
    if bytes.len() > options.max_size {
        return refuse_size(name, bytes, options.max_size);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(name, text, options),
        Err(error) => {
            let offset = error.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            // The lossy text equals the input up to the first invalid byte, where
            // U+FFFD (three bytes) now stands.
            let span = Span::new(offset, offset + '\u{fffd}'.len_utf8());
            let finding = Finding::new(
                &codes::JSON_SYNTAX_ERROR,
                span,
                format!("invalid UTF-8 at byte offset {offset}"),
            )
            .with_label("not UTF-8")
            .with_help(encoding_help(bytes));
            Loaded {
                source: Source::new(name, text),
                policy: None,
                findings: vec![finding],
            }
        }
    }
}

/// How to fix a file that is not UTF-8, naming the encoding when its byte-order mark gives it away.
fn encoding_help(bytes: &[u8]) -> &'static str {
    match bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => {
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"
        }
        _ => "policies are UTF-8 text; save the file as UTF-8",
    }
}

fn refuse_size(name: &str, bytes: &[u8], max_size: usize) -> Loaded {
    // Keep only the start of the text: enough for the snippet, bounded in memory.
    let head = bytes.get(..bytes.len().min(256)).unwrap_or(&[]);
    let text = String::from_utf8_lossy(head).into_owned();
    let finding = Finding::new(
        &codes::FILE_TOO_LARGE,
        Span::at(0),
        format!("the file is larger than {max_size} bytes and was not read"),
    )
    .with_help("a VPC Lattice auth policy is at most 10 KB; raise the limit with `--max-size` if this file really is a policy");
    Loaded {
        source: Source::new(name, text),
        policy: None,
        findings: vec![finding],
    }
}

/// Loads one policy from text.
pub fn load_str(name: &str, text: &str, options: LoadOptions) -> Loaded {
    let parsed = json::parse(text);
    let mut findings: Vec<Finding> = parsed
        .errors
        .iter()
        .map(|error| syntax_finding(text, error))
        .collect();
    if parsed.bom {
        findings.push(
            Finding::new(
                &codes::BYTE_ORDER_MARK,
                Span::new(0, 3),
                "the file starts with a UTF-8 byte-order mark",
            )
            .with_help("remove the byte-order mark; AWS APIs expect plain UTF-8 JSON")
            .with_fix(grammar_fix::byte_order_mark(Span::new(0, 3))),
        );
    }
    let policy = parsed.root.as_ref().map(|root| {
        let Lowered {
            policy,
            findings: more,
        } = lower::lower(root, options.kind);
        let mut more = more;
        grammar_fix::attach(text, root, &mut more);
        findings.extend(more);
        policy
    });
    findings.sort_by_key(|f| f.span.start);
    Loaded {
        source: Source::new(name, text),
        policy,
        findings,
    }
}

/// The finding for one syntax error of the JSON reader in `text`, with its
/// fix when there is one.
pub(crate) fn syntax_finding(text: &str, error: &SyntaxError) -> Finding {
    let info = match error.kind {
        SyntaxErrorKind::DuplicateKey(_) => &codes::DUPLICATE_KEY,
        _ => &codes::JSON_SYNTAX_ERROR,
    };
    let finding = Finding::new(info, error.span, error.kind.message())
        .with_optional_help(error.kind.help())
        .with_optional_fix(grammar_fix::syntax(text, &error.kind, error.span));
    match error.related {
        Some((span, label)) => finding.with_related(span, label),
        None => finding,
    }
}
