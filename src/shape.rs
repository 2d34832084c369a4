//! Whether a JSON file is a policy at all, before it is checked as one
//! (decision `policy-shaped-json`).
//!
//! `policy check` walks directories for `*.json` and pre-commit names every
//! changed `.json` file, so it meets `package.json`, `tsconfig.json` and data
//! files. Those are skipped and counted, not reported. But a policy with a
//! misspelt element (`Statment`, `Versoin`) is still a policy, and its
//! mistakes are what the user needs to see. The rule, on the JSON the reader
//! recovers (it steps over comments and trailing commas):
//!
//! 1. A file that is not UTF-8, that is empty, or whose top-level value the
//!    reader cannot recover is a policy: its problems are reported as always.
//! 2. A top-level value other than an object (an array, a string) is not a
//!    policy. An object without members (`{}`) is one (without a statement).
//! 3. An object is a policy when one of its keys is *policy-shaped*:
//!    * `Statement` or a near miss of it in any case (`Statment`,
//!      `statement`, `Statements`);
//!    * `Version` or a near miss of it that starts with a capital `V`
//!      (`Versoin`): lower-case `version` is the key of `package.json`,
//!      `composer.json` and other manifests;
//!    * `Id` or a statement's element (`Sid`, `Effect`, `Principal`,
//!      `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource`,
//!      `Condition`) spelt exactly: a statement written as the whole file.
//!      Near misses do not count here: CloudFormation's `Resources` is not
//!      a policy.
//!
//!    Near misses are those [`crate::fuzzy::best_match`] finds: the word
//!    compared ignoring case, within an edit distance of a third of its length.
//!
//! 4. A file over `--max-size` is not read whole: the top-level keys in the
//!    part that is read decide ([`is_policy_start`]), so that a large
//!    `package-lock.json` is skipped instead of reported as too large.
//!
//! A CloudFormation template in JSON is no policy by this rule (its keys are
//! `Resources`, `AWSTemplateFormatVersion`): the policies inside
//! infrastructure files are [`crate::iac`]'s to find, and a check that reads
//! them has to offer a file to it before this rule skips the file.

use crate::json::{self, Value};
use crate::lower::STATEMENT_ELEMENTS;

/// True when `bytes` are to be checked as a policy (see the module docs).
pub fn is_policy(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return true;
    };
    if let Some(key) = first_key(text) {
        // Nearly every policy begins with `Version` or `Statement`: no need
        // to read the whole document to know.
        if is_policy_key(key) {
            return true;
        }
    }
    let parsed = json::parse(text);
    match parsed.root.map(|node| node.value) {
        None => true,
        Some(Value::Object(members)) => {
            members.is_empty() || members.iter().any(|m| is_policy_key(&m.key))
        }
        Some(_) => false,
    }
}

/// [`is_policy`] for the start of a file too large to read whole (over
/// `--max-size`): the top-level keys found in `head` decide, so that a large
/// `package-lock.json` is skipped rather than reported as too large. When
/// `head` shows no key of a top-level object, the file is a policy (its size
/// is then reported), unless it starts as another kind of value (a large
/// array of data).
pub fn is_policy_start(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // The cut may fall inside a character: what comes before it is text.
        Err(error) => match head.get(..error.valid_up_to()).map(std::str::from_utf8) {
            Some(Ok(text)) => text,
            _ => return true,
        },
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    match body.chars().next() {
        Some('{') => {
            let keys = top_level_keys(body);
            keys.is_empty() || keys.iter().any(|k| is_policy_key(k))
        }
        Some('[' | '"') => false,
        _ => true,
    }
}

