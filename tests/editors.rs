//! The editor extensions in editors/: the VS Code client's own test (with
//! stand-ins for `vscode` and `vscode-languageclient`, so it runs offline)
//! and the Zed extension's manifest.

use std::process::Command;

use toml::de::{DeTable, DeValue};

use crate::tools;

#[test]
fn the_vscode_extension_starts_policy_lsp_for_policy_files() {
    let out = Command::new(tools::node())
        .arg("test/extension.test.js")
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/editors/vscode"))
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: "));
}

#[test]
fn the_zed_extension_names_the_server_and_its_languages() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/editors/zed");
    let text = std::fs::read_to_string(format!("{dir}/extension.toml")).unwrap();
    let manifest = DeTable::parse(&text).expect("extension.toml is TOML");
    let manifest = manifest.get_ref();
    let string = |table: &DeTable, key: &str| match table.get(key).map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => Some(s.to_string()),
        _ => None,
    };
    assert_eq!(string(manifest, "id").as_deref(), Some("lattice-policy"));
    assert!(matches!(
        manifest.get("schema_version").map(|v| v.get_ref()),
        Some(DeValue::Integer(n)) if n.as_str() == "1"
    ));
    let Some(DeValue::Table(servers)) = manifest.get("language_servers").map(|v| v.get_ref())
    else {
        panic!("no [language_servers]");
    };
    let Some(DeValue::Table(server)) = servers.get("lattice-policy").map(|v| v.get_ref()) else {
        panic!("no [language_servers.lattice-policy]");
    };
    let Some(DeValue::Array(languages)) = server.get("languages").map(|v| v.get_ref()) else {
        panic!("no languages");
    };
    let languages: Vec<String> = languages
        .iter()
        .filter_map(|l| match l.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => None,
        })
        .collect();
    for language in ["JSON", "YAML", "Terraform"] {
        assert!(
            languages.iter().any(|l| l == language),
            "{language} in {languages:?}"
        );
    }
    // The extension runs `policy lsp`.
    let code = std::fs::read_to_string(format!("{dir}/src/lib.rs")).unwrap();
    assert!(code.contains("which(\"policy\")") && code.contains("\"lsp\""));
}
