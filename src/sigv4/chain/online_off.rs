//! The chain's network side in a build without the `call` feature: there
//! is no HTTP client, so no online walk can be asked for. [`OnlineOptions`]
//! has no values, which makes every function that takes one (the online
//! walk, [`CredentialProvider`](super::CredentialProvider)) impossible to
//! call rather than a call that fails at run time; the offline walk is the
//! same as in a full build.

use super::ini::Settings;
use super::{Environment, Fetched, Took};
use crate::eval::Timestamp;

/// How the chain's network sources would be reached: a build without the
/// `call` feature has none, so this type has no values.
#[derive(Clone, Debug)]
pub enum OnlineOptions {}

impl OnlineOptions {
    /// Now, by the options' clock (never called: there are no options).
    pub fn now(&self) -> Timestamp {
        match *self {}
    }
}

/// A network source that gave credentials: there are none in this build.
#[derive(Clone)]
pub(super) enum Fetcher {}

impl Fetcher {
    /// Which source, for `Debug`.
    pub(super) fn kind(&self) -> &'static str {
        match *self {}
    }

    /// The credentials, fetched again.
    pub(super) fn fetch(&self) -> Result<Fetched, String> {
        match *self {}
    }
}

/// The container credentials step online: unreachable without options.
pub(super) fn container(_env: &Environment, online: &OnlineOptions) -> Took {
    match *online {}
}

/// The instance metadata step online: unreachable without options.
pub(super) fn instance_metadata(
    _env: &Environment,
    _profile: Option<&Settings>,
    online: &OnlineOptions,
) -> Took {
    match *online {}
}
