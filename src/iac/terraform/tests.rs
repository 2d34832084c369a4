//! Extraction from `*.tf` files: locators, targets, each way of writing a
//! policy, and findings on the line and column the author wrote.

use super::*;
use crate::json::Value;
use crate::lower;
use crate::model::PolicyKind;

/// 1-based line and column of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// The tree as plain JSON, unknown values as `"?EXPR"`, for comparisons.
fn plain(node: &Node<'_>) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Unknown(e) => serde_json::Value::String(format!("?{e}")),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(plain).collect()),
        Value::Object(members) => serde_json::Value::Object(
            members
                .iter()
                .map(|m| (m.key.to_string(), plain(&m.value)))
                .collect(),
        ),
    }
}

/// The lowering findings of a policy: (code, line, column).
fn lowered(text: &str, policy: &FoundPolicy) -> Vec<(&'static str, usize, usize)> {
    let root = policy
        .root
        .as_ref()
        .unwrap_or_else(|| unreachable!("no tree"));
    lower::lower(root, PolicyKind::Auth)
        .findings
        .iter()
        .map(|f| {
            let (line, col) = line_col(text, f.span.offset());
            (f.code(), line, col)
        })
        .collect()
}

const JSONENCODE: &str = r#"resource "aws_vpclattice_service" "orders" {
  name      = "orders"
  auth_type = "AWS_IAM"
}

resource "aws_vpclattice_auth_policy" "orders" {
  resource_identifier = aws_vpclattice_service.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allw"
        Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
        Action    = "vpc-lattice-svcs:Invoke"
        Resource  = "${aws_vpclattice_service.orders.arn}/*"
      }
    ]
  })
}
"#;

#[test]
fn jsonencode_policy_is_found_with_its_target_and_a_located_error() {
    let extraction = extract(JSONENCODE, &ExtractOptions::default());
    assert!(extraction.findings.is_empty(), "{:?}", extraction.findings);
    assert_eq!(extraction.policies.len(), 1);
    let policy = &extraction.policies[0];
    assert_eq!(policy.locator, "aws_vpclattice_auth_policy.orders");
    assert_eq!(
        policy.attached_to,
        Some(TargetRef::Local("aws_vpclattice_service.orders".into()))
    );
    assert_eq!(line_col(JSONENCODE, policy.span.offset()), (8, 12));
    assert_eq!(extraction.targets.len(), 1);
    let target = &extraction.targets[0];
    assert_eq!(target.locator, "aws_vpclattice_service.orders");
    assert_eq!(target.kind, TargetKind::Service);
    assert_eq!(target.auth_type.as_deref(), Some("AWS_IAM"));
    // `Allw` is line 12, column 21 of the .tf file.
    let findings = lowered(JSONENCODE, policy);
    assert!(
        findings.contains(&("INVALID_EFFECT", 12, 21)),
        "{findings:?}"
    );
    let root = policy.root.as_ref().unwrap_or_else(|| unreachable!());
    let json = plain(root);
    assert_eq!(
        json["Statement"][0]["Principal"]["AWS"],
        "?\"arn:aws:iam::${var.account_id}:root\""
    );
    assert_eq!(
        json["Statement"][0]["Resource"],
        "?\"${aws_vpclattice_service.orders.arn}/*\""
    );
}

