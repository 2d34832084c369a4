//! `policy call` against stand-ins on 127.0.0.1 (docs/call.md): a Lattice
//! service that authenticates with botocore, an independent signer, and
//! applies the workshop's model policy; a flaky endpoint for the retries;
//! an HTTPS endpoint (HTTP/2 or HTTP/1.1 by ALPN) with a certificate
//! authority made for the test; and the credential chain's instance
//! metadata and container stand-ins (tests/credential_chain/standins.rs).
//! Nothing leaves the machine.

use std::io::{BufRead, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use super::*;
use crate::credential_chain::standins::{self, Container, Imds};

const SERVICE: &str = "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0";
/// An access key id that encodes the account 123456789012, as real keys do.
const KEY: &str = "AKIARZPUZDIKAAEXAMPL";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const USER: &str = "arn:aws:iam::123456789012:user/workshop";
/// Temporary credentials: the key, its secret and token.
const TEMP_KEY: &str = "ASIARZPUZDIKAATMPSES";
const TEMP_SECRET: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLETOKEN/with+slash==";
const ROLE_SESSION: &str = "arn:aws:sts::123456789012:assumed-role/workshop-instance/i-0abc";
/// A session of the container stand-in's task role, as Lattice names it.
const TASK_SESSION: &str = "arn:aws:sts::123456789012:assumed-role/task/0123456789abcdef";
const MODEL_POLICY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/policies/no-anonymous-no-get/policy.json"
);

/// A stand-in server, killed when dropped.
struct StandIn {
    child: Child,
    port: u16,
    _config: Option<Scratch>,
}

impl StandIn {
    fn start(python: &Path, script: &str, args: &[PathBuf], config: Option<Scratch>) -> StandIn {
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/standins")
            .join(script);
        let mut child = Command::new(python)
            .arg(&script)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{} did not start: {line:?}", script.display()));
        StandIn {
            child,
            port,
            _config: config,
        }
    }

    /// The Lattice stand-in, knowing the long-term and the temporary test
    /// credentials.
    fn lattice() -> StandIn {
        let python = crate::tools::python_with(&["botocore"]);
        let scratch = Scratch::new("call-lattice");
        let config = json!({
            "region": "us-west-2",
            "service": SERVICE,
            "credentials": {
                KEY: {"secret": SECRET, "token": null, "principal": USER},
                TEMP_KEY: {"secret": TEMP_SECRET, "token": TOKEN, "principal": ROLE_SESSION},
                // The instance metadata stand-in's first credentials (one
                // for each of two runs), for the instance's role session.
                "ASIAIMDS1": {"secret": "imds-secret-1", "token": "imds-token-1", "principal": standins::INSTANCE_SESSION},
                "ASIAIMDS2": {"secret": "imds-secret-2", "token": "imds-token-2", "principal": standins::INSTANCE_SESSION},
                // The container stand-in's first credentials, for a
                // session of its task role.
                "ASIACONTAINER1": {"secret": "container-secret-1", "token": "container-token-1", "principal": TASK_SESSION},
            },
        });
        let path = scratch.file("lattice.json", config.to_string());
        StandIn::start(&python, "lattice.py", &[path], Some(scratch))
    }

    fn flaky() -> StandIn {
        let python = crate::tools::python_with(&["json"]);
        StandIn::start(&python, "flaky.py", &[], None)
    }

    /// The HTTPS stand-in with `pki`'s server certificate, offering the
    /// ALPN protocols `alpn` (`h2,http/1.1` or `http/1.1`).
    fn tls(pki: &TestPki, alpn: &str) -> StandIn {
        let python = crate::tools::python_with(&["h2"]);
        StandIn::start(
            &python,
            "tls.py",
            &[pki.cert.clone(), pki.key.clone(), PathBuf::from(alpn)],
            None,
        )
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn https_url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }

