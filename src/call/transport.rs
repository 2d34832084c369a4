//! Sending a request and reading the answer: HTTP/1.1, or HTTP/2 when a
//! TLS server offers it (ALPN), with TLS verified against the system's
//! trust store (rustls with the platform verifier; on Linux that is the
//! store `rustls-native-certs` finds, or only the PEM file `SSL_CERT_FILE`
//! and the directories `SSL_CERT_DIR` name when either is set:
//! docs/call.md). A certificate that is not trusted is not retried: no
//! second attempt changes it. Redirects are not
//! followed: a signature is for one host and path, and a 3xx is an answer
//! the user should see. Plain `http://` works too (a loopback test
//! service, or a Lattice HTTP listener).

use std::io::Read;
use std::time::Duration;

use super::prepare::Outgoing;

/// The largest response body read; the rest is dropped and said so.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// An HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// `HTTP/1.1`, `HTTP/2`, …
    pub version: String,
    /// The headers in the order received, names lower case.
    pub headers: Vec<(String, String)>,
    /// The body (at most [`MAX_BODY`] bytes).
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status's reason phrase (`Forbidden`), when it has a standard one.
    pub fn reason(&self) -> &'static str {
        reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("")
    }
}

/// Why there is no response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendError {
    /// What happened.
    pub message: String,
    /// Whether another attempt may do better (a refused, reset or timed
    /// out connection), or not (a request that cannot be built).
    pub retryable: bool,
}

impl SendError {
    /// A failure worth retrying.
    pub fn retryable(message: impl Into<String>) -> SendError {
        SendError {
            message: message.into(),
            retryable: true,
        }
    }

    /// A failure no retry mends.
    pub fn fatal(message: impl Into<String>) -> SendError {
        SendError {
            message: message.into(),
            retryable: false,
        }
    }
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Something that sends a request: the network, or a script in tests.
pub trait Transport {
    /// Sends `request` once.
    fn send(&mut self, request: &Outgoing) -> Result<Response, SendError>;
}

/// Timeouts of one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing the connection (TCP and TLS).
    pub connect: Duration,
    /// The whole attempt, from sending to the end of the body.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(60),
        }
    }
}

/// The network, through reqwest's blocking client.
#[derive(Debug)]
pub struct HttpTransport {
    client: reqwest::blocking::Client,
}

impl HttpTransport {
    /// Builds the client: rustls with the system's trust store, HTTP/2 by
    /// ALPN, no redirects, the timeouts given, and the proxies the
    /// environment names (`HTTPS_PROXY`, `NO_PROXY`, as curl and the SDKs
    /// read them). This is where the network stack starts; nothing else in
    /// the crate does it.
    pub fn new(timeouts: Timeouts) -> Result<HttpTransport, String> {
        let client = reqwest::blocking::Client::builder()
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.total)
            .redirect(reqwest::redirect::Policy::none())
            // Retries are this module's, with the SDKs' rules and a line for each.
            .retry(reqwest::retry::never())
            .tls_backend_rustls()
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {}", chain(&e)))?;
        Ok(HttpTransport { client })
    }
}

/// An error and its causes, on one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let words = cause.to_string();
        if !text.contains(&words) {
            text.push_str(": ");
            text.push_str(&words);
        }
        source = cause.source();
    }
    text
}

/// The words for a server certificate that TLS verification refused
/// (rustls says `invalid peer certificate: …`), or `None`.
fn certificate_refused(message: &str) -> Option<String> {
    let at = message.find("invalid peer certificate")?;
    let detail = message.get(at..).unwrap_or(message);
    Some(format!(
        "the server's TLS certificate was refused ({detail}): it is not valid for this host or not issued by an authority in the system's trust store. To trust another authority, name its PEM file in SSL_CERT_FILE (or a directory in SSL_CERT_DIR); either replaces the system's store (docs/call.md)"
    ))
}

impl Transport for HttpTransport {
    fn send(&mut self, outgoing: &Outgoing) -> Result<Response, SendError> {
        let request = &outgoing.request;
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| SendError::fatal(format!("{:?} is not an HTTP method", request.method)))?;
        let url = outgoing.url();
        let mut builder = self.client.request(method, &url);
        for (name, value) in &request.headers {
            // The client writes the host header (HTTP/1.1) or the
            // :authority (HTTP/2) from the URL, the same value as signed.
            if name.eq_ignore_ascii_case("host") {
                continue;
            }
            builder = builder.header(name.as_str(), value.as_str());
        }
        if !request.body.is_empty() {
            builder = builder.body(request.body.clone());
        }
        let response = builder.send().map_err(|e| {
            let message = chain(&e);
            if e.is_builder() {
                SendError::fatal(message)
            } else if let Some(why) = certificate_refused(&message) {
                SendError::fatal(why)
            } else {
                SendError::retryable(message)
            }
        })?;
        let status = response.status().as_u16();
        let version = format!("{:?}", response.version());
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        response
            .take(MAX_BODY as u64)
            .read_to_end(&mut body)
            .map_err(|e| SendError::retryable(format!("reading the response body: {e}")))?;
        Ok(Response {
            status,
            version,
            headers,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The TLS path cannot be exercised on loopback without a certificate
    /// authority the system trusts; building the client checks that
    /// rustls, its platform verifier and HTTP/2 are wired in.
    #[test]
    fn the_client_builds_with_rustls_and_the_system_trust_store() {
        assert!(HttpTransport::new(Timeouts::default()).is_ok());
    }

    #[test]
    fn a_refused_certificate_is_named_and_final() {
        let why = certificate_refused(
            "error sending request: client error (Connect): invalid peer certificate: UnknownIssuer",
        )
        .unwrap();
        assert!(
            why.contains("invalid peer certificate: UnknownIssuer"),
            "{why}"
        );
        assert!(why.contains("SSL_CERT_FILE"), "{why}");
        assert_eq!(certificate_refused("connection refused"), None);
    }

    #[test]
    fn a_closed_port_is_a_retryable_error() {
        // Bind then drop a listener: its port is free and refuses.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let target = super::super::target::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
        let outgoing = Outgoing {
            request: super::super::prepare::unsigned(&target, "GET", &[], Vec::new()),
            target,
        };
        let mut transport = HttpTransport::new(Timeouts::default()).unwrap();
        let error = transport.send(&outgoing).unwrap_err();
        assert!(error.retryable, "{error}");
    }
}