/// The keys of the object `body` starts with, as far as the text goes, as
/// written (escapes are left as they are). Only strings and brackets are
/// followed: enough to tell the top level's keys from the rest.
fn top_level_keys(body: &str) -> Vec<&str> {
    let bytes = body.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while let Some(&c) = bytes.get(j) {
                    match c {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                if j >= bytes.len() {
                    break;
                }
                let is_key = body
                    .get(j + 1..)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'));
                if depth == 1 && is_key {
                    if let Some(key) = body.get(start..j) {
                        keys.push(key);
                    }
                }
                i = j + 1;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

/// True for a policy-shaped key (rule 3 of the module docs).
pub fn is_policy_key(key: &str) -> bool {
    if crate::fuzzy::best_match(key, &["Statement"]).is_some() {
        return true;
    }
    if key.starts_with('V') && crate::fuzzy::best_match(key, &["Version"]).is_some() {
        return true;
    }
    key == "Id" || STATEMENT_ELEMENTS.contains(&key)
}

/// The first key of a top-level object when it is a plain string (no
/// escapes), found without reading the rest: `{ "Version": …` gives `Version`.
fn first_key(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    let rest = rest.strip_prefix('{')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find(['"', '\\'])?;
    let key = rest.get(..end)?;
    rest.get(end..)?.starts_with('"').then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(text: &str) -> bool {
        is_policy(text.as_bytes())
    }

    #[test]
    fn manifests_and_data_are_not_policies() {
        assert!(!policy(
            r#"{"name": "app", "version": "1.0.0", "dependencies": {}}"#
        ));
        assert!(!policy(
            "{\n  // TypeScript allows comments\n  \"compilerOptions\": {\"strict\": true},\n  \"include\": [\"src\"],\n}"
        ));
        assert!(!policy(r#"[1, 2, 3]"#));
        assert!(!policy(r#""text""#));
        assert!(!policy(
            r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Properties": {"Policy": {"Statement": []}}}}}"#
        ));
    }

    #[test]
    fn policies_with_mistakes_are_still_policies() {
        assert!(policy(r#"{"Version": "2012-10-17", "Statement": []}"#));
        assert!(policy(r#"{"Statment": [{"Effect": "Allow"}]}"#));
        assert!(policy(r#"{"Versoin": "2012-10-17", "Statment": {}}"#));
        assert!(policy(r#"{"Versoin": "2012-10-17"}"#));
        assert!(policy(r#"{"statement": []}"#));
        assert!(policy(
            r#"{"Effect": "Allow", "Principal": "*", "Action": "*"}"#
        ));
        assert!(policy(r#"{"Id": "x", "Statement": [], }"#));
        assert!(policy("{}"));
        // Broken beyond recovery, empty, or not UTF-8: reported as a policy.
        assert!(policy(""));
        assert!(policy("{\"Statement\": [}"));
        assert!(policy("{\"a\": \"\u{7f}"));
        assert!(is_policy(b"{\"Statement\": \"\xff\"}"));
    }

    #[test]
    fn the_start_of_a_large_file_decides_by_its_top_level_keys() {
        let lock = "{\n  \"name\": \"web\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\"\": {\"Statement\": 1, \"a\\\"b\": [\"{\"]}}, \"requires\": true, \"deps";
        assert_eq!(
            top_level_keys(lock),
            ["name", "lockfileVersion", "packages", "requires"]
        );
        assert!(!is_policy_start(lock.as_bytes()));
        assert!(is_policy_start(
            b"{\"Id\": \"x\", \"Statement\": [{\"Effect\": \"Al"
        ));
        assert!(!is_policy_start(b"[1, 2, 3, 4"));
        assert!(is_policy_start(b"{ \"Statem"));
        assert!(is_policy_start(b"not json at all"));
        // A cut inside a character.
        assert!(!is_policy_start(
            "{\"name\": \"caf\u{e9}".as_bytes().split_last().unwrap().1
        ));
    }

    #[test]
    fn the_first_key_is_found_without_reading_the_rest() {
        assert_eq!(first_key("\u{feff} {\n \"Version\": 1"), Some("Version"));
        assert_eq!(first_key("{\"Ver\\u0073ion\": 1}"), None);
        assert_eq!(first_key("[{\"Version\": 1}]"), None);
    }
}
