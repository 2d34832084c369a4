//! A service's auth policy and its service network's, defined in one file
//! set, checked as the two layers Lattice combines; and `policy eval` and
//! `policy diff` on policies holding values known only at deploy time,
//! through the `policy` binary.

use std::process::Command;

use serde_json::Value;

const DATA: &str = "tests/data/iac/layers";

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

fn json(args: &[&str]) -> (i32, Value) {
    let (code, stdout, stderr) = policy(args);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, value)
}

/// (code, severity, line, message) of every finding of `policy check FILE ARGS`.
fn check(file: &str, args: &[&str]) -> (i32, Vec<(String, String, u64, String)>) {
    let path = format!("{DATA}/{file}");
    let mut all = vec!["check", "--format", "json", path.as_str()];
    all.extend_from_slice(args);
    let (code, report) = json(&all);
    let findings = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (code, findings)
}

fn with_code<'a>(
    findings: &'a [(String, String, u64, String)],
    code: &str,
) -> Vec<&'a (String, String, u64, String)> {
    findings.iter().filter(|f| f.0 == code).collect()
}

#[test]
fn a_service_open_to_anonymous_callers_behind_a_network_that_refuses_them_is_an_information() {
    let (code, findings) = check(
        "service-open.yaml",
        &["--parameter", "NetworkAuthType=AWS_IAM"],
    );
    assert_eq!(code, 0, "{findings:#?}");
    let anonymous = with_code(&findings, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous.len(), 1, "{findings:#?}");
    let (_, severity, line, message) = anonymous[0];
    assert_eq!((severity.as_str(), *line), ("info", 45));
    // It names the network's policy and the line it is written on.
    assert!(
        message.contains("service network `Network` (its auth policy `NetworkPolicy`, line 18), which refuses them"),
        "{message}"
    );
    // The network admits one organization: no signed caller of any account
    // gets through both layers either.
    assert!(
        with_code(&findings, "ANY_ACCOUNT_ACCESS").is_empty(),
        "{findings:#?}"
    );
}

#[test]
fn a_network_that_may_let_everything_through_leaves_the_service_finding_an_error() {
    // Its auth type a parameter not given: it may be NONE.
    let (code, findings) = check("service-open.yaml", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        with_code(&findings, "ANONYMOUS_ACCESS")
            .iter()
            .map(|f| (f.1.as_str(), f.3.as_str()))
            .collect::<Vec<_>>(),
        [(
            "error",
            "`Principal` `*` with no condition lets anonymous (unsigned) callers in"
        )]
    );
    // NONE: the network layer allows everything, and its policy is inactive.
    let (code, findings) = check(
        "service-open.yaml",
        &["--parameter", "NetworkAuthType=NONE"],
    );
    assert_eq!(code, 1);
    assert_eq!(with_code(&findings, "ANONYMOUS_ACCESS")[0].1, "error");
    assert_eq!(with_code(&findings, "AUTH_POLICY_INACTIVE").len(), 1);
}

#[test]
fn a_network_open_to_anonymous_callers_whose_one_service_refuses_them_is_an_information() {
    // One network, one service, no association resource: they go together.
    let (code, findings) = check("network-open.yaml", &[]);
    assert_eq!(code, 0, "{findings:#?}");
    let anonymous = with_code(&findings, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous.len(), 1, "{findings:#?}");
    let (_, severity, line, message) = anonymous[0];
    assert_eq!((severity.as_str(), *line), ("info", 20));
    assert!(
        message.contains("every service this file associates with the network refuses them: `Service` (its auth policy `ServicePolicy`, line 33)"),
        "{message}"
    );
    // The service's organization is a parameter: one organization whatever
    // it is (decision `unknown-ids-fixed`), as when the service's policy is
    // checked alone, so signed callers of any account do not get through
    // both and nothing says they may.
    let through_both: Vec<_> = with_code(&findings, "ANY_ACCOUNT_ACCESS")
        .into_iter()
        .filter(|f| f.2 == 20)
        .collect();
    assert!(through_both.is_empty(), "{findings:#?}");
}