#[test]
fn given_variables_resolve_references_and_templates() {
    let mut options = ExtractOptions::default();
    options
        .variables
        .insert("account_id".into(), "111122223333".into());
    let extraction = extract(JSONENCODE, &options);
    let root = extraction.policies[0]
        .root
        .as_ref()
        .unwrap_or_else(|| unreachable!());
    assert_eq!(
        plain(root)["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::111122223333:root"
    );
}

#[test]
fn flush_heredoc_findings_land_on_the_tf_line() {
    let text = "resource \"aws_vpclattice_auth_policy\" \"p\" {\n  resource_identifier = \"sn-0123456789abcdef0\"\n  policy = <<-EOT\n    {\n      \"Version\": \"2012-10-17\",\n      \"Statement\": [{\n        \"Effect\": \"Allow\",\n        \"Principal\": \"*\",\n        \"Action\": \"vpc-lattice-svcs:Invoke\",\n        \"Resource\": \"*\",\n        \"Condition\": {\"StringEquals\": {\"aws:PrincipalOrgID\": \"${var.org}\"}},\n        \"Sid\": 3\n      }]\n    }\n  EOT\n}\n";
    let extraction = extract(text, &ExtractOptions::default());
    let policy = &extraction.policies[0];
    assert_eq!(
        policy.attached_to,
        Some(TargetRef::Literal("sn-0123456789abcdef0".into()))
    );
    let findings = lowered(text, policy);
    // `"Sid": 3` is line 12; the number is at column 16.
    assert!(
        findings.contains(&("DATA_TYPE_MISMATCH", 12, 16)),
        "{findings:?}"
    );
    let root = policy.root.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(
        plain(root)["Statement"][0]["Condition"]["StringEquals"]["aws:PrincipalOrgID"],
        "?\"${var.org}\""
    );
}

#[test]
fn quoted_string_policy_maps_through_escapes() {
    let text = "resource \"aws_vpclattice_auth_policy\" \"q\" {\n  policy = \"{\\\"Version\\\": \\\"2012-10-17\\\", \\\"Statement\\\": [{\\\"Effect\\\": \\\"Permit\\\"}]}\"\n}\n";
    let extraction = extract(text, &ExtractOptions::default());
    let policy = &extraction.policies[0];
    let root = policy.root.as_ref().unwrap_or_else(|| unreachable!());
    let findings = lower::lower(root, PolicyKind::Auth).findings;
    let invalid = findings
        .iter()
        .find(|f| f.code() == "INVALID_EFFECT")
        .unwrap_or_else(|| unreachable!("{findings:?}"));
    assert_eq!(invalid.span.slice(text), Some("\\\"Permit\\\""));
}

const DOCUMENT: &str = r#"data "aws_iam_policy_document" "service_auth" {
  statement {
    sid     = "AllowAuthenticatedAccountPrincipals"
    actions = ["vpc-lattice-svcs:Invoke"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalType"
      values   = ["Anonymous"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Connect"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/a"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/b"]
    }
  }
}

resource "aws_vpclattice_service_network" "net" {
  name      = "net"
  auth_type = "NONE"
}

resource "aws_vpclattice_auth_policy" "net" {
  resource_identifier = aws_vpclattice_service_network.net.id
  policy              = data.aws_iam_policy_document.service_auth.json
}
"#;

#[test]
fn policy_documents_render_as_the_provider_does() {
    let extraction = extract(DOCUMENT, &ExtractOptions::default());
    assert_eq!(extraction.policies.len(), 1);
    let policy = &extraction.policies[0];
    assert_eq!(policy.locator, "aws_vpclattice_auth_policy.net");
    assert_eq!(
        policy.attached_to,
        Some(TargetRef::Local(
            "aws_vpclattice_service_network.net".into()
        ))
    );
    assert_eq!(line_col(DOCUMENT, policy.span.offset()), (1, 1));
    let root = policy.root.as_ref().unwrap_or_else(|| unreachable!());
    let expected = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowAuthenticatedAccountPrincipals",
                "Effect": "Allow",
                "Action": "vpc-lattice-svcs:Invoke",
                "Resource": "*",
                "Principal": "*",
                "Condition": {
                    "StringEquals": {
                        "aws:PrincipalAccount": "?data.aws_caller_identity.current.account_id"
                    },
                    "StringNotEquals": {"aws:PrincipalType": "Anonymous"}
                }
            },
            {
                "Effect": "Deny",
                "Action": ["vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Connect"],
                "Resource": "*",
                "Principal": {"AWS": [
                    "arn:aws:iam::111122223333:role/a",
                    "arn:aws:iam::111122223333:role/b"
                ]}
            }
        ]
    });
    assert_eq!(plain(root), expected);
    let target = &extraction.targets[0];
    assert_eq!(target.kind, TargetKind::ServiceNetwork);
    assert_eq!(target.auth_type.as_deref(), Some("NONE"));
}

#[test]
fn policy_document_parts_point_at_their_hcl() {
    let text = DOCUMENT.replace(
        "\"vpc-lattice-svcs:Connect\"",
        "\"vpc-lattice-svcs:Conect\"",
    );
    let extraction = extract(&text, &ExtractOptions::default());
    let policy = &extraction.policies[0];
    let root = policy.root.as_ref().unwrap_or_else(|| unreachable!());
    let Value::Object(members) = &root.value else {
        unreachable!()
    };
    let statements = &members[1].value;
    let Value::Array(statements) = &statements.value else {
        unreachable!()
    };
    let Value::Object(second) = &statements[1].value else {
        unreachable!()
    };
    let action = second
        .iter()
        .find(|m| m.key == "Action")
        .unwrap_or_else(|| unreachable!());
    assert_eq!(line_col(&text, action.key_span.offset()), (23, 5));
    let Value::Array(actions) = &action.value.value else {
        unreachable!()
    };
    assert_eq!(
        actions[1].span.slice(&text),
        Some("\"vpc-lattice-svcs:Conect\"")
    );
    // The defaulted Effect of the first statement points at its block.
    let Value::Object(first) = &statements[0].value else {
        unreachable!()
    };
    let effect = first
        .iter()
        .find(|m| m.key == "Effect")
        .unwrap_or_else(|| unreachable!());
    assert_eq!(effect.value.span.slice(&text), Some("statement"));
}

