//! The AWS CLI's credential caches, read and never written: credentials a
//! role profile (assume role, web identity) or an IAM Identity Center
//! profile got from STS or SSO, kept by the AWS CLI in `~/.aws/cli/cache/`,
//! and the Identity Center sign-in tokens in `~/.aws/sso/cache/`. Reading
//! them is how this tool uses such a profile without calling AWS.
//!
//! File names are botocore's: the SHA-1 hex digest of a JSON text of the
//! request's arguments (`botocore/credentials.py`, `_create_cache_key` of
//! `AssumeRoleCredentialFetcher` and `SSOCredentialFetcher`;
//! `botocore/utils.py`, `SSOTokenLoader._generate_cache_key`).

use std::path::{Path, PathBuf};

use sha1::{Digest, Sha1};

use super::identity::Identity;
use super::ini::{get, Settings};
use super::{Environment, Fetched};
use crate::eval::Timestamp;
use crate::sigv4::credentials::{Credentials, Secret};

/// Cached credentials closer than this to their expiry count as expired,
/// as botocore's `CachedCredentialFetcher` counts them (its
/// `expiry_window_seconds`, 15 minutes).
pub const CACHE_EXPIRY_WINDOW_MILLIS: i64 = 15 * 60 * 1000;

/// The largest cache file read.
const MAX_CACHE_BYTES: usize = 64 * 1024;

/// The lower-case hex SHA-1 digest of `data`: a file name, not a security
/// use (RustCrypto's `sha1`, of the family of the `sha2` and `hmac` the
/// signer uses).
fn sha1_hex(data: &[u8]) -> String {
    crate::sigv4::crypto::hex(&Sha1::digest(data))
}

/// `~/.aws/cli/cache`.
pub fn cli_cache_dir(env: &Environment) -> Option<PathBuf> {
    env.home()
        .map(|home| home.join(".aws").join("cli").join("cache"))
}

/// `~/.aws/sso/cache`.
pub fn sso_cache_dir(env: &Environment) -> Option<PathBuf> {
    env.home()
        .map(|home| home.join(".aws").join("sso").join("cache"))
}

/// The cache key of an `AssumeRole` (and `AssumeRoleWithWebIdentity`)
/// call: Python's `json.dumps(args, sort_keys=True)` of its arguments
/// (`RoleArn`, and `ExternalId`, `SerialNumber`, `RoleSessionName`,
/// `DurationSeconds` when configured), hashed.
pub fn assume_role_key(role_arn: &str, profile: Option<&Settings>) -> String {
    let mut args = serde_json::Map::new();
    args.insert("RoleArn".into(), role_arn.into());
    for (setting, arg) in [
        ("external_id", "ExternalId"),
        ("mfa_serial", "SerialNumber"),
        ("role_session_name", "RoleSessionName"),
    ] {
        if let Some(value) = get(profile, setting) {
            args.insert(arg.into(), value.into());
        }
    }
    if let Some(seconds) = get(profile, "duration_seconds").and_then(|s| s.parse::<i64>().ok()) {
        args.insert("DurationSeconds".into(), seconds.into());
    }
    sha1_hex(python_json(&args, ", ", ": ").as_bytes())
}

/// The cache key of an Identity Center role's credentials: the compact
/// JSON of `accountId`, `roleName` and `sessionName` (or `startUrl` for a
/// profile without an `sso_session`), hashed.
pub fn sso_role_key(account_id: &str, role_name: &str, session: &SsoSession) -> String {
    let mut args = serde_json::Map::new();
    args.insert("accountId".into(), account_id.into());
    args.insert("roleName".into(), role_name.into());
    match session {
        SsoSession::Named(name) => args.insert("sessionName".into(), name.as_str().into()),
        SsoSession::Legacy(url) => args.insert("startUrl".into(), url.as_str().into()),
    };
    sha1_hex(python_json(&args, ",", ":").as_bytes())
}

/// Which Identity Center sign-in a profile uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SsoSession {
    /// `sso_session = NAME`, with an `[sso-session NAME]` section.
    Named(String),
    /// A legacy profile's own `sso_start_url`.
    Legacy(String),
}

/// The file the sign-in token of `session` is cached in: the SHA-1 of the
/// session's name (or the legacy start URL).
pub fn sso_token_path(env: &Environment, session: &SsoSession) -> Option<PathBuf> {
    let key = match session {
        SsoSession::Named(name) => sha1_hex(name.as_bytes()),
        SsoSession::Legacy(url) => sha1_hex(url.as_bytes()),
    };
    sso_cache_dir(env).map(|dir| dir.join(format!("{key}.json")))
}

/// A JSON object written as Python's `json.dumps(..., sort_keys=True)`
/// with the given separators (serde_json's map is sorted already).
fn python_json(
    args: &serde_json::Map<String, serde_json::Value>,
    comma: &str,
    colon: &str,
) -> String {
    let members: Vec<String> = args
        .iter()
        .map(|(key, value)| format!("{}{colon}{}", serde_json::Value::from(key.as_str()), value))
        .collect();
    format!("{{{}}}", members.join(comma))
}

