//! A scripted editor session against `policy lsp`: every message in and
//! out is snapshot-tested (`snapshots/lsp__*.snap`), and the answers a user
//! needs are asserted on besides.

use serde_json::{json, Value};

use super::client::{file_uri, Client};
use super::setup::{self, BROKEN};
use super::{normalise, Scratch};

/// Long texts (`policy explain`, `policy eval` output) kept to their
/// first line in snapshots: their wording is the commands' to snapshot.
/// The policies, shorter, stay whole.
fn shorten(value: &mut Value) {
    match value {
        Value::String(s) if s.len() > 400 => {
            let first = s.lines().next().unwrap_or("").to_string();
            *s = format!("{first} …");
        }
        Value::Array(items) => items.iter_mut().for_each(shorten),
        Value::Object(map) => map.values_mut().for_each(shorten),
        _ => {}
    }
}

/// The transcript as text: each message pretty-printed after its direction.
fn transcript(client: &Client, scratch: &Scratch) -> String {
    let mut out = String::new();
    for (direction, message) in &client.transcript {
        let mut message = message.clone();
        normalise(&mut message, scratch.path());
        if let Some(version) = message.pointer_mut("/result/serverInfo/version") {
            *version = json!("<version>");
        }
        shorten(&mut message);
        out.push_str(direction);
        out.push(' ');
        out.push_str(&serde_json::to_string_pretty(&message).unwrap());
        out.push('\n');
    }
    out
}

