//! `policy call URL`: send one request to a Lattice service, signed as the
//! workshop's client signs it, retried as the SDKs retry, and print the
//! answer as `curl -i` does; a 403 from Lattice is explained on the spot
//! against the policies given ([`lattice_policy::call`]).

use std::path::PathBuf;
use std::time::Duration;

use lattice_policy::call::caller::Caller;
use lattice_policy::call::prepare::{self, Outgoing, SignWith, Signing};
use lattice_policy::call::retry::{Loop, RetryNote, RetryPolicy, Sleep, XorShift};
use lattice_policy::call::transport::{HttpTransport, Response, Timeouts};
use lattice_policy::call::{show, target};
use lattice_policy::sigv4::chain::identity::Identity;
use lattice_policy::sigv4::chain::{CredentialProvider, OnlineOptions, Resolved};
use serde_json::{json, Value};

use super::credential_args::CredentialArgs;
use super::output::{complain, Out};
use super::{call_explain, clock, Exit};

/// Send a signed request to a Lattice service and show the answer
///
/// The request is signed with SigV4 for `vpc-lattice-svcs` with
/// `x-amz-content-sha256: UNSIGNED-PAYLOAD` (Lattice does not accept signed
/// payloads: a body is sent, never hashed), in the Authorization header or,
/// with --presign, in the query string. Credentials come from the chain the
/// AWS SDKs walk (options, environment, shared files); --explain-credentials
/// says which step gave them. The answer is printed like `curl -i`.
///
/// A connection error, a 5xx, a 429 or a throttling error is retried with
/// exponential backoff and full jitter (base 1 s, cap 20 s, 3 attempts: the
/// SDKs' standard mode), Retry-After honoured; other 4xx never are. Each
/// retry is one line on standard error, and each attempt is signed afresh.
///
/// A 403 with Lattice's `… is not authorized to perform …` message is
/// explained with --policy (and --network-policy): the request as sent,
/// from the caller the credentials name, evaluated against them, and
/// whether they deny it at the same layer as Lattice did.
///
/// Exit status: 0 for a 2xx answer, 1 for any other answer (4xx, 5xx),
/// 2 when the request could not be sent (or the arguments are wrong).
///
/// Examples:
///   policy call https://svc-0123.7d67968.vpc-lattice-svcs.us-west-2.on.aws/rates
///   policy call -X POST -d '{"id": 1}' -H 'Content-Type: application/json' URL
///   policy call URL --policy policy.json --network-policy network.json
///   policy call URL --unsigned
///   policy call URL --dry-run
// The doc comment is the command's --help text: its example URL stays bare.
#[allow(rustdoc::bare_urls)]
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The URL: http or https, the service's host, path and query
    url: String,
    /// The method [default: GET, or POST when a body is given]
    #[arg(short = 'X', long = "request", value_name = "METHOD")]
    method: Option<String>,
    /// A header to send (and sign), `Name: value` (repeatable)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    headers: Vec<String>,
    /// The body to send, as given (never signed: UNSIGNED-PAYLOAD)
    #[arg(
        short = 'd',
        long = "data",
        value_name = "DATA",
        conflicts_with = "data_file"
    )]
    data: Option<String>,
    /// A file whose bytes are the body (`-` for standard input)
    #[arg(long, value_name = "FILE")]
    data_file: Option<PathBuf>,
    /// Sign in the query string (a presigned URL) instead of the
    /// Authorization header
    #[arg(long)]
    presign: bool,
    /// How long a presigned URL is valid, in seconds (at most 604800)
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 900,
        requires = "presign"
    )]
    expires: u64,
    /// Sign with SigV4A (ECDSA P-256) for the region set of
    /// --region-set, else the region
    #[arg(long, conflicts_with = "unsigned")]
    sigv4a: bool,
    /// SigV4A's region set: regions or patterns, comma-separated
    /// (`us-west-2,us-east-1`, `us-*`, `*`)
    #[arg(long, value_name = "REGIONS", requires = "sigv4a")]
    region_set: Option<String>,
    /// Send the request without a signature (an anonymous caller), to
    /// compare with the signed one
    #[arg(long, conflicts_with = "presign")]
    unsigned: bool,
    /// The region of the signature's scope; default: AWS_REGION,
    /// AWS_DEFAULT_REGION, the profile's region, else the one in a Lattice
    /// host name (`….vpc-lattice-svcs.REGION.on.aws`)
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// Print what would be sent (signature and session token masked) and
    /// send nothing
    #[arg(long)]
    dry_run: bool,
    /// The service's auth policy, to explain a 403
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// The service network's auth policy, to explain a 403
    #[arg(long, value_name = "FILE", requires = "policy")]
    network_policy: Option<PathBuf>,
    /// Attempts in all, the first included
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    max_attempts: u32,
    /// The backoff's base, in seconds: the longest wait before the first
    /// retry (doubling after each, up to --retry-cap)
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0, value_parser = seconds)]
    retry_base: f64,
    /// The longest wait before a retry, in seconds, Retry-After included
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0, value_parser = seconds)]
    retry_cap: f64,
    /// How long to wait for the connection (TCP and TLS), in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = seconds)]
    connect_timeout: f64,
    /// How long one attempt may take in all, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0, value_parser = seconds)]
    timeout: f64,
    /// Say on standard error which step of the credential chain gave the
    /// credentials and why each earlier step was skipped (never a secret)
    #[arg(long)]
    explain_credentials: bool,
    /// Allow the instance metadata service's IMDSv1 (no session token) when
    /// IMDSv2 is refused
    #[arg(long)]
    imds_v1: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    #[command(flatten, next_help_heading = "Credentials")]
    credentials: CredentialArgs,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The answer as `curl -i` prints it, then the 403's explanation
    Human,
    /// One JSON object (docs/call.md)
    Json,
}

