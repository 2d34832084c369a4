//! The codes that reading and lowering a policy can report.
//!
//! Codes equal IAM Access Analyzer's `issueCode` where the check is the same
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>);
//! the others are this project's own.

use super::declare_codes;

declare_codes! {
    /// Every code in this module, in declaration order.
    ALL: Grammar;
    /// The file is not valid JSON (or not valid UTF-8).
    ///
    /// ### Fix
    ///
    /// Some: a trailing comma is removed, a missing comma added, single quotes
    /// around a string without `"` or `\` become double quotes, an unquoted key
    /// and a bare word such as `Allow` are quoted (safe: JSON syntax only, the
    /// values are unchanged; `True`, `null` and the like are left, since they
    /// could be another type); a comment is removed (unsafe: access does not change, but the
    /// author's words go; a statement's `Sid` can carry them). Other syntax errors
    /// have no fix.
    JSON_SYNTAX_ERROR = ("json-syntax-error", Error, Error, "the file is not valid JSON");
    /// An object holds the same key twice.
    DUPLICATE_KEY = ("duplicate-key", Error, Error, "an object holds the same key twice");
    /// The file starts with a UTF-8 byte-order mark.
    ///
    /// ### Fix
    ///
    /// Safe: the byte-order mark is removed; the text is unchanged.
    BYTE_ORDER_MARK = ("byte-order-mark", Warning, Warning, "the file starts with a UTF-8 byte-order mark");
    /// The file is larger than the reader accepts.
    FILE_TOO_LARGE = ("file-too-large", Error, Error, "the file is too large to be a policy");
    /// The policy is not a JSON object, or an element has the wrong JSON type.
    DATA_TYPE_MISMATCH = ("data-type-mismatch", Error, Error, "a value has the wrong JSON type");
    /// No `Version` element.
    ///
    /// ### Fix
    ///
    /// `"Version": "2012-10-17"` is added as the first element, in the layout of the
    /// element after it. Safe when the policy has no policy variable (`${...}`): the
    /// two versions read it the same way. Unsafe when it has one: the variables start
    /// being substituted.
    MISSING_VERSION = ("missing-version", Warning, Warning, "the policy has no `Version`");
    /// `Version` is not one of the two IAM policy versions.
    ///
    /// ### Fix
    ///
    /// The value becomes `2012-10-17`: safe when the policy has no policy variable
    /// (`${...}`), since the two versions then read it the same way; unsafe otherwise.
    INVALID_VERSION = ("invalid-version", Error, Error, "`Version` is not `2012-10-17` or `2008-10-17`");
    /// No statements.
    MISSING_STATEMENT = ("missing-statement", Error, Error, "the policy has no statements");
    /// A statement without `Effect`.
    MISSING_EFFECT = ("missing-effect", Error, Error, "a statement has no `Effect`");
    /// `Effect` is not `Allow` or `Deny`.
    ///
    /// ### Fix
    ///
    /// Safe when the value is `Allow` or `Deny` in the wrong case (`allow`), or
    /// misspelt with only one of the two close (`Alow`): AWS refuses it as
    /// written, and it has one reading. No fix otherwise (`Permit`).
    INVALID_EFFECT = ("invalid-effect", Error, Error, "`Effect` is not `Allow` or `Deny`");
    /// An auth-policy statement without `Principal` or `NotPrincipal`.
    MISSING_PRINCIPAL = ("missing-principal", Error, Error, "an auth-policy statement names no principal");
    /// A `Principal` in an identity policy.
    UNSUPPORTED_PRINCIPAL = ("unsupported-principal", Error, Error, "identity policies cannot name a principal");
    /// A `Principal` that is neither `"*"` nor an object.
    INVALID_PRINCIPAL_FORMAT = ("invalid-principal-format", Error, Error, "the `Principal` element has the wrong shape");
    /// A `Principal` key other than `AWS`, `Service`, `Federated`, `CanonicalUser`.
    ///
    /// ### Fix
    ///
    /// Safe when exactly one principal type is close (`Aws` becomes `AWS`), for
    /// the reasons given under `INVALID_POLICY_ELEMENT`.
    INVALID_PRINCIPAL_KEY = ("invalid-principal-key", Error, Error, "a `Principal` key is not a principal type");
    /// A statement without `Action` or `NotAction`.
    MISSING_ACTION = ("missing-action", Error, Error, "a statement has no `Action` or `NotAction`");
    /// A statement without `Resource` or `NotResource`.
    MISSING_RESOURCE = ("missing-resource", Error, Error, "a statement has no `Resource` or `NotResource`");
    /// `Action` with `NotAction`, and the like.
    UNSUPPORTED_ELEMENT_COMBINATION = ("unsupported-element-combination", Error, Error, "a statement has an element and its `Not` form");
    /// An element name the policy grammar does not define.
    ///
    /// ### Fix
    ///
    /// Safe when exactly one element name is close (the only one equal ignoring case,
    /// or the only one at the smallest edit distance: `Efect` becomes `Effect`): AWS
    /// refuses the name as written, and it has one reading. None when two names are
    /// as close, when the object already has the corrected name, when two misspelt
    /// keys would get the same name, or when the name is an element of the other
    /// level (`Id` in a statement).
    INVALID_POLICY_ELEMENT = ("invalid-policy-element", Error, Error, "an element name is not part of the policy grammar");
    /// A condition operator that does not exist.
    ///
    /// ### Fix
    ///
    /// Safe when exactly one operator name is close (`StringEqual` becomes
    /// `StringEquals`), and the condition has no block with that name yet, for the
    /// reasons given under `INVALID_POLICY_ELEMENT`.
    INVALID_CONDITION_OPERATOR = ("invalid-condition-operator", Error, Error, "a condition operator does not exist");
    /// `NullIfExists`.
    ///
    /// ### Fix
    ///
    /// Unsafe: `NullIfExists` becomes `Null`. Read with `IfExists`'s rule,
    /// `NullIfExists: false` would hold for every request, while `Null: false` holds
    /// only when the key is present; which the author meant is a guess.
    NULL_WITH_IF_EXISTS = ("null-with-if-exists", Error, Error, "the `Null` operator cannot take `IfExists`");
    /// Two condition keys in one block that differ only in case.
    DUPLICATE_KEYS_WITH_DIFFERENT_CASE = ("duplicate-keys-with-different-case", Error, Error, "a condition block names a key twice in different case");
    /// Two statements with the same `Sid`.
    UNIQUE_SIDS_REQUIRED = ("unique-sids-required", Warning, Warning, "two statements share a `Sid`");
    /// A `Sid` with characters other than letters and digits.
    UNSUPPORTED_SID = ("unsupported-sid", Warning, Warning, "a `Sid` has characters other than `A-Z`, `a-z`, `0-9`");
    /// A value known only at deploy time: a CloudFormation intrinsic, a Terraform reference or
    /// interpolation, a `$VAR` placeholder in a manifest. It is no error: the policy is checked
    /// and evaluated for every value it could take (decision `unknown-values-bounded`). Rules
    /// that find access which some value would open report it, saying which unknowns it depends
    /// on; a rule that could be proved wrong by some value says it cannot decide, with this code,
    /// where it would have reported. Supply the values (`--parameter`, `--var`, `--env`,
    /// `--account`, `--region`) to check the policy as it will be deployed.
    UNRESOLVED_VALUE = ("unresolved-value", Info, Suggestion, "a value is known only at deploy time");
}
