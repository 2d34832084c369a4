//! The one-line cases: queries, principals, protocols, keys, resources,
//! validation and round trips.

use super::*;

const SVC: &str = "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0";

#[rustfmt::skip]
mod query_examples {
    use super::*;

    spec!(get_rates_from_anonymous, "GET /rates from anonymous", r#"{"method":"GET","path":"/rates","principal":"anonymous"}"#);
    spec!(post_admin_as_role, "POST /admin as arn:aws:iam::111122223333:role/ops", r#"{"method":"POST","path":"/admin","principal":"arn:aws:iam::111122223333:role/ops"}"#);
    spec!(delete_with_everything, "DELETE /orders/1 as 111122223333 header x-env=prod query a=1 vpc vpc-1a2b3c4d port 8443 org o-a1b2c3d4e5 tag team=payments", r#"{"method":"DELETE","path":"/orders/1","principal":{"arn":"111122223333","orgId":"o-a1b2c3d4e5","tags":{"team":"payments"}},"headers":{"x-env":"prod"},"query":{"a":"1"},"sourceVpc":"vpc-1a2b3c4d","port":8443}"#);
    spec!(grpc_in_method_position, "grpc /api.parking/GetRates as 111122223333", r#"{"protocol":"GRPC","method":"POST","path":"/api.parking/GetRates","principal":"111122223333"}"#);
    spec!(tls_in_method_position, "tls as anonymous", r#"{"protocol":"TLS","principal":"anonymous"}"#);
    spec!(get_slash, "GET /", r#"{"method":"GET","path":"/"}"#);
    spec!(as_anonymous_alone, "as anonymous", r#"{"principal":"anonymous"}"#);
    spec!(contract_example, "GET / as 111122223333 header x-env=prod vpc vpc-1a2b3c4d port 443", r#"{"method":"GET","path":"/","principal":"111122223333","headers":{"x-env":"prod"},"sourceVpc":"vpc-1a2b3c4d","port":443}"#);
    spec!(empty_query, "", "{}");
    spec!(only_spaces, "  \t ", "{}");
}

#[rustfmt::skip]
mod query_words {
    use super::*;

    spec!(method_lower_case, "get /x", r#"{"method":"GET","path":"/x"}"#);
    spec!(method_mixed_case, "Patch /x", r#"{"method":"PATCH","path":"/x"}"#);
    spec!(method_custom, "PROPFIND /x", r#"{"method":"PROPFIND","path":"/x"}"#);
    spec!(method_custom_without_path, "PURGE as anonymous", r#"{"method":"PURGE","principal":"anonymous"}"#);
    spec!(method_spelt_like_keyword_before_path, "QUERY /search", r#"{"method":"QUERY","path":"/search"}"#);
    spec!(grpc_upper_case, "GRPC /a.B/C", r#"{"protocol":"GRPC","method":"POST","path":"/a.B/C"}"#);
    spec!(tls_upper_case, "TLS", r#"{"protocol":"TLS"}"#);
    spec!(path_alone, "/x", r#"{"path":"/x"}"#);
    spec!(path_with_query_string, "GET /x?a=1&a=2&b", r#"{"method":"GET","path":"/x?a=1&a=2&b"}"#);
    spec!(path_quoted, r#"GET "/x""#, r#"{"method":"GET","path":"/x"}"#);
    spec!(keywords_any_case, "GET / AS 111122223333 HEADER X-Env=prod Port 80", r#"{"method":"GET","path":"/","principal":"111122223333","headers":{"X-Env":"prod"},"port":80}"#);
    spec!(clauses_any_order, "GET / port 80 as anonymous vpc vpc-1a2b3c4d", r#"{"method":"GET","path":"/","port":80,"principal":"anonymous","sourceVpc":"vpc-1a2b3c4d"}"#);
    spec!(from_anonymous_any_case, "from Anonymous", r#"{"principal":"Anonymous"}"#);
    spec!(extra_spaces_and_tabs, " GET\t/x   as  anonymous ", r#"{"method":"GET","path":"/x","principal":"anonymous"}"#);
    spec!(kw_header, "header x-a=1 header x-b=2", r#"{"headers":{"x-a":"1","x-b":"2"}}"#);
    spec!(kw_header_value_with_equals, "header x-a=b=c", r#"{"headers":{"x-a":"b=c"}}"#);
    spec!(kw_header_empty_value, "header x-a=", r#"{"headers":{"x-a":""}}"#);
    spec!(kw_query, "query a=1", r#"{"query":{"a":"1"}}"#);
    spec!(kw_query_repeated, "query a=1 query b=x query a=2", r#"{"query":{"a":["1","2"],"b":"x"}}"#);
    spec!(kw_vpc, "vpc vpc-1a2b3c4d", r#"{"sourceVpc":"vpc-1a2b3c4d"}"#);
    spec!(kw_vpc_owner, "vpc-owner 444455556666", r#"{"sourceVpcOwnerAccount":"444455556666"}"#);
    spec!(kw_port, "port 8443", r#"{"port":8443}"#);
    spec!(kw_org, "as 111122223333 org o-a1b2c3d4e5", r#"{"principal":{"arn":"111122223333","orgId":"o-a1b2c3d4e5"}}"#);
    spec!(kw_org_path_repeated, "as 111122223333 org o-a1b2c3d4e5 org-path o-a1b2c3d4e5/r-ab12/ org-path o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/", r#"{"principal":{"arn":"111122223333","orgId":"o-a1b2c3d4e5","orgPaths":["o-a1b2c3d4e5/r-ab12/","o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"]}}"#);
    spec!(kw_tag, "as 111122223333 tag team=payments tag Env=prod", r#"{"principal":{"arn":"111122223333","tags":{"team":"payments","Env":"prod"}}}"#);
    spec!(kw_tag_without_principal, "tag team=payments", r#"{"principal":{"tags":{"team":"payments"}}}"#);
    spec!(kw_principal_type, "as 111122223333 principal-type User", r#"{"principal":{"arn":"111122223333","type":"User"}}"#);
    spec!(kw_role_arn, "as arn:aws:sts::111122223333:assumed-role/ops/s1 role-arn arn:aws:iam::111122223333:role/team/ops", r#"{"principal":{"arn":"arn:aws:sts::111122223333:assumed-role/ops/s1","roleArn":"arn:aws:iam::111122223333:role/team/ops"}}"#);
    spec!(kw_service, "service arn:aws:vpc-lattice:eu-west-1:444455556666:service/svc-0a1b2c3d4e5f6a7b8", r#"{"service":"arn:aws:vpc-lattice:eu-west-1:444455556666:service/svc-0a1b2c3d4e5f6a7b8"}"#);
    spec!(kw_network, "network arn:aws:vpc-lattice:eu-west-1:444455556666:servicenetwork/sn-0a1b2c3d4e5f6a7b8", r#"{"serviceNetwork":"arn:aws:vpc-lattice:eu-west-1:444455556666:servicenetwork/sn-0a1b2c3d4e5f6a7b8"}"#);
    spec!(kw_service_tag, "service-tag env=prod service-tag Team=x", r#"{"serviceTags":{"env":"prod","Team":"x"}}"#);
    spec!(kw_time, "time 2024-01-01T00:00:00Z", r#"{"time":"2024-01-01T00:00:00Z"}"#);
    spec!(kw_ip, "ip 203.0.113.7", r#"{"sourceIp":"203.0.113.7"}"#);
    spec!(kw_protocol_http, "GET / protocol http", r#"{"method":"GET","path":"/","protocol":"HTTP"}"#);
    spec!(kw_protocol_any_case, "protocol GrPc", r#"{"protocol":"GRPC"}"#);
    spec!(kw_context, "context aws:SecureTransport=false", r#"{"context":{"aws:SecureTransport":"false"}}"#);
    spec!(kw_context_repeated, "context aws:x=a context AWS:X=b", r#"{"context":{"aws:x":["a","b"]}}"#);
    spec!(kw_context_list, "context-list aws:TagKeys", r#"{"context":{"aws:TagKeys":[]}}"#);
    spec!(kw_context_list_then_value, "context-list aws:x context aws:x=a", r#"{"context":{"aws:x":["a"]}}"#);
    spec!(kw_context_value_then_list, "context aws:x=a context-list aws:x", r#"{"context":{"aws:x":["a"]}}"#);
    spec!(kw_without, "without aws:SourceIp without aws:CurrentTime", r#"{"context":{"aws:SourceIp":null,"aws:CurrentTime":null}}"#);
    spec!(quoted_value_with_spaces, r#"header x-msg="hello world""#, r#"{"headers":{"x-msg":"hello world"}}"#);
    spec!(quoted_key_with_equals, r#"query "a=b"=c"#, r#"{"query":{"a=b":"c"}}"#);
    spec!(quoted_escapes, r#"context aws:x="say \"hi\" \\ C:\temp""#, r#"{"context":{"aws:x":"say \"hi\" \\ C:\\temp"}}"#);
    spec!(quoted_empty_value, r#"header x-a="""#, r#"{"headers":{"x-a":""}}"#);
    spec!(quoted_keyword_is_a_value, r#"as "vpc""#, r#"{"principal":"vpc"}"#);
    spec!(quoted_value_with_tab, "tag k=\"a\tb\"", r#"{"principal":{"tags":{"k":"a\tb"}}}"#);
}

#[rustfmt::skip]
mod query_errors {
    use super::*;

    query_err!(misspelt_keyword, "GET / heder x=1", at "heder" msg "unknown word `heder`" help "did you mean `header`?");
    query_err!(misspelt_keyword_first, "heder x=1", at "heder" msg "unknown word `heder`" help "did you mean `header`?");
    query_err!(misspelt_tls_first, "tsl as anonymous", at "tsl" help "did you mean `tls`?");
    query_err!(misspelt_vpc_owner, "vpc-ownr 111122223333", at "vpc-ownr" help "did you mean `vpc-owner`?");
    query_err!(unknown_word, "GET / banana", at "banana" msg "unknown word `banana`");
    query_err!(bare_pair, "GET / x-env=prod", at "x-env=prod" help "say what `x-env=prod` sets: `header x-env=prod`, `query x-env=prod`, `tag x-env=prod`, `service-tag x-env=prod` or `context x-env=prod`");
    query_err!(quoted_keyword_is_not_a_clause, r#"GET / "port" 80"#, at r#""port""# msg "unknown word `port`");
    query_err!(path_out_of_place, "as anonymous /x", at "/x" msg "the path `/x` is out of place" help "the path comes first, after the method: `GET /rates as …`");
    query_err!(second_path, "GET /x /y", at "/y" msg "the path `/y` is out of place");
    query_err!(method_out_of_place, "/x GET", at "GET" msg "unknown word `GET`" help "the method comes first: `GET /rates as …`");
    query_err!(http_is_not_a_method, "http /x", at "http" msg "`http` is a protocol, not a method" help "write the method first and `protocol http` later, as in `GET / protocol http`");
    query_err!(missing_value_at_end, "GET / port", at "" msg "`port` needs a value" help "write `port 443`");
    query_err!(missing_principal, "as", at "" msg "`as` needs a value" help "write `as PRINCIPAL`");
    query_err!(value_is_a_keyword, "as port 1", at "port" msg "`as` needs a value before `port`" help "write `as PRINCIPAL`; quote a value spelt like a keyword: `\"port\"`");
    query_err!(port_not_a_number, "port https", at "https" msg "`https` is not a port number" help "a port is a number from 1 to 65535");
    query_err!(port_negative, "port -1", at "-1" msg "`-1` is not a port number");
    rejects!(port_too_big_in_a_query, q("port 70000"), Port msg "`port` `70000` is impossible: ports are whole numbers from 1 to 65535");
    query_err!(port_huge, "port 99999999999999999999999", at "99999999999999999999999" msg "port `99999999999999999999999` is out of range");
    query_err!(header_without_equals, "GET / header x-env", at "x-env" msg "expected `KEY=VALUE` after `header`" help "write `header NAME=VALUE`");
    query_err!(query_without_equals, "query a", at "a" msg "expected `KEY=VALUE` after `query`" help "write `query KEY=VALUE`");
    query_err!(tag_without_equals, "tag team", at "team" help "write `tag KEY=VALUE`");
    query_err!(service_tag_without_equals, "service-tag env", at "env" help "write `service-tag KEY=VALUE`");
    query_err!(context_without_equals, "context aws:x", at "aws:x" help "write `context KEY=VALUE`");
    query_err!(quoted_whole_pair, r#"header "x-msg=hello world""#, at r#""x-msg=hello world""# msg "expected `KEY=VALUE` after `header`" help r#"an `=` inside quotes is part of the key or value; quote only the value: `header x-msg="hello world"`"#);
    query_err!(empty_key, "query =1", at "" msg "the key before `=` in `query` is empty");
    query_err!(unknown_protocol, "protocol htp", at "htp" msg "unknown protocol `htp`" help "did you mean `http`?");
    query_err!(unknown_protocol_far, "protocol smtp", at "smtp" help "the protocols are `http`, `https`, `grpc` and `tls`");
    query_err!(from_needs_anonymous, "from 111122223333", at "111122223333" msg "`from` takes only `anonymous`" help "for a signed caller write `as 111122223333`");
    query_err!(principal_twice, "as anonymous as 111122223333", at "111122223333" msg "the principal is given twice" help "give it once");
    query_err!(from_and_as, "from anonymous as 111122223333", at "111122223333" msg "the principal is given twice");
    query_err!(port_twice, "port 80 port 81", at "81" msg "the port is given twice");
    query_err!(vpc_twice, "vpc vpc-1 vpc vpc-2", at "vpc-2" msg "the source VPC is given twice");
    query_err!(protocol_twice, "grpc /x protocol https", at "https" msg "the protocol is given twice");
    query_err!(time_twice, "time 2024-01-01T00:00:00Z time 2024-01-02T00:00:00Z", at "2024-01-02T00:00:00Z" msg "the time is given twice");
    query_err!(header_twice, "header x-a=1 header X-A=2", at "X-A" msg "header `X-A` is given twice" help "give each header once");
    query_err!(tag_twice, "tag a=1 tag a=2", at "a" msg "tag `a` is given twice");
    query_err!(service_tag_twice, "service-tag a=1 service-tag a=2", at "a" msg "service tag `a` is given twice");
    query_err!(set_then_removed, "context aws:x=1 without AWS:X", at "AWS:X" msg "context key `AWS:X` is both set and removed");
    query_err!(removed_then_set, "without aws:x context aws:x=1", at "aws:x=1" msg "context key `aws:x` is both removed and set");
    query_err!(removed_then_listed, "without aws:x context-list aws:x", at "aws:x" msg "context key `aws:x` is both removed and set");
    query_err!(unterminated_quote, r#"header x="abc"#, at r#""abc"# msg "a quoted value has no closing `\"`");
    query_err!(tls_with_path, "tls /x", at "/x" msg "a TLS connection has no path");
    query_err!(tls_with_method, "GET protocol tls", at "GET" msg "a TLS connection has no method");
    query_err!(tls_with_header, "tls header a=b", at "a=b" msg "a TLS connection has no headers");
    query_err!(tls_with_query, "tls query a=b", at "a=b" msg "a TLS connection has no query string");
}

#[test]
fn error_renders_with_miette() {
    let err = parse_query("GET / heder x=1").unwrap_err();
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(80)
        .render_report(&mut out, &err)
        .unwrap();
    assert!(out.contains("unknown word `heder`"), "{out}");
    assert!(out.contains("GET / heder x=1"), "{out}");
    assert!(out.contains("did you mean `header`?"), "{out}");
}

#[test]
fn twice_points_at_both() {
    use miette::Diagnostic;
    let err = parse_query("port 80 port 81").unwrap_err();
    let labels: Vec<(usize, usize)> = err
        .labels()
        .unwrap()
        .map(|l| (l.offset(), l.len()))
        .collect();
    assert_eq!(labels, [(13, 2), (5, 2)]);
}

#[test]
fn resolution_errors_point_at_the_query() {
    let query = "GET / as 111122223333 header X=1 vpc vpc-nothex";
    let parsed = parse_query(query).unwrap();
    let err = Request::resolve(parsed.spec.clone(), NOW).unwrap_err();
    let located =
        lattice_policy::eval::QueryError::from_request_error(query, &parsed, &err).unwrap();
    assert_eq!(located.span().slice(query), Some("vpc-nothex"));
    assert_eq!(
        located.message(),
        "`sourceVpc` `vpc-nothex` is impossible: VPC ids are `vpc-` followed by 8 or 17 lower-case hexadecimal digits"
    );
    let parsed = parse_query("header a=1 header b@=2").unwrap();
    let err = Request::resolve(parsed.spec.clone(), NOW).unwrap_err();
    assert_eq!(
        parsed
            .locate(&err)
            .and_then(|s| s.slice("header a=1 header b@=2")),
        Some("b@=2")
    );
}

// ---------------------------------------------------------------------------
// Principals
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod principals {
    use super::*;

    keys!(anonymous_keys, q("GET / from anonymous"), ["vpc-lattice-svcs:Port", "vpc-lattice-svcs:RequestMethod", "vpc-lattice-svcs:RequestPath", "vpc-lattice-svcs:ServiceArn", "vpc-lattice-svcs:ServiceNetworkArn", "vpc-lattice-svcs:SourceVpc", "vpc-lattice-svcs:SourceVpcOwnerAccount", "aws:PrincipalType", "aws:PrincipalAccount", "aws:userid", "aws:CurrentTime", "aws:EpochTime", "aws:SecureTransport"]);
    keys!(default_is_anonymous, q("GET /"), ["vpc-lattice-svcs:Port", "vpc-lattice-svcs:RequestMethod", "vpc-lattice-svcs:RequestPath", "vpc-lattice-svcs:ServiceArn", "vpc-lattice-svcs:ServiceNetworkArn", "vpc-lattice-svcs:SourceVpc", "vpc-lattice-svcs:SourceVpcOwnerAccount", "aws:PrincipalType", "aws:PrincipalAccount", "aws:userid", "aws:CurrentTime", "aws:EpochTime", "aws:SecureTransport"]);
    has!(anonymous_type, q("from anonymous"), "aws:PrincipalType", "Anonymous");
    has!(anonymous_account, q("from anonymous"), "aws:PrincipalAccount", "anonymous");
    has!(anonymous_userid, q("from anonymous"), "aws:userid", "anonymous");
    has!(anonymous_any_case, j(r#"{"principal":"ANONYMOUS"}"#), "aws:PrincipalType", "Anonymous");
    has!(anonymous_object, j(r#"{"principal":{"arn":"anonymous"}}"#), "aws:PrincipalType", "Anonymous");
    lacks!(anonymous_has_no_identity, q("from anonymous"), ["aws:PrincipalArn", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalIsAWSService", "aws:username", "aws:PrincipalServiceName"]);

    keys!(account_keys, q("GET / as 111122223333"), ["vpc-lattice-svcs:Port", "vpc-lattice-svcs:RequestMethod", "vpc-lattice-svcs:RequestPath", "vpc-lattice-svcs:ServiceArn", "vpc-lattice-svcs:ServiceNetworkArn", "vpc-lattice-svcs:SourceVpc", "vpc-lattice-svcs:SourceVpcOwnerAccount", "aws:PrincipalType", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:userid", "aws:CurrentTime", "aws:EpochTime", "aws:SecureTransport"]);
    has!(account_type, q("as 111122223333"), "aws:PrincipalType", "Account");
    has!(account_account, q("as 111122223333"), "aws:PrincipalAccount", "111122223333");
    has!(account_arn, q("as 111122223333"), "aws:PrincipalArn", "arn:aws:iam::111122223333:root");
    has!(account_userid, q("as 111122223333"), "aws:userid", "111122223333");
    has!(account_not_a_service, q("as 111122223333"), "aws:PrincipalIsAWSService", "false");
    has!(root_arn_type, q("as arn:aws:iam::111122223333:root"), "aws:PrincipalType", "Account");
    has!(root_arn_userid, q("as arn:aws:iam::111122223333:root"), "aws:userid", "111122223333");
    has!(root_arn_other_partition, q("as arn:aws-cn:iam::111122223333:root"), "aws:PrincipalArn", "arn:aws-cn:iam::111122223333:root");
    lacks!(account_has_no_username, q("as 111122223333"), ["aws:username", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths"]);

    has!(user_type, q("as arn:aws:iam::111122223333:user/alice"), "aws:PrincipalType", "User");
    has!(user_arn, q("as arn:aws:iam::111122223333:user/alice"), "aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice");
    has!(user_account, q("as arn:aws:iam::111122223333:user/alice"), "aws:PrincipalAccount", "111122223333");
    has!(user_username, q("as arn:aws:iam::111122223333:user/alice"), "aws:username", "alice");
    has!(user_userid, q("as arn:aws:iam::111122223333:user/alice"), "aws:userid", "AIDAPBNAPMLYUHQVWO5HP");
    has!(user_with_path_username, q("as arn:aws:iam::111122223333:user/eng/web/alice"), "aws:username", "alice");
    has!(user_with_path_arn, q("as arn:aws:iam::111122223333:user/eng/web/alice"), "aws:PrincipalArn", "arn:aws:iam::111122223333:user/eng/web/alice");
    has!(user_with_path_same_userid, q("as arn:aws:iam::111122223333:user/eng/alice"), "aws:userid", "AIDAPBNAPMLYUHQVWO5HP");

    has!(role_type, q("as arn:aws:iam::111122223333:role/ops"), "aws:PrincipalType", "AssumedRole");
    has!(role_arn, q("as arn:aws:iam::111122223333:role/ops"), "aws:PrincipalArn", "arn:aws:iam::111122223333:role/ops");
    has!(role_userid, q("as arn:aws:iam::111122223333:role/ops"), "aws:userid", "AROAEK5O4OWLZQKDEDLF6:session");
    has!(role_with_path_arn, q("as arn:aws:iam::111122223333:role/team/ops"), "aws:PrincipalArn", "arn:aws:iam::111122223333:role/team/ops");
    has!(role_with_path_userid, q("as arn:aws:iam::111122223333:role/team/ops"), "aws:userid", "AROAEK5O4OWLZQKDEDLF6:session");
    lacks!(role_has_no_username, q("as arn:aws:iam::111122223333:role/ops"), ["aws:username"]);
    has!(session_type, q("as arn:aws:sts::111122223333:assumed-role/ops/alice@example.com"), "aws:PrincipalType", "AssumedRole");
    has!(session_arn_is_role, q("as arn:aws:sts::111122223333:assumed-role/ops/alice@example.com"), "aws:PrincipalArn", "arn:aws:iam::111122223333:role/ops");
    has!(session_userid, q("as arn:aws:sts::111122223333:assumed-role/ops/alice@example.com"), "aws:userid", "AROAEK5O4OWLZQKDEDLF6:alice@example.com");
    has!(session_role_arn_gives_path, j(r#"{"principal":{"arn":"arn:aws:sts::111122223333:assumed-role/ops/s1","roleArn":"arn:aws:iam::111122223333:role/team/ops"}}"#), "aws:PrincipalArn", "arn:aws:iam::111122223333:role/team/ops");
    lacks!(session_has_no_username, q("as arn:aws:sts::111122223333:assumed-role/ops/s1"), ["aws:username"]);

    has!(federated_type, q("as arn:aws:sts::111122223333:federated-user/bob"), "aws:PrincipalType", "FederatedUser");
    has!(federated_arn, q("as arn:aws:sts::111122223333:federated-user/bob"), "aws:PrincipalArn", "arn:aws:sts::111122223333:federated-user/bob");
    has!(federated_userid, q("as arn:aws:sts::111122223333:federated-user/bob"), "aws:userid", "111122223333:bob");
    lacks!(federated_has_no_username, q("as arn:aws:sts::111122223333:federated-user/bob"), ["aws:username"]);

    has!(type_override, q("as 111122223333 principal-type User"), "aws:PrincipalType", "User");
    rejects!(type_other_value, j(r#"{"principal":{"arn":"111122223333","type":"Service"}}"#), PrincipalType msg "`principal.type` `Service` is impossible: its values are `Account`, `User`, `FederatedUser`, `AssumedRole`, `Anonymous`");
    has!(org_id, q("as 111122223333 org o-a1b2c3d4e5"), "aws:PrincipalOrgID", "o-a1b2c3d4e5");
    has!(org_paths, q("as 111122223333 org o-a1b2c3d4e5 org-path o-a1b2c3d4e5/r-ab12/ org-path o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"), "aws:PrincipalOrgPaths", ["o-a1b2c3d4e5/r-ab12/", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"]);
    lacks!(org_without_paths, q("as 111122223333 org o-a1b2c3d4e5"), ["aws:PrincipalOrgPaths"]);
    has!(tag, q("as 111122223333 tag team=payments"), "aws:PrincipalTag/team", "payments");
    has!(tag_key_keeps_case, q("as 111122223333 tag Team=payments"), "aws:PrincipalTag/Team", "payments");
    lacks!(tag_key_case_sensitive, q("as 111122223333 tag Team=payments"), ["aws:PrincipalTag/team"]);
    keys!(object_keys, j(r#"{"principal":{"arn":"arn:aws:iam::111122223333:user/alice","orgId":"o-a1b2c3d4e5","orgPaths":["o-a1b2c3d4e5/r-ab12/"],"tags":{"b":"2","a":"1"}},"protocol":"HTTP"}"#), ["vpc-lattice-svcs:Port", "vpc-lattice-svcs:RequestMethod", "vpc-lattice-svcs:RequestPath", "vpc-lattice-svcs:ServiceArn", "vpc-lattice-svcs:ServiceNetworkArn", "vpc-lattice-svcs:SourceVpc", "vpc-lattice-svcs:SourceVpcOwnerAccount", "aws:PrincipalType", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalTag/a", "aws:PrincipalTag/b", "aws:PrincipalIsAWSService", "aws:userid", "aws:username", "aws:CurrentTime", "aws:EpochTime", "aws:SecureTransport"]);

    rejects!(bad_word, q("as bob"), Principal msg "`bob` is not a principal");
    rejects!(short_account, q("as 12345"), Principal msg "`12345` is not a principal");
    rejects!(group, q("as arn:aws:iam::111122223333:group/devs"), Principal msg "`arn:aws:iam::111122223333:group/devs` is not a principal");
    rejects!(s3_arn, q("as arn:aws:s3:::bucket"), Principal);
    rejects!(iam_arn_with_region, q("as arn:aws:iam:us-east-1:111122223333:user/x"), Principal help "IAM and STS ARNs have no region and a 12-digit account: `arn:aws:iam::111122223333:…`");
    rejects!(session_without_name, q("as arn:aws:sts::111122223333:assumed-role/ops"), Principal);
    rejects!(session_with_extra_part, q("as arn:aws:sts::111122223333:assumed-role/ops/s/x"), Principal);
    rejects!(user_without_name, q("as arn:aws:iam::111122223333:user/"), Principal);
    rejects!(user_empty_path_segment, q("as arn:aws:iam::111122223333:user//alice"), Principal);
    rejects!(bad_partition, q("as arn:gcp:iam::111122223333:root"), Principal);
    rejects!(role_arn_for_user, q("as arn:aws:iam::111122223333:user/alice role-arn arn:aws:iam::111122223333:role/ops"), RoleArn msg "`roleArn` applies only to role sessions, not to `arn:aws:iam::111122223333:user/alice`");
    rejects!(role_arn_other_role, q("as arn:aws:sts::111122223333:assumed-role/ops/s role-arn arn:aws:iam::111122223333:role/dev"), RoleArn msg "`arn:aws:iam::111122223333:role/dev` is not the role of the session `arn:aws:sts::111122223333:assumed-role/ops/s`");
    rejects!(role_arn_other_account, q("as arn:aws:sts::111122223333:assumed-role/ops/s role-arn arn:aws:iam::444455556666:role/ops"), RoleArn);
    rejects!(role_arn_not_a_role, q("as arn:aws:sts::111122223333:assumed-role/ops/s role-arn arn:aws:iam::111122223333:user/ops"), RoleArn msg "`arn:aws:iam::111122223333:user/ops` is not a role ARN");
    rejects!(org_paths_without_org, q("as 111122223333 org-path o-1/r-1/"), OrgPaths msg "the principal has organization paths but no organization id");
    rejects!(org_path_other_org, q("as 111122223333 org o-a1b2c3d4e5 org-path o-b1b2c3d4e5/r-ab12/"), OrgPaths msg "organization path `o-b1b2c3d4e5/r-ab12/` is not in organization `o-a1b2c3d4e5`");
    rejects!(anonymous_with_org, q("from anonymous org o-1"), OrgId msg "an anonymous caller has no organization");
    rejects!(anonymous_with_tags, q("from anonymous tag a=b"), PrincipalTags msg "an anonymous caller has no tags");
    rejects!(anonymous_with_type, q("from anonymous principal-type User"), PrincipalType msg "an anonymous caller has no principal type");
    rejects!(type_anonymous, q("as 111122223333 principal-type anonymous"), PrincipalType msg "a signed principal cannot have the type `Anonymous`");
    rejects!(details_without_arn, q("tag a=b"), Principal msg "the principal has a type, role, organization or tags but no `arn`");
    rejects!(empty_org, j(r#"{"principal":{"arn":"111122223333","orgId":""}}"#), OrgId);
    rejects!(org_with_slash, j(r#"{"principal":{"arn":"111122223333","orgId":"o-a1b2c3d4e5/r-ab12"}}"#), OrgId msg "`principal.orgId` `o-a1b2c3d4e5/r-ab12` is impossible: organization ids are `o-` followed by 10 to 32 lower-case letters and digits");
}

#[test]
fn user_ids_are_stable_and_shaped_like_iam_ids() {
    use lattice_policy::eval::Caller;
    let id = |q_: &str| match resolve(q(q_)).caller() {
        Caller::Authenticated(p) => p.user_id.clone(),
        Caller::Anonymous => panic!("anonymous"),
    };
    let user = id("as arn:aws:iam::111122223333:user/alice");
    assert_eq!(user.len(), 21);
    assert!(user.starts_with("AIDA"));
    assert!(user
        .bytes()
        .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
    assert_ne!(user, id("as arn:aws:iam::111122223333:user/bob"));
    assert_ne!(user, id("as arn:aws:iam::444455556666:user/alice"));
    let role = id("as arn:aws:sts::111122223333:assumed-role/ops/s1");
    assert_eq!(role.len(), 21 + ":s1".len());
    assert!(role.starts_with("AROA"));
}

#[test]
fn session_arns() {
    use lattice_policy::eval::Caller;
    let session = |q_: &str| match resolve(q(q_)).caller() {
        Caller::Authenticated(p) => p.session_arn.clone(),
        Caller::Anonymous => panic!("anonymous"),
    };
    assert_eq!(
        session("as arn:aws:iam::111122223333:role/team/ops").as_deref(),
        Some("arn:aws:sts::111122223333:assumed-role/ops/session")
    );
    assert_eq!(
        session("as arn:aws:sts::111122223333:assumed-role/ops/s1").as_deref(),
        Some("arn:aws:sts::111122223333:assumed-role/ops/s1")
    );
    assert_eq!(session("as arn:aws:iam::111122223333:user/alice"), None);
}

// ---------------------------------------------------------------------------
// Protocols, listeners and request keys
// ---------------------------------------------------------------------------

#[rustfmt::skip]
mod protocols {
    use super::*;

    has!(https_secure, q("GET /"), "aws:SecureTransport", "true");
    has!(https_port, q("GET /"), "vpc-lattice-svcs:Port", "443");
    has!(http_insecure, q("GET / protocol http"), "aws:SecureTransport", "false");
    has!(http_port, q("GET / protocol http"), "vpc-lattice-svcs:Port", "80");
    has!(http_explicit_port, q("GET / protocol http port 8080"), "vpc-lattice-svcs:Port", "8080");
    has!(method_default, j("{}"), "vpc-lattice-svcs:RequestMethod", "GET");
    has!(method_lower_case_json, j(r#"{"method":"delete"}"#), "vpc-lattice-svcs:RequestMethod", "DELETE");
    has!(path_default, j("{}"), "vpc-lattice-svcs:RequestPath", "/");
    has!(path_without_slash, j(r#"{"path":"rates"}"#), "vpc-lattice-svcs:RequestPath", "/rates");
    has!(path_not_decoded, q("GET /a%20b/./c"), "vpc-lattice-svcs:RequestPath", "/a%20b/./c");
    has!(path_drops_query, q("GET /x?a=1"), "vpc-lattice-svcs:RequestPath", "/x");

    has!(grpc_method_post, q("grpc /api.parking/GetRates"), "vpc-lattice-svcs:RequestMethod", "POST");
    has!(grpc_protocol_word_method_post, q("/api.parking/GetRates protocol grpc"), "vpc-lattice-svcs:RequestMethod", "POST");
    has!(grpc_path, q("grpc /api.parking/GetRates"), "vpc-lattice-svcs:RequestPath", "/api.parking/GetRates");
    has!(grpc_secure, q("grpc /a.B/C"), "aws:SecureTransport", "true");
    has!(grpc_port, q("grpc /a.B/C"), "vpc-lattice-svcs:Port", "443");
    has!(grpc_header, q("grpc /a.B/C header content-type=application/grpc"), "vpc-lattice-svcs:RequestHeader/content-type", "application/grpc");
    lacks!(grpc_no_query_keys, q("grpc /a.B/C?x=1 query y=2"), ["vpc-lattice-svcs:RequestQueryString/x", "vpc-lattice-svcs:RequestQueryString/y"]);
    rejects!(grpc_get, q("GET /x protocol grpc"), Method msg "a gRPC request cannot be `GET`" help "gRPC requests are always `POST`; leave out the method");

    keys!(tls_keys, q("tls"), ["vpc-lattice-svcs:Port", "vpc-lattice-svcs:ServiceArn", "vpc-lattice-svcs:ServiceNetworkArn", "vpc-lattice-svcs:SourceVpc", "vpc-lattice-svcs:SourceVpcOwnerAccount", "aws:PrincipalType", "aws:PrincipalAccount", "aws:CurrentTime", "aws:EpochTime"]);
    keys!(tls_ignores_claims, j(r#"{"protocol":"TLS","principal":"111122223333","serviceTags":{"env":"prod"},"sourceIp":"203.0.113.7"}"#), ["vpc-lattice-svcs:Port", "vpc-lattice-svcs:ServiceArn", "vpc-lattice-svcs:ServiceNetworkArn", "vpc-lattice-svcs:SourceVpc", "vpc-lattice-svcs:SourceVpcOwnerAccount", "aws:PrincipalType", "aws:PrincipalAccount", "aws:ResourceTag/env", "aws:CurrentTime", "aws:EpochTime"]);
    rejects!(tls_with_a_method, j(r#"{"protocol":"TLS","method":"PUT"}"#), Method msg "a TLS connection has no method");
    rejects!(tls_with_a_path, j(r#"{"protocol":"TLS","path":"/x?a=1"}"#), Path msg "a TLS connection has no path");
    rejects!(tls_with_headers, j(r#"{"protocol":"TLS","headers":{"a":"b"}}"#), Headers msg "a TLS connection has no headers");
    rejects!(tls_with_a_query, j(r#"{"protocol":"TLS","query":{"a":"1"}}"#), Query msg "a TLS connection has no query string");
    rejects!(connect_with_a_path, j(r#"{"action":"Connect","path":"/x"}"#), Path);
    has!(tls_anonymous, q("tls as 111122223333"), "aws:PrincipalType", "Anonymous");
    has!(tls_anonymous_account, q("tls as 111122223333"), "aws:PrincipalAccount", "anonymous");
    has!(tls_port, q("tls port 8443"), "vpc-lattice-svcs:Port", "8443");
    has!(tls_raw_context, q("tls context aws:SecureTransport=true"), "aws:SecureTransport", "true");
    rejects!(tls_still_checks_principal, q("tls as bob"), Principal);
    has!(connect_action_means_tls, j(r#"{"action":"Connect"}"#), "aws:PrincipalType", "Anonymous");
    lacks!(connect_action_has_no_method, j(r#"{"action":"Connect"}"#), ["vpc-lattice-svcs:RequestMethod"]);

    has!(header_lower_cased, q("header X-Env=prod"), "vpc-lattice-svcs:RequestHeader/x-env", "prod");
    has!(header_lookup_any_case, q("header x-env=prod"), "vpc-lattice-svcs:RequestHeader/X-ENV", "prod");
    has!(header_value_keeps_case, q("header x-env=Prod"), "vpc-lattice-svcs:RequestHeader/x-env", "Prod");
    has!(query_single, q("query a=1"), "vpc-lattice-svcs:RequestQueryString/a", ["1"]);
    has!(query_repeated, q("query a=1 query a=2"), "vpc-lattice-svcs:RequestQueryString/a", ["1", "2"]);
    has!(query_from_path, q("GET /x?a=1&a=2&b"), "vpc-lattice-svcs:RequestQueryString/a", ["1", "2"]);
    has!(query_from_path_no_value, q("GET /x?a=1&a=2&b"), "vpc-lattice-svcs:RequestQueryString/b", [""]);
    has!(query_path_then_field, j(r#"{"path":"/x?a=1&a=2","query":{"a":"3"}}"#), "vpc-lattice-svcs:RequestQueryString/a", ["1", "2", "3"]);
    has!(query_array, j(r#"{"query":{"c":["4","5"]}}"#), "vpc-lattice-svcs:RequestQueryString/c", ["4", "5"]);
    has!(query_not_decoded, q("GET /x?q=a+b%20c"), "vpc-lattice-svcs:RequestQueryString/q", ["a+b%20c"]);
    has!(query_empty_pieces_skipped, q("GET /x?&a=1&&"), "vpc-lattice-svcs:RequestQueryString/a", ["1"]);
    has!(query_key_case_sensitive, q("query Page=2"), "vpc-lattice-svcs:RequestQueryString/Page", ["2"]);
    lacks!(query_key_other_case, q("query Page=2"), ["vpc-lattice-svcs:RequestQueryString/page"]);
    has!(service_arn, j("{}"), "vpc-lattice-svcs:ServiceArn", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0");
    has!(service_network_arn, j("{}"), "vpc-lattice-svcs:ServiceNetworkArn", "arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-0123456789abcdef0");
    has!(source_vpc_default, j("{}"), "vpc-lattice-svcs:SourceVpc", "vpc-0123456789abcdef0");
    has!(source_vpc, q("vpc vpc-1a2b3c4d"), "vpc-lattice-svcs:SourceVpc", "vpc-1a2b3c4d");
    has!(source_vpc_owner_default, j("{}"), "vpc-lattice-svcs:SourceVpcOwnerAccount", "123456789012");
    has!(source_vpc_owner, q("vpc-owner 444455556666"), "vpc-lattice-svcs:SourceVpcOwnerAccount", "444455556666");
    has!(resource_tag, q("service-tag Environment=Gamma"), "aws:ResourceTag/Environment", "Gamma");
    lacks!(resource_tag_case_sensitive, q("service-tag Environment=Gamma"), ["aws:ResourceTag/environment"]);
    has!(current_time_default, j("{}"), "aws:CurrentTime", "2024-05-01T12:00:00Z");
    has!(epoch_time_default, j("{}"), "aws:EpochTime", "1714564800");
    // `aws:CurrentTime` is the instant in UTC, as AWS writes it, whatever the offset or case given.
    has!(current_time_given, q("time 2024-01-01T01:00:00+01:00"), "aws:CurrentTime", "2024-01-01T00:00:00Z");
    has!(current_time_lower_case_with_fraction, q("time 2024-01-01t01:00:00.25+01:00"), "aws:CurrentTime", "2024-01-01T00:00:00.250Z");
    has!(current_time_leap_second, q("time 2016-12-31T23:59:60Z"), "aws:CurrentTime", "2017-01-01T00:00:00Z");
    has!(current_time_last_writable, q("time 9999-12-31T23:59:59.999Z"), "aws:CurrentTime", "9999-12-31T23:59:59.999Z");
    has!(current_time_first_writable, q("time 0000-01-01T01:00:00+01:00"), "aws:CurrentTime", "0000-01-01T00:00:00Z");
    has!(epoch_time_before_1970, q("time 1969-12-31T23:59:59.5Z"), "aws:EpochTime", "-1");
    has!(epoch_time_given, q("time 2024-01-01T01:00:00+01:00"), "aws:EpochTime", "1704067200");
    has!(source_ip, q("ip 203.0.113.7"), "aws:SourceIp", "203.0.113.7");
    has!(source_ip_v6, q("ip 2001:db8::1"), "aws:SourceIp", "2001:db8::1");
    lacks!(source_ip_default, j("{}"), ["aws:SourceIp"]);
    lacks!(source_ip_null, j(r#"{"sourceIp":null}"#), ["aws:SourceIp"]);
    lacks!(other_global_keys, q("as arn:aws:iam::111122223333:user/alice"), ["aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp", "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:TokenIssueTime", "aws:MultiFactorAuthPresent", "aws:RequestTag/x"]);

    has!(raw_override, q("context aws:SecureTransport=false"), "aws:SecureTransport", "false");
    has!(raw_override_any_case, q("context AWS:securetransport=false"), "aws:SecureTransport", "false");
    has!(raw_new_key, q("context aws:SourceVpce=vpce-1"), "aws:SourceVpce", "vpce-1");
    has!(raw_multi, q("context aws:TagKeys=a context aws:TagKeys=b"), "aws:TagKeys", ["a", "b"]);
    has!(raw_empty_list, q("context-list aws:TagKeys"), "aws:TagKeys", []);
    has!(raw_known_multi_key, q("context aws:PrincipalOrgPaths=o-a1b2c3d4e5/r-ab12/"), "aws:PrincipalOrgPaths", ["o-a1b2c3d4e5/r-ab12/"]);
    has!(raw_query_key_is_multi, j(r#"{"context":{"vpc-lattice-svcs:RequestQueryString/a":"1"}}"#), "vpc-lattice-svcs:RequestQueryString/a", ["1"]);
    has!(raw_json_array, j(r#"{"context":{"aws:x":["only"]}}"#), "aws:x", ["only"]);
    lacks!(raw_removed, q("without aws:CurrentTime without VPC-LATTICE-SVCS:port"), ["aws:CurrentTime", "vpc-lattice-svcs:Port"]);
    lacks!(raw_removed_json, j(r#"{"context":{"aws:SecureTransport":null}}"#), ["aws:SecureTransport"]);
    lacks!(raw_removed_absent_key, q("without aws:SourceIp"), ["aws:SourceIp"]);
}

#[rustfmt::skip]
mod resources {
    use super::*;

    resource!(root_path, q("GET /"), "vpc-lattice-svcs:Invoke", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/");
    resource!(default_path, j("{}"), "vpc-lattice-svcs:Invoke", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/");
    resource!(rates, q("GET /rates"), "vpc-lattice-svcs:Invoke", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/rates");
    resource!(query_string_removed, q("GET /a/b?x=1"), "vpc-lattice-svcs:Invoke", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/a/b");
    resource!(slash_added, j(r#"{"path":"rates"}"#), "vpc-lattice-svcs:Invoke", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/rates");
    resource!(not_normalised, q("GET /a//b/../c/"), "vpc-lattice-svcs:Invoke", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/a//b/../c/");
    resource!(grpc, q("grpc /api.parking/GetRates"), "vpc-lattice-svcs:Invoke", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/api.parking/GetRates");
    resource!(tls_bare_service, q("tls"), "vpc-lattice-svcs:Connect", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0");
    resource!(other_service, q("GET /x service arn:aws:vpc-lattice:eu-west-1:444455556666:service/svc-0a1b2c3d4e5f6a7b8"), "vpc-lattice-svcs:Invoke", "arn:aws:vpc-lattice:eu-west-1:444455556666:service/svc-0a1b2c3d4e5f6a7b8/x");
    resource!(full_action_name, j(r#"{"action":"vpc-lattice-svcs:Invoke"}"#), "vpc-lattice-svcs:Invoke", "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/");
}

#[test]
fn resource_uses_the_default_service() {
    assert!(resolve(q("GET /x")).resource().starts_with(SVC));
}

#[rustfmt::skip]
mod validation {
    use super::*;

    rejects!(unknown_protocol, j(r#"{"protocol":"HTTP2"}"#), Protocol msg "unknown protocol `HTTP2`" help "did you mean `HTTP`?");
    rejects!(unknown_protocol_far, j(r#"{"protocol":"smtp"}"#), Protocol help "the protocols are `HTTP`, `HTTPS`, `GRPC` and `TLS`");
    rejects!(unknown_action, j(r#"{"action":"Delete"}"#), Action msg "unknown action `Delete`");
    rejects!(tls_invoke, j(r#"{"protocol":"TLS","action":"Invoke"}"#), Action msg "a TLS connection cannot be `Invoke`");
    rejects!(https_connect, j(r#"{"protocol":"HTTPS","action":"Connect"}"#), Action msg "`Connect` is the action of TLS connections, not of HTTPS requests");
    rejects!(method_with_digit, j(r#"{"method":"G3T"}"#), Method msg "`G3T` is not a method");
    rejects!(method_empty, j(r#"{"method":""}"#), Method);
    rejects!(method_is_protocol, j(r#"{"method":"grpc"}"#), Method msg "`grpc` is a protocol, not a method");
    rejects!(path_with_space, j(r#"{"path":"/a b"}"#), Path msg "the path `/a b` holds a space");
    rejects!(path_with_newline, j(r#"{"path":"/a\nb"}"#), Path msg "the path `/a\\nb` holds the character `\\n`");
    rejects!(port_zero, j(r#"{"port":0}"#), Port msg "`port` `0` is impossible: ports are whole numbers from 1 to 65535" help "give a value such as `443`");
    rejects!(port_negative, j(r#"{"port":-443}"#), Port msg "`port` `-443` is impossible: ports are whole numbers from 1 to 65535");
    rejects!(port_too_big, j(r#"{"port":65536}"#), Port);
    rejects!(port_zero_in_a_query, q("port 0"), Port msg "`port` `0` is impossible: ports are whole numbers from 1 to 65535");
    rejects!(service_malformed, q("service svc-0123456789abcdef0"), Service msg "`service` `svc-0123456789abcdef0` is impossible: service ARNs are `arn:aws:vpc-lattice:REGION:ACCOUNT:service/svc-` followed by 17 lower-case letters and digits" help "give a value such as `arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0`");
    rejects!(service_with_path, q("service arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/rates"), Service help "give the path in `path`, not in the service ARN");
    rejects!(service_is_network, q("service arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-0123456789abcdef0"), Service);
    rejects!(service_no_region, q("service arn:aws:vpc-lattice::123456789012:service/svc-0123456789abcdef0"), Service);
    rejects!(service_upper_case_id, q("service arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-ABC"), Service);
    rejects!(network_malformed, q("network arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0"), ServiceNetwork msg "`serviceNetwork` `arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0` is impossible: service network ARNs are `arn:aws:vpc-lattice:REGION:ACCOUNT:servicenetwork/sn-` followed by 17 lower-case letters and digits");
    rejects!(vpc_not_hex, q("vpc vpc-prod"), SourceVpc msg "`sourceVpc` `vpc-prod` is impossible: VPC ids are `vpc-` followed by 8 or 17 lower-case hexadecimal digits");
    rejects!(vpc_no_prefix, q("vpc 1a2b3c4d"), SourceVpc);
    rejects!(vpc_owner_short, q("vpc-owner 1234"), SourceVpcOwnerAccount msg "`sourceVpcOwnerAccount` `1234` is impossible: account ids are 12 digits");
    rejects!(time_date_only, q("time 2024-05-01"), Time msg "the time `2024-05-01` is not an RFC 3339 timestamp");
    rejects!(time_no_zone, q("time 2024-05-01T12:00:00"), Time);
    rejects!(time_past_9999_in_utc, q("time 9999-12-31T23:59:59-01:00"), Time msg "the time `9999-12-31T23:59:59-01:00` is 10000-01-01T00:59:59Z in UTC, outside the years 0000 to 9999");
    rejects!(time_before_0000_in_utc, q("time 0000-01-01T00:30:00+01:00"), Time);
    rejects!(ip_cidr, q("ip 10.0.0.0/8"), SourceIp msg "`10.0.0.0/8` is not an IP address");
    rejects!(header_name_with_space, j(r#"{"headers":{"x env":"a"}}"#), Headers msg "`x env` is not a header name");
    rejects!(header_name_empty, j(r#"{"headers":{"":"a"}}"#), Headers);
    rejects!(header_twice_in_json, j(r#"{"headers":{"X-Env":"a","x-env":"b"}}"#), Headers msg "header `x-env` is given twice");
    rejects!(query_key_empty, j(r#"{"query":{"":"a"}}"#), Query msg "a query key is empty");
    rejects!(query_no_values, j(r#"{"query":{"a":[]}}"#), Query msg "query key `a` has no values");
    rejects!(service_tag_key_empty, j(r#"{"serviceTags":{"":"a"}}"#), ServiceTags);
    rejects!(context_key_without_prefix, q("context SecureTransport=false"), Context msg "`SecureTransport` is not a condition key" help "condition keys look like `aws:SourceIp` or `vpc-lattice-svcs:Port`");
    rejects!(context_key_twice_in_json, j(r#"{"context":{"aws:SourceIp":"1.2.3.4","AWS:sourceip":null}}"#), Context msg "context key `aws:SourceIp` is also given as `AWS:sourceip`");
}

#[test]
fn now_is_the_time_of_a_request_that_gives_none() {
    let later = Timestamp::from_millis(NOW.millis() + 1_500);
    assert_eq!(Request::resolve(j("{}"), later).unwrap().time(), later);
    let given = Request::resolve(j(r#"{"time":"2024-01-01T00:00:00Z"}"#), later).unwrap();
    assert_eq!(given.time().to_string(), "2024-01-01T00:00:00Z");
}

// ---------------------------------------------------------------------------
// describe() round trips
// ---------------------------------------------------------------------------

#[test]
fn describe_reads_like_the_brief() {
    let request = resolve(q("GET /rates as arn:aws:iam::111122223333:role/ops"));
    assert_eq!(
        request.describe(),
        "GET /rates as arn:aws:iam::111122223333:role/ops vpc vpc-0123456789abcdef0 port 443 time 2024-05-01T12:00:00Z"
    );
    assert_eq!(
        resolve(q("tls")).describe(),
        "tls from anonymous vpc vpc-0123456789abcdef0 port 443 time 2024-05-01T12:00:00Z"
    );
}

#[rustfmt::skip]
mod round_trips {
    use super::*;

    round_trip!(defaults, j("{}"));
    round_trip!(anonymous_get, q("GET /rates from anonymous"));
    round_trip!(account, q("POST /x as 111122223333"));
    round_trip!(root_other_partition, q("POST /x as arn:aws-us-gov:iam::111122223333:root"));
    round_trip!(user_with_path, q("GET / as arn:aws:iam::111122223333:user/eng/alice"));
    round_trip!(role, q("GET / as arn:aws:iam::111122223333:role/ops"));
    round_trip!(role_with_path, q("GET / as arn:aws:iam::111122223333:role/team/ops"));
    round_trip!(session, q("GET / as arn:aws:sts::111122223333:assumed-role/ops/alice@example.com"));
    round_trip!(session_named_session, q("GET / as arn:aws:sts::111122223333:assumed-role/ops/session"));
    round_trip!(session_with_role_arn, q("GET / as arn:aws:sts::111122223333:assumed-role/ops/s1 role-arn arn:aws:iam::111122223333:role/team/ops"));
    round_trip!(federated, q("GET / as arn:aws:sts::111122223333:federated-user/bob"));
    round_trip!(type_override, q("GET / as 111122223333 principal-type User"));
    rejects!(type_spelt_like_keyword, j(r#"{"principal":{"arn":"111122223333","type":"tag"}}"#), PrincipalType);
    round_trip!(org_and_tags, q("GET / as 111122223333 org o-a1b2c3d4e5 org-path o-a1b2c3d4e5/r-ab12/ org-path o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ tag team=payments tag Env=\"prod eu\""));
    round_trip!(tls, q("tls as 111122223333 port 8443"));
    round_trip!(grpc, q("grpc /api.parking/GetRates as 111122223333 header content-type=application/grpc query ignored=1"));
    round_trip!(http, q("PUT /x protocol http header X-A=1"));
    round_trip!(http_port, q("PUT /x protocol http port 8080"));
    round_trip!(custom_method_spelt_like_keyword, q("QUERY /search"));
    round_trip!(path_query_merged, j(r#"{"path":"/x?a=1&a=2&b","query":{"a":"3","c":["4","5"]}}"#));
    round_trip!(awkward_values, j(r#"{"headers":{"x-a":"","x-b":"two words","x-c":"say \"hi\" \\o/"},"query":{"a=b":"c=d","e":"port"}}"#));
    round_trip!(path_with_quote, j(r#"{"path":"/a\"b"}"#));
    round_trip!(everything_else, q("GET / vpc vpc-1a2b3c4d vpc-owner 444455556666 service arn:aws:vpc-lattice:eu-west-1:444455556666:service/svc-0a1b2c3d4e5f6a7b8 network arn:aws:vpc-lattice:eu-west-1:444455556666:servicenetwork/sn-0a1b2c3d4e5f6a7b8 service-tag env=prod ip 203.0.113.7 time 2024-01-01T00:00:00.5+01:00"));
    round_trip!(raw_context, q("GET / context aws:SecureTransport=false context aws:TagKeys=a context aws:TagKeys=b without aws:CurrentTime"));
    round_trip!(raw_context_lists, j(r#"{"context":{"aws:x":["only"],"aws:y":[],"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/","vpc-lattice-svcs:RequestQueryString/q":["1","2"]}}"#));
    round_trip!(raw_context_keyword_key, j(r#"{"context":{"aws:x":"as"}}"#));
}

#[test]
fn unicode_spaces_separate_words() {
    assert_eq!(
        q("GET\u{a0}/x\u{2003}as\u{3000}anonymous"),
        j(r#"{"method":"GET","path":"/x","principal":"anonymous"}"#)
    );
    let line = resolve(j(r#"{"headers":{"x-a":"a\u00a0b"}}"#)).describe();
    assert!(line.contains("header x-a=\"a\u{a0}b\""), "{line}");
}

/// Every string made of a few tricky pieces parses or fails without a panic,
/// and every span of an error lies inside the query on character boundaries.
#[test]
fn queries_never_panic() {
    let pieces = [
        "GET",
        " ",
        "/x",
        "\"",
        "\\",
        "=",
        "as",
        "header",
        "a=b",
        "é",
        "\u{a0}",
        "port",
        "99",
        "tls",
        "grpc",
        "context",
        "without",
        "aws:x",
        "?",
        "&",
        "\t",
        "from",
        "anonymous",
        "context-list",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..5_000 {
        let mut text = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 9) as usize;
        let mut s = seed;
        for _ in 0..len {
            text.push_str(pieces[(s % pieces.len() as u64) as usize]);
            s /= pieces.len() as u64;
            if s == 0 {
                s = seed.rotate_left(17);
            }
        }
        match parse_query(&text) {
            Ok(parsed) => {
                for c in &parsed.clauses {
                    assert!(
                        c.span.slice(&text).is_some(),
                        "clause span {:?} of `{text}`",
                        c.span
                    );
                }
                if let Ok(request) = Request::resolve(parsed.spec, NOW) {
                    let line = request.describe();
                    let again = Request::resolve(q(&line), NOW).unwrap();
                    assert_eq!(again, request, "`{text}` describes as `{line}`");
                }
            }
            Err(e) => assert!(
                e.span().slice(&text).is_some(),
                "error span {:?} of `{text}`",
                e.span()
            ),
        }
    }
}
