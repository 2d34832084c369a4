//! The one-line cases, one module per part of the grammar.

use super::*;

// ---------------------------------------------------------------------------
// Top level
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod top_level {
    use super::*;

    finds!(top_level_array, auth, "[]", [DATA_TYPE_MISMATCH at "[]" msg "a policy must be a JSON object, not an array"]);
    finds!(top_level_array_of_policy, auth, format!("[{}]", with("")), [DATA_TYPE_MISMATCH msg "a policy must be a JSON object, not an array"]);
    finds!(top_level_string, auth, r#""policy""#, [DATA_TYPE_MISMATCH at r#""policy""# msg "a policy must be a JSON object, not a string"]);
    finds!(top_level_number, auth, " 42 ", [DATA_TYPE_MISMATCH at "42" msg "a policy must be a JSON object, not a number"]);
    finds!(top_level_bool, auth, "true", [DATA_TYPE_MISMATCH at "true"]);
    finds!(top_level_null, identity, "null", [DATA_TYPE_MISMATCH at "null" msg "a policy must be a JSON object, not null"]);
    finds!(empty_object, auth, "{}", [MISSING_VERSION at "{" help "without `Version` the policy is read as `2008-10-17`, in which policy variables such as `${aws:username}` are plain text", MISSING_STATEMENT at "{" msg "the policy has no `Statement`"]);
    finds!(empty_object_with_space, auth, "  {  }  ", [MISSING_VERSION at "{", MISSING_STATEMENT at "{"]);
    finds!(missing_version, auth, format!(r#"{{"Statement":[{GOOD}]}}"#), [MISSING_VERSION at "{" msg "the policy has no `Version`"]);
    finds!(missing_statement, auth, r#"{"Version":"2012-10-17"}"#, [MISSING_STATEMENT at "{"]);
    finds!(invalid_version, auth, format!(r#"{{"Version":"2012-10-18","Statement":{GOOD}}}"#), [INVALID_VERSION at r#""2012-10-18""# msg "`2012-10-18` is not a policy version" help "use `2012-10-17`, the current policy language version"]);
    finds!(invalid_version_padded, auth, format!(r#"{{"Version":" 2012-10-17","Statement":{GOOD}}}"#), [INVALID_VERSION at r#"" 2012-10-17""#]);
    finds!(invalid_version_empty, auth, format!(r#"{{"Version":"","Statement":{GOOD}}}"#), [INVALID_VERSION at r#""""#]);
    finds!(version_number, auth, format!(r#"{{"Version":2012,"Statement":{GOOD}}}"#), [INVALID_VERSION at "2012" msg "`Version` must be a string, not a number"]);
    finds!(version_array, auth, format!(r#"{{"Version":["2012-10-17"],"Statement":{GOOD}}}"#), [INVALID_VERSION at r#"["2012-10-17"]"# msg "`Version` must be a string, not an array"]);
    finds!(version_null, auth, format!(r#"{{"Version":null,"Statement":{GOOD}}}"#), [INVALID_VERSION at "null"]);
    clean!(version_2008, auth, format!(r#"{{"Version":"2008-10-17","Statement":{GOOD}}}"#));
    clean!(version_after_statement, auth, format!(r#"{{"Statement":{GOOD},"Version":"2012-10-17"}}"#));
    clean!(id_string, auth, format!(r#"{{"Version":"2012-10-17","Id":"my-policy","Statement":{GOOD}}}"#));
    finds!(id_number, auth, format!(r#"{{"Version":"2012-10-17","Id":7,"Statement":{GOOD}}}"#), [DATA_TYPE_MISMATCH at "7" msg "`Id` must be a string, not a number"]);
    finds!(id_object, auth, format!(r#"{{"Version":"2012-10-17","Id":{{}},"Statement":{GOOD}}}"#), [DATA_TYPE_MISMATCH at "{}" msg "`Id` must be a string, not an object"]);
    finds!(effect_at_top_level, auth, format!(r#"{{"Version":"2012-10-17","Effect":"Allow","Statement":[{GOOD}]}}"#), [INVALID_POLICY_ELEMENT at r#""Effect""# msg "`Effect` is not a valid policy element" help "`Effect` belongs inside a statement in `Statement`"]);
    finds!(principal_at_top_level, auth, format!(r#"{{"Version":"2012-10-17","Principal":"*","Statement":[{GOOD}]}}"#), [INVALID_POLICY_ELEMENT at r#""Principal""# help "`Principal` belongs inside a statement in `Statement`"]);
    finds!(sid_at_top_level, auth, format!(r#"{{"Version":"2012-10-17","Sid":"A","Statement":[{GOOD}]}}"#), [INVALID_POLICY_ELEMENT at r#""Sid""# help "`Sid` belongs inside a statement in `Statement`"]);
    finds!(statement_lowercase, auth, format!(r#"{{"Version":"2012-10-17","statement":[{GOOD}]}}"#), [MISSING_STATEMENT at "{", INVALID_POLICY_ELEMENT at r#""statement""# help "did you mean `Statement`? element names are case-sensitive"]);
    finds!(version_misspelt, auth, format!(r#"{{"Verison":"2012-10-17","Statement":[{GOOD}]}}"#), [MISSING_VERSION at "{", INVALID_POLICY_ELEMENT at r#""Verison""# help "did you mean `Version`?"]);
    finds!(unknown_top_level_element, auth, format!(r#"{{"Version":"2012-10-17","Banana":1,"Statement":[{GOOD}]}}"#), [INVALID_POLICY_ELEMENT at r#""Banana""# help "valid elements here are `Version`, `Id` or `Statement`"]);
}

// ---------------------------------------------------------------------------
// JSON problems reach the findings too, and lowering goes on when it can
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod json {
    use super::*;

    finds!(empty_text, auth, "", [JSON_SYNTAX_ERROR msg "the file is empty: expected a policy document"]);
    finds!(whitespace_text, auth, " \n\t ", [JSON_SYNTAX_ERROR]);
    finds!(trailing_comma_still_lowers, auth, with(r#""Condition":{"StringEquals":{"aws:PrincipalType":"AWS",}}"#), [JSON_SYNTAX_ERROR at "," msg "trailing comma is not allowed in JSON"]);
    finds!(trailing_comma_and_lowering_error, auth, policy(r#"{"Effect":"allow","Principal":"*","Action":"*","Resource":"*",}"#), [INVALID_EFFECT at r#""allow""#, JSON_SYNTAX_ERROR at ","]);
    finds!(duplicate_top_level_key, auth, format!(r#"{{"Version":"2012-10-17","Version":"2012-10-17","Statement":[{GOOD}]}}"#), [DUPLICATE_KEY at r#""Version""# msg "duplicate key `Version`"]);
    finds!(duplicate_action, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":"a","Action":"b","Resource":"*"}"#), [DUPLICATE_KEY at r#""Action""#]);
    finds!(byte_order_mark, auth, format!("\u{feff}{}", with("")), [BYTE_ORDER_MARK at "\u{feff}" msg "the file starts with a UTF-8 byte-order mark"]);
    finds!(byte_order_mark_and_missing_version, auth, format!("\u{feff}{{\"Statement\":{GOOD}}}"), [BYTE_ORDER_MARK at "\u{feff}", MISSING_VERSION at "{"]);
    finds!(unclosed_object, auth, r#"{"Version":"2012-10-17""#, [JSON_SYNTAX_ERROR]);
    finds!(deep_nesting, auth, "[".repeat(100_000), [JSON_SYNTAX_ERROR msg "objects and arrays are nested more than 64 levels deep"]);
}

// ---------------------------------------------------------------------------
// The `Statement` element
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod statement_element {
    use super::*;

    clean!(statement_as_object, auth, format!(r#"{{"Version":"2012-10-17","Statement":{GOOD}}}"#));
    clean!(statement_as_array, auth, policy(&format!("{GOOD},{GOOD}")));
    finds!(statement_empty_array, auth, r#"{"Version":"2012-10-17","Statement":[]}"#, [MISSING_STATEMENT at "[]" msg "`Statement` is empty" help "add at least one statement; a policy without statements allows nothing"]);
    finds!(statement_empty_array_spaced, auth, r#"{"Version":"2012-10-17","Statement":[ ]}"#, [MISSING_STATEMENT at "[ ]"]);
    finds!(statement_string, auth, r#"{"Version":"2012-10-17","Statement":"Allow"}"#, [DATA_TYPE_MISMATCH at r#""Allow""# msg "`Statement` must be an object or an array of objects, not a string"]);
    finds!(statement_null, auth, r#"{"Version":"2012-10-17","Statement":null}"#, [DATA_TYPE_MISMATCH at "null"]);
    finds!(statement_number, auth, r#"{"Version":"2012-10-17","Statement":1}"#, [DATA_TYPE_MISMATCH at "1"]);
    finds!(statement_items_not_objects, auth, policy(&format!(r#"{GOOD},"Allow",7,[],null"#)), [
        DATA_TYPE_MISMATCH at r#""Allow""# msg "a statement must be an object, not a string",
        DATA_TYPE_MISMATCH at "7" msg "a statement must be an object, not a number",
        DATA_TYPE_MISMATCH at "[]" msg "a statement must be an object, not an array",
        DATA_TYPE_MISMATCH at "null",
    ]);
    finds!(statement_array_of_arrays, auth, policy(&format!("[{GOOD}]")), [DATA_TYPE_MISMATCH msg "a statement must be an object, not an array"]);
}

// ---------------------------------------------------------------------------
// Statement elements
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod statement {
    use super::*;

    clean!(good_auth_statement, auth, with(""));
    clean!(good_identity_statement, identity, identity(""));
    clean!(elements_in_any_order, auth, policy(r#"{"Resource":"*","Action":"*","Principal":"*","Effect":"Deny","Sid":"Z9"}"#));
    finds!(missing_effect, auth, policy(r#"{"Principal":"*","Action":"*","Resource":"*"}"#), [MISSING_EFFECT at "{" msg "statement 1 has no `Effect`" help "add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`"]);
    finds!(missing_effect_named_by_sid, auth, policy(r#"{"Sid":"Reads","Principal":"*","Action":"*","Resource":"*"}"#), [MISSING_EFFECT at "{" msg "statement `Reads` has no `Effect`"]);
    finds!(missing_effect_in_second_statement, auth, policy(&format!(r#"{GOOD}, {{"Principal":"*","Action":"*","Resource":"*"}}"#)), [MISSING_EFFECT at "{" msg "statement 2 has no `Effect`"]);
    finds!(missing_action, auth, policy(r#"{"Effect":"Allow","Principal":"*","Resource":"*"}"#), [MISSING_ACTION at "{" msg "statement 1 has no `Action` or `NotAction`"]);
    finds!(missing_resource, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":"*"}"#), [MISSING_RESOURCE at "{" msg "statement 1 has no `Resource` or `NotResource`"]);
    finds!(missing_principal, auth, policy(r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#), [MISSING_PRINCIPAL at "{" msg "statement 1 has no `Principal`"]);
    finds!(empty_statement_auth, auth, policy("{}"), [MISSING_EFFECT at "{", MISSING_PRINCIPAL at "{", MISSING_ACTION at "{", MISSING_RESOURCE at "{"]);
    finds!(empty_statement_identity, identity, policy("{}"), [MISSING_EFFECT, MISSING_ACTION, MISSING_RESOURCE]);
    finds!(effect_lowercase, auth, policy(r#"{"Effect":"allow","Principal":"*","Action":"*","Resource":"*"}"#), [INVALID_EFFECT at r#""allow""# msg "`allow` is not a valid effect" help "`Effect` is case-sensitive: write `Allow`"]);
    finds!(effect_uppercase_deny, auth, policy(r#"{"Effect":"DENY","Principal":"*","Action":"*","Resource":"*"}"#), [INVALID_EFFECT at r#""DENY""# help "`Effect` is case-sensitive: write `Deny`"]);
    finds!(effect_unknown, auth, policy(r#"{"Effect":"Permit","Principal":"*","Action":"*","Resource":"*"}"#), [INVALID_EFFECT at r#""Permit""# help "use `Allow` or `Deny`"]);
    finds!(effect_padded, auth, policy(r#"{"Effect":"Allow ","Principal":"*","Action":"*","Resource":"*"}"#), [INVALID_EFFECT at r#""Allow ""#]);
    finds!(effect_bool, auth, policy(r#"{"Effect":true,"Principal":"*","Action":"*","Resource":"*"}"#), [DATA_TYPE_MISMATCH at "true" msg "`Effect` must be the string `Allow` or `Deny`, not a boolean"]);
    finds!(effect_array, auth, policy(r#"{"Effect":["Allow"],"Principal":"*","Action":"*","Resource":"*"}"#), [DATA_TYPE_MISMATCH at r#"["Allow"]"#]);
    finds!(effect_misspelt_key, auth, policy(r#"{"Efect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#), [MISSING_EFFECT at "{", INVALID_POLICY_ELEMENT at r#""Efect""# msg "`Efect` is not a valid policy element" help "did you mean `Effect`?"]);
    finds!(resource_lowercase_key, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":"*","resource":"*"}"#), [MISSING_RESOURCE at "{", INVALID_POLICY_ELEMENT at r#""resource""# help "did you mean `Resource`? element names are case-sensitive"]);
    finds!(resource_misspelt_key, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":"*","Resouce":"*"}"#), [MISSING_RESOURCE, INVALID_POLICY_ELEMENT at r#""Resouce""# help "did you mean `Resource`?"]);
    finds!(conditions_plural, auth, with(r#""Conditions":{}"#), [INVALID_POLICY_ELEMENT at r#""Conditions""# help "did you mean `Condition`?"]);
    finds!(not_principal_misspelt, auth, policy(r#"{"Effect":"Deny","Notprincipal":"*","Action":"*","Resource":"*"}"#), [MISSING_PRINCIPAL, INVALID_POLICY_ELEMENT at r#""Notprincipal""# help "did you mean `NotPrincipal`? element names are case-sensitive"]);
    finds!(version_in_statement, auth, with(r#""Version":"2012-10-17""#), [INVALID_POLICY_ELEMENT at r#""Version""# help "`Version` belongs at the top level of the policy, not inside a statement"]);
    finds!(id_in_statement, auth, with(r#""Id":"x""#), [INVALID_POLICY_ELEMENT at r#""Id""# help "`Id` belongs at the top level of the policy, not inside a statement"]);
    finds!(unknown_statement_element, auth, with(r#""Banana":1"#), [INVALID_POLICY_ELEMENT at r#""Banana""# help "valid elements here are `Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource` or `Condition`"]);
    finds!(two_unknown_elements, auth, with(r#""Efect":"Allow","Resouce":"*""#), [INVALID_POLICY_ELEMENT at r#""Efect""#, INVALID_POLICY_ELEMENT at r#""Resouce""#]);
    finds!(action_and_not_action, auth, with(r#""NotAction":"vpc-lattice-svcs:Connect""#), [UNSUPPORTED_ELEMENT_COMBINATION at r#""NotAction""# msg "`Action` and `NotAction` cannot be used in the same statement"]);
    finds!(not_action_and_action, auth, policy(r#"{"Effect":"Allow","Principal":"*","NotAction":"x","Action":"*","Resource":"*"}"#), [UNSUPPORTED_ELEMENT_COMBINATION at r#""Action""# msg "`NotAction` and `Action` cannot be used in the same statement"]);
    finds!(principal_and_not_principal, auth, with(r#""NotPrincipal":{"AWS":"111122223333"}"#), [UNSUPPORTED_ELEMENT_COMBINATION at r#""NotPrincipal""# msg "`Principal` and `NotPrincipal` cannot be used in the same statement"]);
    finds!(resource_and_not_resource, auth, with(r#""NotResource":"*""#), [UNSUPPORTED_ELEMENT_COMBINATION at r#""NotResource""# msg "`Resource` and `NotResource` cannot be used in the same statement"]);
    finds!(all_three_pairs, auth, with(r#""NotPrincipal":"*","NotAction":"*","NotResource":"*""#), [UNSUPPORTED_ELEMENT_COMBINATION at r#""NotPrincipal""#, UNSUPPORTED_ELEMENT_COMBINATION at r#""NotAction""#, UNSUPPORTED_ELEMENT_COMBINATION at r#""NotResource""#]);
    clean!(not_action_alone, auth, policy(r#"{"Effect":"Deny","Principal":"*","NotAction":"vpc-lattice-svcs:Invoke","Resource":"*"}"#));
    clean!(not_resource_alone, auth, policy(r#"{"Effect":"Deny","Principal":"*","Action":"*","NotResource":["arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"]}"#));
    clean!(action_array, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:Invoke","vpc-lattice-svcs:Connect"],"Resource":"*"}"#));
    finds!(action_number, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":1,"Resource":"*"}"#), [DATA_TYPE_MISMATCH at "1" msg "`Action` must be a string or an array of strings, not a number"]);
    finds!(action_array_with_non_strings, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":["a",1,null],"Resource":"*"}"#), [DATA_TYPE_MISMATCH at "1" msg "each item of `Action` must be a string, not a number", DATA_TYPE_MISMATCH at "null"]);
    finds!(resource_nested_array, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":[["*"]]}"#), [DATA_TYPE_MISMATCH at r#"["*"]"# msg "each item of `Resource` must be a string, not an array" help "remove the inner brackets: a list holds values, not lists"]);
    finds!(not_resource_object, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":"*","NotResource":{}}"#), [DATA_TYPE_MISMATCH at "{}" msg "`NotResource` must be a string or an array of strings, not an object"]);
    finds!(many_problems_in_one_statement, auth, policy(r#"{"Effect":"allow","Principal":"111122223333","Action":1,"Resource":null}"#), [INVALID_EFFECT, INVALID_PRINCIPAL_FORMAT, DATA_TYPE_MISMATCH at "1", DATA_TYPE_MISMATCH at "null"]);
}

// ---------------------------------------------------------------------------
// `Sid`
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod sid {
    use super::*;

    clean!(sid_alphanumeric, auth, with(r#""Sid":"AllowGammaAccess2""#));
    clean!(sid_empty, auth, with(r#""Sid":"""#));
    clean!(two_empty_sids, auth, policy(&format!("{},{}", statement(r#""Sid":"""#), statement(r#""Sid":"""#))));
    finds!(sid_with_dash, auth, with(r#""Sid":"Allow-Get""#), [UNSUPPORTED_SID at r#""Allow-Get""# msg "`Sid` `Allow-Get` has characters other than letters and digits" help "IAM allows only `A-Z`, `a-z` and `0-9` in a `Sid`"]);
    finds!(sid_with_space, auth, with(r#""Sid":"Allow Get""#), [UNSUPPORTED_SID at r#""Allow Get""#]);
    finds!(sid_with_underscore, auth, with(r#""Sid":"allow_get""#), [UNSUPPORTED_SID]);
    finds!(sid_non_ascii_letters, auth, with(r#""Sid":"Zugriffsprüfung""#), [UNSUPPORTED_SID at r#""Zugriffsprüfung""#]);
    finds!(sid_number, auth, with(r#""Sid":1"#), [DATA_TYPE_MISMATCH at "1" msg "`Sid` must be a string, not a number" help "write it as a string: `\"1\"`"]);
    finds!(duplicate_sids, auth, policy(&format!("{},{}", statement(r#""Sid":"A1""#), statement(r#""Sid":"A1""#))), [UNIQUE_SIDS_REQUIRED at r#""A1""# msg "the `Sid` `A1` is used twice" help "give each statement its own `Sid`"]);
    finds!(triplicate_sids, auth, policy(&format!("{0},{0},{0}", statement(r#""Sid":"A""#))), [UNIQUE_SIDS_REQUIRED, UNIQUE_SIDS_REQUIRED]);
    clean!(sids_differing_in_case, auth, policy(&format!("{},{}", statement(r#""Sid":"Read""#), statement(r#""Sid":"read""#))));
    finds!(duplicate_bad_sids, auth, policy(&format!("{0},{0}", statement(r#""Sid":"a-b""#))), [UNSUPPORTED_SID, UNSUPPORTED_SID, UNIQUE_SIDS_REQUIRED]);
    finds!(duplicate_sid_on_broken_statement, auth, policy(&format!(r#"{},{{"Sid":"S","Effect":"allow","Principal":"*","Action":"*","Resource":"*"}}"#, statement(r#""Sid":"S""#))), [UNIQUE_SIDS_REQUIRED, INVALID_EFFECT]);
}

// ---------------------------------------------------------------------------
// `Principal` and `NotPrincipal`
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod principal {
    use super::*;

    clean!(principal_star, auth, with(""));
    clean!(principal_aws_star, auth, policy(r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}"#));
    clean!(principal_aws_list, auth, policy(r#"{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/ops"]},"Action":"*","Resource":"*"}"#));
    clean!(principal_every_kind, auth, policy(r#"{"Effect":"Allow","Principal":{"AWS":"111122223333","Service":"lambda.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"*","Resource":"*"}"#));
    clean!(not_principal_with_deny_parses, auth, policy(r#"{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}"#));
    finds!(principal_bare_account, auth, policy(r#"{"Effect":"Allow","Principal":"111122223333","Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_FORMAT at r#""111122223333""# msg "`111122223333` is not a valid `Principal`" help r#"write `{"AWS": "111122223333"}`"#]);
    finds!(principal_bare_arn, auth, policy(r#"{"Effect":"Allow","Principal":"arn:aws:iam::111122223333:role/ops","Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_FORMAT help r#"write `{"AWS": "arn:aws:iam::111122223333:role/ops"}`"#]);
    finds!(principal_bare_service, auth, policy(r#"{"Effect":"Allow","Principal":"lambda.amazonaws.com","Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_FORMAT help r#"write `{"Service": "lambda.amazonaws.com"}`"#]);
    finds!(principal_other_string, auth, policy(r#"{"Effect":"Allow","Principal":"everyone","Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_FORMAT at r#""everyone""# help r#"the only string a principal element accepts is `"*"`; name principals in an object such as `{"AWS": "111122223333"}`"#]);
    finds!(not_principal_bare_account, auth, policy(r#"{"Effect":"Deny","NotPrincipal":"111122223333","Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_FORMAT msg "`111122223333` is not a valid `NotPrincipal`"]);
    finds!(principal_array, auth, policy(r#"{"Effect":"Allow","Principal":["*"],"Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_FORMAT at r#"["*"]"# msg "`Principal` must be `\"*\"` or an object, not an array"]);
    finds!(principal_null, auth, policy(r#"{"Effect":"Allow","Principal":null,"Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_FORMAT at "null"]);
    finds!(principal_key_lowercase, auth, policy(r#"{"Effect":"Allow","Principal":{"aws":"*"},"Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_KEY at r#""aws""# msg "`aws` is not a principal type" help "did you mean `AWS`?"]);
    finds!(principal_key_titlecase, auth, policy(r#"{"Effect":"Allow","Principal":{"Aws":"*"},"Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_KEY at r#""Aws""# help "did you mean `AWS`?"]);
    finds!(principal_key_misspelt, auth, policy(r#"{"Effect":"Allow","Principal":{"Services":"a.amazonaws.com"},"Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_KEY help "did you mean `Service`?"]);
    finds!(principal_key_unknown, auth, policy(r#"{"Effect":"Allow","Principal":{"User":"bob"},"Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_KEY help "principal types are `AWS`, `Service`, `Federated` or `CanonicalUser`"]);
    finds!(principal_one_bad_key_among_good, auth, policy(r#"{"Effect":"Allow","Principal":{"AWS":"*","aws":"*"},"Action":"*","Resource":"*"}"#), [INVALID_PRINCIPAL_KEY at r#""aws""#]);
    finds!(principal_value_number, auth, policy(r#"{"Effect":"Allow","Principal":{"AWS":111122223333},"Action":"*","Resource":"*"}"#), [DATA_TYPE_MISMATCH at "111122223333" msg "`AWS` principal must be a string or an array of strings, not a number" help "write it as a string: `\"111122223333\"`"]);
    finds!(principal_value_list_with_number, auth, policy(r#"{"Effect":"Allow","Principal":{"AWS":["111122223333",444455556666]},"Action":"*","Resource":"*"}"#), [DATA_TYPE_MISMATCH at "444455556666" msg "each item of `AWS` principal must be a string, not a number"]);
    finds!(identity_with_principal, identity, identity(r#""Principal":"*""#), [UNSUPPORTED_PRINCIPAL at r#""Principal""# msg "an identity policy cannot have `Principal`"]);
    finds!(identity_with_not_principal, identity, identity(r#""NotPrincipal":{"AWS":"111122223333"}"#), [UNSUPPORTED_PRINCIPAL at r#""NotPrincipal""# msg "an identity policy cannot have `NotPrincipal`"]);
    finds!(identity_with_malformed_principal, identity, identity(r#""Principal":"111122223333""#), [UNSUPPORTED_PRINCIPAL at r#""Principal""#]);
    finds!(identity_with_both_principals, identity, identity(r#""Principal":"*","NotPrincipal":"*""#), [UNSUPPORTED_PRINCIPAL at r#""Principal""#, UNSUPPORTED_ELEMENT_COMBINATION at r#""NotPrincipal""#]);
    finds!(identity_missing_action, identity, policy(r#"{"Effect":"Allow","Resource":"*"}"#), [MISSING_ACTION at "{"]);
}

// ---------------------------------------------------------------------------
// `Condition`
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod condition {
    use super::*;

    clean!(condition_empty, auth, cond("{}"));
    clean!(condition_documented_example, auth, cond(r#"{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}"#));
    clean!(condition_qualified_if_exists, auth, cond(r#"{"ForAnyValue:StringLikeIfExists":{"aws:PrincipalTag/team":["pay*","ops"]}}"#));
    clean!(condition_for_all_values_null, auth, cond(r#"{"ForAllValues:Null":{"aws:PrincipalTag/team":"true"}}"#));
    clean!(condition_same_key_two_operators, auth, cond(r#"{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"StringLike":{"aws:PrincipalOrgID":"o-*"}}"#));
    clean!(condition_same_key_two_operators_different_case, auth, cond(r#"{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"StringLike":{"aws:principalorgid":"o-*"}}"#));
    clean!(condition_numbers_and_booleans, auth, cond(r#"{"NumericLessThan":{"vpc-lattice-svcs:Port":8080},"NumericEquals":{"vpc-lattice-svcs:Port":["443",8443,-1.5e3]},"Bool":{"aws:SecureTransport":true},"Null":{"aws:SourceIp":"false"}}"#));
    clean!(condition_empty_block, auth, cond(r#"{"StringEquals":{}}"#));
    finds!(operator_missing_s, auth, cond(r#"{"StringEqual":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#), [INVALID_CONDITION_OPERATOR at r#""StringEqual""# msg "`StringEqual` is not a condition operator" help "did you mean `StringEquals`?"]);
    finds!(operator_lower_camel, auth, cond(r#"{"stringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#), [INVALID_CONDITION_OPERATOR at r#""stringEquals""# help "did you mean `StringEquals`? operator names are case-sensitive"]);
    finds!(operator_qualifier_plural, auth, cond(r#"{"ForAnyValues:StringLike":{"aws:PrincipalTag/team":"pay*"}}"#), [INVALID_CONDITION_OPERATOR at r#""ForAnyValues:StringLike""# help "did you mean `ForAnyValue:StringLike`?"]);
    finds!(operator_if_exists_case, auth, cond(r#"{"StringLikeIfexists":{"aws:PrincipalTag/team":"pay*"}}"#), [INVALID_CONDITION_OPERATOR at r#""StringLikeIfexists""# help "did you mean `StringLikeIfExists`? operator names are case-sensitive"]);
    finds!(operator_all_lowercase, auth, cond(r#"{"arnlike":{"aws:PrincipalArn":"arn:aws:iam::*:role/ops"}}"#), [INVALID_CONDITION_OPERATOR help "did you mean `ArnLike`? operator names are case-sensitive"]);
    finds!(operator_unknown, auth, cond(r#"{"Banana":{"k":"v"}}"#), [INVALID_CONDITION_OPERATOR at r#""Banana""# help "operators are a base such as `StringEquals`, `ArnLike` or `Null`, optionally prefixed by `ForAnyValue:` or `ForAllValues:` and suffixed by `IfExists`"]);
    finds!(operator_qualifier_alone, auth, cond(r#"{"ForAnyValue:":{"k":"v"}}"#), [INVALID_CONDITION_OPERATOR at r#""ForAnyValue:""#]);
    finds!(operator_if_exists_alone, auth, cond(r#"{"IfExists":{"k":"v"}}"#), [INVALID_CONDITION_OPERATOR]);
    finds!(null_if_exists, auth, cond(r#"{"NullIfExists":{"aws:SourceIp":"true"}}"#), [NULL_WITH_IF_EXISTS at r#""NullIfExists""# msg "`NullIfExists` is not allowed: the `Null` operator cannot take `IfExists`" help "use `Null`: it already tests whether the key is present"]);
    finds!(qualified_null_if_exists, auth, cond(r#"{"ForAnyValue:NullIfExists":{"aws:PrincipalTag/team":"true"}}"#), [NULL_WITH_IF_EXISTS at r#""ForAnyValue:NullIfExists""# msg "`ForAnyValue:NullIfExists` is not allowed: the `Null` operator cannot take `IfExists`"]);
    finds!(two_bad_operators, auth, cond(r#"{"StringEqual":{"k":"v"},"NullIfExists":{"k":"true"}}"#), [INVALID_CONDITION_OPERATOR at r#""StringEqual""#, NULL_WITH_IF_EXISTS at r#""NullIfExists""#]);
    finds!(condition_string, auth, cond(r#""aws:SecureTransport""#), [DATA_TYPE_MISMATCH at r#""aws:SecureTransport""# msg "`Condition` must be an object, not a string"]);
    finds!(condition_array, auth, cond(r#"[{"Bool":{"aws:SecureTransport":"true"}}]"#), [DATA_TYPE_MISMATCH msg "`Condition` must be an object, not an array"]);
    finds!(operator_value_string, auth, cond(r#"{"StringEquals":"aws:PrincipalOrgID"}"#), [DATA_TYPE_MISMATCH at r#""aws:PrincipalOrgID""# msg "the value of `StringEquals` must be an object of condition keys and values, not a string" help r#"write `"StringEquals": {"<condition key>": "<value>"}`"#]);
    finds!(operator_value_array, auth, cond(r#"{"StringEquals":[{"k":"v"}]}"#), [DATA_TYPE_MISMATCH at r#"[{"k":"v"}]"#]);
    finds!(bad_operator_and_bad_value, auth, cond(r#"{"StringEqual":"v"}"#), [INVALID_CONDITION_OPERATOR at r#""StringEqual""#, DATA_TYPE_MISMATCH at r#""v""#]);
    finds!(condition_value_null, auth, cond(r#"{"StringEquals":{"aws:PrincipalOrgID":null}}"#), [DATA_TYPE_MISMATCH at "null" msg "the value of `aws:PrincipalOrgID` must be a string, number or boolean, or an array of them, not null" help "give the element a value, or leave it out"]);
    finds!(condition_value_object, auth, cond(r#"{"StringEquals":{"aws:PrincipalOrgID":{"Ref":"OrgId"}}}"#), [DATA_TYPE_MISMATCH at r#"{"Ref":"OrgId"}"# msg "the value of `aws:PrincipalOrgID` must be a string, number or boolean, or an array of them, not an object" help "`Ref` is a CloudFormation function: check the policy as deployed, with its values resolved"]);
    finds!(resource_fn_join, auth, policy(r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":{"Fn::Join":["",["arn:aws:vpc-lattice:",{"Ref":"AWS::Region"}]]}}"#), [DATA_TYPE_MISMATCH at r#"{"Fn::Join":["",["arn:aws:vpc-lattice:",{"Ref":"AWS::Region"}]]}"# help "`Fn::Join` is a CloudFormation function: check the policy as deployed, with its values resolved"]);
    finds!(condition_value_nested_array, auth, cond(r#"{"StringEquals":{"aws:PrincipalOrgID":["o-1",["o-2"]]}}"#), [DATA_TYPE_MISMATCH at r#"["o-2"]"# msg "each value of `aws:PrincipalOrgID` must be a string, number or boolean, not an array"]);
    finds!(condition_values_with_nulls, auth, cond(r#"{"StringEquals":{"k":[null,"a",{}]}}"#), [DATA_TYPE_MISMATCH at "null", DATA_TYPE_MISMATCH at "{}"]);
    finds!(bad_operator_and_null_value, auth, cond(r#"{"StringEqual":{"k":null}}"#), [INVALID_CONDITION_OPERATOR, DATA_TYPE_MISMATCH at "null"]);
    finds!(condition_keys_differing_in_case, auth, cond(r#"{"StringEquals":{"aws:PrincipalType":"AWS","aws:principaltype":"Anonymous"}}"#), [DUPLICATE_KEYS_WITH_DIFFERENT_CASE at r#""aws:principaltype""# msg "condition key `aws:principaltype` appears twice in this block with different case" help "condition key names are case-insensitive; merge the two into one key"]);
    finds!(condition_keys_three_cases, auth, cond(r#"{"StringEquals":{"k":"1","K":"2","k ":"3"}}"#), [DUPLICATE_KEYS_WITH_DIFFERENT_CASE at r#""K""#]);
    finds!(condition_key_exact_duplicate, auth, cond(r#"{"StringEquals":{"aws:PrincipalType":"AWS","aws:PrincipalType":"User"}}"#), [DUPLICATE_KEY at r#""aws:PrincipalType""#]);
    finds!(condition_operator_exact_duplicate, auth, cond(r#"{"StringEquals":{"a":"1"},"StringEquals":{"b":"2"}}"#), [DUPLICATE_KEY at r#""StringEquals""#]);
    finds!(identity_condition_errors_too, identity, identity(r#""Condition":{"StringEqual":{"k":"v"}}"#), [INVALID_CONDITION_OPERATOR]);
}

// ---------------------------------------------------------------------------
// Coverage of the code list
// ---------------------------------------------------------------------------

/// True when `word` occurs in `text` with no identifier character on either side.
fn has_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

#[test]
fn every_code_has_a_test_case() {
    let tests = concat!(
        include_str!("cases.rs"),
        include_str!("loading.rs"),
        include_str!("model.rs")
    );
    let missing: Vec<&str> = codes::ALL
        .iter()
        .map(|c| c.code)
        .filter(|code| !has_word(tests, code))
        .collect();
    assert!(
        missing.is_empty(),
        "codes with no test case in tests/lowering/: {missing:?}"
    );
}

#[test]
fn codes_are_unique_and_named_consistently() {
    let mut seen = std::collections::HashSet::new();
    for info in codes::ALL {
        assert!(seen.insert(info.code), "duplicate code {}", info.code);
        assert_eq!(info.name, info.code.to_ascii_lowercase().replace('_', "-"));
        assert!(!info.summary.is_empty());
        assert!(
            !info.summary.ends_with('.'),
            "{}: summary ends with a period",
            info.code
        );
    }
}
