//! Parse, check and (soon) evaluate Amazon VPC Lattice auth policies, offline.
//!
//! A VPC Lattice auth policy is an IAM resource policy attached to a service
//! network or a service. This crate reads one from text into a model that
//! remembers where every part was written, and reports every problem as a
//! [`Finding`](diagnostic::Finding) located in the source.
//!
//! # Pipeline
//!
//! Each stage is a module, and each stage's errors live beside it:
//!
//! 1. [`load`]: bytes to text. Inputs over a size limit are refused, invalid
//!    UTF-8 is reported at its byte offset, a byte-order mark is skipped with a
//!    warning.
//! 2. [`json`]: text to a spanned JSON tree, with nom. Strict JSON: every
//!    deviation is reported, and the reader steps over those it can so that one
//!    run shows them all.
//! 3. [`lower`]: the tree to the [`model`]: [`Policy`](model::Policy),
//!    [`Statement`](model::Statement), principals, action and resource
//!    patterns, conditions. Shape problems become findings with codes equal to
//!    IAM Access Analyzer's where the check is the same.
//! 4. [`eval`]: requests. A [`RequestSpec`](eval::RequestSpec) is read from a
//!    JSON request file or a one-line [query](eval::query) (`GET /rates as
//!    111122223333`) and resolved into a [`Request`](eval::Request): its
//!    caller, action, resource ARN and condition keys
//!    ([`eval::request`] lists them).
//!
//! ```
//! use lattice_policy::load::{load_str, LoadOptions};
//!
//! let text = r#"{
//!   "Version": "2012-10-17",
//!   "Statement": [{
//!     "Effect": "Allow",
//!     "Principal": "*",
//!     "Action": "vpc-lattice-svcs:Invoke",
//!     "Resource": "*",
//!     "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalType": "anonymous"}}
//!   }]
//! }"#;
//! let loaded = load_str("policy.json", text, LoadOptions::default());
//! assert!(loaded.findings.is_empty());
//! let policy = loaded.policy.unwrap();
//! let condition = policy.statements[0].condition.as_ref().unwrap();
//! assert_eq!(condition.blocks[0].operator.to_string(), "StringNotEqualsIgnoreCase");
//! ```
//!
//! # Grammar
//!
//! What the reader and lowering accept, following the IAM policy grammar and
//! the project's decisions (SEMANTICS.md §2, §10):
//!
//! * **JSON** is RFC 8259 and nothing more: no comments, trailing commas,
//!   single quotes, unquoted keys, `NaN`/`Infinity`, leading zeros or `+`, raw
//!   control characters in strings, or unpaired surrogate escapes. An object
//!   may not repeat a key. Nesting is limited to 64 levels.
//! * **Element names**, **operator names** and **`Effect` values** are
//!   case-sensitive and must be spelled as documented (D17); a near miss is
//!   reported with a suggestion.
//! * **Top level**: `Version` (`2012-10-17` or `2008-10-17`; missing means
//!   `2008-10-17`, a warning, D13), `Id`, and `Statement`, which is one
//!   statement object or a non-empty array of them.
//! * **Statements**: `Sid` (letters and digits, unique: warnings, D14),
//!   `Effect`, exactly one of `Principal`/`NotPrincipal` in auth policies and
//!   neither in identity policies (D22), exactly one of `Action`/`NotAction`,
//!   exactly one of `Resource`/`NotResource`, and an optional `Condition`.
//!   Element values that are lists may be a single string.
//! * **Principals**: `"*"`, or an object with keys `AWS`, `Service`,
//!   `Federated`, `CanonicalUser`, each a string or an array of strings.
//! * **Conditions**: `{operator: {key: value-or-values}}`. Values are strings,
//!   numbers or booleans, with or without quotes. Key names compare
//!   case-insensitively, so one block may not hold the same key in two cases.
//!
//! # Semantics
//!
//! The meaning the model gives each construct; the evaluator will implement
//! exactly this (SEMANTICS.md §4–§5).
//!
//! * **Operators** are read compositionally: an optional set qualifier
//!   (`ForAnyValue:` or `ForAllValues:`), one of the 27 base operators, and an
//!   optional `IfExists` suffix, so every legal combination such as
//!   `ForAnyValue:StringLikeIfExists` is understood. `Null` cannot take
//!   `IfExists`. Negated operators (`StringNotEquals`, `NotIpAddress`, …) are
//!   true when the key is missing, and with several policy values they require
//!   that none matches.
//! * **Principals**: `"*"` and `{"AWS": "*"}` both include anonymous callers;
//!   an account id or `arn:aws:iam::ACCOUNT:root` means every identity of the
//!   account; a role ARN means the role's sessions
//!   ([`AwsPrincipal`](model::AwsPrincipal)).
//! * **Versions**: `${...}` policy variables are substituted only under
//!   `2012-10-17` ([`Policy::variables_enabled`](model::Policy::variables_enabled)).
//! * A policy with any error finding is not evaluated: AWS would refuse to
//!   store it (D17).
//!
//! # Positions
//!
//! Spans are byte ranges into the whole input (including a byte-order mark).
//! Lines and columns shown to users are 1-based; columns count characters.

pub mod diagnostic;
pub mod eval;
pub mod fuzzy;
pub mod json;
pub mod load;
pub mod lower;
pub mod model;
pub mod source;
pub mod span;
