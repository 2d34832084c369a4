//! Kubernetes manifests and YAML read in place: each IAMAuthPolicy found
//! with its locator and target, and findings inside its JSON block scalar
//! at the manifest's own lines and columns.

use std::collections::BTreeMap;

use lattice_policy::iac::{kubernetes, yaml, ExtractOptions, Extraction, TargetKind, TargetRef};
use lattice_policy::json::{Node, Value};
use lattice_policy::lower;
use lattice_policy::model::PolicyKind;
use lattice_policy::source::Source;

use crate::rng::Rng;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("tests/data/iac/iacyaml/{name}")).unwrap()
}

fn extract(name: &str, env: &[(&str, &str)]) -> (String, Extraction) {
    let text = fixture(name);
    let options = ExtractOptions {
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        ..ExtractOptions::default()
    };
    let extraction = kubernetes::extract(&text, &options);
    (text, extraction)
}

/// `(code, line, column)` of each finding, lines and columns 1-based in `text`.
fn located(
    text: &str,
    findings: &[lattice_policy::diagnostic::Finding],
) -> Vec<(String, usize, usize)> {
    let source = Source::new("x.yaml", text);
    findings
        .iter()
        .map(|f| {
            let p = source.position(f.span.offset());
            (f.code().to_owned(), p.line, p.column)
        })
        .collect()
}

fn line_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let p = Source::new("x.yaml", text).position(at);
    (p.line, p.column)
}

fn unknowns(node: &Node<'static>, out: &mut Vec<String>) {
    match &node.value {
        Value::Unknown(e) => out.push(e.to_string()),
        Value::Array(items) => items.iter().for_each(|n| unknowns(n, out)),
        Value::Object(members) => members.iter().for_each(|m| unknowns(&m.value, out)),
        _ => {}
    }
}

#[test]
fn each_iam_auth_policy_is_found_with_its_locator_and_target() {
    let (text, extraction) = extract("app-iam-auth-policy.yaml", &[]);
    assert!(extraction.findings.is_empty(), "{:?}", extraction.findings);
    let locators: Vec<_> = extraction
        .policies
        .iter()
        .map(|p| p.locator.as_str())
        .collect();
    assert_eq!(
        locators,
        [
            "app-services-gw/app-services-gw-iam-auth-policy",
            "app1/rates-iam-auth-policy"
        ]
    );
    assert_eq!(
        extraction.policies[0].attached_to,
        Some(TargetRef::Local(
            "Gateway/app-services-gw/app-services-gw".into()
        ))
    );
    assert_eq!(
        extraction.policies[1].attached_to,
        Some(TargetRef::Local("HTTPRoute/app1/rates".into()))
    );
    let targets: Vec<_> = extraction
        .targets
        .iter()
        .map(|t| (t.locator.as_str(), t.kind.clone()))
        .collect();
    assert_eq!(
        targets,
        [
            (
                "Gateway/app-services-gw/app-services-gw",
                TargetKind::ServiceNetwork
            ),
            ("HTTPRoute/app1/rates", TargetKind::Service)
        ]
    );
    // Each policy's span is its block scalar, from `|` to the closing brace.
    let source = Source::new("x.yaml", text.as_str());
    let (start, end) = source.range(extraction.policies[0].span);
    assert_eq!(start.line, line_of(&text, "policy: |").0);
    assert_eq!(end.line, line_of(&text, "---\napiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata:\n  name: rates").0 - 1);
}

#[test]
fn a_misspelt_element_in_the_block_scalar_is_reported_at_its_manifest_line() {
    let (text, extraction) = extract("app-iam-auth-policy.yaml", &[]);
    let policy = &extraction.policies[1];
    assert!(policy.findings.is_empty(), "{:?}", policy.findings);
    let root = policy.root.as_ref().unwrap();
    let lowered = lower::lower(root, PolicyKind::Auth);
    let found = located(&text, &lowered.findings);
    let (line, column) = line_of(&text, "\"Efect\"");
    assert!(
        found
            .iter()
            .any(|(code, l, c)| code == "INVALID_POLICY_ELEMENT" && *l == line && *c == column),
        "{found:?}, expected line {line} column {column}"
    );
    // Every span of the tree lies in the manifest, inside the block scalar.
    for span in root.spans() {
        assert!(policy.span.offset() <= span.offset());
        assert!(span.offset() + span.len() <= policy.span.offset() + policy.span.len());
    }
}

