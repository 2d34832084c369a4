//! `policy eval`: would this request be allowed, and why?

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use lattice_policy::eval::query::{parse_query, QueryError};
use lattice_policy::eval::request::{Request, RequestSpec};
use lattice_policy::eval::{
    AuthLayer, AuthType, Authorizer, BoundedPolicy, CompiledPolicy, Decision, Explanation,
};
use lattice_policy::load::{self, LoadOptions, Loaded};
use lattice_policy::model::{Bound, Policy, PolicyKind, Unknown};
use serde_json::{Map, Value};

use super::assumed::{self, Assumed};
use super::clock;
use super::extract_flags::ExtractFlags;
use super::output::Out;
use super::render::explain::{BoundedAnswer, Bounds, DependsOn};
use super::render::{self, explain::Policies};
use super::Exit;

/// Evaluate one request against a service's auth policy.
///
/// The request is given as a one-line what-if QUERY, as a JSON file
/// (`--request`), by single-field flags, or by a combination (flags override
/// the query, which overrides the file). The answer is allow or deny with the
/// reason: the layer that decided, the deciding statements, and for every
/// statement why it did or did not apply, down to each condition clause.
///
/// Examples:
///   policy eval policy.json "GET /rates from anonymous"
///   policy eval policy.json "POST /admin as arn:aws:iam::111122223333:role/ops"
///   policy eval policy.json --network-policy network.json "GET / as 111122223333 vpc vpc-1a2b3c4d"
///   policy eval policy.json --curl 'curl -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" https://svc/rates'
///   policy eval policy.json --http captured-request.txt --now 2026-01-01T12:00:00Z
///
/// A policy in an infrastructure file is named `FILE#LOCATOR` (or `FILE`
/// when it holds one). Its values known only at deploy time (`!Ref`,
/// `var.x`, `$VAR`) are taken from `--parameter`, `--var`, `--env`,
/// `--account` and `--region`; the others are bounded: when the answer
/// differs between the values they could take, it is `undetermined` and
/// names the expressions it depends on (decision `eval-undetermined`).
///
/// Exit status: 0 allow, 1 deny (or undetermined: not allowed for every
/// deployed value; or, with --http/--curl, a request Lattice would reject
/// at authentication), 2 when the request cannot be evaluated (a policy
/// with errors, an invalid request, an unreadable file).
#[derive(Debug, clap::Args)]
#[command(after_long_help = help_reference())]
pub struct Args {
    /// The service's auth policy (a file, or `-` for standard input)
    #[arg(value_name = "POLICY")]
    policy: PathBuf,

    /// The request as a what-if query, such as "GET /rates from anonymous" or
    /// "POST /admin as 111122223333 header x-env=prod vpc vpc-1a2b3c4d port 8443"
    #[arg(value_name = "QUERY")]
    query: Option<String>,

    /// The service network's auth policy (its auth type is then AWS_IAM)
    #[arg(long, value_name = "FILE")]
    network_policy: Option<PathBuf>,

    /// The service network's auth type [default: AWS_IAM with --network-policy, else NONE]
    #[arg(long, value_enum, ignore_case = true, value_name = "TYPE")]
    network_auth_type: Option<AuthTypeArg>,

