//! Terraform configuration (`*.tf`, HCL native syntax; `*.tf.json`, its JSON
//! syntax): each `resource "aws_vpclattice_auth_policy" "NAME"` is a policy,
//! located `aws_vpclattice_auth_policy.NAME`, with the services and service
//! networks the file defines as targets.
//!
//! The `policy` attribute is read the ways it is written:
//! * `jsonencode({...})`: the HCL object rendered as JSON ([`expr`]), spans
//!   on the HCL that wrote each value;
//! * a heredoc or quoted string of JSON ([`template`]), parsed from its
//!   decoded text with spans mapped back through indentation and escapes;
//! * `data.aws_iam_policy_document.NAME.json` ([`document`]), rendered as
//!   the AWS provider renders it, from the data block in the same file, or
//!   in any file of the module given to [`extract_module`];
//! * `local.NAME`, read where the local is written.
//!
//! A policy handed to a module as an `auth_policy` input (the shape of the
//! aws-ia VPC Lattice module: `services = { x = { auth_type, auth_policy } }`)
//! is found too, located by its path in the module call (`inputs.rs`).
//!
//! A file names resources by their address within their module; a module
//! does not know the path it is called from, so a policy in a child module
//! is `aws_vpclattice_auth_policy.this`, not
//! `module.x.aws_vpclattice_auth_policy.this` (the plan, [`super::terraform_plan`],
//! knows the full address).
//!
//! Parsing uses hcl-edit, which keeps the byte span of every expression,
//! key and block and refuses nesting deeper than 64 levels with an error
//! instead of recursing further. A file that does not parse is reported
//! where hcl-edit stopped, and its top-level blocks are then parsed one by
//! one, so one broken resource hides no other policy.

pub mod codes;
pub mod document;
pub mod expr;
mod inputs;
pub mod json_syntax;
pub mod module;
pub mod template;
pub mod vars;

use std::borrow::Cow;
use std::collections::BTreeMap;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};

use self::expr::{span_of, to_node, written};
use crate::diagnostic::Finding;
use crate::iac::{
    Association, ExtractOptions, Extraction, FoundPolicy, Target, TargetKind, TargetRef,
};
use crate::json::{Node, Value};
use crate::span::Span;

/// The resource type of a Lattice auth policy.
pub const AUTH_POLICY: &str = "aws_vpclattice_auth_policy";
/// The resource type that puts a service in a service network.
pub const ASSOCIATION: &str = "aws_vpclattice_service_network_service_association";

/// The resource types an auth policy attaches to, with their kind.
pub const TARGETS: [(&str, TargetKind); 2] = [
    ("aws_vpclattice_service", TargetKind::Service),
    ("aws_vpclattice_service_network", TargetKind::ServiceNetwork),
];

/// Reads the auth policies and targets of one `*.tf` or `*.tf.json` file.
/// A body of HCL never starts with `{`, so a file that does is Terraform
/// JSON syntax ([`json_syntax`]), whatever its name.
/// The file is a module of its own: its targets are paired with its
/// policies (see [`module::read`] for a directory's files together).
pub fn extract(text: &str, options: &ExtractOptions) -> Extraction {
    module::read(&[text], options)
        .files
        .pop()
        .unwrap_or_default()
}