/// Why a cache file gave no credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheMiss {
    /// No such file (or no home directory to look in).
    Absent,
    /// The file is there but not the expected JSON.
    Unreadable,
    /// The credentials expire within the window, or have.
    Expired(Timestamp),
}

impl std::fmt::Display for CacheMiss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheMiss::Absent => f.write_str("none cached"),
            CacheMiss::Unreadable => f.write_str("the cache file is not the AWS CLI's JSON"),
            CacheMiss::Expired(at) => write!(f, "the cached ones expire(d) at {at}"),
        }
    }
}

/// The credentials cached in `path` (`{"Credentials": {"AccessKeyId",
/// "SecretAccessKey", "SessionToken", "Expiration"}}`), when they are not
/// within [`CACHE_EXPIRY_WINDOW_MILLIS`] of expiring at `now`.
pub(super) fn read_credentials(path: &Path, now: Timestamp) -> Result<Fetched, CacheMiss> {
    let value = read_json(path)?;
    let credentials = value.get("Credentials").ok_or(CacheMiss::Unreadable)?;
    let field = |name: &str| credentials.get(name).and_then(serde_json::Value::as_str);
    let id = field("AccessKeyId").ok_or(CacheMiss::Unreadable)?;
    let secret = field("SecretAccessKey").ok_or(CacheMiss::Unreadable)?;
    let expiration = field("Expiration")
        .and_then(parse_cache_time)
        .ok_or(CacheMiss::Unreadable)?;
    if expiration.millis() - now.millis() < CACHE_EXPIRY_WINDOW_MILLIS {
        return Err(CacheMiss::Expired(expiration));
    }
    Ok(Fetched {
        credentials: Credentials {
            access_key_id: id.to_owned(),
            secret_access_key: Secret::new(secret),
            session_token: field("SessionToken").map(Secret::new),
        },
        expiration: Some(expiration),
        // STS's answer names the session; the caller (Walk) knows the role.
        identity: match value
            .get("AssumedRoleUser")
            .and_then(|u| u.get("Arn"))
            .and_then(serde_json::Value::as_str)
        {
            Some(arn) => Identity::Principal {
                arn: arn.to_owned(),
                role_arn: None,
                how: format!("the AWS CLI's cached answer ({})", path.display()),
            },
            None => Identity::Unknown,
        },
    })
}

/// When the cached Identity Center sign-in token expires (`expiresAt`).
pub fn sso_token_expiry(path: &Path) -> Result<Timestamp, CacheMiss> {
    read_json(path)?
        .get("expiresAt")
        .and_then(serde_json::Value::as_str)
        .and_then(parse_cache_time)
        .ok_or(CacheMiss::Unreadable)
}

fn read_json(path: &Path) -> Result<serde_json::Value, CacheMiss> {
    let file = std::fs::File::open(path).map_err(|_| CacheMiss::Absent)?;
    let bytes =
        crate::load::read_bounded(file, MAX_CACHE_BYTES).map_err(|_| CacheMiss::Unreadable)?;
    if bytes.len() > MAX_CACHE_BYTES {
        return Err(CacheMiss::Unreadable);
    }
    serde_json::from_slice(&bytes).map_err(|_| CacheMiss::Unreadable)
}

/// The caches' times: RFC 3339, which the AWS CLI writes as
/// `2026-12-01T12:00:00Z` or with `+00:00`; an older CLI wrote the SSO
/// token's `expiresAt` as `2026-12-01T12:00:00UTC`.
fn parse_cache_time(text: &str) -> Option<Timestamp> {
    Timestamp::parse_rfc3339(text).or_else(|| {
        text.strip_suffix("UTC")
            .and_then(|t| Timestamp::parse_rfc3339(&format!("{t}Z")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_known_digests() {
        // FIPS 180-4 examples, and a text longer than one block.
        assert_eq!(sha1_hex(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            sha1_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
    }

    #[test]
    fn keys_are_botocore_s() {
        // Python: sha1(json.dumps({'RoleArn': 'arn:aws:iam::111122223333:role/r'},
        // sort_keys=True).encode()).hexdigest()
        assert_eq!(
            assume_role_key("arn:aws:iam::111122223333:role/r", None),
            "e2d92bb0968bc57e345aa2b57c84f636d95a03fd"
        );
        // With every argument: sha1(json.dumps({'RoleArn': ..., 'RoleSessionName': 's',
        // 'DurationSeconds': 900, 'ExternalId': 'x'}, sort_keys=True)).
        let profile: Settings = [
            ("role_session_name", "s"),
            ("duration_seconds", "900"),
            ("external_id", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(
            assume_role_key("arn:aws:iam::111122223333:role/r", Some(&profile)),
            "f6e332c61033a132b4608ce87d78f90260c53d01"
        );
        // Identity Center, compact: sha1(json.dumps({'accountId': '111122223333',
        // 'roleName': 'Dev', 'sessionName': 'corp'}, sort_keys=True, separators=(',', ':'))).
        assert_eq!(
            sso_role_key("111122223333", "Dev", &SsoSession::Named("corp".into())),
            "20985b56d713cfd135648cadc68a6115ca80d9a5"
        );
    }
}
