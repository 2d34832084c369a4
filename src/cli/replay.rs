//! `policy replay`: VPC Lattice access log records replayed against a
//! proposed policy: which requests would now be refused, or let in?

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use lattice_policy::accesslog::{self, inputs, Limits};
use lattice_policy::diagnostic::witness::{shell_path, single_quote};
use lattice_policy::eval::{AuthType, Timestamp};
use lattice_policy::load::Loaded;
use lattice_policy::model::PolicyKind;
use lattice_policy::replay::{Group, Replayer, Report, Setup, Worker};
use serde_json::{json, Value};

use super::eval::{load_policy, AuthTypeArg};
use super::output::{complain, Out};
use super::Exit;

/// Replay VPC Lattice access logs against a proposed policy.
///
/// Each access log record becomes the request it logged (caller, method,
/// path, host and user-agent headers, service, network, source VPC, time)
/// with the outcome Lattice recorded (`responseCode`, `failureReason`,
/// `authDeniedReason`). The policies decide it again, and each record is
/// unchanged, newly denied, newly allowed, undetermined (the answer depends
/// on something no record carries: other headers, the query string, the
/// port, the role's path, resource tags; the keys are named), or
/// disagreeing (the log blames a layer that was not given or another layer;
/// with --current, any difference). docs/replay.md has the details.
///
/// Logs are read one record per line, as concatenated JSON objects, as
/// `aws logs tail` lines or a CloudWatch export (`aws logs
/// filter-log-events --output json`), plain or gzip; a directory is walked
/// (the S3 delivery layout `AWSLogs/<account>/VpcLattice/AccessLogs/…`);
/// `-` is standard input. Malformed records are counted with their file and
/// line, never fatal.
///
/// Examples:
///   policy replay --log access.log proposed.json
///   policy replay --log s3-copy/AWSLogs/ proposed.json --network-policy network.json --format json
///   aws logs tail /lattice/access --since 1d | policy replay --log - current.json --current
///
/// Exit status: 1 when any request the log shows allowed would be denied,
/// 0 otherwise, 2 when the input is unusable (a policy with errors, a log
/// that cannot be opened, no record at all).
#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// Access logs: files, directories, or `-` for standard input (repeatable)
    #[arg(long, value_name = "PATH", required = true, num_args = 1..)]
    log: Vec<PathBuf>,

    /// The service's auth policy to replay (proposed, or with --current the one in force)
    #[arg(value_name = "POLICY")]
    policy: Option<PathBuf>,

    /// The service network's auth policy (its auth type is then AWS_IAM)
    #[arg(long, value_name = "FILE")]
    network_policy: Option<PathBuf>,

    /// The service network's auth type; without it and --network-policy, the
    /// network layer is not replayed (its denials in the log are reported as disagreeing)
    #[arg(long, value_enum, ignore_case = true, value_name = "TYPE")]
    network_auth_type: Option<AuthTypeArg>,

    /// The service's auth type [default: AWS_IAM with POLICY, else NONE]
    #[arg(long, value_enum, ignore_case = true, value_name = "TYPE")]
    service_auth_type: Option<AuthTypeArg>,

    /// An identity policy of the callers (repeatable); without one, the
    /// identity layer is assumed to allow
    #[arg(long, value_name = "FILE")]
    identity_policy: Vec<PathBuf>,

    /// The policies are the ones in force when the log was written: report
    /// every record the evaluator decides otherwise as disagreeing
    #[arg(long)]
    current: bool,

    /// Only records at or after this time (RFC 3339, or a date)
    #[arg(long, value_name = "TIME")]
    since: Option<String>,

    /// Only records at or before this time (RFC 3339, or a date)
    #[arg(long, value_name = "TIME")]
    until: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// The longest record read, in bytes; a longer one is reported as malformed
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_record)]
    max_record_size: usize,

    /// Threads reading files at once [default: the number of CPUs]
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary and a table of changes, for people
    Human,
    /// One JSON object (docs/replay.md), for scripts
    Json,
}

/// An input: a file or standard input.
enum Input {
    File(PathBuf),
    Stdin,
}

