//! YAML files (CloudFormation and SAM templates, Kubernetes manifests) read
//! into the same spanned JSON trees a JSON file gives.
//!
//! The reader is `saphyr-parser`'s event parser: it is YAML 1.2, keeps every
//! tag (`!Ref`, `!Sub`) and the position of every event, and leaves aliases
//! to its caller, so this module decides how far they expand. Each document
//! becomes a [`Node`] whose spans (of values and keys) are byte ranges of the
//! original text, a byte-order mark included:
//!
//! * mappings become objects (a repeated key is a `DUPLICATE_KEY` finding and
//!   the first one is kept, as the JSON reader does; a key that is not a
//!   scalar is a `YAML_SYNTAX_ERROR`), sequences arrays;
//! * quoted and block scalars are strings; a plain scalar follows the YAML 1.2
//!   core schema for `null`/`~`/empty and `true`/`false` (in its three
//!   spellings), and is a number only when it is written as a JSON number:
//!   `2012-10-17`, `0x1F`, `+1`, `012345678901` and `.inf` stay strings, so
//!   no account id loses a leading zero and no version becomes arithmetic;
//! * CloudFormation's short-form tags become their long-form objects
//!   (`!Ref X` is `{"Ref": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A",
//!   "B"]}`), spanning the tagged node, the key spanning the tag; a tagged
//!   scalar is always a string; another local tag (`!Include x`) makes the
//!   node a [`Value::Unknown`], since only the tool that defines it knows its
//!   value; `!!str` makes a plain scalar a string;
//! * a block scalar's span starts at its `|` or `>` and ends at its last
//!   character; [`string_map`] maps offsets of any string scalar's value back
//!   to the file, for a policy written as a JSON string.
//!
//! * the merge key `<<` (plain, untagged or `!!merge`) merges a mapping, or
//!   a list of them, into the mapping holding it, as YAML 1.1 and
//!   Kubernetes' go-yaml do: keys written in the mapping win, then the
//!   first merged mapping to name a key; an anchor is known in its own
//!   document only, and an alias naming none is a `YAML_SYNTAX_ERROR`.
//!   CloudFormation refuses aliases (a `CLOUDFORMATION_YAML_ALIAS` warning
//!   on a template; `aws cloudformation package` and `sam deploy` expand
//!   them, and the template is checked as they do).
//!
//! Reading is bounded: aliases expand into at most [`MAX_ALIAS_NODES`] nodes
//! in all, nesting stops at [`MAX_DEPTH`] levels (deeper content becomes
//! `null`), at most [`MAX_DOCUMENTS`] documents are read, and each limit is a
//! located `YAML_LIMIT_EXCEEDED`. A syntax error is a located
//! `YAML_SYNTAX_ERROR`; the documents before it are kept and reading resumes
//! at the next `---` line, so one broken manifest hides no other. A tab in
//! indentation is a syntax error (YAML forbids it); CRLF line ends read as
//! LF; a byte-order mark is allowed, as YAML allows it, and not reported.

pub mod codes;
mod tags;

pub use crate::iac::decode::yaml_scalar::string_map;
pub use crate::json::MAX_DEPTH;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use crate::diagnostic::{codes as grammar, Finding};
use crate::json::{Member, Node, Value};
use crate::span::Span;

/// How many nodes aliases may add to a file's documents in all.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// How many documents one file may hold.
pub const MAX_DOCUMENTS: usize = 10_000;

/// A YAML file read: its documents, in order, and what went wrong.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Each document's root, its spans in the original text. A document cut
    /// short by a syntax error is left out.
    pub documents: Vec<Node<'static>>,
    /// Syntax errors, duplicate keys and limits, located in the text.
    pub findings: Vec<Finding>,
    /// Where each alias (`*name`) was written, in order: CloudFormation
    /// refuses a template that holds one.
    pub aliases: Vec<Span>,
}

/// Reads every document of `text`.
pub fn parse(text: &str) -> Parsed {
    let mut reader = Reader {
        text,
        parsed: Parsed::default(),
        alias_nodes: 0,
        alias_limit_reported: false,
        stop: false,
    };
    let mut base = 0;
    while let Some(error_at) = reader.run(base) {
        if reader.stop {
            break;
        }
        match next_document(text, error_at, base) {
            Some(next) => base = next,
            None => break,
        }
    }
    reader.parsed
}

