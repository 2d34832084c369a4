//! The request context: the condition keys a request supplies, and their values.
//!
//! Key names compare case-insensitively (IAM), except the suffix of
//! `vpc-lattice-svcs:RequestQueryString/<key>` and of the tag keys
//! `aws:PrincipalTag/<key>`, `aws:ResourceTag/<key>`, `aws:RequestTag/<key>`,
//! which compare case-sensitively (decision `key-name-case`, decision
//! `tag-keys-case-sensitive`). Header names in
//! `vpc-lattice-svcs:RequestHeader/<name>` are case-insensitive like every
//! other key.

use std::borrow::Cow;

/// A context key's value: one string, or several for multi-valued keys
/// (`aws:PrincipalOrgPaths`, `vpc-lattice-svcs:RequestQueryString/<key>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextValue {
    /// A single-valued key.
    Single(String),
    /// A multi-valued key; may be empty.
    Multi(Vec<String>),
}

impl ContextValue {
    /// The values as a slice (one item for a single value).
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::Single(v) => std::slice::from_ref(v),
            ContextValue::Multi(vs) => vs,
        }
    }

    /// True for a multi-valued key.
    pub fn is_multi(&self) -> bool {
        matches!(self, ContextValue::Multi(_))
    }
}

/// Key prefixes (lower-cased, with their `/`) whose suffix is case-sensitive.
const CASE_SENSITIVE_SUFFIX: [&str; 4] = [
    "vpc-lattice-svcs:requestquerystring/",
    "aws:principaltag/",
    "aws:resourcetag/",
    "aws:requesttag/",
];

/// The form a key name is stored and looked up in: lower-cased, except a
/// case-sensitive suffix (see the module docs).
pub fn normalize_key(key: &str) -> Cow<'_, str> {
    let prefix_len = key.find('/').map_or(key.len(), |i| i + 1);
    let (prefix, suffix) = key.split_at(prefix_len);
    let lower_prefix = prefix.to_ascii_lowercase();
    let keep_suffix = CASE_SENSITIVE_SUFFIX.contains(&lower_prefix.as_str());
    let already = prefix.bytes().all(|b| !b.is_ascii_uppercase())
        && (keep_suffix || suffix.bytes().all(|b| !b.is_ascii_uppercase()));
    if already {
        return Cow::Borrowed(key);
    }
    let mut out = lower_prefix;
    if keep_suffix {
        out.push_str(suffix);
    } else {
        out.push_str(&suffix.to_ascii_lowercase());
    }
    Cow::Owned(out)
}

/// The keys and values of one request. Lookups are by normalized key; a
/// context holds a few dozen keys, so a vector beats a map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    entries: Vec<(String, ContextValue)>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Context::default()
    }

    /// Sets `key` (any case) to `value`, replacing an earlier value.
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        let key = normalize_key(key).into_owned();
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    /// Removes `key` (any case).
    pub fn remove(&mut self, key: &str) {
        let key = normalize_key(key);
        self.entries.retain(|(k, _)| *k != key);
    }

    /// The value of an already normalized key (see [`normalize_key`]); the
    /// evaluator normalizes policy keys once, when it compiles a policy.
    pub fn get_normalized(&self, key: &str) -> Option<&ContextValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, in any case.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.get_normalized(&normalize_key(key))
    }

    /// Every key (normalized) and value, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_are_case_insensitive_but_some_suffixes_are_not() {
        assert_eq!(normalize_key("aws:PrincipalType"), "aws:principaltype");
        assert_eq!(
            normalize_key("vpc-lattice-svcs:RequestHeader/Content-Type"),
            "vpc-lattice-svcs:requestheader/content-type"
        );
        assert_eq!(
            normalize_key("VPC-Lattice-Svcs:RequestQueryString/Page"),
            "vpc-lattice-svcs:requestquerystring/Page"
        );
        assert_eq!(
            normalize_key("aws:PrincipalTag/Team"),
            "aws:principaltag/Team"
        );
        assert_eq!(normalize_key("aws:resourcetag/env"), "aws:resourcetag/env");
    }

    #[test]
    fn lookups_ignore_case_where_iam_does() {
        let mut ctx = Context::new();
        ctx.insert(
            "aws:PrincipalType",
            ContextValue::Single("Anonymous".into()),
        );
        ctx.insert("aws:PrincipalTag/Team", ContextValue::Single("a".into()));
        assert!(ctx.get("AWS:principaltype").is_some());
        assert!(ctx.get("aws:principaltag/Team").is_some());
        assert!(ctx.get("aws:principaltag/team").is_none());
        ctx.remove("AWS:PRINCIPALTYPE");
        assert!(ctx.get("aws:PrincipalType").is_none());
    }
}
