//! Finding credentials the way the AWS CLI and SDKs do.
//!
//! The order is botocore's (`botocore/credentials.py`,
//! `create_credential_resolver`), the AWS CLI's:
//!
//! 1. command-line options (`--access-key-id`, `--secret-access-key`,
//!    `--session-token`);
//! 2. the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//!    `AWS_SESSION_TOKEN`), passed over when a profile is named on the
//!    command line;
//! 3. assume role (a profile's `role_arn` with `source_profile` or
//!    `credential_source`);
//! 4. web identity (`AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN`, or a
//!    profile's `web_identity_token_file`);
//! 5. IAM Identity Center (a profile's `sso_session` or `sso_start_url`);
//! 6. the profile's keys in the shared credentials file;
//! 7. the profile's `credential_process`;
//! 8. the profile's keys in the config file;
//! 9. container credentials ([`container`] has the rules);
//! 10. the instance profile through the instance metadata service
//!     (the private `imds` module has the rules).
//!
//! The profile is `--profile`, else `AWS_PROFILE`, else
//! `AWS_DEFAULT_PROFILE`, else `default`. Steps 3 to 5 need a call to STS
//! or to the Identity Center portal: this tool never makes one. It uses the
//! credentials the AWS CLI cached for the profile ([`cache`]) while they
//! are valid; otherwise it stops and says what to run.
//!
//! [`resolve`] is offline (`policy sign`, `eval --verify`): steps 9 and 10
//! are named as skipped and never tried. [`resolve_online`] tries them
//! (`policy call`), and [`CredentialProvider`] keeps what it found fresh.
//! Every walk records its [`Step`]s: which source was used and why each
//! other one was skipped, never with a secret ([`explain`]).

pub mod cache;
pub mod container;
pub mod identity;
mod imds;
pub mod ini;
pub mod online;
mod process;
mod provider;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use self::container::Container;
use self::identity::Identity;
use self::imds::Imds;
use self::ini::{get, Profiles, Settings};
use super::credentials::{Credentials, Secret};
use crate::eval::Timestamp;

pub use self::imds::{IPV4_ENDPOINT, IPV6_ENDPOINT, TOKEN_TTL_SECONDS};
pub use self::ini::parse_ini;
pub use self::online::{system_clock, Clock, OnlineOptions};
pub use self::process::split_command;
pub use self::provider::{CredentialProvider, ADVISORY_REFRESH, MANDATORY_REFRESH};

/// What the command line gives the chain.
#[derive(Clone, Debug, Default)]
pub struct ChainOptions {
    /// `--access-key-id`.
    pub access_key_id: Option<String>,
    /// `--secret-access-key`.
    pub secret_access_key: Option<Secret>,
    /// `--session-token`.
    pub session_token: Option<Secret>,
    /// `--profile`.
    pub profile: Option<String>,
    /// How long a `credential_process` may run.
    pub process_timeout: Option<Duration>,
}

/// The environment the chain reads: variables (and so the home directory).
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// Environment variables.
    pub vars: BTreeMap<String, String>,
}

impl Environment {
    /// The process's environment.
    pub fn from_process() -> Environment {
        Environment {
            vars: std::env::vars().collect(),
        }
    }

    /// A variable's value, when set and not empty.
    fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        self.get("HOME")
            .or_else(|| self.get("USERPROFILE"))
            .map(PathBuf::from)
    }

    fn home_file(&self, rest: &str) -> Option<PathBuf> {
        self.home().map(|home| home.join(".aws").join(rest))
    }

    fn config_path(&self) -> Option<PathBuf> {
        self.get("AWS_CONFIG_FILE")
            .map(PathBuf::from)
            .or_else(|| self.home_file("config"))
    }

    fn credentials_path(&self) -> Option<PathBuf> {
        self.get("AWS_SHARED_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .or_else(|| self.home_file("credentials"))
    }
}

/// Where credentials were found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialSource {
    /// `--access-key-id` and `--secret-access-key`.
    CommandLine,
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
    Environment,
    /// A role profile's credentials in the AWS CLI's cache (assume role or
    /// web identity).
    RoleCache {
        /// The cache file.
        path: PathBuf,
        /// The role.
        role_arn: String,
    },
    /// An IAM Identity Center profile's role credentials in the AWS CLI's
    /// cache.
    SsoCache {
        /// The cache file.
        path: PathBuf,
        /// The profile.
        profile: String,
    },
    /// A profile in the shared credentials file.
    SharedCredentialsFile {
        /// The file.
        path: PathBuf,
        /// The profile.
        profile: String,
    },
    /// A profile's `credential_process`.
    CredentialProcess {
        /// The file the profile is in.
        path: PathBuf,
        /// The profile.
        profile: String,
    },
    /// A profile's keys in the config file.
    ConfigFile {
        /// The file.
        path: PathBuf,
        /// The profile.
        profile: String,
    },
    /// The container credentials endpoint.
    Container {
        /// Its URL.
        url: String,
    },
    /// The instance profile, through the instance metadata service.
    InstanceMetadata {
        /// The endpoint.
        endpoint: String,
        /// The role.
        role: String,
    },
}

