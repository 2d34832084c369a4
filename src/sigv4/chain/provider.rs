//! A handle on credentials that keeps them fresh, as botocore's
//! `RefreshableCredentials` (`botocore/credentials.py`) does: credentials
//! within [`ADVISORY_REFRESH`] of expiring are fetched again from the same
//! source, and if that fails the old ones are still used until they are
//! within [`MANDATORY_REFRESH`], when a failure is an error.

use std::sync::Mutex;
use std::time::Duration;

use super::online::OnlineOptions;
use super::{refetch, resolve_online, ChainError, ChainOptions, Environment, Resolved};
use crate::sigv4::credentials::Credentials;

/// botocore's `_DEFAULT_ADVISORY_REFRESH_TIMEOUT`: 15 minutes before the
/// expiry a refresh is tried.
pub const ADVISORY_REFRESH: Duration = Duration::from_secs(15 * 60);
/// botocore's `_DEFAULT_MANDATORY_REFRESH_TIMEOUT`: 10 minutes before the
/// expiry a refresh must succeed.
pub const MANDATORY_REFRESH: Duration = Duration::from_secs(10 * 60);

/// Credentials from the whole chain, refreshed before they expire.
#[derive(Debug)]
pub struct CredentialProvider {
    options: ChainOptions,
    env: Environment,
    online: OnlineOptions,
    state: Mutex<Resolved>,
}

impl CredentialProvider {
    /// Walks the chain ([`resolve_online`]) and holds what it found.
    pub fn new(
        options: ChainOptions,
        env: Environment,
        online: OnlineOptions,
    ) -> Result<CredentialProvider, ChainError> {
        let resolved = resolve_online(&options, &env, &online)?;
        Ok(CredentialProvider {
            options,
            env,
            online,
            state: Mutex::new(resolved),
        })
    }

    /// What the chain found last: the source, the steps, the expiry.
    pub fn resolved(&self) -> Resolved {
        match self.state.lock() {
            Ok(state) => state.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Credentials to sign with now: the ones held, or fresh ones when
    /// those are near their expiry.
    pub fn current(&self) -> Result<Credentials, ChainError> {
        let mut state = match self.state.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        };
        let Some(expiration) = state.expiration else {
            return Ok(state.credentials.clone());
        };
        let left = expiration.millis() - self.online.now().millis();
        if left > millis(ADVISORY_REFRESH) {
            return Ok(state.credentials.clone());
        }
        match refetch(&state, &self.options, &self.env, &self.online) {
            Ok(fresh) => {
                *state = fresh;
                Ok(state.credentials.clone())
            }
            // An advisory refresh may fail: the old ones still have time.
            Err(_) if left > millis(MANDATORY_REFRESH) => Ok(state.credentials.clone()),
            Err(error) => Err(error),
        }
    }
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
