//! `policy sign URL`: a request signed for Lattice with SigV4 or SigV4A
//! (`--sigv4a`, for a region set), from the
//! offline credential chain, so a user sees what a right signature looks
//! like and can diff theirs against it.

use lattice_policy::call::target::{parse as parse_url, region_from_host};
use lattice_policy::sigv4::sign::amz_date;
use lattice_policy::sigv4::{
    sign, sign_sigv4a, Canonicalization, HttpRequest, Payload, SignForm, SignParams,
    LATTICE_SIGNING_NAME,
};

use super::credential_args::CredentialArgs;
use super::output::{complain, Out};
use super::{clock, Exit};

/// How the signed request is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A curl command line
    Curl,
    /// The raw HTTP/1.1 request head
    Http,
    /// One JSON object: the request, the canonical request, the string to
    /// sign and the signature
    Json,
}

/// How the path is encoded in the canonical request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// Normalised and encoded again (botocore, the AWS CLI, AWS's Python example)
    Double,
    /// As sent (AWS's Go example, DisableDoublePathEscape)
    Single,
}

/// Sign a request for a Lattice service with SigV4 or SigV4A
///
/// The request gets `x-amz-date`, `x-amz-content-sha256: UNSIGNED-PAYLOAD`
/// (Lattice does not support signed payloads), `x-amz-security-token` with
/// temporary credentials, and the signature in the Authorization header, or
/// in the query with --presign. Credentials come from the options, the
/// environment, or the shared files (see --show-credential-source); sources
/// that need the network are never tried. The secret access key is never
/// printed; a session token is, since the request must carry it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The URL: http or https, the Lattice service's host, path and query
    url: String,
    /// The method
    #[arg(
        short = 'X',
        long = "request",
        value_name = "METHOD",
        default_value = "GET"
    )]
    method: String,
    /// A header to send and sign, `Name: value` (repeatable)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    headers: Vec<String>,
    /// Sign in the query string (a presigned URL) instead of the
    /// Authorization header
    #[arg(long)]
    presign: bool,
    /// How long a presigned URL is valid, in seconds (at most 604800)
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 3600,
        requires = "presign"
    )]
    expires: u64,
    /// Sign with SigV4A (ECDSA P-256 with a key derived from the secret,
    /// valid for a region set)
    #[arg(long)]
    sigv4a: bool,
    /// The SigV4A region set (`X-Amz-Region-Set`): regions separated by
    /// commas, `*` for every region; default: the region (see --region)
    #[arg(long, value_name = "R[,R]", requires = "sigv4a")]
    region_set: Option<String>,
    /// The signing time: RFC 3339 (`2026-12-01T12:00:00Z`), X-Amz-Date's
    /// `20261201T120000Z` or epoch seconds; default: now.
    /// Makes the output reproducible
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// The region of the signature's scope; default: the one in a Lattice
    /// host name, else AWS_REGION, AWS_DEFAULT_REGION, the profile's region
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// The signing name
    #[arg(long, value_name = "NAME", default_value = LATTICE_SIGNING_NAME)]
    service: String,
    /// The path encoding of the canonical request
    #[arg(long, value_enum, default_value_t = Encoding::Double)]
    uri_encoding: Encoding,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Curl)]
    format: Format,
    #[command(flatten)]
    credentials: CredentialArgs,
}

/// Runs `policy sign`.
pub fn run(args: Args) -> Exit {
    match sign_request(&args) {
        Ok(text) => {
            Out::stdout().write(&text);
            Exit::Success
        }
        Err(message) => {
            complain(&message);
            Exit::Trouble
        }
    }
}

