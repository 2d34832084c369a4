//! `data "aws_iam_policy_document"` rendered the way the Terraform AWS
//! provider renders its `json` attribute: `version` (default `2012-10-17`)
//! and `policy_id` become `Version` and `Id`; each `statement` block becomes a
//! statement with `Sid`, `Effect` (default `Allow`), `Action`/`NotAction`,
//! `Resource`/`NotResource`, `Principal`/`NotPrincipal` from `principals`
//! blocks grouped by `type` (a lone `type = "*"` with `identifiers = ["*"]`
//! renders as `"Principal": "*"`) and `Condition` from `condition` blocks
//! (`test`, `variable`, `values`); a one-element list renders as a string.
//!
//! Each part's span is the HCL that produced it: an attribute's key and
//! value, a block's header for what it implies (a defaulted `Effect`, the
//! `Principal` of a `principals` block). A `dynamic "statement"` block, or
//! `source_policy_documents` / `override_policy_documents`, make the
//! document depend on values unknown offline: they are rendered as unknown.

use std::borrow::Cow;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body};

use super::expr::{span_of, to_node, written};
use crate::iac::ExtractOptions;
use crate::json::{Member, Node, Value};
use crate::span::Span;

/// Renders a `data "aws_iam_policy_document"` block, spans in `file`.
pub fn render(block: &Block, file: &str, options: &ExtractOptions) -> Node<'static> {
    let body = &block.body;
    let header = span_of(&block.ident);
    let mut members = Vec::new();
    let version = attribute(body, "version");
    members.push(match version {
        Some(attr) => member("Version", attr, file, options),
        None => synthetic("Version", header, string("2012-10-17", header)),
    });
    if let Some(attr) = attribute(body, "policy_id") {
        members.push(member("Id", attr, file, options));
    }
    let mut statements: Vec<Node<'static>> = body
        .get_blocks("statement")
        .map(|b| statement(b, file, options))
        .collect();
    // Statements made at plan time: unknown, but still where they were written.
    for dynamic in body.get_blocks("dynamic") {
        if dynamic.labels.iter().any(|l| l.as_str() == "statement") {
            let span = span_of(dynamic);
            statements.push(Node {
                span,
                value: Value::Unknown(Cow::Owned(first_line(file, span))),
            });
        }
    }
    for name in ["source_policy_documents", "override_policy_documents"] {
        if let Some(attr) = attribute(body, name) {
            let span = span_of(&attr.value);
            statements.push(Node {
                span,
                value: Value::Unknown(Cow::Owned(written(file, span))),
            });
        }
    }
    let statement_span = body
        .get_blocks("statement")
        .next()
        .map_or(header, |b| span_of(&b.ident));
    members.push(Member {
        key: Cow::Borrowed("Statement"),
        key_span: statement_span,
        value: Node {
            span: statement_span,
            value: Value::Array(statements),
        },
    });
    Node {
        span: span_of(block),
        value: Value::Object(members),
    }
}

fn statement(block: &Block, file: &str, options: &ExtractOptions) -> Node<'static> {
    let body = &block.body;
    let header = span_of(&block.ident);
    let mut members = Vec::new();
    if let Some(attr) = attribute(body, "sid") {
        members.push(member("Sid", attr, file, options));
    }
    members.push(match attribute(body, "effect") {
        Some(attr) => member("Effect", attr, file, options),
        None => synthetic("Effect", header, string("Allow", header)),
    });
    for (hcl, json) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(attr) = attribute(body, hcl) {
            let mut m = member(json, attr, file, options);
            m.value = single(m.value);
            members.push(m);
        }
    }
    for (hcl, json) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        if let Some(m) = principals(body, hcl, json, file, options) {
            members.push(m);
        }
    }
    if let Some(m) = conditions(body, file, options) {
        members.push(m);
    }
    Node {
        span: span_of(block),
        value: Value::Object(members),
    }
}