#[test]
fn a_document_in_a_sibling_file_is_read_with_the_module() {
    let split = DOCUMENT
        .find("resource \"aws_vpclattice_service_network\"")
        .unwrap_or(0);
    let (documents, resources) = DOCUMENT.split_at(split);
    // Alone, the resource file cannot read the document, and says so.
    let alone = extract(resources, &ExtractOptions::default());
    assert!(alone.policies[0].root.is_none());
    assert_eq!(alone.policies[0].findings[0].code(), "POLICY_NOT_RESOLVED");
    let module = extract_module(&[resources, documents], &ExtractOptions::default());
    assert!(module[0].policies.is_empty());
    assert_eq!(module[0].targets.len(), 1);
    assert_eq!(module[1].policies.len(), 1);
    assert_eq!(
        module[1].policies[0].locator,
        "aws_vpclattice_auth_policy.net"
    );
    assert_eq!(module[1].policies[0].span.offset(), 0);
}

#[test]
fn a_policy_that_is_wholly_an_expression_is_reported_not_guessed() {
    let text = "resource \"aws_vpclattice_auth_policy\" \"x\" {\n  resource_identifier = var.service_arn\n  policy = jsonencode(local.policy)\n}\n";
    let extraction = extract(text, &ExtractOptions::default());
    let policy = &extraction.policies[0];
    assert!(policy.root.is_none());
    assert_eq!(policy.findings[0].code(), "POLICY_NOT_RESOLVED");
    assert_eq!(
        policy.findings[0].span.slice(text),
        Some("jsonencode(local.policy)")
    );
    assert_eq!(
        policy.attached_to,
        Some(TargetRef::Unknown("var.service_arn".into()))
    );
}

#[test]
fn an_unterminated_heredoc_is_located_and_hides_no_other_policy() {
    let text = "resource \"aws_vpclattice_auth_policy\" \"good\" {\n  policy = jsonencode({ Version = \"2012-10-17\", Statement = [] })\n}\n\nresource \"aws_vpclattice_auth_policy\" \"bad\" {\n  policy = <<EOF\n{\"Version\": \"2012-10-17\"}\n";
    let extraction = extract(text, &ExtractOptions::default());
    assert_eq!(extraction.findings.len(), 1, "{:?}", extraction.findings);
    let finding = &extraction.findings[0];
    assert_eq!(finding.code(), "TERRAFORM_SYNTAX_ERROR");
    assert!(line_col(text, finding.span.offset()).0 >= 5, "{finding:?}");
    let locators: Vec<&str> = extraction
        .policies
        .iter()
        .map(|p| p.locator.as_str())
        .collect();
    assert_eq!(locators, ["aws_vpclattice_auth_policy.good"]);
}

