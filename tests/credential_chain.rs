//! The credential chain with its network sources (issue 16), against
//! loopback stand-ins: each source wins in botocore's order when several
//! are set, instance metadata speaks IMDSv2 (tokens, 401s, IMDSv1 only when
//! allowed), container credentials carry their token, expiring credentials
//! are refreshed, the offline walk never touches the network, and no
//! secret is ever shown.

#[path = "credential_chain/standins.rs"]
pub(crate) mod standins;

use std::path::{Path, PathBuf};
use std::time::Duration;

use lattice_policy::sigv4::chain::identity::Identity;
use lattice_policy::sigv4::chain::{
    explain, resolve, resolve_online, ChainOptions, CredentialProvider, CredentialSource,
    Environment, OnlineOptions, Outcome, SOURCES,
};
use lattice_policy::sigv4::Secret;

use standins::{in_seconds, Container, Imds};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lattice-policy-chain-online-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn env(pairs: &[(&str, String)]) -> Environment {
    Environment {
        vars: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    }
}

/// Options for tests: fast container retries.
fn online() -> OnlineOptions {
    OnlineOptions {
        container_retry_delay: Duration::from_millis(10),
        ..OnlineOptions::default()
    }
}

/// Nothing secret in any text the chain produced.
fn assert_no_secret(text: &str) {
    for secret in [
        "imds-secret",
        "imds-token",
        "container-secret",
        "container-token",
        "imds-session-token",
        "auth-token-value",
        "cached-secret",
        "file-secret",
        "env-secret",
        "cli-secret",
        "process-secret",
        "config-secret",
    ] {
        assert!(
            !text.contains(secret),
            "a secret ({secret}) shows in: {text}"
        );
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn cache_file(home: &Path, key: &str, id: &str, expires_in: i64) {
    cache_file_of(home, key, id, expires_in, None);
}

/// A cache file whose `AssumedRoleUser` names `session` (STS's answer does).
fn cache_file_of(home: &Path, key: &str, id: &str, expires_in: i64, session: Option<&str>) {
    let user = session
        .map(|arn| format!(r#""Arn": "{arn}", "AssumedRoleId": "AROAEXAMPLE:s""#))
        .unwrap_or_default();
    write(
        &home.join(".aws/cli/cache").join(format!("{key}.json")),
        &format!(
            r#"{{"Credentials": {{"AccessKeyId": "{id}", "SecretAccessKey": "cached-secret-{id}", "SessionToken": "cached-secret-token", "Expiration": "{}"}}, "AssumedRoleUser": {{{user}}}}}"#,
            in_seconds(expires_in)
        ),
    );
}

/// What the chain says of the caller, in a word: `principal ARN [role
/// ROLE]`, `account A`, or `unknown`.
fn caller(identity: &Identity) -> String {
    match identity {
        Identity::Principal {
            arn,
            role_arn: Some(role),
            ..
        } => format!("principal {arn} role {role}"),
        Identity::Principal { arn, .. } => format!("principal {arn}"),
        Identity::Account { account, .. } => format!("account {account}"),
        Identity::Unknown => "unknown".to_owned(),
    }
}

/// Python: sha1(json.dumps({'RoleArn': ROLE_ARN}, sort_keys=True)).
const ROLE_ARN: &str = "arn:aws:iam::111122223333:role/r";
const ROLE_KEY: &str = "e2d92bb0968bc57e345aa2b57c84f636d95a03fd";
/// Python: sha1(json.dumps({'accountId': '111122223333', 'roleName': 'Dev',
/// 'sessionName': 'corp'}, sort_keys=True, separators=(',', ':'))).
const SSO_KEY: &str = "20985b56d713cfd135648cadc68a6115ca80d9a5";

/// Everything set at once; each stage takes the top source away, and the
/// next one in botocore's order must win. This is every adjacent pair, and
/// the all-set case first.
#[test]
fn each_source_wins_in_order() {
    let home = scratch("order");
    let imds = Imds::start();
    let container = Container::start(Some("auth-token-value"));
    let web_role = "arn:aws:iam::111122223333:role/web";
    // Python: sha1(json.dumps({'RoleArn': web_role}, sort_keys=True)).
    let web_key = lattice_policy_sha1_key(web_role);
    cache_file(&home, ROLE_KEY, "ASIAROLE", 3600);
    let web_session = "arn:aws:sts::111122223333:assumed-role/web/web-session";
    cache_file_of(&home, &web_key, "ASIAWEB", 3600, Some(web_session));
    cache_file(&home, SSO_KEY, "ASIASSO", 3600);
    let process_json = r#"{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process-secret", "AccountId": "444455556666"}"#;
    let config = |role: bool, sso: bool, process: bool, keys: bool| {
        let mut text = String::from("[profile p]\nregion = eu-west-1\n");
        if role {
            text.push_str(&format!("role_arn = {ROLE_ARN}\nsource_profile = base\n"));
        }
        if sso {
            text.push_str(
                "sso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n",
            );
        }
        if process {
            text.push_str(&format!(
                "credential_process = printf '%s' '{process_json}'\n"
            ));
        }
        if keys {
            text.push_str(
                "aws_access_key_id = AKIDCONFIG\naws_secret_access_key = config-secret\n",
            );
        }
        text.push_str("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
        text
    };
    let config_path = home.join("config");
    let credentials_path = home.join("credentials");
    let token_file = home.join("web-token");
    write(&token_file, "web-identity-jwt");
    let base = |stage: usize| {
        let mut vars = vec![
            ("HOME", home.display().to_string()),
            ("AWS_PROFILE", "p".to_owned()),
            ("AWS_CONFIG_FILE", config_path.display().to_string()),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                credentials_path.display().to_string(),
            ),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.server.url()),
        ];
        if stage <= 1 {
            vars.push(("AWS_ACCESS_KEY_ID", "AKIDENV".to_owned()));
            vars.push(("AWS_SECRET_ACCESS_KEY", "env-secret".to_owned()));
        }
        if stage <= 3 {
            vars.push((
                "AWS_WEB_IDENTITY_TOKEN_FILE",
                token_file.display().to_string(),
            ));
            vars.push(("AWS_ROLE_ARN", web_role.to_owned()));
        }
        if stage <= 8 {
            vars.push((
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                format!("{}/creds", container.server.url()),
            ));
            vars.push((
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "auth-token-value".to_owned(),
            ));
        }
        env(&vars)
    };
    // Each source's credentials, and who the chain can say the caller is
    // without calling AWS: keys say nothing; a cached role answer names
    // its session (else the profile's role); Identity Center only the
    // account; a credential_process its AccountId; container credentials
    // their RoleArn; instance metadata the instance's session.
    let expected = [
        ("AKIDCLI", "command line", "unknown".to_owned()),
        ("AKIDENV", "environment", "unknown".to_owned()),
        ("ASIAROLE", "assume role", format!("principal {ROLE_ARN}")),
        (
            "ASIAWEB",
            "web identity",
            format!("principal {web_session} role {web_role}"),
        ),
        (
            "ASIASSO",
            "IAM Identity Center",
            "account 111122223333".to_owned(),
        ),
        ("AKIDFILE", "shared credentials file", "unknown".to_owned()),
        (
            "AKIDPROCESS",
            "credential_process",
            "account 444455556666".to_owned(),
        ),
        ("AKIDCONFIG", "config file", "unknown".to_owned()),
        (
            "ASIACONTAINER1",
            "container credentials",
            format!("principal {}", standins::TASK_ROLE),
        ),
        (
            "ASIAIMDS1",
            "instance metadata (IMDS)",
            format!("principal {}", standins::INSTANCE_SESSION),
        ),
    ];
    for (stage, (id, source, who)) in expected.iter().enumerate() {
        write(
            &config_path,
            &config(stage <= 2, stage <= 4, stage <= 6, stage <= 7),
        );
        let file = if stage <= 5 {
            "[p]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n"
        } else {
            "[other]\n"
        };
        write(&credentials_path, file);
        let options = ChainOptions {
            access_key_id: (stage == 0).then(|| "AKIDCLI".to_owned()),
            secret_access_key: (stage == 0).then(|| Secret::new("cli-secret")),
            ..ChainOptions::default()
        };
        let resolved = resolve_online(&options, &base(stage), &online())
            .unwrap_or_else(|e| panic!("stage {stage}: {e}"));
        assert_eq!(resolved.credentials.access_key_id, *id, "stage {stage}");
        assert_eq!(caller(&resolved.identity), *who, "stage {stage}");
        // The steps: the ones before skipped, this one used, the rest not reached.
        assert_eq!(resolved.steps.len(), SOURCES.len());
        for (i, step) in resolved.steps.iter().enumerate() {
            let want = match i.cmp(&stage) {
                std::cmp::Ordering::Less => Outcome::Skipped,
                std::cmp::Ordering::Equal => Outcome::Used,
                std::cmp::Ordering::Greater => Outcome::NotReached,
            };
            assert_eq!(step.outcome, want, "stage {stage}: {step}");
        }
        assert_eq!(resolved.steps[stage].source, *source);
        assert_eq!(resolved.region.as_deref(), Some("eu-west-1"));
        assert_no_secret(&format!("{resolved:?} {}", resolved.source));
        for step in &resolved.steps {
            assert_no_secret(&step.to_string());
        }
    }
    // The network sources were each asked exactly when they were reached.
    assert_eq!(container.with(|s| s.served), 1);
    assert_eq!(imds.with(|s| (s.puts, s.served)), (1, 1));
}

/// botocore's cache key for a role with no other settings.
fn lattice_policy_sha1_key(role_arn: &str) -> String {
    lattice_policy::sigv4::chain::cache::assume_role_key(role_arn, None)
}

#[test]
fn the_offline_walk_never_touches_the_network() {
    let imds = Imds::start();
    let container = Container::start(None);
    let e = env(&[
        ("HOME", scratch("offline").display().to_string()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.server.url()),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.server.url()),
    ]);
    let error = resolve(&ChainOptions::default(), &e).unwrap_err();
    assert!(error.skipped.iter().any(|s| s.contains("IMDS")), "{error}");
    assert!(
        error.skipped.iter().any(|s| s.contains("container")),
        "{error}"
    );
    let last = error.steps.last().unwrap();
    assert_eq!(last.outcome, Outcome::Skipped);
    assert!(last.reason.contains("offline"), "{last}");
    assert_eq!(imds.with(|s| s.requests), 0);
    assert_eq!(container.with(|s| s.served + s.refused), 0);
    // The same setting online reaches them.
    let resolved = resolve_online(&ChainOptions::default(), &e, &online()).unwrap();
    assert!(matches!(
        resolved.source,
        CredentialSource::Container { .. }
    ));
}

fn imds_env(imds: &Imds) -> Environment {
    env(&[
        ("HOME", "/nonexistent-home".to_owned()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.server.url()),
    ])
}

#[test]
fn imds_v2_session_token_then_the_role() {
    let imds = Imds::start();
    let resolved = resolve_online(&ChainOptions::default(), &imds_env(&imds), &online()).unwrap();
    assert_eq!(resolved.credentials.access_key_id, "ASIAIMDS1");
    assert_eq!(
        resolved.credentials.secret_access_key.expose(),
        "imds-secret-1"
    );
    assert_eq!(
        resolved
            .credentials
            .session_token
            .as_ref()
            .map(Secret::expose),
        Some("imds-token-1")
    );
    assert!(resolved.expiration.is_some());
    match &resolved.source {
        CredentialSource::InstanceMetadata { role, endpoint } => {
            assert_eq!(role, standins::ROLE);
            assert_eq!(*endpoint, imds.server.url());
        }
        other => panic!("{other:?}"),
    }
    // One token, asked for with the SDKs' six hours; no tokenless GET.
    imds.with(|s| {
        assert_eq!((s.puts, s.puts_without_ttl, s.tokenless_gets), (1, 0, 0));
        assert_eq!(s.last_ttl.as_deref(), Some("21600"));
    });
    // The role name from the profile's setting skips the listing: a wrong
    // name is a 404 from the stand-in.
    let mut e = imds_env(&imds);
    e.vars
        .insert("AWS_EC2_INSTANCE_PROFILE_NAME".into(), "other-role".into());
    let error = resolve_online(&ChainOptions::default(), &e, &online()).unwrap_err();
    assert!(error.message.contains("other-role"), "{error}");
}

#[test]
fn expiring_credentials_are_refreshed_and_the_token_reused() {
    let imds = Imds::start();
    // Five minutes left: inside the SDKs' refresh window, so each use
    // fetches the rotated credentials.
    imds.with(|s| s.lifetime = 5 * 60);
    let provider =
        CredentialProvider::new(ChainOptions::default(), imds_env(&imds), online()).unwrap();
    assert_eq!(provider.resolved().credentials.access_key_id, "ASIAIMDS1");
    assert_eq!(provider.current().unwrap().access_key_id, "ASIAIMDS2");
    assert_eq!(provider.current().unwrap().access_key_id, "ASIAIMDS3");
    // One session token served all of it.
    assert_eq!(imds.with(|s| s.puts), 1);
    // A revoked token: the GET's 401 brings a new one, once.
    imds.with(|s| s.tokens.clear());
    assert_eq!(provider.current().unwrap().access_key_id, "ASIAIMDS4");
    assert_eq!(imds.with(|s| s.puts), 2);
    // Six hours left: no refresh.
    imds.with(|s| s.lifetime = 6 * 3600);
    assert_eq!(provider.current().unwrap().access_key_id, "ASIAIMDS5");
    assert_eq!(provider.current().unwrap().access_key_id, "ASIAIMDS5");
    assert_eq!(imds.with(|s| s.served), 5);
}

#[test]
fn a_failed_refresh_keeps_credentials_only_outside_the_mandatory_window() {
    let imds = Imds::start();
    // Twelve minutes left: an advisory refresh, which may fail.
    imds.with(|s| s.lifetime = 12 * 60);
    let provider =
        CredentialProvider::new(ChainOptions::default(), imds_env(&imds), online()).unwrap();
    imds.with(|s| s.broken = true);
    assert_eq!(provider.current().unwrap().access_key_id, "ASIAIMDS1");
    // Five minutes left: the refresh must succeed.
    imds.with(|s| {
        s.broken = false;
        s.lifetime = 5 * 60;
    });
    let provider =
        CredentialProvider::new(ChainOptions::default(), imds_env(&imds), online()).unwrap();
    imds.with(|s| s.broken = true);
    let error = provider.current().unwrap_err();
    assert!(error.message.contains("refreshing"), "{error}");
    assert_no_secret(&error.to_string());
}

#[test]
fn imds_v1_only_when_allowed() {
    let imds = Imds::start();
    imds.with(|s| {
        s.refuse_put = true;
        s.allow_v1 = true;
    });
    let error = resolve_online(&ChainOptions::default(), &imds_env(&imds), &online()).unwrap_err();
    assert!(error.message.contains("403"), "{error}");
    assert!(error.message.contains("--imds-v1"), "{error}");
    assert_eq!(imds.with(|s| s.tokenless_gets), 0);
    assert_eq!(error.steps.last().unwrap().outcome, Outcome::Failed);
    let allowed = OnlineOptions {
        allow_imds_v1: true,
        ..online()
    };
    let resolved = resolve_online(&ChainOptions::default(), &imds_env(&imds), &allowed).unwrap();
    assert_eq!(resolved.credentials.access_key_id, "ASIAIMDS1");
    // The listing, the role's credentials, then iam/info and instance-id
    // for the caller's name.
    assert_eq!(imds.with(|s| s.tokenless_gets), 4);
    // Disabled by the SDKs' own setting, --imds-v1 does not bring it back.
    let mut e = imds_env(&imds);
    e.vars
        .insert("AWS_EC2_METADATA_V1_DISABLED".into(), "true".into());
    let error = resolve_online(&ChainOptions::default(), &e, &allowed).unwrap_err();
    assert!(
        error.message.contains("AWS_EC2_METADATA_V1_DISABLED"),
        "{error}"
    );
}

#[test]
fn a_put_timeout_names_the_hop_limit() {
    let imds = Imds::start();
    imds.with(|s| s.slow_put = Some(Duration::from_millis(800)));
    let quick = OnlineOptions {
        imds_timeout: Some(Duration::from_millis(200)),
        ..online()
    };
    let error = resolve_online(&ChainOptions::default(), &imds_env(&imds), &quick).unwrap_err();
    assert!(error.message.contains("timed out"), "{error}");
    assert!(error.message.contains("hop limit"), "{error}");
    // The SDKs' own timeout setting does the same.
    let mut e = imds_env(&imds);
    e.vars
        .insert("AWS_METADATA_SERVICE_TIMEOUT".into(), "0.2".into());
    let started = std::time::Instant::now();
    let error = resolve_online(&ChainOptions::default(), &e, &online()).unwrap_err();
    assert!(error.message.contains("timed out"), "{error}");
    assert!(
        started.elapsed() < Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn ipv6_mode_asks_the_ipv6_endpoint() {
    let e = env(&[
        ("HOME", "/nonexistent-home".into()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6".into()),
    ]);
    let quick = OnlineOptions {
        imds_timeout: Some(Duration::from_millis(100)),
        ..online()
    };
    // Nothing answers there on a test machine; the error names where it asked.
    let error = resolve_online(&ChainOptions::default(), &e, &quick).unwrap_err();
    assert!(
        error
            .message
            .contains("http://[fd00:ec2::254]/latest/api/token"),
        "{error}"
    );
}

#[test]
fn imds_disabled_and_endpoint_settings() {
    let imds = Imds::start();
    let mut e = imds_env(&imds);
    e.vars
        .insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
    let error = resolve_online(&ChainOptions::default(), &e, &online()).unwrap_err();
    let last = error.steps.last().unwrap();
    assert_eq!(
        (last.outcome, last.reason.as_str()),
        (Outcome::Skipped, "AWS_EC2_METADATA_DISABLED is true")
    );
    assert_eq!(imds.with(|s| s.requests), 0);
    // The endpoint from the config file's ec2_metadata_service_endpoint.
    let home = scratch("imds-config");
    let config = home.join("config");
    write(
        &config,
        &format!(
            "[default]\nec2_metadata_service_endpoint = {}/\n",
            imds.server.url()
        ),
    );
    let e = env(&[
        ("HOME", home.display().to_string()),
        ("AWS_CONFIG_FILE", config.display().to_string()),
    ]);
    let resolved = resolve_online(&ChainOptions::default(), &e, &online()).unwrap();
    assert_eq!(resolved.credentials.access_key_id, "ASIAIMDS1");
    // A mode that is neither IPv4 nor IPv6 is an error that says so.
    let e = env(&[
        ("HOME", "/nonexistent-home".into()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5".into()),
    ]);
    let error = resolve_online(&ChainOptions::default(), &e, &online()).unwrap_err();
    assert!(error.message.contains("IPv5"), "{error}");
}

#[test]
fn container_credentials_carry_their_token() {
    let container = Container::start(Some("auth-token-value"));
    let full = |token: Option<&str>| {
        let mut vars = vec![
            ("HOME", "/nonexistent-home".to_owned()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                format!("{}/v1/credentials", container.server.url()),
            ),
        ];
        if let Some(token) = token {
            vars.push(("AWS_CONTAINER_AUTHORIZATION_TOKEN", token.to_owned()));
        }
        env(&vars)
    };
    let resolved = resolve_online(
        &ChainOptions::default(),
        &full(Some("auth-token-value")),
        &online(),
    )
    .unwrap();
    assert_eq!(resolved.credentials.access_key_id, "ASIACONTAINER1");
    assert_eq!(
        resolved
            .credentials
            .session_token
            .as_ref()
            .map(Secret::expose),
        Some("container-token-1")
    );
    // A wrong token is refused, three times as botocore tries, and the
    // error never shows it.
    let error = resolve_online(
        &ChainOptions::default(),
        &full(Some("auth-token-value-wrong")),
        &online(),
    )
    .unwrap_err();
    assert!(error.message.contains("401"), "{error}");
    assert_eq!(container.with(|s| s.refused), 3);
    assert_no_secret(&format!("{error} {error:?}"));
    // An http URL off the host is refused before anything is sent.
    let mut e = full(None);
    e.vars.insert(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI".into(),
        "http://10.1.2.3/creds".into(),
    );
    let error = resolve_online(&ChainOptions::default(), &e, &online()).unwrap_err();
    assert!(error.message.contains("loopback"), "{error}");
}

#[test]
fn the_token_file_is_read_on_each_fetch_and_wins() {
    let dir = scratch("token-file");
    let token_file = dir.join("eks-pod-identity-token");
    write(&token_file, "auth-token-value-1");
    let container = Container::start(Some("auth-token-value-1"));
    container.with(|s| s.lifetime = 5 * 60);
    let e = env(&[
        ("HOME", dir.display().to_string()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.server.url()),
        // The file wins over the variable, as in botocore.
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "auth-token-value-stale".to_owned(),
        ),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            token_file.display().to_string(),
        ),
    ]);
    let provider = CredentialProvider::new(ChainOptions::default(), e, online()).unwrap();
    assert_eq!(
        provider.resolved().credentials.access_key_id,
        "ASIACONTAINER1"
    );
    // EKS rotates the token: the next refresh sends the new one.
    write(&token_file, "auth-token-value-2");
    container.with(|s| s.token = Some("auth-token-value-2".into()));
    assert_eq!(provider.current().unwrap().access_key_id, "ASIACONTAINER2");
    assert_eq!(container.with(|s| s.refused), 0);
    let steps = provider.resolved().steps;
    let used = steps.iter().find(|s| s.outcome == Outcome::Used).unwrap();
    assert!(
        used.reason
            .contains("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
        "{used}"
    );
    assert_no_secret(&used.to_string());
}

#[test]
fn the_relative_uri_wins_over_the_full_one() {
    let relative = Container::start(None);
    let full = Container::start(None);
    let e = env(&[
        ("HOME", "/nonexistent-home".to_owned()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        (
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/task-id".to_owned(),
        ),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full.server.url()),
    ]);
    let hooked = OnlineOptions {
        container_host: Some(relative.server.addr.to_string()),
        ..online()
    };
    let resolved = resolve_online(&ChainOptions::default(), &e, &hooked).unwrap();
    assert_eq!(
        resolved.source,
        CredentialSource::Container {
            url: format!("{}/v2/credentials/task-id", relative.server.url())
        }
    );
    assert_eq!(
        (relative.with(|s| s.served), full.with(|s| s.served)),
        (1, 0)
    );
}

#[test]
fn credential_process_expiration_is_refreshed() {
    let dir = scratch("process-refresh");
    let counter = dir.join("n");
    write(&counter, "0");
    let script = dir.join("creds.sh");
    write(
        &script,
        &format!(
            "n=$(($(cat {c}) + 1)); echo $n > {c}; printf '{{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC%s\", \"SecretAccessKey\": \"process-secret\", \"SessionToken\": \"t\", \"Expiration\": \"{}\"}}' $n\n",
            in_seconds(5 * 60),
            c = counter.display()
        ),
    );
    let config = dir.join("config");
    write(
        &config,
        &format!("[default]\ncredential_process = sh {}\n", script.display()),
    );
    let e = env(&[
        ("HOME", dir.display().to_string()),
        ("AWS_CONFIG_FILE", config.display().to_string()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
    ]);
    let provider = CredentialProvider::new(ChainOptions::default(), e, online()).unwrap();
    let first = provider.resolved();
    assert_eq!(first.credentials.access_key_id, "AKIDPROC1");
    assert!(first.expiration.is_some());
    assert_eq!(provider.current().unwrap().access_key_id, "AKIDPROC2");
}

#[test]
fn role_and_sso_profiles_without_cached_credentials_stop_and_say_why() {
    let home = scratch("needs-aws");
    let config = home.join("config");
    write(
        &config,
        &format!("[profile role]\nrole_arn = {ROLE_ARN}\nsource_profile = base\n[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"),
    );
    let e = env(&[
        ("HOME", home.display().to_string()),
        ("AWS_CONFIG_FILE", config.display().to_string()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
    ]);
    let profile = |name: &str| ChainOptions {
        profile: Some(name.to_owned()),
        ..ChainOptions::default()
    };
    let error = resolve_online(&profile("role"), &e, &online()).unwrap_err();
    assert!(error.message.contains("STS AssumeRole"), "{error}");
    assert!(error.message.contains("never calls AWS"), "{error}");
    // Expired cached credentials are no better than none.
    cache_file(&home, ROLE_KEY, "ASIAROLE", 60);
    let error = resolve_online(&profile("role"), &e, &online()).unwrap_err();
    assert!(error.message.contains("expire"), "{error}");
    cache_file(&home, ROLE_KEY, "ASIAROLE", 3600);
    let resolved = resolve_online(&profile("role"), &e, &online()).unwrap();
    assert_eq!(resolved.credentials.access_key_id, "ASIAROLE");
    // SSO: no sign-in token, then a valid one that still needs the portal.
    let error = resolve_online(&profile("sso"), &e, &online()).unwrap_err();
    assert!(error.message.contains("aws sso login"), "{error}");
    // Python: sha1(b'corp').hexdigest()
    write(
        &home.join(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        &format!(
            r#"{{"accessToken": "sso-secret-token", "expiresAt": "{}"}}"#,
            in_seconds(3600)
        ),
    );
    let error = resolve_online(&profile("sso"), &e, &online()).unwrap_err();
    assert!(error.message.contains("GetRoleCredentials"), "{error}");
    assert!(!error.to_string().contains("sso-secret-token"));
    // Offline, the same profiles are skipped and named, as before.
    let error = resolve(&profile("sso"), &e).unwrap_err();
    assert!(
        error
            .skipped
            .iter()
            .any(|s| s.contains("IAM Identity Center")),
        "{error}"
    );
}

#[test]
fn explain_lists_every_source_without_secrets() {
    let container = Container::start(Some("auth-token-value"));
    let e = env(&[
        ("HOME", "/nonexistent-home".to_owned()),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.server.url()),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "auth-token-value".to_owned(),
        ),
    ]);
    let steps = explain(&ChainOptions::default(), &e, Some(&online()));
    let names: Vec<&str> = steps.iter().map(|s| s.source).collect();
    assert_eq!(names, SOURCES);
    assert_eq!(steps[8].outcome, Outcome::Used);
    assert_eq!(steps[9].outcome, Outcome::NotReached);
    let text = lattice_policy::sigv4::chain::render_steps(&steps);
    assert!(text.contains("ASIACONTAINER1"), "{text}");
    assert_no_secret(&text);
    let json = serde_json::Value::Array(steps.iter().map(|s| s.to_json()).collect()).to_string();
    assert_no_secret(&json);
}

#[test]
fn a_named_profile_that_is_nowhere_stops_the_walk() {
    let e = env(&[
        ("HOME", scratch("no-profile").display().to_string()),
        ("AWS_PROFILE", "typo".to_owned()),
        ("AWS_ACCESS_KEY_ID", "AKIDENV".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "env-secret".to_owned()),
    ]);
    // As the AWS CLI: not the environment's keys, not the instance's role.
    for result in [
        resolve(&ChainOptions::default(), &e),
        resolve_online(&ChainOptions::default(), &e, &online()),
    ] {
        let error = result.unwrap_err();
        assert!(error.message.contains("profile typo"), "{error}");
        assert_eq!(error.steps[1].outcome, Outcome::Failed);
    }
}

#[test]
fn policy_sign_shows_the_steps_it_walked() {
    let dir = scratch("sign-steps");
    let config = dir.join("config");
    write(&config, "[profile dev]\nregion = us-west-2\n");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_policy"))
        .args([
            "sign",
            "https://svc-1.x.vpc-lattice-svcs.us-west-2.on.aws/",
            "--profile",
            "dev",
            "--show-credential-source",
        ])
        .env("AWS_ACCESS_KEY_ID", "AKIDENV")
        .env("AWS_SECRET_ACCESS_KEY", "env-secret-value")
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        .env_remove("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--profile dev is given"), "{stderr}");
    assert!(stderr.contains("skipped     environment"), "{stderr}");
    assert!(
        stderr.contains("AWS_EC2_METADATA_DISABLED is true"),
        "{stderr}"
    );
    assert_no_secret(&stderr);
}

/// Where a source cannot name the caller, the chain says it does not know,
/// rather than guess: instance metadata without `iam/info` or
/// `instance-id`, container credentials without `RoleArn`, a cached role
/// answer without a session but a `role_session_name` in the profile.
#[test]
fn the_caller_is_unknown_where_the_source_does_not_say() {
    let imds = Imds::start();
    imds.with(|s| s.profile_arn = None);
    let resolved = resolve_online(&ChainOptions::default(), &imds_env(&imds), &online()).unwrap();
    assert_eq!(resolved.credentials.access_key_id, "ASIAIMDS1");
    assert_eq!(resolved.identity, Identity::Unknown);
    imds.with(|s| {
        s.profile_arn = Some(standins::PROFILE_ARN.to_owned());
        s.instance_id = None;
    });
    let resolved = resolve_online(&ChainOptions::default(), &imds_env(&imds), &online()).unwrap();
    assert_eq!(resolved.identity, Identity::Unknown);

    let container = Container::start(None);
    container.with(|s| s.role_arn = None);
    let e = env(&[
        ("HOME", "/nonexistent-home".to_owned()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.server.url()),
    ]);
    let resolved = resolve_online(&ChainOptions::default(), &e, &online()).unwrap();
    assert_eq!(resolved.identity, Identity::Unknown);

    // A role profile whose cached answer names no session: the profile's
    // role_session_name makes the session's ARN.
    let home = scratch("session-name");
    let key = lattice_policy::sigv4::chain::cache::assume_role_key(
        ROLE_ARN,
        Some(
            &[("role_session_name".to_owned(), "ci-run".to_owned())]
                .into_iter()
                .collect(),
        ),
    );
    cache_file(&home, &key, "ASIAROLE", 3600);
    let config = home.join("config");
    write(
        &config,
        &format!(
            "[profile p]\nrole_arn = {ROLE_ARN}\nsource_profile = p\nrole_session_name = ci-run\n"
        ),
    );
    let e = env(&[
        ("HOME", home.display().to_string()),
        ("AWS_CONFIG_FILE", config.display().to_string()),
        ("AWS_PROFILE", "p".to_owned()),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
    ]);
    let resolved = resolve(&ChainOptions::default(), &e).unwrap();
    assert_eq!(resolved.credentials.access_key_id, "ASIAROLE");
    assert_eq!(
        caller(&resolved.identity),
        format!("principal arn:aws:sts::111122223333:assumed-role/r/ci-run role {ROLE_ARN}")
    );
}
