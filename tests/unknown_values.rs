//! Values known only at deploy time (`json::Value::Unknown`) through
//! lowering, evaluation, the lint rules and the expectations (decision
//! `unknown-values-bounded`).
//!
//! The trees are built by hand: a policy is parsed from JSON, then each string
//! written `{{EXPR}}` becomes the unknown `EXPR`, as an extractor makes it
//! from a CloudFormation or Terraform file.

use lattice_policy::analysis::Invariant;
use lattice_policy::check::{check_loaded, Baseline, Checker, Expectations};
use lattice_policy::diagnostic::{Finding, Severity};
use lattice_policy::eval::query::parse_query;
use lattice_policy::eval::{BoundedOutcome, BoundedPolicy, Request, Timestamp};
use lattice_policy::json::{self, Node, Value};
use lattice_policy::lint::{lint, LintConfig};
use lattice_policy::load::{LoadOptions, Loaded};
use lattice_policy::lower::lower;
use lattice_policy::model::{Bound, Policy, PolicyKind, UnknownPlace};
use lattice_policy::source::Source;
use std::borrow::Cow;

const NOW: Timestamp = Timestamp::from_millis(1_790_000_000_000);

/// Every string `{{EXPR}}` in the tree becomes the unknown `EXPR`.
fn mark_unknowns(node: &mut Node<'_>) {
    match &mut node.value {
        Value::String(s) => {
            if let Some(inner) = s.strip_prefix("{{").and_then(|r| r.strip_suffix("}}")) {
                node.value = Value::Unknown(Cow::Owned(inner.to_string()));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mark_unknowns),
        Value::Object(members) => members.iter_mut().for_each(|m| mark_unknowns(&mut m.value)),
        _ => {}
    }
}

/// The policy of `text` with its `{{EXPR}}` strings unknown, as loading gives it.
fn load(text: &str) -> Loaded {
    let parsed = json::parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let mut root = parsed.root.expect("a tree");
    mark_unknowns(&mut root);
    let lowered = lower(&root, PolicyKind::Auth);
    Loaded {
        source: Source::new("template.yaml", text),
        policy: Some(lowered.policy),
        findings: lowered.findings,
    }
}

fn policy(text: &str) -> Policy {
    load(text).policy.expect("a policy")
}

fn statements(body: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{body}]}}"#)
}

fn request(query: &str) -> Request {
    Request::resolve(parse_query(query).expect("a query").spec, NOW).expect("a request")
}

fn lint_all(text: &str) -> (Vec<Finding>, Loaded) {
    let loaded = load(text);
    let findings = lint(
        loaded.policy.as_ref().expect("a policy"),
        &loaded.source,
        &LintConfig::default(),
    );
    (findings, loaded)
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.info.code).collect()
}

fn depends_on(outcome: &BoundedOutcome<'_>) -> Vec<String> {
    match outcome {
        BoundedOutcome::Depends(unknowns) => {
            unknowns.iter().map(|u| u.expression.clone()).collect()
        }
        other => panic!("expected an answer that depends on unknowns, got {other:?}"),
    }
}

const ORG_FROM_PARAMETER: &str = r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"{{!Ref pOrgId}}"}}}"#;

#[test]
fn an_unknown_is_recorded_with_its_place_and_is_no_error() {
    let loaded = load(&statements(ORG_FROM_PARAMETER));
    assert!(!loaded.has_errors(), "{:?}", loaded.findings);
    assert!(loaded.evaluable());
    let codes = codes(&loaded.findings);
    assert_eq!(codes, ["UNRESOLVED_VALUE"]);
    let finding = &loaded.findings[0];
    assert_eq!(finding.severity, Severity::Info);
    assert!(
        finding.message.contains("`!Ref pOrgId`"),
        "{}",
        finding.message
    );
    let policy = loaded.policy.expect("a policy");
    assert_eq!(policy.statements.len(), 1);
    assert_eq!(policy.unknowns.len(), 1);
    assert_eq!(policy.unknowns[0].place, UnknownPlace::Values(0, 0));
    assert_eq!(policy.unknowns[0].statement, Some(0));
    // The text the finding points at is the expression's place in the file.
    let text = loaded.source.snippet(policy.unknowns[0].span);
    assert_eq!(text, "\"{{!Ref pOrgId}}\"");
}