impl std::fmt::Display for CredentialSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CredentialSource::CommandLine => {
                f.write_str("command line (--access-key-id, --secret-access-key)")
            }
            CredentialSource::Environment => {
                f.write_str("environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
            }
            CredentialSource::RoleCache { path, role_arn } => {
                write!(f, "AWS CLI cache {}, role {role_arn}", path.display())
            }
            CredentialSource::SsoCache { path, profile } => write!(
                f,
                "AWS CLI cache {}, IAM Identity Center profile {profile}",
                path.display()
            ),
            CredentialSource::SharedCredentialsFile { path, profile } => write!(
                f,
                "shared credentials file {}, profile {profile}",
                path.display()
            ),
            CredentialSource::CredentialProcess { path, profile } => write!(
                f,
                "credential_process of profile {profile} in {}",
                path.display()
            ),
            CredentialSource::ConfigFile { path, profile } => {
                write!(f, "config file {}, profile {profile}", path.display())
            }
            CredentialSource::Container { url } => write!(f, "container credentials {url}"),
            CredentialSource::InstanceMetadata { endpoint, role } => {
                write!(f, "instance metadata {endpoint}, role {role}")
            }
        }
    }
}

/// Credentials as fetched, with their expiry.
#[derive(Clone, Debug)]
struct Fetched {
    credentials: Credentials,
    expiration: Option<Timestamp>,
    /// Who they belong to, as far as the source says.
    identity: Identity,
}

/// How credentials that expire are fetched again.
#[derive(Clone)]
enum Refresh {
    /// They do not expire, or nothing can renew them but a new walk.
    Walk,
    /// Run the `credential_process` again.
    Process { command: String, timeout: Duration },
    /// Ask the container endpoint again.
    Container(Arc<Container>),
    /// Ask the instance metadata service again, with the token it holds.
    Imds(Arc<Imds>),
}

/// Only the kind shows: a `credential_process` command line may hold a
/// secret (a password option, inline JSON), so it is never printed.
impl std::fmt::Debug for Refresh {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refresh::Walk => "Walk",
            Refresh::Process { .. } => "Process",
            Refresh::Container(_) => "Container",
            Refresh::Imds(_) => "Imds",
        })
    }
}

/// Credentials and where they came from.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The credentials.
    pub credentials: Credentials,
    /// Their source.
    pub source: CredentialSource,
    /// When they expire; `None` for long-term keys.
    pub expiration: Option<Timestamp>,
    /// Sources passed over on the way because they need the network
    /// (offline walks only).
    pub skipped: Vec<String>,
    /// The profile's `region`, when the config file gives one.
    pub region: Option<String>,
    /// Every source of the chain, in order, and what became of it.
    pub steps: Vec<Step>,
    /// Who the credentials belong to, as far as the source says
    /// ([`identity`] has what each source can tell).
    pub identity: Identity,
    refresh: Refresh,
}

/// Why no credentials were found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainError {
    /// What went wrong, or that nothing was found.
    pub message: String,
    /// Sources passed over because they need the network.
    pub skipped: Vec<String>,
    /// Every source of the chain, in order, and what became of it.
    pub steps: Vec<Step>,
}

impl std::fmt::Display for ChainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        for skipped in &self.skipped {
            write!(
                f,
                "\n  skipped (needs the network, not attempted): {skipped}"
            )?;
        }
        Ok(())
    }
}

/// The sources of the chain, in its order.
pub const SOURCES: [&str; 10] = [
    "command line",
    "environment",
    "assume role",
    "web identity",
    "IAM Identity Center",
    "shared credentials file",
    "credential_process",
    "config file",
    "container credentials",
    "instance metadata (IMDS)",
];

/// What became of one source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It gave the credentials.
    Used,
    /// It did not apply, or needs what the walk may not do.
    Skipped,
    /// It applied and failed: the walk stopped there, as the SDKs stop.
    Failed,
    /// The walk ended before it.
    NotReached,
}

impl Outcome {
    /// `used`, `skipped`, `failed`, `not reached`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Used => "used",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
            Outcome::NotReached => "not reached",
        }
    }
}

/// One source of the chain and what became of it. The reason never holds
/// a secret: it names variables, files, profiles, URLs and access key ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// One of [`SOURCES`].
    pub source: &'static str,
    /// What became of it.
    pub outcome: Outcome,
    /// Why.
    pub reason: String,
}

impl Step {
    /// The step as JSON: `{"source", "outcome", "reason"}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "source": self.source,
            "outcome": self.outcome.as_str(),
            "reason": self.reason,
        })
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:<11} {}: {}",
            self.outcome.as_str(),
            self.source,
            self.reason
        )
    }
}

/// The steps as lines of text, one a line, for a person to read.
pub fn render_steps(steps: &[Step]) -> String {
    steps.iter().map(|step| format!("  {step}\n")).collect()
}

