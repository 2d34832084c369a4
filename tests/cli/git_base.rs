//! The pull-request mode: `policy diff --git-base REF` and `policy check
//! --baseline-ref REF` on a scratch git repository (JSON, CloudFormation,
//! Terraform and Kubernetes policies; a rename, a deletion, an addition).

use super::*;

/// A scratch git repository: commits are made with a fixed identity and
/// no signing, so the tests run on a fresh machine.
struct Repo(Scratch);

impl Repo {
    fn new(test: &str) -> Repo {
        let repo = Repo(Scratch::new(test));
        repo.git(&["-c", "init.defaultBranch=main", "init", "-q", "."]);
        repo
    }

    fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
            .args(args)
            .current_dir(&self.0 .0)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn file(&self, name: &str, text: &str) {
        self.0.file(name, text);
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path(name)
    }
}

const ORG_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}
"#;
const ACCOUNT_GET: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}
"#;
const ONE_ACCOUNT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}
"#;

const NEW_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Id": "payments-readers",
  "Statement": [
    {
      "Sid": "ReadersInThePaymentsAccount",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::999988887777:role/payments-reader"]},
      "Action": ["vpc-lattice-svcs:Invoke"],
      "Resource": ["*"],
      "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": ["GET", "HEAD"]}}
    }
  ]
}
"#;

fn template(condition: &str) -> String {
    format!(
        r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  OrgId:
    Type: String
Resources:
  Service:
    Type: AWS::VpcLattice::Service
    Properties:
      AuthType: AWS_IAM
  ServicePolicy:
    Type: AWS::VpcLattice::AuthPolicy
    Properties:
      ResourceIdentifier: !Ref Service
      Policy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: vpc-lattice-svcs:Invoke
            Resource: "*"
            Condition:
              StringEquals:
                {condition}
"#
    )
}

fn terraform(account: &str) -> String {
    format!(
        r#"resource "aws_vpclattice_service" "orders" {{
  name      = "orders"
  auth_type = "AWS_IAM"
}}

resource "aws_vpclattice_auth_policy" "orders" {{
  resource_identifier = aws_vpclattice_service.orders.arn
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ AWS = "{account}" }}
      Action    = "vpc-lattice-svcs:Invoke"
      Resource  = "*"
    }}]
  }})
}}
"#
    )
}

fn manifest(method: &str) -> String {
    format!(
        r#"apiVersion: application-networking.k8s.aws/v1alpha1
kind: IAMAuthPolicy
metadata:
  name: rates-policy
  namespace: app1
spec:
  targetRef:
    group: "gateway.networking.k8s.io"
    kind: HTTPRoute
    name: rates
  policy: |
    {{
      "Version": "2012-10-17",
      "Statement": [{{
        "Effect": "Allow",
        "Principal": {{"AWS": "777788889999"}},
        "Action": "vpc-lattice-svcs:Invoke",
        "Resource": "*",
        "Condition": {{"StringEquals": {{"vpc-lattice-svcs:RequestMethod": "{method}"}}}}
      }}]
    }}
"#
    )
}

/// `main`: five policies and a file that is none. The second commit
/// changes the CloudFormation, Terraform and Kubernetes policies and one
/// JSON policy, renames and changes another, deletes one, adds one, and
/// only reformats a last one.
fn pull_request(test: &str) -> Repo {
    let repo = Repo::new(test);
    repo.file("policies/a.json", ORG_ONLY);
    repo.file("policies/moved.json", ACCOUNT_GET);
    repo.file("policies/gone.json", ONE_ACCOUNT);
    repo.file("policies/same.json", ONE_ACCOUNT);
    repo.file(
        "infra/stack.yaml",
        &template("aws:PrincipalOrgID: !Ref OrgId"),
    );
    repo.file("infra/main.tf", &terraform("111122223333"));
    repo.file("k8s/policy.yaml", &manifest("GET"));
    repo.file("package.json", r#"{"name": "app", "version": "1.0.0"}"#);
    repo.commit("base");
    repo.file(
        "policies/a.json",
        &ORG_ONLY.replace("o-a1b2c3d4e5", "o-zzzzzzzzzz"),
    );
    std::fs::remove_file(repo.path("policies/moved.json")).unwrap();
    repo.file(
        "policies/renamed.json",
        &ACCOUNT_GET.replace("\"GET\"", "\"POST\""),
    );
    std::fs::remove_file(repo.path("policies/gone.json")).unwrap();
    // Too unlike gone.json for git to take it for a rename of it.
    repo.file("policies/new.json", NEW_POLICY);
    repo.file("policies/same.json", &ONE_ACCOUNT.replace(',', ",\n  "));
    repo.file(
        "infra/stack.yaml",
        &template("vpc-lattice-svcs:SourceVpc: !Ref OrgId"),
    );
    repo.file("infra/main.tf", &terraform("*"));
    repo.file("k8s/policy.yaml", &manifest("DELETE"));
    repo.commit("change");
    repo
}

/// The entry of `policies` for `path` (and `locator`).
fn entry<'a>(report: &'a Value, path: &str, locator: Option<&str>) -> &'a Value {
    report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == path && p["locator"].as_str() == locator)
        .unwrap_or_else(|| panic!("no {path} {locator:?} in {report:#}"))
}