/// Runs `policy replay`.
pub fn run(args: Args) -> Exit {
    match replay(&args) {
        Ok(exit) => exit,
        Err(message) => {
            complain(&message);
            Exit::Trouble
        }
    }
}

fn time_arg(text: &Option<String>, flag: &str) -> Result<Option<Timestamp>, String> {
    text.as_deref()
        .map(|t| {
            Timestamp::parse(t).ok_or_else(|| {
                format!("`{flag} {t}`: not a time (write 2024-08-04T10:00:00Z or 2024-08-04)")
            })
        })
        .transpose()
}

/// `--log` takes several paths, so clap gives it the POLICY written after
/// them too (`--log a.log b.log policy.json`): a named file that is a policy
/// (`policy-shaped-json`) and not a log is taken back as POLICY.
fn split_policy(args: &mut Args) {
    if args.policy.is_some() {
        return;
    }
    // Only a file small enough to be a policy is read, and only that much
    // of it: the other paths are logs, which may be gigabytes.
    const MAX_POLICY: usize = 1 << 20;
    let is_policy = |p: &PathBuf| {
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.len() < MAX_POLICY as u64)
            && std::fs::File::open(p)
                .and_then(|f| lattice_policy::load::read_bounded(f, MAX_POLICY))
                .is_ok_and(|bytes| {
                    bytes.len() < MAX_POLICY && lattice_policy::shape::is_policy(&bytes)
                })
    };
    if let Some(at) = args.log.iter().rposition(is_policy) {
        if args.log.len() > 1 {
            args.policy = Some(args.log.remove(at));
        }
    }
}

fn replay(args: &Args) -> Result<Exit, String> {
    let mut args = Args { ..args.clone() };
    split_policy(&mut args);
    let args = &args;
    let since = time_arg(&args.since, "--since")?;
    let until = time_arg(&args.until, "--until")?;
    let service = args
        .policy
        .as_deref()
        .map(|p| load_policy(p, PolicyKind::Auth))
        .transpose()?;
    let network = args
        .network_policy
        .as_deref()
        .map(|p| load_policy(p, PolicyKind::Auth))
        .transpose()?;
    let identity: Vec<Loaded> = args
        .identity_policy
        .iter()
        .map(|p| load_policy(p, PolicyKind::Identity))
        .collect::<Result<_, _>>()?;
    let broken: Vec<&str> = service
        .iter()
        .chain(network.iter())
        .chain(identity.iter())
        .filter(|l| !l.evaluable())
        .map(|l| l.source.name())
        .collect();
    if !broken.is_empty() {
        return Err(format!(
            "cannot replay: {} has errors (`policy check` shows them)",
            broken.join(", ")
        ));
    }
    let inputs = collect_inputs(&args.log)?;
    let service_auth_type =
        args.service_auth_type
            .map(AuthType::from)
            .unwrap_or(if service.is_some() {
                AuthType::AwsIam
            } else {
                AuthType::None
            });
    let network_layer = match (args.network_auth_type.map(AuthType::from), &network) {
        (Some(AuthType::None), Some(_)) => {
            return Err("`--network-policy` is given but `--network-auth-type NONE` means the service network applies no auth policy; drop one of them".into())
        }
        (Some(t), n) => Some((t, n.as_ref().and_then(|l| l.policy.as_ref()))),
        (None, Some(n)) => Some((AuthType::AwsIam, n.policy.as_ref())),
        (None, None) => None,
    };
    let setup = Setup {
        service: service.as_ref().and_then(|l| l.policy.as_ref()),
        service_auth_type,
        network: network_layer,
        identity: identity.iter().filter_map(|l| l.policy.as_ref()).collect(),
        current: args.current,
        now: super::clock::now(),
    };
    let replayer = Replayer::new(&setup);
    let limits = Limits {
        max_record: args.max_record_size.max(2),
    };
    let report = run_inputs(&replayer, &inputs, limits, since, until, args.jobs);
    let head = command_head(args);
    let mut out = Out::stdout();
    match args.format {
        Format::Human => out.write(&human(&report, &head, inputs.len(), args.current)),
        Format::Json => out.write(&format!(
            "{}\n",
            serde_json::to_string_pretty(&json_report(&report, &head, args)).unwrap_or_default()
        )),
    }
    let s = report.summary;
    Ok(if s.records == 0 && s.malformed > 0 {
        complain("no access log record could be read");
        Exit::Trouble
    } else if s.newly_denied > 0 {
        Exit::No
    } else {
        Exit::Success
    })
}

fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    let mut stdin = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin {
                return Err("`--log -` (standard input) may be given once".into());
            }
            stdin = true;
            out.push(Input::Stdin);
            continue;
        }
        let name = super::inputs::display_path(path);
        let files = inputs::files(path)
            .map_err(|e| format!("cannot read `{name}`: {}", super::inputs::io_reason(&e)))?;
        if files.is_empty() {
            return Err(format!("no log files under `{name}` (looked for *.json, *.gz, *.jsonl, *.ndjson, *.log, *.txt)"));
        }
        out.extend(files.into_iter().map(Input::File));
    }
    Ok(out)
}

/// Reads every input, files in parallel (one worker per CPU, each taking
/// the next file), and merges the workers' reports.
fn run_inputs(
    replayer: &Replayer,
    inputs: &[Input],
    limits: Limits,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    jobs: Option<usize>,
) -> Report {
    let records = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let next = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    let threads = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, inputs.len().max(1));
    let progress = std::io::stderr().is_terminal();
    let mut total = Report::default();
    std::thread::scope(|scope| {
        if progress {
            scope.spawn(|| show_progress(&records, &bytes, &done));
        }
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    // Counted only for the progress display: a counter shared by
                    // every worker, bumped per record, costs each of them.
                    let mut worker =
                        Worker::new(replayer, since, until, progress.then_some(&records));
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else { break };
                        read_input(input, limits, &bytes, &mut worker);
                    }
                    worker.report
                })
            })
            .collect();
        for handle in handles {
            if let Ok(report) = handle.join() {
                total.merge(report);
            }
        }
        done.store(true, Ordering::Relaxed);
    });
    total.bytes = bytes.load(Ordering::Relaxed);
    total
}

fn read_input(input: &Input, limits: Limits, bytes: &AtomicU64, worker: &mut Worker<'_>) {
    match input {
        Input::Stdin => accesslog::read(
            std::io::stdin().lock(),
            super::inputs::STDIN_NAME,
            limits,
            Some(bytes),
            worker,
        ),
        Input::File(path) => {
            let name = super::inputs::display_path(path);
            match std::fs::File::open(path) {
                Ok(file) => accesslog::read(file, &name, limits, Some(bytes), worker),
                Err(e) => worker.report.malformed(
                    format!("{name}:0"),
                    format!("cannot open: {}", super::inputs::io_reason(&e)),
                ),
            }
        }
    }
}

/// A progress line on standard error (a terminal only): records, records
/// per second, bytes read.
fn show_progress(records: &AtomicU64, bytes: &AtomicU64, done: &AtomicBool) {
    let start = Instant::now();
    let mut shown = false;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(200));
        let n = records.load(Ordering::Relaxed);
        let secs = start.elapsed().as_secs_f64().max(0.001);
        let line = format!(
            "\rreplaying: {n} records ({:.0}/s), {:.1} MB read ",
            n as f64 / secs,
            bytes.load(Ordering::Relaxed) as f64 / 1e6
        );
        let mut err = std::io::stderr().lock();
        let _ = std::io::Write::write_all(&mut err, line.as_bytes());
        shown = true;
    }
    if shown {
        let mut err = std::io::stderr().lock();
        let _ = std::io::Write::write_all(&mut err, b"\r\x1b[K");
    }
}

/// `policy eval` with the replayed policies, for the example commands.
fn command_head(args: &Args) -> Option<String> {
    let policy = args.policy.as_deref()?;
    let path = |p: &Path| shell_path(&p.to_string_lossy()).into_owned();
    let mut head = format!("policy eval {}", path(policy));
    if let Some(n) = &args.network_policy {
        head.push_str(&format!(" --network-policy {}", path(n)));
    } else if args.network_auth_type == Some(AuthTypeArg::AwsIam) {
        head.push_str(" --network-auth-type AWS_IAM");
    }
    if args.service_auth_type == Some(AuthTypeArg::None) {
        head.push_str(" --service-auth-type NONE");
    }
    for i in &args.identity_policy {
        head.push_str(&format!(" --identity-policy {}", path(i)));
    }
    Some(head)
}