/// A number of seconds, 0 or more, finite.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if (0.0..=86_400.0).contains(&s) => Ok(s),
        _ => Err(format!("{text:?} is not a number of seconds (0 to 86400)")),
    }
}

/// Runs `policy call`.
pub fn run(args: Args) -> Exit {
    match call(&args) {
        Ok(exit) => exit,
        Err(message) => {
            complain(&message);
            Exit::Trouble
        }
    }
}

/// The test hook that replaces ECS's fixed `169.254.170.2` as the host
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is relative to
/// (docs/credentials.md). No AWS SDK reads it; it is read only when set,
/// and only a loopback `host:port` is taken, so it can never send the
/// request for credentials off the machine.
pub const TEST_CONTAINER_HOST: &str = "LATTICE_POLICY_TEST_CONTAINER_HOST";

/// [`TEST_CONTAINER_HOST`]'s value, checked.
fn test_container_host() -> Result<Option<String>, String> {
    let Some(value) = std::env::var(TEST_CONTAINER_HOST)
        .ok()
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    let loopback = reqwest::Url::parse(&format!("http://{value}/"))
        .ok()
        .filter(|url| url.path() == "/" && url.username().is_empty())
        .and_then(|url| {
            let host = url
                .host_str()?
                .trim_start_matches('[')
                .trim_end_matches(']');
            Some(
                host == "localhost"
                    || host
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback()),
            )
        })
        .unwrap_or(false);
    if loopback {
        Ok(Some(value))
    } else {
        Err(format!(
            "{TEST_CONTAINER_HOST} (a test hook) must be a loopback host[:port], not {value:?}"
        ))
    }
}

/// Credentials from the whole chain, the network sources included
/// (container credentials, the instance profile through IMDSv2, IMDSv1
/// only with `--imds-v1`), kept fresh. The one place the chain is called.
fn credentials(args: &Args) -> Result<CredentialProvider, String> {
    let online = OnlineOptions {
        allow_imds_v1: args.imds_v1,
        container_host: test_container_host()?,
        ..OnlineOptions::default()
    };
    let given = &args.credentials;
    let walk = CredentialArgs {
        access_key_id: given.access_key_id.clone(),
        secret_access_key: given.secret_access_key.clone(),
        session_token: given.session_token.clone(),
        profile: given.profile.clone(),
        // The chain prints its steps (never a secret) when asked either way.
        show_credential_source: given.show_credential_source || args.explain_credentials,
    };
    walk.provider(online)
}

/// The region the signature's scope names.
fn region(args: &Args, resolved: Option<&Resolved>, host: &str) -> Result<String, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|r| !r.is_empty());
    args.region
        .clone()
        .or_else(|| env("AWS_REGION"))
        .or_else(|| env("AWS_DEFAULT_REGION"))
        .or_else(|| resolved.and_then(|r| r.region.clone()))
        .or_else(|| target::region_from_host(host))
        .ok_or_else(|| {
            "no region to sign for: give --region (or set AWS_REGION); the host is not a Lattice domain that names one".to_owned()
        })
}

