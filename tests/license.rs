//! The licence files agree with `Cargo.toml`'s `license` field: each licence
//! the SPDX expression names has its text at the root of the repository, and
//! no licence file names one the expression leaves out.

use std::path::PathBuf;

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// SPDX identifiers this test knows, with words only that licence's text
/// holds (compared with runs of white space made one space).
const KNOWN: [(&str, &[&str]); 2] = [
    (
        "Apache-2.0",
        &[
            "Apache License Version 2.0, January 2004",
            "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION",
            "END OF TERMS AND CONDITIONS",
        ],
    ),
    (
        "MIT",
        &[
            "Permission is hereby granted, free of charge, to any person obtaining a copy",
            "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND",
        ],
    ),
];

/// The `license` of `[package]` in Cargo.toml (a one-line string, as cargo
/// writes it).
fn license_field() -> String {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let package = manifest
        .split("\n[")
        .find(|section| section.starts_with("[package]") || section.starts_with("package]"))
        .expect("Cargo.toml has [package]");
    package
        .lines()
        .filter_map(|line| line.split_once('='))
        .find(|(key, _)| key.trim() == "license")
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
        .expect("Cargo.toml names its licence in `license`")
}

/// `text` with every run of white space made one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The identifiers of an SPDX expression such as `MIT OR Apache-2.0`.
fn identifiers(expression: &str) -> Vec<String> {
    expression
        .replace(['(', ')'], " ")
        .split_whitespace()
        .filter(|w| !matches!(*w, "OR" | "AND" | "WITH"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_license_field_is_read() {
    assert_eq!(identifiers("(MIT OR Apache-2.0)"), ["MIT", "Apache-2.0"]);
    assert!(!license_field().is_empty());
}

#[test]
fn licence_files_match_the_license_field() {
    let expression = license_field();
    let ids = identifiers(&expression);
    assert!(!ids.is_empty(), "{expression}");

    // LICENSE, LICENSE-MIT, LICENSE-APACHE, ... at the root.
    let files: Vec<(String, String)> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("LICENSE") || name.starts_with("LICENCE"))
        .map(|name| {
            let text = std::fs::read_to_string(root().join(&name)).unwrap();
            (name, words(&text))
        })
        .collect();
    let licence_of = |text: &str| -> Vec<&str> {
        KNOWN
            .iter()
            .filter(|(_, marks)| marks.iter().all(|m| text.contains(m)))
            .map(|(id, _)| *id)
            .collect()
    };
    for id in &ids {
        assert!(
            KNOWN.iter().any(|(known, _)| known == id),
            "`{id}` in Cargo.toml: teach this test its text"
        );
        let holding: Vec<&str> = files
            .iter()
            .filter(|(_, text)| licence_of(text) == [id.as_str()])
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(holding.len(), 1, "{id}: files {holding:?} of {files:?}");
    }
    for (name, text) in &files {
        let found = licence_of(text);
        assert!(
            found.len() == 1 && ids.iter().any(|id| id == found[0]),
            "{name} holds {found:?}, but Cargo.toml says `{expression}`"
        );
    }
}

#[test]
fn the_readme_names_the_licence() {
    let expression = license_field();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("`{expression}`")),
        "README.md does not name the licence `{expression}`"
    );
}
