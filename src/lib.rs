//! Parse, check and evaluate Amazon VPC Lattice auth policies, offline.
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
//! 4. [`eval`]: requests and decisions. A [`RequestSpec`](eval::RequestSpec) is
//!    read from a JSON request file or a one-line [query](eval::query) (`GET
//!    /rates as 111122223333`) and resolved into a [`Request`](eval::Request):
//!    its caller, action, resource ARN and condition keys ([`eval::request`]
//!    lists them). A policy is compiled once
//!    ([`CompiledPolicy`](eval::CompiledPolicy)), and an
//!    [`Authorizer`](eval::Authorizer) combines the layers into a decision with
//!    its explanation.
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
//! What the model means and how [`eval`] decides a request: the documented
//! IAM and VPC Lattice rules (SEMANTICS.md §1–§5), and the project's
//! decisions where the documentation is silent (§10, cited as D1–D23; an
//! explanation that rests on one names it).
//!
//! ## Layers (§1.2, §5.4)
//!
//! A request passes the service network's auth policy, the service's auth
//! policy and, for signed callers, the caller's identity policies. A layer
//! whose auth type is `NONE` is skipped; `AWS_IAM` without a policy denies
//! everything; when both auth types are `NONE` the request is allowed without
//! evaluation (D8). An explicit `Deny` in any layer wins; otherwise every
//! evaluated layer needs an applicable `Allow`. Anonymous callers have no
//! identity layer; when no identity policies are given for a signed caller,
//! the identity layer is assumed to allow (D7). The service network layer
//! sees the same resource as the service layer (D20).
//!
//! ## Statements (§5.1)
//!
//! A statement applies when its principal, action, resource and every
//! condition clause match. In a policy, an applicable `Deny` gives an explicit
//! deny, else an applicable `Allow` allows, else the policy denies implicitly.
//! Statement order never matters.
//!
//! * **Principals**: `"*"` and `{"AWS": "*"}` include anonymous callers; no
//!   other value does. An account id or `arn:aws:iam::ACCOUNT:root` means every
//!   identity of the account; a role ARN means the role's sessions (a
//!   session's `aws:PrincipalArn` is the role ARN, without path: D23); a user,
//!   federated-user or session ARN means exactly that principal. Service,
//!   federated and canonical-user principals name no caller a Lattice request
//!   can simulate. `NotPrincipal` is evaluated as IAM defines it (D1).
//! * **Actions** compare case-insensitively with `*` and `?` wildcards. A
//!   request is `vpc-lattice-svcs:Invoke`, or `vpc-lattice-svcs:Connect` on a
//!   TLS listener (D9).
//! * **Resources**: the request's resource is the service ARN followed by the
//!   path, without the query string and without decoding (D3); a TLS request's
//!   is the bare service ARN (D9), which is also the only thing a bare service
//!   ARN pattern covers (D4). A pattern that starts with `arn:` is matched
//!   field by field (the first five `:`-separated fields each on their own,
//!   the rest as one field); any other pattern (`*`, `*/rates`) is matched
//!   against the whole ARN, `*` crossing `:` and `/` (D2). Matching is
//!   case-sensitive.
//!
//! ## Conditions (§4)
//!
//! * Blocks and clauses combine with AND; several values of one clause with
//!   OR, except under a negated operator (`StringNotEquals`, `NotIpAddress`,
//!   …), which requires that no value matches.
//! * A key missing from the request makes a positive operator false and a
//!   negated operator true; `IfExists` makes any operator true when the key is
//!   missing; `Null` tests presence (`"true"`: absent; an empty string is
//!   present). `ForAllValues:Null` always holds, `ForAnyValue:Null` never.
//! * Operators are read compositionally: `ForAnyValue:`/`ForAllValues:` × 27
//!   base operators × `IfExists` (`Null` takes no `IfExists`). `ForAllValues`
//!   is true for a missing or empty key, `ForAnyValue` false. An operator
//!   without a qualifier on a multi-valued key (query-string keys,
//!   `aws:PrincipalOrgPaths`) is false (D16).
//! * Key names compare case-insensitively, header names included; the key
//!   part of `RequestQueryString/<key>` and tag keys compare case-sensitively
//!   (D6, D18). String operators compare case-sensitively except the
//!   `IgnoreCase` ones; only `StringLike`/`StringNotLike` and the ARN operators
//!   know wildcards. Numbers, dates (W3C ISO 8601 or epoch seconds; a date
//!   without a time is midnight UTC), booleans (any case), CIDRs (IPv4 and
//!   IPv6, host bits ignored) and base64 are parsed once, when the policy is
//!   compiled (D17); a value that does not parse matches nothing
//!   ([`eval::values`], [`eval::pattern`], [`eval::condition`]).
//! * Policy variables (`${aws:username}`, with `${key, 'default'}` defaults
//!   and the escapes `${*}`, `${?}`, `${$}`) are substituted only under
//!   `Version: 2012-10-17`, in `Resource` and in string and ARN conditions; a
//!   missing `Version` means `2008-10-17`, where they are plain text (D13).
//!   A variable without a value matches nothing.
//! * A policy with any error finding is not evaluated: AWS would refuse to
//!   store it (D17).
//!
//! # Positions
//!
//! Spans are byte ranges into the whole input (including a byte-order mark).
//! Lines and columns shown to users are 1-based; columns count characters.

pub mod analysis;
pub mod catalog;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod eval;
pub mod fuzzy;
pub mod json;
pub mod lint;
pub mod load;
pub mod lower;
pub mod model;
pub mod registry;
pub mod source;
pub mod span;
pub mod wildcard;
