//! Properties of the evaluator over random small policies and requests:
//! the decision never depends on statement order, the explanation agrees with
//! the fast path, and the statements an explanation calls deciding really
//! decide (removing them changes the answer).

use lattice_policy::eval::query::parse_query;
use lattice_policy::eval::request::Request;
use lattice_policy::eval::{AuthLayer, AuthType, Authorizer, CompiledPolicy, Timestamp, Verdict};

/// 2026-11-22T10:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_795_341_600_000);
use lattice_policy::load::{load_str, LoadOptions};

use crate::rng::Rng;

const STATEMENTS: &[&str] = &[
    r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous","vpc-lattice-svcs:RequestMethod":"GET"}}}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}"#,
    r#"{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"DELETE"}}}"#,
    r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/*"}"#,
    r#"{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*/admin*"}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestPath":"/public/*"}}}"#,
    r#"{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/blocked"},"Action":"*","Resource":"*"}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"vpc-lattice-svcs:RequestQueryString/a":["1","2"]}}}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}"#,
    r#"{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"vpc-lattice-svcs:SourceVpc":"vpc-0123456789abcdef0"}}}"#,
    r#"{"Effect":"Allow","Principal":"*","NotAction":"vpc-lattice-svcs:Connect","NotResource":"*/secret*"}"#,
    r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"vpc-lattice-svcs:Connect","Resource":"arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0"}"#,
    r#"{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*","Condition":{"Null":{"aws:PrincipalOrgID":"true"},"Bool":{"aws:SecureTransport":"true"}}}"#,
];

const REQUESTS: &[&str] = &[
    "GET /rates from anonymous",
    "POST /admin as 111122223333",
    "DELETE /x as arn:aws:iam::111122223333:role/blocked",
    "GET /public/a as 444455556666 org o-a1b2c3d4e5",
    "GET /rates?a=1 as 111122223333 vpc vpc-1a2b3c4d",
    "tls as anonymous",
    "grpc /pkg.Svc/M as 111122223333",
    "PUT /secret/x as arn:aws:sts::444455556666:assumed-role/ops/s1 org o-a1b2c3d4e5",
    "GET /public/admin from anonymous vpc vpc-0fedcba9876543210",
];

fn authorizer(statements: &[&str]) -> Authorizer {
    let policy = (!statements.is_empty()).then(|| {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        );
        let loaded = load_str("p.json", &text, LoadOptions::default());
        assert!(!loaded.has_errors(), "{text}: {:?}", loaded.findings);
        CompiledPolicy::compile(&loaded.policy.unwrap())
    });
    // No statements left: AWS_IAM without a policy denies, as an empty policy would.
    Authorizer {
        network: None,
        service: AuthLayer {
            auth_type: AuthType::AwsIam,
            policy,
        },
        identity: None,
    }
}

#[test]
fn random_policies_and_requests() {
    let requests: Vec<Request> = REQUESTS
        .iter()
        .map(|q| Request::resolve(parse_query(q).unwrap().spec, NOW).unwrap())
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut changed = 0;
    for _ in 0..1500 {
        let n = 1 + rng.below(5);
        let chosen: Vec<&str> = (0..n)
            .map(|_| STATEMENTS[rng.below(STATEMENTS.len())])
            .collect();
        let request = &requests[rng.below(requests.len())];
        let base = authorizer(&chosen);
        let verdict = base.decide(request);
        let explanation = base.explain(request);
        assert_eq!(verdict, explanation.verdict, "{chosen:?}");

        // Order never matters.
        let mut reversed = chosen.clone();
        reversed.reverse();
        let mut rotated = chosen.clone();
        rotated.rotate_left(rng.below(n));
        for order in [reversed, rotated] {
            assert_eq!(
                authorizer(&order).decide(request),
                verdict,
                "{order:?} vs {chosen:?}"
            );
        }

        // The deciding statements decide: without them the answer changes.
        let deciding: Vec<usize> = explanation
            .deciding_statements()
            .iter()
            .map(|(_, _, s)| s.index)
            .collect();
        if !deciding.is_empty() {
            let rest: Vec<&str> = chosen
                .iter()
                .enumerate()
                .filter(|(i, _)| !deciding.contains(i))
                .map(|(_, s)| *s)
                .collect();
            let without: Verdict = authorizer(&rest).decide(request);
            assert_ne!(
                without, verdict,
                "removing {deciding:?} from {chosen:?} changed nothing"
            );
            changed += 1;
        }
    }
    assert!(
        changed > 300,
        "only {changed} cases had deciding statements"
    );
}

/// Statements in the shapes the fast path takes shortcuts for (`*` alone or
/// repeated, action names in any case, `Not` forms, `*` among other items,
/// plain ARN fields, ASCII and non-ASCII text ignoring case): alone, the fast
/// path and the explanation agree on every request.
const SHORTCUTS: &[&str] = &[
    r#"{"Effect":"Allow","NotPrincipal":"*","Action":"*","Resource":"*"}"#,
    r#"{"Effect":"Allow","NotPrincipal":{"AWS":"*"},"Action":"*","Resource":"*"}"#,
    r#"{"Effect":"Allow","Principal":{"AWS":["111122223333","*"]},"Action":"**","Resource":"**"}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"VPC-Lattice-Svcs:INVOKE","Resource":["x","*"]}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:*","NotResource":"*"}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"*:connect","Resource":"*"}"#,
    r#"{"Effect":"Allow","Principal":"*","NotAction":"*","Resource":"*"}"#,
    r#"{"Effect":"Allow","Principal":"*","NotAction":"vpc-lattice-svcs:Inv*","Resource":"*"}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:Connect","vpc-lattice-svcs:Invoke"],"NotResource":"arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/admin*"}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0"}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:vpc-lattice:*:123456789012:service/svc-0123456789abcdef0/*"}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalType":"ANONYMOUS"}}}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestPath":"/PUBLIC*"}}}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"vpc-lattice-svcs:RequestPath":["/PUBLIC/A","/ſecret/x"]}}}"#,
    r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalAccount":"ANONYMOUS","vpc-lattice-svcs:RequestMethod":"get"}}}"#,
];

#[test]
fn shortcuts_agree_with_the_explanation() {
    for query in REQUESTS {
        let request = Request::resolve(parse_query(query).unwrap().spec, NOW).unwrap();
        for statement in SHORTCUTS {
            for effect in ["Allow", "Deny"] {
                let statement = statement.replace("\"Allow\"", &format!("\"{effect}\""));
                let allow_all = SHORTCUTS[2];
                for statements in [
                    vec![statement.as_str()],
                    vec![statement.as_str(), allow_all],
                ] {
                    let authorizer = authorizer(&statements);
                    assert_eq!(
                        authorizer.decide(&request),
                        authorizer.explain(&request).verdict,
                        "{query}: {statements:?}"
                    );
                }
            }
        }
    }
}