    /// The service's auth type
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "TYPE",
        default_value = "AWS_IAM"
    )]
    service_auth_type: AuthTypeArg,

    /// An identity policy of the caller (repeatable); without one, the identity
    /// layer is assumed to allow
    #[arg(long, value_name = "FILE")]
    identity_policy: Vec<PathBuf>,

    /// The request as JSON (the format of docs/requests.md)
    #[arg(long, value_name = "FILE")]
    request: Option<PathBuf>,

    /// The HTTP method
    #[arg(long)]
    method: Option<String>,

    /// The request path (may carry a query string)
    #[arg(long)]
    path: Option<String>,

    /// The caller: `anonymous`, an account id, or an IAM or STS ARN
    #[arg(long)]
    principal: Option<String>,

    /// A request header (repeatable)
    #[arg(long, value_name = "NAME=VALUE")]
    header: Vec<String>,

    /// A query-string parameter (repeatable; repeat a name for several values)
    #[arg(long, value_name = "NAME=VALUE")]
    query_param: Vec<String>,

    /// The protocol: HTTP, HTTPS, GRPC or TLS
    #[arg(long)]
    protocol: Option<String>,

    /// The destination port
    #[arg(long)]
    port: Option<u16>,

    /// The VPC the request comes from
    #[arg(long, value_name = "VPC_ID")]
    source_vpc: Option<String>,

    /// One VPC Lattice access log record (a line of the log) as the request;
    /// the answer also says whether the policies reproduce the outcome the
    /// log recorded, at the same layer
    #[arg(long, value_name = "LINE", conflicts_with_all = ["query", "request", "from_error", "http", "curl"])]
    from_log: Option<String>,

    /// A 403 message Lattice returned (`User: … is not authorized to perform:
    /// …`), alone, as the JSON error body or in a pasted HTTP response; `-`
    /// reads it from standard input, `@FILE` from a file. It becomes the
    /// request (QUERY and the flags add to it), and the answer says whether
    /// the policies reproduce the denial at the same layer
    #[arg(long, value_name = "TEXT")]
    from_error: Option<String>,

    /// A raw HTTP/1.1 request as captured (`-` for standard input): the
    /// request line and headers become the request, signed or not decides
    /// the caller, and its SigV4 signature is inspected first (the body is
    /// ignored; QUERY and the flags add to it)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["curl", "from_error"])]
    http: Option<PathBuf>,

    /// A curl command line as pasted (`-X`, `-H`, `-d`, `--url`,
    /// `--aws-sigv4`, `--user`, quotes and `\` line continuations), read as
    /// `--http` reads a raw request
    #[arg(long, value_name = "'curl …'", conflicts_with = "from_error")]
    curl: Option<String>,

    /// The time to inspect a signature at, and the request's time
    /// (RFC 3339, 20260101T120000Z or epoch seconds) [default: the clock]
    #[arg(long, value_name = "TIME")]
    now: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Recompute the signature of the `--http` or `--curl` request with the
    /// credentials below and say whether it matches (single and double URI
    /// encoding are both tried); on a mismatch, show the canonical request
    /// and the string to sign. The secret is never printed
    #[arg(long)]
    verify: bool,

    /// The credentials `--verify` signs with (the AWS CLI's order, offline)
    #[command(flatten, next_help_heading = "Credentials (--verify)")]
    credentials: super::credential_args::CredentialArgs,

    /// The values infrastructure files leave unknown (last: the heading
    /// covers the fields after it)
    #[command(flatten, next_help_heading = "Deploy-time values")]
    values: ExtractFlags,
}

/// The query grammar and the defaults, from docs/requests.md, and where the
/// service and network come from when the request leaves them out.
fn help_reference() -> String {
    format!(
        "{}\nA request that names no `service` (or `network`) is about the one the service \
policy names in `Resource` or a `vpc-lattice-svcs:ServiceArn` condition (the first, when it \
names several); the answer lists every field the request left out, with its value and where \
it came from (decision `{}`).",
        lattice_policy::eval::query::reference(),
        assumed::FROM_POLICY
    )
}

/// Auth types for the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuthTypeArg {
    /// No auth policy applies
    #[value(name = "NONE")]
    None,
    /// The auth policy must allow the request
    #[value(name = "AWS_IAM")]
    AwsIam,
}

impl From<AuthTypeArg> for AuthType {
    fn from(a: AuthTypeArg) -> Self {
        match a {
            AuthTypeArg::None => AuthType::None,
            AuthTypeArg::AwsIam => AuthType::AwsIam,
        }
    }
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The decision and its explanation, for people
    Human,
    /// One JSON object, for scripts
    Json,
}

/// Runs `policy eval`.
pub fn run(args: Args) -> Exit {
    match evaluate(&args) {
        Ok(exit) => exit,
        Err(message) => {
            if !message.is_empty() {
                super::output::complain(&message);
            }
            Exit::Trouble
        }
    }
}