/// `principals` blocks grouped by type, in the order the types first appear.
fn principals(
    body: &Body,
    hcl: &str,
    json: &'static str,
    file: &str,
    options: &ExtractOptions,
) -> Option<Member<'static>> {
    let blocks: Vec<&Block> = body.get_blocks(hcl).collect();
    let first = blocks.first()?;
    let key_span = span_of(&first.ident);
    let span = blocks
        .iter()
        .map(|b| span_of(*b))
        .fold(span_of(*first), Span::join);
    let mut groups: Vec<Member<'static>> = Vec::new();
    for block in &blocks {
        let kind = attribute(&block.body, "type");
        let kind_node = kind.map_or_else(
            || Node {
                span: span_of(&block.ident),
                value: Value::Unknown(Cow::Borrowed("type")),
            },
            |a| to_node(&a.value, file, options),
        );
        let identifiers =
            attribute(&block.body, "identifiers").map(|a| to_node(&a.value, file, options));
        let kind_text = match &kind_node.value {
            Value::String(s) => s.to_string(),
            _ => written(file, kind_node.span),
        };
        // `type = "*"`, `identifiers = ["*"]` is the anonymous principal.
        if blocks.len() == 1 && kind_text == "*" {
            if let Some(ids) = &identifiers {
                if is_star_list(ids) {
                    return Some(Member {
                        key: Cow::Borrowed(json),
                        key_span,
                        value: Node {
                            span: ids.span,
                            value: Value::String(Cow::Borrowed("*")),
                        },
                    });
                }
            }
        }
        let ids = identifiers.unwrap_or(Node {
            span: span_of(&block.ident),
            value: Value::Array(Vec::new()),
        });
        match groups.iter_mut().find(|g| g.key == kind_text) {
            Some(group) => append(&mut group.value, ids),
            None => groups.push(Member {
                key: Cow::Owned(kind_text),
                key_span: kind_node.span,
                value: ids,
            }),
        }
    }
    // The provider marshals a Go map: types in sorted order.
    groups.sort_by(|a, b| a.key.cmp(&b.key));
    for group in &mut groups {
        let value = std::mem::replace(
            &mut group.value,
            Node {
                span,
                value: Value::Null,
            },
        );
        group.value = single(value);
    }
    Some(Member {
        key: Cow::Borrowed(json),
        key_span,
        value: Node {
            span,
            value: Value::Object(groups),
        },
    })
}

/// `condition` blocks as `{test: {variable: values}}`, merging blocks of one
/// test (and their values, for one test and variable).
fn conditions(body: &Body, file: &str, options: &ExtractOptions) -> Option<Member<'static>> {
    let blocks: Vec<&Block> = body.get_blocks("condition").collect();
    let first = blocks.first()?;
    let key_span = span_of(&first.ident);
    let span = blocks
        .iter()
        .map(|b| span_of(*b))
        .fold(span_of(*first), Span::join);
    let mut tests: Vec<Member<'static>> = Vec::new();
    for block in &blocks {
        let text_of = |name: &str| {
            attribute(&block.body, name).map(|a| {
                let node = to_node(&a.value, file, options);
                let text = match &node.value {
                    Value::String(s) => s.to_string(),
                    _ => written(file, node.span),
                };
                (text, node.span)
            })
        };
        let header = span_of(&block.ident);
        let (test, test_span) = text_of("test").unwrap_or_else(|| (String::new(), header));
        let (variable, variable_span) =
            text_of("variable").unwrap_or_else(|| (String::new(), header));
        let values = attribute(&block.body, "values").map_or(
            Node {
                span: header,
                value: Value::Array(Vec::new()),
            },
            |a| to_node(&a.value, file, options),
        );
        let index = match tests.iter().position(|t| t.key == test) {
            Some(i) => i,
            None => {
                tests.push(Member {
                    key: Cow::Owned(test),
                    key_span: test_span,
                    value: Node {
                        span: header,
                        value: Value::Object(Vec::new()),
                    },
                });
                tests.len() - 1
            }
        };
        let Some(Member {
            value:
                Node {
                    value: Value::Object(variables),
                    ..
                },
            ..
        }) = tests.get_mut(index)
        else {
            continue;
        };
        match variables.iter_mut().find(|v| v.key == variable) {
            Some(existing) => append(&mut existing.value, values),
            None => variables.push(Member {
                key: Cow::Owned(variable),
                key_span: variable_span,
                value: values,
            }),
        }
    }
    // The provider marshals Go maps: tests and keys in sorted order.
    tests.sort_by(|a, b| a.key.cmp(&b.key));
    for test in &mut tests {
        if let Value::Object(variables) = &mut test.value.value {
            variables.sort_by(|a, b| a.key.cmp(&b.key));
            for variable in variables {
                let value = std::mem::replace(
                    &mut variable.value,
                    Node {
                        span,
                        value: Value::Null,
                    },
                );
                variable.value = single(value);
            }
        }
    }
    Some(Member {
        key: Cow::Borrowed("Condition"),
        key_span,
        value: Node {
            span,
            value: Value::Object(tests),
        },
    })
}

