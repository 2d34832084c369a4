//! The analysis over all requests: answers, witnesses, statement fates, diff.

use lattice_policy::analysis::{Analysis, Answer, Layers, Setups, StatementFate};
use lattice_policy::eval::Timestamp;
use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::Policy;

const NOW: Timestamp = Timestamp::from_millis(1_790_000_000_000);

fn policy(text: &str) -> Policy {
    let loaded = load_str("policy.json", text, LoadOptions::default());
    loaded.policy.expect("a policy")
}

fn statement(body: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{body}]}}"#)
}

fn anonymous(text: &str) -> Answer {
    let p = policy(text);
    {
        let (analysis, setup) = Analysis::of(Layers::service(&p), NOW);
        analysis.anonymous_allowed(setup)
    }
}

fn foreign(text: &str) -> Answer {
    let p = policy(text);
    {
        let (analysis, setup) = Analysis::of(Layers::service(&p), NOW);
        analysis.foreign_allowed(setup)
    }
}

fn found(answer: Answer) -> String {
    match answer {
        Answer::Found(w) => w.query.clone(),
        other => panic!("expected a witness, got {other:?}"),
    }
}

const MODEL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous","vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#;

#[test]
fn model_policy_admits_no_anonymous_caller_but_foreign_signed_posts() {
    assert_eq!(anonymous(MODEL), Answer::NoRequest);
    let w = found(foreign(MODEL));
    assert!(!w.starts_with("GET"), "{w}");
    assert!(w.contains(" as "), "{w}");
}

#[test]
fn case_sensitive_anonymous_check_lets_anonymous_callers_in() {
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"anonymous"}}}"#,
    );
    let w = found(anonymous(&text));
    assert!(w.contains("from anonymous") || !w.contains(" as "), "{w}");
}

#[test]
fn source_vpc_condition_does_not_shut_anonymous_callers_out() {
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d"}}}"#,
    );
    let w = found(anonymous(&text));
    assert!(w.contains("vpc vpc-1a2b3c4d"), "{w}");
}

#[test]
fn org_condition_keeps_foreign_and_anonymous_callers_out() {
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-123456example"}}}"#,
    );
    assert_eq!(anonymous(&text), Answer::NoRequest);
    assert_eq!(foreign(&text), Answer::NoRequest);
}

#[test]
fn a_deny_on_one_path_leaves_other_paths_open() {
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},
           {"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/admin/*"}"#,
    );
    let w = found(anonymous(&text));
    assert!(!w.contains("/admin/"), "{w}");
}

#[test]
fn statement_fates() {
    let text = statement(
        r#"{"Sid":"A","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},
           {"Sid":"B","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}},
           {"Sid":"C","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}},
           {"Sid":"D","Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericLessThan":{"vpc-lattice-svcs:Port":"0"}}}"#,
    );
    let p = policy(&text);
    let fates = {
        let (analysis, setup) = Analysis::of(Layers::service(&p), NOW);
        analysis.statement_fates(setup)
    };
    assert_eq!(
        fates,
        vec![
            StatementFate::Live,
            StatementFate::RedundantWith(0),
            StatementFate::NeverApplies,
            StatementFate::NeverApplies,
        ]
    );
}

#[test]
fn diff_finds_new_access_with_a_witness() {
    let old = policy(MODEL);
    let new = policy(&statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}"#,
    ));
    let mut setups = Setups::new();
    let (old, new) = (
        setups.add(Layers::service(&old)),
        setups.add(Layers::service(&new)),
    );
    let analysis = Analysis::new(setups, NOW);
    let diff = analysis.diff(old, new, 20);
    assert!(diff.lost.is_empty(), "{:?}", diff.lost);
    assert!(!diff.gained.is_empty());
    for change in &diff.gained {
        assert!(change.witness.query.starts_with("GET"), "{change:?}");
    }
    let back = analysis.diff(new, old, 20);
    assert!(back.gained.is_empty());
    assert_eq!(back.lost.len(), diff.gained.len());
}

fn never(policy_text: &str, invariant: &str) -> Answer {
    let p = policy(policy_text);
    let inv = lattice_policy::analysis::Invariant::parse(invariant).expect("an invariant");
    let mut setups = Setups::new();
    let checked = setups.add(Layers::service(&p));
    let forbidden = setups.add(Layers::service(&inv.policy));
    Analysis::new(setups, NOW).allowed_by_both(checked, forbidden)
}

#[test]
fn invariants_hold_or_show_a_counterexample() {
    assert_eq!(never(MODEL, "GET /* from anonymous"), Answer::NoRequest);
    assert_eq!(never(MODEL, "* /* from anonymous"), Answer::NoRequest);
    assert_eq!(
        never(MODEL, "GET /admin/* as any-account"),
        Answer::NoRequest
    );
    let w = found(never(MODEL, "DELETE /admin/* as any-account"));
    assert!(w.starts_with("DELETE /admin/"), "{w}");
    let w = found(never(MODEL, "* /admin/* as anyone"));
    assert!(w.contains("/admin/") && w.contains(" as "), "{w}");
}

