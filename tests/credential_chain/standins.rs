//! Stand-ins for the credential endpoints, on loopback, ephemeral ports:
//! an instance metadata service that enforces IMDSv2 and serves rotating
//! role credentials, and a container credentials endpoint that checks its
//! authorization token. Each is a thread serving one connection at a time,
//! stopped when dropped.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use lattice_policy::eval::Timestamp;

/// A request as the stand-ins see it.
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

type Handler = Arc<dyn Fn(&Request) -> (u16, String) + Send + Sync>;

/// A loopback HTTP/1.1 server answering with `handler`.
pub struct Server {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(handler: Handler) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    serve(stream, &handler);
                }
            }
        });
        Server {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(stream: TcpStream, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            break;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let request = Request {
        method,
        path,
        headers,
    };
    let (status, body) = handler(&request);
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

/// Now, plus `seconds`, as RFC 3339.
pub fn in_seconds(seconds: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    Timestamp::from_epoch_seconds(now + seconds)
        .unwrap()
        .to_string()
}

/// What the instance metadata stand-in does and has seen.
#[derive(Default)]
pub struct ImdsState {
    /// Tokens handed out and still valid.
    pub tokens: BTreeSet<String>,
    /// `PUT`s answered with a token.
    pub puts: u32,
    /// `PUT`s refused for want of the TTL header.
    pub puts_without_ttl: u32,
    /// The TTL asked for last.
    pub last_ttl: Option<String>,
    /// Credential documents served.
    pub served: u32,
    /// `GET`s without a token.
    pub tokenless_gets: u32,
    /// Requests of any kind.
    pub requests: u32,
    /// Answer `PUT` with 403 (a service that does not do IMDSv2 sessions).
    pub refuse_put: bool,
    /// Sleep this long before answering `PUT`.
    pub slow_put: Option<Duration>,
    /// Answer `GET`s without a token (IMDSv1) instead of 401.
    pub allow_v1: bool,
    /// Answer every credentials request with 500.
    pub broken: bool,
    /// The served credentials' lifetime, in seconds.
    pub lifetime: i64,
    /// The instance profile `iam/info` names; `None` answers 404.
    pub profile_arn: Option<String>,
    /// The instance id `instance-id` answers; `None` answers 404.
    pub instance_id: Option<String>,
}

/// The IMDS stand-in.
pub struct Imds {
    pub server: Server,
    pub state: Arc<Mutex<ImdsState>>,
}

pub const ROLE: &str = "lattice-role";
/// The stand-in's instance profile, in the account the Lattice stand-in's
/// test keys encode.
pub const PROFILE_ARN: &str = "arn:aws:iam::123456789012:instance-profile/lattice-profile";
pub const INSTANCE_ID: &str = "i-0123456789abcdef0";
/// The caller EC2 makes of the stand-in's credentials.
pub const INSTANCE_SESSION: &str =
    "arn:aws:sts::123456789012:assumed-role/lattice-role/i-0123456789abcdef0";

impl Imds {
    pub fn start() -> Imds {
        let state = Arc::new(Mutex::new(ImdsState {
            lifetime: 6 * 3600,
            profile_arn: Some(PROFILE_ARN.to_owned()),
            instance_id: Some(INSTANCE_ID.to_owned()),
            ..ImdsState::default()
        }));
        let shared = state.clone();
        let server = Server::start(Arc::new(move |request: &Request| {
            let slow = {
                let mut s = shared.lock().unwrap();
                s.requests += 1;
                if request.method == "PUT" {
                    s.slow_put
                } else {
                    None
                }
            };
            if let Some(pause) = slow {
                std::thread::sleep(pause);
            }
            let mut s = shared.lock().unwrap();
            match (request.method.as_str(), request.path.as_str()) {
                ("PUT", "/latest/api/token") => {
                    if s.refuse_put {
                        return (403, String::new());
                    }
                    let Some(ttl) = request.header("x-aws-ec2-metadata-token-ttl-seconds") else {
                        s.puts_without_ttl += 1;
                        return (400, String::new());
                    };
                    s.last_ttl = Some(ttl.to_owned());
                    s.puts += 1;
                    let token = format!("imds-session-token-{}", s.puts);
                    s.tokens.insert(token.clone());
                    (200, token)
                }
                ("GET", path) if path.starts_with("/latest/meta-data/") => {
                    match request.header("x-aws-ec2-metadata-token") {
                        Some(token) if s.tokens.contains(token) => {}
                        None if s.allow_v1 => s.tokenless_gets += 1,
                        _ => return (401, String::new()),
                    }
                    if path == "/latest/meta-data/iam/info" {
                        return match &s.profile_arn {
                            Some(arn) => (
                                200,
                                format!(
                                    r#"{{"Code": "Success", "LastUpdated": "2026-12-01T00:00:00Z", "InstanceProfileArn": "{arn}", "InstanceProfileId": "AIPAEXAMPLEPROFILE"}}"#
                                ),
                            ),
                            None => (404, String::new()),
                        };
                    }
                    if path == "/latest/meta-data/instance-id" {
                        return match &s.instance_id {
                            Some(id) => (200, id.clone()),
                            None => (404, String::new()),
                        };
                    }
                    let Some(role) =
                        path.strip_prefix("/latest/meta-data/iam/security-credentials/")
                    else {
                        return (404, String::new());
                    };
                    if role.is_empty() {
                        return (200, format!("{ROLE}\n"));
                    }
                    if role != ROLE {
                        return (404, String::new());
                    }
                    if s.broken {
                        return (500, String::new());
                    }
                    s.served += 1;
                    let n = s.served;
                    (
                        200,
                        format!(
                            r#"{{"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS{n}", "SecretAccessKey": "imds-secret-{n}", "Token": "imds-token-{n}", "Expiration": "{}"}}"#,
                            in_seconds(s.lifetime)
                        ),
                    )
                }
                _ => (404, String::new()),
            }
        }));
        Imds { server, state }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut ImdsState) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }
}

/// What the container credentials stand-in does and has seen.
#[derive(Default)]
pub struct ContainerState {
    /// The `Authorization` value it accepts; `None` accepts a request
    /// without one.
    pub token: Option<String>,
    /// Requests answered with credentials.
    pub served: u32,
    /// Requests refused for their token.
    pub refused: u32,
    /// The served credentials' lifetime, in seconds.
    pub lifetime: i64,
    /// The first credentials' lifetime, when it differs.
    pub first_lifetime: Option<i64>,
    /// The `RoleArn` the answer carries; `None` leaves it out.
    pub role_arn: Option<String>,
}

/// The role the container stand-in's answers name by default.
pub const TASK_ROLE: &str = "arn:aws:iam::123456789012:role/task";

/// The container credentials stand-in: serves `/creds` (and any path).
pub struct Container {
    pub server: Server,
    pub state: Arc<Mutex<ContainerState>>,
}

impl Container {
    pub fn start(token: Option<&str>) -> Container {
        let state = Arc::new(Mutex::new(ContainerState {
            token: token.map(str::to_owned),
            lifetime: 6 * 3600,
            role_arn: Some(TASK_ROLE.to_owned()),
            ..ContainerState::default()
        }));
        let shared = state.clone();
        let server = Server::start(Arc::new(move |request: &Request| {
            let mut s = shared.lock().unwrap();
            if request.header("authorization") != s.token.as_deref() {
                s.refused += 1;
                return (401, String::new());
            }
            s.served += 1;
            let n = s.served;
            let lifetime = match s.first_lifetime {
                Some(first) if n == 1 => first,
                _ => s.lifetime,
            };
            let role = s
                .role_arn
                .as_ref()
                .map(|arn| format!(r#", "RoleArn": "{arn}""#))
                .unwrap_or_default();
            (
                200,
                format!(
                    r#"{{"AccessKeyId": "ASIACONTAINER{n}", "SecretAccessKey": "container-secret-{n}", "Token": "container-token-{n}", "Expiration": "{}"{role}}}"#,
                    in_seconds(lifetime)
                ),
            )
        }));
        Container { server, state }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut ContainerState) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }
}
