//! `RequestSpec::merge`: flags over a request file over a query.

use super::*;
use lattice_policy::eval::request::{PrincipalDetails, PrincipalSpec, Values};

fn merged(layers: &[RequestSpec]) -> RequestSpec {
    let mut out = RequestSpec::default();
    for layer in layers {
        out.merge(layer.clone());
    }
    out
}

#[test]
fn later_fields_win_and_unset_fields_keep() {
    let spec = merged(&[
        q("GET /a as 111122223333 port 8443 vpc vpc-1a2b3c4d"),
        j(r#"{"path": "/b", "port": 9000}"#),
        j(r#"{"method": "PUT"}"#),
    ]);
    assert_eq!(
        spec,
        j(
            r#"{"method":"PUT","path":"/b","principal":"111122223333","port":9000,"sourceVpc":"vpc-1a2b3c4d"}"#
        )
    );
}

#[test]
fn merging_nothing_changes_nothing() {
    let base =
        q("DELETE /x as 111122223333 org o-a1b2c3d4e5 header a=1 query b=2 context aws:x=1 without aws:y");
    assert_eq!(merged(&[base.clone(), RequestSpec::default()]), base);
    assert_eq!(merged(&[RequestSpec::default(), base.clone()]), base);
}

#[test]
fn headers_merge_by_name_ignoring_case() {
    let spec = merged(&[
        q("header X-Env=prod header x-keep=1"),
        j(r#"{"headers": {"x-env": "dev"}}"#),
    ]);
    assert_eq!(spec, j(r#"{"headers": {"x-env": "dev", "x-keep": "1"}}"#));
    let r = resolve(spec);
    assert_eq!(
        r.context().get("vpc-lattice-svcs:RequestHeader/x-env"),
        Some(&Expected::value("dev"))
    );
}

#[test]
fn query_keys_are_replaced_whole() {
    let spec = merged(&[q("query a=1 query a=2 query b=3"), q("query a=9")]);
    assert_eq!(spec.query["a"], Values::One("9".into()));
    assert_eq!(spec.query["b"], Values::One("3".into()));
}

#[test]
fn service_tags_merge_by_key() {
    let spec = merged(&[q("service-tag a=1 service-tag b=2"), q("service-tag b=3")]);
    assert_eq!(spec, j(r#"{"serviceTags": {"a": "1", "b": "3"}}"#));
}

#[test]
fn context_keys_merge_ignoring_key_case() {
    let spec = merged(&[
        q("context aws:SourceIp=1.2.3.4 context aws:x=1"),
        j(r#"{"context": {"AWS:sourceip": null}}"#),
    ]);
    assert_eq!(
        spec,
        j(r#"{"context": {"AWS:sourceip": null, "aws:x": "1"}}"#)
    );
    assert_eq!(resolve(spec).context().get("aws:SourceIp"), None);
}

#[test]
fn a_principal_string_replaces_the_principal() {
    let spec = merged(&[
        q("as 111122223333 org o-a1b2c3d4e5 tag a=b"),
        q("as arn:aws:iam::444455556666:user/bob"),
    ]);
    assert_eq!(
        spec.principal,
        Some(PrincipalSpec::Name(
            "arn:aws:iam::444455556666:user/bob".into()
        ))
    );
}

#[test]
fn a_principal_object_overrides_its_fields() {
    let spec = merged(&[
        q("as 111122223333 org o-a1b2c3d4e5 tag a=1 tag b=2"),
        q("tag b=3 tag c=4"),
        j(r#"{"principal": {"orgId": "o-b1b2c3d4e5"}}"#),
    ]);
    assert_eq!(
        spec.principal,
        Some(PrincipalSpec::Details(PrincipalDetails {
            arn: Some("111122223333".into()),
            org_id: Some("o-b1b2c3d4e5".into()),
            tags: [("a", "1"), ("b", "3"), ("c", "4")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .into(),
            ..PrincipalDetails::default()
        }))
    );
    let spec = merged(&[
        q("as arn:aws:iam::111122223333:role/ops"),
        q("org o-c1b2c3d4e5"),
    ]);
    let r = resolve(spec);
    assert_eq!(
        r.context().get("aws:PrincipalOrgID"),
        Some(&Expected::value("o-c1b2c3d4e5"))
    );
    assert_eq!(
        r.context().get("aws:PrincipalType"),
        Some(&Expected::value("AssumedRole"))
    );
}

#[test]
fn query_then_file_then_flags() {
    let query = q("GET /rates?page=1 as 111122223333 header x-env=prod");
    let file =
        j(r#"{"protocol": "HTTP", "headers": {"X-Env": "staging"}, "query": {"page": "2"}}"#);
    let flags = j(r#"{"method": "POST", "principal": "anonymous"}"#);
    let r = resolve(merged(&[query, file, flags]));
    assert_eq!(r.describe(), "POST /rates from anonymous header x-env=staging query page=1 query page=2 protocol http vpc vpc-0123456789abcdef0 port 80 time 2024-05-01T12:00:00Z");
}
