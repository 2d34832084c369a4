//! CloudFormation and SAM templates, and CDK synth output (which is
//! CloudFormation JSON): every `AWS::VpcLattice::AuthPolicy` resource
//! becomes a policy to check, every `AWS::VpcLattice::Service` and
//! `ServiceNetwork` a target.
//!
//! The template is read as a spanned JSON tree: from JSON text here, from
//! YAML by the YAML reader (short-form tags such as `!Ref` become their
//! long forms). Intrinsics are resolved by [`super::intrinsics`]; a policy
//! whose `Fn::If`s test conditions the given parameters do not decide is
//! checked once per combination (up to [`MAX_VARIANTS`]), its locator
//! naming the branch: `Policy[IsProd]`, `Policy[!IsProd]`. A policy written
//! as an `Fn::Sub` string of JSON is parsed in place, its placeholders
//! filled with the values given and the others unknown where written.

use std::collections::BTreeMap;

use crate::diagnostic::Finding;
use crate::json::{self, Node, Value};
use crate::span::Span;

use super::codes;
use super::decode::{self, Naming, Placeholders, Syntax, Template};
use super::embedded;
use super::intrinsics::{intrinsic, member, written, Resolver};
use super::{
    Association, Export, ExtractOptions, Extraction, FoundPolicy, Target, TargetKind, TargetRef,
};

/// The resource type of an auth policy.
pub const AUTH_POLICY: &str = "AWS::VpcLattice::AuthPolicy";
/// The resource type of a service.
pub const SERVICE: &str = "AWS::VpcLattice::Service";
/// The resource type of a service network.
pub const SERVICE_NETWORK: &str = "AWS::VpcLattice::ServiceNetwork";
/// The resource type that puts a service in a service network.
pub const ASSOCIATION: &str = "AWS::VpcLattice::ServiceNetworkServiceAssociation";

/// At most this many undecided conditions of one policy are checked both
/// ways (2^3 variants); `Fn::If`s on further ones are unknown values.
pub const MAX_UNDECIDED: usize = 3;
/// The most variants one policy is checked as.
pub const MAX_VARIANTS: usize = 1 << MAX_UNDECIDED;

/// True when a JSON tree is a CloudFormation template: it has
/// `AWSTemplateFormatVersion`, or a `Resources` object whose members have
/// string `Type`s.
pub fn is_template(root: &Node<'_>) -> bool {
    if member(root, "AWSTemplateFormatVersion").is_some() {
        return true;
    }
    match member(root, "Resources").map(|r| &r.value) {
        Some(Value::Object(resources)) => {
            !resources.is_empty()
                && resources.iter().all(|r| {
                    member(&r.value, "Type").is_some_and(|t| matches!(t.value, Value::String(_)))
                })
        }
        _ => false,
    }
}

/// Reads a template written as JSON.
pub fn extract(text: &str, options: &ExtractOptions) -> Extraction {
    extract_parsed(&json::parse(text), text, options)
}

/// [`extract`] from the tree already read from `text` (the dispatcher reads
/// it to tell a template from other JSON).
pub fn extract_parsed(
    parsed: &json::Parsed<'_>,
    text: &str,
    options: &ExtractOptions,
) -> Extraction {
    let mut findings: Vec<Finding> = parsed
        .errors
        .iter()
        .map(|error| crate::load::syntax_finding(text, error))
        .collect();
    if parsed.bom {
        findings.push(
            Finding::new(
                &crate::diagnostic::codes::BYTE_ORDER_MARK,
                Span::new(0, 3),
                "the file starts with a UTF-8 byte-order mark",
            )
            .with_help("remove the byte-order mark; CloudFormation reads plain UTF-8"),
        );
    }
    let mut extraction = match &parsed.root {
        Some(root) => extract_template(root, text, options),
        // An error stopped the reader: the resources that read on their
        // own are still checked.
        None => super::recovery::recover(text, options).unwrap_or_default(),
    };
    // Syntax errors first: a duplicated logical id is one of them.
    let mut all = findings;
    all.append(&mut extraction.findings);
    extraction.findings = all;
    extraction
}