#[test]
fn every_policy_is_paired_with_its_version_at_the_base() {
    let repo = pull_request("git-base-json");
    let status_before = repo.git(&["status", "--porcelain", "--ignored"]);
    let index = std::fs::read(repo.path(".git/index")).unwrap();
    let run = policy_in(
        &repo.0 .0,
        &[&"diff", &"--git-base", &"main~1", &"--format", &"json"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    // Nothing was written to the index (read before `git status` may refresh it).
    assert_eq!(std::fs::read(repo.path(".git/index")).unwrap(), index);
    let report = run.json();
    assert_eq!(report["newAccess"], true);
    assert_eq!(report["base"]["ref"], "main~1");
    assert_eq!(report["base"]["commit"].as_str().unwrap().len(), 40);

    // Changed: the organization swapped; nothing of it depends on values.
    let a = entry(&report, "policies/a.json", None);
    assert_eq!(a["status"], "changed");
    assert_eq!(a["diff"]["gained"].as_array().unwrap().len(), 1);
    assert_eq!(a["diff"]["lost"].as_array().unwrap().len(), 1);
    assert_eq!(a["diff"]["gained"][0]["dependsOn"], Value::Null);

    // Renamed and changed: paired with its old path; GET closed, POST opened.
    let renamed = entry(&report, "policies/renamed.json", None);
    assert_eq!(renamed["status"], "changed");
    assert_eq!(renamed["oldPath"], "policies/moved.json");
    let opened: Vec<&str> = renamed["diff"]["gained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["witness"].as_str().unwrap())
        .collect();
    assert!(opened.iter().any(|w| w.starts_with("POST")), "{opened:?}");
    assert!(renamed["diff"]["lost"][0]["witness"]
        .as_str()
        .unwrap()
        .starts_with("GET"));

    // Added: everything it allows is new; removed: everything it allowed is closed.
    let new = entry(&report, "policies/new.json", None);
    assert_eq!(new["status"], "added");
    assert_eq!(new["diff"]["old"], Value::Null);
    assert!(!new["diff"]["gained"].as_array().unwrap().is_empty());
    let gone = entry(&report, "policies/gone.json", None);
    assert_eq!(gone["status"], "removed");
    assert_eq!(gone["diff"]["gained"], json!([]));
    assert!(gone["diff"]["lost"][0]["witness"]
        .as_str()
        .unwrap()
        .contains("111122223333"));
    assert!(!report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["path"] == "policies/moved.json"));

    // Reformatted only: counted as unchanged, not compared.
    let same = entry(&report, "policies/same.json", None);
    assert_eq!(same["status"], "unchanged");
    assert_eq!(same["diff"], Value::Null);

    // Infrastructure files, each policy by its locator.
    let stack = entry(&report, "infra/stack.yaml", Some("ServicePolicy"));
    assert_eq!(stack["status"], "changed");
    let stack_gained = &stack["diff"]["gained"][0];
    // The VPC is unknown offline: the opened access depends on it, and no
    // command claims to replay it.
    assert_eq!(stack_gained["dependsOn"], "`!Ref OrgId`");
    assert_eq!(stack_gained["command"], Value::Null);
    let tf = entry(
        &report,
        "infra/main.tf",
        Some("aws_vpclattice_auth_policy.orders"),
    );
    assert_eq!(tf["status"], "changed");
    assert!(!tf["diff"]["gained"].as_array().unwrap().is_empty());
    let k8s = entry(&report, "k8s/policy.yaml", Some("app1/rates-policy"));
    assert_eq!(k8s["status"], "changed");
    assert!(k8s["diff"]["gained"][0]["witness"]
        .as_str()
        .unwrap()
        .starts_with("DELETE"));

    // package.json is no policy: not listed.
    assert!(!report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["path"] == "package.json"));
    assert_eq!(report["summary"]["policies"], 8);
    assert_eq!(report["summary"]["added"], 1);
    assert_eq!(report["summary"]["removed"], 1);
    assert_eq!(report["summary"]["unchanged"], 1);
    assert_eq!(report["summary"]["notCompared"], 0);

    // Every command offered replays: allowed by the policy now.
    for policy_entry in report["policies"].as_array().unwrap() {
        for change in policy_entry["diff"]["gained"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if let Some(command) = change["command"].as_str() {
                let file = policy_entry["diff"]["new"].as_str().unwrap();
                let query = change["witness"].as_str().unwrap();
                assert!(command.contains(query), "{command}");
                let eval = policy_in(&repo.0 .0, &[&"eval", &file, &query]);
                assert_eq!(eval.code, 0, "{command}: {eval:?}");
            }
        }
    }

    // Nothing was written to the work tree.
    assert_eq!(
        repo.git(&["status", "--porcelain", "--ignored"]),
        status_before
    );
}

#[test]
fn the_human_output_says_what_each_policy_opens_and_closes() {
    let repo = pull_request("git-base-human");
    let run = policy_in(&repo.0 .0, &[&"diff", &"--git-base", &"main~1"]);
    assert_eq!(run.code, 1, "{run:?}");
    let out = &run.stdout;
    assert!(
        out.contains("policies/renamed.json (renamed from policies/moved.json): changed, opens and closes access"),
        "{out}"
    );
    assert!(
        out.contains("policies/new.json: added, opens access"),
        "{out}"
    );
    assert!(
        out.contains("policies/gone.json: removed, closes access"),
        "{out}"
    );
    assert!(
        out.contains("infra/stack.yaml\n  ServicePolicy: changed"),
        "{out}"
    );
    assert!(
        out.contains("for example: policy eval policies/new.json 'GET / as arn:aws:iam::999988887777:role/payments-reader"),
        "{out}"
    );
    assert!(
        out.contains("depending on deploy-time values: `!Ref OrgId`"),
        "{out}"
    );
    assert!(!out.contains("same.json"), "{out}");
    assert!(
        out.contains("compared 8 policies in 8 files with `main~1`"),
        "{out}"
    );
}

#[test]
fn paths_are_relative_to_a_subdirectory_and_limit_what_is_compared() {
    let repo = pull_request("git-base-subdir");
    let run = policy_in(
        &repo.path("policies"),
        &[
            &"diff",
            &"--git-base",
            &"main~1",
            &".",
            &"--format",
            &"json",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    let mut listed: Vec<&str> = report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        [
            "a.json",
            "gone.json",
            "new.json",
            "renamed.json",
            "same.json"
        ]
    );
    // A deleted file named on the command line is found at the base.
    let run = policy_in(
        &repo.0 .0,
        &[
            &"diff",
            &"--git-base",
            &"main~1",
            &"policies/gone.json",
            &"--format",
            &"json",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["policies"][0]["status"], "removed");
    // A path that is neither here nor there is reported, not ignored.
    let run = policy_in(
        &repo.0 .0,
        &[&"diff", &"--git-base", &"main~1", &"policies/typo.json"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.contains("policies/typo.json: not compared"),
        "{run:?}"
    );
}

#[test]
fn no_repository_or_an_unknown_revision_is_exit_2() {
    let dir = Scratch::new("git-base-norepo");
    dir.file("p.json", ORG_ONLY);
    let run = policy_in(&dir.0, &[&"diff", &"--git-base", &"main"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
    let run = policy_in(&dir.0, &[&"check", &"--baseline-ref", &"main", &"p.json"]);
    assert_eq!(run.code, 2, "{run:?}");

    // Without git on PATH, the message says so.
    let empty = Scratch::new("git-base-nogit");
    let output = command(&[&"diff", &"--git-base", &"main"])
        .current_dir(&dir.0)
        .env("PATH", &empty.0)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let run = finish(&output);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("git is not installed"),
        "{}",
        run.stderr
    );

    let repo = pull_request("git-base-badref");
    let run = policy_in(&repo.0 .0, &[&"diff", &"--git-base", &"no-such-branch"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("`no-such-branch` names no commit"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_file_unreadable_at_the_base_is_reported_and_the_others_compared() {
    let repo = Repo::new("git-base-unreadable");
    repo.file("policies/a.json", ORG_ONLY);
    std::os::unix::fs::symlink("a.json", repo.path("policies/link.json")).unwrap();
    repo.commit("base");
    std::fs::remove_file(repo.path("policies/link.json")).unwrap();
    repo.file("policies/link.json", ONE_ACCOUNT);
    repo.file("policies/a.json", ONE_ACCOUNT);
    repo.commit("change");

    let run = policy_in(
        &repo.0 .0,
        &[&"diff", &"--git-base", &"main~1", &"--format", &"json"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    let report = run.json();
    assert_eq!(report["unreadable"][0]["path"], "policies/link.json");
    assert!(report["unreadable"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("symbolic link"));
    assert_eq!(entry(&report, "policies/a.json", None)["status"], "changed");

    let run = policy_in(
        &repo.0 .0,
        &[
            &"check",
            &"--baseline-ref",
            &"main~1",
            &"policies",
            &"--format",
            &"json",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    let link = files(&report)
        .iter()
        .find(|f| f["path"] == "policies/link.json")
        .unwrap();
    assert_eq!(codes(link), ["EXPECTATION_NOT_CHECKED"]);
    let a = files(&report)
        .iter()
        .find(|f| f["path"] == "policies/a.json")
        .unwrap();
    assert!(codes(a).contains(&"NEW_ACCESS".to_string()), "{a:#}");
}

#[test]
fn check_reports_new_access_against_each_policys_own_version() {
    let repo = pull_request("git-base-check");
    let run = policy_in(
        &repo.0 .0,
        &[
            &"check",
            &"--baseline-ref",
            &"main~1",
            &"--format",
            &"json",
            &"policies",
            &"infra",
            &"k8s",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    let new_access = |path: &str| -> usize {
        files(&report)
            .iter()
            .find(|f| f["path"] == path)
            .map_or(0, |f| {
                codes(f).iter().filter(|c| *c == "NEW_ACCESS").count()
            })
    };
    // The new policy: everything it allows is new access.
    assert_eq!(new_access("policies/new.json"), 1);
    // Changed ones: what their old versions denied.
    assert_eq!(new_access("policies/a.json"), 1);
    assert!(new_access("policies/renamed.json") >= 1);
    assert!(new_access("infra/main.tf") >= 1);
    assert!(new_access("k8s/policy.yaml") >= 1);
    // Unchanged, only reformatted: nothing is new.
    assert_eq!(new_access("policies/same.json"), 0);
    let stack = files(&report)
        .iter()
        .find(|f| f["path"] == "infra/stack.yaml")
        .unwrap();
    let message = stack["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "NEW_ACCESS")
        .unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("depending on deploy-time values: `!Ref OrgId`"),
        "{message}"
    );

    // `--baseline` and `--baseline-ref` are one baseline or the other.
    let run = policy_in(
        &repo.0 .0,
        &[
            &"check",
            &"--baseline-ref",
            &"main~1",
            &"--baseline",
            &"policies/a.json",
            &"policies",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn values_given_apply_to_both_versions() {
    let repo = pull_request("git-base-values");
    let run = policy_in(
        &repo.0 .0,
        &[
            &"diff",
            &"--git-base",
            &"main~1",
            &"infra/stack.yaml",
            &"--parameter",
            &"OrgId=vpc-0123456789abcdef0",
            &"--format",
            &"json",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    let stack = entry(&report, "infra/stack.yaml", Some("ServicePolicy"));
    // Known now: the opened class no longer depends on a value, and the
    // command that replays it gives `policy eval` the same value.
    let gained = &stack["diff"]["gained"][0];
    assert_eq!(gained["dependsOn"], Value::Null, "{stack:#}");
    assert!(
        gained["command"]
            .as_str()
            .unwrap()
            .starts_with("policy eval --parameter 'OrgId=vpc-0123456789abcdef0' "),
        "{gained:#}"
    );
    assert!(gained["witness"]
        .as_str()
        .unwrap()
        .contains("vpc vpc-0123456789abcdef0"));
}

#[test]
fn a_large_file_gone_since_is_noted_not_an_error() {
    let repo = Repo::new("git-base-large-gone");
    repo.file("policies/a.json", ORG_ONLY);
    // Over the 1 MiB limit: not read at the base, where it may have been
    // anything (a lock file); its deletion fails nothing.
    repo.file(
        "policies/big.json",
        &format!("{{\"data\": \"{}\"}}", "x".repeat(1 << 21)),
    );
    repo.commit("base");
    std::fs::remove_file(repo.path("policies/big.json")).unwrap();
    repo.commit("remove the data");
    let run = policy_in(
        &repo.0 .0,
        &[&"diff", &"--git-base", &"main~1", &"--format", &"json"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let report = run.json();
    assert_eq!(report["skipped"][0]["path"], "policies/big.json");
    assert_eq!(report["unreadable"], json!([]));
    assert_eq!(report["summary"]["unchanged"], 1);
}
