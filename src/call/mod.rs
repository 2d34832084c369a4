//! `policy call`: one signed request to a Lattice service, sent for real,
//! the way the VPC Lattice workshop's client sends it, and a 403 answer
//! read back into the evaluator's terms.
//!
//! This is the one part of the crate that uses the network, and only
//! because the user asks it to call their own service. Nothing here runs
//! unless `policy call` does: the HTTP client is built inside
//! [`transport::HttpTransport::new`], never at start-up.
//!
//! * [`target`]: the URL split into what a request and its signature need,
//!   and the region a Lattice host name gives;
//! * [`prepare`]: the request as it will be sent, signed for
//!   `vpc-lattice-svcs` with `UNSIGNED-PAYLOAD` (header or presigned),
//!   or anonymous;
//! * [`transport`]: sending it (HTTP/1.1 or HTTP/2, TLS from the system's
//!   trust store) and reading the answer;
//! * [`retry`]: exponential backoff with full jitter on 5xx, throttling and
//!   connection errors, `Retry-After` honoured, never on other 4xx; the
//!   random source and the pause are injected;
//! * [`show`]: the answer as `curl -i` prints it, and what would be sent
//!   with every secret masked (`--dry-run`);
//! * [`caller`]: who the evaluator should take the caller to be, from the
//!   credentials that signed, and the sent request as the evaluator's
//!   request, for explaining a 403.
//!
//! All of it but [`target`] (which `policy sign` uses to read a URL) needs
//! the `call` feature, on by default: a build without it has no HTTP client.

#[cfg(feature = "call")]
pub mod caller;
#[cfg(feature = "call")]
pub mod prepare;
#[cfg(feature = "call")]
pub mod retry;
#[cfg(feature = "call")]
pub mod show;
pub mod target;
#[cfg(feature = "call")]
pub mod transport;