/// The finding for a CloudFormation template that uses `count` aliases,
/// the first at `first`.
pub fn alias_finding(first: Span, count: usize) -> Finding {
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Finding::new(
        &codes::CLOUDFORMATION_YAML_ALIAS,
        first,
        format!("CloudFormation refuses templates with YAML aliases, such as this one{more}"),
    )
    .with_help("deploy the template `aws cloudformation package` or `sam deploy` writes, which expands them; it is checked here as expanded")
}

/// The documents of a CloudFormation or SAM template written in YAML
/// (normally one), as trees a JSON template would give, with the findings of
/// reading them.
pub fn template_documents(text: &str) -> (Vec<Node<'static>>, Vec<Finding>) {
    let parsed = parse(text);
    (parsed.documents, parsed.findings)
}

/// Where reading may resume after an error at `error_at`: the next line
/// that starts a document (`---`), after `base`.
fn next_document(text: &str, error_at: usize, base: usize) -> Option<usize> {
    let line_start = text
        .get(..error_at.min(text.len()))?
        .rfind('\n')
        .map_or(0, |n| n + 1);
    let mut at = line_start.max(base + 1);
    while at < text.len() {
        let rest = text.get(at..)?;
        let line_begins = at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n');
        if line_begins && rest.starts_with("---") {
            let after = rest.as_bytes().get(3);
            if matches!(after, None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
                return Some(at);
            }
        }
        at += rest.find('\n').map_or(rest.len(), |n| n + 1);
    }
    None
}

/// Char indexes (what the parser's markers count) to byte offsets.
struct Positions {
    base: usize,
    /// The byte offset of each char of the slice read, when it is not ASCII.
    table: Option<Vec<usize>>,
    len: usize,
}

impl Positions {
    fn new(slice: &str, base: usize) -> Self {
        let table = (!slice.is_ascii()).then(|| slice.char_indices().map(|(i, _)| i).collect());
        Positions {
            base,
            table,
            len: slice.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        let local = match &self.table {
            None => char_index.min(self.len),
            Some(table) => table.get(char_index).copied().unwrap_or(self.len),
        };
        self.base + local
    }
}

/// A mapping key read.
enum Key {
    /// A key of the mapping.
    Text(Cow<'static, str>),
    /// The merge key `<<` (plain, untagged or `!!merge`): its value's
    /// members are merged in (YAML 1.1, as Kubernetes' go-yaml reads it).
    Merge,
}

/// What a mapping expects next.
enum KeyState {
    /// A key.
    Expect,
    /// The value of this key.
    Have(Key, Span),
    /// The value of a key that was refused: dropped.
    Drop,
}

/// A collection being read.
struct Frame {
    /// Where the collection's own text starts (after its tag and anchor).
    start: usize,
    /// Where its tag or anchor starts, or `start`.
    outer_start: usize,
    anchor: usize,
    tag: Option<(Tag, Span)>,
    end: usize,
    body: Body,
    keys: KeyIndex,
    /// The members a merge key brought in: a key written in the mapping
    /// itself replaces such a member, before or after the merge.
    merged: HashSet<usize>,
}

/// A large mapping's keys by name, so that finding a repeated key stays
/// linear in the mapping's size; small mappings are searched directly.
#[derive(Default)]
struct KeyIndex(Option<HashMap<String, usize>>);

impl KeyIndex {
    /// Past this many keys a mapping is indexed.
    const FROM: usize = 32;

