//! How the service network policy, the service policy and the caller's
//! identity policies combine: the truth table of docs/semantics.md#layers-and-auth-types.

use lattice_policy::eval::query::parse_query;
use lattice_policy::eval::request::Request;
use lattice_policy::eval::{
    AuthLayer, AuthType, Authorizer, CompiledPolicy, Decision, LayerName, Reason, Timestamp,
};
use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::PolicyKind;

/// 2026-11-22T10:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_795_341_600_000);

fn compile(text: &str, kind: PolicyKind) -> CompiledPolicy {
    let loaded = load_str(
        "test.json",
        text,
        LoadOptions {
            kind,
            ..LoadOptions::default()
        },
    );
    assert!(!loaded.has_errors(), "{:?}", loaded.findings);
    CompiledPolicy::compile(&loaded.policy.unwrap())
}

fn auth(effect: &str) -> CompiledPolicy {
    compile(
        &format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}}]}}"#
        ),
        PolicyKind::Auth,
    )
}

/// An auth policy none of whose statements applies to the test requests.
fn auth_nothing() -> CompiledPolicy {
    compile(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        PolicyKind::Auth,
    )
}

fn identity(effect: &str, action: &str) -> CompiledPolicy {
    compile(
        &format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Action":"{action}","Resource":"*"}}]}}"#
        ),
        PolicyKind::Identity,
    )
}

fn request(query: &str) -> Request {
    Request::resolve(parse_query(query).unwrap().spec, NOW).unwrap()
}

fn layer(auth_type: AuthType, policy: Option<CompiledPolicy>) -> AuthLayer {
    AuthLayer { auth_type, policy }
}

const SIGNED: &str = "GET /rates as arn:aws:iam::111122223333:role/ops";
const ANONYMOUS: &str = "GET /rates from anonymous";

/// Decides with both the fast path and the explanation, which must agree.
fn decide(authorizer: &Authorizer, query: &str) -> (Decision, Reason, Option<LayerName>) {
    let request = request(query);
    let fast = authorizer.decide(&request);
    let explained = authorizer.explain(&request);
    assert_eq!(
        fast, explained.verdict,
        "decide() and explain() disagree on {query}"
    );
    (fast.decision, fast.reason, fast.layer)
}

macro_rules! row {
    ($name:ident: network $sn:expr, service $svc:expr, identity $id:expr, $query:expr => $decision:ident $reason:ident $layer:expr) => {
        #[test]
        fn $name() {
            let authorizer = Authorizer {
                network: $sn,
                service: $svc,
                identity: $id,
            };
            assert_eq!(
                decide(&authorizer, $query),
                (Decision::$decision, Reason::$reason, $layer)
            );
        }
    };
}

use AuthType::{AwsIam, None as NoAuth};

row!(sn_none_service_allow_identity_allow: network Some(layer(NoAuth, Some(auth("Deny")))), service layer(AwsIam, Some(auth("Allow"))), identity Some(vec![identity("Allow", "vpc-lattice-svcs:Invoke")]), SIGNED => Allow Allowed None);
row!(sn_none_service_allow_identity_implicit: network Some(layer(NoAuth, None)), service layer(AwsIam, Some(auth("Allow"))), identity Some(vec![identity("Allow", "s3:GetObject")]), SIGNED => Deny ImplicitDeny Some(LayerName::Identity));
row!(sn_iam_without_policy_denies_all: network Some(layer(AwsIam, None)), service layer(AwsIam, Some(auth("Allow"))), identity Some(vec![identity("Allow", "vpc-lattice-svcs:*")]), SIGNED => Deny ImplicitDeny Some(LayerName::ServiceNetwork));
row!(sn_allow_service_implicit: network Some(layer(AwsIam, Some(auth("Allow")))), service layer(AwsIam, Some(auth_nothing())), identity Some(vec![identity("Allow", "*")]), SIGNED => Deny ImplicitDeny Some(LayerName::Service));
row!(every_layer_allows: network Some(layer(AwsIam, Some(auth("Allow")))), service layer(AwsIam, Some(auth("Allow"))), identity Some(vec![identity("Allow", "vpc-lattice-svcs:Invoke")]), SIGNED => Allow Allowed None);
row!(sn_explicit_deny_wins: network Some(layer(AwsIam, Some(auth("Deny")))), service layer(AwsIam, Some(auth("Allow"))), identity Some(vec![identity("Allow", "*")]), SIGNED => Deny ExplicitDeny Some(LayerName::ServiceNetwork));
row!(identity_explicit_deny_wins: network Some(layer(AwsIam, Some(auth("Allow")))), service layer(AwsIam, Some(auth("Allow"))), identity Some(vec![identity("Allow", "*"), identity("Deny", "vpc-lattice-svcs:Invoke")]), SIGNED => Deny ExplicitDeny Some(LayerName::Identity));
row!(anonymous_callers_have_no_identity_layer: network Some(layer(AwsIam, Some(auth("Allow")))), service layer(AwsIam, Some(auth("Allow"))), identity Some(vec![identity("Deny", "*")]), ANONYMOUS => Allow Allowed None);
row!(both_auth_types_none_allow_unevaluated: network Some(layer(NoAuth, Some(auth("Deny")))), service layer(NoAuth, Some(auth("Deny"))), identity Some(vec![identity("Deny", "*")]), SIGNED => Allow NoAuth None);
row!(service_none_network_allows: network Some(layer(AwsIam, Some(auth("Allow")))), service layer(NoAuth, None), identity None, SIGNED => Allow Allowed None);
row!(service_iam_without_policy_denies_all: network None, service layer(AwsIam, None), identity None, ANONYMOUS => Deny ImplicitDeny Some(LayerName::Service));
row!(service_explicit_deny_beats_network_implicit: network Some(layer(AwsIam, Some(auth_nothing()))), service layer(AwsIam, Some(auth("Deny"))), identity None, SIGNED => Deny ExplicitDeny Some(LayerName::Service));
row!(network_implicit_reported_before_service: network Some(layer(AwsIam, Some(auth_nothing()))), service layer(AwsIam, Some(auth_nothing())), identity None, SIGNED => Deny ImplicitDeny Some(LayerName::ServiceNetwork));
row!(identity_assumed_when_not_given: network None, service layer(AwsIam, Some(auth("Allow"))), identity None, SIGNED => Allow Allowed None);

