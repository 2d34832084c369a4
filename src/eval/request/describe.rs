//! A request written back as a one-line query.

use super::principal::{self, DEFAULT_SESSION_NAME};
use super::{
    Protocol, Request, DEFAULT_SERVICE, DEFAULT_SERVICE_NETWORK, DEFAULT_SOURCE_VPC_OWNER_ACCOUNT,
};
use crate::eval::caller::Caller;
use crate::eval::context::ContextValue;

impl Request {
    /// The request as a one-line query (see [`crate::eval::query`]) that
    /// resolves to an equal request, for example
    /// `GET /rates as arn:aws:iam::111122223333:role/ops vpc vpc-0123456789abcdef0 port 443 time 2024-05-01T12:00:00Z`.
    /// The method, path, caller, VPC, port and time are always given; other
    /// fields only when they differ from the defaults.
    pub fn describe(&self) -> String {
        let mut words: Vec<String> = Vec::new();
        match (self.protocol, &self.method) {
            (Protocol::Grpc, _) => words.push("grpc".into()),
            (Protocol::Tls, _) => words.push("tls".into()),
            (_, Some(method)) => words.push(method.clone()),
            (_, None) => {}
        }
        if let Some(path) = &self.path {
            words.push(quote(path));
        }
        self.describe_caller(&mut words);
        for (name, value) in &self.headers {
            words.push(format!("header {}", pair(name, value)));
        }
        for (key, values) in &self.query {
            for value in values {
                words.push(format!("query {}", pair(key, value)));
            }
        }
        if self.protocol == Protocol::Http {
            words.push("protocol http".into());
        }
        words.push(format!("vpc {}", quote(&self.source_vpc)));
        if self.source_vpc_owner_account != DEFAULT_SOURCE_VPC_OWNER_ACCOUNT {
            words.push(format!(
                "vpc-owner {}",
                quote(&self.source_vpc_owner_account)
            ));
        }
        words.push(format!("port {}", self.port));
        if self.service != DEFAULT_SERVICE {
            words.push(format!("service {}", quote(&self.service)));
        }
        if self.service_network != DEFAULT_SERVICE_NETWORK {
            words.push(format!("network {}", quote(&self.service_network)));
        }
        for (key, value) in &self.service_tags {
            words.push(format!("service-tag {}", pair(key, value)));
        }
        if let Some(ip) = &self.source_ip {
            words.push(format!("ip {}", quote(ip)));
        }
        words.push(format!("time {}", self.time));
        for (key, value) in &self.overrides {
            match value {
                None => words.push(format!("without {}", quote(key))),
                Some(ContextValue::Single(v)) => words.push(format!("context {}", pair(key, v))),
                Some(ContextValue::Multi(vs)) => {
                    if vs.is_empty() || (vs.len() == 1 && !crate::catalog::is_multi_valued(key)) {
                        words.push(format!("context-list {}", quote(key)));
                    }
                    for v in vs {
                        words.push(format!("context {}", pair(key, v)));
                    }
                }
            }
        }
        words.join(" ")
    }

    fn describe_caller(&self, words: &mut Vec<String>) {
        let p = match &self.caller {
            Caller::Anonymous => {
                words.push("from anonymous".into());
                return;
            }
            Caller::Authenticated(p) => p,
        };
        let default_session = p
            .session_arn
            .as_deref()
            .is_some_and(|s| s.ends_with(&format!("/{DEFAULT_SESSION_NAME}")));
        let name = match &p.session_arn {
            Some(_) if default_session => p.arn.clone(),
            Some(session) => session.clone(),
            None if p.arn.ends_with(":root") && p.arn.starts_with("arn:aws:") => p.account.clone(),
            None => p.arn.clone(),
        };
        words.push(format!("as {}", quote(&name)));
        if let Ok(plain) = principal::parse(&name) {
            if plain.kind != p.kind {
                words.push(format!("principal-type {}", quote(p.kind.as_str())));
            }
            if plain.arn != p.arn {
                words.push(format!("role-arn {}", quote(&p.arn)));
            }
        }
        if let Some(org) = &p.org_id {
            words.push(format!("org {}", quote(org)));
        }
        for path in &p.org_paths {
            words.push(format!("org-path {}", quote(path)));
        }
        for (key, value) in &p.tags {
            words.push(format!("tag {}", pair(key, value)));
        }
    }
}

/// `text` as one query word: quoted when it is empty, is spelt like a
/// keyword, or holds spaces, quotes or control characters.
pub(crate) fn quote(text: &str) -> String {
    quote_if(text, false)
}

/// `text` as one query word, quoted when `force` is true or when it must be.
fn quote_if(text: &str, force: bool) -> String {
    let plain = !force
        && !text.is_empty()
        && !crate::eval::query::is_keyword(text)
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"');
    if plain {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `KEY=VALUE` as one query word; a key holding `=` is quoted.
fn pair(key: &str, value: &str) -> String {
    format!("{}={}", quote_if(key, key.contains('=')), quote(value))
}
