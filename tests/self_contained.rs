//! The repository stands on its own: no file refers to a document or path
//! outside it, and every decision a file cites is one `docs/semantics.md`
//! defines.
//!
//! A reader who has only the repository must be able to follow every
//! reference, so this test reads every file git knows of (tracked, or new and
//! not ignored; the whole tree when git is unavailable) and fails on:
//!
//! * a relative path that climbs out of the repository (`../../x`), or a
//!   relative Markdown link whose target does not exist;
//! * the names of the research notes this project was started from, which
//!   are not part of it;
//! * decision ids of the form `D7` (decisions have names) and `§n` section
//!   numbers of those notes;
//! * a citation "decision `name`" or a link `docs/semantics.md#anchor` that
//!   `docs/semantics.md` does not define.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// This file: it spells the forbidden names out to look for them.
const SELF: &str = "tests/self_contained.rs";

/// Fuzzing inputs: arbitrary bytes kept as the fuzzer found them, not text
/// that refers to anything.
const NOT_TEXT: [&str; 1] = ["tests/data/fuzz-regressions/"];

/// Every file of the repository, relative to its root, with `/` separators.
fn files() -> Vec<String> {
    let git = Command::new("git")
        .args([
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ])
        .current_dir(root())
        .output();
    if let Some(out) = git.ok().filter(|o| o.status.success()) {
        let mut files: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .split('\0')
            .filter(|f| !f.is_empty() && root().join(f).is_file())
            .map(str::to_owned)
            .collect();
        files.sort();
        return files;
    }
    let mut files = Vec::new();
    walk(&root(), &mut files);
    files.sort();
    files
}

/// The tree under `dir`, without build output and version control.
fn walk(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), ".git" | "target") {
                walk(&path, out);
            }
        } else {
            let relative = path.strip_prefix(root()).unwrap();
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The text files to read: UTF-8, not third-party, not this file.
fn texts() -> Vec<(String, String)> {
    files()
        .into_iter()
        .filter(|f| f != SELF && !NOT_TEXT.iter().any(|t| f.starts_with(t)))
        .filter_map(|f| {
            let text = String::from_utf8(std::fs::read(root().join(&f)).ok()?).ok()?;
            Some((f, text))
        })
        .collect()
}

/// `path` with `.` and `..` resolved lexically; `None` when it climbs above
/// its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Characters a relative path is written with.
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '_' | '-' | '+' | '*')
}

/// Line number (1-based) of byte `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Each path written with `../` in `text` that climbs out of the repository
/// when read from the directory of `file`.
fn escaping_paths(file: &str, text: &str) -> Vec<String> {
    let dir = Path::new(file).parent().unwrap_or(Path::new(""));
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("../").map(|i| i + from) {
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_path_char(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let end = text[at..]
            .char_indices()
            .find(|(_, c)| !is_path_char(*c))
            .map_or(text.len(), |(i, _)| at + i);
        // `$(dirname "$0")/../..`: the path starts at the slash, from the file's folder.
        let token = text[start..end].trim_start_matches('/');
        if normalize(&dir.join(token)).is_none() {
            found.push(format!("{file}:{}: `{token}`", line_of(text, at)));
        }
        from = end.max(at + 3);
    }
    found
}

/// The relative targets of Markdown links `[text](target)` in `text`, with
/// their lines.
fn markdown_links(text: &str) -> Vec<(usize, String)> {
    let mut links = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("](").map(|i| i + from) {
        let rest = &text[at + 2..];
        let Some(close) = rest.find(')') else { break };
        let target = rest[..close].trim();
        let target = target.split_whitespace().next().unwrap_or("");
        if !target.is_empty()
            && !target.contains("://")
            && !target.starts_with('#')
            && !target.starts_with("mailto:")
        {
            links.push((line_of(text, at), target.to_owned()));
        }
        from = at + 2;
    }
    links
}

/// The targets of same-page links `[text](#section)` in `text`, with their lines.
fn same_page_links(text: &str) -> Vec<(usize, String)> {
    text.match_indices("](#")
        .filter_map(|(at, _)| {
            let rest = &text[at + 3..];
            let end = rest.find(')')?;
            Some((line_of(text, at), rest[..end].to_owned()))
        })
        .collect()
}

/// A heading's anchor as GitHub makes it: lower case, punctuation other than
/// `-` and `_` dropped, spaces to `-`.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown document's headings.
fn anchors(markdown: &str) -> BTreeSet<String> {
    markdown
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| anchor(l.trim_start_matches('#')))
        .collect()
}

/// The names `docs/semantics.md` defines: its headings `` ### `name` ``.
fn defined_decisions() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("docs/semantics.md")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("### `")?.strip_suffix('`'))
        .map(str::to_owned)
        .collect()
}

/// Every "decision `name`" in `text`: the word `decision`, then (across a
/// line break and a comment marker, if need be) a name in backquotes.
fn cited_decisions(text: &str) -> Vec<(usize, String)> {
    let mut cited = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("decision").map(|i| i + from) {
        from = at + "decision".len();
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            continue;
        }
        let rest = text[from..].trim_start_matches([' ', '\t']);
        let rest = match rest.strip_prefix('\n') {
            Some(next) => next
                .trim_start()
                .trim_start_matches(['/', '!', '#', '*'])
                .trim_start(),
            None => rest,
        };
        let Some(quoted) = rest.strip_prefix('`') else {
            continue;
        };
        let Some(name) = quoted.split('`').next() else {
            continue;
        };
        // A placeholder in prose (`NAME`) or code (`{name}`) is no citation.
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            cited.push((line_of(text, at), name.to_owned()));
        }
    }
    cited
}

