//! Terraform as Terraform reads it, through the `policy` binary: a
//! directory's `*.tf` and `*.tf.json` files are one module (a local, a
//! policy document or a service in a sibling file is read with the policy),
//! variables come from the `.tfvars` files Terraform loads, `--var-file` and
//! `--var` in that order, a policy not known offline is `POLICY_NOT_RESOLVED`
//! whatever the file kind, and the examples in `policies/iac/terraform` are
//! reviewed snapshots.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

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

/// A scratch module directory holding `files` (name, text), removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str, files: &[(&str, &str)]) -> Self {
        let dir = std::env::temp_dir().join(format!("iac-tfmodule-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Scratch(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The report's file whose path ends with `name`.
fn file<'r>(report: &'r Value, name: &str) -> &'r Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no file {name} in {report}"))
}

/// (code, line) of every finding of one file of the report.
fn findings(file: &Value) -> Vec<(String, u64)> {
    file["findings"]
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

fn locators(file: &Value) -> Vec<String> {
    file["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["locator"].as_str().unwrap().to_owned())
        .collect()
}

const SERVICE: &str = r#"resource "aws_vpclattice_service" "orders" {
  name      = "orders"
  auth_type = "AWS_IAM"
}
"#;

const POLICY: &str = r#"resource "aws_vpclattice_auth_policy" "orders" {
  resource_identifier = aws_vpclattice_service.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = local.caller
      Action    = "vpc-lattice-svcs:Invoke"
      Resource  = "*"
    }]
  })
}
"#;

const LOCALS: &str = "locals {\n  caller = \"*\"\n}\n";

#[test]
fn a_local_and_a_target_in_sibling_files_are_read_with_the_module() {
    let scratch = Scratch::new(
        "siblings",
        &[
            ("policy.tf", POLICY),
            ("service.tf", SERVICE),
            ("locals.tf", LOCALS),
        ],
    );
    let (code, report) = check_json(&[&scratch.path("")]);
    assert_eq!(code, 1, "{report}");
    let policy = file(&report, "policy.tf");
    assert_eq!(locators(policy), ["aws_vpclattice_auth_policy.orders"]);
    assert_eq!(
        policy["policies"][0]["target"],
        "aws_vpclattice_service.orders"
    );
    // The local from locals.tf makes the principal `*`: the finding is on
    // the policy's line in policy.tf, not an unknown value.
    let found = findings(policy);
    assert!(found.contains(&("ANONYMOUS_ACCESS".into(), 7)), "{found:?}");
    assert!(
        !found.iter().any(|(c, _)| c == "UNRESOLVED_VALUE"),
        "{found:?}"
    );
    // The service's policy is in another file of the module: it has one.
    assert_eq!(findings(file(&report, "service.tf")), []);
}

#[test]
fn a_file_checked_alone_reads_its_siblings() {
    let scratch = Scratch::new(
        "alone",
        &[
            ("policy.tf", POLICY),
            ("service.tf", SERVICE),
            ("locals.tf", LOCALS),
        ],
    );
    let (_, report) = check_json(&[&scratch.path("policy.tf")]);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{report}");
    let found = findings(&files[0]);
    assert!(found.contains(&("ANONYMOUS_ACCESS".into(), 7)), "{found:?}");
    // Named alone, the service file still sees the policy beside it.
    let (code, report) = check_json(&[&scratch.path("service.tf")]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(findings(&report["files"][0]), []);
}

#[test]
fn a_document_rendered_in_a_sibling_is_reported_where_it_is_written() {
    let resource = "resource \"aws_vpclattice_auth_policy\" \"p\" {\n  resource_identifier = \"arn:aws:vpc-lattice:eu-west-1:111122223333:service/svc-0123456789abcdef0\"\n  policy = data.aws_iam_policy_document.p.json\n}\n";
    let document = "data \"aws_iam_policy_document\" \"p\" {\n  statement {\n    actions   = [\"vpc-lattice-svcs:Invoke\"]\n    resources = [\"*\"]\n    principals {\n      type        = \"*\"\n      identifiers = [\"*\"]\n    }\n  }\n}\n";
    let scratch = Scratch::new(
        "document",
        &[("main.tf", resource), ("documents.tf", document)],
    );
    // The whole directory: the policy is listed under the file holding its
    // document, with the finding on the document's line.
    let (code, report) = check_json(&[&scratch.path("")]);
    assert_eq!(code, 1);
    let documents = file(&report, "documents.tf");
    assert_eq!(locators(documents), ["aws_vpclattice_auth_policy.p"]);
    assert!(findings(documents).contains(&("ANONYMOUS_ACCESS".into(), 7)));
    assert_eq!(locators(file(&report, "main.tf")), Vec::<String>::new());
    // main.tf alone: its policy is still checked, in documents.tf.
    let (code, report) = check_json(&[&scratch.path("main.tf")]);
    assert_eq!(code, 1, "{report}");
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[1].ends_with("documents.tf"), "{paths:?}");
}