#[test]
fn deep_nesting_is_a_located_error_not_a_crash() {
    let depth = 5000;
    let text = format!(
        "resource \"aws_vpclattice_auth_policy\" \"deep\" {{\n  policy = jsonencode({}{})\n}}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let extraction = extract(&text, &ExtractOptions::default());
    assert_eq!(extraction.findings.len(), 1);
    assert_eq!(extraction.findings[0].code(), "TERRAFORM_SYNTAX_ERROR");
    assert_eq!(line_col(&text, extraction.findings[0].span.offset()).0, 2);
    assert!(extraction.policies.is_empty());
}

#[test]
fn byte_order_mark_and_crlf_keep_offsets() {
    let text = "\u{feff}resource \"aws_vpclattice_auth_policy\" \"p\" {\r\n  policy = jsonencode({\r\n    Version = \"2012-10-17\"\r\n    Statement = [{ Effect = \"Nope\" }]\r\n  })\r\n}\r\n";
    let extraction = extract(text, &ExtractOptions::default());
    assert!(extraction.findings.is_empty(), "{:?}", extraction.findings);
    let findings = lowered(text, &extraction.policies[0]);
    assert!(
        findings.contains(&("INVALID_EFFECT", 4, 29)),
        "{findings:?}"
    );
}

#[test]
fn files_without_lattice_resources_yield_nothing() {
    let text = "variable \"x\" {\n  default = 1\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n";
    let extraction = extract(text, &ExtractOptions::default());
    assert!(extraction.policies.is_empty());
    assert!(extraction.targets.is_empty());
    assert!(extraction.findings.is_empty());
}

#[test]
fn terraform_json_syntax_reads_text_and_jsonencode_policies() {
    let text = r#"{
  "resource": {
    "aws_vpclattice_service": {"svc": {"name": "svc", "auth_type": "AWS_IAM"}},
    "aws_vpclattice_auth_policy": {
      "text": {
        "resource_identifier": "${aws_vpclattice_service.svc.arn}",
        "policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Alow\", \"Resource\": \"${aws_vpclattice_service.svc.arn}/*\"}]}"
      },
      "encoded": {
        "policy": "${jsonencode({Version = \"2012-10-17\", Statement = [{Effect = \"Deni\"}]})}"
      }
    }
  }
}
"#;
    let extraction = json_syntax::extract(text, &ExtractOptions::default());
    assert_eq!(extraction.targets.len(), 1);
    let locators: Vec<&str> = extraction
        .policies
        .iter()
        .map(|p| p.locator.as_str())
        .collect();
    assert_eq!(
        locators,
        [
            "aws_vpclattice_auth_policy.text",
            "aws_vpclattice_auth_policy.encoded"
        ]
    );
    assert_eq!(
        extraction.policies[0].attached_to,
        Some(TargetRef::Local("aws_vpclattice_service.svc".into()))
    );
    let first = lowered(text, &extraction.policies[0]);
    let alow = line_col(text, text.find("\\\"Alow").unwrap_or(0));
    assert_eq!(alow.0, 7);
    assert!(first.contains(&("INVALID_EFFECT", 7, alow.1)), "{first:?}");
    let root = extraction.policies[0]
        .root
        .as_ref()
        .unwrap_or_else(|| unreachable!());
    assert!(matches!(
        plain(root)["Statement"][0]["Resource"].as_str(),
        Some(s) if s.starts_with("?")
    ));
    let second = lowered(text, &extraction.policies[1]);
    let (code, line, col) = second
        .iter()
        .copied()
        .find(|f| f.0 == "INVALID_EFFECT")
        .unwrap_or_else(|| unreachable!("{second:?}"));
    assert_eq!((code, line), ("INVALID_EFFECT", 10));
    let at = text.find("\\\"Deni").unwrap_or(0);
    assert_eq!(col, line_col(text, at).1);
}

#[test]
fn extract_reads_terraform_json_syntax_by_its_content() {
    let text = "{\"resource\": {\"aws_vpclattice_auth_policy\": {\"p\": {\"policy\": \"{}\"}}}}";
    let extraction = extract(text, &ExtractOptions::default());
    assert_eq!(extraction.policies.len(), 1);
    assert_eq!(
        extraction.policies[0].locator,
        "aws_vpclattice_auth_policy.p"
    );
    let module = extract_module(&[text, DOCUMENT], &ExtractOptions::default());
    assert_eq!(module[0].policies.len(), 1);
    assert_eq!(module[1].policies.len(), 1);
}

#[test]
fn a_policy_in_a_local_is_read_where_the_local_is_written() {
    let text = "locals {\n  policy = {\n    Version   = \"2012-10-17\"\n    Statement = [{ Effect = \"Alow\" }]\n  }\n  heredoc = <<EOF\n{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Dney\"}]}\nEOF\n}\n\nresource \"aws_vpclattice_auth_policy\" \"a\" {\n  policy = jsonencode(local.policy)\n}\n\nresource \"aws_vpclattice_auth_policy\" \"b\" {\n  policy = local.heredoc\n}\n\nresource \"aws_vpclattice_auth_policy\" \"c\" {\n  policy = local.missing\n}\n";
    let extraction = extract(text, &ExtractOptions::default());
    let locators: Vec<&str> = extraction
        .policies
        .iter()
        .map(|p| p.locator.as_str())
        .collect();
    // Sorted by where each document was written: both locals come first.
    assert_eq!(
        locators,
        [
            "aws_vpclattice_auth_policy.a",
            "aws_vpclattice_auth_policy.b",
            "aws_vpclattice_auth_policy.c"
        ]
    );
    let a = lowered(text, &extraction.policies[0]);
    assert!(a.contains(&("INVALID_EFFECT", 4, 29)), "{a:?}");
    let b = lowered(text, &extraction.policies[1]);
    assert!(b.contains(&("INVALID_EFFECT", 7, 52)), "{b:?}");
    let c = &extraction.policies[2];
    assert!(c.root.is_none());
    assert_eq!(c.findings[0].span.slice(text), Some("local.missing"));
}
