//! Container credentials: the endpoint ECS (and EKS Pod Identity, and
//! anything that imitates them) gives a container, as botocore's
//! `ContainerProvider` and `ContainerMetadataFetcher` (`botocore/credentials.py`,
//! `botocore/utils.py`) and the SDKs and Tools Reference Guide ("Container
//! credential provider") describe it:
//!
//! * `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on
//!   `http://169.254.170.2` (ECS); it wins over
//! * `AWS_CONTAINER_CREDENTIALS_FULL_URI`, a whole URL: any `https` URL, or
//!   `http` to a loopback address, ECS's `169.254.170.2`, or EKS Pod
//!   Identity's `169.254.170.23` and `fd00:ec2::23` (botocore's
//!   `_ALLOWED_HOSTS`), so credentials are never sent in clear text off
//!   the host.
//! * The `Authorization` header is the content of
//!   `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read again on every fetch
//!   since EKS rotates it, else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use reqwest::blocking::Client;

use super::identity::{arn_account, Identity};
use super::online::{describe, OnlineOptions};
use super::{Environment, Fetched};
use crate::eval::Timestamp;
use crate::sigv4::credentials::{Credentials, Secret};

/// ECS's container credentials host.
pub const ECS_HOST: &str = "169.254.170.2";
/// The hosts besides loopback addresses that may be reached over `http`.
pub const ALLOWED_HTTP_HOSTS: [&str; 3] = [ECS_HOST, "169.254.170.23", "fd00:ec2::23"];
/// The largest token file read.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// Where and how container credentials are fetched.
#[derive(Debug)]
pub(super) struct Container {
    /// The URL.
    pub url: String,
    /// Which variable gave it.
    pub variable: &'static str,
    token_file: Option<PathBuf>,
    token: Option<Secret>,
    client: Client,
    timeout: Duration,
    attempts: u32,
    delay: Duration,
}

impl Container {
    /// The endpoint the environment names; `Ok(None)` when it names none.
    pub fn from_env(
        env: &Environment,
        online: &OnlineOptions,
    ) -> Result<Option<Container>, String> {
        let (url, variable) =
            if let Some(relative) = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
                let host = online.container_host.as_deref().unwrap_or(ECS_HOST);
                let slash = if relative.starts_with('/') { "" } else { "/" };
                (
                    format!("http://{host}{slash}{relative}"),
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                )
            } else if let Some(full) = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
                check_full_uri(full)?;
                (full.to_owned(), "AWS_CONTAINER_CREDENTIALS_FULL_URI")
            } else {
                return Ok(None);
            };
        Ok(Some(Container {
            url,
            variable,
            token_file: env
                .get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
                .map(PathBuf::from),
            token: env
                .get("AWS_CONTAINER_AUTHORIZATION_TOKEN")
                .map(Secret::new),
            client: online.client(online.container_timeout)?,
            timeout: online.container_timeout,
            attempts: online.container_attempts.max(1),
            delay: online.container_retry_delay,
        }))
    }

    /// Where the `Authorization` header comes from, for explanations.
    pub fn token_source(&self) -> &'static str {
        match (&self.token_file, &self.token) {
            (Some(_), _) => "with the token in AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            (None, Some(_)) => "with the token in AWS_CONTAINER_AUTHORIZATION_TOKEN",
            (None, None) => "without an authorization token",
        }
    }

    /// The header's value, the file read afresh.
    fn authorization(&self) -> Result<Option<Secret>, String> {
        let token = match (&self.token_file, &self.token) {
            (Some(path), _) => {
                let file = std::fs::File::open(path).map_err(|e| {
                    format!(
                        "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {}: {e}",
                        path.display()
                    )
                })?;
                let bytes = crate::load::read_bounded(file, MAX_TOKEN_BYTES).map_err(|_| {
                    format!(
                        "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {}",
                        path.display()
                    )
                })?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| "the authorization token file is not text".to_owned())?;
                // EKS writes the token without a newline; one added by hand
                // is not part of it.
                Some(Secret::new(text.trim_end_matches(['\n', '\r'])))
            }
            (None, token) => token.clone(),
        };
        if let Some(token) = &token {
            if token.expose().contains(['\r', '\n']) {
                return Err(
                    "the container authorization token holds a line break, which no header may"
                        .to_owned(),
                );
            }
        }
        Ok(token)
    }

    /// The credentials, trying up to the attempts allowed.
    pub fn fetch(&self) -> Result<Fetched, String> {
        let mut last = String::new();
        for attempt in 0..self.attempts {
            if attempt > 0 {
                std::thread::sleep(self.delay);
            }
            match self.fetch_once() {
                Ok(fetched) => return Ok(fetched),
                Err(Failure::Final(why)) => return Err(why),
                Err(Failure::Retry(why)) => last = why,
            }
        }
        Err(format!("{last} (after {} attempts)", self.attempts))
    }

    fn fetch_once(&self) -> Result<Fetched, Failure> {
        let mut request = self
            .client
            .get(&self.url)
            .timeout(self.timeout)
            .header("accept", "application/json");
        if let Some(token) = self.authorization().map_err(Failure::Final)? {
            request = request.header("authorization", token.expose());
        }
        let response = request
            .send()
            .map_err(|e| Failure::Retry(format!("GET {} {}", self.url, describe(&e))))?;
        let status = response.status();
        if !status.is_success() {
            return Err(Failure::Retry(format!(
                "GET {} answered {status}{}",
                self.url,
                if status.as_u16() == 401 || status.as_u16() == 403 {
                    format!(" (sent {})", self.token_source())
                } else {
                    String::new()
                }
            )));
        }
        let not_json = || Failure::Retry(format!("GET {}: the answer is not JSON", self.url));
        let body = response.bytes().map_err(|_| not_json())?;
        let value: serde_json::Value = serde_json::from_slice(&body).map_err(|_| not_json())?;
        let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
        let missing =
            |name: &str| Failure::Final(format!("the container credentials have no {name}"));
        let expiration = match field("Expiration") {
            None => None,
            Some(text) => Some(Timestamp::parse_rfc3339(text).ok_or_else(|| {
                Failure::Final(
                    "the container credentials' Expiration is not an RFC 3339 time".to_owned(),
                )
            })?),
        };
        Ok(Fetched {
            credentials: Credentials {
                access_key_id: field("AccessKeyId")
                    .ok_or_else(|| missing("AccessKeyId"))?
                    .to_owned(),
                secret_access_key: Secret::new(
                    field("SecretAccessKey").ok_or_else(|| missing("SecretAccessKey"))?,
                ),
                session_token: field("Token").map(Secret::new),
            },
            expiration,
            identity: container_identity(field("RoleArn"), field("AccountId")),
        })
    }
}