#[test]
fn placeholders_are_unknown_unless_given() {
    let (_, extraction) = extract("app-iam-auth-policy.yaml", &[]);
    let mut found = Vec::new();
    unknowns(extraction.policies[1].root.as_ref().unwrap(), &mut found);
    assert_eq!(
        found,
        ["arn:aws:iam::${ACCOUNT_ID}:root", "$SOURCE_CLUSTER"]
    );

    let env = [
        ("ACCOUNT_ID", "111122223333"),
        ("SOURCE_CLUSTER", "eksworkshop-eksctl"),
        ("EKS_CLUSTER1_VPC_ID", "vpc-0bf4d6ef77964c6dd"),
    ];
    let (text, extraction) = extract("app-iam-auth-policy.yaml", &env);
    let mut found = Vec::new();
    unknowns(extraction.policies[1].root.as_ref().unwrap(), &mut found);
    assert!(found.is_empty(), "{found:?}");
    // A substituted value is spanned over the placeholder it replaced.
    let root = extraction.policies[1].root.as_ref().unwrap();
    let principal = find_string(root, "arn:aws:iam::111122223333:root").unwrap();
    assert_eq!(
        principal.span.slice(&text),
        Some("\"arn:aws:iam::${ACCOUNT_ID}:root\"")
    );
    // One VPC given, one not.
    let mut found = Vec::new();
    unknowns(extraction.policies[0].root.as_ref().unwrap(), &mut found);
    assert_eq!(found, ["$EKS_CLUSTER2_VPC_ID"]);
}

fn find_string<'a>(node: &'a Node<'static>, wanted: &str) -> Option<&'a Node<'static>> {
    match &node.value {
        Value::String(s) if s == wanted => Some(node),
        Value::Array(items) => items.iter().find_map(|n| find_string(n, wanted)),
        Value::Object(members) => members.iter().find_map(|m| find_string(&m.value, wanted)),
        _ => None,
    }
}

#[test]
fn two_policies_on_one_route_and_a_kind_that_takes_none_are_recorded() {
    let (text, extraction) = extract("conflicts.yaml", &[]);
    assert!(extraction.findings.is_empty(), "{:?}", extraction.findings);
    let attached: Vec<_> = extraction
        .policies
        .iter()
        .map(|p| (p.locator.as_str(), p.attached_to.clone()))
        .collect();
    let route = Some(TargetRef::Local("HTTPRoute/default/orders".into()));
    assert_eq!(attached[0], ("default/first", route.clone()));
    assert_eq!(attached[1], ("default/second", route));
    assert_eq!(
        attached[2].1,
        Some(TargetRef::Local("Service/shop/orders".into()))
    );
    let service = extraction
        .targets
        .iter()
        .find(|t| t.locator == "Service/shop/orders")
        .unwrap();
    assert_eq!(service.kind, TargetKind::Other("Service".into()));
    assert_eq!(service.span.slice(&text), Some("Service"));
    // Single- and double-quoted policy strings parse, spanned in the file.
    for policy in &extraction.policies {
        assert!(policy.findings.is_empty(), "{:?}", policy.findings);
        let root = policy.root.as_ref().unwrap();
        let effect = find_string(root, "Allow")
            .or_else(|| find_string(root, "Deny"))
            .unwrap();
        let written = effect.span.slice(&text).unwrap();
        assert!(
            written.contains("Allow") || written.contains("Deny"),
            "{written}"
        );
    }
}

#[test]
fn a_broken_document_hides_no_other_and_crlf_lines_stay_right() {
    let (text, extraction) = extract("broken-and-kept.yaml", &[]);
    let found = located(&text, &extraction.findings);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "YAML_SYNTAX_ERROR");
    assert!((6..=8).contains(&found[0].1), "{found:?}");
    let locators: Vec<_> = extraction
        .policies
        .iter()
        .map(|p| p.locator.as_str())
        .collect();
    assert_eq!(locators, ["default/kept"]);
    // The trailing comma inside the JSON is found at its line and column.
    let policy = &extraction.policies[0];
    let found = located(&text, &policy.findings);
    let at = text.find(",}]}").unwrap();
    let p = Source::new("x.yaml", text.as_str()).position(at);
    assert_eq!(found, [("JSON_SYNTAX_ERROR".to_owned(), p.line, p.column)]);
    assert!(policy.root.is_some());
}