fn evaluate(args: &Args) -> Result<Exit, String> {
    if args.network_policy.is_some()
        && args.network_auth_type.map(AuthType::from) == Some(AuthType::None)
    {
        return Err(
            "`--network-policy` is given but `--network-auth-type NONE` means the service network applies no auth policy; drop one of them"
                .to_string(),
        );
    }
    if args.from_error.as_deref() == Some("-") && args.policy.as_os_str() == "-" {
        return Err(
            "standard input (`-`) can be read once: give the policy or the message as a file"
                .to_string(),
        );
    }
    if args.http.as_deref().is_some_and(|p| p.as_os_str() == "-") && args.policy.as_os_str() == "-"
    {
        return Err(
            "standard input (`-`) can be read once: give the policy or the request as a file"
                .to_string(),
        );
    }
    let now = match &args.now {
        Some(text) => super::wire::parse_now(text)?,
        None => clock::now(),
    };
    // The request from the wire is read first: one that cannot be read is the answer.
    let wire = super::wire::read(args.http.as_deref(), args.curl.as_deref())?;
    let mut inspection = wire
        .as_ref()
        .map(|w| lattice_policy::wire::inspect::inspect(w, now));
    let wire_caller = inspection
        .as_ref()
        .map(lattice_policy::wire::spec::Caller::of);
    // The message is read first: one that cannot be read is the answer.
    let denial = args
        .from_error
        .as_deref()
        .map(super::from_error::read)
        .transpose()?;
    let extract = args.values.options()?;
    let service = load_policy_with(&args.policy, PolicyKind::Auth, &extract)?;
    let network = args
        .network_policy
        .as_deref()
        .map(|p| load_policy_with(p, PolicyKind::Auth, &extract))
        .transpose()?;
    let identity: Vec<Loaded> = args
        .identity_policy
        .iter()
        .map(|p| load_policy_with(p, PolicyKind::Identity, &extract))
        .collect::<Result<_, _>>()?;
    let all: Vec<&Loaded> = std::iter::once(&service)
        .chain(network.iter())
        .chain(identity.iter())
        .collect();
    let broken: Vec<&Loaded> = all.iter().copied().filter(|l| !l.evaluable()).collect();
    if !broken.is_empty() {
        render::human::render_findings(&broken, &mut Out::stderr());
        let names: Vec<&str> = broken.iter().map(|l| l.source.name()).collect();
        return Err(format!(
            "cannot evaluate: {} has errors (AWS would refuse to store such a policy)",
            names.join(", ")
        ));
    }
    let logged = args
        .from_log
        .as_deref()
        .map(|line| {
            lattice_policy::accesslog::parse_one(line)
                .map_err(|e| format!("`--from-log`: not an access log record: {e}"))
        })
        .transpose()?;
    let mut base = match (&denial, &logged) {
        (Some(d), _) => d.request_spec(),
        (None, Some(l)) => l.spec.clone(),
        (None, None) => RequestSpec::default(),
    };
    if let (Some(w), Some(caller)) = (&wire, &wire_caller) {
        base.merge(lattice_policy::wire::spec::to_spec(w, caller));
    }
    if args.now.is_some() && base.time.is_none() {
        base.time = Some(now.to_condition_value());
    }
    let (mut request, mut assumed, given) = build_request(args, base, service.policy.as_ref())?;
    if let (Some(w), Some(inspection)) = (&wire, inspection.as_mut()) {
        let region = request.service().split(':').nth(3).map(str::to_string);
        inspection.check_region(w, region.as_deref());
    }
    // A request Lattice rejects at authentication is denied whatever the
    // policy says (decision `authentication-before-policy`).
    let verification =
        if args.verify {
            match &wire {
                Some(w) => Some(super::wire::verify(w, &args.credentials)?),
                None => return Err(
                    "`--verify` checks the signature of a request given with `--http` or `--curl`"
                        .into(),
                ),
            }
        } else {
            None
        };
    // A signature that does not match is rejected at authentication too.
    let rejected = inspection.as_ref().is_some_and(|i| i.rejected())
        || verification.as_ref().and_then(|v| v.matches) == Some(false);
    let network_type = args
        .network_auth_type
        .map(AuthType::from)
        .unwrap_or(if network.is_some() {
            AuthType::AwsIam
        } else {
            AuthType::None
        });
    // Each layer's policy at one bound (decision `unknown-values-bounded`);
    // a policy without unknowns is its own two bounds.
    let authorizer = |bound: Bound| {
        let compile = |l: &Loaded| {
            l.policy
                .as_ref()
                .map(|p| CompiledPolicy::compile(&p.bound(bound)))
        };
        Authorizer {
            network: (network.is_some() || network_type == AuthType::AwsIam).then(|| AuthLayer {
                auth_type: network_type,
                policy: network.as_ref().and_then(compile),
            }),
            service: AuthLayer {
                auth_type: args.service_auth_type.into(),
                policy: compile(&service),
            },
            identity: (!identity.is_empty()).then(|| identity.iter().filter_map(compile).collect()),
        }
    };
    let mut out = Out::stdout();
    let from_error = match &denial {
        Some(denial) => {
            let given_layers = super::from_error::Given {
                network: (network.is_some() || network_type == AuthType::AwsIam).then(|| {
                    (
                        network_type,
                        network.as_ref().and_then(|n| n.policy.as_ref()),
                    )
                }),
                service: (args.service_auth_type.into(), service.policy.as_ref()),
                identity: identity.iter().filter_map(|l| l.policy.as_ref()).collect(),
            };
            let answer = super::from_error::answer(denial, &given, &given_layers);
            // A request that reproduces the denial is explained, when the
            // message's own (with the defaults) may not.
            if let Some(spec) = &answer.explain {
                if let Ok(witness) = Request::resolve(spec.clone(), clock::now()) {
                    // The analysis's request names every field it fixes:
                    // what it leaves out took the built-in defaults, none
                    // came from the policy.
                    assumed = assumed::assumed(
                        spec,
                        &assumed::fill_from_policy(&mut spec.clone(), None),
                        &witness,
                    );
                    request = witness;
                }
            }
            if args.format == Format::Human {
                super::from_error::human(denial, &answer, &given_layers, &mut out);
            }
            Some(super::from_error::json(denial, &answer))
        }
        None => None,
    };
    let (explanation, bounds) = if all
        .iter()
        .any(|l| l.policy.as_ref().is_some_and(Policy::has_unknowns))
    {
        let permissive = authorizer(Bound::Permissive).explain(&request);
        let restrictive = authorizer(Bound::Restrictive).explain(&request);
        let bounds = deploy_time_bounds(&permissive, &restrictive, &all, &request);
        // A denial holds for every value as the permissive bound explains
        // it; an allow as the restrictive bound does; an undetermined
        // answer is shown as the permissive bound lets the request in.
        let shown = match bounds.answer {
            BoundedAnswer::Allow => restrictive,
            BoundedAnswer::Deny | BoundedAnswer::Undetermined => permissive,
        };
        (shown, Some(bounds))
    } else {
        (authorizer(Bound::Permissive).explain(&request), None)
    };
    let policies = Policies {
        network: network.as_ref(),
        service: &service,
        identity: &identity,
    };
    let compared = logged.as_ref().map(|logged| {
        super::from_log::compare(
            logged,
            &explanation,
            (
                network.is_some() || network_type == AuthType::AwsIam,
                !identity.is_empty(),
            ),
        )
    });
    let bounds_ref = bounds.as_ref();
    let exit = exit_for(explanation.verdict.decision, bounds_ref);
    let principal_flag = args.principal.as_deref();
    let wired = match (&wire, &inspection, &wire_caller) {
        (Some(w), Some(i), Some(c)) => Some((w, i, c)),
        _ => None,
    };
    match args.format {
        Format::Human => {
            if let Some((w, inspection, caller)) = wired {
                super::wire::human(
                    inspection,
                    caller,
                    principal_flag,
                    w,
                    verification.as_ref(),
                    &mut out,
                );
            }
            render::explain::human(
                &explanation,
                &request,
                &policies,
                &assumed,
                bounds_ref,
                &mut out,
            );
            if let Some(c) = &compared {
                out.write(&format!("\nfrom the log: {}\n", c.text));
            }
        }
        Format::Json => {
            // The explanation's object, with a member for where the request
            // came from when it came from the wire, a 403 message or a log.
            let mut report = render::explain::json_value(
                &explanation,
                &request,
                &policies,
                &assumed,
                bounds_ref,
            );
            if let Some(object) = report.as_object_mut() {
                if let Some((w, inspection, caller)) = wired {
                    let authentication = super::wire::json(
                        inspection,
                        caller,
                        principal_flag,
                        w,
                        verification.as_ref(),
                    );
                    object.insert("authentication".into(), authentication);
                }
                if let Some(from_error) = from_error {
                    object.insert("fromError".into(), from_error);
                }
                if let Some(c) = &compared {
                    object.insert("fromLog".into(), c.json.clone());
                }
            }
            render::explain::write_json(report, &mut out);
        }
    }
    Ok(wire_exit(rejected, exit))
}

