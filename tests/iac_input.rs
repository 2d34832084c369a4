//! How policies written inside infrastructure files are read, through the
//! `policy` binary: policies written as `Fn::Sub` strings, YAML merge keys,
//! and bad input (each a located finding in its file, every other policy
//! and file still checked, the exit status following the findings).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const DATA: &str = "tests/data/iac";

/// Runs `policy ARGS` from the crate root without colour: (exit code,
/// stdout, stderr); never a panic.
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

/// The report's entry for the file whose path ends with `name`.
fn file<'r>(report: &'r Value, name: &str) -> &'r Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

/// (code, line) of every finding of a file's entry.
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

fn has(found: &[(String, u64)], code: &str, line: u64) -> bool {
    found.iter().any(|(c, l)| c == code && *l == line)
}

/// A scratch directory of this test's own, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("iac-input-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path.to_str().unwrap().to_owned()
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_sub_policy_with_unknown_placeholders_is_checked_at_the_template_lines() {
    let path = format!("{DATA}/cfn/sub-policies.yaml");
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    let entry = file(&report, "sub-policies.yaml");
    assert_eq!(locators(entry), ["AccountPolicy", "ListPolicy"]);
    let found = findings(entry);
    assert!(
        !found.iter().any(|(c, _)| c == "POLICY_NOT_RESOLVED"),
        "{found:?}"
    );
    // The misspelt `Effect` inside the `!Sub |` block, at its own line.
    assert!(has(&found, "INVALID_POLICY_ELEMENT", 27), "{found:?}");
    // Each placeholder an unknown value where it is written.
    for line in [21, 23, 24] {
        assert!(has(&found, "UNRESOLVED_VALUE", line), "{line}: {found:?}");
    }
    // The list form: `Path` is literal and substituted, `Arn` stays unknown;
    // the open principal is still reported, on the line of the string.
    assert!(has(&found, "ANONYMOUS_ACCESS", 40), "{found:?}");
    let unknown = entry["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "UNRESOLVED_VALUE" && f["line"] == 40)
        .unwrap();
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("`${Arn}/public/*`"),
        "{unknown}"
    );
}

#[test]
fn given_values_fill_sub_placeholders() {
    let path = format!("{DATA}/cfn/sub-policies.yaml");
    let (_, report) = check_json(&[
        &path,
        "--account",
        "111122223333",
        "--parameter",
        "OrgId=o-abcdef1234",
    ]);
    let found = findings(file(&report, "sub-policies.yaml"));
    // Only the service's ARN is left unknown.
    assert!(has(&found, "UNRESOLVED_VALUE", 23), "{found:?}");
    assert!(!has(&found, "UNRESOLVED_VALUE", 21), "{found:?}");
    assert!(!has(&found, "UNRESOLVED_VALUE", 24), "{found:?}");
}

#[test]
fn an_escaped_sub_policy_in_a_json_template_maps_through_the_escapes() {
    let path = format!("{DATA}/cfn/sub-policy.template.json");
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    let entry = file(&report, "sub-policy.template.json");
    let action = entry["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "INVALID_ACTION")
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let offset = action["span"]["offset"].as_u64().unwrap() as usize;
    let length = action["span"]["length"].as_u64().unwrap() as usize;
    assert_eq!(
        &text[offset..offset + length],
        r#"\"vpc-lattice-svcs:Invok\""#
    );
}

const OPEN: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}"#;

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> u64 {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    text[..at].matches('\n').count() as u64 + 1
}

#[test]
fn merge_keys_in_a_cloudformation_template_are_expanded_and_reported() {
    let scratch = Scratch::new("merge-cfn");
    let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Svc:
    Type: AWS::VpcLattice::Service
    Properties:
      AuthType: AWS_IAM
  Policy:
    Type: AWS::VpcLattice::AuthPolicy
    Properties:
      ResourceIdentifier: !Ref Svc
      Policy:
        Version: "2012-10-17"
        Statement:
          - &invoke
            Effect: Allow
            Principal: "*"
            Action: vpc-lattice-svcs:Invoke
            Resource: "*"
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-abcdef1234
          - <<: *invoke
            Effect: Alow
"#;
    let path = scratch.write("merge.yaml", text);
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    let found = findings(file(&report, "merge.yaml"));
    // CloudFormation would refuse the alias; the template is checked as
    // `aws cloudformation package` expands it: the second statement has
    // the merged members and its own misspelt `Effect`.
    assert!(
        has(&found, "CLOUDFORMATION_YAML_ALIAS", line_of(text, "<<")),
        "{found:?}"
    );
    assert!(
        has(&found, "INVALID_EFFECT", line_of(text, "Alow")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(c, _)| c == "DUPLICATE_KEY"),
        "{found:?}"
    );
}