    /// Where the member already holding `key` is.
    fn position(&self, members: &[Member<'static>], key: &str) -> Option<usize> {
        match &self.0 {
            Some(index) => index.get(key).copied(),
            None => members.iter().position(|m| m.key == key),
        }
    }

    /// Records `key` for the member about to be pushed after `members`.
    fn add(&mut self, members: &[Member<'static>], key: &str) {
        match &mut self.0 {
            Some(index) => {
                index.insert(key.to_owned(), members.len());
            }
            None if members.len() + 1 >= Self::FROM => {
                let mut index: HashMap<String, usize> = members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.key.to_string(), i))
                    .collect();
                index.insert(key.to_owned(), members.len());
                self.0 = Some(index);
            }
            None => {}
        }
    }
}

enum Body {
    Seq(Vec<Node<'static>>),
    Map(Vec<Member<'static>>, KeyState),
}

struct Reader<'t> {
    text: &'t str,
    parsed: Parsed,
    alias_nodes: usize,
    alias_limit_reported: bool,
    /// Set when a limit ends reading the whole file.
    stop: bool,
}

/// One run of the parser over the text from `base`: a document's worth of
/// state, reset at each document.
struct Run<'t> {
    text: &'t str,
    positions: Positions,
    frames: Vec<Frame>,
    root: Option<Node<'static>>,
    anchors: BTreeMap<usize, Node<'static>>,
    /// The end of the last event, where an untagged block scalar's header is
    /// looked for.
    prev_end: usize,
    /// How many collections deep the content skipped past [`MAX_DEPTH`] is.
    skipping: usize,
    skip_start: usize,
    depth_reported: bool,
    /// Where the current document starts.
    doc_start: usize,
}

impl<'t> Reader<'t> {
    /// Reads from `base` to the end, or to a syntax error, whose offset is
    /// returned.
    fn run(&mut self, base: usize) -> Option<usize> {
        let slice = self.text.get(base..).unwrap_or("");
        let mut run = Run {
            text: self.text,
            positions: Positions::new(slice, base),
            frames: Vec::new(),
            root: None,
            anchors: BTreeMap::new(),
            prev_end: base,
            skipping: 0,
            skip_start: base,
            depth_reported: false,
            doc_start: base,
        };
        let mut parser = Parser::new_from_str(slice);
        // The parser makes progress on every event; this bound only makes
        // sure a bug there cannot become a hang here.
        let mut budget = slice.len().saturating_mul(8).saturating_add(64);
        while let Some(event) = parser.next_event() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                self.stop = true;
                return Some(self.limit(run.prev_end, "the YAML reader made no progress here"));
            }
            let (event, span) = match event {
                Ok(ok) => ok,
                Err(error) => return Some(self.syntax_error(&run.positions, &error)),
            };
            let start = run.positions.byte(span.start.index());
            let end = run.positions.byte(span.end.index()).max(start);
            match event {
                Event::StreamEnd => return None,
                Event::DocumentStart(_) => {
                    run.doc_start = start;
                    // An anchor names a node of its own document only.
                    run.anchors.clear();
                    run.frames.clear();
                    run.root = None;
                    run.skipping = 0;
                    run.depth_reported = false;
                }
                Event::DocumentEnd => {
                    if let Some(root) = run.root.take() {
                        if self.parsed.documents.len() >= MAX_DOCUMENTS {
                            self.stop = true;
                            let message = format!("the file holds more than {MAX_DOCUMENTS} YAML documents; the rest are not read");
                            return Some(self.limit(run.doc_start, &message));
                        }
                        self.parsed.documents.push(root);
                    }
                }
                _ => self.event(&mut run, event, start, end),
            }
            run.prev_end = run.prev_end.max(end);
        }
        None
    }

