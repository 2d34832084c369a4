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
    fn the_first_key_is_found_without_reading_the_rest() {
        assert_eq!(first_key("\u{feff} {\n \"Version\": 1"), Some("Version"));
        assert_eq!(first_key("{\"Ver\\u0073ion\": 1}"), None);
        assert_eq!(first_key("[{\"Version\": 1}]"), None);
    }
}