#[test]
fn merge_keys_in_a_manifest_are_applied_as_kubernetes_does() {
    let scratch = Scratch::new("merge-k8s");
    let text = format!(
        "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: application-networking.k8s.aws/v1alpha1\n    kind: IAMAuthPolicy\n    metadata: &meta\n      name: shared\n      namespace: shop\n    spec:\n      targetRef: {{group: gateway.networking.k8s.io, kind: HTTPRoute, name: cart}}\n      policy: '{OPEN}'\n  - apiVersion: application-networking.k8s.aws/v1alpha1\n    kind: IAMAuthPolicy\n    metadata:\n      <<: *meta\n      name: second\n    spec:\n      targetRef: {{group: gateway.networking.k8s.io, kind: HTTPRoute, name: orders}}\n      policy: '{OPEN}'\n---\napiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata:\n  <<: *meta\n  name: third\nspec:\n  targetRef: {{group: gateway.networking.k8s.io, kind: HTTPRoute, name: rates}}\n  policy: '{OPEN}'\n"
    );
    let path = scratch.write("merge.yaml", &text);
    let (_, report) = check_json(&[&path]);
    let entry = file(&report, "merge.yaml");
    // The second item takes the first's namespace through the merge key
    // and keeps its own name. An anchor does not cross documents: the third
    // manifest's alias is an error, located, and it is in `default`.
    assert_eq!(
        locators(entry),
        ["shop/shared", "shop/second", "default/third"]
    );
    let found = findings(entry);
    let syntax: Vec<&(String, u64)> = found
        .iter()
        .filter(|(c, _)| c == "YAML_SYNTAX_ERROR")
        .collect();
    assert_eq!(syntax, [&("YAML_SYNTAX_ERROR".to_owned(), 24)], "{found:?}");
    assert!(!found.iter().any(|(c, _)| c == "CLOUDFORMATION_YAML_ALIAS"));
}