/// Decision ids such as `D7` or `D16`: a `D`, one or two digits, not part of
/// a longer word.
fn decision_ids(text: &str) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (at, _) in text.match_indices('D') {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let digits = bytes[at + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let after = bytes.get(at + 1 + digits);
        if (1..=2).contains(&digits)
            && !after.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            found.push((line_of(text, at), text[at..at + 1 + digits].to_owned()));
        }
    }
    found
}

#[test]
fn no_file_refers_outside_the_repository() {
    let forbidden = [
        concat!("SEMANTICS", ".md"),
        concat!("CONTRACT", ".md"),
        concat!("FIELD", "-NOTES"),
        concat!("shared", "/spec"),
        concat!("shared", "/corpus"),
        concat!("../", "shared"),
    ];
    let mut problems = Vec::new();
    let texts = texts();
    assert!(texts.len() > 100, "only {} files read", texts.len());
    for (file, text) in &texts {
        for name in forbidden {
            for (at, _) in text.match_indices(name) {
                problems.push(format!("{file}:{}: `{name}`", line_of(text, at)));
            }
        }
        for (at, _) in text.match_indices('§') {
            problems.push(format!(
                "{file}:{}: a `§` section number",
                line_of(text, at)
            ));
        }
        problems.extend(escaping_paths(file, text));
        if file.ends_with(".md") {
            let dir = Path::new(file).parent().unwrap_or(Path::new(""));
            for (line, target) in markdown_links(text) {
                let (path, section) = target.split_once('#').unwrap_or((&target, ""));
                let resolved = normalize(&dir.join(path));
                let Some(found) = resolved.map(|p| root().join(p)).filter(|p| p.exists()) else {
                    problems.push(format!(
                        "{file}:{line}: link to `{target}`, which is not in the repository"
                    ));
                    continue;
                };
                // A link into a Markdown document names one of its headings.
                let markdown = std::fs::read_to_string(&found).unwrap_or_default();
                if !section.is_empty()
                    && path.ends_with(".md")
                    && !anchors(&markdown).contains(section)
                {
                    problems.push(format!("{file}:{line}: `{target}` names no heading"));
                }
            }
            for (line, section) in same_page_links(text) {
                if !anchors(text).contains(&section) {
                    problems.push(format!(
                        "{file}:{line}: `#{section}` names no heading of the page"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_cited_decision_is_defined() {
    let defined = defined_decisions();
    assert!(defined.len() >= 20, "{defined:?}");
    let semantics = std::fs::read_to_string(root().join("docs/semantics.md")).unwrap();
    let sections = anchors(&semantics);
    let mut problems = Vec::new();
    let mut cited = BTreeSet::new();
    for (file, text) in texts() {
        if file == "src/catalog/generated.rs" {
            continue; // AWS's own tables, which hold ids such as `D1` in action names
        }
        for (line, name) in cited_decisions(&text) {
            if !defined.contains(&name) {
                problems.push(format!(
                    "{file}:{line}: decision `{name}` is not in docs/semantics.md"
                ));
            }
            cited.insert(name);
        }
        for (line, id) in decision_ids(&text) {
            problems.push(format!(
                "{file}:{line}: `{id}`: cite a decision by its name"
            ));
        }
        for (at, _) in text.match_indices("semantics.md#") {
            let rest = &text[at + "semantics.md#".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            // `semantics.md#{name}` in a format string is no link.
            if !name.is_empty() && !sections.contains(name) {
                problems.push(format!(
                    "{file}:{}: docs/semantics.md has no section `#{name}`",
                    line_of(&text, at)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The code and the documents do cite decisions, so the scan sees them.
    assert!(cited.contains("identity-layer-assumed"), "{cited:?}");
}

#[test]
fn the_checks_catch_what_they_are_for() {
    assert_eq!(escaping_paths("docs/a.md", "see ../../outside.md").len(), 1);
    assert!(escaping_paths("docs/a.md", "see ../README.md and .../x").is_empty());
    assert!(escaping_paths("benches/peers/run.sh", r#"cd "$(dirname "$0")/../..""#).is_empty());
    assert_eq!(
        markdown_links("[a](b.md#c) [d](https://e) [f](#g)"),
        vec![(1, "b.md#c".to_owned())]
    );
    assert_eq!(
        anchor(" The request's action and resource"),
        "the-requests-action-and-resource"
    );
    assert_eq!(anchor(" `tls-connect-only`"), "tls-connect-only");
    assert_eq!(
        anchor(" Invariants: the `--never` patterns"),
        "invariants-the---never-patterns"
    );
    assert_eq!(
        same_page_links("see [x](#a-b) and [y](c.md#d)"),
        vec![(1, "a-b".to_owned())]
    );
    assert_eq!(
        cited_decisions(
            "(decision\n    /// `a-b`) and decision `c` but not decisions or decision `NAME`"
        ),
        vec![(1, "a-b".to_owned()), (2, "c".to_owned())]
    );
    let ids: Vec<String> = decision_ids("D7, (D16) but not D123, ID7, 0xD3 or D7a")
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    assert_eq!(ids, ["D7", "D16"]);
}
