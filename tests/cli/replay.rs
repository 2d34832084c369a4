//! `policy replay`: access logs in every layout, verdicts, grouping, the
//! example commands, undetermined records, and bad input (docs/replay.md).

use super::*;

const PROPOSED: &str = "policies/replay-tighten/policy.json";
const CURRENT: &str = "policies/replay-tighten/current.json";

fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn data(name: &str) -> PathBuf {
    root("tests/data/replay").join(name)
}

fn replay_json(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (i32, Value) {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"replay", &"--format", &"json"];
    all.extend_from_slice(args);
    let run = policy(&all);
    (run.code, run.json())
}

/// The summary every layout of the test log gives against the proposed policy.
fn expected_summary() -> Value {
    json!({"records": 43, "unchanged": 27, "newlyDenied": 9, "newlyAllowed": 2,
           "undetermined": 0, "disagreeing": 2, "malformed": 0, "skipped": 3})
}

#[test]
fn every_layout_gives_the_same_answer() {
    let proposed = root(PROPOSED);
    for layout in [
        "lines.log",
        "lines.log.gz",
        "concatenated.json",
        "s3",
        "cloudwatch-export.json",
        "tail.txt",
    ] {
        let (code, report) = replay_json(&[&"--log", &data(layout), &proposed]);
        assert_eq!(report["summary"], expected_summary(), "{layout}");
        assert_eq!(code, 1, "{layout}: newly denied requests exit 1");
        assert_eq!(
            report["skipped"],
            json!({"failed before authorization (ClientRateLimited)": 1, "resource access log record": 2}),
            "{layout}"
        );
    }
    let lines = std::fs::read(data("lines.log")).unwrap();
    let run = policy_stdin(
        &[&"replay", &"--format", &"json", &"--log", &"-", &proposed],
        &lines,
    );
    assert_eq!(run.json()["summary"], expected_summary());
    // Several paths after --log, the policy last.
    let (_, report) = replay_json(&[&"--log", &data("lines.log"), &data("tail.txt"), &proposed]);
    assert_eq!(report["summary"]["records"], 86);
    assert_eq!(report["summary"]["newlyDenied"], 18);
}

#[test]
fn changes_are_grouped_with_a_command_that_reproduces_them() {
    let proposed = root(PROPOSED);
    let (_, report) = replay_json(&[&"--log", &data("lines.log"), &proposed]);
    let groups = report["groups"].as_array().unwrap();
    let reader_posts = groups
        .iter()
        .find(|g| g["verdict"] == "newly-denied" && g["method"] == "POST")
        .unwrap();
    assert_eq!(
        reader_posts["caller"],
        "arn:aws:iam::111122223333:role/order-reader"
    );
    assert_eq!(reader_posts["path"], "/orders");
    assert_eq!(reader_posts["count"], 4);
    assert_eq!(reader_posts["first"], "2024-08-04T10:11:06Z");
    assert_eq!(reader_posts["last"], "2024-08-04T10:12:57Z");
    let deletes = groups.iter().find(|g| g["method"] == "DELETE").unwrap();
    assert_eq!(deletes["path"], "/orders/*");
    // Each example, run through `policy eval`, decides as the group says.
    for g in groups {
        let query = g["exampleQuery"].as_str().unwrap();
        assert!(g["command"].as_str().unwrap().starts_with("policy eval "));
        let run = policy(&[&"eval", &proposed, &query]);
        let want = match g["verdict"].as_str().unwrap() {
            "newly-denied" => 1,
            "newly-allowed" => 0,
            // Denied by the network layer in the log; the service policy alone allows it.
            "disagreeing" => 0,
            other => panic!("unexpected verdict {other}"),
        };
        assert_eq!(run.code, want, "{query}\n{}", run.stdout);
    }
}

#[test]
fn replaying_the_current_policy_shows_disagreements() {
    let (code, report) = replay_json(&[&"--log", &data("lines.log"), &root(CURRENT), &"--current"]);
    assert_eq!(code, 0);
    let s = &report["summary"];
    assert_eq!(s["newlyDenied"], 0);
    assert_eq!(s["newlyAllowed"], 0);
    // The writer's PUTs (the log says the service denied them; this policy allows
    // them: a stale file) and the network's denials (a layer not given).
    assert_eq!(s["disagreeing"], 4);
    let mut layers: Vec<&str> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["loggedLayer"].as_str().unwrap())
        .collect();
    layers.sort_unstable();
    assert_eq!(layers, ["Network", "Service"]);
}