/// Reads a template from its tree, whose spans are in `text` (the original
/// file, JSON or YAML).
pub fn extract_template(root: &Node<'_>, text: &str, options: &ExtractOptions) -> Extraction {
    let resolver = Resolver::new(
        text,
        options,
        member(root, "Mappings"),
        member(root, "Conditions"),
    );
    let mut extraction = Extraction::default();
    let Some(Value::Object(resources)) = member(root, "Resources").map(|r| &r.value) else {
        return extraction;
    };
    let types: BTreeMap<&str, &str> = resources
        .iter()
        .filter_map(|r| Some((&*r.key, member(&r.value, "Type")?.value.as_str()?)))
        .collect();
    for resource in resources {
        let resource_type = types.get(&*resource.key).copied();
        // A resource its condition leaves out is not deployed.
        let excluded = member(&resource.value, "Condition")
            .and_then(|c| c.value.as_str())
            .and_then(|c| resolver.condition(c, 0))
            == Some(false);
        if excluded {
            continue;
        }
        let properties = member(&resource.value, "Properties");
        match resource_type {
            Some(AUTH_POLICY) => extraction.policies.extend(auth_policy(
                &resource.key,
                resource.key_span,
                properties,
                &resolver,
                &types,
            )),
            Some(kind @ (SERVICE | SERVICE_NETWORK)) => {
                let auth_type = properties
                    .and_then(|p| member(p, "AuthType"))
                    .map(|a| resolver.resolve_value(a));
                extraction.targets.push(Target {
                    locator: resource.key.to_string(),
                    kind: if kind == SERVICE {
                        TargetKind::Service
                    } else {
                        TargetKind::ServiceNetwork
                    },
                    auth_type: auth_type
                        .as_ref()
                        .and_then(|a| a.value.as_str())
                        .map(str::to_owned),
                    auth_type_unknown: auth_type
                        .as_ref()
                        .is_some_and(|a| a.value.as_str().is_none()),
                    span: resource.key_span,
                });
            }
            Some(ASSOCIATION) => {
                // Both identifiers are required; one missing leaves nothing to pair.
                let side = |name| {
                    properties
                        .and_then(|p| member(p, name))
                        .map(|n| target_ref(n, &resolver, &types))
                };
                if let (Some(service), Some(network)) =
                    (side("ServiceIdentifier"), side("ServiceNetworkIdentifier"))
                {
                    extraction
                        .associations
                        .push(Association { service, network });
                }
            }
            _ => {}
        }
    }
    extraction.exports = exports(root, &resolver, &types);
    extraction
}

/// The services and networks the template exports under a name known
/// offline (`Outputs.X.Export.Name`, the value a `Ref` or `Fn::GetAtt` of
/// one of them).
fn exports(
    root: &Node<'_>,
    resolver: &Resolver<'_, '_>,
    types: &BTreeMap<&str, &str>,
) -> Vec<Export> {
    let Some(Value::Object(outputs)) = member(root, "Outputs").map(|o| &o.value) else {
        return Vec::new();
    };
    outputs
        .iter()
        .filter_map(|output| {
            let name = member(&output.value, "Export").and_then(|e| member(e, "Name"))?;
            let name = resolver.resolve_value(name).value.as_str()?.to_owned();
            let value = member(&output.value, "Value")?;
            let TargetRef::Local(target) = target_ref(value, resolver, types) else {
                return None;
            };
            matches!(
                types.get(target.as_str()),
                Some(&(SERVICE | SERVICE_NETWORK))
            )
            .then_some(Export { name, target })
        })
        .collect()
}