#[test]
fn the_same_expression_is_reported_once_with_its_other_places() {
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":["{{${AWS::AccountId}}}","{{${AWS::AccountId}}}"]},"Action":"*","Resource":"{{${AWS::AccountId}}}"}"#,
    );
    let loaded = load(&text);
    let unresolved: Vec<&Finding> = loaded
        .findings
        .iter()
        .filter(|f| f.info.code == "UNRESOLVED_VALUE")
        .collect();
    assert_eq!(unresolved.len(), 1);
    assert_eq!(unresolved[0].related.len(), 2);
}

#[test]
fn eval_says_depends_only_when_the_unknown_decides() {
    let bounded = BoundedPolicy::compile(&policy(&statements(ORG_FROM_PARAMETER)));
    // A signed caller in some organization: allowed if it is the one deployed.
    let outcome = bounded.decide(&request("GET / as 111122223333 org o-a1b2c3d4e5"));
    assert_eq!(depends_on(&outcome), ["!Ref pOrgId"]);
    // An anonymous caller has no organization: denied whatever the value.
    let outcome = bounded.decide(&request("GET / from anonymous"));
    assert_eq!(outcome, BoundedOutcome::Deny);
}

#[test]
fn a_known_allow_stays_known_beside_an_unknown_that_does_not_matter() {
    let text = statements(&format!(
        r#"{{"Effect":"Allow","Principal":{{"AWS":"111122223333"}},"Action":"*","Resource":"*"}},{ORG_FROM_PARAMETER}"#
    ));
    let bounded = BoundedPolicy::compile(&policy(&text));
    assert_eq!(
        bounded.decide(&request("GET / as 111122223333")),
        BoundedOutcome::Allow
    );
    assert_eq!(
        depends_on(&bounded.decide(&request("GET / as 444455556666 org o-a1b2c3d4e5"))),
        ["!Ref pOrgId"]
    );
}

#[test]
fn an_unknown_in_a_deny_makes_an_allow_only_possible() {
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"},
           {"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"vpc-lattice-svcs:SourceVpc":"{{aws_vpc.main.id}}"}}}"#,
    );
    let p = policy(&text);
    let bounded = BoundedPolicy::compile(&p);
    // From some VPC: the deny applies unless it is the one deployed.
    let outcome = bounded.decide(&request("GET / as 111122223333 vpc vpc-1a2b3c4d"));
    assert_eq!(depends_on(&outcome), ["aws_vpc.main.id"]);
    // Another account: no allow, whatever the deny does.
    assert_eq!(
        bounded.decide(&request("GET / as 444455556666 vpc vpc-1a2b3c4d")),
        BoundedOutcome::Deny
    );
    // The restrictive bound lets nothing with a VPC in; the permissive one
    // keeps the allow.
    let restrictive = p.bound(Bound::Restrictive);
    let permissive = p.bound(Bound::Permissive);
    assert_eq!(restrictive.statements.len(), 2);
    assert_eq!(permissive.statements.len(), 2);
}

#[test]
fn an_unknown_effect_is_read_both_ways() {
    let text = statements(
        r#"{"Effect":"{{var.effect}}","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}"#,
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.findings);
    let bounded = BoundedPolicy::compile(loaded.policy.as_ref().expect("a policy"));
    assert_eq!(
        depends_on(&bounded.decide(&request("GET / as 111122223333"))),
        ["var.effect"]
    );
}

