//! Parse, check and evaluate Amazon VPC Lattice auth policies, offline.
//!
//! A VPC Lattice auth policy is an IAM resource policy attached to a service
//! network or a service. This crate reads one from text into a model that
//! remembers where every part was written, and reports every problem as a
//! [`Finding`](diagnostic::Finding) located in the source.
//!
//! # Pipeline
//!
//! Each stage is a module, and each stage's errors live beside it. The
//! library returns data at every stage; only the `policy` binary prints.
//! `ARCHITECTURE.md` at the root of the repository maps the code in more
//! detail, with the invariants each part keeps.
//!
//! 0. [`shape`]: whether a `.json` file met in a directory walk is a policy
//!    at all (`package.json` is not; a policy with misspelt elements is).
//! 1. [`load`]: bytes to text. Inputs over a size limit are refused, invalid
//!    UTF-8 is reported at its byte offset, a byte-order mark is skipped with a
//!    warning.
//! 2. [`json`]: text to a spanned JSON tree, with nom. Strict JSON: every
//!    deviation is reported, and the reader steps over those it can so that one
//!    run shows them all. A policy written inside an infrastructure file
//!    (CloudFormation, Terraform, Kubernetes) is found there by [`iac`] and
//!    becomes the same tree, its spans mapped back to the original file and
//!    its deploy-time values marked unknown.
//! 3. [`lower`]: the tree to the [`model`]: [`Policy`](model::Policy),
//!    [`Statement`](model::Statement), principals, action and resource
//!    patterns, conditions. Shape problems become findings with codes equal to
//!    IAM Access Analyzer's where the check is the same. These first three
//!    stages are the *grammar*: a policy with a grammar error is not evaluated
//!    (decision `exact-spelling`).
//! 4. [`eval`]: requests and decisions. A [`RequestSpec`](eval::RequestSpec) is
//!    read from a JSON request file or a one-line [query](eval::query) (`GET
//!    /rates as 111122223333`) and resolved into a [`Request`](eval::Request):
//!    its caller, action, resource ARN and condition keys. Which keys a
//!    request carries, from which field, and the values each can take come
//!    from one table, [`keys`], which the catalog, the analysis and the lint
//!    rules read too: a request value outside its key's domain is refused.
//!    A policy is compiled once
//!    ([`CompiledPolicy`](eval::CompiledPolicy)), and an
//!    [`Authorizer`](eval::Authorizer) combines the layers into a decision with
//!    its explanation, which cites the decisions it rests on by name
//!    ([`eval::decisions`]).
//! 5. [`analysis`]: the same questions over *every* request at once: does
//!    anything get in anonymously or from an unnamed account, can a statement
//!    ever apply, what does one version of a policy allow that another denied
//!    (`policy diff`), does an invariant hold (`--never`). Every "yes" comes
//!    with a witness request that the evaluator replays.
//! 6. [`lint`]: rules over the model, using the [`catalog`] of AWS services,
//!    actions and condition keys and the analysis's answers. Each rule is one
//!    file; it reports [`Finding`](diagnostic::Finding)s through a context
//!    that stamps its code and severity.
//! 7. [`check`]: `policy check` as data, one pipeline of stages with a
//!    result each: the grammar (which alone decides whether the policy can be
//!    evaluated), the lint findings at the levels the [`config`] file sets,
//!    and the expectations (`--never`, `--baseline`), checked whenever the
//!    policy can be evaluated and reported as not checked when it cannot.
//! 8. [`wire`]: a raw HTTP request or a curl command line read into a
//!    request for `policy eval --http/--curl`, and its SigV4 signature
//!    inspected for what Lattice checks before any policy is read.
//! 9. [`call`]: `policy call`, the one part that uses the network: a
//!    request signed for Lattice, sent with retries as the AWS SDKs make
//!    them, and a 403 answer read back into the evaluator's request.
//! 10. Rendering is the binary's: human diagnostics with source snippets,
//!     JSON, SARIF and GitHub workflow commands, all from the same findings
//!     ([`diagnostic`], [`source`] for lines and columns); a finding's witness
//!     request is data, and [`diagnostic::witness`] writes the one
//!     `policy eval` command that replays it.
//!     A finding may carry a [`Fix`](diagnostic::Fix): byte-range edits that
//!     resolve it, safe (they cannot change what the author meant) or unsafe,
//!     which [`diagnostic::fix::apply`] applies and `policy check --fix` writes.
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
//! the project's decisions (`docs/semantics.md`, "Reading a policy"):
//!
//! * **JSON** is RFC 8259 and nothing more: no comments, trailing commas,
//!   single quotes, unquoted keys, `NaN`/`Infinity`, leading zeros or `+`, raw
//!   control characters in strings, or unpaired surrogate escapes. An object
//!   may not repeat a key. Nesting is limited to 64 levels.
//! * **Element names**, **operator names** and **`Effect` values** are
//!   case-sensitive and must be spelled as documented (decision
//!   `exact-spelling`); a near miss is reported with a suggestion.
//! * **Top level**: `Version` (`2012-10-17` or `2008-10-17`; missing means
//!   `2008-10-17`, a warning, decision `missing-version-is-2008`), `Id`, and
//!   `Statement`, which is one statement object or a non-empty array of them.
//! * **Statements**: `Sid` (letters and digits, unique: warnings, decision
//!   `sid-iam-rule`), `Effect`, exactly one of `Principal`/`NotPrincipal` in
//!   auth policies and neither in identity policies (decision
//!   `principal-required`), exactly one of `Action`/`NotAction`, exactly one
//!   of `Resource`/`NotResource`, and an optional `Condition`. Element values
//!   that are lists may be a single string.
//! * **Principals**: `"*"`, or an object with keys `AWS`, `Service`,
//!   `Federated`, `CanonicalUser`, each a string or an array of strings.
//! * **Conditions**: `{operator: {key: value-or-values}}`. Values are strings,
//!   numbers or booleans, with or without quotes. Key names compare
//!   case-insensitively, so one block may not hold the same key in two cases.
//!
//! # Semantics
//!
//! `docs/semantics.md` in the repository states what the model means and how
//! [`eval`] and [`analysis`] decide a request, layer by layer, and every
//! decision taken where AWS's documentation is silent, each with a stable
//! name, its reasoning and the AWS pages it rests on
//! ([`eval::decisions::DECISIONS`] lists them; `policy explain NAME` prints
//! one). In short:
//!
//! * **Layers**: a request passes the service network's auth policy, the
//!   service's auth policy and, for signed callers, the caller's identity
//!   policies. A layer whose auth type is `NONE` is skipped; `AWS_IAM`
//!   without a policy denies everything; both `NONE` allows without
//!   evaluation (decision `auth-type-none-allows`). An explicit `Deny` in any
//!   layer wins; otherwise every evaluated layer needs an applicable `Allow`.
//!   With no identity policies given, the identity layer is assumed to allow
//!   (decision `identity-layer-assumed`).
//! * **Statements** apply when the principal, action, resource and every
//!   condition clause match; order never matters. `"*"` is the only principal
//!   that names anonymous callers. The request's resource is the service ARN
//!   followed by the path (decision `resource-is-service-arn-and-path`); TLS
//!   requests are anonymous `Connect`s on the bare service ARN (decision
//!   `tls-connect-only`).
//! * **Conditions** follow IAM: AND across blocks and keys, OR across values
//!   (none may match under a negated operator), a missing key makes a
//!   positive operator false and a negated one true, `IfExists`, `Null`,
//!   `ForAnyValue:`/`ForAllValues:`, and policy variables under `2012-10-17`.
//!   Values are parsed once, when the policy is compiled ([`eval::values`],
//!   [`eval::pattern`], [`eval::condition`]).
//!
//! # Positions
//!
//! Spans are byte ranges into the whole input (including a byte-order mark).
//! Lines and columns shown to users are 1-based; columns count characters.

pub mod accesslog;
pub mod analysis;
pub mod call;
pub mod catalog;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod editor;
pub mod eval;
pub mod fuzzy;
mod grammar_fix;
pub mod iac;
pub mod json;
pub mod keys;
pub mod lint;
pub mod load;
pub mod lower;
pub mod model;
pub mod registry;
pub mod replay;
pub mod schema;
pub mod shape;
pub mod sigv4;
pub mod source;
pub mod span;
pub mod wildcard;
pub mod wire;
pub mod wording;