/// One `AWS::VpcLattice::AuthPolicy` resource: one policy, or one per
/// combination of the conditions its `Fn::If`s test.
fn auth_policy(
    logical_id: &str,
    key_span: Span,
    properties: Option<&Node<'_>>,
    resolver: &Resolver<'_, '_>,
    types: &BTreeMap<&str, &str>,
) -> Vec<FoundPolicy> {
    let attached_to = properties
        .and_then(|p| member(p, "ResourceIdentifier"))
        .map(|r| target_ref(r, resolver, types));
    let Some(document) = properties.and_then(|p| member(p, "Policy")) else {
        return vec![FoundPolicy {
            locator: logical_id.to_owned(),
            span: key_span,
            root: None,
            findings: vec![Finding::new(
                &codes::AUTH_POLICY_MISSING_DOCUMENT,
                key_span,
                format!("`{logical_id}` has no `Properties.Policy`"),
            )
            .with_help(
                "give the policy document as `Properties.Policy`, an object or a JSON string",
            )],
            attached_to,
        }];
    };
    let mut undecided = Vec::new();
    resolver.undecided_conditions(document, &mut undecided, 0);
    undecided.truncate(MAX_UNDECIDED);
    let variants = 1usize << undecided.len();
    (0..variants)
        .map(|bits| {
            let assumed: BTreeMap<String, bool> = undecided
                .iter()
                .enumerate()
                .map(|(i, name)| (name.clone(), bits & (1 << i) == 0))
                .collect();
            let locator = if assumed.is_empty() {
                logical_id.to_owned()
            } else {
                let names: Vec<String> = undecided
                    .iter()
                    .map(|n| match assumed.get(n) {
                        Some(false) => format!("!{n}"),
                        _ => n.clone(),
                    })
                    .collect();
                format!("{logical_id}[{}]", names.join(","))
            };
            let mut variant = Resolver::new(
                resolver.text,
                resolver.options,
                resolver.mappings,
                resolver.conditions,
            );
            variant.assumed = assumed;
            let (root, findings) = document_tree(document, &variant);
            FoundPolicy {
                locator,
                span: document.span,
                root,
                findings,
                attached_to: attached_to.clone(),
            }
        })
        .collect()
}

/// The policy document's tree: an object with its intrinsics resolved, or a
/// JSON string parsed in place.
fn document_tree(
    document: &Node<'_>,
    resolver: &Resolver<'_, '_>,
) -> (Option<Node<'static>>, Vec<Finding>) {
    if let Some(read) = sub_document(chosen(document, resolver, 0), resolver) {
        return read;
    }
    let resolved = resolver.resolve_value(document);
    match &resolved.value {
        Value::String(s) => {
            let parsed = embedded::parse(resolver.text, resolved.span, s);
            (parsed.root, parsed.findings)
        }
        Value::Unknown(expression) => (
            None,
            vec![Finding::new(
                &codes::POLICY_NOT_RESOLVED,
                document.span,
                format!("the policy is computed at deploy time (`{expression}`), so it was not checked"),
            )
            .with_help("give the values it depends on (`--parameter NAME=VALUE`, `--account`, `--region`) to check it")],
        ),
        _ => (Some(resolved), Vec::new()),
    }
}

/// `node`, or the branch of the `Fn::If` it is that the resolver decides
/// (for this variant of the policy).
fn chosen<'n, 'a>(node: &'n Node<'a>, resolver: &Resolver<'_, '_>, depth: usize) -> &'n Node<'a> {
    let Value::Object(members) = &node.value else {
        return node;
    };
    let Some((
        "Fn::If",
        Node {
            value: Value::Array(args),
            ..
        },
    )) = intrinsic(members)
    else {
        return node;
    };
    let [condition, yes, no] = args.as_slice() else {
        return node;
    };
    let decided = condition
        .value
        .as_str()
        .and_then(|name| resolver.condition(name, 0));
    match decided {
        _ if depth > 8 => node,
        Some(true) => chosen(yes, resolver, depth + 1),
        Some(false) => chosen(no, resolver, depth + 1),
        None => node,
    }
}