#[test]
fn anonymous_access_is_not_ruled_out_by_an_unknown_principal() {
    // `"AWS": !Ref Principal` could be `*`.
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"{{!Ref AllowedPrincipal}}"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}"#,
    );
    let (findings, _) = lint_all(&text);
    let anonymous: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.info.code == "ANONYMOUS_ACCESS")
        .collect();
    assert_eq!(anonymous.len(), 1, "{findings:#?}");
    assert!(
        anonymous[0]
            .message
            .contains("depending on deploy-time values: `!Ref AllowedPrincipal`"),
        "{}",
        anonymous[0].message
    );
    // Some values close it: the rule cannot decide, and says so as an information.
    assert_eq!(anonymous[0].severity, Severity::Info);
    // Nor does any rule claim the statement allows nothing.
    assert!(
        !codes(&findings).contains(&"ALLOWS_NOTHING"),
        "{findings:#?}"
    );
    assert!(!codes(&findings).contains(&"STATEMENT_NEVER_APPLIES"));
}

#[test]
fn anonymous_access_open_for_every_value_is_said_without_condition() {
    // The unknown account adds callers; `*` lets everyone in whatever it is.
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":["*","{{var.account}}"]},"Action":"*","Resource":"*"}"#,
    );
    let (findings, _) = lint_all(&text);
    let anonymous: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.info.code == "ANONYMOUS_ACCESS")
        .collect();
    assert_eq!(anonymous.len(), 1, "{findings:#?}");
    assert!(
        !anonymous[0].message.contains("depending"),
        "{}",
        anonymous[0].message
    );
}

#[test]
fn an_unknown_organization_does_not_open_access_to_anonymous_callers() {
    let (findings, _) = lint_all(&statements(ORG_FROM_PARAMETER));
    assert!(
        !codes(&findings).contains(&"ANONYMOUS_ACCESS"),
        "{findings:#?}"
    );
    // No rule judges the value it cannot see, and the list is not empty.
    assert!(
        codes(&findings).iter().all(|c| !c.starts_with("EMPTY_")),
        "{findings:#?}"
    );
}

#[test]
fn an_unknown_organization_is_no_access_for_any_account() {
    // For every organization the template is deployed with, only callers of
    // that organization pass: no value lets every account in (decision
    // `unknown-ids-fixed`).
    let text = statements(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"{{!Ref OrganizationId}}"}}}"#,
    );
    let (findings, _) = lint_all(&text);
    assert_eq!(codes(&findings), Vec::<&str>::new(), "{findings:#?}");
}

#[test]
fn an_unknown_principal_arn_is_no_certain_access_for_any_account() {
    // A role's ARN from another resource limits the callers to that role,
    // whose account is not known: any account only may pass.
    let text = statements(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"{{!GetAtt CallerRole.Arn}}"}}}"#,
    );
    let (findings, _) = lint_all(&text);
    let any_account: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.info.code == "ANY_ACCOUNT_ACCESS")
        .collect();
    assert_eq!(any_account.len(), 1, "{findings:#?}");
    for f in any_account {
        assert_eq!(f.severity, Severity::Info, "{f:#?}");
        // The condition does limit the caller, to a value not known yet:
        // the message may not say that nothing limits it.
        assert_eq!(
            f.message,
            "signed callers of any AWS account may pass this statement: whether anything limits their account or organization depends on deploy-time values: `!GetAtt CallerRole.Arn`"
        );
    }
}

#[test]
fn an_unknown_principal_type_is_no_certain_anonymous_access() {
    // `AWSAccount` keeps anonymous callers out: the claim holds for some values only.
    let text = statements(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"{{!Ref CallerType}}"}}}"#,
    );
    let (findings, _) = lint_all(&text);
    for f in findings
        .iter()
        .filter(|f| f.info.code == "ANONYMOUS_ACCESS")
    {
        assert!(
            f.severity == Severity::Info && f.message.contains("depending"),
            "a certain claim a principal type makes false: {f:#?}"
        );
    }
}