#[test]
fn assumed_identity_and_no_auth_are_named_as_decisions() {
    let signed = request(SIGNED);
    let assumed = Authorizer {
        network: None,
        service: layer(AwsIam, Some(auth("Allow"))),
        identity: None,
    };
    assert!(assumed
        .explain(&signed)
        .decisions
        .contains(&"identity-layer-assumed"));
    let given = Authorizer {
        identity: Some(vec![identity("Allow", "*")]),
        ..assumed.clone()
    };
    assert!(!given
        .explain(&signed)
        .decisions
        .contains(&"identity-layer-assumed"));
    let anonymous = assumed.explain(&request(ANONYMOUS));
    assert!(
        !anonymous.decisions.contains(&"identity-layer-assumed"),
        "anonymous callers have no identity layer to assume"
    );
    let none = Authorizer {
        network: None,
        service: layer(NoAuth, None),
        identity: None,
    };
    assert_eq!(
        none.explain(&signed).decisions,
        vec!["auth-type-none-allows"]
    );
}

#[test]
fn deciding_statements_follow_the_verdict() {
    let authorizer = Authorizer {
        network: Some(layer(AwsIam, Some(auth("Allow")))),
        service: layer(AwsIam, Some(auth("Deny"))),
        identity: None,
    };
    let explanation = authorizer.explain(&request(SIGNED));
    let deciding = explanation.deciding_statements();
    assert_eq!(deciding.len(), 1);
    assert_eq!(deciding[0].0, LayerName::Service);
    let allowing = Authorizer {
        service: layer(AwsIam, Some(auth("Allow"))),
        ..authorizer
    };
    let explanation = allowing.explain(&request(SIGNED));
    let layers: Vec<LayerName> = explanation
        .deciding_statements()
        .iter()
        .map(|d| d.0)
        .collect();
    assert_eq!(layers, [LayerName::ServiceNetwork, LayerName::Service]);
}

/// Every time a request accepts is one `Date*` conditions can read: the
/// request's `aws:CurrentTime` is written in UTC, so a lower-case `t`, an
/// offset or a leap second in the request's time does not leave the
/// condition unable to compare it.
#[test]
fn request_times_in_any_rfc3339_form_meet_date_conditions() {
    let before_2025 = compile(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2025-01-01"}}}]}"#,
        PolicyKind::Auth,
    );
    let authorizer = Authorizer {
        network: None,
        service: layer(AwsIam, Some(before_2025)),
        identity: None,
    };
    for time in [
        "2024-05-01T12:00:00Z",
        "2024-05-01t12:00:00z",
        "2024-05-01T14:00:00.5+02:00",
        "2016-12-31T23:59:60Z",
        "0000-01-01T00:00:00Z",
        "0000-01-01T01:00:00+01:00",
    ] {
        let query = format!("GET / from anonymous time {time}");
        assert_eq!(decide(&authorizer, &query).0, Decision::Allow, "{query}");
    }
    for later in ["2025-01-01t00:00:00z", "9999-12-31T23:59:59.999Z"] {
        let query = format!("GET / from anonymous time {later}");
        assert_eq!(decide(&authorizer, &query).0, Decision::Deny, "{query}");
    }
}