    /// What the flaky stand-in saw.
    fn log(&self) -> Vec<Value> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /_log HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        let body = text.split_once("\r\n\r\n").unwrap().1;
        serde_json::from_str::<Value>(body)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `policy call ARGS` with the environment reduced to `env`: no
/// profile, no shared files, no proxy, no instance metadata.
fn call(args: &[&str], env: &[(&str, &str)]) -> Run {
    let home = Scratch::new("call-home");
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"call"];
    for a in args {
        all.push(a);
    }
    let mut cmd = command(&all);
    for (name, _) in std::env::vars() {
        let lower = name.to_ascii_lowercase();
        // SSL_CERT_FILE and SSL_CERT_DIR replace the system's trust store:
        // only a test that means to trust its own authority sets them.
        if name.starts_with("AWS_")
            || name.starts_with("SSL_CERT_")
            || name.starts_with("LATTICE_POLICY_")
            || lower.ends_with("_proxy")
        {
            cmd.env_remove(&name);
        }
    }
    cmd.env("HOME", home.path(""))
        .env("AWS_EC2_METADATA_DISABLED", "true");
    for (name, value) in env {
        cmd.env(name, value);
    }
    finish(&cmd.stdin(Stdio::null()).output().unwrap())
}

fn long_term() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AWS_ACCESS_KEY_ID", KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_REGION", "us-west-2"),
    ]
}

