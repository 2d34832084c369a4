//! Terraform plan JSON (`terraform show -json PLAN`): the auth policies the
//! plan will create or keep, by their full address
//! (`module.x.aws_vpclattice_auth_policy.this`), and the services and service
//! networks beside them.
//!
//! A policy's rendered document is `values.policy` in `planned_values`
//! (root module and `child_modules`, recursively): a JSON string, parsed from
//! its decoded text with spans mapped back through the string's escapes, so
//! findings land inside the plan file. When the document depends on values
//! known only at apply time (`resource_changes[].change.after_unknown.policy`
//! is `true`), the plan does not hold it: that is reported, not guessed. The
//! `configuration` section holds, for such a policy, only the references it
//! was built from, so nothing more can be read there; it is read to pair a
//! policy with its target (`resource_identifier`'s references).

use crate::diagnostic::Finding;
use crate::iac::decode;
use crate::iac::terraform::json_syntax::parse_root;
use crate::iac::terraform::{ASSOCIATION, AUTH_POLICY, TARGETS};
use crate::iac::{Association, ExtractOptions, Extraction, FoundPolicy, Target, TargetRef};
use crate::json::{Node, Value};

/// Reads the auth policies and targets of a plan.
pub fn extract(text: &str, options: &ExtractOptions) -> Extraction {
    match parse_root(text, "the plan") {
        Ok(root) => extract_root(&root, text, options),
        Err(finding) => Extraction {
            findings: vec![*finding],
            ..Extraction::default()
        },
    }
}

/// [`extract`] from the tree already read from `text` (the dispatcher reads
/// it to tell a plan from other JSON).
pub fn extract_root(root: &Node<'_>, text: &str, options: &ExtractOptions) -> Extraction {
    let _ = options;
    let mut extraction = Extraction::default();
    let configuration = path(root, &["configuration", "root_module"]);
    if let Some(module) = path(root, &["planned_values", "root_module"]) {
        walk(text, module, configuration, "", &mut extraction, 0);
    }
    for change in items(member(root, "resource_changes")) {
        let is_policy = string(change, "type") == Some(AUTH_POLICY);
        let unknown = path(change, &["change", "after_unknown", "policy"])
            .filter(|n| n.value == Value::Bool(true));
        let (true, Some(flag), Some(address)) = (is_policy, unknown, string(change, "address"))
        else {
            continue;
        };
        let finding = Finding::new(
            &crate::iac::codes::POLICY_NOT_RESOLVED,
            flag.span,
            format!("the policy of `{address}` is known only when the plan is applied (`after_unknown`), so it was not checked"),
        )
        .with_help("check the configuration it is built from (the module's .tf files), or the plan of a later run");
        match extraction
            .policies
            .iter_mut()
            .find(|p| p.locator == address)
        {
            Some(found) if found.root.is_none() => found.findings.push(finding),
            Some(_) => {}
            None => extraction.policies.push(FoundPolicy {
                locator: address.to_string(),
                span: change.span,
                root: None,
                findings: vec![finding],
                attached_to: None,
            }),
        }
    }
    extraction.policies.sort_by_key(|p| p.span.start);
    extraction
}

/// Nesting of child modules followed; a plan deeper than this is not real.
const MAX_MODULE_DEPTH: usize = 32;

/// One module of `planned_values` and its `configuration` twin.
fn walk(
    text: &str,
    module: &Node<'_>,
    configuration: Option<&Node<'_>>,
    prefix: &str,
    out: &mut Extraction,
    depth: usize,
) {
    if depth > MAX_MODULE_DEPTH {
        return;
    }
    for resource in items(member(module, "resources")) {
        if string(resource, "mode").is_some_and(|m| m != "managed") {
            continue;
        }
        let (Some(kind), Some(address)) = (string(resource, "type"), string(resource, "address"))
        else {
            continue;
        };
        let values = member(resource, "values");
        if kind == AUTH_POLICY {
            out.policies.push(policy(
                text,
                resource,
                address,
                values,
                configuration,
                prefix,
            ));
        } else if kind == ASSOCIATION {
            let side = |attribute| identifier(address, values, configuration, prefix, attribute);
            if let (Some(service), Some(network)) = (
                side("service_identifier"),
                side("service_network_identifier"),
            ) {
                out.associations.push(Association { service, network });
            }
        } else if let Some((_, target_kind)) = TARGETS.iter().find(|(t, _)| *t == kind) {
            let auth = values.and_then(|v| member(v, "auth_type"));
            out.targets.push(Target {
                locator: address.to_string(),
                kind: target_kind.clone(),
                auth_type: auth.and_then(|a| a.value.as_str()).map(str::to_string),
                auth_type_unknown: false,
                span: resource.span,
            });
        }
    }
    for child in items(member(module, "child_modules")) {
        let Some(address) = string(child, "address") else {
            continue;
        };
        // `module.a.module.b` is module call `b` inside module call `a`.
        let call = address.rsplit('.').next().unwrap_or("");
        let child_configuration =
            configuration.and_then(|c| path(c, &["module_calls", call, "module"]));
        walk(
            text,
            child,
            child_configuration,
            &format!("{address}."),
            out,
            depth + 1,
        );
    }
}

