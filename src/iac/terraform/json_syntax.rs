//! Terraform JSON syntax (`*.tf.json`): `resource.aws_vpclattice_auth_policy.NAME`
//! with its `policy`, and the services and service networks beside it.
//!
//! In this syntax every string is a template: the `policy` is either JSON
//! text (parsed through its JSON escapes and `${...}` holes, as a heredoc
//! is) or one interpolation, `"${jsonencode({...})}"`, whose HCL is parsed
//! and rendered as in a `.tf` file, spans mapped back through the string's
//! escapes. A policy from `data.aws_iam_policy_document` or any other
//! expression is reported as not known offline.

use hcl_edit::expr::Expression;

use super::codes;
use super::expr::{to_node, traversal};
use super::template;
use super::{ASSOCIATION, AUTH_POLICY, TARGETS};
use crate::diagnostic::Finding;
use crate::iac::{Association, ExtractOptions, Extraction, FoundPolicy, Target, TargetRef};
use crate::json::{self, Member, Node, Value};
use crate::span::Span;

/// Reads the auth policies and targets of one `*.tf.json` file.
pub fn extract(text: &str, options: &ExtractOptions) -> Extraction {
    let mut extraction = Extraction::default();
    let root = match parse_root(text, "the Terraform JSON file") {
        Ok(root) => root,
        Err(finding) => {
            extraction.findings.push(*finding);
            return extraction;
        }
    };
    let Some(resources) = member(&root, "resource") else {
        return extraction;
    };
    for kind in members(resources) {
        for name in members(&kind.value) {
            // A resource may be written as an array of bodies; the first counts.
            let body = match &name.value.value {
                Value::Array(items) => match items.first() {
                    Some(first) => first,
                    None => continue,
                },
                _ => &name.value,
            };
            if kind.key == AUTH_POLICY {
                extraction.policies.push(auth_policy(
                    text,
                    &name.key,
                    name.key_span,
                    body,
                    options,
                ));
            } else if kind.key == ASSOCIATION {
                let side = |key| member(body, key).map(|node| target_of(text, node));
                if let (Some(service), Some(network)) = (
                    side("service_identifier"),
                    side("service_network_identifier"),
                ) {
                    extraction
                        .associations
                        .push(Association { service, network });
                }
            } else if let Some((resource_type, target_kind)) =
                TARGETS.iter().find(|(t, _)| *t == kind.key)
            {
                let auth = member(body, "auth_type");
                let (auth_type, auth_type_unknown) = match auth.map(|n| &n.value) {
                    None => (None, false),
                    Some(Value::String(s)) if !s.contains("${") => (Some(s.to_string()), false),
                    Some(_) => (None, true),
                };
                extraction.targets.push(Target {
                    locator: format!("{resource_type}.{}", name.key),
                    kind: target_kind.clone(),
                    auth_type,
                    auth_type_unknown,
                    span: body.span,
                });
            }
        }
    }
    extraction
}

fn auth_policy(
    text: &str,
    name: &str,
    name_span: Span,
    body: &Node<'_>,
    options: &ExtractOptions,
) -> FoundPolicy {
    let locator = format!("{AUTH_POLICY}.{name}");
    let attached_to = member(body, "resource_identifier").map(|node| target_of(text, node));
    let mut found = FoundPolicy {
        locator,
        span: body.span,
        root: None,
        findings: Vec::new(),
        attached_to,
    };
    let unresolved = |span: Span, what: &str| {
        Finding::new(
            &crate::iac::codes::POLICY_NOT_RESOLVED,
            span,
            format!("the policy is `{what}`, known only at plan time"),
        )
    };
    let Some(policy) = member(body, "policy") else {
        found.findings.push(Finding::new(
            &crate::iac::codes::POLICY_NOT_RESOLVED,
            name_span,
            format!("`{}` has no `policy`", found.locator),
        ));
        return found;
    };
    found.span = policy.span;
    let Some((decoded, map)) = crate::iac::decode::json_literal(text, policy.span) else {
        let what = policy.span.slice(text).unwrap_or("");
        found.findings.push(unresolved(policy.span, what));
        return found;
    };
    let trimmed = decoded.trim();
    let whole =
        trimmed.starts_with("${") && template::interpolation_len(trimmed) == Some(trimmed.len());
    if !whole {
        let parsed = template::template_of(&decoded, options).parse(text, &|s| map.span(s));
        found.root = parsed.root;
        found.findings = parsed.findings;
        return found;
    }
    // `"${jsonencode({...})}"`: the HCL between `${` and `}`, at its place.
    let inner_start = decoded.len() - decoded.trim_start().len() + 2;
    let inner_end = decoded.trim_end().len() - 1;
    let inner = decoded.get(inner_start..inner_end).unwrap_or("");
    let rendered = hcl_edit::parser::parse_expr(inner)
        .ok()
        .and_then(|expr| match expr {
            Expression::FuncCall(call) if call.name.name.value().as_str() == "jsonencode" => call
                .args
                .iter()
                .next()
                .map(|arg| to_node(arg, inner, options)),
            _ => None,
        });
    match rendered {
        Some(mut root) if !matches!(root.value, Value::Unknown(_)) => {
            let shift =
                |s: Span| Span::new(s.offset() + inner_start, s.offset() + s.len() + inner_start);
            root.map_spans(&|s| map.span(shift(s)));
            found.root = Some(root);
        }
        _ => found.findings.push(unresolved(policy.span, inner.trim())),
    }
    found
}

/// What an identifier attribute (`resource_identifier`,
/// `service_identifier`, …) names.
fn target_of(text: &str, node: &Node<'_>) -> TargetRef {
    match &node.value {
        Value::String(s) => reference(s).unwrap_or_else(|| {
            if s.contains("${") {
                TargetRef::Unknown(s.to_string())
            } else {
                TargetRef::Literal(s.to_string())
            }
        }),
        _ => TargetRef::Unknown(node.span.slice(text).unwrap_or("").to_string()),
    }
}

/// `"${aws_vpclattice_service.x.arn}"` names the service `x`.
fn reference(text: &str) -> Option<TargetRef> {
    let inner = text.strip_prefix("${")?.strip_suffix('}')?;
    let expr = hcl_edit::parser::parse_expr(inner).ok()?;
    let path = traversal(&expr)?;
    let [kind, name, ..] = path.as_slice() else {
        return None;
    };
    TARGETS
        .iter()
        .any(|(t, _)| t == kind)
        .then(|| TargetRef::Local(format!("{kind}.{name}")))
}

/// The JSON tree of a Terraform JSON file or plan, or the finding that says
/// why it could not be read (`what` names the file in the message).
pub(crate) fn parse_root<'a>(text: &'a str, what: &str) -> Result<Node<'a>, Box<Finding>> {
    let parsed = json::parse(text);
    parsed.root.ok_or_else(|| {
        let first = parsed.errors.first();
        let span = first.map_or(Span::at(0), |e| e.span);
        let message = first.map_or_else(|| "the file is empty".to_string(), |e| e.kind.message());
        Box::new(Finding::new(
            &codes::TERRAFORM_SYNTAX_ERROR,
            span,
            format!("{what} could not be read: {message}"),
        ))
    })
}

fn member<'n, 'a>(node: &'n Node<'a>, key: &str) -> Option<&'n Node<'a>> {
    match &node.value {
        Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
        _ => None,
    }
}

fn members<'n, 'a>(node: &'n Node<'a>) -> &'n [Member<'a>] {
    match &node.value {
        Value::Object(members) => members,
        _ => &[],
    }
}