#[test]
fn signed_callers_of_any_account_through_both_terraform_layers_are_still_reported() {
    // Unknown network auth type: the service's finding stands.
    let (code, findings) = check("main.tf", &[]);
    assert_eq!(code, 1);
    assert_eq!(with_code(&findings, "ANONYMOUS_ACCESS")[0].1, "error");
    // AWS_IAM: the network refuses anonymous callers but lets every signed
    // caller in, so ANONYMOUS_ACCESS becomes an information and the access
    // of any account through both layers is a warning.
    let (code, findings) = check("main.tf", &["--var", "network_auth_type=AWS_IAM"]);
    assert_eq!(code, 0, "{findings:#?}");
    let anonymous = with_code(&findings, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous.len(), 1);
    assert_eq!((anonymous[0].1.as_str(), anonymous[0].2), ("info", 38));
    assert!(anonymous[0].3.contains(
        "`aws_vpclattice_service_network.net` (its auth policy `aws_vpclattice_auth_policy.net`"
    ));
    let any_account: Vec<_> = with_code(&findings, "ANY_ACCOUNT_ACCESS")
        .into_iter()
        .filter(|f| f.2 == 38)
        .collect();
    assert_eq!(any_account.len(), 1, "{findings:#?}");
    assert_eq!(any_account[0].1, "warning");
    assert_eq!(
        any_account[0].3,
        "signed callers of any AWS account pass this statement and `aws_vpclattice_auth_policy.net`, the other layer's auth policy: no condition of either limits their account or organization"
    );
}

#[test]
fn a_route_behind_a_gateway_with_a_policy_is_checked_with_both() {
    let (code, findings) = check("gateway.yaml", &[]);
    assert_eq!(code, 0, "{findings:#?}");
    let anonymous = with_code(&findings, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous.len(), 1);
    assert_eq!(anonymous[0].1, "info");
    assert!(
        anonymous[0].3.contains(
            "service network `Gateway/apps/shared` (its auth policy `apps/shared-policy`"
        ),
        "{}",
        anonymous[0].3
    );
}