/// True when `text` is Terraform JSON syntax rather than HCL.
pub fn is_json_syntax(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Reads the `*.tf` files of one module directory together, so that a policy
/// whose document is a `data "aws_iam_policy_document"` in a sibling file is
/// rendered: that policy is reported in the file holding the document (where
/// its spans are). Returns one extraction per file, in order, without the
/// pairing of policies and targets ([`module::read`] adds it).
///
/// Files in Terraform JSON syntax are read on their own ([`json_syntax`]).
pub fn extract_module(files: &[&str], options: &ExtractOptions) -> Vec<Extraction> {
    extract_files(files, options).0
}

/// [`extract_module`], and for each policy reported in another file than
/// the one declaring its resource, (declaring file, reporting file, locator).
fn extract_files(
    files: &[&str],
    options: &ExtractOptions,
) -> (Vec<Extraction>, Vec<(usize, usize, String)>) {
    let mut borrowed = Vec::new();
    let parsed: Vec<ParsedFile<'_>> = files
        .iter()
        .map(|text| {
            if is_json_syntax(text) {
                ParsedFile {
                    parts: Vec::new(),
                    findings: Vec::new(),
                }
            } else {
                parse_file(text)
            }
        })
        .collect();
    let with_locals = ExtractOptions {
        locals: known_locals(&parsed, options),
        ..options.clone()
    };
    let options = &with_locals;
    let mut out: Vec<Extraction> = parsed
        .iter()
        .map(|file| Extraction {
            findings: file.findings.clone(),
            ..Extraction::default()
        })
        .collect();
    for (index, file) in parsed.iter().enumerate() {
        for part in &file.parts {
            for block in part.body.get_blocks("module") {
                let call = inputs::Call {
                    part,
                    index,
                    files: &parsed,
                    options,
                };
                call.policies(block, &mut out, &mut borrowed);
            }
            for block in part.body.get_blocks("resource") {
                let Some((kind, name)) = labels(block) else {
                    continue;
                };
                if kind == AUTH_POLICY {
                    let (at, found) = auth_policy(&name, block, part, index, &parsed, options);
                    if at != index {
                        borrowed.push((index, at, found.locator.clone()));
                    }
                    if let Some(extraction) = out.get_mut(at) {
                        extraction.policies.push(found);
                    }
                } else if kind == ASSOCIATION {
                    let side = |attribute| {
                        block
                            .body
                            .get_attribute(attribute)
                            .map(|a| target_ref(&a.value, part, options))
                    };
                    if let (Some(service), Some(network), Some(extraction)) = (
                        side("service_identifier"),
                        side("service_network_identifier"),
                        out.get_mut(index),
                    ) {
                        extraction
                            .associations
                            .push(Association { service, network });
                    }
                } else if let Some(target) = target(&kind, &name, block, part, options) {
                    if let Some(extraction) = out.get_mut(index) {
                        extraction.targets.push(target);
                    }
                }
            }
        }
    }
    for (extraction, text) in out.iter_mut().zip(files) {
        if is_json_syntax(text) {
            *extraction = json_syntax::extract(text, options);
        }
        extraction.policies.sort_by_key(|p| p.span.start);
    }
    (out, borrowed)
}

/// One file's top-level blocks: the whole file when it parses, else each
/// top-level block that does.
pub(crate) struct ParsedFile<'t> {
    parts: Vec<Part<'t>>,
    findings: Vec<Finding>,
}

/// Text parsed on its own, at `offset` in its file: spans from hcl-edit are
/// relative to `text`.
pub(crate) struct Part<'t> {
    offset: usize,
    text: &'t str,
    body: Body,
}

impl Part<'_> {
    pub(crate) fn shift(&self, span: Span) -> Span {
        Span::new(
            span.offset() + self.offset,
            span.offset() + span.len() + self.offset,
        )
    }

    fn shift_node(&self, node: &mut Node<'static>) {
        node.map_spans(&|s| self.shift(s));
    }
}

fn parse_file(text: &str) -> ParsedFile<'_> {
    // A byte-order mark is three bytes hcl-edit does not expect: spaces
    // keep every offset.
    let owned;
    let source: &str = if let Some(rest) = text.strip_prefix('\u{feff}') {
        owned = format!("   {rest}");
        &owned
    } else {
        text
    };
    match hcl_edit::parser::parse_body(source) {
        Ok(body) => ParsedFile {
            parts: vec![Part {
                offset: 0,
                text,
                body,
            }],
            findings: Vec::new(),
        },
        Err(error) => {
            let whole = syntax_finding(text, 0, &error);
            let mut parts = Vec::new();
            let mut findings = Vec::new();
            for (start, end) in top_level_blocks(source) {
                let chunk = source.get(start..end).unwrap_or("");
                match hcl_edit::parser::parse_body(chunk) {
                    Ok(body) => parts.push(Part {
                        offset: start,
                        text: text.get(start..end).unwrap_or_default(),
                        body,
                    }),
                    Err(error) => findings.push(syntax_finding(text, start, &error)),
                }
            }
            if findings.is_empty() {
                findings.push(whole);
            }
            ParsedFile { parts, findings }
        }
    }
}

