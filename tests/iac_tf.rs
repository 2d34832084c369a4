//! Terraform files read in place (issue 13, part iactf): every auth policy
//! found at its address and lines, its findings at the line and column of
//! the `.tf`, `.tf.json` or plan file, and a broken resource hiding no other.
//! Fixtures: tests/data/iac/terraform/ (written for these tests, modelled on
//! the shapes of the public Terraform in the Lattice corpus).

use std::path::Path;

use lattice_policy::iac::terraform::{self, json_syntax};
use lattice_policy::iac::{terraform_plan, ExtractOptions, Extraction, FoundPolicy, TargetRef};
use lattice_policy::lower;
use lattice_policy::model::PolicyKind;

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/iac/terraform")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// 1-based line and column of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// Each policy: its locator and the lines its document spans.
fn listed(text: &str, extraction: &Extraction) -> Vec<(String, usize, usize)> {
    extraction
        .policies
        .iter()
        .map(|p| {
            let (start, _) = line_col(text, p.span.offset());
            let (end, _) = line_col(text, p.span.offset() + p.span.len());
            (p.locator.clone(), start, end)
        })
        .collect()
}

/// Every finding of a policy (extraction and lowering): (code, line, column).
fn findings(text: &str, policy: &FoundPolicy) -> Vec<(&'static str, usize, usize)> {
    let mut all = policy.findings.clone();
    if let Some(root) = &policy.root {
        all.extend(lower::lower(root, PolicyKind::Auth).findings);
    }
    all.iter()
        .map(|f| {
            let (line, col) = line_col(text, f.span.offset());
            (f.code(), line, col)
        })
        .collect()
}

#[test]
fn each_way_of_writing_a_policy_is_found_at_its_lines() {
    let text = read("service/main.tf");
    let extraction = terraform::extract(&text, &ExtractOptions::default());
    // The file is read as a module of its own: its one problem is the
    // pairing's, a policy on a service without an auth type.
    let file_findings: Vec<_> = extraction
        .findings
        .iter()
        .map(|f| (f.code(), line_col(&text, f.span.offset()).0))
        .collect();
    assert_eq!(file_findings, [("AUTH_POLICY_INACTIVE", 69)]);
    assert_eq!(
        listed(&text, &extraction),
        [
            ("aws_vpclattice_auth_policy.platform".to_string(), 16, 31),
            ("aws_vpclattice_auth_policy.orders".to_string(), 41, 57),
            // Rendered from the data block, where its parts were written.
            ("aws_vpclattice_auth_policy.reports".to_string(), 69, 84),
        ]
    );
    let targets: Vec<(&str, Option<&str>)> = extraction
        .targets
        .iter()
        .map(|t| (t.locator.as_str(), t.auth_type.as_deref()))
        .collect();
    assert_eq!(
        targets,
        [
            ("aws_vpclattice_service_network.platform", Some("AWS_IAM")),
            ("aws_vpclattice_service.orders", Some("AWS_IAM")),
            ("aws_vpclattice_service.reports", None),
        ]
    );
    let attached: Vec<Option<TargetRef>> = extraction
        .policies
        .iter()
        .map(|p| p.attached_to.clone())
        .collect();
    assert_eq!(
        attached,
        [
            Some(TargetRef::Local(
                "aws_vpclattice_service_network.platform".into()
            )),
            Some(TargetRef::Local("aws_vpclattice_service.orders".into())),
            Some(TargetRef::Local("aws_vpclattice_service.reports".into())),
        ]
    );
    // The clean policies lower without a finding.
    assert_eq!(findings(&text, &extraction.policies[0]), []);
}

#[test]
fn a_misspelt_condition_key_in_a_policy_document_lands_on_its_hcl_line() {
    let text = read("service/main.tf");
    let extraction = terraform::extract(&text, &ExtractOptions::default());
    let reports = &extraction.policies[2];
    let root = reports.root.as_ref().unwrap();
    let lowered = lower::lower(root, PolicyKind::Auth);
    assert!(lowered.findings.is_empty(), "{:?}", lowered.findings);
    // The key is where the author wrote `variable = "..."`: line 80.
    let spans = root.spans();
    let key = spans
        .iter()
        .find(|s| s.slice(&text) == Some("\"vpc-lattice-svcs:RequestMthod\""))
        .unwrap();
    assert_eq!(line_col(&text, key.offset()), (80, 18));
}

