//! `policy lsp` (issue 17, "Speed"): the time from a `didChange` to the
//! `publishDiagnostics` of that version, and the memory of a server
//! holding 500 open documents. The bench speaks JSON-RPC to the bench
//! build of `policy lsp` over pipes, as an editor does.
//!
//! * `model`: the model policy, `policies/no-anonymous-no-get/policy.json`;
//! * `10k`: `benches/data/policy-10k.json`;
//! * `cfn`: a generated CloudFormation template of 1,000 lines holding 20
//!   auth policies.
//!
//! Each change inserts a space in the document's first line (and the next
//! one takes it out), after a pause longer than the debounce, as a person
//! typing one character would; the figure is the median (and the 90th
//! percentile) over the runs. Goal: under 50 ms for the 10 KB policy.
//!
//! Two more rows for the 10 KB policy: a client that shows code lenses
//! (it asks for them right after each change, as VS Code does: the time
//! to the diagnostics, then to the lenses), and a burst of five changes
//! 20 ms apart (the time from the last one to its diagnostics, the
//! debounce included). Each row also gives the processor time the server
//! spent per change (all its threads, from `/proc`), which the machine's
//! load does not inflate as it does the wall clock.
//!
//! ```text
//! nice cargo bench --bench lsp               # every case, 30 changes each, and memory
//! nice cargo bench --bench lsp -- --runs 10  # other run counts
//! nice cargo bench --bench lsp -- --bin OTHER/policy  # another build, under the same load
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Ends the bench with a message: a bench that cannot run has no figure.
trait OrDie<T> {
    fn or_die(self, what: &str) -> T;
}

impl<T, E: std::fmt::Display> OrDie<T> for Result<T, E> {
    fn or_die(self, what: &str) -> T {
        match self {
            Ok(value) => value,
            Err(error) => {
                eprintln!("{what}: {error}");
                std::process::exit(1)
            }
        }
    }
}

impl<T> OrDie<T> for Option<T> {
    fn or_die(self, what: &str) -> T {
        match self {
            Some(value) => value,
            None => {
                eprintln!("{what}: missing");
                std::process::exit(1)
            }
        }
    }
}

/// How a case changes the document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Typing {
    /// One change after a pause longer than the debounce.
    Pause,
    /// The same, by a client that asks for the code lenses after it.
    PauseShowingLenses,
    /// Five changes 20 ms apart; timed from the last.
    Burst,
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Server {
    fn start(bin: &str) -> Server {
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .or_die("policy lsp starts");
        let stdin = child.stdin.take().or_die("stdin");
        let stdout = BufReader::new(child.stdout.take().or_die("stdout"));
        let mut server = Server {
            child,
            stdin,
            stdout,
            next_id: 0,
        };
        server.next_id += 1;
        let id = server.next_id;
        server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "initialize",
            "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
        server.wait(|m| at(m, "/id") == id);
        server.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        server
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).or_die("write");
        self.stdin.flush().or_die("flush");
    }

    fn read(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).or_die("read");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().or_die("length");
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).or_die("body");
        serde_json::from_slice(&body).or_die("json")
    }

    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.read();
            if wanted(&message) {
                return message;
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}}),
        );
    }

    fn diagnostics_of(&mut self, uri: &str, version: i64) -> usize {
        let published = self.wait(|m| {
            at(m, "/method") == "textDocument/publishDiagnostics"
                && at(m, "/params/uri") == uri
                && at(m, "/params/version") == version
        });
        at(&published, "/params/diagnostics")
            .as_array()
            .map_or(0, Vec::len)
    }

    /// The processor time the server's threads have used, from `/proc`
    /// (each thread's `schedstat`, in nanoseconds): what a change costs
    /// whatever the machine's load, which the wall clock counts too.
    fn cpu(&self) -> Duration {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.child.id()));
        let nanos: u64 = tasks
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
            .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
            .sum();
        Duration::from_nanos(nanos)
    }

    /// Peak and current resident memory, from `/proc`.
    fn memory(&self) -> (String, String) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .map(|l| l.trim_start_matches(name).trim().to_string())
                .unwrap_or_else(|| "?".to_string())
        };
        (field("VmHWM:"), field("VmRSS:"))
    }

    fn stop(mut self) {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}));
        self.wait(|m| at(m, "/id") == id);
        self.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
        let _ = self.child.wait();
    }
}

/// A CloudFormation template of about `lines` lines: services, their auth
/// policies and Lambda functions.
fn template(lines: usize) -> String {
    let mut out = String::from("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n");
    let mut i = 0;
    while out.lines().count() < lines {
        out.push_str(&format!(
            "  Service{i}:\n    Type: AWS::VpcLattice::Service\n    Properties:\n      Name: service-{i}\n      AuthType: AWS_IAM\n  Function{i}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Runtime: python3.12\n      Code:\n        ZipFile: |\n          def handler(event, context):\n              return {{'statusCode': 200}}\n  Auth{i}:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      ResourceIdentifier: !Ref Service{i}\n      Policy:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::111122223333:role/caller-{i}\n            Action: vpc-lattice-svcs:Invoke\n            Resource: '*'\n            Condition:\n              StringEquals:\n                vpc-lattice-svcs:RequestMethod: GET\n          - Effect: Deny\n            Principal: '*'\n            Action: vpc-lattice-svcs:Invoke\n            Resource: '*'\n            Condition:\n              StringNotEquals:\n                aws:PrincipalOrgID: o-a1b2c3d4e5\n              Bool:\n                aws:SecureTransport: 'false'\n  Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n"
        ));
        i += 1;
    }
    out
}