/// 1 when Lattice rejects the request at authentication, else the policy's
/// answer (decision `authentication-before-policy`).
fn wire_exit(rejected: bool, exit: Exit) -> Exit {
    if rejected {
        Exit::No
    } else {
        exit
    }
}

/// 0 for allow, 1 for deny, and 1 for an answer that depends on deploy-time
/// values (decision `eval-undetermined`).
fn exit_for(decision: Decision, bounds: Option<&Bounds>) -> Exit {
    match (bounds.map(|b| b.answer), decision) {
        (Some(BoundedAnswer::Undetermined), _) => Exit::No,
        (_, Decision::Allow) => Exit::Success,
        (_, Decision::Deny) => Exit::No,
    }
}

/// The answer over every value the policies' unknowns could take, from the
/// two bounds' explanations, with the unknowns it depends on when the bounds
/// disagree (those of the statements the bounds apply differently to the
/// request, in every layer).
fn deploy_time_bounds(
    permissive: &Explanation,
    restrictive: &Explanation,
    layers: &[&Loaded],
    request: &Request,
) -> Bounds {
    let answer = match (permissive.verdict.decision, restrictive.verdict.decision) {
        (Decision::Allow, Decision::Allow) => BoundedAnswer::Allow,
        (Decision::Deny, _) => BoundedAnswer::Deny,
        (Decision::Allow, Decision::Deny) => BoundedAnswer::Undetermined,
    };
    let mut depends_on: Vec<DependsOn> = Vec::new();
    if answer == BoundedAnswer::Undetermined {
        let with_unknowns = || {
            layers
                .iter()
                .filter_map(|l| Some((*l, l.policy.as_ref().filter(|p| p.has_unknowns())?)))
        };
        let push = |out: &mut Vec<DependsOn>, loaded: &Loaded, unknown: &Unknown| {
            let at = loaded.source.position(unknown.span.offset());
            let entry = DependsOn {
                expression: unknown.expression.clone(),
                // The file, not `FILE#LOCATOR`: the line is the file's.
                path: lattice_policy::iac::split_locator(loaded.source.name())
                    .0
                    .to_owned(),
                line: at.line,
                column: at.column,
            };
            if !out.contains(&entry) {
                out.push(entry);
            }
        };
        for (loaded, policy) in with_unknowns() {
            for unknown in BoundedPolicy::compile(policy).deciding(request) {
                push(&mut depends_on, loaded, unknown);
            }
        }
        // The bounds disagree, so some unknown decides; if no statement
        // says which, every one may.
        if depends_on.is_empty() {
            for (loaded, policy) in with_unknowns() {
                for unknown in &policy.unknowns {
                    push(&mut depends_on, loaded, unknown);
                }
            }
        }
    }
    Bounds {
        answer,
        permissive: permissive.verdict,
        restrictive: restrictive.verdict,
        depends_on,
    }
}