#[test]
fn a_heredoc_with_an_interpolation_keeps_the_rest_of_the_policy_known() {
    let text = read("service/main.tf");
    let extraction = terraform::extract(&text, &ExtractOptions::default());
    let orders = extraction.policies[1].root.as_ref().unwrap();
    let spans = orders.spans();
    // The method list is on line 52, indented by the heredoc's own margin.
    let get = spans
        .iter()
        .find(|s| s.slice(&text) == Some("\"GET\""))
        .unwrap();
    assert_eq!(line_col(&text, get.offset()).0, 52);
    let mut options = ExtractOptions::default();
    options
        .variables
        .insert("account_id".into(), "111122223333".into());
    let given = terraform::extract(&text, &options);
    let root = given.policies[1].root.as_ref().unwrap();
    let lowered = lower::lower(root, PolicyKind::Auth);
    assert!(lowered.findings.is_empty(), "{:?}", lowered.findings);
}

#[test]
fn a_document_in_a_sibling_file_is_rendered_with_the_module() {
    let main = read("module/main.tf");
    let policies = read("module/policies.tf");
    let module = terraform::extract_module(&[&main, &policies], &ExtractOptions::default());
    assert_eq!(module.len(), 2);
    assert!(module[0].policies.is_empty());
    assert_eq!(module[0].targets.len(), 1);
    assert!(module[0].targets[0].auth_type_unknown);
    assert_eq!(
        listed(&policies, &module[1]),
        [("aws_vpclattice_auth_policy.this".to_string(), 3, 27)]
    );
    assert_eq!(
        module[1].policies[0].attached_to,
        Some(TargetRef::Local("aws_vpclattice_service.this".into()))
    );
}

#[test]
fn a_broken_resource_is_located_and_the_others_are_still_read() {
    let text = read("broken/main.tf");
    let extraction = terraform::extract(&text, &ExtractOptions::default());
    assert_eq!(extraction.findings.len(), 1, "{:?}", extraction.findings);
    let error = &extraction.findings[0];
    assert_eq!(error.code(), "TERRAFORM_SYNTAX_ERROR");
    assert_eq!(line_col(&text, error.span.offset()).0, 13);
    let locators: Vec<&str> = extraction
        .policies
        .iter()
        .map(|p| p.locator.as_str())
        .collect();
    assert_eq!(
        locators,
        [
            "aws_vpclattice_auth_policy.first",
            "aws_vpclattice_auth_policy.last"
        ]
    );
    assert_eq!(findings(&text, &extraction.policies[0]), []);
    // The trailing comma inside the escaped JSON string, on line 19.
    let comma = text.find("\\\"*\\\",}").unwrap() + "\\\"*\\\"".len();
    let (line, col) = line_col(&text, comma);
    assert_eq!(line, 19);
    assert!(
        findings(&text, &extraction.policies[1]).contains(&("JSON_SYNTAX_ERROR", line, col)),
        "{:?}",
        findings(&text, &extraction.policies[1])
    );
}

#[test]
fn terraform_json_syntax_policies_are_found_in_place() {
    let text = read("main.tf.json");
    let extraction = json_syntax::extract(&text, &ExtractOptions::default());
    assert_eq!(
        listed(&text, &extraction),
        [("aws_vpclattice_auth_policy.inventory".to_string(), 9, 9)]
    );
    let policy = &extraction.policies[0];
    assert_eq!(
        policy.attached_to,
        Some(TargetRef::Local("aws_vpclattice_service.inventory".into()))
    );
    let root = policy.root.as_ref().unwrap();
    let invok = root
        .spans()
        .into_iter()
        .find(|s| s.slice(&text) == Some("\\\"vpc-lattice-svcs:Invok\\\""));
    assert!(invok.is_some());
}

