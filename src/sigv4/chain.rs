//! Finding credentials the way the AWS CLI and SDKs do, as far as that
//! works offline.
//!
//! The order is botocore's (the AWS CLI's): command-line options, then the
//! environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_SESSION_TOKEN`; passed over when a profile is named on the command
//! line), then the profile (`--profile`, else `AWS_PROFILE`, else
//! `default`) in the shared credentials file, its `credential_process`,
//! and its keys in the config file. Sources that need the network (assume
//! role, web identity, IAM Identity Center, container and instance
//! metadata) are never tried: each one that applies is named as skipped.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::credentials::{Credentials, Secret};

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

    fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn home_file(&self, rest: &str) -> Option<PathBuf> {
        self.get("HOME")
            .or_else(|| self.get("USERPROFILE"))
            .map(|home| PathBuf::from(home).join(".aws").join(rest))
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
        }
    }
}

/// Credentials and where they came from.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The credentials.
    pub credentials: Credentials,
    /// Their source.
    pub source: CredentialSource,
    /// Sources passed over on the way because they need the network.
    pub skipped: Vec<String>,
    /// The profile's `region`, when the config file gives one.
    pub region: Option<String>,
}

/// Why no credentials were found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainError {
    /// What went wrong, or that nothing was found.
    pub message: String,
    /// Sources passed over because they need the network.
    pub skipped: Vec<String>,
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

/// Walks the chain.
pub fn resolve(options: &ChainOptions, env: &Environment) -> Result<Resolved, ChainError> {
    let mut skipped = Vec::new();
    let fail = |message: String, skipped: &Vec<String>| ChainError {
        message,
        skipped: skipped.clone(),
    };
    let profile_name = options
        .profile
        .clone()
        .or_else(|| env.get("AWS_PROFILE").map(str::to_owned))
        .or_else(|| env.get("AWS_DEFAULT_PROFILE").map(str::to_owned))
        .unwrap_or_else(|| "default".to_owned());
    let config_path = env.config_path();
    let config = config_path.as_ref().and_then(|p| read_ini(p, true));
    let config_profile = config.as_ref().and_then(|c| c.get(&profile_name));
    let region = config_profile
        .and_then(|p| p.get("region"))
        .cloned()
        .filter(|r| !r.is_empty());
    let done = |credentials, source, skipped: &Vec<String>| Resolved {
        credentials,
        source,
        skipped: skipped.clone(),
        region: region.clone(),
    };

    match (&options.access_key_id, &options.secret_access_key) {
        (Some(id), Some(secret)) => {
            let credentials = Credentials {
                access_key_id: id.clone(),
                secret_access_key: secret.clone(),
                session_token: options.session_token.clone(),
            };
            return Ok(done(credentials, CredentialSource::CommandLine, &skipped));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(fail(
                "--access-key-id and --secret-access-key go together".to_owned(),
                &skipped,
            ))
        }
        (None, None) => {}
    }

    if options.profile.is_none() {
        match (
            env.get("AWS_ACCESS_KEY_ID"),
            env.get("AWS_SECRET_ACCESS_KEY"),
        ) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials {
                    access_key_id: id.to_owned(),
                    secret_access_key: Secret::new(secret),
                    session_token: env
                        .get("AWS_SESSION_TOKEN")
                        .or_else(|| env.get("AWS_SECURITY_TOKEN"))
                        .map(Secret::new),
                };
                return Ok(done(credentials, CredentialSource::Environment, &skipped));
            }
            (Some(_), None) => {
                return Err(fail(
                    "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY".to_owned(),
                    &skipped,
                ))
            }
            _ => {}
        }
    }

    if let Some(profile) = config_profile {
        if profile.contains_key("role_arn") {
            skipped.push(format!(
                "assume role (profile {profile_name} has role_arn: needs STS)"
            ));
        }
        if profile.contains_key("web_identity_token_file") {
            skipped.push(format!("web identity (profile {profile_name}: needs STS)"));
        }
        if profile.contains_key("sso_session") || profile.contains_key("sso_start_url") {
            skipped.push(format!(
                "IAM Identity Center (profile {profile_name}: needs SSO)"
            ));
        }
    }
    if env.get("AWS_WEB_IDENTITY_TOKEN_FILE").is_some() {
        skipped.push("web identity (AWS_WEB_IDENTITY_TOKEN_FILE: needs STS)".to_owned());
    }

    if let Some(path) = env.credentials_path() {
        if let Some(profile) = read_ini(&path, false)
            .as_ref()
            .and_then(|file| file.get(&profile_name))
        {
            if let Some(credentials) = static_keys(profile) {
                let source = CredentialSource::SharedCredentialsFile {
                    path,
                    profile: profile_name,
                };
                return Ok(done(credentials, source, &skipped));
            }
        }
    }

    if let (Some(profile), Some(path)) = (config_profile, &config_path) {
        if let Some(command) = profile.get("credential_process") {
            let timeout = options.process_timeout.unwrap_or(Duration::from_secs(30));
            let credentials = run_credential_process(command, timeout).map_err(|why| {
                fail(
                    format!("credential_process of profile {profile_name}: {why}"),
                    &skipped,
                )
            })?;
            let source = CredentialSource::CredentialProcess {
                path: path.clone(),
                profile: profile_name,
            };
            return Ok(done(credentials, source, &skipped));
        }
        if let Some(credentials) = static_keys(profile) {
            let source = CredentialSource::ConfigFile {
                path: path.clone(),
                profile: profile_name,
            };
            return Ok(done(credentials, source, &skipped));
        }
    }

    if env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").is_some()
        || env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").is_some()
    {
        skipped.push("container credentials (AWS_CONTAINER_CREDENTIALS_*_URI)".to_owned());
    }
    if env.get("AWS_EC2_METADATA_DISABLED") != Some("true") {
        skipped.push("EC2 instance metadata (IMDS)".to_owned());
    }
    Err(fail(
        format!(
            "no credentials found: give --access-key-id and --secret-access-key, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give profile {profile_name} keys or a credential_process"
        ),
        &skipped,
    ))
}