const OPEN_BY_VARIABLE: &str = r#"variable "caller" {
  type    = string
  default = "arn:aws:iam::111122223333:root"
}

resource "aws_vpclattice_auth_policy" "p" {
  resource_identifier = "arn:aws:vpc-lattice:eu-west-1:111122223333:service/svc-0123456789abcdef0"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = var.caller }, Action = "vpc-lattice-svcs:Invoke", Resource = "*" }]
  })
}
"#;

/// The codes of the only policy file's findings.
fn codes(report: &Value) -> Vec<String> {
    findings(file(report, "main.tf"))
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

#[test]
fn variables_come_from_tfvars_then_var_files_then_var() {
    let scratch = Scratch::new(
        "vars",
        &[
            ("module/main.tf", OPEN_BY_VARIABLE),
            ("module/terraform.tfvars", "caller = \"*\"\n"),
            ("module/b.auto.tfvars.json", "{\"caller\": \"*\"}"),
            (
                "account.tfvars",
                "caller = \"arn:aws:iam::444455556666:root\"\n",
            ),
            ("anyone.tfvars.json", "{\"caller\": \"*\"}"),
        ],
    );
    let dir = scratch.path("module");
    // Terraform's own files: `*`, so anonymous callers get in.
    let (code, report) = check_json(&[&dir]);
    assert_eq!(code, 1);
    assert!(codes(&report).contains(&"ANONYMOUS_ACCESS".to_string()));
    let used: Vec<&str> = file(&report, "main.tf")["varFiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(used.len(), 2, "{used:?}");
    assert!(used[0].ends_with("terraform.tfvars"), "{used:?}");
    assert!(used[1].ends_with("b.auto.tfvars.json"), "{used:?}");
    // A --var-file wins over them, and a later one over an earlier one.
    let account = scratch.path("account.tfvars");
    let anyone = scratch.path("anyone.tfvars.json");
    let (code, report) = check_json(&[&dir, "--var-file", &account]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(codes(&report), Vec::<String>::new());
    let (code, _) = check_json(&[&dir, "--var-file", &account, "--var-file", &anyone]);
    assert_eq!(code, 1);
    // --var wins over every file.
    let (code, _) = check_json(&[
        &dir,
        "--var-file",
        &anyone,
        "--var",
        "caller=arn:aws:iam::444455556666:root",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn a_default_stays_unknown_and_a_bad_var_file_stops_the_run() {
    let scratch = Scratch::new(
        "defaults",
        &[
            ("module/main.tf", OPEN_BY_VARIABLE),
            ("broken.tfvars", "caller = \n"),
        ],
    );
    let dir = scratch.path("module");
    // No value given: the default is not used (a deployment may pass
    // another), so the principal is unknown and said so.
    let (_, report) = check_json(&[&dir]);
    let found = codes(&report);
    assert!(found.contains(&"UNRESOLVED_VALUE".to_string()), "{found:?}");
    assert!(file(&report, "main.tf").get("varFiles").is_none());
    let (code, _, stderr) = policy(&["check", &dir, "--var-file", &scratch.path("broken.tfvars")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("broken.tfvars"), "{stderr}");
    assert!(stderr.contains("line 1"), "{stderr}");
}

#[test]
fn one_code_for_a_policy_not_known_offline() {
    let scratch = Scratch::new(
        "unresolved",
        &[(
            "main.tf",
            "resource \"aws_vpclattice_auth_policy\" \"p\" {\n  resource_identifier = var.service\n  policy = file(\"policy.json\")\n}\n",
        )],
    );
    let (code, report) = check_json(&[&scratch.path("main.tf")]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report["files"][0]),
        [("POLICY_NOT_RESOLVED".to_string(), 3)]
    );
    let (code, report) = check_json(&["policies/iac/terraform/plan/plan.json"]);
    assert_eq!(code, 1);
    let plan = findings(&report["files"][0]);
    assert!(
        plan.contains(&("POLICY_NOT_RESOLVED".to_string(), 60)),
        "{plan:?}"
    );
    // The old code still explains, as the code that replaced it.
    let (code, stdout, stderr) = policy(&["explain", "TERRAFORM_POLICY_UNRESOLVED"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("POLICY_NOT_RESOLVED"), "{stdout}");
    assert!(
        stderr.contains("now reported as `POLICY_NOT_RESOLVED`"),
        "{stderr}"
    );
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

        /// Every example under `policies/iac/terraform` has a snapshot test above.
        #[test]
        fn every_terraform_example_is_tested() {
            let listed = [$($path),*];
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let dir = "policies/iac/terraform";
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let entry = entry.unwrap();
                if entry.file_name() == "README.md" {
                    continue;
                }
                let name = format!("{dir}/{}", entry.file_name().to_string_lossy());
                let covered = listed.iter().any(|l| l.starts_with(&name));
                assert!(covered, "{name} has no snapshot test");
            }
        }
    };
}

example! {
    terraform_orders => ("policies/iac/terraform/orders", 0);
    terraform_inventory => ("policies/iac/terraform/inventory", 1);
    terraform_plan => ("policies/iac/terraform/plan/plan.json", 1);
}

#[test]
fn eval_reads_a_terraform_policy_with_its_module() {
    let query = "GET /health from anonymous vpc vpc-0123456789abcdef0 port 443";
    // As check's witness command names it: the file holding the document.
    let (code, stdout, stderr) = policy(&[
        "eval",
        "policies/iac/terraform/orders/policies.tf#aws_vpclattice_auth_policy.orders",
        query,
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.starts_with("allow"), "{stdout}");
    // By the file declaring the resource: found in its sibling, the same
    // policy, with `var.account_id` from terraform.tfvars.
    let (code, stdout, _) = policy(&[
        "eval",
        "policies/iac/terraform/orders/main.tf#aws_vpclattice_auth_policy.orders",
        "POST /orders as arn:aws:iam::111122223333:role/checkout vpc vpc-0123456789abcdef0 port 443",
    ]);
    assert_eq!(code, 0, "{stdout}");
    let (code, _, stderr) = policy(&["eval", "policies/iac/terraform/orders/main.tf", query]);
    assert_eq!(code, 2);
    assert!(stderr.contains("declares 2 policies"), "{stderr}");
}

#[test]
fn a_local_module_takes_the_inputs_its_calls_agree_on() {
    let child = OPEN_BY_VARIABLE;
    let call = |name: &str, caller: &str| {
        format!("module \"{name}\" {{\n  source = \"../modules/service\"\n  caller = \"{caller}\"\n}}\n")
    };
    let scratch = Scratch::new(
        "calls",
        &[
            ("modules/service/main.tf", child),
            ("prod/main.tf", &call("orders", "*")),
            // The caller's own variables file is read for the call.
            ("prod/terraform.tfvars", "unused = 1\n"),
        ],
    );
    // The whole tree: the call gives `*`, so the child's policy lets
    // anonymous callers in, at the child's line.
    let (code, report) = check_json(&[&scratch.path("")]);
    assert_eq!(code, 1, "{report}");
    let service = file(&report, "service/main.tf");
    assert!(
        findings(service).contains(&("ANONYMOUS_ACCESS".into(), 10)),
        "{service}"
    );
    assert!(service.get("varFiles").is_none(), "{service}");
    // The module alone is a root module: its variable is unknown, so open
    // access is only possible (an info: exit 0).
    let (code, report) = check_json(&[&scratch.path("modules/service")]);
    assert_eq!(code, 0, "{report}");
    let alone: Vec<String> = findings(&report["files"][0])
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert!(alone.contains(&"UNRESOLVED_VALUE".to_string()), "{alone:?}");
    // Two calls that disagree leave it unknown.
    std::fs::create_dir_all(scratch.0.join("dev")).unwrap();
    std::fs::write(
        scratch.0.join("dev/main.tf"),
        call("orders", "arn:aws:iam::111122223333:root"),
    )
    .unwrap();
    let (code, report) = check_json(&[&scratch.path("")]);
    assert_eq!(code, 0, "{report}");
    let disagreed: Vec<String> = findings(file(&report, "service/main.tf"))
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert!(
        disagreed.contains(&"UNRESOLVED_VALUE".to_string()),
        "{disagreed:?}"
    );
}

#[test]
fn a_var_file_that_cannot_be_read_stops_diff_git_base_too() {
    let (code, _, stderr) = policy(&[
        "diff",
        "--git-base",
        "HEAD",
        "policies/iac/terraform/orders",
        "--var-file",
        "policies/iac/terraform/no-such.tfvars",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no-such.tfvars"), "{stderr}");
}

/// Runs git in `dir` with a fixed identity and no signing.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
}

/// The `local` the policy document of [`module_repo`] reads: the methods
/// it allows, as an HCL list.
fn locals(methods: &str) -> String {
    format!("locals {{\n  methods = {methods}\n}}\n")
}

/// A scratch git repository holding a module whose policy's document is in
/// a sibling file, committed with the document allowing `methods`.
fn module_repo(test: &str, methods: &str) -> Scratch {
    let resource = "resource \"aws_vpclattice_auth_policy\" \"p\" {\n  resource_identifier = \"arn:aws:vpc-lattice:eu-west-1:111122223333:service/svc-0123456789abcdef0\"\n  policy = data.aws_iam_policy_document.p.json\n}\n";
    let document = "data \"aws_iam_policy_document\" \"p\" {\n  statement {\n    actions   = [\"vpc-lattice-svcs:Invoke\"]\n    resources = [\"*\"]\n    principals {\n      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::111122223333:root\"]\n    }\n    condition {\n      test     = \"StringEquals\"\n      variable = \"vpc-lattice-svcs:RequestMethod\"\n      values   = local.methods\n    }\n  }\n}\n";
    // The document's values come from a third file's `local`: the module
    // at the revision must be read whole to know the policy there.
    let locals = locals(methods);
    let scratch = Scratch::new(
        test,
        &[
            ("infra/main.tf", resource),
            ("infra/documents.tf", document),
            ("infra/locals.tf", &locals),
        ],
    );
    git(&scratch.0, &["init", "-q", "-b", "main"]);
    git(&scratch.0, &["add", "."]);
    git(&scratch.0, &["commit", "-q", "-m", "first"]);
    scratch
}

fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), report)
}

#[test]
fn baseline_ref_reads_the_module_at_the_revision_as_check_reads_it_now() {
    let scratch = module_repo("baseline-ref", r#"["GET", "HEAD"]"#);
    // Narrower than before (HEAD alone): nothing is new, and the policy is
    // compared (no EXPECTATION_NOT_CHECKED) although its resource, its
    // document and the value it reads are in three files.
    std::fs::write(scratch.0.join("infra/locals.tf"), locals(r#"["GET"]"#)).unwrap();
    let (code, report) = run_in(
        &scratch.0,
        &["check", "--format", "json", "--baseline-ref", "HEAD", "."],
    );
    let documents = file(&report, "documents.tf");
    assert_eq!(findings(documents), [], "{report}");
    assert_eq!(code, Some(0), "{report}");
    // Wider than before (POST too): what it opens is new access, in the
    // file holding the document, at the document's line.
    std::fs::write(
        scratch.0.join("infra/locals.tf"),
        locals(r#"["GET", "POST"]"#),
    )
    .unwrap();
    let (code, report) = run_in(
        &scratch.0,
        &[
            "check",
            "--format",
            "json",
            "--baseline-ref",
            "HEAD",
            "infra/main.tf",
        ],
    );
    let documents = file(&report, "documents.tf");
    let codes: Vec<String> = findings(documents).into_iter().map(|(c, _)| c).collect();
    assert!(codes.contains(&"NEW_ACCESS".to_string()), "{report}");
    assert!(
        !codes.contains(&"EXPECTATION_NOT_CHECKED".to_string()),
        "{report}"
    );
    assert_eq!(code, Some(1), "{report}");
}

#[test]
fn diff_git_base_reads_terraform_a_module_at_a_time_on_both_sides() {
    let scratch = module_repo("git-base-module", r#"["GET"]"#);
    std::fs::write(
        scratch.0.join("infra/locals.tf"),
        locals(r#"["GET", "POST"]"#),
    )
    .unwrap();
    let (code, report) = run_in(
        &scratch.0,
        &["diff", "--git-base", "HEAD", "--format", "json", "infra"],
    );
    assert_eq!(code, Some(1), "{report}");
    let policies = report["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 1, "{report}");
    let policy = &policies[0];
    assert_eq!(policy["path"], "infra/documents.tf", "{report}");
    assert_eq!(
        policy["locator"], "aws_vpclattice_auth_policy.p",
        "{report}"
    );
    // Changed, not added: the version at HEAD was read with its module.
    assert_eq!(policy["status"], "changed", "{report}");
    assert_eq!(report["summary"]["opening"], 1, "{report}");
    assert_eq!(report["summary"]["notCompared"], 0, "{report}");
    // Unchanged when the module is as committed.
    std::fs::write(scratch.0.join("infra/locals.tf"), locals(r#"["GET"]"#)).unwrap();
    let (code, report) = run_in(
        &scratch.0,
        &[
            "diff",
            "--git-base",
            "HEAD",
            "--format",
            "json",
            "infra/main.tf",
        ],
    );
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["summary"]["unchanged"], 1, "{report}");
}