fn command(head: &Option<String>, group: &Group) -> Option<String> {
    head.as_ref()
        .map(|h| format!("{h} {}", single_quote(&group.example_query)))
}

fn human(report: &Report, head: &Option<String>, files: usize, current: bool) -> String {
    let s = report.summary;
    let mut text = format!(
        "replayed {} records from {} input{}{}\n",
        s.records,
        files,
        if files == 1 { "" } else { "s" },
        if current {
            " (policies in force: differences are disagreements)"
        } else {
            ""
        }
    );
    let rows = [
        ("unchanged", s.unchanged),
        ("newly denied", s.newly_denied),
        ("newly allowed", s.newly_allowed),
        ("undetermined", s.undetermined),
        ("disagreeing", s.disagreeing),
        ("malformed", s.malformed),
        ("skipped", s.skipped),
    ];
    for (name, n) in rows {
        text.push_str(&format!("  {name:<14}{n:>10}\n"));
    }
    for (reason, n) in &report.skipped {
        text.push_str(&format!("    skipped: {reason}: {n}\n"));
    }
    let groups = report.sorted_groups();
    let mut last = None;
    for g in groups {
        if last != Some(g.key.verdict) {
            last = Some(g.key.verdict);
            text.push_str(&format!(
                "\n{}:\n",
                g.key.verdict.as_str().replace('-', " ")
            ));
        }
        let layers = match (g.key.logged_layer, g.key.evaluated_layer) {
            (Some(l), Some(e)) if l != e => {
                format!(" (log: denied by {l}; policies: denied by {e})")
            }
            (Some(l), _) => format!(" (log: denied by {l})"),
            (None, Some(e)) => format!(" (policies: denied by {e})"),
            (None, None) => String::new(),
        };
        text.push_str(&format!(
            "  {:>6}  {}  {} {}{}\n",
            g.count, g.key.caller, g.key.method, g.key.path, layers
        ));
        if !g.key.depends_on.is_empty() {
            text.push_str(&format!(
                "          depends on: {}\n",
                g.key.depends_on.join(", ")
            ));
        }
        if let (Some(first), Some(last)) = (&g.first, &g.last) {
            text.push_str(&format!("          first {first}, last {last}\n"));
        }
        let example = command(head, g).unwrap_or_else(|| single_quote(&g.example_query));
        text.push_str(&format!("          e.g. {}: {example}\n", g.example_at));
    }
    if report.ungrouped > 0 {
        text.push_str(&format!(
            "\n{} more changed records in groups past the first {}\n",
            report.ungrouped,
            lattice_policy::replay::report::MAX_GROUPS
        ));
    }
    let malformed = report.sorted_malformed();
    if !malformed.is_empty() {
        text.push_str(&format!("\nmalformed ({}):\n", s.malformed));
        for m in malformed {
            text.push_str(&format!("  {}: {}\n", m.at, m.reason));
        }
        if (s.malformed as usize) > report.malformed.len() {
            text.push_str(&format!(
                "  … and {} more\n",
                s.malformed as usize - report.malformed.len()
            ));
        }
    }
    text
}

fn json_report(report: &Report, head: &Option<String>, args: &Args) -> Value {
    let groups: Vec<Value> = report
        .sorted_groups()
        .into_iter()
        .map(|g| {
            let mut v = serde_json::to_value(g).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                map.insert("command".into(), json!(command(head, g)));
            }
            v
        })
        .collect();
    let name = |p: &PathBuf| super::inputs::display_path(p);
    json!({
        "summary": report.summary,
        "groups": groups,
        "ungrouped": report.ungrouped,
        "skipped": report.skipped,
        "malformed": report.sorted_malformed(),
        "bytesRead": report.bytes,
        "current": args.current,
        "policies": {
            "service": args.policy.as_ref().map(name),
            "network": args.network_policy.as_ref().map(name),
            "identity": args.identity_policy.iter().map(name).collect::<Vec<_>>(),
        },
    })
}