#[test]
fn time_filters_skip_records_outside_the_window() {
    let (_, report) = replay_json(&[
        &"--log",
        &data("lines.log"),
        &root(PROPOSED),
        &"--since",
        &"2024-08-04T10:14:00Z",
        &"--until",
        &"2024-08-04T10:17:00Z",
    ]);
    let s = &report["summary"];
    // Records are 37 s apart from 10:00:00: five fall in the window (the
    // rate-limited one is skipped as such, whatever its time).
    assert_eq!(report["skipped"]["outside --since/--until"], 35);
    // The second DELETE (10:14:11) and the three health checks.
    assert_eq!(s["newlyDenied"], 4);
}

const HEADER_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
     "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"},
                   "StringEqualsIgnoreCase": {"aws:PrincipalType": "AssumedRole"}}},
    {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
     "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/x-debug": "1"}}}
  ]
}"#;

#[test]
fn a_decision_that_depends_on_an_unlogged_header_is_undetermined() {
    let scratch = Scratch::new("replay-undetermined");
    let policy_file = scratch.file("policy.json", HEADER_POLICY);
    let (code, report) = replay_json(&[&"--log", &data("lines.log"), &policy_file]);
    let s = &report["summary"];
    // Every signed GET could carry `x-debug: 1` (21 records); anonymous GETs
    // and every POST, PUT and DELETE are denied whatever their headers, so
    // those are decided exactly.
    assert_eq!(s["undetermined"], 21, "{report:#}");
    assert_eq!(s["newlyDenied"], 12, "{report:#}");
    assert_eq!(code, 1);
    let undetermined: Vec<&Value> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["verdict"] == "undetermined")
        .collect();
    assert!(!undetermined.is_empty());
    for g in undetermined {
        assert_eq!(
            g["dependsOn"],
            json!(["vpc-lattice-svcs:RequestHeader/x-debug"])
        );
    }
}