fn sign_request(args: &Args) -> Result<String, String> {
    if args.expires == 0 || args.expires > 604_800 {
        return Err("--expires must be between 1 and 604800 seconds (7 days)".to_owned());
    }
    let url = parse_url(&args.url)?;
    let time = match &args.now {
        // The same forms `eval --now` takes, X-Amz-Date's among them, so a
        // request's own date can be signed again as it was.
        Some(text) => super::wire::parse_now(text)?,
        None => clock::now(),
    };
    let method = args.method.to_ascii_uppercase();
    let mut request = HttpRequest {
        method,
        ..HttpRequest::default()
    };
    request.set_target(&url.target);
    for header in &args.headers {
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| format!("-H {header:?} is not `Name: value`"))?;
        if name.trim().is_empty() {
            return Err(format!("-H {header:?} has no name"));
        }
        request
            .headers
            .push((name.trim().to_owned(), value.trim().to_owned()));
    }
    if request.header("host").is_none() {
        request
            .headers
            .insert(0, ("host".to_owned(), url.authority.clone()));
    }
    let resolved = args.credentials.resolve()?;
    let region: Result<String, String> = args
        .region
        .clone()
        .or_else(|| region_from_host(&url.host))
        .or_else(|| std::env::var("AWS_REGION").ok().filter(|r| !r.is_empty()))
        .or_else(|| {
            std::env::var("AWS_DEFAULT_REGION")
                .ok()
                .filter(|r| !r.is_empty())
        })
        .or_else(|| resolved.region.clone())
        .ok_or_else(|| {
            "no region: give --region (the service's host name does not say one)".to_owned()
        });
    // SigV4A needs a region only when no region set is given.
    let region_set = match (&args.region_set, args.sigv4a) {
        (Some(set), _) => Some(set.split(',').map(str::trim).collect::<Vec<_>>().join(",")),
        (None, true) => Some(region.clone().map_err(|_| {
            "no region set: give --region-set (or --region; the service's host name does not say one)"
                .to_owned()
        })?),
        (None, false) => None,
    };
    let region = match region_set {
        Some(_) => region.unwrap_or_default(),
        None => region?,
    };
    let params = SignParams {
        credentials: &resolved.credentials,
        region: &region,
        service: &args.service,
        time,
        form: if args.presign {
            SignForm::Query {
                expires: args.expires,
            }
        } else {
            SignForm::Header
        },
        payload: Payload::Unsigned,
        canonicalization: match args.uri_encoding {
            Encoding::Double => Canonicalization::DOUBLE,
            Encoding::Single => Canonicalization::SINGLE,
        },
    };
    let signed = match &region_set {
        Some(set) => sign_sigv4a(&request, &params, set),
        None => sign(&request, &params),
    }
    .map_err(|e| e.0)?;
    let full_url = format!(
        "{}://{}{}",
        url.scheme,
        url.authority,
        signed.request.target()
    );
    Ok(match args.format {
        Format::Curl => {
            let mut line = format!(
                "curl -X {} {}",
                signed.request.method,
                shell_quote(&full_url)
            );
            for (name, value) in &signed.request.headers {
                // curl sends the URL's host itself.
                if name.eq_ignore_ascii_case("host") && *value == url.authority {
                    continue;
                }
                line.push_str(" \\\n  -H ");
                line.push_str(&shell_quote(&format!("{name}: {value}")));
            }
            line.push('\n');
            line
        }
        Format::Http => {
            let mut text = format!(
                "{} {} HTTP/1.1\n",
                signed.request.method,
                signed.request.target()
            );
            for (name, value) in &signed.request.headers {
                text.push_str(&format!("{name}: {value}\n"));
            }
            text.push('\n');
            text
        }
        Format::Json => {
            let headers: Vec<serde_json::Value> = signed
                .request
                .headers
                .iter()
                .map(|(n, v)| serde_json::json!({"name": n, "value": v}))
                .collect();
            let value = serde_json::json!({
                "method": signed.request.method,
                "url": full_url,
                "headers": headers,
                "algorithm": if region_set.is_some() {
                    lattice_policy::sigv4::auth::SIGV4A
                } else {
                    lattice_policy::sigv4::auth::SIGV4
                },
                "form": if args.presign { "query" } else { "header" },
                "region": if region.is_empty() { None } else { Some(&region) },
                "regionSet": region_set,
                "service": args.service,
                "time": amz_date(time),
                "uriEncoding": params.canonicalization.encoding.name(),
                "canonicalRequest": signed.canonical_request,
                "stringToSign": signed.string_to_sign,
                "signature": signed.signature,
                "credentialSource": resolved.source.to_string(),
            });
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text
        }
    })
}

/// `text` in single quotes for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