fn attribute<'b>(body: &'b Body, name: &str) -> Option<&'b Attribute> {
    body.get_attribute(name)
}

fn member(
    key: &'static str,
    attr: &Attribute,
    file: &str,
    options: &ExtractOptions,
) -> Member<'static> {
    Member {
        key: Cow::Borrowed(key),
        key_span: span_of(&attr.key),
        value: to_node(&attr.value, file, options),
    }
}

fn synthetic(key: &'static str, span: Span, value: Node<'static>) -> Member<'static> {
    Member {
        key: Cow::Borrowed(key),
        key_span: span,
        value,
    }
}

fn string(text: &'static str, span: Span) -> Node<'static> {
    Node {
        span,
        value: Value::String(Cow::Borrowed(text)),
    }
}

/// A one-element list renders as its element, as the provider writes it.
fn single(node: Node<'static>) -> Node<'static> {
    match node.value {
        Value::Array(mut items) if items.len() == 1 => items.pop().unwrap_or(Node {
            span: node.span,
            value: Value::Array(Vec::new()),
        }),
        value => Node {
            span: node.span,
            value,
        },
    }
}

/// Appends `more`'s elements (or `more` itself) to the list `into`.
fn append(into: &mut Node<'static>, more: Node<'static>) {
    let span = into.span.join(more.span);
    let mut items = match std::mem::replace(&mut into.value, Value::Null) {
        Value::Array(items) => items,
        other => vec![Node {
            span: into.span,
            value: other,
        }],
    };
    match more.value {
        Value::Array(more) => items.extend(more),
        other => items.push(Node {
            span: more.span,
            value: other,
        }),
    }
    *into = Node {
        span,
        value: Value::Array(items),
    };
}

fn is_star_list(node: &Node<'_>) -> bool {
    match &node.value {
        Value::Array(items) => {
            items.len() == 1 && items.iter().all(|i| i.value.as_str() == Some("*"))
        }
        Value::String(s) => s == "*",
        _ => false,
    }
}

fn first_line(file: &str, span: Span) -> String {
    let text = span.slice(file).unwrap_or("");
    text.lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('{')
        .trim()
        .to_string()
}

/// Whether an expression names `data.aws_iam_policy_document.NAME.json`
/// (or `.minified_json`): the document's name.
pub fn reference(expr: &Expression) -> Option<String> {
    let path = super::expr::traversal(expr)?;
    match path.as_slice() {
        [data, kind, name, attr]
            if data == "data"
                && kind == "aws_iam_policy_document"
                && (attr == "json" || attr == "minified_json") =>
        {
            Some(name.clone())
        }
        _ => None,
    }
}