#[test]
fn a_list_of_unknowns_is_not_an_empty_list() {
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"{{var.accounts}}"},"Action":"vpc-lattice-svcs:Invoke","Resource":"{{aws_vpclattice_service.this.arn}}","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":["{{var.vpc}}"]}}}"#,
    );
    let (findings, loaded) = lint_all(&text);
    assert!(!loaded.has_errors());
    for finding in &findings {
        assert!(
            !finding.info.code.starts_with("EMPTY_")
                && finding.info.code != "STATEMENT_NEVER_APPLIES"
                && finding.info.code != "ALLOWS_NOTHING",
            "{findings:#?}"
        );
    }
}

#[test]
fn a_deny_that_some_values_make_narrow_is_not_said_to_never_apply() {
    // The deny's condition value is unknown: its narrowest reading applies
    // to nothing, but the deployed value may make it apply.
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"},
           {"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":"{{var.blocked_vpc}}"}}}"#,
    );
    let (findings, _) = lint_all(&text);
    assert!(
        !codes(&findings).contains(&"STATEMENT_NEVER_APPLIES"),
        "{findings:#?}"
    );
}

#[test]
fn an_allow_that_never_applies_for_any_value_is_still_said() {
    // Whatever the account, an `aws:PrincipalType` of `Nobody` never holds.
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"{{var.account}}"},"Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Nobody"}}}"#,
    );
    let (findings, _) = lint_all(&text);
    let all = codes(&findings);
    assert!(
        all.contains(&"STATEMENT_NEVER_APPLIES") || all.contains(&"ALLOWS_NOTHING"),
        "{findings:#?}"
    );
}

fn check_never(text: &str, invariant: &str) -> Vec<Finding> {
    let expectations = Expectations {
        never: vec![Invariant::parse(invariant).expect("an invariant")],
        ..Expectations::default()
    };
    let config = LintConfig::default();
    let checker = Checker {
        load: LoadOptions::default(),
        lint: &config,
        expectations: &expectations,
    };
    let report = check_loaded(load(text), &checker);
    report
        .findings()
        .into_iter()
        .filter(|f| f.info.code == "INVARIANT_VIOLATED")
        .cloned()
        .collect()
}

#[test]
fn never_fails_when_some_deployed_value_breaks_it_and_says_which() {
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"{{!Ref AllowedPrincipal}}"},"Action":"*","Resource":"*"}"#,
    );
    let violated = check_never(&text, "GET /* from anonymous");
    assert_eq!(violated.len(), 1, "{violated:#?}");
    assert!(
        violated[0]
            .message
            .contains("depending on deploy-time values: `!Ref AllowedPrincipal`"),
        "{}",
        violated[0].message
    );
}

#[test]
fn never_holds_when_it_holds_for_every_value() {
    // Whatever the organization, an anonymous caller has none.
    let violated = check_never(&statements(ORG_FROM_PARAMETER), "GET /* from anonymous");
    assert!(violated.is_empty(), "{violated:#?}");
}

#[test]
fn never_fails_without_condition_when_every_value_breaks_it() {
    let text = statements(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"{{var.team}}"}}},
           {"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#,
    );
    let violated = check_never(&text, "GET /* from anonymous");
    assert_eq!(violated.len(), 1, "{violated:#?}");
    assert!(
        !violated[0].message.contains("depending"),
        "{}",
        violated[0].message
    );
}

