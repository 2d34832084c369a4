//! What the network sources of the chain need: the options `policy call`
//! passes (`--imds-v1`, timeouts, a clock) and the HTTP client they use,
//! and the steps that reach them (container credentials, instance
//! metadata). A build without the `call` feature has `online_off.rs` in
//! this module's place.

use std::sync::Arc;
use std::time::Duration;

use super::clock::{system_clock, Clock};
use super::container::Container;
use super::imds::Imds;
use super::ini::Settings;
use super::{CredentialSource, Environment, Fetched, Refresh, Took};
use crate::eval::Timestamp;

/// How the chain's network sources (container credentials, instance
/// metadata) are reached. [`Default`] is what the SDKs do, with IMDSv1
/// refused.
#[derive(Clone)]
pub struct OnlineOptions {
    /// Fall back to IMDSv1 when the IMDSv2 token cannot be had (`--imds-v1`).
    /// Off by default, unlike botocore (decision `imds-v1-only-when-asked`).
    pub allow_imds_v1: bool,
    /// Connect and read timeout of each instance metadata request. `None`:
    /// `AWS_METADATA_SERVICE_TIMEOUT`, else the profile's
    /// `metadata_service_timeout`, else 1 second (botocore's
    /// `DEFAULT_METADATA_SERVICE_TIMEOUT`).
    pub imds_timeout: Option<Duration>,
    /// Attempts per instance metadata request. `None`:
    /// `AWS_METADATA_SERVICE_NUM_ATTEMPTS`, else the profile's
    /// `metadata_service_num_attempts`, else 1 (botocore's `IMDSFetcher`).
    pub imds_attempts: Option<u32>,
    /// Timeout of each container credentials request: 2 seconds, as
    /// botocore's `ContainerMetadataFetcher.TIMEOUT_SECONDS`.
    pub container_timeout: Duration,
    /// Attempts at the container credentials endpoint: 3, as botocore's
    /// `RETRY_ATTEMPTS`.
    pub container_attempts: u32,
    /// The pause between them: 1 second, as botocore's `SLEEP_TIME`.
    pub container_retry_delay: Duration,
    /// Test hook: the `host[:port]` that
    /// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is relative to, instead of
    /// ECS's fixed `169.254.170.2`. No SDK has a setting for it, so it is
    /// not read from the environment; tests of the relative form set it.
    pub container_host: Option<String>,
    /// The client for both. `None` builds one that never uses a proxy (the
    /// metadata endpoints are link-local: a proxy cannot reach them, and
    /// the AWS SDKs for Rust and Java never send these requests through
    /// one). A client given here must not use a proxy either.
    pub client: Option<reqwest::blocking::Client>,
    /// The time, for expirations.
    pub clock: Clock,
}

impl Default for OnlineOptions {
    fn default() -> OnlineOptions {
        OnlineOptions {
            allow_imds_v1: false,
            imds_timeout: None,
            imds_attempts: None,
            container_timeout: Duration::from_secs(2),
            container_attempts: 3,
            container_retry_delay: Duration::from_secs(1),
            container_host: None,
            client: None,
            clock: Arc::new(system_clock),
        }
    }
}

impl std::fmt::Debug for OnlineOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnlineOptions")
            .field("allow_imds_v1", &self.allow_imds_v1)
            .field("imds_timeout", &self.imds_timeout)
            .field("imds_attempts", &self.imds_attempts)
            .field("container_timeout", &self.container_timeout)
            .field("container_attempts", &self.container_attempts)
            .field("container_host", &self.container_host)
            .finish_non_exhaustive()
    }
}

impl OnlineOptions {
    /// Now, by the options' clock.
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// The given client, else one without a proxy whose connect timeout is
    /// `connect_timeout` (each request sets its own total timeout).
    pub(super) fn client(
        &self,
        connect_timeout: Duration,
    ) -> Result<reqwest::blocking::Client, String> {
        if let Some(client) = &self.client {
            return Ok(client.clone());
        }
        crate::call::transport::use_ring();
        reqwest::blocking::Client::builder()
            .no_proxy()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))
    }
}

/// What went wrong sending a request, without the URL's query or any
/// header (reqwest's own message names the URL; ours are short).
pub(super) fn describe(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the answer could not be read"
    } else {
        "the request failed"
    }
}

/// A network source that gave credentials, kept to fetch them again when
/// they near their expiry.
#[derive(Clone)]
pub(super) enum Fetcher {
    /// The container credentials endpoint.
    Container(Arc<Container>),
    /// The instance metadata service, with the token it holds.
    Imds(Arc<Imds>),
}

impl Fetcher {
    /// Which source, for `Debug` (never a URL or a token).
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Fetcher::Container(_) => "Container",
            Fetcher::Imds(_) => "Imds",
        }
    }

    /// The credentials, fetched again.
    pub(super) fn fetch(&self) -> Result<Fetched, String> {
        match self {
            Fetcher::Container(container) => container.fetch(),
            Fetcher::Imds(imds) => imds.fetch().map(|(fetched, _role)| fetched),
        }
    }
}

/// The container credentials step once the environment names an endpoint
/// and the walk is online.
pub(super) fn container(env: &Environment, online: &OnlineOptions) -> Took {
    let container = match Container::from_env(env, online) {
        Ok(Some(container)) => container,
        Ok(None) => return Took::Skip("no container credentials endpoint".to_owned()),
        Err(why) => return Took::Fail(why),
    };
    match container.fetch() {
        Ok(fetched) => {
            let reason = format!(
                "{} is set; GET {} {} gave access key {}",
                container.variable,
                container.url,
                container.token_source(),
                fetched.credentials.access_key_id
            );
            let url = container.url.clone();
            Took::Use(
                fetched,
                CredentialSource::Container { url },
                Refresh::Network(Fetcher::Container(Arc::new(container))),
                reason,
            )
        }
        Err(why) => Took::Fail(format!(
            "container credentials ({}): {why}",
            container.variable
        )),
    }
}

/// The instance metadata step once it is not disabled and the walk is
/// online; `profile` is the profile's settings in the config file.
pub(super) fn instance_metadata(
    env: &Environment,
    profile: Option<&Settings>,
    online: &OnlineOptions,
) -> Took {
    let imds = match Imds::new(env, profile, online) {
        Ok(imds) => imds,
        Err(why) => return Took::Fail(why),
    };
    match imds.fetch() {
        Ok((mut fetched, role)) => {
            fetched.identity = imds.identity(&role);
            let reason = format!(
                "{} gave role {role}'s credentials (access key {}) over IMDSv2",
                imds.endpoint, fetched.credentials.access_key_id
            );
            let endpoint = imds.endpoint.clone();
            Took::Use(
                fetched,
                CredentialSource::InstanceMetadata { endpoint, role },
                Refresh::Network(Fetcher::Imds(Arc::new(imds))),
                reason,
            )
        }
        Err(why) => Took::Fail(format!("instance metadata: {why}")),
    }
}
