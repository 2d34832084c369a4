//! What the editor knows at a position: hover and completion in
//! real-shaped documents (standalone policies, CloudFormation YAML and
//! JSON, Terraform, Kubernetes), whole and while being typed.
//!
//! Each document marks the cursor with `‸`, removed before asking.

use std::path::Path;

use lattice_policy::editor::{self, Completion, CompletionKind};

const CURSOR: &str = "‸";

/// The document without its cursor mark, and the cursor's byte offset.
fn split(marked: &str) -> (String, usize) {
    let offset = marked.find(CURSOR).expect("a cursor mark");
    (marked.replacen(CURSOR, "", 1), offset)
}

fn hover(name: &str, marked: &str) -> Option<String> {
    let (text, offset) = split(marked);
    editor::hover(Path::new(name), &text, offset).map(|h| {
        // The range is the token the text is about.
        assert!(h.range.start <= offset && offset < h.range.end.max(offset + 1));
        h.markdown
    })
}

fn complete(name: &str, marked: &str, arns: &[&str]) -> (String, Vec<Completion>) {
    let (text, offset) = split(marked);
    let arns: Vec<String> = arns.iter().map(|s| (*s).to_owned()).collect();
    let items = editor::complete(Path::new(name), &text, offset, &arns);
    (text, items)
}

fn labels(items: &[Completion]) -> Vec<&str> {
    items.iter().map(|c| c.label.as_str()).collect()
}

/// The document after applying the completion labelled `label`.
fn apply(text: &str, items: &[Completion], label: &str) -> String {
    let item = items
        .iter()
        .find(|c| c.label == label)
        .unwrap_or_else(|| panic!("no {label} in {:?}", labels(items)));
    let mut out = text.to_owned();
    out.replace_range(item.replace.clone(), &item.insert_text);
    out
}

const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SignedCallersRead",
      "Effect": "Allow",
      "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:role/app", "arn:aws:sts::111122223333:assumed-role/app/s1"]},
      "Action": ["vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:*"],
      "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*",
      "Condition": {
        "StringNotEqualsIgnoreCase": {"aws:PrincipalType": "Anonymous"},
        "StringEquals": {"vpc-lattice-svcs:RequestMethod": "get", "aws:PrincipalType": "Role"},
        "ForAllValues:StringLike": {"vpc-lattice-svcs:RequestQueryString/page": "1*"},
        "StringEqualsIgnoreCase": {"vpc-lattice-svcs:RequestHeader/x-api-key": "k", "aws:PrincipalTag/team": "payments"}
      }
    },
    {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Connect", "Resource": "*"}
  ]
}"#;

/// `POLICY` with the cursor on the `n`th occurrence of `needle`, `skip`
/// bytes into it.
fn at(needle: &str, n: usize, skip: usize) -> String {
    let start = POLICY
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle} #{n}"))
        .0
        + skip;
    format!("{}{CURSOR}{}", &POLICY[..start], &POLICY[start..])
}

#[test]
fn hover_markdown_in_a_standalone_policy() {
    let cases = [
        ("element_condition", at("\"Condition\"", 0, 3)),
        ("value_version", at("2012-10-17", 0, 2)),
        ("key_principal_type", at("aws:PrincipalType", 0, 5)),
        ("key_request_header", at("RequestHeader/x-api-key", 0, 15)),
        ("key_query_string", at("RequestQueryString/page", 0, 1)),
        ("key_principal_tag", at("aws:PrincipalTag/team", 0, 3)),
        ("operator_negated", at("StringNotEqualsIgnoreCase", 0, 1)),
        (
            "operator_for_all_values",
            at("ForAllValues:StringLike", 0, 20),
        ),
        ("action_invoke", at("vpc-lattice-svcs:Invoke", 0, 18)),
        ("action_wildcard", at("vpc-lattice-svcs:*", 0, 2)),
        ("action_connect", at("vpc-lattice-svcs:Connect", 0, 2)),
        ("principal_star", at("\"*\"", 0, 1)),
        ("principal_account", at("111122223333", 0, 2)),
        ("principal_role", at("role/app", 0, 2)),
        ("principal_session", at("assumed-role", 0, 2)),
        ("principal_kind_aws", at("\"AWS\"", 0, 1)),
        ("value_impossible_method", at("\"get\"", 0, 1)),
        ("value_impossible_principal_type", at("\"Role\"", 0, 2)),
        ("effect_deny", at("Deny", 0, 1)),
        ("resource_path", at("\"Resource\": \"arn", 0, 14)),
    ];
    for (name, marked) in cases {
        let markdown = hover("policy.json", &marked).unwrap_or_else(|| panic!("no hover: {name}"));
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(format!("editor__hover_{name}"), markdown);
        });
    }
}