#[test]
fn whole_elements_and_statements_may_be_unknown() {
    let text = statements(
        r#"{"Effect":"Allow","Principal":"{{!Ref Principal}}","Action":"*","Resource":"*","Condition":"{{!If [IsProd, {...}, !Ref AWS::NoValue]}}"},
           "{{!If [ExtraStatement, {...}, !Ref AWS::NoValue]}}",
           {"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":"{{!Ref Conditions}}"}}"#,
    );
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.findings);
    let p = loaded.policy.as_ref().expect("a policy");
    let places: Vec<UnknownPlace> = p.unknowns.iter().map(|u| u.place).collect();
    assert_eq!(
        places,
        [
            UnknownPlace::Principal,
            UnknownPlace::Condition,
            UnknownPlace::Statement,
            UnknownPlace::Block(0)
        ]
    );
    // The permissive bound: the allow for everyone, the unknown statement an
    // allow of everything, the deny gone. The restrictive: the allow gone,
    // the unknown statement a deny of everything, the deny unconditional.
    let permissive = p.bound(Bound::Permissive);
    let restrictive = p.bound(Bound::Restrictive);
    assert_eq!(permissive.statements.len(), 2);
    assert_eq!(restrictive.statements.len(), 2);
    let bounded = BoundedPolicy::compile(p);
    let outcome = bounded.decide(&request("GET / from anonymous"));
    let deciding = depends_on(&outcome);
    assert!(
        deciding.contains(&"!Ref Principal".to_string()),
        "{deciding:?}"
    );
    // Lint and the check run on it without a panic, and say nothing certain
    // about anonymous access being impossible.
    let (findings, _) = lint_all(&text);
    assert!(
        codes(&findings).contains(&"ANONYMOUS_ACCESS"),
        "{findings:#?}"
    );
}

#[test]
fn a_policy_without_unknowns_has_borrowed_bounds() {
    let p = policy(&statements(
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#,
    ));
    assert!(!p.has_unknowns());
    assert!(matches!(p.bound(Bound::Permissive), Cow::Borrowed(_)));
    assert!(matches!(p.bound(Bound::Restrictive), Cow::Borrowed(_)));
}

#[test]
fn a_statement_covered_by_one_with_unknowns_is_undecided() {
    // At its widest the first statement names everyone and covers the
    // second; the deployed account may be another one.
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"{{var.admin_account}}"},"Action":"*","Resource":"*"},
           {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:PrincipalTag/team":"payments"}}}"#,
    );
    let (findings, _) = lint_all(&text);
    let all = codes(&findings);
    assert!(
        !all.contains(&"STATEMENT_COVERED_BY_ANOTHER"),
        "{findings:#?}"
    );
    let undecided: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.info.code == "UNRESOLVED_VALUE")
        .collect();
    assert!(
        undecided.iter().any(|f| f.message
            == "STATEMENT_COVERED_BY_ANOTHER cannot decide here: it depends on `var.admin_account`, known only at deploy time"),
        "{undecided:#?}"
    );
    assert!(undecided.iter().all(|f| f.severity == Severity::Info));
}

#[test]
fn an_allow_never_applying_for_any_value_names_the_key_lattice_never_sends() {
    // `aws:SourceVpc` is not a key Lattice sends: whatever VPC is deployed,
    // the statement never applies, and saying so is right.
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"{{aws_vpc.main.id}}"}}}"#,
    );
    let (findings, _) = lint_all(&text);
    assert!(
        codes(&findings).contains(&"ALLOWS_NOTHING"),
        "{findings:#?}"
    );
}

fn new_access(old: &str, new: &str) -> Vec<Finding> {
    let expectations = Expectations {
        baseline: Some(Baseline {
            name: "old.yaml".into(),
            policy: policy(old),
        }),
        ..Expectations::default()
    };
    let config = LintConfig::default();
    let checker = Checker {
        load: LoadOptions::default(),
        lint: &config,
        expectations: &expectations,
    };
    check_loaded(load(new), &checker)
        .findings()
        .into_iter()
        .filter(|f| f.info.code == "NEW_ACCESS")
        .cloned()
        .collect()
}

const ACCOUNT_ONLY: &str =
    r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}"#;

#[test]
fn new_access_that_an_unknown_may_add_is_reported_as_depending_on_it() {
    let new = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":["111122223333","{{var.partner_account}}"]},"Action":"*","Resource":"*"}"#,
    );
    let found = new_access(&statements(ACCOUNT_ONLY), &new);
    assert!(!found.is_empty());
    for finding in &found {
        assert!(
            finding
                .message
                .ends_with("depending on deploy-time values: `var.partner_account`"),
            "{}",
            finding.message
        );
    }
}

