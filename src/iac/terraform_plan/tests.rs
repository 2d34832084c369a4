//! Plan JSON: addresses with module paths, the rendered policy string parsed
//! in place, apply-time policies reported.

use super::*;
use crate::lower;
use crate::model::PolicyKind;

const PLAN: &str = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_vpclattice_service.api",
          "mode": "managed",
          "type": "aws_vpclattice_service",
          "name": "api",
          "values": {"auth_type": "AWS_IAM", "name": "api"}
        },
        {
          "address": "aws_vpclattice_auth_policy.api",
          "mode": "managed",
          "type": "aws_vpclattice_auth_policy",
          "name": "api",
          "values": {
            "policy": "{\"Statement\":[{\"Action\":\"vpc-lattice-svcs:Invoke\",\"Effect\":\"Alow\",\"Principal\":\"*\",\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}"
          }
        }
      ],
      "child_modules": [
        {
          "address": "module.edge",
          "resources": [
            {
              "address": "module.edge.aws_vpclattice_auth_policy.this",
              "mode": "managed",
              "type": "aws_vpclattice_auth_policy",
              "name": "this",
              "values": {"resource_identifier": "sn-0123456789abcdef0"}
            }
          ]
        }
      ]
    }
  },
  "resource_changes": [
    {
      "address": "module.edge.aws_vpclattice_auth_policy.this",
      "type": "aws_vpclattice_auth_policy",
      "change": {"actions": ["create"], "after_unknown": {"policy": true}}
    }
  ],
  "configuration": {
    "root_module": {
      "resources": [
        {
          "address": "aws_vpclattice_auth_policy.api",
          "expressions": {
            "resource_identifier": {"references": ["aws_vpclattice_service.api.arn", "aws_vpclattice_service.api"]}
          }
        }
      ]
    }
  }
}
"#;

#[test]
fn planned_policies_are_found_by_address() {
    let extraction = extract(PLAN, &ExtractOptions::default());
    assert!(extraction.findings.is_empty());
    let locators: Vec<&str> = extraction
        .policies
        .iter()
        .map(|p| p.locator.as_str())
        .collect();
    assert_eq!(
        locators,
        [
            "aws_vpclattice_auth_policy.api",
            "module.edge.aws_vpclattice_auth_policy.this"
        ]
    );
    assert_eq!(
        extraction.policies[0].attached_to,
        Some(TargetRef::Local("aws_vpclattice_service.api".into()))
    );
    assert_eq!(
        extraction.policies[1].attached_to,
        Some(TargetRef::Literal("sn-0123456789abcdef0".into()))
    );
    assert_eq!(extraction.targets.len(), 1);
    assert_eq!(extraction.targets[0].auth_type.as_deref(), Some("AWS_IAM"));
}

#[test]
fn a_rendered_policy_error_lands_inside_the_plan_string() {
    let extraction = extract(PLAN, &ExtractOptions::default());
    let root = extraction.policies[0]
        .root
        .as_ref()
        .unwrap_or_else(|| unreachable!());
    let findings = lower::lower(root, PolicyKind::Auth).findings;
    let invalid = findings
        .iter()
        .find(|f| f.code() == "INVALID_EFFECT")
        .unwrap_or_else(|| unreachable!("{findings:?}"));
    assert_eq!(invalid.span.slice(PLAN), Some("\\\"Alow\\\""));
}

#[test]
fn a_policy_unknown_until_apply_is_reported() {
    let extraction = extract(PLAN, &ExtractOptions::default());
    let unknown = &extraction.policies[1];
    assert!(unknown.root.is_none());
    assert_eq!(unknown.findings.len(), 1);
    assert_eq!(unknown.findings[0].code(), "POLICY_NOT_RESOLVED");
    assert_eq!(unknown.findings[0].span.slice(PLAN), Some("true"));
}

#[test]
fn a_malformed_plan_is_one_located_finding() {
    let text = "{\"format_version\": \"1.2\", \"planned_values\": {";
    let extraction = extract(text, &ExtractOptions::default());
    assert_eq!(extraction.findings.len(), 1);
    assert_eq!(extraction.findings[0].code(), "TERRAFORM_SYNTAX_ERROR");
    assert!(extraction.policies.is_empty());
}
