//! The instance profile's credentials from the EC2 instance metadata
//! service, with IMDSv2 sessions, as botocore's `InstanceMetadataFetcher`
//! (`botocore/utils.py`) and the SDKs and Tools Reference Guide ("IMDS
//! credential provider") describe it:
//!
//! 1. `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds:
//!    21600` (botocore's `_TOKEN_TTL`) gives a session token, reused until
//!    it expires;
//! 2. `GET /latest/meta-data/iam/security-credentials/` with
//!    `X-aws-ec2-metadata-token` names the role (unless
//!    `ec2_instance_profile_name` names it);
//! 3. `GET /latest/meta-data/iam/security-credentials/ROLE` gives
//!    `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`.
//!
//! A `401` on a `GET` means the token expired or was revoked: a new one is
//! fetched and the `GET` sent once more. IMDSv1 (the `GET`s without a
//! token) is used only when allowed (`--imds-v1`) and not disabled
//! (`AWS_EC2_METADATA_V1_DISABLED`, `ec2_metadata_v1_disabled`), and only
//! when the token `PUT` answered 403, 404 or 405 or timed out, as botocore
//! falls back.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::StatusCode;

use super::identity::{arn_account, arn_partition, Identity};
use super::ini::{get, Settings};
use super::online::{describe, OnlineOptions};
use super::{Environment, Fetched};
use crate::eval::Timestamp;
use crate::sigv4::credentials::{Credentials, Secret};

/// IMDS's IPv4 address (botocore's `METADATA_BASE_URL`).
pub const IPV4_ENDPOINT: &str = "http://169.254.169.254";
/// IMDS's IPv6 address (botocore's `METADATA_BASE_URL_IPv6`).
pub const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
/// The session token's lifetime asked for, in seconds: six hours, the
/// largest IMDS grants, as every SDK asks.
pub const TOKEN_TTL_SECONDS: u64 = 21_600;
/// The header that asks for a token's lifetime.
pub const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
/// The header that carries the token.
pub const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";
/// The instance profile's ARN (and so the account), as JSON.
const IAM_INFO_PATH: &str = "/latest/meta-data/iam/info";
/// The instance's id: the name of its role sessions.
const INSTANCE_ID_PATH: &str = "/latest/meta-data/instance-id";
/// A token is not used in its last minute, so none expires in flight.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

/// The instance metadata client: its endpoint and settings, and the
/// session token it holds between fetches.
#[derive(Debug)]
pub(super) struct Imds {
    /// The endpoint, without a trailing `/`.
    pub endpoint: String,
    client: Client,
    timeout: Duration,
    attempts: u32,
    allow_v1: bool,
    v1_disabled: bool,
    role_override: Option<String>,
    token: Mutex<Option<(Secret, Instant)>>,
}

/// Why there is no IMDSv2 token.
enum NoToken {
    /// The `PUT` answered 403, 404 or 405, or timed out: botocore's cases
    /// for falling back to IMDSv1.
    Refused(String),
    /// Anything else: there is no metadata service to talk to.
    Failed(String),
}