#[test]
fn a_template_of_a_thousand_resources_with_one_broken_checks_every_policy() {
    let scratch = Scratch::new("thousand");
    let mut resources = Vec::new();
    for i in 0..1000 {
        if i % 200 == 0 {
            resources.push(format!(
                r#"    "P{i}": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": "svc-0123456789abcdef0", "Policy": {OPEN}}}}}"#
            ));
        }
        resources.push(if i == 500 {
            r#"    "R500": {"Type": "AWS::SNS::Topic" "Properties": {}}"#.to_owned()
        } else {
            format!(r#"    "R{i}": {{"Type": "AWS::SNS::Topic", "Properties": {{}}}}"#)
        });
    }
    let text = format!(
        "{{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {{\n{}\n  }}\n}}\n",
        resources.join(",\n")
    );
    let path = scratch.write("big.template.json", &text);
    let good = scratch.write("good.json", OPEN);
    let (code, report) = check_json(&[&path, &good]);
    assert_eq!(code, 1);
    let entry = file(&report, "big.template.json");
    assert_eq!(locators(entry), ["P0", "P200", "P400", "P600", "P800"]);
    let found = findings(entry);
    assert!(
        has(&found, "JSON_SYNTAX_ERROR", line_of(&text, "\"R500\"")),
        "{found:?}"
    );
    for p in ["P0", "P200", "P400", "P600", "P800"] {
        let line = line_of(&text, &format!("\"{p}\""));
        assert!(has(&found, "ANONYMOUS_ACCESS", line), "{p}: {found:?}");
    }
    assert!(!findings(file(&report, "good.json")).is_empty());
}

#[test]
fn malformed_yaml_hcl_and_json_are_each_located_and_hide_nothing_else() {
    let scratch = Scratch::new("malformed");
    let yaml = format!("apiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata: {{name: broken}}\nspec: [unclosed\n---\napiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata: {{name: kept}}\nspec:\n  targetRef: {{kind: HTTPRoute, name: r}}\n  policy: '{OPEN}'\n");
    let hcl = format!("resource \"aws_vpclattice_auth_policy\" \"kept\" {{\n  resource_identifier = \"svc-0123456789abcdef0\"\n  policy = <<EOF\n{OPEN}\nEOF\n}}\n\nresource \"aws_vpclattice_auth_policy\" \"broken\" {{\n  policy = jsonencode({{ Version = \n}}\n");
    let json = format!("{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\n\"Kept\": {{\"Type\": \"AWS::VpcLattice::AuthPolicy\", \"Properties\": {{\"Policy\": {OPEN}}}}},\n\"Broken\": {{\"Type\": \"AWS::VpcLattice::AuthPolicy\", \"Properties\": {{\"Policy\": {{\"Version\": }}}}}}\n}}}}\n");
    let paths = [
        scratch.write("manifests.yaml", &yaml),
        scratch.write("main.tf", &hcl),
        scratch.write("stack.template.json", &json),
    ];
    let (code, report) = check_json(&[scratch.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    // A JSON template cut short by a syntax error the reader cannot step
    // over has no tree, so its other policy is not read: the error says so.
    let expected = [
        (
            "manifests.yaml",
            "YAML_SYNTAX_ERROR",
            5,
            Some("default/kept"),
        ),
        (
            "main.tf",
            "TERRAFORM_SYNTAX_ERROR",
            9,
            Some("aws_vpclattice_auth_policy.kept"),
        ),
        ("stack.template.json", "JSON_SYNTAX_ERROR", 3, None),
    ];
    for ((name, code, line, kept), path) in expected.iter().zip(&paths) {
        let entry = file(&report, name);
        let found = findings(entry);
        let located = found.iter().find(|(c, _)| c == code);
        let Some((_, at)) = located else {
            panic!("{name}: no {code} in {found:?}")
        };
        assert_eq!(at, line, "{name}: {found:?}");
        let text = std::fs::read_to_string(path).unwrap();
        assert!(*at as usize <= text.lines().count(), "{name}: {found:?}");
        let Some(kept) = kept else {
            continue;
        };
        assert!(locators(entry).iter().any(|l| l == kept), "{name}: {entry}");
        // The policy kept is checked: its open principal is reported.
        assert!(
            found.iter().any(|(c, _)| c == "ANONYMOUS_ACCESS"),
            "{name}: {found:?}"
        );
    }
    assert_eq!(report["files"].as_array().unwrap().len(), 3);
}

#[test]
fn a_plan_with_unknown_values_everywhere_reports_them_and_checks_the_rest() {
    let scratch = Scratch::new("plan");
    let policy = serde_json::to_string(OPEN).unwrap();
    let text = format!(
        r#"{{
  "format_version": "1.2",
  "planned_values": {{"root_module": {{"resources": [
    {{"address": "aws_vpclattice_auth_policy.a", "mode": "managed", "type": "aws_vpclattice_auth_policy", "name": "a", "values": {{}}}},
    {{"address": "aws_vpclattice_auth_policy.b", "mode": "managed", "type": "aws_vpclattice_auth_policy", "name": "b", "values": {{"policy": {policy}}}}}
  ]}}}},
  "resource_changes": [
    {{"address": "aws_vpclattice_auth_policy.a", "mode": "managed", "type": "aws_vpclattice_auth_policy", "name": "a",
      "change": {{"actions": ["create"], "after": {{}}, "after_unknown": {{"policy": true, "resource_identifier": true, "id": true, "arn": true}}}}}},
    {{"address": "aws_vpclattice_auth_policy.b", "mode": "managed", "type": "aws_vpclattice_auth_policy", "name": "b",
      "change": {{"actions": ["create"], "after": {{"policy": {policy}}}, "after_unknown": {{"resource_identifier": true, "id": true}}}}}}
  ]
}}
"#
    );
    let path = scratch.write("plan.json", &text);
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    let entry = file(&report, "plan.json");
    let found = findings(entry);
    assert!(
        found.iter().any(|(c, _)| c == "POLICY_NOT_RESOLVED"),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "ANONYMOUS_ACCESS",
            line_of(&text, "\"name\": \"b\", \"values\"")
        ),
        "{found:?}"
    );
}