#[test]
fn access_the_baseline_may_already_have_given_is_new_only_depending_on_it() {
    let old = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"{{var.account}}"},"Action":"*","Resource":"*"}"#,
    );
    let found = new_access(&old, &statements(ACCOUNT_ONLY));
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|f| f
            .message
            .ends_with("depending on deploy-time values: `var.account`")),
        "{found:#?}"
    );
    // Nothing new when neither side has unknowns and nothing changed.
    assert!(new_access(&statements(ACCOUNT_ONLY), &statements(ACCOUNT_ONLY)).is_empty());
}

const OWN_ACCOUNT: &str = r#"{"Effect":"Allow","Principal":{"AWS":"{{!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root}}"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}"#;

#[test]
fn a_principal_arn_around_the_account_lets_in_one_account_never_anonymous() {
    let text = statements(OWN_ACCOUNT);
    let (findings, _) = lint_all(&text);
    let all = codes(&findings);
    assert!(!all.contains(&"ANONYMOUS_ACCESS"), "{findings:#?}");
    assert!(!all.contains(&"ANY_ACCOUNT_ACCESS"), "{findings:#?}");
    assert!(!all.contains(&"ALLOWS_NOTHING"), "{findings:#?}");
    assert!(!all.contains(&"STATEMENT_NEVER_APPLIES"), "{findings:#?}");
    let bounded = BoundedPolicy::compile(&policy(&text));
    assert_eq!(
        depends_on(&bounded.decide(&request("GET / as 111122223333"))),
        ["!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root"]
    );
    assert_eq!(
        bounded.decide(&request("GET / from anonymous")),
        BoundedOutcome::Deny
    );
    assert!(check_never(&text, "GET /* from anonymous").is_empty());
    // Any signed caller may be the deployed account's: not provable.
    assert_eq!(check_never(&text, "GET /* as any-account").len(), 1);
}

#[test]
fn a_bare_reference_as_principal_may_still_be_everyone() {
    // `!Ref Principal` may be `*`: anonymous access stays possible.
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"AWS":"{{!Ref Principal}}"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}"#,
    );
    let (findings, _) = lint_all(&text);
    assert!(
        codes(&findings).contains(&"ANONYMOUS_ACCESS"),
        "{findings:#?}"
    );
    assert_eq!(check_never(&text, "GET /* from anonymous").len(), 1);
}

#[test]
fn anonymous_access_open_for_every_vpc_is_certain() {
    // Whatever VPC is deployed, unsigned callers from it get in.
    let text = statements(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":"{{!Ref VpcId}}"}}}"#,
    );
    let (findings, _) = lint_all(&text);
    let anonymous: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.info.code == "ANONYMOUS_ACCESS")
        .collect();
    assert_eq!(anonymous.len(), 1, "{findings:#?}");
    assert!(
        !anonymous[0].message.contains("depending"),
        "{}",
        anonymous[0].message
    );
    assert!(anonymous[0].severity > Severity::Info);
    // Unless the VPC is known, which request gets in depends on it.
    let bounded = BoundedPolicy::compile(&policy(&text));
    assert_eq!(
        depends_on(&bounded.decide(&request("GET / from anonymous vpc vpc-1a2b3c4d"))),
        ["!Ref VpcId"]
    );
}

#[test]
fn a_statement_naming_a_known_service_and_an_unknown_account_is_not_said_to_never_apply() {
    // The service principal names no Lattice caller; the account may.
    let text = statements(
        r#"{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com","AWS":"{{!Sub arn:aws:iam::${AWS::AccountId}:root}}"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}"#,
    );
    let (findings, _) = lint_all(&text);
    let all = codes(&findings);
    assert!(!all.contains(&"STATEMENT_NEVER_APPLIES"), "{findings:#?}");
    assert!(!all.contains(&"ALLOWS_NOTHING"), "{findings:#?}");
    assert!(!all.contains(&"ANONYMOUS_ACCESS"), "{findings:#?}");
}