/// Walks the chain offline: container credentials and instance metadata
/// are named as skipped and never tried, and a role or Identity Center
/// profile without valid cached credentials is skipped with them.
pub fn resolve(options: &ChainOptions, env: &Environment) -> Result<Resolved, ChainError> {
    Walk::new(options, env, None, system_clock()).run()
}

/// Walks the whole chain, the network sources included.
pub fn resolve_online(
    options: &ChainOptions,
    env: &Environment,
    online: &OnlineOptions,
) -> Result<Resolved, ChainError> {
    Walk::new(options, env, Some(online), online.now()).run()
}

/// The steps of a walk (online when `online` is given), whatever it found:
/// what `--show-credential-source` and `--explain-credentials` print.
pub fn explain(
    options: &ChainOptions,
    env: &Environment,
    online: Option<&OnlineOptions>,
) -> Vec<Step> {
    let result = match online {
        Some(online) => resolve_online(options, env, online),
        None => resolve(options, env),
    };
    match result {
        Ok(resolved) => resolved.steps,
        Err(error) => error.steps,
    }
}

/// What one source did.
// A value returned once per source per walk and matched at once: boxing the
// large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
enum Took {
    Skip(String),
    Use(Fetched, CredentialSource, Refresh, String),
    Fail(String),
}

/// One walk of the chain.
struct Walk<'a> {
    options: &'a ChainOptions,
    env: &'a Environment,
    online: Option<&'a OnlineOptions>,
    now: Timestamp,
    profile_name: String,
    config_path: Option<PathBuf>,
    config: Option<Profiles>,
    sso_sessions: Profiles,
    credentials_path: Option<PathBuf>,
    credentials_file: Option<Profiles>,
    skipped: Vec<String>,
}