/// A profile's `aws_access_key_id` and `aws_secret_access_key` (and
/// `aws_session_token`), when it has both.
fn static_keys(profile: &BTreeMap<String, String>) -> Option<Credentials> {
    let id = profile.get("aws_access_key_id").filter(|v| !v.is_empty())?;
    let secret = profile
        .get("aws_secret_access_key")
        .filter(|v| !v.is_empty())?;
    Some(Credentials {
        access_key_id: id.clone(),
        secret_access_key: Secret::new(secret.clone()),
        session_token: profile
            .get("aws_session_token")
            .filter(|v| !v.is_empty())
            .map(|t| Secret::new(t.clone())),
    })
}

type Profiles = BTreeMap<String, BTreeMap<String, String>>;

/// Reads an AWS INI file into profiles. In the config file a profile is
/// `[profile NAME]` (and `[default]`); in the credentials file `[NAME]`.
/// An unreadable or missing file is no profiles, and so is one over
/// [`MAX_INI_BYTES`]: it is read through the one bounded reader, so a link
/// to an endless file (`/dev/zero`) costs bounded memory.
fn read_ini(path: &std::path::Path, config: bool) -> Option<Profiles> {
    let file = std::fs::File::open(path).ok()?;
    let bytes = crate::load::read_bounded(file, MAX_INI_BYTES).ok()?;
    if bytes.len() > MAX_INI_BYTES {
        return None;
    }
    let text = String::from_utf8(bytes).ok()?;
    Some(parse_ini(&text, config))
}

/// The largest shared credentials or config file read (1 MiB; real ones are
/// a few KB).
const MAX_INI_BYTES: usize = 1 << 20;

/// Parses an AWS INI file's text (see `read_ini`). Indented lines (the
/// nested `s3 =` settings) and comments are skipped.
pub fn parse_ini(text: &str, config: bool) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut profiles: Profiles = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let section = section.trim();
            current = if !config || section == "default" {
                Some(section.to_owned())
            } else {
                section
                    .strip_prefix("profile")
                    .filter(|rest| rest.starts_with([' ', '\t']))
                    .map(|rest| rest.trim().to_owned())
            };
            if let Some(name) = &current {
                profiles.entry(name.clone()).or_default();
            }
            continue;
        }
        if let (Some(name), Some((key, value))) = (&current, line.split_once('=')) {
            let value = value.trim();
            // An inline comment needs a space before it, as botocore reads.
            let value = value
                .split_once(" #")
                .or_else(|| value.split_once(" ;"))
                .map_or(value, |(v, _)| v.trim_end());
            profiles
                .entry(name.clone())
                .or_default()
                .insert(key.trim().to_ascii_lowercase(), value.to_owned());
        }
    }
    profiles
}

/// The most a `credential_process` may print.
const PROCESS_OUTPUT_LIMIT: u64 = 64 * 1024;

/// Runs a `credential_process` command as the SDKs do (split like a shell
/// would, not run by one), waits at most `timeout`, and reads its JSON.
fn run_credential_process(command: &str, timeout: Duration) -> Result<Credentials, String> {
    let words = split_command(command)?;
    let (program, args) = words
        .split_first()
        .ok_or_else(|| "the command is empty".to_owned())?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| "no standard output".to_owned())?;
    let reader = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let read = stdout
            .take(PROCESS_OUTPUT_LIMIT + 1)
            .read_to_end(&mut buffer);
        read.map(|_| buffer)
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                // Best effort: the process is abandoned either way.
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("did not finish within {} s", timeout.as_secs_f32()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("cannot wait for it: {e}")),
        }
    };
    let output = reader
        .join()
        .map_err(|_| "reading its output failed".to_owned())?
        .map_err(|e| format!("reading its output failed: {e}"))?;
    if !status.success() {
        return Err(format!("exited with {status}"));
    }
    if output.len() as u64 > PROCESS_OUTPUT_LIMIT {
        return Err(format!("printed more than {PROCESS_OUTPUT_LIMIT} bytes"));
    }
    parse_process_output(&output)
}

/// The JSON a `credential_process` prints: `Version` 1, `AccessKeyId`,
/// `SecretAccessKey`, optional `SessionToken`. Errors never quote it, since
/// it holds a secret.
fn parse_process_output(output: &[u8]) -> Result<Credentials, String> {
    let value: serde_json::Value =
        serde_json::from_slice(output).map_err(|_| "its output is not JSON".to_owned())?;
    if value.get("Version").and_then(serde_json::Value::as_i64) != Some(1) {
        return Err("its output does not say \"Version\": 1".to_owned());
    }
    let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
    let id = field("AccessKeyId").ok_or_else(|| "its output has no AccessKeyId".to_owned())?;
    let secret =
        field("SecretAccessKey").ok_or_else(|| "its output has no SecretAccessKey".to_owned())?;
    Ok(Credentials {
        access_key_id: id.to_owned(),
        secret_access_key: Secret::new(secret),
        session_token: field("SessionToken").map(Secret::new),
    })
}

/// Splits a command line into words: whitespace separates, single quotes
/// keep everything, double quotes keep all but `\"` and `\\`, a backslash
/// outside quotes escapes the next character.
pub fn split_command(command: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("an unclosed single quote".to_owned()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("an unclosed double quote".to_owned()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("an unclosed double quote".to_owned()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

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
