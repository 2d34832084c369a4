//! A service's auth policy and its service network's in different files of
//! one run: a Terraform module's `network.tf` and `service.tf`, two
//! Kubernetes manifests linked by a route's `parentRefs`, two CloudFormation
//! templates linked by an export and its `Fn::ImportValue`; and a pairing
//! the run cannot tell, which is said and not weighed.

use std::process::Command;

use serde_json::Value;

const DATA: &str = "tests/data/iac/across";

/// Runs `policy ARGS` from the crate root without colour at a fixed width:
/// (exit code, stdout); never a panic.
fn policy(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .output()
        .expect("run policy");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 output"),
    )
}

/// `policy check --format FORMAT PATHS`: (exit code, the document).
fn check(format: &str, paths: &[String]) -> (i32, Value) {
    let mut args = vec!["check", "--format", format];
    args.extend(paths.iter().map(String::as_str));
    let (code, stdout) = policy(&args);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (code, value)
}

/// The findings of `code` in the JSON report's file `path`.
fn findings<'a>(report: &'a Value, path: &str, code: &str) -> Vec<&'a Value> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == path)
        .flat_map(|f| f["findings"].as_array().unwrap())
        .filter(|f| f["code"] == code)
        .collect()
}

fn at(dir: &str, file: &str) -> String {
    format!("{DATA}/{dir}/{file}")
}

#[test]
fn a_terraform_service_policy_is_weighed_with_the_network_policy_of_a_sibling_file() {
    let (code, report) = check("json", &[format!("{DATA}/terraform")]);
    assert_eq!(code, 0, "{report:#}");
    let service = at("terraform", "service.tf");
    let anonymous = findings(&report, &service, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous.len(), 1, "{report:#}");
    let finding = anonymous[0];
    assert_eq!(finding["severity"], "info");
    assert_eq!(finding["line"], 19);
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "its service network `aws_vpclattice_service_network.shared` (its auth policy `aws_vpclattice_auth_policy.shared` in `{}`, line 9), which refuses them",
            at("terraform", "network.tf")
        )),
        "{message}"
    );
    // The related location is the other file's policy.
    let related = &finding["related"][0];
    assert_eq!(related["path"], at("terraform", "network.tf"));
    assert_eq!(
        (&related["line"], &related["column"]),
        (&9.into(), &12.into())
    );
    assert!(related.get("span").is_none(), "{related}");
    // The network admits one organization: no signed caller of another
    // account gets through both layers either.
    assert!(findings(&report, &service, "ANY_ACCOUNT_ACCESS").is_empty());
    // Named alone, the file is still read with its module.
    let (code, report) = check("json", std::slice::from_ref(&service));
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        findings(&report, &service, "ANONYMOUS_ACCESS")[0]["severity"],
        "info"
    );
}

#[test]
fn a_route_policy_is_weighed_with_its_gateway_policy_in_another_manifest() {
    let (code, report) = check("json", &[format!("{DATA}/kubernetes")]);
    assert_eq!(code, 0, "{report:#}");
    let rates = at("kubernetes", "rates.yaml");
    let anonymous = findings(&report, &rates, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous.len(), 1, "{report:#}");
    assert_eq!(anonymous[0]["severity"], "info");
    let message = anonymous[0]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "its service network `Gateway/apps/shared` (its auth policy `apps/shared-policy` in `{}`, line 24)",
            at("kubernetes", "gateway.yaml")
        )),
        "{message}"
    );
    // SARIF points the related location at the other file.
    let (_, sarif) = check("sarif", &[format!("{DATA}/kubernetes")]);
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "ANONYMOUS_ACCESS")
        .unwrap();
    let related = &result["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        related["artifactLocation"]["uri"],
        at("kubernetes", "gateway.yaml")
    );
    assert_eq!(related["region"]["startLine"], 24);
    // Human output names it as the other layer, with its file.
    let (_, human) = policy(&["check", &format!("{DATA}/kubernetes")]);
    let flat = human.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!(
            "other layer: `apps/shared-policy` refuses them in {} at line 24, column 11",
            at("kubernetes", "gateway.yaml")
        )),
        "{human}"
    );
    // Checked alone, the route's file does not know the Gateway's policy.
    let (code, report) = check("json", std::slice::from_ref(&rates));
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report, &rates, "ANONYMOUS_ACCESS")[0]["severity"],
        "error"
    );
}