impl<'a> Walk<'a> {
    fn new(
        options: &'a ChainOptions,
        env: &'a Environment,
        online: Option<&'a OnlineOptions>,
        now: Timestamp,
    ) -> Walk<'a> {
        let profile_name = options
            .profile
            .clone()
            .or_else(|| env.get("AWS_PROFILE").map(str::to_owned))
            .or_else(|| env.get("AWS_DEFAULT_PROFILE").map(str::to_owned))
            .unwrap_or_else(|| "default".to_owned());
        let config_path = env.config_path();
        let sections = config_path.as_deref().and_then(ini::read_sections);
        let credentials_path = env.credentials_path();
        let credentials_file = credentials_path
            .as_deref()
            .and_then(ini::read_sections)
            .map(|s| ini::profiles(&s, false));
        Walk {
            options,
            env,
            online,
            now,
            profile_name,
            config_path,
            config: sections.as_ref().map(|s| ini::profiles(s, true)),
            sso_sessions: sections.as_ref().map(ini::sso_sessions).unwrap_or_default(),
            credentials_path,
            credentials_file,
            skipped: Vec::new(),
        }
    }

    /// The profile's settings in the config file.
    fn config_profile(&self) -> Option<&Settings> {
        self.config.as_ref().and_then(|c| c.get(&self.profile_name))
    }

    /// The profile's settings in the credentials file.
    fn credentials_profile(&self) -> Option<&Settings> {
        self.credentials_file
            .as_ref()
            .and_then(|c| c.get(&self.profile_name))
    }

    /// A profile setting, from the config file, else the credentials file
    /// (botocore reads role settings from both).
    fn setting(&self, key: &str) -> Option<&str> {
        get(self.config_profile(), key).or_else(|| get(self.credentials_profile(), key))
    }

    fn run(mut self) -> Result<Resolved, ChainError> {
        let region = get(self.config_profile(), "region").map(str::to_owned);
        let mut steps = Vec::new();
        let sources: [fn(&mut Walk<'a>) -> Took; 10] = [
            Walk::command_line,
            Walk::environment,
            Walk::assume_role,
            Walk::web_identity,
            Walk::sso,
            Walk::credentials_file,
            Walk::credential_process,
            Walk::config_file,
            Walk::container,
            Walk::instance_metadata,
        ];
        for (index, (source, name)) in sources.iter().zip(SOURCES).enumerate() {
            let end = |steps: &mut Vec<Step>, why: &str| {
                for later in SOURCES.iter().skip(index + 1) {
                    steps.push(Step {
                        source: later,
                        outcome: Outcome::NotReached,
                        reason: why.to_owned(),
                    });
                }
            };
            match source(&mut self) {
                Took::Skip(reason) => steps.push(Step {
                    source: name,
                    outcome: Outcome::Skipped,
                    reason,
                }),
                Took::Use(fetched, source, refresh, reason) => {
                    steps.push(Step {
                        source: name,
                        outcome: Outcome::Used,
                        reason,
                    });
                    end(&mut steps, &format!("the {name} step gave the credentials"));
                    return Ok(Resolved {
                        credentials: fetched.credentials,
                        source,
                        expiration: fetched.expiration,
                        identity: fetched.identity,
                        skipped: self.skipped,
                        region,
                        steps,
                        refresh,
                    });
                }
                Took::Fail(reason) => {
                    steps.push(Step {
                        source: name,
                        outcome: Outcome::Failed,
                        reason: reason.clone(),
                    });
                    end(
                        &mut steps,
                        &format!("the chain stopped at the {name} step, as the SDKs stop"),
                    );
                    return Err(ChainError {
                        message: reason,
                        skipped: self.skipped,
                        steps,
                    });
                }
            }
        }
        let message = if self.online.is_some() {
            format!(
                "no credentials found: give --access-key-id and --secret-access-key, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give profile {} keys or a credential_process, or run where container credentials or an instance profile are available",
                self.profile_name
            )
        } else {
            format!(
                "no credentials found: give --access-key-id and --secret-access-key, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give profile {} keys or a credential_process",
                self.profile_name
            )
        };
        Err(ChainError {
            message,
            skipped: self.skipped,
            steps,
        })
    }

    fn command_line(&mut self) -> Took {
        match (&self.options.access_key_id, &self.options.secret_access_key) {
            (Some(id), Some(secret)) => Took::Use(
                Fetched {
                    credentials: Credentials {
                        access_key_id: id.clone(),
                        secret_access_key: secret.clone(),
                        session_token: self.options.session_token.clone(),
                    },
                    expiration: None,
                    identity: Identity::Unknown,
                },
                CredentialSource::CommandLine,
                Refresh::Walk,
                format!("--access-key-id {id} and --secret-access-key are given"),
            ),
            (Some(_), None) | (None, Some(_)) => {
                Took::Fail("--access-key-id and --secret-access-key go together".to_owned())
            }
            (None, None) => Took::Skip("no --access-key-id and --secret-access-key".to_owned()),
        }
    }

    fn environment(&mut self) -> Took {
        if let Some(missing) = self.missing_profile() {
            return Took::Fail(missing);
        }
        if let Some(profile) = &self.options.profile {
            return Took::Skip(format!(
                "--profile {profile} is given, which passes over the environment's keys, as the AWS CLI does"
            ));
        }
        match (
            self.env.get("AWS_ACCESS_KEY_ID"),
            self.env.get("AWS_SECRET_ACCESS_KEY"),
        ) {
            (Some(id), Some(secret)) => Took::Use(
                Fetched {
                    credentials: Credentials {
                        access_key_id: id.to_owned(),
                        secret_access_key: Secret::new(secret),
                        session_token: self
                            .env
                            .get("AWS_SESSION_TOKEN")
                            .or_else(|| self.env.get("AWS_SECURITY_TOKEN"))
                            .map(Secret::new),
                    },
                    expiration: None,
                    identity: Identity::Unknown,
                },
                CredentialSource::Environment,
                Refresh::Walk,
                format!("AWS_ACCESS_KEY_ID ({id}) and AWS_SECRET_ACCESS_KEY are set"),
            ),
            (Some(_), None) => {
                Took::Fail("AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY".to_owned())
            }
            (None, Some(_)) => Took::Skip(
                "AWS_SECRET_ACCESS_KEY is set without AWS_ACCESS_KEY_ID, so not used (as botocore)"
                    .to_owned(),
            ),
            (None, None) => {
                Took::Skip("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set".to_owned())
            }
        }
    }

    /// A profile named (by `--profile`, `AWS_PROFILE` or
    /// `AWS_DEFAULT_PROFILE`) that neither file has: the AWS CLI stops with
    /// `ProfileNotFound` before any source, rather than sign as someone
    /// else, and so does the chain (after the command line's keys, which
    /// the AWS CLI does not have).
    fn missing_profile(&self) -> Option<String> {
        let named = self.options.profile.is_some()
            || self.env.get("AWS_PROFILE").is_some()
            || self.env.get("AWS_DEFAULT_PROFILE").is_some();
        if !named || self.config_profile().is_some() || self.credentials_profile().is_some() {
            return None;
        }
        let shown = |path: &Option<PathBuf>| {
            path.as_ref().map_or_else(
                || "(no home directory)".to_owned(),
                |p| p.display().to_string(),
            )
        };
        Some(format!(
            "the profile {} is named (by --profile, AWS_PROFILE or AWS_DEFAULT_PROFILE) but neither {} nor {} has it; the AWS CLI stops here too",
            self.profile_name,
            shown(&self.config_path),
            shown(&self.credentials_path)
        ))
    }

    /// A source that needs STS or the Identity Center portal and has no
    /// valid cached credentials: offline, skipped and named; online, the
    /// walk stops with `why`, since going on would find other credentials
    /// than the SDKs would.
    fn needs_aws(&mut self, skipped: String, why: String) -> Took {
        if self.online.is_some() {
            Took::Fail(why)
        } else {
            self.skipped.push(skipped);
            Took::Skip(format!("{why} (not attempted: offline)"))
        }
    }

    fn cached_role(
        &mut self,
        role_arn: &str,
        profile_settings: Option<&Settings>,
    ) -> Result<(Fetched, CredentialSource), String> {
        let key = cache::assume_role_key(role_arn, profile_settings);
        let Some(path) = cache::cli_cache_dir(self.env).map(|d| d.join(format!("{key}.json")))
        else {
            return Err("no home directory to find the AWS CLI's cache in".to_owned());
        };
        match cache::read_credentials(&path, self.now) {
            Ok(mut fetched) => {
                let assumed = match &fetched.identity {
                    Identity::Principal { arn, .. } => Some(arn.clone()),
                    _ => None,
                };
                fetched.identity = identity::cached_role(
                    assumed.as_deref(),
                    role_arn,
                    get(profile_settings, "role_session_name"),
                    &path.display().to_string(),
                );
                Ok((
                    fetched,
                    CredentialSource::RoleCache {
                        path,
                        role_arn: role_arn.to_owned(),
                    },
                ))
            }
            Err(miss) => Err(format!("{miss} in {}", path.display())),
        }
    }

    fn assume_role(&mut self) -> Took {
        let profile = self.profile_name.clone();
        let Some(role_arn) = self.setting("role_arn").map(str::to_owned) else {
            return Took::Skip(format!("profile {profile} has no role_arn"));
        };
        if self.setting("web_identity_token_file").is_some() {
            return Took::Skip(format!(
                "profile {profile} has role_arn with web_identity_token_file: the web identity step's"
            ));
        }
        if self.setting("source_profile").is_none() && self.setting("credential_source").is_none() {
            return Took::Fail(format!(
                "profile {profile} has role_arn without source_profile or credential_source"
            ));
        }
        let settings = self
            .config_profile()
            .or(self.credentials_profile())
            .cloned();
        match self.cached_role(&role_arn, settings.as_ref()) {
            Ok((fetched, source)) => Took::Use(
                fetched,
                source,
                Refresh::Walk,
                format!("profile {profile} assumes {role_arn}; the AWS CLI's cached credentials for it are valid"),
            ),
            Err(miss) => self.needs_aws(
                format!("assume role (profile {profile} has role_arn: needs STS)"),
                format!(
                    "profile {profile} assumes {role_arn}, which needs a call to STS AssumeRole; this tool never calls AWS, and the AWS CLI's cache has no valid credentials for it ({miss}). Run `aws sts get-caller-identity --profile {profile}` (which fills the cache), or export credentials (`aws configure export-credentials --profile {profile} --format env`)"
                ),
            ),
        }
    }

    fn web_identity(&mut self) -> Took {
        let from_profile = self.setting("web_identity_token_file").is_some();
        let token_file = self
            .setting("web_identity_token_file")
            .or_else(|| self.env.get("AWS_WEB_IDENTITY_TOKEN_FILE"))
            .map(str::to_owned);
        let Some(token_file) = token_file else {
            return Took::Skip(
                "neither AWS_WEB_IDENTITY_TOKEN_FILE nor the profile's web_identity_token_file is set".to_owned(),
            );
        };
        let role_arn = if from_profile {
            self.setting("role_arn")
        } else {
            self.env.get("AWS_ROLE_ARN")
        }
        .map(str::to_owned);
        let Some(role_arn) = role_arn else {
            return Took::Fail(format!(
                "the web identity token file {token_file} is set without a role (AWS_ROLE_ARN or the profile's role_arn)"
            ));
        };
        let mut settings = Settings::new();
        let session = if from_profile {
            self.setting("role_session_name")
        } else {
            self.env.get("AWS_ROLE_SESSION_NAME")
        };
        if let Some(session) = session {
            settings.insert("role_session_name".into(), session.to_owned());
        }
        let origin = if from_profile {
            format!("profile {}'s web_identity_token_file", self.profile_name)
        } else {
            "AWS_WEB_IDENTITY_TOKEN_FILE".to_owned()
        };
        match self.cached_role(&role_arn, Some(&settings)) {
            Ok((fetched, source)) => Took::Use(
                fetched,
                source,
                Refresh::Walk,
                format!("{origin} names {role_arn}; the AWS CLI's cached credentials for it are valid"),
            ),
            Err(miss) => self.needs_aws(
                format!("web identity ({origin}: needs STS)"),
                format!(
                    "{origin} asks for {role_arn} through STS AssumeRoleWithWebIdentity, a call this tool never makes, and the AWS CLI's cache has no valid credentials for it ({miss}). Export credentials (`aws configure export-credentials --format env`) or run where the role's credentials are given another way"
                ),
            ),
        }
    }

    fn sso(&mut self) -> Took {
        let profile = self.profile_name.clone();
        let session = if let Some(name) = get(self.config_profile(), "sso_session") {
            cache::SsoSession::Named(name.to_owned())
        } else if let Some(url) = get(self.config_profile(), "sso_start_url") {
            cache::SsoSession::Legacy(url.to_owned())
        } else {
            return Took::Skip(format!(
                "profile {profile} has no sso_session or sso_start_url"
            ));
        };
        if let cache::SsoSession::Named(name) = &session {
            if !self.sso_sessions.contains_key(name) {
                return Took::Fail(format!(
                    "profile {profile} names sso_session {name}, but the config file has no [sso-session {name}]"
                ));
            }
        }
        let (Some(account), Some(role)) = (
            get(self.config_profile(), "sso_account_id").map(str::to_owned),
            get(self.config_profile(), "sso_role_name").map(str::to_owned),
        ) else {
            return Took::Fail(format!(
                "IAM Identity Center profile {profile} lacks sso_account_id or sso_role_name"
            ));
        };
        let key = cache::sso_role_key(&account, &role, &session);
        let path = cache::cli_cache_dir(self.env).map(|d| d.join(format!("{key}.json")));
        let miss = match path
            .as_deref()
            .map(|p| cache::read_credentials(p, self.now))
        {
            Some(Ok(mut fetched)) => {
                let path = path.unwrap_or_default();
                fetched.identity = Identity::Account {
                    account: account.clone(),
                    how: format!("profile {profile}'s sso_account_id (IAM Identity Center role {role}, whose ARN has a suffix only IAM knows)"),
                };
                return Took::Use(
                    fetched,
                    CredentialSource::SsoCache {
                        path,
                        profile: profile.clone(),
                    },
                    Refresh::Walk,
                    format!("profile {profile} is role {role} in account {account} through IAM Identity Center; the AWS CLI's cached credentials for it are valid"),
                );
            }
            Some(Err(miss)) => miss,
            None => cache::CacheMiss::Absent,
        };
        let token =
            cache::sso_token_path(self.env, &session).map(|p| (cache::sso_token_expiry(&p), p));
        let sign_in = match token {
            Some((Ok(expiry), path)) if expiry > self.now => format!(
                "the sign-in token in {} is valid until {expiry}, but turning it into role credentials needs a GetRoleCredentials call to the Identity Center portal, which this tool never makes. Run `aws sts get-caller-identity --profile {profile}` (which caches the role's credentials), or `aws configure export-credentials --profile {profile} --format env`",
                path.display()
            ),
            Some((Ok(expiry), path)) => format!(
                "the sign-in token in {} expired at {expiry}: run `aws sso login --profile {profile}`, then `aws sts get-caller-identity --profile {profile}`",
                path.display()
            ),
            _ => format!(
                "there is no sign-in token: run `aws sso login --profile {profile}`, then `aws sts get-caller-identity --profile {profile}`"
            ),
        };
        self.needs_aws(
            format!("IAM Identity Center (profile {profile}: needs SSO)"),
            format!(
                "profile {profile} signs in through IAM Identity Center; the AWS CLI's cache has no valid credentials for role {role} in account {account} ({miss}), and {sign_in}"
            ),
        )
    }

    fn credentials_file(&mut self) -> Took {
        keys_in_file(
            &self.profile_name,
            self.credentials_path.clone(),
            self.credentials_file.is_some(),
            self.credentials_profile(),
            "no home directory and no AWS_SHARED_CREDENTIALS_FILE",
            |path, profile| CredentialSource::SharedCredentialsFile { path, profile },
        )
    }

    fn credential_process(&mut self) -> Took {
        let profile = self.profile_name.clone();
        let (Some(command), Some(path)) = (
            get(self.config_profile(), "credential_process").map(str::to_owned),
            self.config_path.clone(),
        ) else {
            return Took::Skip(format!(
                "profile {profile} has no credential_process in the config file"
            ));
        };
        let timeout = self
            .options
            .process_timeout
            .unwrap_or(Duration::from_secs(30));
        match process::run(&command, timeout) {
            Ok(fetched) => Took::Use(
                fetched,
                CredentialSource::CredentialProcess {
                    path,
                    profile: profile.clone(),
                },
                Refresh::Process { command, timeout },
                format!("profile {profile} has a credential_process, which printed credentials"),
            ),
            Err(why) => Took::Fail(format!("credential_process of profile {profile}: {why}")),
        }
    }

    fn config_file(&mut self) -> Took {
        keys_in_file(
            &self.profile_name,
            self.config_path.clone(),
            self.config.is_some(),
            self.config_profile(),
            "no home directory and no AWS_CONFIG_FILE",
            |path, profile| CredentialSource::ConfigFile { path, profile },
        )
    }

    fn container(&mut self) -> Took {
        let named = self
            .env
            .get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            .is_some()
            || self.env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").is_some();
        if !named {
            return Took::Skip(
                "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set".to_owned(),
            );
        }
        let Some(online) = self.online else {
            self.skipped
                .push("container credentials (AWS_CONTAINER_CREDENTIALS_*_URI)".to_owned());
            return Took::Skip("needs the network (not attempted: offline)".to_owned());
        };
        let container = match Container::from_env(self.env, online) {
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
                    Refresh::Container(Arc::new(container)),
                    reason,
                )
            }
            Err(why) => Took::Fail(format!(
                "container credentials ({}): {why}",
                container.variable
            )),
        }
    }

    fn instance_metadata(&mut self) -> Took {
        if self
            .env
            .get("AWS_EC2_METADATA_DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return Took::Skip("AWS_EC2_METADATA_DISABLED is true".to_owned());
        }
        let Some(online) = self.online else {
            self.skipped.push("EC2 instance metadata (IMDS)".to_owned());
            return Took::Skip("needs the network (not attempted: offline)".to_owned());
        };
        let imds = match Imds::new(self.env, self.config_profile(), online) {
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
                    Refresh::Imds(Arc::new(imds)),
                    reason,
                )
            }
            Err(why) => Took::Fail(format!("instance metadata: {why}")),
        }
    }
}