/// The member at `pointer`, `null` when there is none.
fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
    value.pointer(pointer).unwrap_or(&Value::Null)
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let at = (sorted.len() * p / 100).min(sorted.len().saturating_sub(1));
    sorted.get(at).copied().unwrap_or_default()
}

/// Sends version `version` of `uri`: a space inserted at the start of the
/// first line for an even version, taken out for an odd one.
fn change(server: &mut Server, uri: &str, version: i64) {
    let (range, inserted) = if version % 2 == 0 {
        (
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
            " ",
        )
    } else {
        (
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}),
            "",
        )
    };
    server.send(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"range": range, "text": inserted}]}}),
    );
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// The latency of `runs` changes to `text`, typed as `typing` says.
fn latency(bin: &str, name: &str, uri: &str, text: &str, runs: usize, typing: Typing) {
    let mut server = Server::start(bin);
    server.open(uri, text);
    let findings = server.diagnostics_of(uri, 1);
    let mut times = Vec::with_capacity(runs);
    let mut lens_times = Vec::new();
    let mut version = 1;
    let cpu_before = server.cpu();
    for _ in 0..runs {
        // A pause longer than the debounce: the change is one keystroke
        // after the person stopped typing.
        std::thread::sleep(Duration::from_millis(250));
        if typing == Typing::Burst {
            for _ in 0..4 {
                version += 1;
                change(&mut server, uri, version);
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        version += 1;
        let started = Instant::now();
        change(&mut server, uri, version);
        let lenses = (typing == Typing::PauseShowingLenses).then(|| {
            server.next_id += 1;
            let id = server.next_id;
            server.send(
                &json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeLens",
                "params": {"textDocument": {"uri": uri}}}),
            );
            id
        });
        server.diagnostics_of(uri, version);
        times.push(started.elapsed());
        if let Some(id) = lenses {
            server.wait(|m| at(m, "/id") == id);
            lens_times.push(started.elapsed());
        }
    }
    // Read after a last pause, so that work a change started after its
    // diagnostics (lenses) is counted with it.
    std::thread::sleep(Duration::from_millis(250));
    let cpu = (server.cpu().saturating_sub(cpu_before)) / runs.max(1) as u32;
    times.sort();
    lens_times.sort();
    let lenses = if lens_times.is_empty() {
        "not asked".to_string()
    } else {
        format!(
            "{} (p90 {})",
            ms(percentile(&lens_times, 50)),
            ms(percentile(&lens_times, 90))
        )
    };
    println!(
        "| {name} | {} B, {} lines | {findings} | {} | {} | {} | {} | {lenses} |",
        text.len(),
        text.lines().count(),
        ms(percentile(&times, 50)),
        ms(percentile(&times, 90)),
        ms(times.first().copied().unwrap_or_default()),
        ms(cpu),
    );
    server.stop();
}

/// Peak memory with `count` documents open: the 10 KB policy under
/// different names, each checked.
fn memory(bin: &str, count: usize, text: &str) {
    let mut server = Server::start(bin);
    let (before, _) = server.memory();
    let started = Instant::now();
    for i in 0..count {
        server.open(&format!("file:///bench/doc-{i}.json"), text);
    }
    for i in 0..count {
        server.diagnostics_of(&format!("file:///bench/doc-{i}.json"), 1);
    }
    let elapsed = started.elapsed();
    let (peak, now) = server.memory();
    println!(
        "| {count} open documents ({} B each) | {before} | {peak} | {now} | {:.1} s |",
        text.len(),
        elapsed.as_secs_f64()
    );
    server.stop();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    let bin = args
        .iter()
        .position(|a| a == "--bin")
        .and_then(|i| args.get(i + 1))
        .map_or(env!("CARGO_BIN_EXE_policy"), String::as_str);
    let root = env!("CARGO_MANIFEST_DIR");
    let model = std::fs::read_to_string(format!("{root}/policies/no-anonymous-no-get/policy.json"))
        .or_die("the model policy");
    let ten = std::fs::read_to_string(format!("{root}/benches/data/policy-10k.json"))
        .or_die("the 10 KB policy");
    let cfn = template(1_000);
    println!("server: {bin}");
    println!();
    println!(
        "| document | size | findings | median | p90 | fastest | server CPU per change | lenses (median) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let ten_uri = "file:///bench/policy-10k.json";
    let cases = [
        (
            "model policy",
            "file:///bench/model.json",
            &model,
            Typing::Pause,
        ),
        ("10 KB policy", ten_uri, &ten, Typing::Pause),
        (
            "10 KB policy, lenses shown",
            ten_uri,
            &ten,
            Typing::PauseShowingLenses,
        ),
        ("10 KB policy, a burst of 5", ten_uri, &ten, Typing::Burst),
        (
            "CloudFormation template",
            "file:///bench/template.yaml",
            &cfn,
            Typing::Pause,
        ),
    ];
    for (name, uri, text, typing) in cases {
        latency(bin, name, uri, text, runs, typing);
    }
    println!();
    println!("| documents | RSS at start | peak RSS | RSS after | time to check all |");
    println!("|---|---|---|---|---|");
    memory(bin, 500, &ten);
}