    fn event(&mut self, run: &mut Run<'_>, event: Event<'_>, start: usize, end: usize) {
        if run.skipping > 0 {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => run.skipping += 1,
                Event::SequenceEnd | Event::MappingEnd => {
                    run.skipping -= 1;
                    if run.skipping == 0 {
                        let node = Node {
                            span: Span::new(run.skip_start, end),
                            value: Value::Null,
                        };
                        self.deliver(run, node, None);
                    }
                }
                _ => {}
            }
            return;
        }
        let is_map = matches!(event, Event::MappingStart(..));
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let merge = style == ScalarStyle::Plain
                    && value == "<<"
                    && tag
                        .as_deref()
                        .is_none_or(|t| t.is_yaml_core_schema() && t.suffix == "merge");
                let node = run.scalar(&value, style, tag.as_deref(), start, end);
                let key = match &node.value {
                    Value::Object(_) | Value::Array(_) | Value::Unknown(_) => None,
                    _ if merge => Some(Key::Merge),
                    _ => Some(Key::Text(Cow::Owned(value.into_owned()))),
                };
                if anchor > 0 {
                    run.anchors.insert(anchor, node.clone());
                }
                self.deliver(run, node, key);
            }
            Event::Alias(id) => {
                let node = self.alias(run, id, start, end);
                let key = match &node.value {
                    Value::String(s) => Some(Key::Text(Cow::Owned(s.to_string()))),
                    _ => None,
                };
                self.deliver(run, node, key);
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if run.frames.len() >= MAX_DEPTH {
                    run.skipping = 1;
                    run.skip_start = start;
                    if !run.depth_reported {
                        run.depth_reported = true;
                        let message = format!(
                            "YAML nested deeper than {MAX_DEPTH} levels; what is deeper is not read"
                        );
                        self.limit(start, &message);
                    }
                    return;
                }
                let tag = tag.map(|t| {
                    let tag_span = tag_span(run.text, start, &t);
                    (t.into_owned(), tag_span)
                });
                let inner = value_start(run.text, start, end.max(start));
                run.frames.push(Frame {
                    start: inner,
                    outer_start: start,
                    anchor,
                    tag,
                    end: end.max(inner),
                    keys: KeyIndex::default(),
                    merged: HashSet::new(),
                    body: if is_map {
                        Body::Map(Vec::new(), KeyState::Expect)
                    } else {
                        Body::Seq(Vec::new())
                    },
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = run.frames.pop() else {
                    return;
                };
                // A flow collection ends at its bracket; a block one at its
                // last child.
                let close = if end > start { end } else { frame.end };
                let span = Span::new(frame.start, close.max(frame.start));
                let value = match frame.body {
                    Body::Seq(items) => Value::Array(items),
                    Body::Map(members, _) => Value::Object(members),
                };
                let node = tagged(run.text, Node { span, value }, frame.tag, frame.outer_start);
                if frame.anchor > 0 {
                    run.anchors.insert(frame.anchor, node.clone());
                }
                self.deliver(run, node, None);
            }
            _ => {}
        }
    }

    /// The node an alias stands for, or `null` past [`MAX_ALIAS_NODES`].
    fn alias(&mut self, run: &Run<'_>, id: usize, start: usize, end: usize) -> Node<'static> {
        let null = Node {
            span: Span::new(start, end),
            value: Value::Null,
        };
        self.parsed.aliases.push(Span::new(start, end));
        let Some(node) = run.anchors.get(&id) else {
            self.parsed.findings.push(
                Finding::new(
                    &codes::YAML_SYNTAX_ERROR,
                    Span::new(start, end),
                    "this alias names no anchor of its document",
                )
                .with_help("an anchor (`&name`) is known in its own document only, from where it is written"),
            );
            return null;
        };
        let count = count_nodes(node);
        if self.alias_nodes.saturating_add(count) > MAX_ALIAS_NODES {
            if !self.alias_limit_reported {
                self.alias_limit_reported = true;
                let message = format!(
                    "aliases here would expand past {MAX_ALIAS_NODES} nodes; this one and any later are read as null"
                );
                self.limit(start, &message);
            }
            return null;
        }
        self.alias_nodes += count;
        node.clone()
    }

    /// Puts a finished node in its parent, or makes it the document's root.
    /// `key` is its text when it can be a mapping key.
    fn deliver(&mut self, run: &mut Run<'_>, node: Node<'static>, key: Option<Key>) {
        let Some(frame) = run.frames.last_mut() else {
            run.root = Some(node);
            return;
        };
        frame.end = frame.end.max(node.span.offset() + node.span.len());
        match &mut frame.body {
            Body::Seq(items) => items.push(node),
            Body::Map(members, state) => match std::mem::replace(state, KeyState::Expect) {
                KeyState::Expect => match key {
                    Some(key) => *state = KeyState::Have(key, node.span),
                    None => {
                        *state = KeyState::Drop;
                        self.parsed.findings.push(
                            Finding::new(
                                &codes::YAML_SYNTAX_ERROR,
                                node.span,
                                "a mapping key here is not a scalar; JSON objects and CloudFormation take string keys only",
                            )
                            .with_help("write the key as a plain or quoted string"),
                        );
                    }
                },
                KeyState::Have(Key::Merge, key_span) => {
                    // A null an alias gave (past the limit, or naming no
                    // anchor) was reported already.
                    let reported = self.alias_limit_reported
                        || run
                            .text
                            .get(node.span.offset()..)
                            .is_some_and(|r| r.starts_with('*'));
                    if let Err(finding) = merge(
                        &mut frame.keys,
                        &mut frame.merged,
                        members,
                        node,
                        key_span,
                        reported,
                    ) {
                        self.parsed.findings.push(*finding);
                    }
                }
                KeyState::Have(Key::Text(key), key_span) => {
                    match frame.keys.position(members, &key) {
                        Some(at) if frame.merged.remove(&at) => {
                            // A key written here wins over one merged in.
                            if let Some(member) = members.get_mut(at) {
                                *member = Member {
                                    key,
                                    key_span,
                                    value: node,
                                };
                            }
                        }
                        Some(at) => {
                            let first = members.get(at).map_or(key_span, |m| m.key_span);
                            self.parsed.findings.push(
                            Finding::new(
                                &grammar::DUPLICATE_KEY,
                                key_span,
                                format!("duplicate key `{key}`"),
                            )
                            .with_related(first, "first written here")
                            .with_help(
                                "YAML allows each key once per mapping; merge the two or remove one",
                            ),
                        );
                        }
                        None => {
                            frame.keys.add(members, &key);
                            members.push(Member {
                                key,
                                key_span,
                                value: node,
                            });
                        }
                    }
                }
                KeyState::Drop => {}
            },
        }
    }

    fn syntax_error(&mut self, positions: &Positions, error: &ScanError) -> usize {
        let at = positions.byte(error.marker().index());
        let width = self
            .text
            .get(at..)
            .and_then(|r| r.chars().next())
            .map_or(0, char::len_utf8);
        let info = error.info();
        if info.contains("recursion limit") {
            let message = format!("YAML nested deeper than the reader allows: {info}");
            return self.limit(at, &message);
        }
        let help = if info.contains("tab") {
            "YAML indentation must be spaces: replace the tab with spaces"
        } else {
            "fix the YAML here; the documents after the next `---` line are still read"
        };
        self.parsed.findings.push(
            Finding::new(
                &codes::YAML_SYNTAX_ERROR,
                Span::new(at, at + width),
                format!("invalid YAML: {info}"),
            )
            .with_help(help),
        );
        at
    }

    fn limit(&mut self, at: usize, message: &str) -> usize {
        let width = self
            .text
            .get(at..)
            .and_then(|r| r.chars().next())
            .map_or(0, char::len_utf8);
        self.parsed.findings.push(Finding::new(
            &codes::YAML_LIMIT_EXCEEDED,
            Span::new(at, at + width),
            message,
        ));
        at
    }
}

