//! What the model holds: statements, principals, patterns, operators, values and their spans.

use super::*;

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

#[test]
fn model_of_a_full_policy() {
    let loaded = load("auth", FULL);
    check(&loaded, &[]);
    let snip = |span| loaded.source.snippet(span).to_string();
    let policy = loaded.policy.as_ref().unwrap();

    assert_eq!(policy.kind, PolicyKind::Auth);
    assert_eq!(
        policy.version.as_ref().map(|v| v.value),
        Some(Version::V2012_10_17)
    );
    assert_eq!(
        snip(policy.version.as_ref().unwrap().span),
        r#""2012-10-17""#
    );
    assert!(policy.variables_enabled());
    assert_eq!(policy.id.as_ref().unwrap().value, "payments");
    assert_eq!(snip(policy.span), FULL);
    assert_eq!(policy.statements.len(), 2);

    let first = &policy.statements[0];
    assert_eq!(first.index, 0);
    assert!(snip(first.span).starts_with("{\n      \"Sid\": \"AllowTeams\""));
    assert!(snip(first.span).ends_with('}'));
    assert_eq!(first.sid.as_ref().unwrap().value, "AllowTeams");
    assert_eq!(snip(first.sid.as_ref().unwrap().span), r#""AllowTeams""#);
    assert_eq!(first.effect.value, Effect::Allow);
    assert_eq!(snip(first.effect.span), r#""Allow""#);

    let principal = first.principal.as_ref().unwrap();
    assert!(!principal.negated);
    assert_eq!(snip(principal.key_span), r#""Principal""#);
    assert!(snip(principal.span).starts_with(r#"{"AWS""#));
    let Principals::Map(entries) = &principal.value else {
        panic!("expected a principal map, got {:?}", principal.value);
    };
    let kinds: Vec<PrincipalKind> = entries.iter().map(|e| e.kind.value).collect();
    assert_eq!(kinds, [PrincipalKind::Aws, PrincipalKind::Service]);
    assert_eq!(snip(entries[0].kind.span), r#""AWS""#);
    let aws: Vec<&str> = entries[0].values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(aws, ["111122223333", "arn:aws:iam::111122223333:role/ops"]);
    assert_eq!(
        snip(entries[0].values[1].span),
        r#""arn:aws:iam::111122223333:role/ops""#
    );
    assert_eq!(entries[1].values[0].value, "lambda.amazonaws.com");

    assert!(!first.action.negated);
    assert_eq!(snip(first.action.key_span), r#""Action""#);
    assert_eq!(snip(first.action.span), r#""vpc-lattice-svcs:Invoke""#);
    assert_eq!(first.action.items.len(), 1);
    assert_eq!(first.action.items[0].value, "vpc-lattice-svcs:Invoke");
    let resources: Vec<&str> = first
        .resource
        .items
        .iter()
        .map(|r| r.value.as_str())
        .collect();
    assert_eq!(
        resources,
        [
            "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*",
            "*/rates"
        ]
    );
    assert_eq!(snip(first.resource.items[1].span), r#""*/rates""#);

    let condition = first.condition.as_ref().unwrap();
    assert_eq!(snip(condition.key_span), r#""Condition""#);
    assert_eq!(condition.blocks.len(), 4);
    let operators: Vec<String> = condition
        .blocks
        .iter()
        .map(|b| b.operator.to_string())
        .collect();
    assert_eq!(
        operators,
        [
            "ForAnyValue:StringLikeIfExists",
            "NumericLessThan",
            "Bool",
            "StringEquals"
        ]
    );

    let like = &condition.blocks[0];
    assert_eq!(like.operator.qualifier, Some(SetQualifier::ForAnyValue));
    assert_eq!(like.operator.base, BaseOperator::StringLike);
    assert!(like.operator.if_exists);
    assert!(!like.operator.base.is_negated());
    assert_eq!(
        snip(like.operator.span),
        r#""ForAnyValue:StringLikeIfExists""#
    );
    assert_eq!(
        snip(like.span),
        r#"{"aws:PrincipalTag/team": ["pay*", "ops"]}"#
    );
    assert_eq!(like.clauses.len(), 1);
    let clause = &like.clauses[0];
    assert_eq!(clause.key.value, "aws:PrincipalTag/team");
    assert_eq!(snip(clause.key.span), r#""aws:PrincipalTag/team""#);
    assert!(clause.is_list);
    assert_eq!(snip(clause.span), r#"["pay*", "ops"]"#);
    let values: Vec<(&str, JsonKind, String)> = clause
        .values
        .iter()
        .map(|v| (v.text.as_str(), v.json, snip(v.span)))
        .collect();
    assert_eq!(
        values,
        [
            ("pay*", JsonKind::String, r#""pay*""#.to_string()),
            ("ops", JsonKind::String, r#""ops""#.to_string())
        ]
    );

    let numeric = &condition.blocks[1];
    assert_eq!(
        numeric.operator.value,
        Operator {
            qualifier: None,
            base: BaseOperator::NumericLessThan,
            if_exists: false
        }
    );
    let port = &numeric.clauses[0];
    assert!(!port.is_list);
    assert_eq!(
        (port.values[0].text.as_str(), port.values[0].json),
        ("8080", JsonKind::Number)
    );
    assert_eq!(snip(port.values[0].span), "8080");

    let boolean = &condition.blocks[2];
    let bools: Vec<(&str, JsonKind, String)> = boolean
        .clauses
        .iter()
        .flat_map(|c| c.values.iter())
        .map(|v| (v.text.as_str(), v.json, snip(v.span)))
        .collect();
    assert_eq!(
        bools,
        [
            ("true", JsonKind::String, r#""true""#.to_string()),
            ("false", JsonKind::Bool, "false".to_string())
        ]
    );

    // Escapes are decoded in the value; the span covers the text as written.
    let header = &condition.blocks[3].clauses[0].values[0];
    assert_eq!(header.text, "café");
    assert_eq!(snip(header.span), r#""caf\u00e9""#);

    let second = &policy.statements[1];
    assert_eq!(second.index, 1);
    assert!(second.sid.is_none());
    assert_eq!(second.effect.value, Effect::Deny);
    let not_principal = second.principal.as_ref().unwrap();
    assert!(not_principal.negated);
    assert_eq!(snip(not_principal.key_span), r#""NotPrincipal""#);
    assert!(second.action.negated);
    assert_eq!(snip(second.action.key_span), r#""NotAction""#);
    assert_eq!(second.action.items[0].value, "vpc-lattice-svcs:Connect");
    assert!(second.resource.negated);
    assert_eq!(snip(second.resource.key_span), r#""NotResource""#);
    assert_eq!(second.resource.items[0].value, "*");
    assert!(second.condition.is_none());
}

#[test]
fn principal_forms_in_the_model() {
    let loaded = load(
        "auth",
        &policy(&format!(
            "{},{}",
            statement(""),
            r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}"#
        )),
    );
    check(&loaded, &[]);
    let statements = &loaded.policy.as_ref().unwrap().statements;
    assert_eq!(
        statements[0].principal.as_ref().unwrap().value,
        Principals::Everyone
    );
    let Principals::Map(entries) = &statements[1].principal.as_ref().unwrap().value else {
        panic!("expected a map");
    };
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].kind.value, PrincipalKind::Aws);
    assert_eq!(entries[0].values[0].value, "*");
}

#[test]
fn identity_statements_have_no_principal() {
    let loaded = load("identity", &identity(""));
    check(&loaded, &[]);
    let policy = loaded.policy.unwrap();
    assert_eq!(policy.kind, PolicyKind::Identity);
    assert!(policy.statements[0].principal.is_none());
}

#[test]
fn every_operator_spelling_lowers() {
    let names = Operator::all_names();
    assert_eq!(names.len(), 3 * (27 + 26));
    for name in &names {
        let text = cond(&format!(
            r#"{{"{name}":{{"aws:PrincipalTag/team":["a","b"]}}}}"#
        ));
        let loaded = load("auth", &text);
        assert!(
            loaded.findings.is_empty(),
            "`{name}` gave:\n{}",
            describe(&loaded)
        );
        let policy = loaded.policy.as_ref().unwrap();
        let block = &policy.statements[0].condition.as_ref().unwrap().blocks[0];
        assert_eq!(block.operator.to_string(), *name);
        assert_eq!(
            loaded.source.snippet(block.operator.span),
            format!("\"{name}\"")
        );
        assert_eq!(block.operator.if_exists, name.ends_with("IfExists"));
        let qualifier = block
            .operator
            .qualifier
            .map(SetQualifier::prefix)
            .unwrap_or("");
        assert!(name.starts_with(qualifier));
    }
}

#[test]
fn every_operator_in_one_condition() {
    let blocks: Vec<String> = Operator::all_names()
        .iter()
        .map(|name| format!(r#""{name}":{{"k":"v"}}"#))
        .collect();
    let loaded = load("auth", &cond(&format!("{{{}}}", blocks.join(","))));
    check(&loaded, &[]);
    let condition = loaded.policy.unwrap().statements[0]
        .condition
        .clone()
        .unwrap();
    assert_eq!(condition.blocks.len(), Operator::all_names().len());
}

#[test]
fn condition_values_keep_text_and_json_kind() {
    let loaded = load(
        "auth",
        &cond(
            r#"{"NumericEquals":{"k":[1,"2",-1.5e3,0.10]},"Bool":{"b":[true,"false","TRUE"]},"StringEquals":{"s":""}}"#,
        ),
    );
    check(&loaded, &[]);
    let policy = loaded.policy.unwrap();
    let blocks = &policy.statements[0].condition.as_ref().unwrap().blocks;
    let kinds = |i: usize| -> Vec<(String, JsonKind)> {
        blocks[i].clauses[0]
            .values
            .iter()
            .map(|v| (v.text.clone(), v.json))
            .collect()
    };
    let s = |t: &str, k| (t.to_string(), k);
    assert_eq!(
        kinds(0),
        [
            s("1", JsonKind::Number),
            s("2", JsonKind::String),
            s("-1.5e3", JsonKind::Number),
            s("0.10", JsonKind::Number)
        ]
    );
    assert_eq!(
        kinds(1),
        [
            s("true", JsonKind::Bool),
            s("false", JsonKind::String),
            s("TRUE", JsonKind::String)
        ]
    );
    assert_eq!(kinds(2), [s("", JsonKind::String)]);
}

#[test]
fn statement_with_an_error_is_left_out_and_good_ones_stay() {
    let text = policy(&format!(
        r#"{}, {{"Sid":"Bad","Effect":"allow","Principal":"*","Action":"*","Resource":"*"}}, {}, "not a statement", {}"#,
        statement(r#""Sid":"First""#),
        statement(r#""Sid":"Third""#),
        statement(r#""Sid":"Fifth","Condition":{"StringEqual":{"k":"v"}}"#),
    ));
    let loaded = load("auth", &text);
    let codes: Vec<&str> = loaded.findings.iter().map(Finding::code).collect();
    assert_eq!(
        codes,
        [
            codes::INVALID_EFFECT.code,
            codes::DATA_TYPE_MISMATCH.code,
            codes::INVALID_CONDITION_OPERATOR.code
        ]
    );
    let policy = loaded.policy.unwrap();
    let kept: Vec<(usize, &str)> = policy
        .statements
        .iter()
        .map(|s| (s.index, s.sid.as_ref().unwrap().value.as_str()))
        .collect();
    assert_eq!(kept, [(0, "First"), (2, "Third")]);
}

#[test]
fn statement_with_only_warnings_is_kept() {
    let text = policy(&format!("{0},{0}", statement(r#""Sid":"a-b""#)));
    let loaded = load("auth", &text);
    assert!(!loaded.has_errors());
    assert_eq!(loaded.findings.len(), 3);
    assert_eq!(loaded.policy.unwrap().statements.len(), 2);
}

#[test]
fn single_statement_object_with_an_error_leaves_no_statements() {
    let loaded = load(
        "auth",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    );
    assert!(loaded.has_errors());
    assert!(loaded.policy.unwrap().statements.is_empty());
}

#[test]
fn missing_version_is_read_as_2008() {
    let loaded = load("auth", &format!(r#"{{"Statement":{GOOD}}}"#));
    assert!(!loaded.has_errors());
    let policy = loaded.policy.unwrap();
    assert!(policy.version.is_none());
    assert!(!policy.variables_enabled());
    assert_eq!(policy.statements.len(), 1);

    let old = load(
        "auth",
        &format!(r#"{{"Version":"2008-10-17","Statement":{GOOD}}}"#),
    );
    assert!(!old.policy.unwrap().variables_enabled());
}

#[test]
fn syntax_error_that_stops_reading_gives_no_policy() {
    let loaded = load("auth", r#"{"Version": "2012-10-17", "Statement": [}"#);
    assert!(loaded.has_errors());
    assert!(loaded.policy.is_none());
}

#[test]
fn related_spans_point_at_the_first_occurrence() {
    let related = |text: &str| -> Vec<(String, String, String)> {
        let loaded = load("auth", text);
        check_invariants(&loaded);
        loaded
            .findings
            .iter()
            .flat_map(|f| {
                f.related.iter().map(|r| {
                    (
                        f.code().to_string(),
                        loaded.source.snippet(r.span).to_string(),
                        r.label.clone(),
                    )
                })
            })
            .collect()
    };
    let r =
        |code: &str, at: &str, label: &str| (code.to_string(), at.to_string(), label.to_string());

    let text = policy(&format!(
        "{},{}",
        statement(r#""Sid":"One""#),
        statement(r#""Sid":"One""#)
    ));
    assert_eq!(
        related(&text),
        [r("UNIQUE_SIDS_REQUIRED", r#""One""#, "first used here")]
    );
    let sid_start = text.find(r#""One""#).unwrap();
    let loaded = load("auth", &text);
    assert_eq!(loaded.findings[0].related[0].span.offset(), sid_start);
    assert!(loaded.findings[0].span.offset() > sid_start);

    let text = with(r#""NotAction":"x""#);
    assert_eq!(
        related(&text),
        [r(
            "UNSUPPORTED_ELEMENT_COMBINATION",
            r#""Action""#,
            "first element here"
        )]
    );

    let text = cond(r#"{"StringEquals":{"aws:PrincipalType":"AWS","AWS:PRINCIPALTYPE":"User"}}"#);
    assert_eq!(
        related(&text),
        [r(
            "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
            r#""aws:PrincipalType""#,
            "first written here"
        )]
    );

    let text = format!(r#"{{"Version":"2012-10-17","Statement":[{GOOD}],"Version":"2012-10-17"}}"#);
    let found = related(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "DUPLICATE_KEY");
    assert_eq!(found[0].1, r#""Version""#);
}

#[test]
fn spans_count_bytes_after_non_ascii_text() {
    let text = policy(&statement(r#""Sid":"Zürich-1""#));
    let loaded = load("auth", &text);
    let finding = &loaded.findings[0];
    assert_eq!(finding.code(), codes::UNSUPPORTED_SID.code);
    assert_eq!(finding.span.offset(), text.find(r#""Zürich"#).unwrap());
    assert_eq!(finding.span.len(), r#""Zürich-1""#.len());
    assert_eq!(loaded.source.snippet(finding.span), r#""Zürich-1""#);
}

/// A clause's key (compared without its span) and its values' text and JSON kind.
type ClauseMeaning = (Spanned<String>, Vec<(String, JsonKind)>);

#[test]
fn layout_does_not_change_what_a_policy_says() {
    let compact = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":["111122223333"]},"Action":["vpc-lattice-svcs:Invoke"],"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#;
    let pretty = "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [\n    {\n      \"Sid\" : \"A\",\n      \"Effect\" : \"Allow\",\n      \"Principal\" : { \"AWS\" : [ \"111122223333\" ] },\n      \"Action\" : [ \"vpc-lattice-svcs:Invoke\" ],\n      \"Resource\" : \"*\",\n      \"Condition\" : {\n        \"StringEquals\" : { \"aws:PrincipalOrgID\" : \"o-a1b2c3d4e5\" }\n      }\n    }\n  ]\n}\n";
    let a = load("auth", compact).policy.unwrap();
    let b = load("auth", pretty).policy.unwrap();
    let (sa, sb) = (&a.statements[0], &b.statements[0]);

    // Whole policies compare equal: model equality leaves out every span.
    assert_ne!(sa.span, sb.span);
    assert_eq!(a, b);

    // `Spanned` values compare equal although their spans differ.
    assert_ne!(sa.effect.span, sb.effect.span);
    assert_eq!(sa.effect, sb.effect);
    assert_eq!(a.version, b.version);
    assert_eq!(sa.sid, sb.sid);
    assert_eq!(sa.action.items, sb.action.items);
    assert_eq!(sa.resource.items, sb.resource.items);
    assert_eq!(sa.action.negated, sb.action.negated);
    let entries = |s: &lattice_policy::model::Statement| match &s.principal.as_ref().unwrap().value
    {
        Principals::Map(entries) => entries
            .iter()
            .map(|e| (e.kind.clone(), e.values.clone()))
            .collect::<Vec<_>>(),
        Principals::Everyone => Vec::new(),
    };
    assert_eq!(entries(sa), entries(sb));
    let blocks = |s: &lattice_policy::model::Statement| {
        s.condition
            .as_ref()
            .unwrap()
            .blocks
            .iter()
            .map(|b| {
                let clauses: Vec<ClauseMeaning> = b
                    .clauses
                    .iter()
                    .map(|c| {
                        (
                            c.key.clone(),
                            c.values.iter().map(|v| (v.text.clone(), v.json)).collect(),
                        )
                    })
                    .collect();
                (b.operator.clone(), clauses)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(blocks(sa), blocks(sb));

    // A different value is not equal, whatever the spans.
    let c = load("auth", &compact.replace("\"Allow\"", "\"Deny\""))
        .policy
        .unwrap();
    assert_ne!(c.statements[0].effect, sa.effect);
    assert_ne!(c, a);
    let d = load("auth", &compact.replace("o-a1b2c3d4e5", "o-other"))
        .policy
        .unwrap();
    assert_ne!(d, a, "a different condition value is a different policy");
}

// ---------------------------------------------------------------------------
// Values known only at deploy time
// ---------------------------------------------------------------------------

/// Each unknown place lowers without error into the model, left out of its
/// element; the file hears of each expression once, as `UNRESOLVED_VALUE`.
#[test]
fn unknown_values_lower_without_errors() {
    use lattice_policy::json::{parse, Value};
    use lattice_policy::lower::lower;
    use lattice_policy::model::UnknownPlace;
    let text = r#"{"Version":"V","Statement":[{"Sid":"S","Effect":"E","Principal":{"AWS":["111122223333","P"]},"Action":"A","Resource":["*","R"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":"O"},"Bool":"B"}},"T"]}"#;
    let mut root = parse(text).root.unwrap();
    fn mark(node: &mut lattice_policy::json::Node<'_>) {
        match &mut node.value {
            Value::String(s) if s.len() == 1 && s.as_ref() != "*" => {
                node.value = Value::Unknown(format!("!Ref {s}").into());
            }
            Value::Array(items) => items.iter_mut().for_each(mark),
            Value::Object(members) => members.iter_mut().for_each(|m| mark(&mut m.value)),
            _ => {}
        }
    }
    mark(&mut root);
    let lowered = lower(&root, PolicyKind::Auth);
    let codes: Vec<&str> = lowered.findings.iter().map(|f| f.code()).collect();
    assert_eq!(codes, ["UNRESOLVED_VALUE"; 8], "{:?}", lowered.findings);
    let policy = lowered.policy;
    assert_eq!(policy.statements.len(), 1);
    let places: Vec<UnknownPlace> = policy.unknowns.iter().map(|u| u.place).collect();
    assert_eq!(
        places,
        [
            UnknownPlace::Version,
            UnknownPlace::Effect,
            UnknownPlace::PrincipalValues(PrincipalKind::Aws),
            UnknownPlace::Action,
            UnknownPlace::Resource,
            UnknownPlace::Values(0, 0),
            UnknownPlace::Block(1),
            UnknownPlace::Statement,
        ]
    );
    let statement = &policy.statements[0];
    assert!(statement.sid.is_none());
    assert!(statement.action.items.is_empty());
    assert_eq!(statement.resource.items.len(), 1);
    assert_eq!(
        policy.version.as_ref().map(|v| v.value),
        Some(Version::V2012_10_17)
    );
    let first = &lowered.findings[0];
    assert_eq!(
        first.message,
        "`!Ref V` is known only at deploy time: `Version` is checked for every value it could take"
    );
}