#[test]
fn no_hover_where_there_is_nothing_to_say() {
    // (A `Sid` says what its statement does: see a_sid_says_what_its_statement_does.)
    for marked in [at("[\n    {", 0, 0), at("\"Statement\": [", 0, 12)] {
        assert_eq!(hover("policy.json", &marked), None, "{marked}");
    }
    // Past the end, and in a document that is not JSON at all.
    assert_eq!(editor::hover(Path::new("p.json"), "{}", 10), None);
    assert_eq!(hover("notes.json", "hello ‸world"), None);
}

#[test]
fn a_wrong_version_says_which_are_right() {
    let text = hover("p.json", r#"{"Version": "2012-10-1‸8"}"#).unwrap();
    assert!(text.contains("not a policy language version"), "{text}");
}

#[test]
fn a_dead_value_says_why_and_how_to_fix_it() {
    let text = hover("policy.json", &at("\"get\"", 0, 2)).unwrap();
    assert!(text.contains("upper-case"), "{text}");
    assert!(text.contains("`GET`"), "{text}");
    // The same value ignoring case is fine: the key's own text instead.
    let fine = r#"{"Statement": {"Condition": {"StringEqualsIgnoreCase": {"vpc-lattice-svcs:RequestMethod": "g‸et"}}}}"#;
    let text = hover("policy.json", fine).unwrap();
    assert!(!text.contains("never"), "{text}");
    assert!(text.contains("vpc-lattice-svcs:RequestMethod"), "{text}");
}

#[test]
fn hover_while_the_policy_is_broken() {
    // An unterminated string, a missing comma, a half-typed key.
    let typing = "{\n  \"Statement\": [{\n    \"Effect\": \"Allow\"\n    \"Condition\": {\"StringEquals\": {\"aws:Princip‸alOrgID\": \"o-\n";
    let text = hover("policy.json", typing).unwrap();
    assert!(text.contains("`aws:PrincipalOrgID`"), "{text}");
    assert!(text.contains("signed callers only"), "{text}");
    let typing = "{\"Statement\": [{\"Effect\": \"Allow\", \"Condition\": {\"Nu‸ll";
    let text = hover("policy.json", typing).unwrap();
    assert!(text.contains("presence"), "{text}");
}

#[test]
fn a_diagnostic_code_is_explained() {
    let text = editor::explain_code("anonymous-access").unwrap();
    assert!(text.starts_with("**ANONYMOUS_ACCESS**"), "{text}");
    assert!(text.contains("### Fix"), "{text}");
    assert_eq!(editor::explain_code("NO_SUCH_CODE"), None);
    // In the configuration file, a rule named in `[rules]`.
    let config = "[rules]\nanonymous-ac‸cess = \"warning\"\n";
    let text = hover("lattice-policy.toml", config).unwrap();
    assert!(text.starts_with("**ANONYMOUS_ACCESS**"), "{text}");
}

#[test]
fn completion_of_elements_at_each_level() {
    let (_, items) = complete("p.json", "{‸}", &[]);
    assert_eq!(labels(&items), ["Version", "Id", "Statement"]);
    let (_, items) = complete(
        "p.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "1"}, "‸"}]}"#,
        &[],
    );
    assert_eq!(
        labels(&items),
        [
            "Sid",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition"
        ]
    );
    assert!(items.iter().all(|c| c.kind == CompletionKind::Element));
    assert!(items.iter().all(|c| c.documentation.is_some()));
    let (_, items) = complete("p.json", r#"{"Statement": {"Principal": {‸}}}"#, &[]);
    assert_eq!(
        labels(&items),
        ["AWS", "Service", "Federated", "CanonicalUser"]
    );
}

#[test]
fn completion_replaces_the_partial_token_inside_quotes_and_out() {
    // Inside quotes: the key is completed with its separator and the
    // shape of its value; the typed quote is not doubled.
    let (text, items) = complete("p.json", r#"{"Statement": [{"Cond‸"}]}"#, &[]);
    assert_eq!(labels(&items), ["Condition"]);
    assert_eq!(
        apply(&text, &items, "Condition"),
        r#"{"Statement": [{"Condition": {}}]}"#
    );
    // A string not closed yet: replaced up to the cursor, then closed.
    let (text, items) = complete("p.json", "{\"Statement\": [{\"Eff‸\n", &[]);
    assert_eq!(
        apply(&text, &items, "Effect"),
        "{\"Statement\": [{\"Effect\": \n"
    );
    let effect = items.iter().find(|c| c.label == "Effect").unwrap();
    assert_eq!(
        effect.snippet.as_deref(),
        Some("Effect\": \"${1|Allow,Deny|}\"")
    );
    // A key whose value is written: renamed, the value kept.
    let (text, items) = complete("p.json", r#"{"Statement": [{"Eff‸": "Allow"}]}"#, &[]);
    assert_eq!(
        apply(&text, &items, "Effect"),
        r#"{"Statement": [{"Effect": "Allow"}]}"#
    );
    // A key typed without its quote.
    let (text, items) = complete("p.json", r#"{"Statement": [{Eff‸}]}"#, &[]);
    assert_eq!(
        apply(&text, &items, "Effect"),
        r#"{"Statement": [{"Effect": }]}"#
    );
    // A bare word: replaced, with quotes.
    let (text, items) = complete("p.json", r#"{"Statement": {"Effect": De‸}}"#, &[]);
    assert_eq!(labels(&items), ["Deny"]);
    assert_eq!(
        apply(&text, &items, "Deny"),
        r#"{"Statement": {"Effect": "Deny"}}"#
    );
    // Nothing typed: inserted at the cursor, with quotes.
    let (text, items) = complete("p.json", r#"{"Version": ‸}"#, &[]);
    assert_eq!(labels(&items), ["2012-10-17", "2008-10-17"]);
    assert_eq!(
        apply(&text, &items, "2012-10-17"),
        r#"{"Version": "2012-10-17"}"#
    );
}

#[test]
fn completion_of_operators_and_keys() {
    let (_, items) = complete(
        "p.json",
        r#"{"Statement": {"Condition": {"StringEquals": {}, "ForAnyValue:StringLi‸"}}}"#,
        &[],
    );
    assert_eq!(
        labels(&items),
        ["ForAnyValue:StringLike", "ForAnyValue:StringLikeIfExists"]
    );
    let (_, all) = complete("p.json", r#"{"Statement": {"Condition": {"‸"}}}"#, &[]);
    // Every operator, with IfExists and the set qualifiers, but not NullIfExists.
    assert_eq!(all.len(), 3 * (27 + 26));
    assert!(labels(&all).contains(&"ForAllValues:ArnNotLikeIfExists"));
    assert!(!labels(&all).contains(&"NullIfExists"));
    let null = all.iter().find(|c| c.label == "Null").unwrap();
    assert_eq!(null.kind, CompletionKind::Operator);
    assert!(null.detail.as_deref().unwrap().contains("presence"));

    // Keys fitting the operator, templated ones by their prefix, those
    // already in the block left out.
    let (_, items) = complete(
        "p.json",
        r#"{"Statement": {"Condition": {"StringEquals": {"aws:PrincipalType": "Anonymous", "‸"}}}}"#,
        &[],
    );
    let got = labels(&items);
    for key in [
        "vpc-lattice-svcs:RequestMethod",
        "vpc-lattice-svcs:RequestHeader/",
        "vpc-lattice-svcs:RequestQueryString/",
        "aws:PrincipalTag/",
        "aws:ResourceTag/",
        "aws:PrincipalOrgID",
        "aws:PrincipalArn",
    ] {
        assert!(got.contains(&key), "{key} in {got:?}");
    }
    assert!(!got.contains(&"aws:PrincipalType"));
    assert!(
        !got.contains(&"vpc-lattice-svcs:Port"),
        "numeric under StringEquals"
    );
    assert!(
        !got.contains(&"aws:SourceVpce"),
        "a key Lattice never carries"
    );
    let (_, items) = complete(
        "p.json",
        r#"{"Statement": {"Condition": {"Bool": {"aws:‸"}}}}"#,
        &[],
    );
    assert_eq!(
        labels(&items),
        ["aws:PrincipalIsAWSService", "aws:SecureTransport"]
    );
    let (_, items) = complete(
        "p.json",
        r#"{"Statement": {"Condition": {"IpAddress": {"‸"}}}}"#,
        &[],
    );
    assert_eq!(labels(&items), ["aws:SourceIp"]);
    let key = &items[0];
    assert_eq!(key.kind, CompletionKind::Key);
    assert!(key.documentation.as_deref().unwrap().contains("IP address"));
}

#[test]
fn completion_of_closed_value_sets() {
    let value = |marked: &str| {
        let (_, items) = complete("p.json", marked, &[]);
        labels(&items)
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        value(r#"{"Statement": {"Condition": {"StringEquals": {"aws:PrincipalType": "‸"}}}}"#),
        [
            "Account",
            "User",
            "FederatedUser",
            "AssumedRole",
            "Anonymous"
        ]
    );
    assert_eq!(
        value(
            r#"{"Statement": {"Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": ["GET", "P‸"]}}}}"#
        ),
        ["POST", "PUT", "PATCH"]
    );
    assert_eq!(
        value(r#"{"Statement": {"Condition": {"Bool": {"aws:SecureTransport": ‸}}}}"#),
        ["true", "false"]
    );
    assert_eq!(
        value(r#"{"Statement": {"Condition": {"Null": {"aws:PrincipalOrgID": "‸"}}}}"#),
        ["true", "false"]
    );
    assert_eq!(
        value(r#"{"Statement": {"Effect": "‸"}}"#),
        ["Allow", "Deny"]
    );
    assert_eq!(
        value(r#"{"Statement": {"Action": "‸"}}"#),
        [
            "vpc-lattice-svcs:Invoke",
            "vpc-lattice-svcs:Connect",
            "vpc-lattice-svcs:*"
        ]
    );
    assert_eq!(value(r#"{"Statement": {"Principal": ‸}}"#), ["*"]);
    // Free text has nothing to offer.
    assert!(value(r#"{"Statement": {"Sid": "‸"}}"#).is_empty());
    assert!(value(
        r#"{"Statement": {"Condition": {"StringLike": {"vpc-lattice-svcs:RequestPath": "‸"}}}}"#
    )
    .is_empty());
}

#[test]
fn completion_offers_the_workspace_arns_where_a_resource_is_expected() {
    let svc = "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0";
    let sn = "arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef0";
    let (text, items) = complete(
        "p.json",
        r#"{"Statement": {"Resource": ["‸"]}}"#,
        &[svc, sn],
    );
    let svc_paths = format!("{svc}/*");
    assert_eq!(labels(&items), ["*", svc, svc_paths.as_str(), sn]);
    assert_eq!(
        apply(&text, &items, &svc_paths),
        format!(r#"{{"Statement": {{"Resource": ["{svc}/*"]}}}}"#)
    );
    // The service ARN key takes service ARNs only.
    let (_, items) = complete(
        "p.json",
        r#"{"Statement": {"Condition": {"StringEquals": {"vpc-lattice-svcs:ServiceArn": "‸"}}}}"#,
        &[svc, sn],
    );
    assert_eq!(labels(&items), [svc]);
}

const TEMPLATE: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Service:\n    Type: AWS::VpcLattice::Service\n    Properties:\n      AuthType: AWS_IAM\n  Policy:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      ResourceIdentifier: !Ref Service\n      Policy:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: \"*\"\n            Action: vpc-lattice-svcs:Invoke\n            Resource: \"*\"\n            Condition:\n              StringNotEqualsIgnoreCase:\n                aws:PrincipalType: Anonymous\n";

#[test]
fn cloudformation_yaml_hover_and_completion() {
    let mark = |needle: &str, skip: usize| {
        let at = TEMPLATE.find(needle).unwrap() + skip;
        format!("{}{CURSOR}{}", &TEMPLATE[..at], &TEMPLATE[at..])
    };
    let text = hover("template.yaml", &mark("aws:PrincipalType", 4)).unwrap();
    assert!(text.starts_with("**`aws:PrincipalType`**"), "{text}");
    let text = hover("template.yaml", &mark("StringNotEqualsIgnoreCase", 3)).unwrap();
    assert!(text.contains("negated"), "{text}");
    let text = hover("template.yaml", &mark("Principal: \"*\"", 13)).unwrap();
    assert!(text.contains("anonymous"), "{text}");
    let text = hover("template.yaml", &mark("Effect", 1)).unwrap();
    assert!(text.starts_with("**`Effect`**"), "{text}");
    // Outside the policy: nothing.
    assert_eq!(hover("template.yaml", &mark("AuthType", 1)), None);

    // A plain scalar is replaced whole, and a YAML value may be quoted.
    let (text, items) = complete("template.yaml", &mark("Anonymous", 0), &[]);
    assert_eq!(labels(&items).len(), 5, "{:?}", labels(&items));
    let done = apply(&text, &items, "AssumedRole");
    assert!(done.contains("aws:PrincipalType: AssumedRole\n"), "{done}");
}

#[test]
fn cloudformation_json_with_an_escaped_policy_string() {
    let template = r#"{"Resources": {"P": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {"ResourceIdentifier": "svc-0123456789abcdef0", "Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"vpc-lattice-svcs:Invoke\", \"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"true\"}}}]}"}}}}"#;
    let at = template.find("aws:SecureTransport").unwrap() + 5;
    let marked = format!("{}{CURSOR}{}", &template[..at], &template[at..]);
    let text = hover("stack.template.json", &marked).unwrap();
    assert!(text.starts_with("**`aws:SecureTransport`**"), "{text}");
    // An edit inside escapes is not offered: it could be wrong.
    let (_, items) = complete("stack.template.json", &marked, &[]);
    assert!(items.is_empty(), "{:?}", labels(&items));
}

const MANIFEST: &str = "apiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata:\n  name: checkout\n  namespace: shop\nspec:\n  targetRef:\n    group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    name: checkout\n  policy: |\n    {\n      \"Version\": \"2012-10-17\",\n      \"Statement\": [\n        {\n          \"Effect\": \"Allow\",\n          \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},\n          \"Action\": \"vpc-lattice-svcs:Invoke\",\n          \"Resource\": \"*\",\n          \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/team\": \"shop\"}}\n        }\n      ]\n    }\n";

#[test]
fn kubernetes_policy_string_hover_and_completion_while_typing() {
    let at = MANIFEST.find("arn:aws:iam::111122223333:root").unwrap() + 5;
    let marked = format!("{}{CURSOR}{}", &MANIFEST[..at], &MANIFEST[at..]);
    let text = hover("route-policy.yaml", &marked).unwrap();
    assert!(
        text.contains("every signed identity of account 111122223333"),
        "{text}"
    );

    // The block scalar's JSON being typed: no longer valid, still read.
    let cut = MANIFEST.find("\"Condition\"").unwrap();
    let typing = format!("{}\"Condition\": {{\"StringEq{CURSOR}\n", &MANIFEST[..cut]);
    let (text, items) = complete("route-policy.yaml", &typing, &[]);
    let got = labels(&items);
    assert!(got.contains(&"StringEquals"), "{got:?}");
    assert!(got.contains(&"StringEqualsIgnoreCaseIfExists"), "{got:?}");
    let done = apply(&text, &items, "StringEquals");
    assert!(
        done.ends_with("\"Condition\": {\"StringEquals\": {}\n"),
        "{done}"
    );
}

const TERRAFORM: &str = "resource \"aws_vpclattice_service\" \"orders\" {\n  name      = \"orders\"\n  auth_type = \"AWS_IAM\"\n}\n\nresource \"aws_vpclattice_auth_policy\" \"orders\" {\n  resource_identifier = aws_vpclattice_service.orders.arn\n  policy = <<EOF\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Principal\": \"*\",\n    \"Action\": \"vpc-lattice-svcs:Invoke\",\n    \"Resource\": \"*\",\n    \"Condition\": {\"StringEquals\": {\"vpc-lattice-svcs:RequestMethod\": \"GET\"}}\n  }]\n}\nEOF\n}\n\nresource \"aws_vpclattice_auth_policy\" \"encoded\" {\n  resource_identifier = aws_vpclattice_service.orders.arn\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = \"*\"\n      Action    = \"vpc-lattice-svcs:Connect\"\n      Resource  = \"*\"\n    }]\n  })\n}\n";

#[test]
fn terraform_heredoc_and_jsonencode() {
    let mark = |needle: &str, skip: usize| {
        let at = TERRAFORM.find(needle).unwrap() + skip;
        format!("{}{CURSOR}{}", &TERRAFORM[..at], &TERRAFORM[at..])
    };
    let text = hover("main.tf", &mark("RequestMethod", 2)).unwrap();
    assert!(
        text.starts_with("**`vpc-lattice-svcs:RequestMethod`**"),
        "{text}"
    );
    let text = hover("main.tf", &mark("vpc-lattice-svcs:Connect", 3)).unwrap();
    assert!(text.contains("TLS"), "{text}");
    // Completion in the heredoc: the methods.
    let (text, items) = complete("main.tf", &mark("\"GET\"", 2), &[]);
    assert!(labels(&items).contains(&"GET"), "{:?}", labels(&items));
    assert!(apply(&text, &items, "GET").contains("\"GET\""));
    // Outside any policy: nothing.
    assert_eq!(hover("main.tf", &mark("auth_type", 2)), None);
}

#[test]
fn a_deploy_time_value_gets_no_hover_and_no_completion() {
    let template = TEMPLATE.replace(
        "Principal: \"*\"",
        "Principal:\n              AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"",
    );
    let at = template.find("!Sub").unwrap() + 2;
    let marked = format!("{}{CURSOR}{}", &template[..at], &template[at..]);
    assert_eq!(hover("template.yaml", &marked), None);
    let (_, items) = complete("template.yaml", &marked, &[]);
    assert!(items.is_empty(), "{:?}", labels(&items));
}

#[test]
fn any_offset_in_any_document_is_answered_without_a_panic() {
    let documents = [
        (
            "p.json",
            POLICY.replace("SignedCallersRead", "Lecture signée é 🙂"),
        ),
        (
            "p.json",
            "{\"Statement\": [{\"Effect\": \"Al\u{e9}\n, \"Condition\": {\"Stri".to_owned(),
        ),
        ("t.yaml", TEMPLATE.replace("Anonymous", "Anonymous # é 🙂")),
        ("r.yaml", MANIFEST.to_owned()),
        ("main.tf", TERRAFORM.to_owned()),
        ("lattice-policy.toml", "[rules]\né = 1\n".to_owned()),
    ];
    for (name, text) in &documents {
        for offset in 0..=text.len() + 2 {
            let _ = editor::hover(Path::new(name), text, offset);
            for item in editor::complete(Path::new(name), text, offset, &[]) {
                assert!(
                    text.get(item.replace.clone()).is_some(),
                    "{name} at {offset}: {:?}",
                    item.replace
                );
            }
        }
    }
}

#[test]
fn operators_and_keys_complete_to_their_json_shape() {
    let (text, items) = complete(
        "p.json",
        r#"{"Statement": {"Condition": {"StringNotEq‸"}}}"#,
        &[],
    );
    assert_eq!(
        apply(&text, &items, "StringNotEqualsIgnoreCase"),
        r#"{"Statement": {"Condition": {"StringNotEqualsIgnoreCase": {}}}}"#
    );
    let (text, items) = complete(
        "p.json",
        r#"{"Statement": {"Condition": {"StringEquals": {"aws:PrincipalTy‸"}}}}"#,
        &[],
    );
    assert_eq!(
        apply(&text, &items, "aws:PrincipalType"),
        r#"{"Statement": {"Condition": {"StringEquals": {"aws:PrincipalType": }}}}"#
    );
    // A templated key: its prefix, the cursor left for the name.
    let (text, items) = complete(
        "p.json",
        r#"{"Statement": {"Condition": {"StringEquals": {"aws:PrincipalTa‸"}}}}"#,
        &[],
    );
    let tag = items
        .iter()
        .find(|c| c.label == "aws:PrincipalTag/")
        .unwrap();
    assert_eq!(text.get(tag.replace.clone()), Some("aws:PrincipalTa"));
    assert_eq!(tag.insert_text, "aws:PrincipalTag/");
}

/// TEMPLATE cut after its statement's `Effect` line, with `tail` typed.
fn typing_in_template(tail: &str) -> String {
    let cut = TEMPLATE.find("            Principal").unwrap();
    format!("{}{tail}", &TEMPLATE[..cut])
}

#[test]
fn yaml_being_typed_still_answers_in_yaml() {
    // A key alone on its line: the file does not parse.
    let (text, items) = complete(
        "template.yaml",
        &typing_in_template("            Act‸\n"),
        &[],
    );
    assert_eq!(
        labels(&items),
        ["Action"],
        "NotAction is not a prefix match"
    );
    assert!(apply(&text, &items, "Action").ends_with("            Action: \n"));
    let (text, items) = complete(
        "template.yaml",
        &typing_in_template("            Princ‸\n            Action: vpc-lattice-svcs:Invoke\n"),
        &[],
    );
    assert_eq!(labels(&items), ["Principal"]);
    assert!(
        apply(&text, &items, "Principal").contains("            Principal: \n            Action")
    );
    // A mapping value goes on the next line, indented.
    let (text, items) = complete(
        "template.yaml",
        &typing_in_template("            Condition:\n              StringEq‸\n"),
        &[],
    );
    assert!(apply(&text, &items, "StringEquals")
        .ends_with("              StringEquals:\n                \n"));
    let (text, items) = complete(
        "template.yaml",
        &typing_in_template(
            "            Condition:\n              Bool:\n                aws:Sec‸\n",
        ),
        &[],
    );
    assert!(apply(&text, &items, "aws:SecureTransport")
        .ends_with("                aws:SecureTransport: \n"));
    // A new statement, and values: plain where YAML reads them as written.
    let (text, items) = complete(
        "template.yaml",
        &typing_in_template("          - Eff‸\n"),
        &[],
    );
    assert!(apply(&text, &items, "Effect").ends_with("          - Effect: \n"));
    let (text, items) = complete(
        "template.yaml",
        &typing_in_template("            Principal: ‸\n            Oops\n"),
        &[],
    );
    assert!(apply(&text, &items, "*").ends_with("            Principal: \"*\"\n            Oops\n"));
    let (text, items) = complete(
        "template.yaml",
        &typing_in_template("            Action: vpc-lattice-svcs:Con‸\n            Oops\n"),
        &[],
    );
    assert!(apply(&text, &items, "vpc-lattice-svcs:Connect")
        .contains("Action: vpc-lattice-svcs:Connect\n"));
    // Hover while the file does not parse.
    let broken = typing_in_template("            Condition:\n              StringNotEquals:\n                aws:PrincipalTy‸pe: Anonymous\n            Oops\n");
    let text = hover("template.yaml", &broken).unwrap();
    assert!(text.starts_with("**`aws:PrincipalType`**"), "{text}");
    let broken = typing_in_template(
        "            Condition:\n              StringNot‸Equals:\n            Oops\n",
    );
    assert!(hover("template.yaml", &broken).unwrap().contains("negated"));
    // Outside the policy, nothing, broken or not.
    let outside = TEMPLATE.replace("AuthType: AWS_IAM", "AuthTy‸\n      Oops");
    assert_eq!(hover("template.yaml", &outside), None);
    let (_, items) = complete("template.yaml", &outside, &[]);
    assert!(items.is_empty());
}

#[test]
fn terraform_being_typed_still_answers_in_hcl() {
    let cut = TERRAFORM.find("      Principal = \"*\"").unwrap();
    let typing = |tail: &str| format!("{}{tail}", &TERRAFORM[..cut]);
    let (text, items) = complete("main.tf", &typing("      Cond‸\n    }]\n  })\n}\n"), &[]);
    assert_eq!(labels(&items), ["Condition"]);
    assert!(apply(&text, &items, "Condition").contains("      Condition = {}\n"));
    let (text, items) = complete(
        "main.tf",
        &typing("      Condition = {\n        StringEquals = {\n          aws:PrincipalTy‸\n"),
        &[],
    );
    assert!(
        apply(&text, &items, "aws:PrincipalType").ends_with("          \"aws:PrincipalType\" = \n")
    );
    let (text, items) = complete(
        "main.tf",
        &typing("      Condition = {\n        StringEquals = {\n          \"aws:PrincipalTy‸\"\n"),
        &[],
    );
    assert!(
        apply(&text, &items, "aws:PrincipalType").ends_with("          \"aws:PrincipalType\" = \n")
    );
    let (text, items) = complete(
        "main.tf",
        &typing(
            "      Condition = {\n        StringEquals = {\n          \"aws:PrincipalType\" = ‸\n",
        ),
        &[],
    );
    assert!(apply(&text, &items, "Anonymous").ends_with("= \"Anonymous\"\n"));
    let text = hover(
        "main.tf",
        &typing("      Condition = {\n        StringNot‸Equals = {\n"),
    )
    .unwrap();
    assert!(text.contains("negated"), "{text}");
}

#[test]
fn a_sid_says_what_its_statement_does() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Health", "Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
   "Resource": "*", "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET", "vpc-lattice-svcs:RequestPath": "/health"}}},
  {"Sid": "Nobody", "Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
   "Resource": "*", "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "get"}}}
]}"#;
    let mark = |needle: &str| {
        let at = policy.find(needle).unwrap() + 2;
        format!("{}{CURSOR}{}", &policy[..at], &policy[at..])
    };
    let text = hover("p.json", &mark("Health")).unwrap();
    assert!(
        text.starts_with("**Statement `Health`**: lets anonymous callers in: GET /health"),
        "{text}"
    );
    let text = hover("p.json", &mark("Nobody")).unwrap();
    assert!(text.contains("never applies"), "{text}");
}

/// A statement limited to an organization known only at deploy time is
/// said to let in what `policy check` says it does: callers of one
/// organization (decision `unknown-ids-fixed`), not "any account".
#[test]
fn a_sid_limited_to_an_unknown_organization_is_no_any_account_access() {
    let template = r#"Parameters:
  OrgId:
    Type: String
Resources:
  Policy:
    Type: AWS::VpcLattice::AuthPolicy
    Properties:
      ResourceIdentifier: svc-0123456789abcdef0
      Policy:
        Version: "2012-10-17"
        Statement:
          - Sid: OrgOnly
            Effect: Allow
            Principal: "*"
            Action: vpc-lattice-svcs:Invoke
            Resource: "*"
            Condition:
              StringEquals:
                aws:PrincipalOrgID: !Ref OrgId
"#;
    let at = template.find("OrgOnly").unwrap() + 2;
    let marked = format!("{}{CURSOR}{}", &template[..at], &template[at..]);
    let text = hover("template.yaml", &marked).unwrap();
    assert!(text.starts_with("**Statement `OrgOnly`**"), "{text}");
    assert!(!text.contains("any account"), "{text}");
    assert!(text.contains("no finding"), "{text}");
}

#[test]
fn a_principal_that_never_passes_its_condition_says_why() {
    let policy = r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
  "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
  "Condition": {"StringEquals": {"aws:PrincipalAccount": "444455556666"}}}]}"#;
    let at = policy.find("role/app").unwrap();
    let marked = format!("{}{CURSOR}{}", &policy[..at], &policy[at..]);
    let text = hover("p.json", &marked).unwrap();
    assert!(
        text.starts_with("**Never passes its own condition**"),
        "{text}"
    );
    assert!(text.contains("`444455556666`"), "{text}");
    // The same account: nothing to say beyond what the principal is.
    let fine = marked.replace("444455556666", "111122223333");
    let text = hover("p.json", &fine).unwrap();
    assert!(!text.contains("Never passes"), "{text}");
    assert!(text.starts_with("**role**"), "{text}");
}

#[test]
fn version_values_say_what_they_mean_in_every_syntax() {
    let text = hover("p.json", r#"{"Version": "2012-1‸0-17"}"#).unwrap();
    assert!(text.contains("current policy language"), "{text}");
    let at = TEMPLATE.find("2012-10-17").unwrap() + 3;
    let marked = format!("{}{CURSOR}{}", &TEMPLATE[..at], &TEMPLATE[at..]);
    assert!(hover("template.yaml", &marked)
        .unwrap()
        .contains("current policy language"));
    let text = hover("p.json", r#"{"Version": "2012-1‸0-18"}"#).unwrap();
    assert!(text.contains("not a policy language version"), "{text}");
}