impl Run<'_> {
    /// The node for a scalar event spanning `start..end`.
    fn scalar(
        &self,
        value: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        start: usize,
        end: usize,
    ) -> Node<'static> {
        let tag_info = tag.map(|t| (t, tag_span(self.text, start, t)));
        let mut inner = value_start(self.text, start, end);
        let mut close = end;
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            // An untagged block scalar's event starts at its content: its
            // header is the first indicator after the previous event.
            let from = if inner == start && tag.is_none() {
                self.prev_end.min(start)
            } else {
                inner
            };
            if let Some(header) = self.text.get(from..end).and_then(|r| r.find(['|', '>'])) {
                inner = from + header;
            }
            let written = self.text.get(inner..end).unwrap_or("");
            close = inner + written.trim_end().len().max(1).min(written.len());
        }
        let span = Span::new(inner, close.max(inner));
        let string = || Value::String(Cow::Owned(value.to_owned()));
        let resolved = match (style, tag) {
            (ScalarStyle::Plain, None) => core_schema(value),
            (ScalarStyle::Plain, Some(t)) if t.is_yaml_core_schema() && t.suffix != "str" => {
                core_schema(value)
            }
            _ => string(),
        };
        let node = Node {
            span,
            value: resolved,
        };
        match tag_info {
            Some((tag, tag_span)) => tagged(self.text, node, Some((tag.clone(), tag_span)), start),
            None => node,
        }
    }
}

