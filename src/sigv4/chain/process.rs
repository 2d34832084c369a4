//! `credential_process`: a command whose standard output is the
//! credentials, as JSON `Version` 1 (the SDKs and Tools Reference Guide,
//! "Process credential provider").

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::identity::{arn_account, Identity};
use super::Fetched;
use crate::eval::Timestamp;
use crate::sigv4::credentials::{Credentials, Secret};

/// The most a `credential_process` may print.
const PROCESS_OUTPUT_LIMIT: u64 = 64 * 1024;

/// Runs a `credential_process` command as the SDKs do (split like a shell
/// would, not run by one), waits at most `timeout`, and reads its JSON.
pub(super) fn run(command: &str, timeout: Duration) -> Result<Fetched, String> {
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
    parse_output(&output)
}

/// The JSON a `credential_process` prints: `Version` 1, `AccessKeyId`,
/// `SecretAccessKey`, optional `SessionToken` and `Expiration` (RFC 3339;
/// without it the credentials never expire). Errors never quote it, since
/// it holds a secret.
pub(super) fn parse_output(output: &[u8]) -> Result<Fetched, String> {
    let value: serde_json::Value =
        serde_json::from_slice(output).map_err(|_| "its output is not JSON".to_owned())?;
    if value.get("Version").and_then(serde_json::Value::as_i64) != Some(1) {
        return Err("its output does not say \"Version\": 1".to_owned());
    }
    let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
    let id = field("AccessKeyId").ok_or_else(|| "its output has no AccessKeyId".to_owned())?;
    let secret =
        field("SecretAccessKey").ok_or_else(|| "its output has no SecretAccessKey".to_owned())?;
    let expiration = match field("Expiration") {
        None => None,
        Some(text) => Some(
            Timestamp::parse_rfc3339(text)
                .ok_or_else(|| format!("its Expiration {text:?} is not an RFC 3339 time"))?,
        ),
    };
    Ok(Fetched {
        credentials: Credentials {
            access_key_id: id.to_owned(),
            secret_access_key: Secret::new(secret),
            session_token: field("SessionToken").map(Secret::new),
        },
        expiration,
        // The SDKs read an optional AccountId (account-based endpoints);
        // nothing in the output names the principal.
        identity: match field("AccountId")
            .filter(|a| arn_account(&format!("arn:aws:iam::{a}:")).is_some())
        {
            Some(account) => Identity::Account {
                account: account.to_owned(),
                how: "the credential_process's AccountId".to_owned(),
            },
            None => Identity::Unknown,
        },
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
