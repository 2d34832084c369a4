//! Policies in CloudFormation templates and CDK output, checked in place
//! through the `policy` binary: one unit per policy, findings at the
//! template's lines, the values users supply, `FILE#LOCATOR` for `eval` and
//! `diff`, and the examples in `policies/iac/` as reviewed snapshots.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const DATA: &str = "tests/data/iac/cfn";

/// Runs `policy ARGS` from the crate root without colour at a fixed width:
/// (exit code, stdout, stderr); never a panic.
fn policy(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .output()
        .expect("run policy");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 output"),
        stderr,
    )
}

fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = policy(&all);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, report)
}

/// (code, line) of every finding of the report's only file.
fn findings(report: &Value) -> Vec<(String, u64)> {
    report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn locators(report: &Value) -> Vec<String> {
    report["files"][0]["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["locator"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn each_policy_is_listed_with_its_lines_and_target() {
    let path = format!("{DATA}/two-policies.json");
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    let policies = &report["files"][0]["policies"];
    assert_eq!(policies[0]["locator"], "Broken");
    assert_eq!(policies[0]["line"], 11);
    assert_eq!(
        policies[0]["target"],
        "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0"
    );
    // The undecided `IsProd` is checked both ways.
    assert_eq!(
        locators(&report),
        ["Broken", "ApiPolicy[IsProd]", "ApiPolicy[!IsProd]"]
    );
    assert_eq!(policies[1]["line"], 18);
    assert_eq!(policies[1]["endLine"], 28);
    assert_eq!(policies[1]["target"], "Api");
}

#[test]
fn a_broken_policy_hides_no_other_and_findings_are_at_template_lines() {
    let path = format!("{DATA}/two-policies.json");
    let (_, report) = check_json(&[&path]);
    let found = findings(&report);
    // The misspelt effect of one policy, and the open principal of the other's
    // `!IsProd` branch, each on its own line of the template.
    assert!(found.contains(&("INVALID_EFFECT".into(), 11)), "{found:?}");
    assert!(
        found.contains(&("ANONYMOUS_ACCESS".into(), 23)),
        "{found:?}"
    );
}

#[test]
fn parameters_and_the_account_choose_the_branch() {
    let path = format!("{DATA}/two-policies.json");
    let (_, report) = check_json(&[
        &path,
        "--parameter",
        "Env=prod",
        "--account",
        "111122223333",
    ]);
    assert_eq!(locators(&report), ["Broken", "ApiPolicy"]);
    // The production branch names one account: no open principal.
    let found = findings(&report);
    assert!(
        !found.iter().any(|(c, _)| c == "ANONYMOUS_ACCESS"),
        "{found:?}"
    );
    let (_, report) = check_json(&[&path, "--parameter", "Env=dev"]);
    assert_eq!(locators(&report), ["Broken", "ApiPolicy"]);
    assert!(findings(&report).contains(&("ANONYMOUS_ACCESS".into(), 23)));
}

#[test]
fn a_malformed_template_is_located_and_its_other_policies_checked() {
    let path = format!("{DATA}/malformed.template.json");
    let other = format!("{DATA}/two-policies.json");
    let (code, report) = check_json(&[&path, &other]);
    assert_eq!(code, 1);
    let found = findings(&report);
    // The duplicated logical id, the policy string that is not JSON (inside
    // the string, on its line), and the good policy's own finding.
    assert!(found.contains(&("DUPLICATE_KEY".into(), 11)), "{found:?}");
    assert!(
        found.contains(&("JSON_SYNTAX_ERROR".into(), 14)),
        "{found:?}"
    );
    assert!(found.contains(&("ANONYMOUS_ACCESS".into(), 8)), "{found:?}");
    // The other file is there with its own findings.
    assert_eq!(report["files"][1]["path"], other.as_str());
    assert!(!report["files"][1]["findings"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn yaml_that_is_not_infrastructure_is_skipped_in_walks() {
    let (code, report) = check_json(&[&format!("{DATA}/values.yaml")]);
    assert_eq!(code, 0);
    assert!(report["files"].as_array().unwrap().is_empty());
}

#[test]
fn eval_and_diff_take_file_hash_locator() {
    let path = format!("{DATA}/malformed.template.json");
    let good = format!("{path}#Good");
    let (code, stdout, _) = policy(&["eval", &good, "GET / from anonymous"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("allow"), "{stdout}");
    // Without a locator, a file of several policies is refused with their names.
    let two = format!("{DATA}/two-policies.json");
    let (code, _, stderr) = policy(&["eval", &two, "GET /"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`Broken`, `ApiPolicy[IsProd]`"), "{stderr}");
    let (code, _, stderr) = policy(&["eval", &format!("{two}#Nope"), "GET /"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no policy `Nope`"), "{stderr}");
    let open = format!("{two}#ApiPolicy[!IsProd]");
    let (code, stdout, _) = policy(&["diff", &good, &open]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn witnesses_replay_on_the_policy_they_came_from() {
    let path = format!("{DATA}/malformed.template.json");
    let (_, report) = check_json(&[&path]);
    let anonymous = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "ANONYMOUS_ACCESS")
        .unwrap();
    let command = anonymous["witness"]["command"].as_str().unwrap();
    assert!(
        command.contains("malformed.template.json#Good"),
        "{command}"
    );
}

#[test]
fn yaml_templates_with_short_form_tags_are_read_in_place() {
    let path = "policies/iac/cloudformation/payments-sam.yaml";
    let (code, report) = check_json(&[
        path,
        "--parameter",
        "Stage=prod",
        "--parameter",
        "TrustedAccount=111122223333",
    ]);
    assert_eq!(code, 1);
    assert_eq!(locators(&report), ["PaymentsAuthPolicy"]);
    assert_eq!(
        report["files"][0]["policies"][0]["target"],
        "PaymentsService"
    );
    let found = findings(&report);
    // The misspelt operator of the Deny, at its line in the YAML; the
    // mapping and the account resolved, so only `!Sub` of a service ARN
    // stays unknown.
    assert!(
        found.contains(&("INVALID_CONDITION_OPERATOR".into(), 70)),
        "{found:?}"
    );
    assert!(
        found.contains(&("ANONYMOUS_ACCESS".into(), 47)),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, line)| *line == 54 || *line == 58),
        "{found:?}"
    );
}

#[test]
fn a_broken_yaml_template_is_a_located_finding_beside_other_files() {
    let dir = std::env::temp_dir().join(format!("iac-cfn-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.yaml");
    std::fs::write(
        &broken,
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n\tType: AWS::VpcLattice::AuthPolicy\n",
    )
    .unwrap();
    let good = format!("{DATA}/two-policies.json");
    let (code, report) = check_json(&[broken.to_str().unwrap(), &good]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 1);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let first = &files[0]["findings"][0];
    assert_eq!(first["code"], "YAML_SYNTAX_ERROR", "{first}");
    assert_eq!(first["line"], 4);
    assert!(!files[1]["findings"].as_array().unwrap().is_empty());
}

macro_rules! example {
    ($($test:ident => ($path:literal, $exit:expr);)*) => {
        $(
            #[test]
            fn $test() {
                let (code, stdout, _) = policy(&["check", $path]);
                assert_eq!(code, $exit, "exit code for {}:\n{stdout}", $path);
                insta::with_settings!({
                    snapshot_path => "../snapshots",
                    prepend_module_to_snapshot => false,
                    description => $path,
                }, {
                    insta::assert_snapshot!(concat!("iac__", stringify!($test)), stdout);
                });
            }
        )*

        /// Every example under `policies/iac/cloudformation`,
        /// `policies/iac/cdk` and `policies/iac/kubernetes` has a snapshot
        /// test above.
        #[test]
        fn every_cloudformation_example_is_tested() {
            let listed = [$($path),*];
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            for dir in ["policies/iac/cloudformation", "policies/iac/cdk/cdk.out", "policies/iac/kubernetes"] {
                for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                    let name = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
                    // Expectation files (`policy test`) are not examples.
                    if name.ends_with(".policytest.toml") {
                        continue;
                    }
                    let covered = listed.iter().any(|l| name.starts_with(l.trim_end_matches('/')));
                    assert!(covered, "{name} has no snapshot test");
                }
            }
        }
    };
}

example! {
    cloudformation_orders_service => ("policies/iac/cloudformation/orders-service.template.json", 0);
    cloudformation_broken_stack => ("policies/iac/cloudformation/broken-stack.template.json", 1);
    cloudformation_payments_sam => ("policies/iac/cloudformation/payments-sam.yaml", 1);
    cdk_out => ("policies/iac/cdk/cdk.out", 0);
    kubernetes_inventory_route_policy => ("policies/iac/kubernetes/inventory-route-policy.yaml", 1);
    kubernetes_gateway_policy => ("policies/iac/kubernetes/gateway-policy.yaml", 0);
    kubernetes_checkout_app => ("policies/iac/kubernetes/checkout-app.yaml", 1);
}

#[test]
fn a_json_template_the_reader_stops_in_keeps_its_other_resources() {
    // CDK synth output with a missing comma in one resource: the reader
    // stops there, yet the resources before and after it are checked at
    // their own lines, and the broken one is said to be skipped.
    let path = "tests/data/iac/cdk-broken/Stack.template.json";
    let (code, report) = check_json(&[path]);
    assert_eq!(code, 1);
    let found = findings(&report);
    assert!(
        found.contains(&("JSON_SYNTAX_ERROR".into(), 37)),
        "{found:?}"
    );
    assert!(
        found.contains(&("ANONYMOUS_ACCESS".into(), 18)),
        "{found:?}"
    );
    assert!(
        found.contains(&("ANY_ACCOUNT_ACCESS".into(), 54)),
        "{found:?}"
    );
    let skipped = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["line"] == 29)
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(skipped["code"], "JSON_SYNTAX_ERROR");
    assert!(skipped["message"]
        .as_str()
        .unwrap()
        .contains("`BrokenPolicy9C0D1E2F` was not read"));
    // Nothing of the broken resource is guessed: it is not a policy found.
    assert_eq!(
        locators(&report),
        ["OrdersPolicy5E6F7A8B", "CartPolicy3A4B5C6D"]
    );
    // `policy eval FILE#LOCATOR` reads a recovered policy as check does.
    let (code, stdout, _) = policy(&[
        "eval",
        &format!("{path}#OrdersPolicy5E6F7A8B"),
        "GET / from anonymous",
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("allow"), "{stdout}");
}