/// Where each top-level block starts and ends: a line starting with a
/// letter and holding `{` or `=` begins one (Terraform's formatting puts
/// blocks at column 0; a heredoc's closing `EOF` holds neither).
fn top_level_blocks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) && line.contains(['{', '=']) {
            starts.push(at);
        }
        at += line.len();
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts.iter().copied().zip(ends).collect()
}

fn syntax_finding(text: &str, offset: usize, error: &hcl_edit::parser::Error) -> Finding {
    let at = (offset + error.location().offset()).min(text.len());
    let end = text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(at, |c| at + c.len_utf8());
    Finding::new(
        &codes::TERRAFORM_SYNTAX_ERROR,
        Span::new(at, end),
        format!("the Terraform file could not be read: {}", error.message()),
    )
    .with_help("fix the HCL here; `terraform validate` shows the same error")
}

/// A block's two labels: the resource type and its name.
fn labels(block: &Block) -> Option<(String, String)> {
    match block.labels.as_slice() {
        [kind, name] => Some((kind.as_str().to_string(), name.as_str().to_string())),
        _ => None,
    }
}

/// The auth policy resource `NAME`: the file index its policy is reported
/// in, and the policy.
fn auth_policy(
    name: &str,
    block: &Block,
    part: &Part<'_>,
    index: usize,
    files: &[ParsedFile<'_>],
    options: &ExtractOptions,
) -> (usize, FoundPolicy) {
    let locator = format!("{AUTH_POLICY}.{name}");
    let attached_to = block
        .body
        .get_attribute("resource_identifier")
        .map(|a| target_ref(&a.value, part, options));
    let mut found = FoundPolicy {
        locator,
        span: part.shift(span_of(block)),
        root: None,
        findings: Vec::new(),
        attached_to,
    };
    let Some(policy) = block.body.get_attribute("policy") else {
        found.findings.push(unresolved(
            part.shift(span_of(&block.ident)),
            format!("`{}` has no `policy`", found.locator),
        ));
        return (index, found);
    };
    let reading = read_policy(&policy.value, part, index, files, options, 0);
    found.span = reading.span;
    found.root = reading.root;
    found.findings = reading.findings;
    (reading.file, found)
}

/// A policy document read from an expression: the file it was written in
/// (a rendered document or a local may be in a sibling file), and its tree
/// and findings, spans in that file.
pub(crate) struct Reading {
    pub(crate) file: usize,
    pub(crate) span: Span,
    pub(crate) root: Option<Node<'static>>,
    pub(crate) findings: Vec<Finding>,
}

/// How many `local.NAME` indirections are followed.
const MAX_LOCAL_DEPTH: usize = 4;

/// Reads the policy document `expr` (written in `part` of file `index`)
/// stands for.
pub(crate) fn read_policy(
    expr: &Expression,
    part: &Part<'_>,
    index: usize,
    files: &[ParsedFile<'_>],
    options: &ExtractOptions,
    depth: usize,
) -> Reading {
    let span = span_of(expr);
    let mut reading = Reading {
        file: index,
        span: part.shift(span),
        root: None,
        findings: Vec::new(),
    };
    let (root, findings) = match expr {
        Expression::FuncCall(call) if call.name.name.value().as_str() == "jsonencode" => {
            let Some(arg) = call.args.iter().next() else {
                return unresolved_reading(reading, part, span);
            };
            // `jsonencode(local.policy)`: the local's HCL, where it is written.
            if let Some((at, local_part, local)) = local_of(arg, files, depth) {
                let mut root = to_node(local, local_part.text, options);
                local_part.shift_node(&mut root);
                let reading = Reading {
                    file: at,
                    span: local_part.shift(span_of(local)),
                    root: Some(root),
                    findings: Vec::new(),
                };
                return known_or_unresolved(reading, local_part, span_of(local));
            }
            (Some(to_node(arg, part.text, options)), Vec::new())
        }
        Expression::String(_) | Expression::StringTemplate(_) => {
            let parsed = template::quoted(part.text, span, options).parse(part.text, &|s| s);
            (parsed.root, parsed.findings)
        }
        Expression::HeredocTemplate(_) => {
            let parsed = template::heredoc(part.text, span, options).parse(part.text, &|s| s);
            (parsed.root, parsed.findings)
        }
        Expression::Parenthesis(inner) => {
            return read_policy(inner.inner(), part, index, files, options, depth);
        }
        other => {
            if let Some((at, local_part, local)) = local_of(other, files, depth) {
                return read_policy(local, local_part, at, files, options, depth + 1);
            }
            if let Some(document) = document::reference(other) {
                return match find_document(files, &document) {
                    Some((at, doc_part, doc_block)) => {
                        let mut root = document::render(doc_block, doc_part.text, options);
                        doc_part.shift_node(&mut root);
                        Reading {
                            file: at,
                            span: doc_part.shift(span_of(doc_block)),
                            root: Some(root),
                            findings: Vec::new(),
                        }
                    }
                    None => {
                        reading.findings.push(unresolved(
                            reading.span,
                            format!(
                                "the policy is `data.aws_iam_policy_document.{document}`, which no file of this module defines"
                            ),
                        ));
                        reading
                    }
                };
            }
            (None, Vec::new())
        }
    };
    reading.root = root.map(|mut root| {
        part.shift_node(&mut root);
        root
    });
    reading.findings = findings
        .into_iter()
        .map(|mut finding| {
            finding.span = part.shift(finding.span);
            for related in &mut finding.related {
                related.span = part.shift(related.span);
            }
            finding
        })
        .collect();
    known_or_unresolved(reading, part, span)
}

/// A reading whose whole document is unknown (or absent without a reason)
/// is reported as not known offline instead of checked.
fn known_or_unresolved(reading: Reading, part: &Part<'_>, span: Span) -> Reading {
    let wholly_unknown = matches!(
        reading.root.as_ref().map(|r| &r.value),
        None | Some(Value::Unknown(_))
    );
    if wholly_unknown && reading.findings.is_empty() {
        unresolved_reading(reading, part, span)
    } else {
        reading
    }
}

fn unresolved_reading(mut reading: Reading, part: &Part<'_>, span: Span) -> Reading {
    reading.root = None;
    reading.findings.push(unresolved(
        part.shift(span),
        format!(
            "the policy is `{}`, known only at plan time",
            first_line(&written(part.text, span))
        ),
    ));
    reading
}

/// The expression of `local.NAME` when `expr` is one and a `locals` block
/// of `files` defines it (not past [`MAX_LOCAL_DEPTH`] indirections).
fn local_of<'f, 't>(
    expr: &Expression,
    files: &'f [ParsedFile<'t>],
    depth: usize,
) -> Option<(usize, &'f Part<'t>, &'f Expression)> {
    if depth >= MAX_LOCAL_DEPTH {
        return None;
    }
    let path = expr::traversal(expr)?;
    let [root, name] = path.as_slice() else {
        return None;
    };
    if root != "local" {
        return None;
    }
    files.iter().enumerate().find_map(|(index, file)| {
        file.parts.iter().find_map(|part| {
            part.body
                .get_blocks("locals")
                .find_map(|block| block.body.get_attribute(name))
                .map(|attribute| (index, part, &attribute.value))
        })
    })
}

/// The module's `locals` whose values are known offline (literals, and
/// expressions of given variables and of other such locals), as `--var`
/// gives a value. A local defined twice is a Terraform error; the first
/// counts.
fn known_locals(files: &[ParsedFile<'_>], options: &ExtractOptions) -> BTreeMap<String, String> {
    let mut known = options.locals.clone();
    let defined: Vec<(&Part<'_>, &hcl_edit::structure::Attribute)> = files
        .iter()
        .flat_map(|file| &file.parts)
        .flat_map(|part| {
            part.body
                .get_blocks("locals")
                .flat_map(|block| block.body.attributes())
                .map(move |attribute| (part, attribute))
        })
        .collect();
    // A local may use another: each pass settles one more level, up to
    // the depth `local.NAME` indirections are followed elsewhere.
    for _ in 0..MAX_LOCAL_DEPTH {
        let scope = ExtractOptions {
            locals: known.clone(),
            ..options.clone()
        };
        let before = known.len();
        for (part, attribute) in &defined {
            let name = attribute.key.value().to_string();
            if known.contains_key(&name) {
                continue;
            }
            let node = to_node(&attribute.value, part.text, &scope);
            if let Some(value) = vars::value_text(&node) {
                known.insert(name, value);
            }
        }
        if known.len() == before {
            break;
        }
    }
    known
}

fn first_line(text: &str) -> Cow<'_, str> {
    match text.split_once('\n') {
        Some((first, _)) => Cow::Owned(format!("{} …", first.trim_end())),
        None => Cow::Borrowed(text),
    }
}

fn unresolved(span: Span, message: String) -> Finding {
    Finding::new(&crate::iac::codes::POLICY_NOT_RESOLVED, span, message).with_help(
        "give the values it depends on with --var or --var-file, or write the policy with jsonencode or aws_iam_policy_document",
    )
}

/// The `data "aws_iam_policy_document" "NAME"` block among `files`.
fn find_document<'f, 't>(
    files: &'f [ParsedFile<'t>],
    name: &str,
) -> Option<(usize, &'f Part<'t>, &'f Block)> {
    files.iter().enumerate().find_map(|(index, file)| {
        file.parts.iter().find_map(|part| {
            part.body
                .get_blocks("data")
                .find(|b| {
                    labels(b)
                        .is_some_and(|(kind, n)| kind == "aws_iam_policy_document" && n == name)
                })
                .map(|block| (index, part, block))
        })
    })
}

/// What `resource_identifier` names.
fn target_ref(expr: &Expression, part: &Part<'_>, options: &ExtractOptions) -> TargetRef {
    if let Some(path) = expr::traversal(expr) {
        if let [kind, name, ..] = path.as_slice() {
            if TARGETS.iter().any(|(t, _)| t == kind) {
                return TargetRef::Local(format!("{kind}.{name}"));
            }
        }
    }
    let node = to_node(expr, part.text, options);
    match node.value {
        Value::String(s) => TargetRef::Literal(s.into_owned()),
        _ => TargetRef::Unknown(written(part.text, span_of(expr))),
    }
}

/// A service or service network resource, as a target.
fn target(
    kind: &str,
    name: &str,
    block: &Block,
    part: &Part<'_>,
    options: &ExtractOptions,
) -> Option<Target> {
    let (resource, target_kind) = TARGETS.iter().find(|(t, _)| *t == kind)?;
    let auth = block
        .body
        .get_attribute("auth_type")
        .map(|a| to_node(&a.value, part.text, options));
    let (auth_type, auth_type_unknown) = match auth.map(|n| n.value) {
        None => (None, false),
        Some(Value::String(s)) => (Some(s.into_owned()), false),
        Some(_) => (None, true),
    };
    Some(Target {
        locator: format!("{resource}.{name}"),
        kind: target_kind.clone(),
        auth_type,
        auth_type_unknown,
        span: part.shift(span_of(block)),
    })
}

#[cfg(test)]
mod tests;