#[test]
fn signed_callers_through_both_manifests_are_replayed_with_the_other_file() {
    let dir = format!("{DATA}/kubernetes-signed");
    let (code, report) = check("json", std::slice::from_ref(&dir));
    assert_eq!(code, 0, "{report:#}");
    let rates = at("kubernetes-signed", "rates.yaml");
    let any_account = findings(&report, &rates, "ANY_ACCOUNT_ACCESS");
    assert_eq!(any_account.len(), 1, "{report:#}");
    assert_eq!(any_account[0]["severity"], "warning");
    let command = any_account[0]["witness"]["command"].as_str().unwrap();
    let network = format!(
        "'{}#apps/shared-policy'",
        at("kubernetes-signed", "gateway.yaml")
    );
    assert!(
        command.contains(&format!("--network-policy {network}")),
        "{command}"
    );
    // The command, run as printed, lets that caller through both layers.
    let words: Vec<String> = command
        .split('\'')
        .enumerate()
        .flat_map(|(i, part)| {
            if i % 2 == 1 {
                vec![part.to_owned()]
            } else {
                part.split_whitespace().map(str::to_owned).collect()
            }
        })
        .collect();
    assert_eq!(words[0], "policy");
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let (code, answer) = policy(&args);
    assert_eq!(code, 0, "{command}: {answer}");
    assert!(answer.starts_with("allow"), "{answer}");
}

#[test]
fn a_template_importing_the_network_another_template_exports_is_weighed_with_it() {
    let service = at("cloudformation", "service.yaml");
    let network = at("cloudformation", "network.yaml");
    let (code, report) = check("json", &[service.clone(), network.clone()]);
    assert_eq!(code, 0, "{report:#}");
    let anonymous = findings(&report, &service, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous[0]["severity"], "info", "{report:#}");
    let message = anonymous[0]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "(its auth policy `NetworkPolicy` in `{network}`, line 14), which refuses them"
        )),
        "{message}"
    );
    // Alone, the import is another stack's, unknown offline: said, and the
    // finding stands.
    let (code, report) = check("json", std::slice::from_ref(&service));
    assert_eq!(code, 1);
    let anonymous = findings(&report, &service, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous[0]["severity"], "error");
    assert!(
        anonymous[0]["message"].as_str().unwrap().ends_with(
            "the other auth layer is not weighed: `!ImportValue shared-network-id` is another stack's export, which no template of this run exports, so its layer is not known offline"
        ),
        "{}",
        anonymous[0]["message"]
    );
}

#[test]
fn two_candidate_networks_are_said_and_not_weighed() {
    let (code, report) = check("json", &[format!("{DATA}/ambiguous")]);
    assert_eq!(code, 1, "{report:#}");
    let service = at("ambiguous", "service.yaml");
    let anonymous = findings(&report, &service, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous.len(), 1);
    assert_eq!(anonymous[0]["severity"], "error");
    let message = anonymous[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`!ImportValue shared-network-id` is exported by 2 templates of this run"),
        "{message}"
    );
    assert!(anonymous[0]["related"].is_null(), "{}", anonymous[0]);
}

#[test]
fn a_route_defined_twice_with_different_parents_is_not_weighed() {
    let dir = std::env::temp_dir().join(format!("iac-across-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DATA);
    for file in ["gateway.yaml", "rates.yaml"] {
        std::fs::copy(source.join("kubernetes").join(file), dir.join(file)).unwrap();
    }
    // Another overlay puts the same route behind another Gateway.
    std::fs::write(
        dir.join("rates-overlay.yaml"),
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: rates\n  namespace: apps\nspec:\n  parentRefs:\n    - name: other\n",
    )
    .unwrap();
    let (code, report) = check("json", &[dir.to_string_lossy().into_owned()]);
    let rates = dir.join("rates.yaml").to_string_lossy().into_owned();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 1, "{report:#}");
    let anonymous = findings(&report, &rates, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous[0]["severity"], "error", "{report:#}");
    assert!(anonymous[0]["message"]
        .as_str()
        .unwrap()
        .contains("`HTTPRoute/apps/rates` is defined in more than one file of this run with different `parentRefs`"));
}