/// Loads the policy `path` names: a policy file, `-`, or one policy of an
/// infrastructure file as `FILE#LOCATOR` (or `FILE` when it holds one).
pub fn load_policy(path: &Path, kind: PolicyKind) -> Result<Loaded, String> {
    load_policy_with(path, kind, &lattice_policy::iac::ExtractOptions::default())
}

/// [`load_policy`], with the values given for what an infrastructure file
/// leaves unknown.
pub fn load_policy_with(
    path: &Path,
    kind: PolicyKind,
    extract: &lattice_policy::iac::ExtractOptions,
) -> Result<Loaded, String> {
    let options = LoadOptions {
        kind,
        ..LoadOptions::default()
    };
    if path.as_os_str() == "-" {
        let name = super::inputs::STDIN_NAME.to_string();
        let bytes = load::read_bounded(std::io::stdin().lock(), options.max_size)
            .map_err(|e| format!("cannot read `{name}`: {}", super::inputs::io_reason(&e)))?;
        return Ok(load::load_bytes(&name, &bytes, options));
    }
    // `FILE#LOCATOR`, unless a file is named so.
    let written = path.to_string_lossy();
    let (file, locator) = match lattice_policy::iac::split_locator(&written) {
        (file, Some(locator)) if !path.exists() => (Path::new(file), Some(locator)),
        _ => (path, None),
    };
    // Terraform is read with its module, as `policy check` reads it, with
    // the values given.
    if let Some(loaded) =
        super::terraform::load_policy(file, locator, kind, options.max_size, extract)
    {
        return loaded;
    }
    let name = super::inputs::display_path(file);
    let bytes = super::inputs::read_checked(file, options.max_size)
        .map_err(|reason| format!("cannot read `{name}`: {reason}"))?;
    if bytes.len() <= options.max_size {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            if let Some(loaded) =
                lattice_policy::iac::load_policy(&name, text, locator, extract, kind)
            {
                return loaded;
            }
        }
    }
    if let Some(locator) = locator {
        return Err(format!(
            "`{name}` is not an infrastructure file, so `#{locator}` names nothing in it"
        ));
    }
    Ok(load::load_bytes(&name, &bytes, options))
}

