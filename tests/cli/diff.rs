//! `policy diff OLD NEW`: exit codes, witnesses that `policy eval` reproduces, JSON.

use super::*;

const MODEL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous","vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#;
const SIGNED: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#;

#[test]
fn new_access_exits_1_and_its_witnesses_replay() {
    let dir = Scratch::new("diff-gained");
    let old = dir.file("old.json", MODEL);
    let new = dir.file("new.json", SIGNED);
    let run = policy(&[&"diff", &old, &new, &"--format", &"json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["newAccess"], true);
    assert_eq!(report["lost"], json!([]));
    let gained = report["gained"].as_array().unwrap();
    assert!(!gained.is_empty());
    for change in gained {
        let query = change["witness"].as_str().unwrap();
        assert!(query.starts_with("GET"), "{query}");
        assert_eq!(policy(&[&"eval", &new, &query]).code, 0, "{query}");
        assert_eq!(policy(&[&"eval", &old, &query]).code, 1, "{query}");
    }
}

#[test]
fn removed_access_alone_exits_0() {
    let dir = Scratch::new("diff-lost");
    let old = dir.file("old.json", SIGNED);
    let new = dir.file("new.json", MODEL);
    let run = policy(&[&"diff", &old, &new]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("denies requests"), "{}", run.stdout);
    assert!(
        run.stdout.contains("for example: policy eval"),
        "{}",
        run.stdout
    );
}

#[test]
fn same_policy_has_no_change_and_broken_policy_exits_2() {
    let dir = Scratch::new("diff-same");
    let old = dir.file("old.json", MODEL);
    let broken = dir.file("broken.json", BROKEN);
    let run = policy(&[&"diff", &old, &old]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "no request changes decision\n");
    let run = policy(&[&"diff", &old, &broken]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("cannot compare"), "{}", run.stderr);
}

/// The resource-policy samples AWS publishes for Access Analyzer's
/// CheckNoNewAccess (aws-samples/iam-access-analyzer-custom-policy-check-samples:
/// "check who is granted access" and "allowlist account principals"),
/// carried over to Lattice: S3 and STS actions become `vpc-lattice-svcs`
/// ones, the bucket a service. Each candidate passes (exit 0: no new access)
/// or fails (exit 1) as the sample says.
#[test]
fn check_no_new_access_samples_carried_over_to_lattice() {
    const SVC: &str = "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-0123456789abcdef0";
    let role = |name: &str| format!("arn:aws:iam::111111111111:role/{name}");
    let doc = |statements: &[String]| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        )
    };
    let allow = |principal: &str, action: &str, resource: &str, condition: &str| {
        format!(
            r#"{{"Effect":"Allow","Principal":{principal},"Action":"{action}","Resource":{resource}{condition}}}"#
        )
    };
    let arn_like =
        |arns: &str| format!(r#","Condition":{{"ArnLike":{{"aws:PrincipalArn":{arns}}}}}"#);
    let objects = format!(r#""{SVC}/*""#);
    let privileged = format!(
        r#"["{}","{}"]"#,
        role("MyPrivilegedRole"),
        role("MyPrivilegedRole2")
    );
    let who_reference = doc(&[
        allow(
            &format!(r#"{{"AWS":{privileged}}}"#),
            "vpc-lattice-svcs:*",
            &format!(r#"["{SVC}","{SVC}/*"]"#),
            "",
        ),
        allow(
            r#"{"AWS":"*"}"#,
            "vpc-lattice-svcs:*",
            &format!(r#"["{SVC}","{SVC}/*"]"#),
            &arn_like(&privileged),
        ),
    ]);
    let one_role = |name: &str| format!(r#"{{"AWS":"{}"}}"#, role(name));
    let who_candidates = [
        (
            "1: a privileged role by aws:PrincipalArn",
            doc(&[allow(
                r#"{"AWS":"*"}"#,
                "vpc-lattice-svcs:Invoke",
                &objects,
                &arn_like(&format!(r#""{}""#, role("MyPrivilegedRole"))),
            )]),
            0,
        ),
        (
            "2: a privileged role in Principal",
            doc(&[allow(
                &one_role("MyPrivilegedRole"),
                "vpc-lattice-svcs:Invoke",
                &objects,
                "",
            )]),
            0,
        ),
        (
            "3: everyone",
            doc(&[allow(
                r#"{"AWS":"*"}"#,
                "vpc-lattice-svcs:Invoke",
                &objects,
                "",
            )]),
            1,
        ),
        (
            "4: another role in Principal",
            doc(&[allow(
                &one_role("MyOtherRole"),
                "vpc-lattice-svcs:Invoke",
                &objects,
                "",
            )]),
            1,
        ),
        (
            "5: another role by aws:PrincipalArn",
            doc(&[allow(
                r#"{"AWS":"*"}"#,
                "vpc-lattice-svcs:Invoke",
                &objects,
                &arn_like(&format!(r#""{}""#, role("MyOtherRole"))),
            )]),
            1,
        ),
    ];
    let accounts_reference = doc(&[
        allow(
            r#"{"AWS":["111111111111","222222222222"]}"#,
            "vpc-lattice-svcs:Invoke",
            r#""*""#,
            "",
        ),
        r#"{"Effect":"Allow","Principal":"*","NotAction":"vpc-lattice-svcs:Invoke","Resource":"*"}"#
            .to_owned(),
    ]);
    let invoke =
        |principal: &str| doc(&[allow(principal, "vpc-lattice-svcs:Invoke", r#""*""#, "")]);
    let accounts_candidates = [
        (
            "1: an allowlisted account",
            invoke(r#"{"AWS":"111111111111"}"#),
            0,
        ),
        (
            "2: a role of an allowlisted account",
            invoke(r#"{"AWS":"arn:aws:iam::222222222222:role/MyRole"}"#),
            0,
        ),
        (
            "3: another action, which the reference allows anyone",
            doc(&[allow(r#""*""#, "vpc-lattice-svcs:Connect", r#""*""#, "")]),
            0,
        ),
        ("5: another account", invoke(r#"{"AWS":"333333333333"}"#), 1),
        (
            "6: a role of another account",
            invoke(r#"{"AWS":"arn:aws:iam::333333333333:role/NotMyRole"}"#),
            1,
        ),
    ];
    let dir = Scratch::new("diff-cnna");
    for (reference, candidates) in [
        (&who_reference, &who_candidates),
        (&accounts_reference, &accounts_candidates),
    ] {
        let old = dir.file("reference.json", reference);
        for (name, candidate, expected) in candidates.iter() {
            let new = dir.file("candidate.json", candidate);
            let run = policy(&[&"diff", &old, &new, &"--format", &"json"]);
            assert_eq!(run.code, *expected, "candidate {name}: {run:?}");
            let report: Value = serde_json::from_str(&run.stdout).unwrap();
            assert_eq!(report["newAccess"], *expected == 1, "candidate {name}");
            for change in report["gained"].as_array().unwrap() {
                let query = change["witness"].as_str().unwrap();
                assert_eq!(policy(&[&"eval", &new, &query]).code, 0, "{name}: {query}");
                assert_eq!(policy(&[&"eval", &old, &query]).code, 1, "{name}: {query}");
            }
        }
    }
}

#[test]
fn a_policy_that_allows_no_lattice_request_is_pointed_out() {
    // An S3 bucket policy: no statement ever applies to a Lattice request.
    let dir = Scratch::new("diff-not-lattice");
    let old = dir.file(
        "bucket.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::my-bucket/*"}]}"#,
    );
    let new = dir.file("model.json", MODEL);
    let run = policy(&[&"diff", &old, &new]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("bucket.json allows no VPC Lattice request at all"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("model.json allows no"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_analysis_budget_and_the_quota_are_said_not_to_be_exact() {
    let dir = Scratch::new("diff-budget");
    let old = dir.file("old.json", MODEL);
    let new = dir.file("new.json", SIGNED);
    // A budget too small for anything: the comparison says why it is not exact.
    let run = policy(&[
        &"diff",
        &old,
        &new,
        &"--format",
        &"json",
        &"--analysis-budget",
        &"1K",
    ]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["exact"], false, "{run:?}");
    let reasons = report["notExact"].to_string();
    assert!(
        reasons.contains("the analysis budget (2s,1K) was exceeded"),
        "{reasons}"
    );
    // A policy over the quota is not analysed at all.
    let statement = r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestHeader/x":"*a*b*"}}}"#;
    let big = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        vec![statement; 80].join(",")
    );
    let big = dir.file("big.json", &big);
    let run = policy(&[&"diff", &old, &big, &"--format", &"json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["exact"], false, "{run:?}");
    assert!(
        report["notExact"]
            .to_string()
            .contains("over the quota of 10,000 characters, so it is not analysed"),
        "{run:?}"
    );
    // A bad budget is an argument error.
    assert_eq!(
        policy(&[&"diff", &old, &new, &"--analysis-budget", &"2x"]).code,
        2
    );
}

#[test]
fn json_witnesses_carry_the_command_that_replays_them() {
    // OLD lets signed callers make any request but GET; NEW lets them make
    // GET only: access is gained one way and lost the other. Names with a
    // space and a network policy make the command's quoting matter.
    const GET_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#;
    const OPEN: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    let dir = Scratch::new("diff-command");
    dir.file("old policy.json", MODEL);
    dir.file("new policy.json", GET_ONLY);
    dir.file("network policy.json", OPEN);
    let run = policy_in(
        &dir.0,
        &[
            &"diff",
            &"old policy.json",
            &"new policy.json",
            &"--old-network",
            &"network policy.json",
            &"--new-network",
            &"network policy.json",
            &"--format",
            &"json",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    let bin = Path::new(env!("CARGO_BIN_EXE_policy")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut replayed = 0;
    // A gained request is allowed by NEW (exit 0), a lost one denied (exit 1).
    for (side, decision) in [("gained", 0), ("lost", 1)] {
        let changes = report[side].as_array().unwrap();
        assert!(!changes.is_empty(), "{side}: {report:#}");
        for change in changes {
            let query = change["witness"].as_str().unwrap();
            let command = change["command"].as_str().unwrap();
            assert!(
                command.starts_with(
                    "policy eval 'new policy.json' --network-policy 'network policy.json' '"
                ),
                "{command}"
            );
            assert!(command.contains(query), "{command}");
            let output = Command::new("sh")
                .arg("-c")
                .arg(command)
                .current_dir(&dir.0)
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .stdin(Stdio::null())
                .output()
                .unwrap();
            let replay = finish(&output);
            assert_eq!(replay.code, decision, "{side}: {command}: {replay:?}");
            replayed += 1;
        }
    }
    assert!(replayed >= 2);
}

/// Corpus 087: a guard rail of one `Deny` statement and nothing else.
const DENY_ONLY: &str = "tests/corpus/lattice/087-megashby-deny-only-compromised-principal.json";

#[test]
fn a_deny_only_policy_is_reported_and_diff_points_at_the_finding() {
    // `check` says why the policy lets nothing through: before, it said nothing.
    let run = policy(&[&"check", &DENY_ONLY, &"--format", &"json"]);
    assert_eq!(run.code, 0, "a warning only: {run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["ALLOWS_NOTHING"], "{}", run.stdout);
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("no `Allow` statement"),
        "{}",
        run.stdout
    );
    // `diff` names the finding `policy check` reports.
    let dir = Scratch::new("diff-deny-only");
    let new = dir.file("model.json", MODEL);
    let run = policy(&[&"diff", &DENY_ONLY, &new]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(
            "087-megashby-deny-only-compromised-principal.json allows no VPC Lattice request at all (`ALLOWS_NOTHING`)"
        ),
        "{}",
        run.stdout
    );
    // The rule is listed and explained like every other.
    let rules = policy(&[&"rules"]);
    assert!(rules.stdout.contains("ALLOWS_NOTHING"), "{}", rules.stdout);
    let explain = policy(&[&"explain", &"allows-nothing"]);
    assert_eq!(explain.code, 0, "{explain:?}");
    assert!(explain.stdout.contains("Deny"), "{}", explain.stdout);
}

#[test]
fn a_policy_with_errors_is_not_said_to_allow_nothing() {
    // Lowering drops the statement without a principal: what is left allows
    // nothing, but the policy as written is not known to.
    let dir = Scratch::new("check-dropped-statement");
    let path = dir.file(
        "policy.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Anonymous"}}}]}"#,
    );
    let run = policy(&[&"check", &path]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("MISSING_PRINCIPAL"), "{}", run.stdout);
    assert!(!run.stdout.contains("ALLOWS_NOTHING"), "{}", run.stdout);
}
