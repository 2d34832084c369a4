//! `policy test` with `*.policytest.toml` files (docs/policytest.md): cases
//! that pass, fail with the explanation, or are invalid at their place while
//! the others run; `--format json` and `--format junit`.

use super::*;

const SERVICE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "RatesClientGets",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:role/rates-client"},
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "*",
      "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}
    },
    {
      "Sid": "NoAdmin",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "*/admin*"
    }
  ]
}
"#;

const NETWORK: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "SignedOnly", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalType": "anonymous"}}}]}"#;

const PASSING: &str = r#"[policies]
service = "service.json"
network = "network.json"

[[case]]
name = "the role reads"
query = "GET /rates as arn:aws:iam::123456789012:role/rates-client"
expect = "allow"
sid = "RatesClientGets"

[[case]]
name = "nobody reads the admin pages"
request = { method = "GET", path = "/admin/users", principal = "arn:aws:iam::123456789012:role/rates-client" }
expect = "deny"
reason = "explicit-deny"
sid = "NoAdmin"
layer = "service"

[[case]]
name = "anonymous callers stop at the network"
query = "GET /rates from anonymous"
expect = "deny:implicit-deny"
layer = "service-network"
"#;

/// One case fails, four are invalid, one passes.
const MIXED: &str = r#"[policies]
service = "service.json"

[[case]]
name = "fails"
query = "POST /rates as arn:aws:iam::123456789012:role/rates-client"
expect = "allow"

[[case]]
name = "misspelt decision"
query = "GET /rates from anonymous"
expect = "dney"

[[case]]
name = "misspelt key"
query = "GET /rates from anonymous"
expect = "deny"
layr = "service"

[[case]]
name = "misspelt sid"
query = "GET /admin as 111122223333"
expect = "deny"
sid = "NoAdmn"

[[case]]
name = "bad query"
query = "GET /rates form anonymous"
expect = "deny"

[[case]]
name = "passes"
query = "GET /rates from anonymous"
expect = "deny"
"#;

fn scratch_with(test: &str, toml: &str) -> (Scratch, PathBuf) {
    let dir = Scratch::new(test);
    dir.file("service.json", SERVICE);
    dir.file("network.json", NETWORK);
    let file = dir.file("rates.policytest.toml", toml);
    (dir, file)
}