#[test]
fn bad_input_is_counted_with_its_location_and_never_fatal() {
    let scratch = Scratch::new("replay-bad-input");
    let good = std::fs::read_to_string(data("lines.log")).unwrap();
    let first = good.lines().next().unwrap();
    let gz = std::fs::read(data("lines.log.gz")).unwrap();
    let truncated = scratch.file("truncated.log.gz", &gz[..gz.len() / 2]);
    let split = first.replacen("\"GET\", ", "\"GE\nT\", ", 1);
    let wrong_type = first.replacen("\"requestMethod\": \"GET\"", "\"requestMethod\": 7", 1);
    let bad_layer = first.replacen(
        "\"authDeniedReason\": \"-\"",
        "\"authDeniedReason\": \"Gateway\"",
        1,
    );
    let long = format!("{{\"requestPath\": \"{}\"}}", "a".repeat(5000));
    let mixed = format!(
        "{first}\n{split}\n\u{1}\u{2}\u{ff}garbage\n{wrong_type}\n{bad_layer}\n{long}\n{first}\n{{\"requestMethod\": \"GET\""
    );
    let mixed = scratch.file("mixed.log", mixed);
    let (code, report) = replay_json(&[
        &"--log",
        &mixed,
        &truncated,
        &root(PROPOSED),
        &"--max-record-size",
        &"4096",
    ]);
    assert_eq!(code, 0, "{report:#}");
    let malformed: Vec<(String, String)> = report["malformed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["at"].as_str().unwrap().to_string(),
                m["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let at = |suffix: &str, what: &str| {
        assert!(
            malformed.iter().any(|(a, r)| (a.ends_with(suffix)
                || (suffix.ends_with(':') && a.contains(suffix)))
                && r.contains(what)),
            "no `{what}` at {suffix}: {malformed:#?}"
        )
    };
    at("mixed.log:2", "split across lines");
    at("mixed.log:4", "binary data");
    at("mixed.log:5", "`requestMethod` should be a string");
    at("mixed.log:6", "unknown layer `Gateway`");
    at("mixed.log:7", "longer than 4096 bytes");
    at("mixed.log:9", "truncated record");
    at("truncated.log.gz:", "gzip stream is truncated");
    // The records around them are all read: two in mixed.log, and those the
    // readable half of the gzip holds.
    let s = &report["summary"];
    assert_eq!(s["malformed"], malformed.len() as u64);
    assert!(s["records"].as_u64().unwrap() >= 2, "{s}");
}

#[test]
fn unusable_input_exits_2() {
    let run = policy(&[
        &"replay",
        &"--log",
        &root("tests/data/replay/missing.log"),
        &root(PROPOSED),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.log"), "{}", run.stderr);
    let scratch = Scratch::new("replay-garbage");
    let garbage = scratch.file("garbage.log", b"\x00\x01\x02 not a log\n");
    let run = policy(&[&"replay", &"--log", &garbage, &root(PROPOSED)]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("garbage.log:1"), "{}", run.stdout);
}

/// Line `n` (1-based) of the test log.
fn log_line(n: usize) -> String {
    let text = std::fs::read_to_string(data("lines.log")).unwrap();
    text.lines().nth(n - 1).unwrap().to_string()
}

#[test]
fn eval_from_log_says_whether_the_policies_reproduce_the_record() {
    let eval = |file: &str, line: &str| {
        let run = policy(&[
            &"eval",
            &root(file),
            &"--format",
            &"json",
            &"--from-log",
            &line,
        ]);
        (run.code, run.json())
    };
    // An anonymous GET the service denied: the current policy denies it at the same layer.
    let (code, report) = eval(CURRENT, &log_line(28));
    assert_eq!(code, 1);
    assert_eq!(report["fromLog"]["recorded"], "denied");
    assert_eq!(report["fromLog"]["recordedLayer"], "Service");
    assert_eq!(report["fromLog"]["reproduced"], true);
    assert_eq!(report["layer"], "service");
    // The network denied it, and no network policy is given.
    let (code, report) = eval(CURRENT, &log_line(31));
    assert_eq!(code, 0);
    assert_eq!(report["fromLog"]["reproduced"], false);
    assert!(report["fromLog"]["explanation"]
        .as_str()
        .unwrap()
        .contains("network-based policy (`authDeniedReason` Network), which was not given"));
    // Allowed in the log; the proposed policy would deny it.
    let (code, report) = eval(PROPOSED, &log_line(19));
    assert_eq!(code, 1);
    assert_eq!(report["fromLog"]["recorded"], "allowed");
    assert_eq!(report["fromLog"]["reproduced"], false);
    assert_eq!(
        report["request"]["context"]["aws:principalarn"],
        json!(["arn:aws:iam::111122223333:role/order-reader"])
    );
    // Not a record: exit 2 with the reason.
    let run = policy(&[
        &"eval",
        &root(CURRENT),
        &"--from-log",
        &"{\"requestMethod\": 7}",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`requestMethod` should be a string"),
        "{}",
        run.stderr
    );
}

/// A single line of 64 MiB on standard input, written in pieces as the
/// binary reads it (neither side holds it whole): one malformed record at
/// line 1, and the record after it is read.
#[test]
fn a_huge_line_is_one_malformed_record_streamed_past() {
    let mut child = command(&[
        &"replay",
        &"--format",
        &"json",
        &"--log",
        &"-",
        &root(PROPOSED),
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let record = log_line(1);
    let writer = std::thread::spawn(move || {
        let piece = vec![b'a'; 1 << 20];
        let _ = stdin.write_all(b"{\"requestPath\": \"");
        for _ in 0..64 {
            if stdin.write_all(&piece).is_err() {
                return;
            }
        }
        let _ = stdin.write_all(b"\"}\n");
        let _ = stdin.write_all(record.as_bytes());
        let _ = stdin.write_all(b"\n");
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let run = finish(&output);
    let report = run.json();
    assert_eq!(report["summary"]["malformed"], 1, "{report:#}");
    assert_eq!(report["summary"]["unchanged"], 1, "{report:#}");
    let m = &report["malformed"][0];
    assert_eq!(m["at"], "<stdin>:1");
    assert!(m["reason"]
        .as_str()
        .unwrap()
        .contains("longer than 1048576 bytes"));
}

#[test]
fn a_role_pattern_with_a_path_makes_sessions_undetermined_and_names_the_path() {
    let scratch = Scratch::new("replay-role-path");
    let policy_file = scratch.file(
        "policy.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
            "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
            "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/apps/*"}}}]}"#,
    );
    let (_, report) = replay_json(&[&"--log", &data("lines.log"), &policy_file]);
    let groups = report["groups"].as_array().unwrap();
    // A session ARN drops its role's path: whether `order-reader` is under
    // `/apps/` decides, and the log cannot say.
    let reader = groups
        .iter()
        .find(|g| g["caller"] == "arn:aws:iam::111122223333:role/order-reader")
        .unwrap();
    assert_eq!(reader["verdict"], "undetermined");
    assert_eq!(
        reader["dependsOn"],
        json!(["the role's path (aws:PrincipalArn)"])
    );
    // Anonymous callers are denied whatever any role's path is.
    assert!(
        groups.iter().all(|g| g["caller"] != "anonymous"),
        "{groups:#?}"
    );
    assert_eq!(report["summary"]["unchanged"], 3);
}