#[test]
fn invariant_patterns_split_the_space_exactly() {
    // Everything is allowed except anonymous requests under /admin/: the
    // invariant's own pattern (`/admin*`) must be part of the split to find
    // `/admin` (no slash), which the policy's pattern does not cover.
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},
           {"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestPath":"/admin/*"},"StringEquals":{"aws:PrincipalType":"Anonymous"}}}"#,
    );
    assert_eq!(never(&text, "* /admin/* from anonymous"), Answer::NoRequest);
    let w = found(never(&text, "* /admin* from anonymous"));
    assert!(!w.contains("/admin/"), "{w}");
    let w = found(never(
        &text,
        "GET /admin/x header x-env=prod as 111122223333",
    ));
    assert!(w.contains("header x-env=prod"), "{w}");
}

#[test]
fn invalid_invariants_are_refused_with_a_reason() {
    let err = lattice_policy::analysis::Invariant::parse("GET /x as nobody-at-all").unwrap_err();
    assert!(err.contains("invalid invariant"), "{err}");
    assert!(
        lattice_policy::analysis::Invariant::parse("GET /x time 2026-01-01T00:00:00Z").is_err()
    );
}

// Regressions found by the differential property test (tests/analysis_properties.rs).

fn fates(text: &str) -> Vec<StatementFate> {
    let p = policy(text);
    {
        let (analysis, setup) = Analysis::of(Layers::service(&p), NOW);
        analysis.statement_fates(setup)
    }
}

#[test]
fn an_organization_id_outside_its_domain_matches_no_request() {
    // Organization ids are `o-` and 10 to 32 lower-case letters and digits;
    // requests carry no other (eval refuses `org o-ABC`), so a statement
    // that needs `o-ABC` never applies, as IMPOSSIBLE_CONDITION_VALUE says.
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-ABC"}}}"#,
    );
    assert_eq!(fates(&text), vec![StatementFate::NeverApplies]);
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalOrgID":"o-ABC0000000"}}}"#,
    );
    let w = found(foreign(&text));
    assert!(w.contains(" org o-abc0000000"), "{w}");
}

#[test]
fn an_organization_that_only_shares_a_prefix_with_a_named_one_is_foreign() {
    // `o-a*` names `o-a`; the class of organizations matching `o-a*` was
    // represented by `o-a` alone, so no caller of it counted as foreign.
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalOrgID":"o-a*"}}}"#,
    );
    let w = found(foreign(&text));
    assert!(w.contains(" org o-a") && !w.contains(" org o-a "), "{w}");
}

#[test]
fn set_operators_in_different_statements_combine_values() {
    // Allowed: some value of `a` is `1` and another is not. Sets of values
    // were as large as one statement's set clauses (one), so no request was
    // found and the Allow was called overridden.
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"vpc-lattice-svcs:RequestQueryString/a":"1"}}},
           {"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"vpc-lattice-svcs:RequestQueryString/a":"1"}}}"#,
    );
    let w = found(anonymous(&text));
    assert!(w.contains("query a=1"), "{w}");
    assert_eq!(w.matches("query a=").count(), 2, "{w}");
    assert_eq!(fates(&text), vec![StatementFate::Live, StatementFate::Live]);
}