fn position(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

#[test]
fn a_session_checks_fixes_and_explains_a_policy() {
    let scratch = Scratch::new("session");
    let path = setup::broken_policy(&scratch);
    let uri = file_uri(&path);
    let (mut client, init) = setup::start(
        &scratch,
        json!({"workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);

    // Open: the misspelt element is reported, with its fix as data.
    let published = setup::open(&mut client, &path, "json");
    let codes: Vec<&str> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"INVALID_POLICY_ELEMENT"), "{codes:?}");

    // The quick fix for it is the edit `policy check --fix` makes.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": position(3, 6), "end": position(3, 6)},
               "context": {"diagnostics": []}}),
    );
    let fix = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap()
        .clone();
    assert_eq!(fix["title"], "Replace `Efect` with `Effect`");
    let edit = &fix["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "\"Effect\"");
    assert_eq!(edit["range"]["start"], position(3, 4));

    // The client applies it as an incremental change.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": edit["range"], "text": "\"Effect\""}]}),
    );
    let fixed = BROKEN.replace("Efect", "Effect");
    let published = client.notification("textDocument/publishDiagnostics", |p| p["version"] == 2);
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "ANONYMOUS_ACCESS");
    // `"*"` of `"Principal": "*"`, on line 5 (0-based 4).
    assert_eq!(diagnostics[0]["range"]["start"], position(4, 17));
    assert_eq!(diagnostics[0]["range"]["end"], position(4, 20));

    // The server's text is the client's.
    let text = client.request(
        "lattice-policy/documentText",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(text["result"]["text"], fixed);
    assert_eq!(text["result"]["version"], 2);

    // Hover on the finding: its code's `policy explain` text.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position(4, 18)}),
    );
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.contains("**ANONYMOUS_ACCESS** (anonymous-access)"),
        "{markdown}"
    );

    // Completion answers with a list, whatever the editor module offers there.
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": position(5, 5)}),
    );
    assert_eq!(completion["result"]["isIncomplete"], false);
    // On `"Action"`: the statement's element names, each replacing the key
    // between its quotes (its `:` is written, so nothing is added).
    let items = completion["result"]["items"].as_array().unwrap();
    let action = items.iter().find(|i| i["label"] == "Action").unwrap();
    assert_eq!(action["textEdit"]["range"]["start"], position(5, 5));
    assert_eq!(action["textEdit"]["range"]["end"], position(5, 11));
    assert_eq!(action["textEdit"]["newText"], "Action");

    // "Ignore ANONYMOUS_ACCESS" creates a configuration beside the policy.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": position(4, 18), "end": position(4, 18)},
               "context": {"diagnostics": [diagnostics[0]]}}),
    );
    let ignore = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ignore ANONYMOUS_ACCESS in lattice-policy.toml")
        .unwrap()
        .clone();
    let changes = ignore["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(changes[0]["kind"], "create");
    assert_eq!(
        changes[1]["edits"][0]["newText"],
        "[rules]\nANONYMOUS_ACCESS = \"off\"\n"
    );

    // The lenses say who gets in, and replay it.
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    );
    let lenses = lenses["result"].as_array().unwrap();
    assert_eq!(lenses.len(), 2, "{lenses:?}");
    assert_eq!(
        lenses[0]["command"]["title"],
        "lets anonymous callers in: GET /"
    );
    assert_eq!(lenses[1]["range"]["start"], position(2, 16));
    let command = lenses[1]["command"].clone();
    let explained = client.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    let explanation = explained["result"].as_str().unwrap();
    assert!(
        explanation.starts_with("policy eval policy.json 'GET / from anonymous"),
        "{explanation}"
    );
    assert!(explanation.contains("allow"), "{explanation}");
    client.notification("window/showMessage", |p| p["type"] == 3);

    // A request about a document that is not open is an error.
    let unopened = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": file_uri(&scratch.path().join("nope.json"))}, "position": position(0, 0)}),
    );
    assert_eq!(unopened["error"]["code"], -32602);

    let snapshot = transcript(&client, &scratch);
    assert_eq!(client.shutdown(), Some(0));
    insta::with_settings!({snapshot_path => "../../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("lsp__session", snapshot);
    });
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let scratch = Scratch::new("utf8");
    let text = "{\"Version\": \"2012-10-17\", \"Id\": \"é😀\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"vpc-lattice-svcs:Invoke\", \"Resource\": \"*\"}]}";
    let path = scratch.file("p.json", text);
    let (mut client, init) = setup::start(
        &scratch,
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let published = setup::open(&mut client, &path, "json");
    let star = text.find("\"*\"").unwrap();
    let anonymous = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ANONYMOUS_ACCESS")
        .unwrap()
        .clone();
    // Columns are bytes: `é` counts 2 and `😀` 4.
    assert_eq!(anonymous["range"]["start"], position(0, star as u32));
    assert_eq!(client.shutdown(), Some(0));

    // The same document over UTF-16: `é` counts 1 and `😀` 2.
    let (mut client, _) = setup::start(&scratch, json!({}));
    let published = setup::open(&mut client, &path, "json");
    let anonymous = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ANONYMOUS_ACCESS")
        .unwrap()
        .clone();
    let utf16 = text[..star].encode_utf16().count();
    assert_eq!(anonymous["range"]["start"], position(0, utf16 as u32));
    assert_eq!(utf16, star - 1 - 2);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_configuration_decides_and_infrastructure_files_are_checked() {
    let scratch = Scratch::new("config");
    scratch.file(
        "lattice-policy.toml",
        "[rules]\nANONYMOUS_ACCESS = \"warning\"\n",
    );
    let policy = BROKEN.replace("Efect", "Effect");
    let path = scratch.file("policies/p.json", &policy);
    let template = scratch.file(
        "template.yaml",
        "Resources:\n  Auth:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      ResourceIdentifier: svc-0123456789abcdef0\n      Policy:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: vpc-lattice-svcs:Invoke\n            Resource: '*'\n",
    );
    let (mut client, _) = setup::start(&scratch, json!({}));
    let open = setup::open;
    // `[rules]` of the configuration above the policy's folder applies.
    let published = open(&mut client, &path, "json");
    let diagnostic = &published["params"]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "ANONYMOUS_ACCESS");
    assert_eq!(diagnostic["severity"], 2);
    // The policy inside a CloudFormation template, at its line there.
    let published = open(&mut client, &template, "yaml");
    let diagnostic = &published["params"]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "ANONYMOUS_ACCESS");
    assert_eq!(diagnostic["range"]["start"]["line"], 9);
    // A JSON file that is no policy gets no diagnostics.
    let package = scratch.file("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}");
    let published = open(&mut client, &package, "json");
    assert_eq!(published["params"]["diagnostics"], json!([]));
    // Editing the open configuration re-checks the policy under it.
    let config = scratch.path().join("lattice-policy.toml");
    let config_uri = file_uri(&config);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": config_uri, "languageId": "toml", "version": 1,
               "text": "[rules]\nANONYMOUS_ACCESS = \"off\"\n"}}),
    );
    let uri = file_uri(&path);
    let published = client.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["diagnostics"] == json!([])
    });
    assert_eq!(published["params"]["version"], 1);
    // A configuration with a problem is shown where the problem is.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": config_uri, "version": 2},
               "contentChanges": [{"text": "[rules]\nNO_SUCH_RULE = \"off\"\n"}]}),
    );
    let published = client.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == config_uri && p["diagnostics"] != json!([])
    });
    assert_eq!(
        published["params"]["diagnostics"][0]["range"]["start"]["line"],
        1
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_is_an_error_status() {
    let scratch = Scratch::new("exit");
    let (mut client, _) = setup::start(&scratch, json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_status(), Some(1));
}