impl Imds {
    /// The client the environment and the profile's settings describe.
    pub fn new(
        env: &Environment,
        profile: Option<&Settings>,
        online: &OnlineOptions,
    ) -> Result<Imds, String> {
        let setting = |var: &str, key: &str| {
            env.get(var)
                .or_else(|| get(profile, key))
                .map(str::to_owned)
        };
        let endpoint = match setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint") {
            Some(endpoint) => {
                if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                    return Err(format!(
                        "the instance metadata endpoint {endpoint:?} (AWS_EC2_METADATA_SERVICE_ENDPOINT or ec2_metadata_service_endpoint) is not an http:// or https:// URL"
                    ));
                }
                endpoint.trim_end_matches('/').to_owned()
            }
            None => match setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode") {
                None => IPV4_ENDPOINT.to_owned(),
                Some(mode) if mode.eq_ignore_ascii_case("ipv4") => IPV4_ENDPOINT.to_owned(),
                Some(mode) if mode.eq_ignore_ascii_case("ipv6") => IPV6_ENDPOINT.to_owned(),
                Some(mode) => {
                    return Err(format!(
                        "the instance metadata endpoint mode {mode:?} (AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE or ec2_metadata_service_endpoint_mode) is not IPv4 or IPv6"
                    ))
                }
            },
        };
        let timeout = match online.imds_timeout {
            Some(t) => t,
            None => match setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout") {
                None => Duration::from_secs(1),
                Some(text) => text
                    .parse::<f64>()
                    .ok()
                    .and_then(|s| Duration::try_from_secs_f64(s).ok())
                    .filter(|d| !d.is_zero())
                    .ok_or_else(|| {
                        format!("metadata_service_timeout {text:?} is not a number of seconds")
                    })?,
            },
        };
        let attempts = match online.imds_attempts {
            Some(n) => n.max(1),
            None => match setting(
                "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
                "metadata_service_num_attempts",
            ) {
                None => 1,
                Some(text) => text.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    format!("metadata_service_num_attempts {text:?} is not a positive number")
                })?,
            },
        };
        let v1_disabled = setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        Ok(Imds {
            endpoint,
            client: online.client(timeout)?,
            timeout,
            attempts,
            allow_v1: online.allow_imds_v1,
            v1_disabled,
            role_override: setting("AWS_EC2_INSTANCE_PROFILE_NAME", "ec2_instance_profile_name"),
            token: Mutex::new(None),
        })
    }

    /// The role's current credentials, and the role's name.
    pub fn fetch(&self) -> Result<(Fetched, String), String> {
        let role = match &self.role_override {
            Some(role) => role.clone(),
            None => {
                let listing = self.get(CREDENTIALS_PATH)?;
                listing
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_owned)
                    .ok_or_else(|| "the instance metadata service names no role: is an instance profile attached to this instance?".to_owned())?
            }
        };
        let body = self.get(&format!("{CREDENTIALS_PATH}{role}"))?;
        let value: serde_json::Value = serde_json::from_str(&body)
            .map_err(|_| format!("the credentials of role {role} are not JSON"))?;
        let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
        if let Some(code) = field("Code").filter(|c| *c != "Success") {
            return Err(format!(
                "the instance metadata service answered {code} for role {role}"
            ));
        }
        let missing = |name: &str| format!("the credentials of role {role} have no {name}");
        let expiration = field("Expiration").ok_or_else(|| missing("Expiration"))?;
        let fetched = Fetched {
            credentials: Credentials {
                access_key_id: field("AccessKeyId")
                    .ok_or_else(|| missing("AccessKeyId"))?
                    .to_owned(),
                secret_access_key: Secret::new(
                    field("SecretAccessKey").ok_or_else(|| missing("SecretAccessKey"))?,
                ),
                session_token: Some(Secret::new(field("Token").ok_or_else(|| missing("Token"))?)),
            },
            expiration: Some(
                Timestamp::parse_rfc3339(expiration).ok_or_else(|| {
                    format!("the Expiration of role {role} is not an RFC 3339 time")
                })?,
            ),
            identity: Identity::Unknown,
        };
        Ok((fetched, role))
    }

    /// The caller the instance's credentials are: EC2 names the session of
    /// the instance profile's role after the instance,
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/INSTANCE-ID`. The account
    /// (and partition) is the instance profile's, from `iam/info`. When
    /// either answer is missing the caller is unknown: credentials are
    /// still used, since these two `GET`s only inform an explanation.
    pub fn identity(&self, role: &str) -> Identity {
        let info = self
            .get(IAM_INFO_PATH)
            .ok()
            .and_then(|body| serde_json::from_str::<serde_json::Value>(&body).ok());
        let profile_arn = info
            .as_ref()
            .and_then(|v| v.get("InstanceProfileArn"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        let instance = self
            .get(INSTANCE_ID_PATH)
            .ok()
            .map(|id| id.trim().to_owned())
            .filter(|id| {
                id.starts_with("i-") && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        let (Some(profile_arn), Some(instance)) = (profile_arn, instance) else {
            return Identity::Unknown;
        };
        match (arn_partition(&profile_arn), arn_account(&profile_arn)) {
            (Some(partition), Some(account)) => Identity::Principal {
                arn: format!("arn:{partition}:sts::{account}:assumed-role/{role}/{instance}"),
                role_arn: None,
                how: format!(
                    "the instance metadata service: instance profile {profile_arn}, role {role}, instance {instance}"
                ),
            },
            _ => Identity::Unknown,
        }
    }

    /// A `GET` with the session token (a fresh one after a 401), or without
    /// one when IMDSv1 is allowed and the token cannot be had.
    fn get(&self, path: &str) -> Result<String, String> {
        let token = self.token()?;
        let response = self.send_get(path, token.as_ref())?;
        let response = if response.status() == StatusCode::UNAUTHORIZED && token.is_some() {
            // The token expired or was revoked: one new one, one more try.
            self.forget_token();
            let token = self.token()?;
            self.send_get(path, token.as_ref())?
        } else {
            response
        };
        let status = response.status();
        if status == StatusCode::NOT_FOUND && path == CREDENTIALS_PATH {
            return Err(format!(
                "{}{path} answered 404: no instance profile (IAM role) is attached to this instance",
                self.endpoint
            ));
        }
        if !status.is_success() {
            return Err(format!("{}{path} answered {status}", self.endpoint));
        }
        response
            .text()
            .map_err(|e| format!("{}{path}: {}", self.endpoint, describe(&e)))
    }

    fn send_get(
        &self,
        path: &str,
        token: Option<&Secret>,
    ) -> Result<reqwest::blocking::Response, String> {
        let url = format!("{}{path}", self.endpoint);
        self.send(|| {
            let request = self.client.get(&url).timeout(self.timeout);
            match token {
                Some(token) => request.header(TOKEN_HEADER, token.expose()),
                None => request,
            }
        })
        .map_err(|why| format!("GET {url} {why}"))
    }

    /// Sends, up to the attempts allowed, again on connection errors and
    /// 5xx answers.
    fn send(
        &self,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<reqwest::blocking::Response, &'static str> {
        let mut last = "was not sent";
        for _ in 0..self.attempts {
            match build().send() {
                Ok(response) if response.status().is_server_error() => {
                    last = "answered a server error";
                    if self.attempts == 1 {
                        return Ok(response);
                    }
                }
                Ok(response) => return Ok(response),
                Err(e) => last = describe(&e),
            }
        }
        Err(last)
    }

    fn forget_token(&self) {
        if let Ok(mut held) = self.token.lock() {
            *held = None;
        }
    }

    /// The held token while it is fresh, else a new one; `None` when
    /// IMDSv1 is to be used.
    fn token(&self) -> Result<Option<Secret>, String> {
        if let Ok(held) = self.token.lock() {
            if let Some((token, until)) = held.as_ref() {
                if Instant::now() < *until {
                    return Ok(Some(token.clone()));
                }
            }
        }
        match self.fetch_token() {
            Ok(token) => {
                let until = Instant::now() + Duration::from_secs(TOKEN_TTL_SECONDS) - TOKEN_MARGIN;
                if let Ok(mut held) = self.token.lock() {
                    *held = Some((token.clone(), until));
                }
                Ok(Some(token))
            }
            // botocore's fallback cases, allowed: the GETs go without a token.
            Err(NoToken::Refused(_)) if self.allow_v1 && !self.v1_disabled => Ok(None),
            Err(NoToken::Refused(why)) if self.allow_v1 => Err(format!(
                "{why}; IMDSv1 was allowed (--imds-v1) but AWS_EC2_METADATA_V1_DISABLED or ec2_metadata_v1_disabled disables it"
            )),
            Err(NoToken::Refused(why)) => Err(format!(
                "{why}. IMDSv1 (requests without a session token) is used only with --imds-v1: it answers any GET without a session, which is what a server-side request forgery exploits, so IMDSv2 alone is the default{}",
                if why.contains("timed out") { HOP_LIMIT_HINT } else { "" }
            )),
            Err(NoToken::Failed(why)) => Err(why),
        }
    }

    fn fetch_token(&self) -> Result<Secret, NoToken> {
        let url = format!("{}{TOKEN_PATH}", self.endpoint);
        let response = self.send(|| {
            self.client
                .put(&url)
                .timeout(self.timeout)
                .header(TTL_HEADER, TOKEN_TTL_SECONDS.to_string())
        });
        let what = format!("the IMDSv2 token request (PUT {url})");
        match response {
            Ok(response) => match response.status() {
                StatusCode::OK => response
                    .text()
                    .map(Secret::new)
                    .map_err(|e| NoToken::Failed(format!("{what}: {}", describe(&e)))),
                status @ (StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED) => {
                    Err(NoToken::Refused(format!("{what} answered {status}")))
                }
                status => Err(NoToken::Failed(format!("{what} answered {status}"))),
            },
            Err(why @ "timed out") => Err(NoToken::Refused(format!("{what} {why}"))),
            Err(why) => Err(NoToken::Failed(format!(
                "{what}: {why}; is this an EC2 instance? (AWS_EC2_METADATA_DISABLED=true skips the instance metadata service)"
            ))),
        }
    }
}

/// Why a token `PUT` times out inside a container.
const HOP_LIMIT_HINT: &str = ". A PUT that times out inside a container (Docker, ECS on EC2, EKS) usually means the instance's metadata hop limit is 1: the token's answer is dropped one hop short of the container. Raise it to 2 (aws ec2 modify-instance-metadata-options --instance-id ID --http-put-response-hop-limit 2)";