#[test]
fn organization_paths_start_with_their_organization() {
    // Paths were drawn apart from the organization, so candidate callers did
    // not resolve and every answer was unknown.
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/*"}}}"#,
    );
    assert_eq!(anonymous(&text), Answer::NoRequest);
    // Only callers of o-a1b2c3d4e5 can have such a path (an organization id
    // holds no `/`), and it is named: no foreign caller gets in, but some
    // caller does.
    assert_eq!(foreign(&text), Answer::NoRequest);
    assert_eq!(fates(&text), vec![StatementFate::Live]);
}

#[test]
fn a_method_or_path_no_request_can_have_is_no_class() {
    // `TLS` cannot be a method and a path cannot hold a space: the split
    // used them as witnesses, which did not resolve, and every answer was
    // unknown.
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"TLS"}}},
           {"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestPath":"/a b"}}}"#,
    );
    assert_eq!(anonymous(&text), Answer::NoRequest);
    assert_eq!(
        fates(&text),
        vec![StatementFate::NeverApplies, StatementFate::NeverApplies]
    );
}

/// `n` distinct principal tag keys in one `StringEquals` block.
fn tag_keys(n: usize, last: &str) -> String {
    let keys: Vec<String> = (0..n)
        .map(|i| {
            let value = if i + 1 == n { last } else { "v" };
            format!(r#""aws:PrincipalTag/k{i}":"{value}""#)
        })
        .collect();
    statement(&format!(
        r#"{{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{{"StringEquals":{{{}}}}}}}"#,
        keys.join(",")
    ))
}

#[test]
fn each_principal_tag_is_a_field_of_its_own() {
    // 14 tag keys took 4 GiB when the caller field enumerated every
    // combination of tags; as fields of their own they cost what 14 fields
    // do. A budget far below the old cost shows they are analysed exactly.
    let budget: lattice_policy::analysis::Budget = "2s,16M".parse().unwrap();
    let (new, old) = (policy(&tag_keys(14, "v")), policy(&tag_keys(14, "w")));
    let mut setups = Setups::new();
    let (a, b) = (
        setups.add(Layers::service(&old)),
        setups.add(Layers::service(&new)),
    );
    let analysis = Analysis::with_budget(setups, NOW, budget);
    // An anonymous caller has no tags: exactly no request.
    assert_eq!(analysis.anonymous_allowed(b), Answer::NoRequest);
    let w = found(analysis.foreign_allowed(b));
    assert!(w.contains("tag k0=v") && w.contains("tag k13=v"), "{w}");
    let diff = analysis.diff(a, b, 10);
    assert!(diff.inexact.is_empty(), "{:?}", diff.inexact);
    assert_eq!((diff.gained.len(), diff.lost.len()), (1, 1), "{diff:?}");
    assert!(diff.gained[0].witness.query.contains("tag k13=v"));
    assert!(diff.lost[0].witness.query.contains("tag k13=w"));
}

#[test]
fn an_anonymous_caller_lacks_every_tag() {
    // Denied unless tagged: an anonymous caller, who has no tags, never
    // gets in, though the tag field alone would let a tagged one through.
    let text = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalType":"Anonymous"}}},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Null":{"aws:PrincipalTag/team":"true"}}}"#,
    );
    assert_eq!(anonymous(&text), Answer::NoRequest);
    let p = policy(&text);
    let (analysis, setup) = Analysis::of(Layers::service(&p), NOW);
    assert_eq!(
        analysis.statement_fates(setup).first(),
        Some(&StatementFate::Overridden)
    );
    // And a clause on a tag applies to no anonymous caller.
    let tagged = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalType":"Anonymous"},"StringEquals":{"aws:PrincipalTag/team":"ops"}}}"#,
    );
    let p = policy(&tagged);
    let (analysis, setup) = Analysis::of(Layers::service(&p), NOW);
    assert_eq!(
        analysis.statement_fates(setup).first(),
        Some(&StatementFate::NeverApplies)
    );
}

#[test]
fn hundreds_of_patterns_in_one_clause_are_searched_as_one() {
    // 600 patterns of three `*` on one header: each pattern a coordinate of
    // the header's classes ran out of any budget; as one union the clause
    // splits the header in two (matches, or not), exactly.
    let patterns: Vec<String> = (0..600).map(|i| format!(r#""*a{i}*b{i}*c*""#)).collect();
    let clause = format!(
        r#""StringLike":{{"vpc-lattice-svcs:RequestHeader/x":[{}]}}"#,
        patterns.join(",")
    );
    let allow = statement(&format!(
        r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{{{clause}}}}}"#
    ));
    let deny_too = statement(&format!(
        r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}},{{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{{"StringNotLike":{{"vpc-lattice-svcs:RequestHeader/x":[{}]}}}}}}"#,
        patterns.join(",")
    ));
    let budget: lattice_policy::analysis::Budget = "2s,32M".parse().unwrap();
    let (a, b) = (policy(&allow), policy(&deny_too));
    let mut setups = Setups::new();
    let (old, new) = (
        setups.add(Layers::service(&a)),
        setups.add(Layers::service(&b)),
    );
    let analysis = Analysis::with_budget(setups, NOW, budget);
    let w = found(analysis.anonymous_allowed(old));
    assert!(w.contains("header x="), "{w}");
    // The two policies allow the same requests (Allow all but those the
    // clause fails is Allow where it holds): exactly no change.
    let diff = analysis.diff(old, new, 10);
    assert!(diff.inexact.is_empty(), "{:?}", diff.inexact);
    assert!(diff.gained.is_empty() && diff.lost.is_empty(), "{diff:?}");
}

#[test]
fn a_caller_lacking_a_tag_is_one_whose_tag_field_is_absent() {
    use lattice_policy::analysis::{Callers, Question};
    let ask = |text: &str| {
        let p = policy(text);
        let (analysis, setup) = Analysis::of(Layers::service(&p), NOW);
        analysis.ask(
            setup,
            &Question::new(Callers::Foreign).lacking("aws:PrincipalTag/team"),
        )
    };
    let if_exists = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}}"#,
    );
    assert!(!found(ask(&if_exists)).contains("tag team"));
    let tagged = statement(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}}"#,
    );
    assert_eq!(ask(&tagged), Answer::NoRequest);
}