/// The static keys of `profile` in a shared file (the credentials file or
/// the config file: the two steps differ only in which file and which
/// source they name). `read` says whether the file at `path` was read.
fn keys_in_file(
    profile: &str,
    path: Option<PathBuf>,
    read: bool,
    section: Option<&Settings>,
    no_path: &str,
    source: impl FnOnce(PathBuf, String) -> CredentialSource,
) -> Took {
    let Some(path) = path else {
        return Took::Skip(no_path.to_owned());
    };
    if !read {
        return Took::Skip(format!(
            "{} does not exist or cannot be read",
            path.display()
        ));
    }
    match section.map(static_keys) {
        None => Took::Skip(format!("{} has no profile {profile}", path.display())),
        Some(None) => Took::Skip(format!(
            "profile {profile} in {} has no aws_access_key_id and aws_secret_access_key",
            path.display()
        )),
        Some(Some(credentials)) => {
            let reason = format!(
                "profile {profile} in {} has aws_access_key_id {} and aws_secret_access_key",
                path.display(),
                credentials.access_key_id
            );
            Took::Use(
                Fetched {
                    credentials,
                    expiration: None,
                    identity: Identity::Unknown,
                },
                source(path, profile.to_owned()),
                Refresh::Walk,
                reason,
            )
        }
    }
}