fn policy(
    text: &str,
    resource: &Node<'_>,
    address: &str,
    values: Option<&Node<'_>>,
    configuration: Option<&Node<'_>>,
    prefix: &str,
) -> FoundPolicy {
    let mut found = FoundPolicy {
        locator: address.to_string(),
        span: resource.span,
        root: None,
        findings: Vec::new(),
        attached_to: identifier(
            address,
            values,
            configuration,
            prefix,
            "resource_identifier",
        ),
    };
    let Some(policy) = values.and_then(|v| member(v, "policy")) else {
        return found;
    };
    found.span = policy.span;
    match decode::json_literal(text, policy.span) {
        Some((decoded, map)) => {
            let parsed = decode::parse_plain(&decoded, &|s| map.span(s));
            found.root = parsed.root;
            found.findings = parsed.findings;
        }
        None if policy.value == Value::Null => {}
        None => found.findings.push(Finding::new(
            &crate::diagnostic::codes::DATA_TYPE_MISMATCH,
            policy.span,
            format!(
                "the policy of `{address}` is a {}, not a JSON string",
                policy.value.type_name()
            ),
        )),
    }
    found
}

/// What an identifier attribute of the resource at `address`
/// (`resource_identifier`, an association's `service_identifier`, …) names:
/// a service or service network of the same module by the configuration's
/// references, else the planned literal value.
fn identifier(
    address: &str,
    values: Option<&Node<'_>>,
    configuration: Option<&Node<'_>>,
    prefix: &str,
    attribute: &str,
) -> Option<TargetRef> {
    let local = address.strip_prefix(prefix).unwrap_or(address);
    let local = local.split('[').next().unwrap_or(local);
    let configured = configuration
        .map(|c| items(member(c, "resources")))
        .into_iter()
        .flatten()
        .find(|r| string(r, "address") == Some(local));
    let references = configured.and_then(|r| path(r, &["expressions", attribute, "references"]));
    for reference in items(references) {
        let Some(text) = reference.value.as_str() else {
            continue;
        };
        let mut parts = text.split('.');
        if let (Some(kind), Some(name)) = (parts.next(), parts.next()) {
            if TARGETS.iter().any(|(t, _)| *t == kind) {
                let name = name.split('[').next().unwrap_or(name);
                return Some(TargetRef::Local(format!("{prefix}{kind}.{name}")));
            }
        }
    }
    match values.and_then(|v| member(v, attribute)) {
        Some(Node {
            value: Value::String(s),
            ..
        }) => Some(TargetRef::Literal(s.to_string())),
        Some(_) | None => None,
    }
}

fn member<'n, 'a>(node: &'n Node<'a>, key: &str) -> Option<&'n Node<'a>> {
    match &node.value {
        Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
        _ => None,
    }
}

fn path<'n, 'a>(node: &'n Node<'a>, keys: &[&str]) -> Option<&'n Node<'a>> {
    keys.iter().try_fold(node, |node, key| member(node, key))
}

fn string<'n>(node: &'n Node<'_>, key: &str) -> Option<&'n str> {
    member(node, key).and_then(|n| n.value.as_str())
}

fn items<'n, 'a>(node: Option<&'n Node<'a>>) -> &'n [Node<'a>] {
    match node.map(|n| &n.value) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

#[cfg(test)]
mod tests;
