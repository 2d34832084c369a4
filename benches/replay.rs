//! `policy replay` speed and memory on a generated VPC Lattice access log
//! (issue 14): records per second per core, peak memory, and the speed at
//! which `jq -c '{m:.requestMethod,p:.requestPath,c:.callerPrincipal}'`
//! merely reads the same records, measured in the same run.
//!
//! ```text
//! nice cargo bench --bench replay                # 10,000,000 records
//! nice cargo bench --bench replay -- 1000000     # another count
//! ```
//!
//! The plain log (about 1.4 KB a record, 13.7 GB for ten million) is never
//! written to disk: it is generated on the fly into the standard input of
//! the program measured (jq and `policy replay --log -` alike), the same
//! bytes for both. The gzipped log, and the same records split into four
//! gzipped files, are written under `target/tmp/replay-bench/` (removed
//! afterwards, never committed). Records look like real ones (every
//! field of the User Guide's table, in its order): 40 callers (role
//! sessions of several roles and accounts, IAM users, anonymous), eleven
//! methods and path shapes with ids from 1 to 50,000, three services,
//! several VPCs, a few denials by each layer.
//!
//! Each run is the release binary under GNU time (`/usr/bin/time -f '%e %U
//! %S %M'`): records per second *per core* is records divided by the CPU
//! time the process used (user + system), which holds on a loaded machine
//! where wall time does not; the peak is the child's resident set
//! (`ru_maxrss`). Memory independent of log size shows as the same peak for
//! a tenth of the log and for all of it.
//!
//! Policies: the project's model policy (`policies/no-anonymous-no-get`) and
//! the 10 KB policy of the other benches (`benches/data/policy-10k.json`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const DEFAULT_RECORDS: u64 = 10_000_000;

/// A small deterministic generator (xorshift), so every run writes the same log.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const ACCOUNTS: [&str; 4] = [
    "123456789012",
    "111122223333",
    "444455556666",
    "210987654321",
];
const ROLES: [&str; 6] = [
    "orders",
    "billing",
    "ci-deployer",
    "reporting",
    "admin",
    "partner-sync",
];
const METHODS: [&str; 5] = ["GET", "GET", "POST", "PUT", "DELETE"];
const PATHS: [&str; 11] = [
    "/",
    "/orders/{}",
    "/orders/{}/items",
    "/billing/invoices/{}",
    "/admin/users/{}",
    "/health",
    "/api/v1/customers/{}",
    "/reports/daily",
    "/internal/metrics",
    "/static/app.js",
    "/api/v1/customers/{}/orders",
];
const SERVICES: [&str; 3] = [
    "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0",
    "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0a1b2c3d4e5f60718",
    "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0fedcba987654321a",
];
const VPCS: [&str; 4] = [
    "vpc-0a1b2c3d4e5f60001",
    "vpc-0a1b2c3d4e5f60002",
    "vpc-0123456789abcdef0",
    "vpc-0badc0ffee0000001",
];

