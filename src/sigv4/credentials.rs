//! Credentials, with the secret parts kept out of every `Debug` and
//! `Display` so that no output, log or JSON can carry them by accident.

use std::fmt;

/// A secret string (a secret access key, a session token): readable only
/// through [`Secret::expose`], masked everywhere else.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the signer and nothing that prints.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

/// An access key and its secret, and a session token for temporary
/// credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The access key id (`AKIA…`, `ASIA…`): not secret, shown in output.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: Secret,
    /// The session token of temporary credentials. A bearer credential in
    /// its own right, so kept as secret as the key; it is sent on signed
    /// requests, which is the one place it is written.
    pub session_token: Option<Secret>,
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(access_key_id: &str, secret_access_key: &str) -> Credentials {
        Credentials {
            access_key_id: access_key_id.to_owned(),
            secret_access_key: Secret::new(secret_access_key),
            session_token: None,
        }
    }

    /// The same credentials with a session token.
    pub fn with_token(mut self, token: &str) -> Credentials {
        self.session_token = Some(Secret::new(token));
        self
    }
}