#[test]
fn eval_of_a_request_an_unknown_decides_is_undetermined_and_names_it() {
    let policy_name = format!("{DATA}/network-open.yaml#ServicePolicy");
    let query = "GET / as 111122223333 org o-a1b2c3d4e5";
    let (code, answer) = json(&["eval", &policy_name, query, "--format", "json"]);
    assert_eq!(code, 1, "{answer}");
    assert_eq!(answer["decision"], "undetermined");
    assert_eq!(answer["bounds"]["permissive"]["decision"], "allow");
    assert_eq!(answer["bounds"]["restrictive"]["decision"], "deny");
    let depends = answer["dependsOn"].as_array().unwrap();
    assert_eq!(depends.len(), 1, "{answer}");
    assert_eq!(depends[0]["expression"], r#"!Ref OrganizationId"#);
    assert_eq!(depends[0]["path"], format!("{DATA}/network-open.yaml"));
    assert_eq!(depends[0]["line"], 41);
    let (code, human, _) = policy(&["eval", &policy_name, query]);
    assert_eq!(code, 1);
    assert!(human.starts_with("undetermined: "), "{human}");
    assert!(
        human.contains(&format!(
            "depends on `!Ref OrganizationId` at {DATA}/network-open.yaml:41:"
        )),
        "{human}"
    );
    // Given the value, the answer is known.
    let (code, answer) = json(&[
        "eval",
        &policy_name,
        query,
        "--parameter",
        "OrganizationId=o-a1b2c3d4e5",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{answer}");
    assert_eq!(answer["decision"], "allow");
    // An anonymous caller has no organization, whatever the value.
    let (code, answer) = json(&[
        "eval",
        &policy_name,
        "GET / from anonymous",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(answer["decision"], "deny");
    assert_eq!(answer["dependsOn"], Value::Array(Vec::new()));
}

#[test]
fn eval_of_a_terraform_policy_takes_its_variables() {
    let name = format!("{DATA}/org.tf#aws_vpclattice_auth_policy.any_method");
    let query = "POST / as 111122223333 org o-a1b2c3d4e5";
    let (code, answer) = json(&["eval", &name, query, "--format", "json"]);
    assert_eq!(
        (code, answer["decision"].as_str()),
        (1, Some("undetermined"))
    );
    assert_eq!(answer["dependsOn"][0]["expression"], "var.org_id");
    assert_eq!(answer["dependsOn"][0]["line"], 32);
    let (code, answer) = json(&[
        "eval",
        &name,
        query,
        "--var",
        "org_id=o-zzzzzzzzzz",
        "--format",
        "json",
    ]);
    assert_eq!((code, answer["decision"].as_str()), (1, Some("deny")));
}

#[test]
fn diff_says_which_changes_depend_on_an_unknown_and_gives_commands_for_the_others() {
    let old = format!("{DATA}/org.tf#aws_vpclattice_auth_policy.get_only");
    let new = format!("{DATA}/org.tf#aws_vpclattice_auth_policy.any_method");
    // Unknown organization: NEW may let in a POST that OLD refused, for
    // some values only; nothing is claimed certain.
    let (code, report) = json(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["newAccess"], true);
    assert_eq!(report["certainNewAccess"], false);
    let gained = report["gained"].as_array().unwrap();
    assert!(!gained.is_empty());
    for class in gained {
        assert_eq!(class["certain"], false, "{class}");
        assert_eq!(class["command"], Value::Null);
        // As `diff --git-base` names them.
        assert_eq!(class["dependsOn"], "`var.org_id`", "{class}");
    }
    let (_, human, _) = policy(&["diff", &old, &new]);
    assert!(
        human.contains("for some deploy-time values only: depends on `var.org_id`; for example '"),
        "{human}"
    );
    // Given the organization, the new access is certain, and each class has
    // a command that replays it with the same value.
    let var = ["--var", "org_id=o-a1b2c3d4e5"];
    let mut args = vec!["diff", old.as_str(), new.as_str(), "--format", "json"];
    args.extend_from_slice(&var);
    let (code, report) = json(&args);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["certainNewAccess"], true);
    assert!(report["lost"].as_array().unwrap().is_empty(), "{report}");
    for class in report["gained"].as_array().unwrap() {
        assert_eq!(class["certain"], true);
        assert_eq!(class["dependsOn"], Value::Null);
        let command = class["command"].as_str().unwrap();
        assert!(
            command.starts_with("policy eval --var 'org_id=o-a1b2c3d4e5' "),
            "{command}"
        );
        // The command runs as printed and answers allow.
        let words = shell_words(command);
        let words: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
        let (code, stdout, _) = policy(&words);
        assert_eq!(code, 0, "{command}: {stdout}");
        assert!(stdout.starts_with("allow"), "{stdout}");
    }
}

/// The words of a command line made of bare words and single-quoted ones.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            _ => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

#[test]
fn a_terraform_plan_pairs_layers_by_its_association() {
    // Two services, so only the association says which is in the network.
    let (code, findings) = check("plan.json", &[]);
    assert_eq!(code, 0, "{findings:#?}");
    let anonymous = with_code(&findings, "ANONYMOUS_ACCESS");
    assert_eq!(anonymous.len(), 1, "{findings:#?}");
    assert_eq!(anonymous[0].1, "info");
    assert!(
        anonymous[0]
            .3
            .contains("its service network `aws_vpclattice_service_network.net` (its auth policy `aws_vpclattice_auth_policy.net`"),
        "{}",
        anonymous[0].3
    );
}

/// Every finding of `policy check --format json FILE ARGS` with a witness:
/// (code, line, the witness's command, if any).
fn witnesses(file: &str, args: &[&str]) -> Vec<(String, u64, Option<String>)> {
    let mut all = vec!["check", "--format", "json", file];
    all.extend_from_slice(args);
    let (_, report) = json(&all);
    report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["witness"].is_object())
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["witness"]["command"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// Runs `command` with sh from the crate root, `policy` on the PATH:
/// (exit code, stdout).
fn sh(command: &str) -> (i32, String) {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_policy"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_witness_that_holds_for_every_value_is_a_command_with_the_values_given() {
    // The anonymous statement's method is given; the organization of the
    // other statement stays unknown, so the policy holds deploy-time values.
    let found = witnesses(
        "tests/data/iac/witness/stack.yaml",
        &["--parameter", "Method=GET"],
    );
    let anonymous = found
        .iter()
        .find(|(code, line, _)| code == "ANONYMOUS_ACCESS" && *line == 21)
        .unwrap_or_else(|| panic!("{found:?}"));
    let command = anonymous.2.as_deref().expect("a command");
    assert!(
        command.starts_with("policy eval --parameter 'Method=GET' "),
        "{command}"
    );
    // Pasted into a shell, it answers allow.
    let (code, stdout) = sh(command);
    assert_eq!(code, 0, "{command}: {stdout}");
    assert!(stdout.starts_with("allow"), "{stdout}");
    // The organization's statement may be open for some values only: its
    // information offers no command, which would answer undetermined.
    assert!(
        found
            .iter()
            .filter(|(_, line, _)| *line == 28)
            .all(|(_, _, command)| command.is_none()),
        "{found:?}"
    );
}

#[test]
fn the_layered_any_account_witness_is_replayed_through_both_layers() {
    let found = witnesses(
        "tests/data/iac/layers/main.tf",
        &["--var", "network_auth_type=AWS_IAM"],
    );
    let layered = found
        .iter()
        .find(|(code, line, _)| code == "ANY_ACCOUNT_ACCESS" && *line == 38)
        .unwrap_or_else(|| panic!("{found:?}"));
    let command = layered.2.as_deref().expect("a command");
    assert!(
        command.starts_with("policy eval --var 'network_auth_type=AWS_IAM' 'tests/data/iac/layers/main.tf#aws_vpclattice_auth_policy.orders' --network-policy 'tests/data/iac/layers/main.tf#aws_vpclattice_auth_policy.net' "),
        "{command}"
    );
    let (code, stdout) = sh(command);
    assert_eq!(code, 0, "{command}: {stdout}");
    assert!(
        stdout.contains("every layer allows this request"),
        "{stdout}"
    );
}