#[test]
fn yaml_that_is_no_manifest_gives_nothing() {
    let (_, extraction) = extract("values.yaml", &[]);
    assert!(
        extraction.policies.is_empty()
            && extraction.targets.is_empty()
            && extraction.findings.is_empty()
    );
    let parsed = yaml::parse(&fixture("values.yaml"));
    assert!(!kubernetes::is_manifest(&parsed.documents));
    assert!(kubernetes::is_manifest(
        &yaml::parse(&fixture("conflicts.yaml")).documents
    ));
}

#[test]
fn a_policy_without_its_document_or_target_is_reported() {
    let text = "apiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata: {name: p}\nspec:\n  policy: 42\n";
    let extraction = kubernetes::extract(text, &ExtractOptions::default());
    let policy = &extraction.policies[0];
    let codes: Vec<_> = policy.findings.iter().map(|f| f.code()).collect();
    assert_eq!(
        codes,
        ["KUBERNETES_MANIFEST_INVALID", "KUBERNETES_MANIFEST_INVALID"]
    );
    assert!(policy.root.is_none());
    assert_eq!(policy.attached_to, None);
}

/// YAML-ish text from pieces that break parsers: indicators, tags,
/// anchors and aliases, block headers, quotes, tabs, CRLF, non-ASCII.
fn yamlish(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a",
        ": ",
        "- ",
        "\n",
        "\r\n",
        "  ",
        "\t",
        "[",
        "]",
        "{",
        "}",
        ",",
        "!Ref ",
        "!GetAtt x.y",
        "!Sub ",
        "!!str ",
        "&a ",
        "*a",
        "|",
        ">-",
        "|2+",
        "'",
        "''",
        "\"",
        "\\u00e9",
        "\\",
        "# c",
        "---\n",
        "...\n",
        "? ",
        "é",
        "ü: ",
        "kind: IAMAuthPolicy\n",
        "apiVersion: application-networking.k8s.aws/v1\n",
        "spec:\n  policy: |\n    {\"Statement\": [\n",
        "$VAR",
        "${X}",
        "\u{feff}",
        "%YAML 1.2\n",
        "~",
        "true",
        "12",
    ];
    let n = rng.below(40);
    (0..n).map(|_| rng.pick(PIECES)).collect()
}

#[test]
fn random_yamlish_input_never_panics_and_spans_stay_in_the_text() {
    let mut rng = Rng(0x5eed_4a11_9e37_79b9);
    for _ in 0..3000 {
        let text = yamlish(&mut rng);
        let parsed = yaml::parse(&text);
        let in_text = |span: lattice_policy::span::Span| {
            span.offset() + span.len() <= text.len() && text.is_char_boundary(span.offset())
        };
        for document in &parsed.documents {
            assert!(document.spans().into_iter().all(in_text), "{text:?}");
        }
        assert!(parsed.findings.iter().all(|f| in_text(f.span)), "{text:?}");
        let extraction = kubernetes::extract(&text, &ExtractOptions::default());
        for policy in &extraction.policies {
            assert!(in_text(policy.span), "{text:?}");
            if let Some(node) = &policy.root {
                assert!(node.spans().into_iter().all(in_text), "{text:?}");
            }
        }
    }
}

#[test]
fn a_list_holds_objects_and_a_helm_template_is_skipped() {
    let text = r#"{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "application-networking.k8s.aws/v1alpha1", "kind": "IAMAuthPolicy",
   "metadata": {"name": "p", "namespace": "n"},
   "spec": {"targetRef": {"kind": "GRPCRoute", "name": "r"},
            "policy": "{\"Version\": \"2012-10-17\", \"Statement\": []}"}}]}"#;
    let extraction = kubernetes::extract(text, &ExtractOptions::default());
    assert_eq!(extraction.policies.len(), 1);
    assert_eq!(extraction.policies[0].locator, "n/p");
    assert_eq!(
        extraction.policies[0].attached_to,
        Some(TargetRef::Local("GRPCRoute/n/r".into()))
    );
    let statement = extraction.policies[0].root.as_ref().unwrap().spans()[4];
    assert_eq!(statement.slice(text), Some("[]"));

    let helm = "apiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata:\n  name: {{ .Values.name }}\n";
    let extraction = kubernetes::extract(helm, &ExtractOptions::default());
    assert!(extraction.policies.is_empty() && extraction.findings.is_empty());
}