#[test]
fn duplicated_logical_ids_in_yaml_are_located_and_both_neighbours_checked() {
    let scratch = Scratch::new("dup");
    let text = format!("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Policy:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      Policy: '{OPEN}'\n  Policy:\n    Type: AWS::SNS::Topic\n  Other:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      Policy: {{Version: \"2012-10-17\", Statement: [{{Effect: Alow, Principal: \"*\", Action: \"vpc-lattice-svcs:Invoke\", Resource: \"*\"}}]}}\n");
    let path = scratch.write("dup.yaml", &text);
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    let entry = file(&report, "dup.yaml");
    assert_eq!(locators(entry), ["Policy", "Other"]);
    let found = findings(entry);
    assert!(has(&found, "DUPLICATE_KEY", 7), "{found:?}");
    assert!(has(&found, "ANONYMOUS_ACCESS", 6), "{found:?}");
    assert!(has(&found, "INVALID_EFFECT", 12), "{found:?}");
}

#[test]
fn a_policy_string_that_is_not_json_and_a_block_scalar_with_tabs_are_located() {
    let scratch = Scratch::new("strings");
    let text = "apiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata: {name: notjson, namespace: shop}\nspec:\n  targetRef: {kind: HTTPRoute, name: cart}\n  policy: |\n    {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\",}\n---\napiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata: {name: tabs, namespace: shop}\nspec:\n  targetRef: {kind: HTTPRoute, name: orders}\n  policy: |\n    {\"Version\": \"2012-10-17\",\n    \t\"Statement\": [{\"Effect\": \"Alow\", \"Principal\": \"*\", \"Action\": \"vpc-lattice-svcs:Invoke\", \"Resource\": \"*\"}]}\n";
    let path = scratch.write("manifests.yaml", text);
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    let entry = file(&report, "manifests.yaml");
    assert_eq!(locators(entry), ["shop/notjson", "shop/tabs"]);
    let found = findings(entry);
    // Both JSON errors of the first policy on its line, the end of input
    // too (not on the `---` after it).
    let syntax: Vec<u64> = found
        .iter()
        .filter(|(c, _)| c == "JSON_SYNTAX_ERROR")
        .map(|(_, l)| *l)
        .collect();
    assert_eq!(syntax, [7, 7], "{found:?}");
    // A tab after the block's indentation is content; the column counts it.
    let effect = entry["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "INVALID_EFFECT")
        .unwrap();
    assert_eq!(effect["line"], 16);
    let offset = effect["span"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(&text[offset..offset + 6], "\"Alow\"");
}

#[test]
fn crlf_and_a_byte_order_mark_keep_every_position() {
    let scratch = Scratch::new("crlf-bom");
    let yaml = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      Policy: |\n        {\"Version\": \"2012-10-17\",\n         \"Statement\": [{\"Effect\": \"Alow\", \"Principal\": \"*\", \"Action\": \"vpc-lattice-svcs:Invoke\", \"Resource\": \"*\"}]}\n";
    let hcl = "resource \"aws_vpclattice_auth_policy\" \"p\" {\n  policy = jsonencode({\n    Version   = \"2012-10-17\"\n    Statement = [{ Effect = \"Alow\", Principal = \"*\", Action = \"vpc-lattice-svcs:Invoke\", Resource = \"*\" }]\n  })\n}\n";
    let json = "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\"P\": {\"Type\": \"AWS::VpcLattice::AuthPolicy\", \"Properties\": {\n    \"Policy\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Alow\", \"Principal\": \"*\", \"Action\": \"vpc-lattice-svcs:Invoke\", \"Resource\": \"*\"}]}}}}\n}\n";
    for (name, text, line) in [
        ("stack.yaml", yaml, 8),
        ("main.tf", hcl, 4),
        ("stack.template.json", json, 4),
    ] {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        let path = scratch.write(name, &bytes);
        let (code, report) = check_json(&[&path]);
        assert_eq!(code, 1, "{name}");
        let entry = file(&report, name);
        assert_eq!(locators(entry).len(), 1, "{name}: {entry}");
        let effect = entry["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "INVALID_EFFECT")
            .unwrap_or_else(|| panic!("{name}: {entry}"));
        assert_eq!(effect["line"], line, "{name}");
        // The span is of the file's bytes, the mark and the CRs included.
        let offset = effect["span"]["offset"].as_u64().unwrap() as usize;
        assert_eq!(&bytes[offset..offset + 6], b"\"Alow\"", "{name}");
        let column = effect["column"].as_u64().unwrap() as usize;
        let line_text = text.lines().nth(line - 1).unwrap();
        assert_eq!(line_text.find("\"Alow\"").unwrap() + 1, column, "{name}");
    }
}

#[test]
fn billion_laughs_deep_nesting_and_an_unterminated_heredoc_are_bounded_and_located() {
    let scratch = Scratch::new("bounded");
    let mut laughs = String::from("apiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata:\n  name: laughs\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = 'a';
    for name in "bcdefghijk".chars() {
        let aliases = vec![format!("*{previous}"); 10].join(", ");
        laughs.push_str(&format!("  {name}: &{name} [{aliases}]\n"));
        previous = name;
    }
    laughs.push_str(&format!(
        "spec:\n  targetRef: {{kind: HTTPRoute, name: r}}\n  policy: '{OPEN}'\n"
    ));
    // Past 64 levels the YAML reader stops building the tree (the rest of
    // the template is read); past 255 the parser itself stops, at the place.
    let depth = 200;
    let too_deep = format!("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      Policy: {}\n", "[".repeat(300));
    let deep = format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      Policy: {{Statement: {}{}}}\n  Q:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      Policy: '{OPEN}'\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let deep_hcl = format!(
        "resource \"aws_vpclattice_auth_policy\" \"p\" {{\n  policy = jsonencode({}{})\n}}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let heredoc = format!("resource \"aws_vpclattice_auth_policy\" \"good\" {{\n  policy = jsonencode({{ Version = \"2012-10-17\", Statement = [{{ Effect = \"Allow\", Principal = \"*\", Action = \"vpc-lattice-svcs:Invoke\", Resource = \"*\" }}] }})\n}}\n\nresource \"aws_vpclattice_auth_policy\" \"open\" {{\n  policy = <<EOF\n{OPEN}\n");
    scratch.write("laughs.yaml", &laughs);
    scratch.write("deep.yaml", &deep);
    scratch.write("too-deep.yaml", &too_deep);
    scratch.write("deep.tf", &deep_hcl);
    scratch.write("heredoc.tf", &heredoc);
    let started = std::time::Instant::now();
    let (code, report) = check_json(&[scratch.path().to_str().unwrap()]);
    assert!(started.elapsed().as_secs() < 60);
    assert_eq!(code, 1);
    let found = findings(file(&report, "laughs.yaml"));
    assert!(has(&found, "YAML_LIMIT_EXCEEDED", 9), "{found:?}");
    assert!(
        found.iter().any(|(c, _)| c == "ANONYMOUS_ACCESS"),
        "{found:?}"
    );
    let entry = file(&report, "deep.yaml");
    let found = findings(entry);
    assert!(has(&found, "YAML_LIMIT_EXCEEDED", 6), "{found:?}");
    assert!(has(&found, "ANONYMOUS_ACCESS", 10), "{found:?}");
    let found = findings(file(&report, "too-deep.yaml"));
    assert!(has(&found, "YAML_LIMIT_EXCEEDED", 6), "{found:?}");
    let found = findings(file(&report, "deep.tf"));
    assert!(has(&found, "TERRAFORM_SYNTAX_ERROR", 2), "{found:?}");
    let entry = file(&report, "heredoc.tf");
    let found = findings(entry);
    assert!(
        found
            .iter()
            .any(|(c, l)| c == "TERRAFORM_SYNTAX_ERROR" && *l >= 5),
        "{found:?}"
    );
    assert!(has(&found, "ANONYMOUS_ACCESS", 2), "{found:?}");
}

#[test]
fn a_50_mb_yaml_template_is_refused_with_a_located_finding() {
    let scratch = Scratch::new("huge");
    let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Net:\n    Type: AWS::VpcLattice::ServiceNetwork\n");
    let mut i = 0;
    while text.len() < 50 << 20 {
        text.push_str(&format!(
            "  T{i}:\n    Type: AWS::SNS::Topic\n    Properties: {{TopicName: topic-{i}}}\n"
        ));
        i += 1;
    }
    let huge = scratch.write("huge.yaml", &text);
    drop(text);
    // A YAML file over the limit that is not infrastructure is still skipped.
    let values = scratch.write(
        "values.yaml",
        format!("replicas: 1\n{}", "# pad\n".repeat(300_000)),
    );
    let good = scratch.write("good.json", OPEN);
    let started = std::time::Instant::now();
    let (code, report) = check_json(&[&huge, &values, &good]);
    assert!(started.elapsed().as_secs() < 30);
    assert_eq!(code, 1);
    let found = findings(file(&report, "huge.yaml"));
    assert_eq!(found, [("FILE_TOO_LARGE".to_owned(), 1)]);
    assert!(!findings(file(&report, "good.json")).is_empty());
    assert_eq!(report["files"].as_array().unwrap().len(), 2, "{report}");
}