/// A profile's `aws_access_key_id` and `aws_secret_access_key` (and
/// `aws_session_token`), when it has both.
fn static_keys(profile: &Settings) -> Option<Credentials> {
    let id = get(Some(profile), "aws_access_key_id")?;
    let secret = get(Some(profile), "aws_secret_access_key")?;
    Some(Credentials {
        access_key_id: id.to_owned(),
        secret_access_key: Secret::new(secret),
        session_token: get(Some(profile), "aws_session_token").map(Secret::new),
    })
}

/// Fetches the credentials of `resolved`'s source again, or walks the
/// chain again when its source has no fetch of its own.
fn refetch(
    resolved: &Resolved,
    options: &ChainOptions,
    env: &Environment,
    online: &OnlineOptions,
) -> Result<Resolved, ChainError> {
    let fail = |message: String| ChainError {
        message: format!(
            "refreshing the credentials from {}: {message}",
            resolved.source
        ),
        skipped: Vec::new(),
        steps: resolved.steps.clone(),
    };
    let fetched = match &resolved.refresh {
        Refresh::Walk => return resolve_online(options, env, online),
        Refresh::Process { command, timeout } => process::run(command, *timeout).map_err(fail)?,
        Refresh::Container(container) => container.fetch().map_err(fail)?,
        Refresh::Imds(imds) => imds.fetch().map_err(fail)?.0,
    };
    Ok(Resolved {
        credentials: fetched.credentials,
        expiration: fetched.expiration,
        ..resolved.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::ini::MAX_INI_BYTES;
    use super::*;
    use std::time::Instant;

    fn read_ini(path: &std::path::Path, config: bool) -> Option<Profiles> {
        ini::read_sections(path).map(|s| ini::profiles(&s, config))
    }

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "lattice-policy-chain-{name}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn env(pairs: &[(&str, &str)]) -> Environment {
        Environment {
            vars: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn a_shared_file_is_read_within_a_bound() {
        let dir = scratch("ini-bound");
        let small = dir.join("credentials");
        std::fs::write(&small, "[default]\naws_access_key_id = AKIDFILE\n").unwrap();
        let profiles = read_ini(&small, false).unwrap();
        assert_eq!(profiles["default"]["aws_access_key_id"], "AKIDFILE");
        // Past the bound the file is not read at all (no profiles), rather
        // than read whole into memory.
        let big = dir.join("huge");
        let mut text = String::from("[default]\naws_access_key_id = AKIDFILE\n");
        text.push_str(&"#".repeat(MAX_INI_BYTES));
        std::fs::write(&big, text).unwrap();
        assert!(read_ini(&big, false).is_none());
    }

    #[test]
    fn command_line_then_environment() {
        let e = env(&[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", "tok"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ]);
        let resolved = resolve(&ChainOptions::default(), &e).unwrap();
        assert_eq!(resolved.source, CredentialSource::Environment);
        assert_eq!(resolved.credentials.session_token, Some(Secret::new("tok")));
        let options = ChainOptions {
            access_key_id: Some("AKIDCLI".into()),
            secret_access_key: Some(Secret::new(SECRET)),
            ..ChainOptions::default()
        };
        let resolved = resolve(&options, &e).unwrap();
        assert_eq!(resolved.source, CredentialSource::CommandLine);
        assert_eq!(resolved.credentials.access_key_id, "AKIDCLI");
        let half = ChainOptions {
            access_key_id: Some("AKIDCLI".into()),
            ..ChainOptions::default()
        };
        assert!(resolve(&half, &e).is_err());
    }

    #[test]
    fn profiles_in_the_shared_files_and_network_sources_skipped() {
        let dir = scratch("files");
        let credentials = dir.join("credentials");
        let config = dir.join("config");
        std::fs::write(
            &credentials,
            format!("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = {SECRET}\n"),
        )
        .unwrap();
        std::fs::write(
            &config,
            format!(
                "[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = {SECRET} # comment\n\n[profile role]\nrole_arn = arn:aws:iam::111122223333:role/r\nsource_profile = dev\n"
            ),
        )
        .unwrap();
        let e = env(&[
            ("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().unwrap()),
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ]);
        // No profile named: the environment first.
        let resolved = resolve(&ChainOptions::default(), &e).unwrap();
        assert_eq!(resolved.source, CredentialSource::Environment);
        // --profile passes over the environment, as the AWS CLI does.
        let dev = ChainOptions {
            profile: Some("dev".into()),
            ..ChainOptions::default()
        };
        let resolved = resolve(&dev, &e).unwrap();
        assert_eq!(resolved.credentials.access_key_id, "AKIDCONFIG");
        assert_eq!(resolved.credentials.secret_access_key.expose(), SECRET);
        assert_eq!(resolved.region.as_deref(), Some("eu-west-1"));
        assert!(matches!(
            resolved.source,
            CredentialSource::ConfigFile { .. }
        ));
        let default = ChainOptions {
            profile: Some("default".into()),
            ..ChainOptions::default()
        };
        let resolved = resolve(&default, &e).unwrap();
        assert_eq!(resolved.credentials.access_key_id, "AKIDFILE");
        // A role profile needs STS: named as skipped, never tried.
        let role = ChainOptions {
            profile: Some("role".into()),
            ..ChainOptions::default()
        };
        let error = resolve(&role, &e).unwrap_err();
        assert!(
            error.skipped.iter().any(|s| s.contains("assume role")),
            "{error}"
        );
        assert!(error.skipped.iter().any(|s| s.contains("IMDS")), "{error}");
        assert!(!error.to_string().contains(SECRET));
    }

    #[test]
    fn credential_process_is_run_bounded_in_time() {
        let dir = scratch("process");
        let config = dir.join("config");
        let json = format!(
            r#"{{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "{SECRET}", "SessionToken": "tok"}}"#
        );
        std::fs::write(
            &config,
            format!(
                "[default]\ncredential_process = sh -c 'printf \"%s\" \"$0\"' '{json}'\n[profile slow]\ncredential_process = sleep 5\n[profile bad]\ncredential_process = sh -c 'echo {SECRET}'\n"
            ),
        )
        .unwrap();
        let e = env(&[("AWS_CONFIG_FILE", config.to_str().unwrap())]);
        let resolved = resolve(&ChainOptions::default(), &e).unwrap();
        assert_eq!(resolved.credentials.access_key_id, "AKIDPROC");
        assert_eq!(resolved.credentials.session_token, Some(Secret::new("tok")));
        assert!(matches!(
            resolved.source,
            CredentialSource::CredentialProcess { .. }
        ));
        let slow = ChainOptions {
            profile: Some("slow".into()),
            process_timeout: Some(Duration::from_millis(200)),
            ..ChainOptions::default()
        };
        let started = Instant::now();
        let error = resolve(&slow, &e).unwrap_err();
        assert!(error.message.contains("did not finish"), "{error}");
        assert!(started.elapsed() < Duration::from_secs(4));
        // Output that is not the JSON expected is not quoted back.
        let bad = ChainOptions {
            profile: Some("bad".into()),
            ..ChainOptions::default()
        };
        let error = resolve(&bad, &e).unwrap_err();
        assert!(!error.to_string().contains(SECRET), "{error}");
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let credentials = Credentials::new("AKID", SECRET).with_token("tok-secret");
        let text = format!("{credentials:?}");
        assert!(
            !text.contains(SECRET) && !text.contains("tok-secret"),
            "{text}"
        );
        assert!(text.contains("AKID"));
    }

    #[test]
    fn command_words() {
        assert_eq!(
            split_command(r#"a 'b c' "d \"e\"" f\ g"#).unwrap(),
            ["a", "b c", "d \"e\"", "f g"]
        );
        assert!(split_command("a 'b").is_err());
    }
}