/// A plain scalar's value under the YAML 1.2 core schema, numbers limited to
/// what JSON can write.
fn core_schema(value: &str) -> Value<'static> {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_json_number(value) => Value::Number(Cow::Owned(value.to_owned())),
        _ => Value::String(Cow::Owned(value.to_owned())),
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    let whole_start = i;
    let whole = digits(&mut i);
    if whole == 0 || (whole > 1 && b.get(whole_start) == Some(&b'0')) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Where a node's own text starts, after the tag and anchor written before
/// it (`!Ref X`, `&a [1]`).
fn value_start(text: &str, start: usize, end: usize) -> usize {
    let mut at = start;
    loop {
        let rest = text.get(at..end).unwrap_or("");
        if !(rest.starts_with('!') || rest.starts_with('&')) {
            return at;
        }
        let token = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let after = rest.get(token..).unwrap_or("");
        let blank = after.len() - after.trim_start().len();
        if token + blank == 0 {
            return at;
        }
        at += token + blank;
    }
}

/// Where the tag `tag` of a node starting at `start` was written.
fn tag_span(text: &str, start: usize, tag: &Tag) -> Span {
    let written = format!("{}{}", tag.handle, tag.suffix);
    let window = text.get(start..).unwrap_or("");
    let window = window
        .get(..window.len().min(written.len() + 256))
        .unwrap_or(window);
    match window.find(&written) {
        Some(at) => Span::new(start + at, start + at + written.len()),
        None => Span::at(start),
    }
}

/// `node` under its tag: CloudFormation's short forms become long-form
/// objects spanning from `outer_start`; a local tag no tool here knows makes
/// the node unknown.
fn tagged(
    text: &str,
    node: Node<'static>,
    tag: Option<(Tag, Span)>,
    outer_start: usize,
) -> Node<'static> {
    let Some((tag, tag_span)) = tag else {
        return node;
    };
    let end = node.span.offset() + node.span.len();
    let whole = Span::new(outer_start.min(node.span.offset()), end);
    if tag.handle != "!" || tag.suffix.is_empty() {
        return node;
    }
    match tags::long_form(&tag.suffix) {
        Some(key) => tags::wrap(key, tag_span, whole, node),
        None => {
            let written = whole.slice(text).unwrap_or("");
            Node {
                span: whole,
                value: Value::Unknown(Cow::Owned(written.to_owned())),
            }
        }
    }
}

/// Merges the value of a merge key (`<<: *base`, `<<: [*a, *b]`, `<<: {…}`)
/// into a mapping's `members`, as YAML 1.1 and Kubernetes' go-yaml do: a
/// key the mapping already holds keeps its value, and of several mappings
/// the first to name a key wins. Merged members keep the spans of where they
/// were written (the anchored mapping), so a finding in one lands there. The
/// nodes an alias brings were counted against [`MAX_ALIAS_NODES`] when it
/// was read. A value that is not a mapping or a list of them is an error, as
/// in go-yaml; so is `null`, unless an alias gave it (past the alias limit,
/// or naming no anchor: `reported` says that was reported already).
fn merge(
    keys: &mut KeyIndex,
    merged: &mut HashSet<usize>,
    members: &mut Vec<Member<'static>>,
    node: Node<'static>,
    key_span: Span,
    reported: bool,
) -> Result<(), Box<Finding>> {
    let span = node.span;
    let sources = match node.value {
        Value::Object(from) => vec![from],
        Value::Array(items) if items.iter().all(|i| matches!(i.value, Value::Object(_))) => items
            .into_iter()
            .filter_map(|i| match i.value {
                Value::Object(from) => Some(from),
                _ => None,
            })
            .collect(),
        Value::Null if reported => return Ok(()),
        _ => {
            return Err(Box::new(
                Finding::new(
                    &codes::YAML_SYNTAX_ERROR,
                    span,
                    "a merge key `<<` takes a mapping or a list of mappings",
                )
                .with_related(key_span, "the merge key")
                .with_help("write `<<: *anchor` or `<<: [*a, *b]` with anchors of mappings"),
            ))
        }
    };
    for from in sources {
        for member in from {
            if keys.position(members, &member.key).is_none() {
                keys.add(members, &member.key);
                merged.insert(members.len());
                members.push(member);
            }
        }
    }
    Ok(())
}

fn count_nodes(node: &Node<'_>) -> usize {
    1 + match &node.value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(members) => members.iter().map(|m| count_nodes(&m.value)).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