fn body(args: &Args) -> Result<Vec<u8>, String> {
    if let Some(data) = &args.data {
        return Ok(data.as_bytes().to_vec());
    }
    let Some(path) = &args.data_file else {
        return Ok(Vec::new());
    };
    // A request body may be larger than a policy, not unbounded.
    const MAX: usize = 64 * 1024 * 1024;
    if path.as_os_str() == "-" {
        return lattice_policy::load::read_bounded(std::io::stdin().lock(), MAX).map_err(|e| {
            format!(
                "cannot read the body from standard input: {}",
                super::inputs::io_reason(&e)
            )
        });
    }
    let name = super::inputs::display_path(path);
    super::inputs::read_file(path, MAX).map_err(|reason| format!("cannot read `{name}`: {reason}"))
}

fn call(args: &Args) -> Result<Exit, String> {
    if args.expires == 0 || args.expires > 604_800 {
        return Err("--expires must be between 1 and 604800 seconds (7 days)".to_owned());
    }
    let target = target::parse(&args.url)?;
    let headers = args
        .headers
        .iter()
        .map(|h| prepare::parse_header(h))
        .collect::<Result<Vec<_>, _>>()?;
    let body = body(args)?;
    let method = args.method.clone().unwrap_or_else(|| {
        if args.data.is_some() || args.data_file.is_some() {
            "POST".to_owned()
        } else {
            "GET".to_owned()
        }
    });
    let signing = if args.unsigned {
        Signing::Unsigned
    } else if args.presign {
        Signing::Presigned {
            expires: args.expires,
        }
    } else {
        Signing::Header
    };
    // Policies are read before anything is sent: one that cannot be
    // evaluated is an error now, not after the call.
    let policies =
        call_explain::Policies::load(args.policy.as_deref(), args.network_policy.as_deref())?;
    let provider = match signing {
        Signing::Unsigned => None,
        _ => Some(credentials(args)?),
    };
    // What the walk found: the source, the region, who the caller is.
    let resolved = provider.as_ref().map(CredentialProvider::resolved);
    if args.explain_credentials && resolved.is_none() {
        Out::stderr().write("credentials: none (--unsigned: the request is sent anonymously)\n");
    }
    let region = match &resolved {
        Some(r) => Some(region(args, Some(r), &target.host)?),
        None => None,
    };
    let request = prepare::unsigned(&target, &method, &headers, body);
    // Each attempt is signed at its own time, with the credentials the
    // provider holds then: a retry after a long wait must carry neither a
    // stale X-Amz-Date nor credentials that expired during the backoff.
    let mut signed_with = resolved
        .as_ref()
        .map(|r| r.credentials.access_key_id.clone());
    let mut prepare_attempt = |attempt: u32| -> Result<Outgoing, String> {
        let credentials = match &provider {
            Some(provider) => Some(provider.current().map_err(|e| e.to_string())?),
            None => None,
        };
        if let (Some(now), Some(before)) = (&credentials, &signed_with) {
            if now.access_key_id != *before {
                Out::stderr().write(&format!(
                    "policy: attempt {attempt}: the credentials were near their expiry and were refreshed (access key {})\n",
                    now.access_key_id
                ));
            }
        }
        signed_with = credentials.as_ref().map(|c| c.access_key_id.clone());
        let with = match (&credentials, &region) {
            (Some(credentials), Some(region)) => Some(SignWith {
                credentials,
                region,
                time: clock::now(),
                region_set: args
                    .sigv4a
                    .then(|| args.region_set.as_deref().unwrap_or(region.as_str())),
            }),
            _ => None,
        };
        let signed = prepare::sign_for_lattice(&request, signing, with.as_ref())?;
        Ok(Outgoing {
            target: target.clone(),
            request: signed,
        })
    };
    if args.dry_run {
        let outgoing = prepare_attempt(1)?;
        dry_run(
            args,
            &outgoing,
            signing,
            region.as_deref(),
            resolved.as_ref(),
        );
        return Ok(Exit::Success);
    }
    let mut transport = HttpTransport::new(Timeouts {
        connect: Duration::from_secs_f64(args.connect_timeout),
        total: Duration::from_secs_f64(args.timeout),
    })?;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        ^ u64::from(std::process::id());
    let mut jitter = XorShift::new(seed);
    let mut err = Out::stderr();
    let mut note = |n: &RetryNote| err.write(&format!("policy: {n}\n"));
    let now = clock::now;
    let finished = Loop {
        policy: RetryPolicy {
            max_attempts: args.max_attempts,
            base: Duration::from_secs_f64(args.retry_base),
            cap: Duration::from_secs_f64(args.retry_cap),
        },
        transport: &mut transport,
        jitter: &mut jitter,
        pause: &mut Sleep,
        now: &now,
        note: &mut note,
    }
    .run(&mut prepare_attempt)?;
    // The credentials that signed the last attempt, and who they are.
    let resolved = provider.as_ref().map(CredentialProvider::resolved);
    let caller = Caller::of(
        signing,
        resolved
            .as_ref()
            .map(|r| r.credentials.access_key_id.as_str()),
        resolved
            .as_ref()
            .map_or(&Identity::Unknown, |r| &r.identity),
    );
    let response = match finished.outcome {
        Ok(response) => response,
        Err(error) => {
            let tries = if finished.attempts == 1 {
                "1 attempt".to_owned()
            } else {
                format!("{} attempts", finished.attempts)
            };
            return Err(format!(
                "could not send the request to {} ({tries}): {error}",
                target.origin()
            ));
        }
    };
    let explained = (response.status == 403)
        .then(|| call_explain::explain(&response, &finished.sent, &caller, &policies));
    let mut out = Out::stdout();
    match args.format {
        Format::Human => {
            out.write(&super::render::clean::for_terminal(&show::response_text(
                &response,
            )));
            if let Some(explained) = &explained {
                out.write("\n");
                out.write(&explained.human);
            }
        }
        Format::Json => {
            let mut value = json!({
                "request": show::request_json(
                    &finished.sent.url(),
                    &show::masked(&finished.sent.request),
                ),
                "signing": signing_json(signing, region.as_deref(), resolved.as_ref()),
                "attempts": finished.attempts,
                "response": show::response_json(&response),
                "denial": explained.as_ref().map_or(Value::Null, |e| e.json.clone()),
            });
            super::render::clean::mask_json(&mut value);
            out.write(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ));
        }
    }
    Ok(exit_for(&response))
}