#[test]
fn cases_pass_with_reason_sid_and_layer() {
    let (_dir, file) = scratch_with("policytest-pass", PASSING);
    let run = policy(&[&"test", &file]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(
        lines[0].starts_with("ok      ")
            && lines[0].contains(":5:1  the role reads  allow:allowed"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[3], "3 passed, 0 failed");
}

#[test]
fn a_bad_case_is_located_and_the_others_still_run() {
    let (_dir, file) = scratch_with("policytest-mixed", MIXED);
    let shown = display(&file);
    let run = policy(&[&"test", &file]);
    assert_eq!(run.code, 2, "invalid cases make the run unusable: {run:?}");
    let marked: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.starts_with("    ") && !l.is_empty())
        .collect();
    assert_eq!(
        marked,
        vec![
            format!("FAILED  {shown}:4:1  fails: expected allow, got deny").as_str(),
            format!("INVALID {shown}:12:10: `dney` is not a decision (did you mean `deny`?)").as_str(),
            format!("INVALID {shown}:18:1: unknown key `layr` in a case (did you mean `layer`?)").as_str(),
            format!("INVALID {shown}:24:7: no statement of the policies has the Sid `NoAdmn` (did you mean `NoAdmin`?)").as_str(),
            format!("INVALID {shown}:28:21: unknown word `form` (did you mean `from`?)").as_str(),
            format!("ok      {shown}:31:1  passes  deny:implicit-deny").as_str(),
            "1 passed, 1 failed, 4 invalid cases",
        ]
    );
    // The failure is followed by the explanation of the actual decision.
    assert!(
        run.stdout
            .contains("    deny (implicit-deny): the service policy does not allow this request"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("vpc-lattice-svcs:RequestMethod"));
    // Without the invalid cases, a failure alone exits 1.
    let (_dir, file) = scratch_with(
        "policytest-fail",
        &MIXED[..MIXED
            .find("[[case]]\nname = \"misspelt decision\"")
            .unwrap()],
    );
    assert_eq!(policy(&[&"test", &file]).code, 1);
}

#[test]
fn an_unusable_file_is_reported_and_the_others_run() {
    let (dir, _) = scratch_with("policytest-unusable", PASSING);
    dir.file(
        "bad.policytest.toml",
        "[policies]\nservise = \"service.json\"\n",
    );
    dir.file(
        "missing.policytest.toml",
        "[policies]\nservice = \"nowhere.json\"\n",
    );
    let run = policy(&[&"test", &dir.0]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("bad.policytest.toml:2:1: unknown key `servise` in `[policies]` (did you mean `service`?)"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("missing.policytest.toml:2:11: cannot read"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.ends_with("3 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_lists_every_case() {
    let (_dir, file) = scratch_with("policytest-json", MIXED);
    let run = policy(&[&"test", &"--format", &"json", &file]);
    assert_eq!(run.code, 2);
    let report = run.json();
    assert_eq!(
        report["summary"],
        json!({"passed": 1, "failed": 1, "invalid": 4, "unusableFiles": 0})
    );
    let cases = report["files"][0]["cases"].as_array().unwrap();
    assert_eq!(report["files"][0]["kind"], "policytest");
    assert_eq!(cases[0]["name"], "fails");
    assert_eq!(cases[0]["outcome"], "failed");
    assert_eq!(cases[0]["expected"], "allow");
    assert_eq!(cases[0]["got"], "deny:implicit-deny");
    let explanation = cases[0]["explanation"].as_str().unwrap();
    assert!(
        explanation.starts_with("deny (implicit-deny)"),
        "{explanation}"
    );
    assert!(!explanation.contains('\u{1b}'));
    assert_eq!(cases[1]["outcome"], "invalid");
    assert!(cases[1]["location"].as_str().unwrap().ends_with(":12:10"));
    assert_eq!(cases[5]["outcome"], "passed");
}

/// Reads the JUnit XML with python3's `xml.etree` and checks the shape CI
/// systems read (the common JUnit schema): `testsuites` with counts, each
/// `testsuite` with a name and counts that add up, each `testcase` with a
/// name and classname and at most one `failure` or `error` with a message.
/// Prints one line per case: suite, name, what it holds.
fn junit_cases(xml: &str) -> Vec<String> {
    let script = r#"
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
assert root.tag == 'testsuites', root.tag
total = {'tests': 0, 'failures': 0, 'errors': 0}
for suite in root:
    assert suite.tag == 'testsuite', suite.tag
    assert suite.get('name'), 'a suite has a name'
    cases = suite.findall('testcase')
    assert len(list(suite)) == len(cases), 'a suite holds test cases only'
    counts = {'tests': len(cases), 'failures': 0, 'errors': 0}
    for case in cases:
        assert case.get('name') and case.get('classname'), case.attrib
        children = list(case)
        assert len(children) <= 1, children
        for child in children:
            assert child.tag in ('failure', 'error'), child.tag
            assert child.get('message') and child.get('type'), child.attrib
            counts['failures' if child.tag == 'failure' else 'errors'] += 1
        print(suite.get('name').split('/')[-1], '|', case.get('name'), '|', ' '.join(c.tag for c in children), '|', ''.join((c.text or '')[:40] for c in children if c.tag == 'failure'))
    for key, n in counts.items():
        assert int(suite.get(key)) == n, (key, suite.get(key), n)
        total[key] += n
for key, n in total.items():
    assert int(root.get(key)) == n, (key, root.get(key), n)
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is needed to read the JUnit XML");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "not JUnit XML: {}\n{xml}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_expectation() {
    let (dir, _) = scratch_with("policytest-junit", MIXED);
    dir.file(
        "requests.txt",
        "allow GET /rates as arn:aws:iam::123456789012:role/rates-client\n",
    );
    dir.file("policy.json", SERVICE);
    dir.file("broken.policytest.toml", "[policies\n");
    let run = policy(&[&"test", &"--format", &"junit", &dir.0]);
    assert_eq!(run.code, 2);
    let mut cases = junit_cases(&run.stdout);
    cases.sort();
    assert_eq!(
        cases,
        vec![
            "broken.policytest.toml | ".to_owned()
                + &display(&dir.path("broken.policytest.toml"))
                + " | error | ",
            "rates.policytest.toml | bad query | error | ".to_owned(),
            "rates.policytest.toml | fails | failure | deny (implicit-deny): the service policy"
                .to_owned(),
            "rates.policytest.toml | misspelt decision | error | ".to_owned(),
            "rates.policytest.toml | misspelt key | error | ".to_owned(),
            "rates.policytest.toml | misspelt sid | error | ".to_owned(),
            "rates.policytest.toml | passes |  | ".to_owned(),
            "requests.txt | GET /rates as arn:aws:iam::123456789012:role/rates-client |  | "
                .to_owned(),
        ]
    );
}

#[test]
fn a_policy_outside_the_tree_is_not_read_without_follow() {
    let outside = Scratch::new("policytest-outside-target");
    let secret = outside.file("service.json", SERVICE);
    let (dir, _) = scratch_with("policytest-outside", PASSING);
    let file = dir.file(
        "far.policytest.toml",
        format!(
            "[policies]\nservice = {:?}\n\n[[case]]\nquery = \"GET /rates from anonymous\"\nexpect = \"deny\"\n",
            secret.display().to_string()
        ),
    );
    let run = policy_in(&dir.0, &[&"test", &file]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("is outside this file's directory"),
        "{}",
        run.stderr
    );
    let run = policy_in(&dir.0, &[&"test", &"--follow", &file]);
    assert_eq!(run.code, 0, "{run:?}");
}
