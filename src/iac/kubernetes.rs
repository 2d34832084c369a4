//! Kubernetes manifests: the AWS Gateway API Controller's `IAMAuthPolicy`.
//!
//! ```yaml
//! apiVersion: application-networking.k8s.aws/v1alpha1
//! kind: IAMAuthPolicy
//! metadata: {name: rates-policy, namespace: rates}
//! spec:
//!   targetRef: {group: gateway.networking.k8s.io, kind: HTTPRoute, name: rates}
//!   policy: |
//!     {"Version": "2012-10-17", "Statement": [ … ]}
//! ```
//!
//! Each `IAMAuthPolicy` of a (multi-document) manifest file is one policy,
//! named `namespace/name`; a manifest without `metadata.namespace` is named
//! in the `default` namespace, where `kubectl apply` puts it when no other
//! namespace is given. `spec.policy` is a string holding JSON: it is parsed
//! from the decoded scalar and every span mapped back through the scalar's
//! indentation and escapes, so findings land on the manifest's lines.
//!
//! Manifests are often filled in with `envsubst`: `$NAME` and `${NAME}` in
//! `spec.policy` are replaced by the values given with `--env NAME=VALUE`
//! before the JSON is read. A JSON string that still holds a placeholder
//! becomes a value unknown offline ([`Value::Unknown`], the string as
//! written), the whole string and not only the placeholder, since the
//! placeholder may stand for any text (`arn:aws:iam::${ACCOUNT_ID}:root` can
//! be any ARN). IAM policy variables (`${aws:username}`) are not
//! placeholders. A placeholder outside a JSON string (`"Resource": $ARNS`)
//! stands for a whole JSON value, unknown in the same way.
//!
//! `spec.targetRef` says what the policy is attached to: a `Gateway` is a
//! service network, an `HTTPRoute`, `GRPCRoute` or `ServiceExport` a service;
//! any other kind cannot take a policy, and is recorded as a target of that
//! kind so pairing reports it. Targets are named `Kind/namespace/name`, the
//! target's namespace defaulting to the policy's, and are attached as
//! [`TargetRef::Local`] whether or not the file defines them, so two policies
//! on one target are found either way. Gateways and routes defined in the
//! file are [`Target`]s; the controller sets their auth type to `AWS_IAM`
//! when a policy is attached and `NONE` when none is, so their auth type is
//! not something the file states ([`Target::auth_type_unknown`]).
//!
//! A YAML file that holds no `IAMAuthPolicy` (a Helm values file, a
//! workflow, other kinds) gives an empty extraction, its YAML problems
//! included: only a file that names `IAMAuthPolicy` is reported on. A Helm
//! template (`{{ … }}`) is not a manifest until rendered and gives nothing
//! either; check `helm template`'s output. The objects of a `List` (what
//! `kubectl get -o yaml` writes) are read like documents, and a manifest
//! written as JSON reads the same, JSON being YAML.

use std::borrow::Cow;

use crate::diagnostic::Finding;
use crate::json::{Member, Node, Value};
use crate::span::Span;

use super::decode::{self, template::env_placeholder, Naming, Placeholders, Syntax, Template};
use super::yaml::{self, codes};
use super::{Association, ExtractOptions, Extraction, FoundPolicy, Target, TargetKind, TargetRef};

/// The API group of the controller's own kinds (`IAMAuthPolicy`).
const CONTROLLER_GROUP: &str = "application-networking.k8s.aws/";

/// True when `text` may hold an `IAMAuthPolicy`: a cheap test before
/// reading YAML.
pub fn mentions_policy(text: &str) -> bool {
    text.contains("IAMAuthPolicy")
}

/// True when `text` may hold what pairs layers across manifests: an
/// `IAMAuthPolicy`, a `Gateway`, or a route's `parentRefs`.
pub fn mentions_layer(text: &str) -> bool {
    mentions_policy(text) || text.contains("parentRefs") || text.contains("Gateway")
}

/// True when `text` is a Helm (Go) template rather than a manifest: what
/// it holds is known only once the chart is rendered (`helm template`),
/// whose output is the file to check.
pub fn is_go_template(text: &str) -> bool {
    text.contains("{{") && text.contains("}}")
}

