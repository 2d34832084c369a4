//! The credential options `policy sign` and `policy eval --verify` share,
//! and the offline chain they feed.

use std::time::Duration;

use lattice_policy::sigv4::chain::{
    self, ChainError, ChainOptions, CredentialProvider, Environment, OnlineOptions, Resolved,
};
use lattice_policy::sigv4::Secret;

use super::output::Out;

/// Where the credentials come from (the AWS CLI's order, offline).
#[derive(Debug, Default, clap::Args)]
pub struct CredentialArgs {
    /// Access key id (with --secret-access-key; overrides the environment
    /// and the shared files)
    #[arg(long, value_name = "ID")]
    pub access_key_id: Option<String>,
    /// Secret access key. It lands in the shell's history: prefer
    /// AWS_SECRET_ACCESS_KEY or a profile
    #[arg(long, value_name = "KEY")]
    pub secret_access_key: Option<String>,
    /// Session token of temporary credentials (with --access-key-id)
    #[arg(long, value_name = "TOKEN")]
    pub session_token: Option<String>,
    /// The profile in the shared credentials and config files (else
    /// AWS_PROFILE, else `default`); naming one passes over the environment's
    /// keys, as the AWS CLI does
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Say on standard error which source gave the credentials, and why
    /// each source of the chain before it was skipped (never a secret)
    #[arg(long)]
    pub show_credential_source: bool,
}

impl CredentialArgs {
    /// Walks the offline chain; says where the credentials came from when
    /// asked. The error is the message to print (it never holds a secret).
    pub fn resolve(&self) -> Result<Resolved, String> {
        self.resolve_with(None)
    }

    /// Walks the chain, the network sources included when `online` is
    /// given (`policy call`), and prints its steps when
    /// `--show-credential-source` asks.
    pub fn resolve_with(&self, online: Option<&OnlineOptions>) -> Result<Resolved, String> {
        let env = Environment::from_process();
        let result = match online {
            Some(online) => chain::resolve_online(&self.options(), &env, online),
            None => chain::resolve(&self.options(), &env),
        };
        self.show(result.as_ref());
        result.map_err(|error| error.to_string())
    }

    /// Walks the whole chain (the network sources included) and keeps the
    /// credentials fresh: `policy call` asks it before each attempt.
    /// Prints the steps when `--show-credential-source` asks.
    pub fn provider(&self, online: OnlineOptions) -> Result<CredentialProvider, String> {
        let result = CredentialProvider::new(self.options(), Environment::from_process(), online);
        match &result {
            Ok(provider) => self.show(Ok(&provider.resolved())),
            Err(error) => self.show(Err(error)),
        }
        result.map_err(|error| error.to_string())
    }

    fn options(&self) -> ChainOptions {
        ChainOptions {
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.clone().map(Secret::new),
            session_token: self.session_token.clone().map(Secret::new),
            profile: self.profile.clone(),
            process_timeout: Some(Duration::from_secs(30)),
        }
    }

    /// The walk's steps on standard error, when asked (never a secret).
    fn show(&self, result: Result<&Resolved, &ChainError>) {
        if !self.show_credential_source {
            return;
        }
        let mut err = Out::stderr();
        match result {
            Ok(resolved) => {
                err.write(&format!(
                    "credentials: {} (access key {})\n",
                    resolved.source, resolved.credentials.access_key_id
                ));
                err.write(&chain::render_steps(&resolved.steps));
            }
            Err(error) => {
                err.write("credentials: none found; the chain walked:\n");
                err.write(&chain::render_steps(&error.steps));
            }
        }
    }
}