#[test]
fn plan_policies_have_module_addresses_and_apply_time_ones_are_reported() {
    let text = read("plan.json");
    let extraction = terraform_plan::extract(&text, &ExtractOptions::default());
    assert!(extraction.findings.is_empty());
    assert_eq!(
        listed(&text, &extraction),
        [
            (
                "module.orders.aws_vpclattice_auth_policy.this".to_string(),
                27,
                27
            ),
            ("aws_vpclattice_auth_policy.network".to_string(), 36, 45),
        ]
    );
    let orders = &extraction.policies[0];
    assert_eq!(
        orders.attached_to,
        Some(TargetRef::Local(
            "module.orders.aws_vpclattice_service.this".into()
        ))
    );
    assert_eq!(
        extraction.targets[0].locator,
        "module.orders.aws_vpclattice_service.this"
    );
    assert_eq!(findings(&text, orders), []);
    let network = &extraction.policies[1];
    assert_eq!(
        network.attached_to,
        Some(TargetRef::Local(
            "aws_vpclattice_service_network.main".into()
        ))
    );
    assert_eq!(
        findings(&text, network)
            .iter()
            .map(|f| (f.0, f.1))
            .collect::<Vec<_>>(),
        [("POLICY_NOT_RESOLVED", 59)]
    );
}

#[test]
fn policies_given_to_a_module_are_found_by_their_path_in_the_call() {
    let text = read("module-call/main.tf");
    let extraction = terraform::extract(&text, &ExtractOptions::default());
    // The pairing's only: the cart service's auth type is NONE.
    let file_findings: Vec<_> = extraction.findings.iter().map(|f| f.code()).collect();
    assert_eq!(file_findings, ["AUTH_POLICY_INACTIVE"]);
    // `var.checkout_policy` is passed from elsewhere: not a policy written here.
    assert_eq!(
        listed(&text, &extraction),
        [
            (
                "module.lattice.service_network.auth_policy".to_string(),
                8,
                21
            ),
            (
                "module.lattice.services.cart.auth_policy".to_string(),
                28,
                33
            ),
        ]
    );
    let targets: Vec<(&str, Option<&str>)> = extraction
        .targets
        .iter()
        .map(|t| (t.locator.as_str(), t.auth_type.as_deref()))
        .collect();
    assert_eq!(
        targets,
        [
            ("module.lattice.service_network", Some("AWS_IAM")),
            ("module.lattice.services.cart", Some("NONE")),
        ]
    );
    assert_eq!(
        extraction.policies[1].attached_to,
        Some(TargetRef::Local("module.lattice.services.cart".into()))
    );
    for policy in &extraction.policies {
        assert_eq!(findings(&text, policy), [], "{}", policy.locator);
    }
}

/// Every span of an extraction lies inside the text it was read from.
fn assert_spans_inside(text: &str, extraction: &Extraction, what: &str) {
    let inside = |s: lattice_policy::span::Span| s.offset() + s.len() <= text.len();
    for finding in &extraction.findings {
        assert!(inside(finding.span), "{what}: {finding:?}");
    }
    for target in &extraction.targets {
        assert!(inside(target.span), "{what}: {target:?}");
    }
    for policy in &extraction.policies {
        assert!(inside(policy.span), "{what}: {}", policy.locator);
        assert!(policy.findings.iter().all(|f| inside(f.span)), "{what}");
        if let Some(root) = &policy.root {
            assert!(root.spans().into_iter().all(inside), "{what}");
        }
    }
}

#[test]
fn every_truncation_of_every_fixture_is_read_without_panic_and_in_bounds() {
    let files = [
        "service/main.tf",
        "module/policies.tf",
        "broken/main.tf",
        "module-call/main.tf",
        "main.tf.json",
        "plan.json",
    ];
    for name in files {
        let full = read(name);
        let mut cut = 0;
        while cut <= full.len() {
            if let Some(text) = full.get(..cut) {
                let what = format!("{name} cut at {cut}");
                let options = ExtractOptions::default();
                let extraction = if name == "plan.json" {
                    terraform_plan::extract(text, &options)
                } else {
                    terraform::extract(text, &options)
                };
                assert_spans_inside(text, &extraction, &what);
            }
            cut += 13;
        }
    }
}