/// The caller the answer names: its `RoleArn` (ECS's task role; the
/// session's name, the task's, is not in it), else its `AccountId` (EKS
/// Pod Identity gives one).
fn container_identity(role_arn: Option<&str>, account: Option<&str>) -> Identity {
    if let Some(arn) = role_arn.filter(|a| a.contains(":role/") && arn_account(a).is_some()) {
        return Identity::Principal {
            arn: arn.to_owned(),
            role_arn: None,
            how: "the container credentials' RoleArn (the session's name is not given: the evaluator names it `session`)".to_owned(),
        };
    }
    match account.filter(|a| arn_account(&format!("arn:aws:iam::{a}:")).is_some()) {
        Some(account) => Identity::Account {
            account: account.to_owned(),
            how: "the container credentials' AccountId".to_owned(),
        },
        None => Identity::Unknown,
    }
}

/// Whether a failed fetch is worth another attempt.
enum Failure {
    Retry(String),
    Final(String),
}

/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`'s rule: `https` anywhere, `http`
/// only to a loopback address or one of [`ALLOWED_HTTP_HOSTS`].
pub fn check_full_uri(text: &str) -> Result<(), String> {
    let url = reqwest::Url::parse(text)
        .map_err(|_| format!("AWS_CONTAINER_CREDENTIALS_FULL_URI {text:?} is not a URL"))?;
    match url.scheme() {
        "https" => Ok(()),
        "http" => {
            let host = url.host_str().unwrap_or_default();
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            let loopback =
                bare == "localhost" || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
            let allowed = ALLOWED_HTTP_HOSTS.iter().any(|h| {
                h.parse::<IpAddr>().ok() == bare.parse::<IpAddr>().ok()
                    && bare.parse::<IpAddr>().is_ok()
            });
            if loopback || allowed {
                Ok(())
            } else {
                Err(format!(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI: http is allowed only to a loopback address or {} (the SDKs' rule, so credentials never cross a network in clear text), not {host}; use https",
                    ALLOWED_HTTP_HOSTS.join(", ")
                ))
            }
        }
        other => Err(format!(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI: the scheme {other:?} is not http or https"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::check_full_uri;

    #[test]
    fn full_uri_hosts() {
        for ok in [
            "http://127.0.0.1:8080/creds",
            "http://localhost/creds",
            "http://[::1]:9/x",
            "http://169.254.170.2/v2/credentials/x",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "https://creds.example.com/x",
        ] {
            assert!(check_full_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1/creds",
            "http://creds.example.com/x",
            "ftp://127.0.0.1/",
            "nonsense",
        ] {
            assert!(check_full_uri(bad).is_err(), "{bad}");
        }
    }
}