/// The request: `base` (what a 403 message says), the `--request` file,
/// then the query, then single-field flags; then, for a service or network none of them names, the one the
/// service policy names (decision `eval-defaults-from-policy`). Also what
/// was assumed, for the answer to say.
fn build_request(
    args: &Args,
    base: RequestSpec,
    policy: Option<&Policy>,
) -> Result<(Request, Assumed, RequestSpec), String> {
    let mut spec = base;
    if let Some(path) = &args.request {
        let name = super::inputs::display_path(path);
        let bytes = super::inputs::read_file(path, super::inputs::MAX_OPTION_FILE)
            .map_err(|reason| format!("cannot read `{name}`: {reason}"))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| format!("cannot read `{name}`: not UTF-8 text ({e})"))?;
        let from_file = RequestSpec::from_json(&text)
            .map_err(|e| format!("invalid request in `{}`: {e}", path.display()))?;
        spec.merge(from_file);
    }
    let mut parsed = None;
    if let Some(query) = &args.query {
        match parse_query(query) {
            Ok(p) => {
                spec.merge(p.spec.clone());
                parsed = Some(p);
            }
            Err(error) => {
                render::human::render_diagnostic(&error, &mut Out::stderr());
                return Err(String::new());
            }
        }
    }
    spec.merge(flag_spec(args)?);
    let given = spec.clone();
    let from_policy = assumed::fill_from_policy(&mut spec, policy);
    let request = Request::resolve(spec, clock::now()).map_err(|error| {
        // Point at the word of the query that caused it, when it came from the query.
        let located = args
            .query
            .as_deref()
            .zip(parsed.as_ref())
            .and_then(|(query, parsed)| QueryError::from_request_error(query, parsed, &error));
        match located {
            Some(diagnostic) => {
                render::human::render_diagnostic(&diagnostic, &mut Out::stderr());
                String::new()
            }
            None => format!("invalid request: {error}"),
        }
    })?;
    let assumed = assumed::assumed(&given, &from_policy, &request);
    Ok((request, assumed, given))
}

/// The single-field flags as a request (the field names of docs/requests.md).
fn flag_spec(args: &Args) -> Result<RequestSpec, String> {
    let mut fields = Map::new();
    let mut set = |name: &str, value: &Option<String>| {
        if let Some(v) = value {
            fields.insert(name.to_string(), Value::String(v.clone()));
        }
    };
    set("method", &args.method);
    set("path", &args.path);
    set("principal", &args.principal);
    set("protocol", &args.protocol);
    set("sourceVpc", &args.source_vpc);
    if let Some(port) = args.port {
        fields.insert("port".into(), Value::from(port));
    }
    if !args.header.is_empty() {
        let mut headers = Map::new();
        for pair in &args.header {
            let (k, v) = split_pair(pair, "--header")?;
            headers.insert(k, Value::String(v));
        }
        fields.insert("headers".into(), Value::Object(headers));
    }
    if !args.query_param.is_empty() {
        let mut query: Map<String, Value> = Map::new();
        for pair in &args.query_param {
            let (k, v) = split_pair(pair, "--query-param")?;
            match query.get_mut(&k) {
                Some(Value::Array(values)) => values.push(Value::String(v)),
                _ => {
                    query.insert(k, Value::Array(vec![Value::String(v)]));
                }
            }
        }
        fields.insert("query".into(), Value::Object(query));
    }
    serde_json::from_value(Value::Object(fields)).map_err(|e| format!("invalid flag: {e}"))
}

fn split_pair(pair: &str, flag: &str) -> Result<(String, String), String> {
    pair.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("`{flag} {pair}`: expected NAME=VALUE"))
}