/// 0 for 2xx, 1 for anything else the server answered.
fn exit_for(response: &Response) -> Exit {
    if (200..300).contains(&response.status) {
        Exit::Success
    } else {
        Exit::No
    }
}

/// How the request was signed, for the JSON answer.
fn signing_json(signing: Signing, region: Option<&str>, resolved: Option<&Resolved>) -> Value {
    json!({
        "form": signing.as_str(),
        "algorithm": (signing != Signing::Unsigned).then_some(lattice_policy::sigv4::auth::SIGV4),
        "service": (signing != Signing::Unsigned).then_some(lattice_policy::sigv4::LATTICE_SIGNING_NAME),
        "region": region,
        "accessKeyId": resolved.map(|r| r.credentials.access_key_id.clone()),
        "credentialSource": resolved.map(|r| r.source.to_string()),
    })
}

/// `--dry-run`: what would be sent, secrets masked.
fn dry_run(
    args: &Args,
    outgoing: &Outgoing,
    signing: Signing,
    region: Option<&str>,
    resolved: Option<&Resolved>,
) {
    let shown = show::masked(&outgoing.request);
    let mut out = Out::stdout();
    match args.format {
        Format::Human => {
            let mut text = format!(
                "# dry run: nothing sent; would send to {} ({}, signature and token masked)\n",
                outgoing.target.origin(),
                match signing {
                    Signing::Unsigned => "unsigned".to_owned(),
                    Signing::Header => format!(
                        "SigV4 in the Authorization header, region {}",
                        region.unwrap_or("?")
                    ),
                    Signing::Presigned { expires } => format!(
                        "SigV4 in the query string for {expires} s, region {}",
                        region.unwrap_or("?")
                    ),
                }
            );
            text.push_str(&show::request_text(&shown));
            out.write(&super::render::clean::for_terminal(&text));
        }
        Format::Json => {
            let mut value = json!({
                "dryRun": true,
                "request": show::request_json(&format!("{}{}", outgoing.target.origin(), shown.target()), &shown),
                "signing": signing_json(signing, region, resolved),
            });
            super::render::clean::mask_json(&mut value);
            out.write(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ));
        }
    }
}