#[test]
fn the_workshop_scenario_post_passes_get_and_anonymous_are_explained() {
    let lattice = StandIn::lattice();
    let url = lattice.url("/parking?lot=3");
    let env = long_term();

    // A signed POST passes: botocore recomputed the same signature.
    let post = call(&["-X", "POST", "-d", "{\"car\": 1}", &url], &env);
    assert_eq!(post.code, 0, "{post:?}");
    assert!(
        post.stdout.starts_with("HTTP/1.1 200 OK\n"),
        "{}",
        post.stdout
    );
    assert!(post.stdout.contains(USER), "{}", post.stdout);
    assert!(
        post.stdout.contains(r#"\"car\": 1"#),
        "the body arrives: {}",
        post.stdout
    );

    // A signed GET is denied by the service policy, and explained.
    let get = call(&[&url, "--policy", MODEL_POLICY], &env);
    assert_eq!(get.code, 1, "{get:?}");
    assert!(
        get.stdout.starts_with("HTTP/1.1 403 Forbidden\n"),
        "{}",
        get.stdout
    );
    assert!(get.stdout.contains(&format!(
        "User: {USER} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: {SERVICE}/parking because no service-based policy allows"
    )));
    assert!(get.stdout.contains("# the 403 explained"), "{}", get.stdout);
    assert!(
        get.stdout.contains("caller:   123456789012"),
        "{}",
        get.stdout
    );
    // Environment keys say only the account; the explanation says so.
    assert!(
        get.stdout
            .contains("only the account 123456789012 is known, from the access key AKIARZPUZDIKAAEXAMPL: the credentials' source does not say which principal signed"),
        "{}",
        get.stdout
    );
    assert!(
        get.stdout.contains("vpc-lattice-svcs:RequestMethod"),
        "{}",
        get.stdout
    );
    assert!(
        get.stdout.contains("reproduced: the given policies deny this request at the service policy (no statement allows it), as Lattice did"),
        "{}",
        get.stdout
    );

    // An unsigned POST is anonymous, denied, and explained.
    let anonymous = call(
        &["-X", "POST", "--unsigned", &url, "--policy", MODEL_POLICY],
        &env,
    );
    assert_eq!(anonymous.code, 1, "{anonymous:?}");
    assert!(anonymous
        .stdout
        .contains("User: anonymous is not authorized"));
    assert!(
        anonymous.stdout.contains("caller:   anonymous"),
        "{}",
        anonymous.stdout
    );
    assert!(
        anonymous.stdout.contains("aws:PrincipalType"),
        "{}",
        anonymous.stdout
    );
    assert!(
        anonymous.stdout.contains("reproduced:"),
        "{}",
        anonymous.stdout
    );

    // The same GET as JSON.
    let json_run = call(&[&url, "--policy", MODEL_POLICY, "--format", "json"], &env);
    assert_eq!(json_run.code, 1);
    let report = json_run.json();
    assert_eq!(report["response"]["status"], 403);
    assert_eq!(report["attempts"], 1);
    assert_eq!(report["signing"]["form"], "header");
    assert_eq!(report["signing"]["region"], "us-west-2");
    assert_eq!(report["denial"]["layer"], "service");
    assert_eq!(report["denial"]["reason"], "implicit-deny");
    assert_eq!(report["denial"]["reproduced"], "same-layer");
    assert_eq!(report["denial"]["explanation"]["decision"], "deny");
    let shown = json_run.stdout.to_string();
    assert!(!shown.contains(SECRET));
    assert!(
        shown.contains("Signature=****"),
        "the signature is masked: {shown}"
    );
}

#[test]
fn a_policy_that_would_allow_does_not_reproduce_the_denial() {
    let lattice = StandIn::lattice();
    let scratch = Scratch::new("call-allow-all");
    let allow = scratch.file(
        "allow.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}"#,
    );
    let run = call(
        &[&lattice.url("/"), "--policy", allow.to_str().unwrap()],
        &long_term(),
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("not reproduced: the given policies allow this request"),
        "{}",
        run.stdout
    );
}

#[test]
fn presigned_and_temporary_credentials_pass_botocore() {
    let lattice = StandIn::lattice();
    let url = lattice.url("/orders/a%20b?x=1&y=two");
    let presigned = call(&["-X", "PUT", "--presign", &url], &long_term());
    assert_eq!(presigned.code, 0, "{presigned:?}");
    let temporary = call(
        &["-X", "DELETE", &url],
        &[
            ("AWS_ACCESS_KEY_ID", TEMP_KEY),
            ("AWS_SECRET_ACCESS_KEY", TEMP_SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
            ("AWS_REGION", "us-west-2"),
        ],
    );
    assert_eq!(temporary.code, 0, "{temporary:?}");
    assert!(
        temporary.stdout.contains(ROLE_SESSION),
        "{}",
        temporary.stdout
    );
    let presigned_temporary = call(
        &["-X", "POST", "--presign", &url, "--region", "us-west-2"],
        &[
            ("AWS_ACCESS_KEY_ID", TEMP_KEY),
            ("AWS_SECRET_ACCESS_KEY", TEMP_SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
        ],
    );
    assert_eq!(presigned_temporary.code, 0, "{presigned_temporary:?}");
}

#[test]
fn a_wrong_secret_is_an_authentication_failure_not_a_policy_denial() {
    let lattice = StandIn::lattice();
    let run = call(
        &["-X", "POST", &lattice.url("/x"), "--policy", MODEL_POLICY],
        &[
            ("AWS_ACCESS_KEY_ID", KEY),
            ("AWS_SECRET_ACCESS_KEY", "not-the-secret"),
            ("AWS_REGION", "us-west-2"),
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("InvalidSignatureException"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("rejected the request at authentication"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("not-the-secret"));
}

#[test]
fn the_stand_in_rejects_signed_payloads_with_latticess_message() {
    use lattice_policy::eval::Timestamp;
    use lattice_policy::sigv4::{
        sign, Canonicalization, Credentials, HttpRequest, Payload, SignForm, SignParams,
    };
    let lattice = StandIn::lattice();
    let host = format!("127.0.0.1:{}", lattice.port);
    let mut request = HttpRequest {
        method: "POST".to_owned(),
        body: b"{}".to_vec(),
        ..HttpRequest::default()
    };
    request.set_target("/x");
    request.headers.push(("host".to_owned(), host.clone()));
    let credentials = Credentials::new(KEY, SECRET);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let signed = sign(
        &request,
        &SignParams {
            credentials: &credentials,
            region: "us-west-2",
            service: "vpc-lattice-svcs",
            time: Timestamp::from_epoch_seconds(now as i64).unwrap(),
            form: SignForm::Header,
            payload: Payload::BodyHashHeader,
            canonicalization: Canonicalization::DOUBLE,
        },
    )
    .unwrap();
    let mut stream = TcpStream::connect(("127.0.0.1", lattice.port)).unwrap();
    let mut head = "POST /x HTTP/1.1\r\n".to_owned();
    for (name, value) in &signed.request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Content-Length: 2\r\nConnection: close\r\n\r\n{}");
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(
        answer.contains("Signed payloads are not supported"),
        "{answer}"
    );
}

#[test]
fn dry_run_sends_nothing_and_masks_the_signature_and_token() {
    // Port 9 on loopback: nothing is listening, and nothing is sent.
    let run = call(
        &[
            "-X",
            "POST",
            "-d",
            "hello",
            "http://127.0.0.1:9/a?b=1",
            "--dry-run",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", TEMP_KEY),
            ("AWS_SECRET_ACCESS_KEY", TEMP_SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
            ("AWS_REGION", "us-west-2"),
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("# dry run: nothing sent"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("POST /a?b=1 HTTP/1.1"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("x-amz-content-sha256: UNSIGNED-PAYLOAD"));
    assert!(
        run.stdout.contains("X-Amz-Security-Token: ****"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Signature=****"), "{}", run.stdout);
    assert!(run.stdout.contains("hello"));
    assert!(!run.stdout.contains(TOKEN) && !run.stdout.contains(TEMP_SECRET));
    let presigned = call(
        &[
            "http://127.0.0.1:9/a",
            "--dry-run",
            "--presign",
            "--format",
            "json",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", TEMP_KEY),
            ("AWS_SECRET_ACCESS_KEY", TEMP_SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
            ("AWS_REGION", "us-west-2"),
        ],
    );
    assert_eq!(presigned.code, 0, "{presigned:?}");
    let report = presigned.json();
    assert_eq!(report["dryRun"], true);
    let url = report["request"]["url"].as_str().unwrap();
    assert!(url.contains("X-Amz-Signature=****"), "{url}");
    assert!(url.contains("X-Amz-Security-Token=****"), "{url}");
    assert!(!presigned.stdout.contains("IQoJ"));
}

#[test]
fn sigv4a_signs_with_ecdsa_for_the_region_set() {
    let env = [
        ("AWS_ACCESS_KEY_ID", KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_REGION", "us-west-2"),
    ];
    let set = call(
        &[
            "http://127.0.0.1:9/a",
            "--dry-run",
            "--sigv4a",
            "--region-set",
            "us-*",
        ],
        &env,
    );
    assert_eq!(set.code, 0, "{set:?}");
    assert!(
        set.stdout
            .contains("Authorization: AWS4-ECDSA-P256-SHA256 Credential="),
        "{}",
        set.stdout
    );
    assert!(
        set.stdout.contains("X-Amz-Region-Set: us-*"),
        "{}",
        set.stdout
    );
    assert!(!set.stdout.contains(SECRET));
    // Without --region-set the set is the region the scope would name.
    let region = call(&["http://127.0.0.1:9/a", "--dry-run", "--sigv4a"], &env);
    assert_eq!(region.code, 0, "{region:?}");
    assert!(
        region.stdout.contains("X-Amz-Region-Set: us-west-2"),
        "{}",
        region.stdout
    );
    // A region set means SigV4A.
    let alone = call(
        &["http://127.0.0.1:9/a", "--dry-run", "--region-set", "*"],
        &env,
    );
    assert_eq!(alone.code, 2, "{alone:?}");
}

#[test]
fn the_region_comes_from_a_lattice_host_or_is_asked_for() {
    let env = [
        ("AWS_ACCESS_KEY_ID", KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
    ];
    let none = call(&["http://127.0.0.1:9/", "--dry-run"], &env);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("no region"), "{}", none.stderr);
    let lattice = call(
        &[
            "https://svc-0123456789abcdef0.7d67968.vpc-lattice-svcs.eu-west-1.on.aws/",
            "--dry-run",
        ],
        &env,
    );
    assert_eq!(lattice.code, 0, "{lattice:?}");
    assert!(lattice
        .stdout
        .contains("/eu-west-1/vpc-lattice-svcs/aws4_request"));
    let explicit = call(
        &["http://127.0.0.1:9/", "--dry-run", "--region", "ap-south-1"],
        &env,
    );
    assert!(explicit
        .stdout
        .contains("/ap-south-1/vpc-lattice-svcs/aws4_request"));
}

#[test]
fn server_errors_are_retried_with_a_line_each_and_signed_afresh() {
    let flaky = StandIn::flaky();
    let run = call(
        &[
            "-X",
            "POST",
            &flaky.url("/503-503-200"),
            "--retry-base",
            "0.01",
        ],
        &long_term(),
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("HTTP/1.1 200 OK"));
    let retries: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("retrying in"))
        .collect();
    assert_eq!(retries.len(), 2, "{}", run.stderr);
    assert!(
        retries[0].contains("attempt 1/3 failed: status 503"),
        "{}",
        retries[0]
    );
    assert_eq!(flaky.log().len(), 3);
}

#[test]
fn retry_after_is_honoured_and_each_attempt_has_a_fresh_date() {
    let flaky = StandIn::flaky();
    let started = Instant::now();
    let run = call(&[&flaky.url("/429-then-200")], &long_term());
    assert_eq!(run.code, 0, "{run:?}");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(
        run.stderr
            .contains("status 429 (throttled); retrying in 1.000s (Retry-After)"),
        "{}",
        run.stderr
    );
    let log = flaky.log();
    assert_eq!(log.len(), 2);
    // A second apart at least, so the X-Amz-Date of each differs.
    assert_ne!(log[0]["amzDate"], log[1]["amzDate"], "{log:?}");
    assert!(log[0]["amzDate"].is_string());
}

#[test]
fn throttling_errors_are_retried_other_client_errors_never() {
    let flaky = StandIn::flaky();
    let throttled = call(
        &[&flaky.url("/throttled"), "--retry-base", "0.01"],
        &long_term(),
    );
    assert_eq!(throttled.code, 0, "{throttled:?}");
    assert!(throttled.stderr.contains("status 400 (throttled)"));
    let once = call(
        &[&flaky.url("/400-once"), "--retry-base", "0.01"],
        &long_term(),
    );
    assert_eq!(once.code, 1, "{once:?}");
    assert!(once.stdout.starts_with("HTTP/1.1 400 Bad Request"));
    assert!(!once.stderr.contains("retrying"), "{}", once.stderr);
    let always = call(
        &[
            &flaky.url("/503-always"),
            "--retry-base",
            "0.01",
            "--max-attempts",
            "2",
        ],
        &long_term(),
    );
    assert_eq!(always.code, 1, "{always:?}");
    let paths: Vec<String> = flaky
        .log()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths.iter().filter(|p| *p == "/400-once").count(), 1);
    assert_eq!(paths.iter().filter(|p| *p == "/503-always").count(), 2);
}

#[test]
fn a_connection_that_fails_is_retried_then_exit_2() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = call(
        &[
            &format!("http://127.0.0.1:{port}/"),
            "--retry-base",
            "0.01",
            "--unsigned",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr.matches("connection error").count(),
        2,
        "two retries, then the error: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("could not send the request"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(3 attempts)"), "{}", run.stderr);
}

#[test]
fn a_denial_at_another_layer_is_said_to_be_one() {
    let lattice = StandIn::lattice();
    let scratch = Scratch::new("call-network");
    // Only callers of an organization the test caller is not in.
    let network = scratch.file(
        "network.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
    );
    let run = call(
        &[
            &lattice.url("/"),
            "--policy",
            MODEL_POLICY,
            "--network-policy",
            network.to_str().unwrap(),
            "--format",
            "json",
        ],
        &long_term(),
    );
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    assert_eq!(report["denial"]["layer"], "service");
    assert_eq!(report["denial"]["reproduced"], "other-layer");
    assert!(
        report["denial"]["reproducedWords"]
            .as_str()
            .unwrap()
            .contains("at the service network policy"),
        "{report}"
    );
}

#[test]
fn policies_with_errors_stop_the_call_before_anything_is_sent() {
    let scratch = Scratch::new("call-broken");
    let broken = scratch.file("broken.json", BROKEN);
    // Nothing listens on port 9: a send would be a connection error.
    let run = call(
        &[
            "http://127.0.0.1:9/",
            "--unsigned",
            "--policy",
            broken.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("has errors"), "{}", run.stderr);
    assert!(!run.stderr.contains("connection error"), "{}", run.stderr);
}

/// A certificate authority made for one test with the `openssl` command,
/// and a server certificate it issued for 127.0.0.1 and localhost.
struct TestPki {
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
    _dir: Scratch,
}

impl TestPki {
    fn new(name: &str) -> TestPki {
        let dir = Scratch::new(name);
        let path = |file: &str| dir.path(file);
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(dir.path(""))
                .output()
                .unwrap_or_else(|e| panic!("the tests need the openssl command: {e}"));
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        std::fs::write(
            path("server.ext"),
            "basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1, DNS:localhost\n",
        )
        .unwrap();
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=lattice-policy test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ]);
        openssl(&[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ]);
        openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ]);
        TestPki {
            ca: path("ca.pem"),
            cert: path("server.pem"),
            key: path("server.key"),
            _dir: dir,
        }
    }
}

#[test]
fn https_speaks_http2_by_alpn_and_http1_when_that_is_all_the_server_offers() {
    let pki = TestPki::new("call-tls");
    let ca = pki.ca.display().to_string();
    let mut env = long_term();
    env.push(("SSL_CERT_FILE", &ca));

    let h2 = StandIn::tls(&pki, "h2,http/1.1");
    let run = call(&[&h2.https_url("/orders?x=1")], &env);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("HTTP/2.0 200"), "{}", run.stdout);
    assert!(run.stdout.contains(r#""protocol": "h2""#), "{}", run.stdout);
    // The signature arrived in the HTTP/2 headers.
    assert!(
        run.stdout.contains(&format!(r#""accessKey": "{KEY}""#)),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(r#""path": "/orders?x=1""#),
        "{}",
        run.stdout
    );

    let h1 = StandIn::tls(&pki, "http/1.1");
    let run = call(&["-X", "POST", "-d", "{}", &h1.https_url("/a")], &env);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("HTTP/1.1 200 OK"), "{}", run.stdout);
    assert!(
        run.stdout.contains(r#""protocol": "http/1.1""#),
        "{}",
        run.stdout
    );
    let json_run = call(&[&h1.https_url("/a"), "--format", "json"], &env);
    assert_eq!(json_run.json()["response"]["httpVersion"], "HTTP/1.1");
}

#[test]
fn an_untrusted_certificate_exits_2_at_once_and_says_how_to_trust_one() {
    let pki = TestPki::new("call-tls-untrusted");
    let server = StandIn::tls(&pki, "h2,http/1.1");
    // The system's store does not have the test's authority.
    let run = call(&[&server.https_url("/")], &long_term());
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("TLS certificate was refused"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("UnknownIssuer"), "{}", run.stderr);
    assert!(run.stderr.contains("SSL_CERT_FILE"), "{}", run.stderr);
    // No retry: no second attempt changes a certificate.
    assert!(!run.stderr.contains("retrying"), "{}", run.stderr);
    assert!(run.stderr.contains("(1 attempt)"), "{}", run.stderr);
    // Another authority is refused too: only the issuing one is trusted.
    let other = TestPki::new("call-tls-other");
    let other_ca = other.ca.display().to_string();
    let mut env = long_term();
    env.push(("SSL_CERT_FILE", &other_ca));
    let run = call(&[&server.https_url("/")], &env);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("TLS certificate was refused"),
        "{}",
        run.stderr
    );
}

#[test]
fn credentials_that_near_their_expiry_during_the_backoff_are_refreshed_before_the_retry() {
    let flaky = StandIn::flaky();
    let container = Container::start(Some("container-auth"));
    // The first credentials have 15 min 2 s left: fresh for the first
    // attempt, inside the SDKs' 15-minute refresh window after the 3 s
    // Retry-After.
    container.with(|s| s.first_lifetime = Some(15 * 60 + 2));
    let uri = format!("{}/creds", container.server.url());
    let env = [
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.as_str()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth"),
        ("AWS_REGION", "us-west-2"),
    ];
    let run = call(&[&flaky.url("/503-wait-3")], &env);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("attempt 2: the credentials were near their expiry and were refreshed (access key ASIACONTAINER2)"),
        "{}",
        run.stderr
    );
    let keys: Vec<Value> = flaky.log().iter().map(|e| e["accessKey"].clone()).collect();
    assert_eq!(keys, [json!("ASIACONTAINER1"), json!("ASIACONTAINER2")]);
    assert_eq!(container.with(|s| s.served), 2);

    // Credentials with hours left are not fetched again between attempts.
    container.with(|s| s.first_lifetime = None);
    let run = call(&[&flaky.url("/503-503-200"), "--retry-base", "0.01"], &env);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("refreshed"), "{}", run.stderr);
    let keys: Vec<Value> = flaky
        .log()
        .iter()
        .filter(|e| e["path"] == "/503-503-200")
        .map(|e| e["accessKey"].clone())
        .collect();
    assert_eq!(keys, vec![json!("ASIACONTAINER3"); 3]);
    assert_eq!(container.with(|s| s.served), 3);
}

#[test]
fn the_relative_container_uri_reaches_a_loopback_stand_in_through_the_test_hook() {
    let lattice = StandIn::lattice();
    let container = Container::start(None);
    let host = container.server.addr.to_string();
    let env = [
        (
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/task-1",
        ),
        ("LATTICE_POLICY_TEST_CONTAINER_HOST", host.as_str()),
        ("AWS_REGION", "us-west-2"),
    ];
    let run = call(
        &[
            &lattice.url("/parking"),
            "--policy",
            MODEL_POLICY,
            "--explain-credentials",
        ],
        &env,
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is set; GET http://{host}/v2/credentials/task-1"
        )),
        "{}",
        run.stderr
    );
    // Signed with the container's credentials: botocore accepted them, and
    // Lattice's denial names the task role's session.
    assert!(
        run.stdout
            .contains(&format!("User: {TASK_SESSION} is not authorized")),
        "{}",
        run.stdout
    );
    // The caller is the answer's RoleArn, a role standing for its session.
    assert!(
        run.stdout.contains(
            "caller:   arn:aws:iam::123456789012:role/task (from the container credentials' RoleArn"
        ),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("Lattice named the caller"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("reproduced: "), "{}", run.stdout);
    assert_eq!(container.with(|s| s.served), 1);

    // The hook takes only a loopback host: it cannot send the request for
    // credentials off the machine.
    let off = [
        (
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/task-1",
        ),
        ("LATTICE_POLICY_TEST_CONTAINER_HOST", "10.1.2.3:80"),
        ("AWS_REGION", "us-west-2"),
    ];
    let run = call(&[&lattice.url("/"), "--dry-run"], &off);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("must be a loopback"), "{}", run.stderr);
}

#[test]
fn an_instance_profile_caller_is_its_role_session_in_the_explanation() {
    let lattice = StandIn::lattice();
    let imds = Imds::start();
    let endpoint = imds.server.url();
    let env = [
        ("AWS_EC2_METADATA_DISABLED", "false"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint.as_str()),
        ("AWS_REGION", "us-west-2"),
    ];
    let run = call(&[&lattice.url("/parking"), "--policy", MODEL_POLICY], &env);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(&format!(
            "caller:   {} (from the instance metadata service",
            standins::INSTANCE_SESSION
        )),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("AssumedRole"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("Lattice named the caller"),
        "{}",
        run.stdout
    );
    let json_run = call(
        &[
            &lattice.url("/parking"),
            "--policy",
            MODEL_POLICY,
            "--format",
            "json",
        ],
        &env,
    );
    assert_eq!(json_run.code, 1, "{json_run:?}");
    let report = json_run.json();
    assert_eq!(report["denial"]["caller"], standins::INSTANCE_SESSION);
    assert_eq!(
        report["denial"]["evaluatedCaller"],
        standins::INSTANCE_SESSION
    );
    assert_eq!(report["denial"]["reproduced"], "same-layer");
    let explanation = report["denial"]["explanation"].to_string();
    assert!(
        explanation.contains("arn:aws:iam::123456789012:role/lattice-role"),
        "aws:PrincipalArn is the role's: {explanation}"
    );
}

#[test]
fn through_the_binary_each_source_wins_in_the_sdks_order_and_later_ones_are_not_asked() {
    let imds = Imds::start();
    let container = Container::start(Some("container-auth"));
    let home = Scratch::new("call-order-files");
    let credentials = home.file(
        "credentials",
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n",
    );
    let credentials = credentials.display().to_string();
    let endpoint = imds.server.url();
    let full_uri = format!("{}/creds", container.server.url());
    // Everything set; each stage drops the source that won the last.
    let all: Vec<(&str, &str)> = vec![
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str()),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth"),
        ("AWS_EC2_METADATA_DISABLED", "false"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint.as_str()),
        ("AWS_REGION", "us-west-2"),
    ];
    let stages: [(&[&str], &str, &str); 4] = [
        (&[], "AKIDENV", "environment (AWS_ACCESS_KEY_ID"),
        (
            &["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
            "AKIDFILE",
            "shared credentials file",
        ),
        (
            &[
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY",
                "AWS_SHARED_CREDENTIALS_FILE",
            ],
            "ASIACONTAINER1",
            "container credentials",
        ),
        (
            &[
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY",
                "AWS_SHARED_CREDENTIALS_FILE",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            ],
            "ASIAIMDS1",
            "instance metadata",
        ),
    ];
    for (stage, (dropped, key, source)) in stages.iter().enumerate() {
        let env: Vec<(&str, &str)> = all
            .iter()
            .filter(|(name, _)| !dropped.contains(name))
            .copied()
            .collect();
        let run = call(
            &["http://127.0.0.1:9/", "--dry-run", "--explain-credentials"],
            &env,
        );
        assert_eq!(run.code, 0, "stage {stage}: {run:?}");
        assert!(
            run.stderr.contains(&format!("credentials: {source}")),
            "stage {stage}: {}",
            run.stderr
        );
        assert!(
            run.stdout.contains(&format!("Credential={key}/")),
            "stage {stage}: {}",
            run.stdout
        );
        for secret in [
            "env-secret",
            "file-secret",
            "container-secret",
            "imds-secret",
        ] {
            assert!(
                !run.stderr.contains(secret) && !run.stdout.contains(secret),
                "stage {stage}: {secret} shows"
            );
        }
        // The network sources are asked only once reached.
        assert_eq!(
            container.with(|s| s.served),
            u32::from(stage >= 2),
            "stage {stage}"
        );
        assert_eq!(
            imds.with(|s| s.served),
            u32::from(stage >= 3),
            "stage {stage}"
        );
    }
}
