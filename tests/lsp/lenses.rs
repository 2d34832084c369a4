//! Code lenses: worked out on their own thread once the client asks, kept
//! for the version they are about, refreshed through
//! `workspace/codeLens/refresh` for a client that supports it, and
//! replayed (`lattice-policy.explainWitness`) against the policy `policy
//! check` reads, a Terraform module's included.

use serde_json::{json, Value};

use super::client::{file_uri, Client};
use super::setup::{self, BROKEN};
use super::Scratch;

/// The titles of a `textDocument/codeLens` answer, with the line of each.
fn titles(answer: &Value) -> Vec<(u64, String)> {
    answer["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"))
        .iter()
        .map(|lens| {
            (
                lens["range"]["start"]["line"].as_u64().unwrap(),
                lens["command"]["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn lenses(client: &mut Client, uri: &str) -> Value {
    client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    )
}

/// Runs a lens's command; the explanation it returns.
fn replay(client: &mut Client, lens: &Value) -> String {
    let command = &lens["command"];
    assert_eq!(
        command["command"], "lattice-policy.explainWitness",
        "{lens}"
    );
    let answer = client.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    answer["result"]
        .as_str()
        .unwrap_or_else(|| panic!("{answer}"))
        .to_string()
}

#[test]
fn lenses_follow_the_version_and_a_refreshing_client_is_told() {
    let scratch = Scratch::new("lens-refresh");
    let fixed = BROKEN.replace("Efect", "Effect");
    let path = scratch.file("policy.json", &fixed);
    let uri = file_uri(&path);
    let (mut client, _) = setup::start(
        &scratch,
        json!({"workspace": {"codeLens": {"refreshSupport": true}}}),
    );
    setup::open(&mut client, &path, "json");
    let first = lenses(&mut client, &uri);
    assert_eq!(
        titles(&first),
        [
            (0, "lets anonymous callers in: GET /".to_string()),
            (2, "lets anonymous callers in: GET /".to_string()),
        ]
    );
    // Asked for while current: answered from what was worked out, with
    // nothing more to refresh.
    assert_eq!(titles(&lenses(&mut client, &uri)), titles(&first));

    // Two blank lines at the top: the diagnostics of version 2 come, then,
    // since this client shows lenses and can be told, a refresh.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "\n\n"}]}),
    );
    let published = client.notification("textDocument/publishDiagnostics", |p| p["version"] == 2);
    assert_eq!(
        published["params"]["diagnostics"][0]["range"]["start"]["line"],
        6
    );
    let refresh = client.wait(|m| m["method"] == "workspace/codeLens/refresh");
    client.respond(&refresh["id"], Value::Null);
    // The lenses the client then asks for are those of version 2.
    assert_eq!(
        titles(&lenses(&mut client, &uri)),
        [
            (2, "lets anonymous callers in: GET /".to_string()),
            (4, "lets anonymous callers in: GET /".to_string()),
        ]
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn lenses_asked_for_while_the_text_changes_describe_the_latest_version() {
    let scratch = Scratch::new("lens-latest");
    let fixed = BROKEN.replace("Efect", "Effect");
    let path = scratch.file("policy.json", &fixed);
    let uri = file_uri(&path);
    // Lenses asked for with no refresh: worked out only when asked.
    let (mut client, _) = setup::start(&scratch, json!({}));
    setup::open(&mut client, &path, "json");
    // Changes, then a request at once: the answer waits for the last
    // version's check and lenses, whose lines it has.
    for version in 2..=4 {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "\n"}]}),
        );
    }
    let answer = lenses(&mut client, &uri);
    assert_eq!(
        titles(&answer),
        [
            (3, "lets anonymous callers in: GET /".to_string()),
            (5, "lets anonymous callers in: GET /".to_string()),
        ]
    );
    // No refresh is sent to a client that did not say it takes one.
    let held = client.request(
        "lattice-policy/documentText",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(held["result"]["version"], 4);
    assert!(client
        .transcript
        .iter()
        .all(|(_, m)| m["method"] != "workspace/codeLens/refresh"));
    assert_eq!(client.shutdown(), Some(0));
}

/// The auth policy's resource, in main.tf; its document is rendered in
/// policies.tf, from a local of main.tf.
const MAIN_TF: &str = r#"locals {
  caller = "*"
}

resource "aws_vpclattice_auth_policy" "orders" {
  resource_identifier = "arn:aws:vpc-lattice:eu-west-1:111122223333:service/svc-0123456789abcdef0"
  policy              = data.aws_iam_policy_document.orders.json
}
"#;

const POLICIES_TF: &str = r#"data "aws_iam_policy_document" "orders" {
  statement {
    actions   = ["vpc-lattice-svcs:Invoke"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = [local.caller]
    }
    condition {
      test     = "StringEquals"
      variable = "vpc-lattice-svcs:RequestMethod"
      values   = ["GET"]
    }
  }
}
"#;

#[test]
fn a_terraform_lens_replays_the_policy_its_module_resolves_to() {
    let scratch = Scratch::new("lens-terraform");
    let main = scratch.file("main.tf", MAIN_TF);
    let policies = scratch.file("policies.tf", POLICIES_TF);
    let (mut client, _) = setup::start(&scratch, json!({}));
    setup::open(&mut client, &main, "terraform");
    // The document is in policies.tf: its finding and lenses are there,
    // with the principal the local in main.tf gives.
    let published = setup::open(&mut client, &policies, "terraform");
    let codes: Vec<&Value> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert!(codes.contains(&&json!("ANONYMOUS_ACCESS")), "{published}");
    let answer = lenses(&mut client, &file_uri(&policies));
    let all = answer["result"].as_array().unwrap();
    assert_eq!(
        titles(&answer).first(),
        Some(&(0, "lets anonymous callers in: GET /".to_string())),
        "{answer}"
    );
    // Replayed: the module's policy, which lets the anonymous GET in (read
    // alone, policies.tf declares no auth policy, and its principal is an
    // unknown local).
    let explanation = replay(&mut client, &all[0]);
    assert!(
        explanation.starts_with("policy eval policies.tf#aws_vpclattice_auth_policy.orders 'GET /"),
        "{explanation}"
    );
    let verdict = explanation.lines().nth(2).unwrap_or_default();
    assert!(verdict.starts_with("allow"), "{explanation}");
    client.notification("window/showMessage", |p| p["type"] == 3);
    // The same command after the buffer's condition changed to POST (not
    // saved): the buffer's policy is the one replayed, which denies GET.
    let edited = POLICIES_TF.replace("\"GET\"", "\"POST\"");
    let uri = file_uri(&policies);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": edited}]}),
    );
    client.notification("textDocument/publishDiagnostics", |p| p["version"] == 2);
    let explanation = replay(&mut client, &all[0]);
    let verdict = explanation.lines().nth(2).unwrap_or_default();
    assert!(verdict.starts_with("deny"), "{explanation}");
    assert_eq!(client.shutdown(), Some(0));
}