/// The `i`-th entry of `list` (the first when `i` is past its end).
fn pick(list: &[&'static str], i: u64) -> &'static str {
    let i = usize::try_from(i).unwrap_or(0);
    list.get(i % list.len().max(1)).copied().unwrap_or("")
}

fn record(out: &mut impl Write, rng: &mut Rng, n: u64) -> std::io::Result<()> {
    let account = pick(&ACCOUNTS, rng.below(4));
    let caller = match rng.below(40) {
        0..=3 => None,
        4..=6 => Some(format!(
            "arn:aws:iam::{account}:user/svc-user-{}",
            rng.below(3)
        )),
        k => Some(format!(
            "arn:aws:sts::{account}:assumed-role/{}/session-{}",
            pick(&ROLES, k % 6),
            k % 5
        )),
    };
    let method = pick(&METHODS, rng.below(5));
    let path = pick(&PATHS, rng.below(11)).replace("{}", &(1 + rng.below(50_000)).to_string());
    let service = pick(&SERVICES, rng.below(3));
    let vpc = pick(&VPCS, rng.below(4));
    let denied = match rng.below(100) {
        0..=2 => Some("Service"),
        3 => Some("Network"),
        4 => Some("Identity"),
        _ => None,
    };
    let secs = n / 100;
    let time = format!(
        "2026-11-{:02}T{:02}:{:02}:{:02}Z",
        1 + (secs / 86_400) % 28,
        (secs / 3600) % 24,
        (secs / 60) % 60,
        secs % 60
    );
    let caller_text = caller.as_deref().unwrap_or("-");
    writeln!(
        out,
        "{{\"callerPrincipalTags\":\"-\",\"hostHeader\":\"api.example.internal\",\"sslCipher\":\"ECDHE-RSA-AES128-GCM-SHA256\",\
\"serviceNetworkArn\":\"arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-0123456789abcdef0\",\
\"resolvedUser\":\"{}\",\"authDeniedReason\":\"{}\",\"requestMethod\":\"{method}\",\
\"targetGroupArn\":\"arn:aws:vpc-lattice:us-west-2:123456789012:targetgroup/tg-0123456789abcdef0\",\"tlsVersion\":\"TLSv1.2\",\
\"userAgent\":\"Go-http-client/2.0\",\"serverNameIndication\":\"api.example.internal\",\"destinationVpcId\":\"vpc-0fedcba9876543210\",\
\"sourceIpPort\":\"10.0.{}.{}:{}\",\"targetIpPort\":\"{}\",\"serviceArn\":\"{service}\",\"sourceVpcId\":\"{vpc}\",\
\"requestPath\":\"{path}\",\"startTime\":\"{time}\",\"protocol\":\"HTTP/2\",\"responseCode\":{},\"bytesReceived\":{},\
\"bytesSent\":{},\"duration\":{},\"requestToTargetDuration\":{},\"responseFromTargetDuration\":1,\
\"requestId\":\"{:08x}-6b4f-4c79-9e87-{:012x}\",\"callerPrincipal\":\"{caller_text}\",\"callerX509SubjectCN\":\"-\",\
\"callerX509IssuerOU\":\"-\",\"callerX509SANNameCN\":\"-\",\"callerX509SANDNS\":\"-\",\"callerX509SANURI\":\"-\",\
\"sourceVpcArn\":\"arn:aws:ec2:us-west-2:{account}:vpc/{vpc}\",\"failureReason\":\"{}\",\"listenerType\":\"-\",\
\"callerPrincipalOrgID\":\"{}\"}}",
        if caller.is_some() { caller_text } else { "Anonymous" },
        denied.unwrap_or("-"),
        rng.below(256),
        rng.below(256),
        1024 + rng.below(60_000),
        if denied.is_some() { "-" } else { "10.0.3.17:8080" },
        if denied.is_some() { 403 } else { 200 },
        200 + rng.below(2000),
        rng.below(20_000),
        1 + rng.below(200),
        rng.below(3),
        n as u32,
        n,
        if denied.is_some() { "ClientAccessDenied" } else { "-" },
        if caller.is_some() { "o-a1b2c3d4e5" } else { "-" },
    )
}

/// Writes `records` records to `out`, one per line.
fn stream(out: &mut impl Write, records: u64) -> std::io::Result<()> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut line = Vec::with_capacity(2048);
    for n in 0..records {
        line.clear();
        record(&mut line, &mut rng, n)?;
        out.write_all(&line)?;
    }
    out.flush()
}

/// The gzipped log, and the same records split into four gzipped files.
fn generate(dir: &Path, records: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let gzip = |name: &str| -> std::io::Result<_> {
        Ok(flate2::write::GzEncoder::new(
            BufWriter::with_capacity(1 << 20, File::create(dir.join(name))?),
            flate2::Compression::fast(),
        ))
    };
    let mut whole = gzip("access.log.gz")?;
    let mut parts = (0..4)
        .map(|i| gzip(&format!("part-{i}.log.gz")))
        .collect::<Result<Vec<_>, _>>()?;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut line = Vec::with_capacity(2048);
    for n in 0..records {
        line.clear();
        record(&mut line, &mut rng, n)?;
        whole.write_all(&line)?;
        if let Some(part) = parts.get_mut((n % 4) as usize) {
            part.write_all(&line)?;
        }
    }
    whole.finish()?.flush()?;
    for p in parts {
        p.finish()?.flush()?;
    }
    Ok(())
}

/// `(wall seconds, CPU seconds, peak KB)` of one command under GNU time,
/// or why it could not be timed; with `feed`, that many generated records
/// are written to its standard input as it runs (the generating is not
/// part of its CPU time).
fn timed(program: &str, args: &[&str], feed: Option<u64>) -> Result<(f64, f64, u64), String> {
    let mut child = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("TIME %e %U %S %M")
        .arg(program)
        .args(args)
        .stdin(if feed.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let writer = match (feed, child.stdin.take()) {
        (Some(records), Some(stdin)) => Some(std::thread::spawn(move || {
            stream(&mut BufWriter::with_capacity(1 << 20, stdin), records)
        })),
        _ => None,
    };
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if let Some(writer) = writer {
        match writer.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(format!("cannot feed {program}: {e}")),
            Err(_) => return Err(format!("cannot feed {program}")),
        }
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    // GNU time reports a failed command on its first line; `policy replay`
    // exits 1 for newly denied requests, which is a result, 2 for trouble.
    if stderr.contains("exited with non-zero status 2") || stderr.contains("policy:") {
        return Err(format!("{program} failed: {stderr}"));
    }
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("TIME "))
        .ok_or_else(|| format!("no timing from {program}: {stderr}"))?;
    let v: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    match v.as_slice() {
        [wall, user, system, peak] => Ok((*wall, user + system, *peak as u64)),
        _ => Err(format!("unexpected timing line `{line}`")),
    }
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("replay bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let records: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(DEFAULT_RECORDS);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/tmp/replay-bench");
    let policy = env!("CARGO_BIN_EXE_policy");
    eprintln!("writing {records} records, gzipped, to {}", dir.display());
    generate(&dir, records).map_err(|e| format!("cannot write the log: {e}"))?;
    let size = |name: &str| std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
    let mut plain = Vec::new();
    stream(&mut plain, 1).map_err(|e| e.to_string())?;
    let load = || {
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "{records} records: about {:.1} GB plain (streamed), {:.2} GB gzipped; load average {}",
        (plain.len() as u64 * records) as f64 / 1e9,
        size("access.log.gz") as f64 / 1e9,
        load()
    );
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (jq_wall, jq_cpu, jq_peak) = timed(
        "jq",
        &["-c", "{m:.requestMethod,p:.requestPath,c:.callerPrincipal}"],
        Some(records),
    )?;
    let jq_rate = records as f64 / jq_cpu.max(1e-9);
    println!(
        "| jq -c '{{m,p,c}}' (reads only) | plain | 1 | {jq_wall:.1} s | {jq_cpu:.1} s | {:.0} | {} MB | {} |",
        jq_rate,
        jq_peak / 1024,
        load()
    );
    for (name, file) in [
        (
            "model policy",
            root.join("policies/no-anonymous-no-get/policy.json"),
        ),
        ("10 KB policy", root.join("benches/data/policy-10k.json")),
    ] {
        let file = file.to_string_lossy().into_owned();
        let runs: [(&str, Vec<String>, u64, Option<u64>); 4] = [
            (
                "plain, a tenth",
                vec!["-".into()],
                records / 10,
                Some(records / 10),
            ),
            ("plain", vec!["-".into()], records, Some(records)),
            ("gzip", vec![path("access.log.gz")], records, None),
            (
                "gzip, 4 files",
                (0..4).map(|i| path(&format!("part-{i}.log.gz"))).collect(),
                records,
                None,
            ),
        ];
        for (what, logs, count, feed) in runs {
            let jobs = if logs.len() > 1 { "4" } else { "1" };
            let mut args = vec!["replay", "--format", "json", "--jobs", jobs, "--log"];
            args.extend(logs.iter().map(String::as_str));
            args.push(&file);
            let (wall, cpu, peak) = timed(policy, &args, feed)?;
            let rate = count as f64 / cpu.max(1e-9);
            println!(
                "| {name} | {what} | {jobs} | {wall:.1} s | {cpu:.1} s | {rate:.0} ({:.1}x jq) | {} MB | {} |",
                rate / jq_rate,
                peak / 1024,
                load()
            );
        }
    }
    if std::env::var_os("KEEP_REPLAY_BENCH").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