/// True when one of `documents` is a Kubernetes object (it has `apiVersion`
/// and `kind`).
pub fn is_manifest(documents: &[Node<'static>]) -> bool {
    documents
        .iter()
        .any(|d| string(d, "apiVersion").is_some() && string(d, "kind").is_some())
}

/// The policies and targets of a manifest file.
pub fn extract(text: &str, options: &ExtractOptions) -> Extraction {
    if !mentions_policy(text) || is_go_template(text) {
        return Extraction::default();
    }
    let parsed = yaml::parse(text);
    let mut extraction = extract_documents(text, &parsed.documents, options);
    extraction.findings.splice(0..0, parsed.findings);
    extraction.findings.sort_by_key(|f| f.span.offset());
    extraction
}

/// The policies and targets of documents already read from `text`.
pub fn extract_documents(
    text: &str,
    documents: &[Node<'static>],
    options: &ExtractOptions,
) -> Extraction {
    let mut extraction = Extraction::default();
    // `kubectl get -o yaml` writes a `List` whose `items` are the objects.
    let listed = documents
        .iter()
        .flat_map(|d| match (string(d, "kind"), member(d, "items")) {
            (
                Some(kind),
                Some(Node {
                    value: Value::Array(items),
                    ..
                }),
            ) if kind.value.as_str() == Some("List") => items.iter().collect(),
            _ => vec![d],
        });
    for document in listed {
        let (Some(kind), Some(api)) = (string(document, "kind"), string(document, "apiVersion"))
        else {
            continue;
        };
        match kind.value.as_str() {
            Some("IAMAuthPolicy")
                if api
                    .value
                    .as_str()
                    .is_some_and(|a| a.starts_with(CONTROLLER_GROUP)) =>
            {
                policy(text, document, kind, options, &mut extraction);
            }
            Some(kind) => {
                if let (Some(target_kind), Some(name)) = (
                    supported(kind),
                    member(document, "metadata").and_then(|m| string(m, "name")),
                ) {
                    let namespace = namespace_of(document);
                    let locator =
                        format!("{kind}/{namespace}/{}", name.value.as_str().unwrap_or(""));
                    if target_kind == TargetKind::Service {
                        associate(document, &locator, &namespace, &mut extraction);
                    }
                    extraction.targets.push(Target {
                        locator,
                        kind: target_kind,
                        auth_type: None,
                        auth_type_unknown: true,
                        span: name.span,
                    });
                }
            }
            None => {}
        }
    }
    extraction
}

/// The Gateways a route names in `spec.parentRefs` (a parent's kind is
/// `Gateway` unless it says otherwise, its namespace the route's): the
/// route is a service of each of those service networks.
fn associate(route: &Node<'static>, locator: &str, namespace: &str, extraction: &mut Extraction) {
    let Some(Value::Array(parents)) = member(route, "spec")
        .and_then(|s| member(s, "parentRefs"))
        .map(|p| &p.value)
    else {
        return;
    };
    for parent in parents {
        let kind = string(parent, "kind")
            .and_then(|k| k.value.as_str())
            .unwrap_or("Gateway");
        let Some(name) = string(parent, "name").and_then(|n| n.value.as_str()) else {
            continue;
        };
        if kind != "Gateway" {
            continue;
        }
        let parent_namespace = string(parent, "namespace")
            .and_then(|n| n.value.as_str())
            .unwrap_or(namespace);
        extraction.associations.push(Association {
            service: TargetRef::Local(locator.to_owned()),
            network: TargetRef::Local(format!("Gateway/{parent_namespace}/{name}")),
        });
    }
}

/// What a `targetRef` kind is, for the kinds that take an auth policy.
fn supported(kind: &str) -> Option<TargetKind> {
    match kind {
        "Gateway" => Some(TargetKind::ServiceNetwork),
        "HTTPRoute" | "GRPCRoute" | "ServiceExport" => Some(TargetKind::Service),
        _ => None,
    }
}

fn policy(
    text: &str,
    document: &Node<'static>,
    kind: &Node<'static>,
    options: &ExtractOptions,
    extraction: &mut Extraction,
) {
    let mut findings = Vec::new();
    let invalid = |span: Span, message: &str, help: &str| {
        Finding::new(&codes::KUBERNETES_MANIFEST_INVALID, span, message).with_help(help)
    };
    let name = member(document, "metadata").and_then(|m| string(m, "name"));
    let name = match name.and_then(|n| n.value.as_str()) {
        Some(name) => name.to_owned(),
        None => {
            findings.push(invalid(
                kind.span,
                "this IAMAuthPolicy has no `metadata.name`",
                "give the manifest a `metadata.name`",
            ));
            "(unnamed)".to_owned()
        }
    };
    let namespace = namespace_of(document);
    let spec = member(document, "spec");
    let (root, span) = match spec.and_then(|s| member(s, "policy")) {
        Some(node) => (read_policy(text, node, options, &mut findings), node.span),
        None => {
            let at = spec.map_or(kind.span, |s| s.span);
            findings.push(invalid(
                at,
                "this IAMAuthPolicy has no `spec.policy`",
                "write the auth policy's JSON as a string under `spec.policy` (a `|` block scalar)",
            ));
            (None, at)
        }
    };
    let target_ref = spec.and_then(|s| member(s, "targetRef"));
    let attached_to = match target_ref {
        Some(target_ref) => {
            let attached = attach(target_ref, &namespace, extraction);
            if attached.is_none() {
                findings.push(invalid(
                    target_ref.span,
                    "`spec.targetRef` needs a `kind` and a `name`",
                    "name the Gateway, HTTPRoute or GRPCRoute it protects: `{kind: HTTPRoute, name: my-route}`",
                ));
            }
            attached
        }
        None => {
            findings.push(invalid(
                spec.map_or(kind.span, |s| s.span),
                "this IAMAuthPolicy has no `spec.targetRef`, so it is attached to nothing",
                "name the Gateway, HTTPRoute or GRPCRoute it protects under `spec.targetRef` (`kind`, `name`)",
            ));
            None
        }
    };
    extraction.policies.push(FoundPolicy {
        locator: format!("{namespace}/{name}"),
        span,
        root,
        findings,
        attached_to,
    });
}

/// The target a `targetRef` names; an unsupported kind is recorded as a
/// target of that kind.
fn attach(
    target_ref: &Node<'static>,
    namespace: &str,
    extraction: &mut Extraction,
) -> Option<TargetRef> {
    let kind = string(target_ref, "kind")?;
    let name = string(target_ref, "name")?;
    let (kind_text, name_text) = (kind.value.as_str()?, name.value.as_str()?);
    let namespace = string(target_ref, "namespace")
        .and_then(|n| n.value.as_str())
        .unwrap_or(namespace);
    let locator = format!("{kind_text}/{namespace}/{name_text}");
    if supported(kind_text).is_none() && !extraction.targets.iter().any(|t| t.locator == locator) {
        extraction.targets.push(Target {
            locator: locator.clone(),
            kind: TargetKind::Other(kind_text.to_owned()),
            auth_type: None,
            auth_type_unknown: false,
            span: kind.span,
        });
    }
    Some(TargetRef::Local(locator))
}

/// The tree of the policy written at `node` (`spec.policy`).
fn read_policy(
    text: &str,
    node: &Node<'static>,
    options: &ExtractOptions,
    findings: &mut Vec<Finding>,
) -> Option<Node<'static>> {
    match &node.value {
        Value::String(decoded) => {
            let file_map = decode::yaml_scalar(text, node.span, decoded);
            let mut template = Template::new(Placeholders {
                syntax: Syntax::Environment,
                given: &options.env,
                naming: Naming::Decoded,
            });
            template.feed(decoded, 0, false);
            let parsed = template.parse(text, &|s| file_map.span(s));
            findings.extend(parsed.findings);
            parsed.root
        }
        Value::Object(_) => {
            findings.push(
                Finding::new(
                    &codes::KUBERNETES_MANIFEST_INVALID,
                    node.span,
                    "`spec.policy` is a YAML mapping, but the IAMAuthPolicy CRD takes a string holding JSON",
                )
                .with_help("write the policy as JSON in a `|` block scalar; it is checked as written here"),
            );
            let mut root = node.clone();
            mark_placeholders(&mut root, options);
            Some(root)
        }
        other => {
            findings.push(
                Finding::new(
                    &codes::KUBERNETES_MANIFEST_INVALID,
                    node.span,
                    format!(
                        "`spec.policy` is a {}, not a string holding JSON",
                        other.type_name()
                    ),
                )
                .with_help("write the policy as JSON in a `|` block scalar"),
            );
            None
        }
    }
}

/// Makes every string still holding a placeholder unknown.
fn mark_placeholders(node: &mut Node<'static>, options: &ExtractOptions) {
    match &mut node.value {
        Value::String(s) => {
            let unresolved = s.match_indices('$').any(|(at, _)| {
                s.get(at..)
                    .and_then(env_placeholder)
                    .is_some_and(|(_, name)| !options.env.contains_key(name))
            });
            if unresolved {
                node.value = Value::Unknown(Cow::Owned(s.to_string()));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|n| mark_placeholders(n, options)),
        Value::Object(members) => members
            .iter_mut()
            .for_each(|m| mark_placeholders(&mut m.value, options)),
        _ => {}
    }
}

fn member<'a>(node: &'a Node<'static>, key: &str) -> Option<&'a Node<'static>> {
    match &node.value {
        Value::Object(members) => members
            .iter()
            .find(|m: &&Member| m.key == key)
            .map(|m| &m.value),
        _ => None,
    }
}

fn string<'a>(node: &'a Node<'static>, key: &str) -> Option<&'a Node<'static>> {
    member(node, key).filter(|n| matches!(n.value, Value::String(_)))
}

fn namespace_of(document: &Node<'static>) -> String {
    member(document, "metadata")
        .and_then(|m| string(m, "namespace"))
        .and_then(|n| n.value.as_str())
        .unwrap_or("default")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> ExtractOptions {
        ExtractOptions {
            env: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..ExtractOptions::default()
        }
    }

    #[test]
    fn strings_with_unresolved_placeholders_are_unknown() {
        let mut node = crate::json::parse(
            r#"{"a": "arn:aws:iam::${ACCOUNT}:root", "b": "${aws:username}", "c": "$GIVEN"}"#,
        )
        .root
        .unwrap()
        .into_owned();
        mark_placeholders(&mut node, &env(&[("GIVEN", "x")]));
        let Value::Object(members) = &node.value else {
            panic!()
        };
        assert_eq!(
            members[0].value.value,
            Value::Unknown("arn:aws:iam::${ACCOUNT}:root".into())
        );
        assert!(matches!(members[1].value.value, Value::String(_)));
        assert!(matches!(members[2].value.value, Value::String(_)));
    }
}