/// A policy written as an `Fn::Sub` string (`"Policy": {"Fn::Sub":
/// "{\"Statement\": … ${AWS::AccountId} …}"}`, `Policy: !Sub |`), or its
/// list form with variables: parsed in place, each placeholder the user
/// gave no value for (`--parameter`, `--account`, `--region`, a variable
/// of the list form that is literal) an unknown value where it is written.
/// `None` when `document` is not one.
fn sub_document(
    document: &Node<'_>,
    resolver: &Resolver<'_, '_>,
) -> Option<(Option<Node<'static>>, Vec<Finding>)> {
    let Value::Object(members) = &document.value else {
        return None;
    };
    let ("Fn::Sub", argument) = intrinsic(members)? else {
        return None;
    };
    let (string, variables): (&Node<'_>, &[json::Member<'_>]) = match &argument.value {
        Value::String(_) => (argument, &[]),
        Value::Array(items) => match items.as_slice() {
            [string] => (string, &[]),
            [string, Node {
                value: Value::Object(variables),
                ..
            }] => (string, variables),
            _ => return None,
        },
        _ => return None,
    };
    let text = string.value.as_str()?;
    let given: BTreeMap<String, String> = decode::template::sub_names(text)
        .into_iter()
        .filter_map(|name| Some((name.to_owned(), resolver.sub_variable(name, variables)?)))
        .collect();
    let map = decode::host_string(resolver.text, string.span, text);
    let mut template = Template::new(Placeholders {
        syntax: Syntax::Sub,
        given: &given,
        naming: Naming::Decoded,
    });
    template.feed(text, 0, false);
    let parsed = template.parse(resolver.text, &|s| map.span(s));
    Some((parsed.root, parsed.findings))
}

/// What `ResourceIdentifier` names: a service or network of the same
/// template (`Ref`, `Fn::GetAtt`), an ARN or id written out, or an
/// expression not known offline.
fn target_ref(
    node: &Node<'_>,
    resolver: &Resolver<'_, '_>,
    types: &BTreeMap<&str, &str>,
) -> TargetRef {
    let local = |name: &str| -> Option<TargetRef> {
        types
            .contains_key(name)
            .then(|| TargetRef::Local(name.to_owned()))
    };
    if let Value::Object(members) = &node.value {
        let named = match intrinsic(members) {
            Some(("Ref", argument)) => argument.value.as_str().and_then(local),
            Some(("Fn::GetAtt", argument)) => match &argument.value {
                Value::String(s) => s.split('.').next().and_then(local),
                Value::Array(items) => items.first().and_then(|n| n.value.as_str()).and_then(local),
                _ => None,
            },
            _ => None,
        };
        if let Some(named) = named {
            return named;
        }
        // Another stack's export: found when a template of the same run
        // exports that name.
        if let Some(("Fn::ImportValue", argument)) = intrinsic(members) {
            if let Some(export) = resolver.resolve_value(argument).value.as_str() {
                return TargetRef::Imported {
                    export: export.to_owned(),
                    written: written(resolver.text, node.span),
                };
            }
        }
    }
    let resolved = resolver.resolve_value(node);
    match resolved.value {
        Value::String(s) => TargetRef::Literal(s.into_owned()),
        _ => TargetRef::Unknown(written(resolver.text, node.span)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
  "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
  "Resources": {
    "Svc": {"Type": "AWS::VpcLattice::Service", "Properties": {"AuthType": "AWS_IAM"}},
    "SvcPolicy": {
      "Type": "AWS::VpcLattice::AuthPolicy",
      "Properties": {
        "ResourceIdentifier": {"Fn::GetAtt": ["Svc", "Arn"]},
        "Policy": {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}},
            "Action": "vpc-lattice-svcs:Invoke",
            "Resource": {"Fn::If": ["IsProd", "*", {"Ref": "AWS::NoValue"}]}
          }]
        }
      }
    }
  }
}"#;

    #[test]
    fn templates_are_recognised_by_their_shape() {
        fn root(t: &str) -> Node<'_> {
            json::parse(t).root.unwrap()
        }
        assert!(is_template(&root(TEMPLATE)));
        assert!(is_template(&root(
            r#"{"Resources": {"A": {"Type": "AWS::S3::Bucket"}}}"#
        )));
        assert!(!is_template(&root(r#"{"Resources": {"A": 1}}"#)));
        assert!(!is_template(&root(
            r#"{"Version": "2012-10-17", "Statement": []}"#
        )));
    }

    #[test]
    fn an_undecided_if_is_checked_both_ways() {
        let extraction = extract(TEMPLATE, &ExtractOptions::default());
        let locators: Vec<&str> = extraction.policies.iter().map(|p| &*p.locator).collect();
        assert_eq!(locators, ["SvcPolicy[IsProd]", "SvcPolicy[!IsProd]"]);
        assert_eq!(
            extraction.policies[0].attached_to,
            Some(TargetRef::Local("Svc".into()))
        );
        assert_eq!(extraction.targets[0].auth_type.as_deref(), Some("AWS_IAM"));
        // The false branch deletes Resource.
        let no_resource = extraction.policies[1].root.as_ref().unwrap();
        let statement = member(no_resource, "Statement").unwrap();
        let Value::Array(items) = &statement.value else {
            panic!("array")
        };
        assert!(member(&items[0], "Resource").is_none());
        assert!(member(&items[0], "Action").is_some());
    }

    #[test]
    fn given_parameters_choose_the_branch() {
        let mut options = ExtractOptions::default();
        options.parameters.insert("Env".into(), "prod".into());
        options.account = Some("111122223333".into());
        let extraction = extract(TEMPLATE, &options);
        assert_eq!(extraction.policies.len(), 1);
        let policy = &extraction.policies[0];
        assert_eq!(policy.locator, "SvcPolicy");
        let root = policy.root.as_ref().unwrap();
        let statement = match &member(root, "Statement").unwrap().value {
            Value::Array(items) => items[0].clone(),
            _ => panic!("array"),
        };
        let principal = member(member(&statement, "Principal").unwrap(), "AWS").unwrap();
        assert_eq!(
            principal.value.as_str(),
            Some("arn:aws:iam::111122223333:root")
        );
        // Spanned over the `Fn::Sub` as written.
        assert!(principal
            .span
            .slice(TEMPLATE)
            .unwrap()
            .starts_with(r#"{"Fn::Sub""#));
    }

    #[test]
    fn a_duplicated_logical_id_is_a_finding() {
        let text = r#"{"Resources": {"A": {"Type": "AWS::S3::Bucket"}, "A": {"Type": "AWS::S3::Bucket"}}}"#;
        let extraction = extract(text, &ExtractOptions::default());
        assert_eq!(extraction.findings[0].info.code, "DUPLICATE_KEY");
    }

    #[test]
    fn a_policy_string_is_parsed_in_place() {
        let text = r#"{"Resources": {"P": {"Type": "AWS::VpcLattice::AuthPolicy",
            "Properties": {"ResourceIdentifier": "svc-0123456789abcdef0",
                           "Policy": "{\"Statement\": [{\"Effect\": \"Alow\"}]}"}}}}"#;
        let extraction = extract(text, &ExtractOptions::default());
        let policy = &extraction.policies[0];
        assert_eq!(
            policy.attached_to,
            Some(TargetRef::Literal("svc-0123456789abcdef0".into()))
        );
        let root = policy.root.as_ref().unwrap();
        let statement = match &member(root, "Statement").unwrap().value {
            Value::Array(items) => items[0].clone(),
            _ => panic!("array"),
        };
        let effect = member(&statement, "Effect").unwrap();
        assert_eq!(effect.span.slice(text), Some(r#"\"Alow\""#));
    }

    #[test]
    fn a_computed_policy_is_not_resolved_and_says_so() {
        let text = r#"{"Resources": {"P": {"Type": "AWS::VpcLattice::AuthPolicy",
            "Properties": {"Policy": {"Fn::ImportValue": "shared-policy"}}}}}"#;
        let extraction = extract(text, &ExtractOptions::default());
        let policy = &extraction.policies[0];
        assert!(policy.root.is_none());
        assert_eq!(policy.findings[0].info.code, "POLICY_NOT_RESOLVED");
    }
}
