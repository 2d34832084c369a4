//! The condition keys of a resolved request (the table in the module docs of
//! [`request`](super)).

use super::keys;
use super::{Protocol, Request};
use crate::eval::caller::{Caller, Principal};
use crate::eval::context::{Context, ContextValue};

impl Request {
    /// The context, built once by [`Request::resolve`].
    pub(super) fn build_context(&self) -> Context {
        let mut ctx = Context::new();
        let one = |v: &str| ContextValue::Single(v.to_owned());
        let tls = self.protocol == Protocol::Tls;
        ctx.insert(keys::PORT, one(&self.port.to_string()));
        if let Some(method) = &self.method {
            ctx.insert(keys::REQUEST_METHOD, one(method));
        }
        if let Some(path) = &self.path {
            ctx.insert(keys::REQUEST_PATH, one(path));
        }
        for (name, value) in &self.headers {
            ctx.insert(&format!("{}{name}", keys::REQUEST_HEADER), one(value));
        }
        if matches!(self.protocol, Protocol::Http | Protocol::Https) {
            for (key, values) in &self.query {
                let name = format!("{}{key}", keys::REQUEST_QUERY_STRING);
                ctx.insert(&name, ContextValue::Multi(values.clone()));
            }
        }
        ctx.insert(keys::SERVICE_ARN, one(&self.service));
        ctx.insert(keys::SERVICE_NETWORK_ARN, one(&self.service_network));
        ctx.insert(keys::SOURCE_VPC, one(&self.source_vpc));
        ctx.insert(
            keys::SOURCE_VPC_OWNER_ACCOUNT,
            one(&self.source_vpc_owner_account),
        );
        match &self.caller {
            Caller::Anonymous => {
                ctx.insert(keys::PRINCIPAL_TYPE, one("Anonymous"));
                ctx.insert(keys::PRINCIPAL_ACCOUNT, one("anonymous"));
                if !tls {
                    ctx.insert(keys::USERID, one("anonymous"));
                }
            }
            Caller::Authenticated(p) => insert_principal(&mut ctx, p),
        }
        if !tls {
            for (key, value) in &self.service_tags {
                ctx.insert(&format!("{}{key}", keys::RESOURCE_TAG), one(value));
            }
        }
        ctx.insert(keys::CURRENT_TIME, one(&self.time.to_string()));
        ctx.insert(
            keys::EPOCH_TIME,
            one(&self.time.epoch_seconds().to_string()),
        );
        if !tls {
            let secure = if self.protocol == Protocol::Http {
                "false"
            } else {
                "true"
            };
            ctx.insert(keys::SECURE_TRANSPORT, one(secure));
            if let Some(ip) = &self.source_ip {
                ctx.insert(keys::SOURCE_IP, one(ip));
            }
        }
        for (key, value) in &self.overrides {
            match value {
                Some(v) => ctx.insert(key, v.clone()),
                None => ctx.remove(key),
            }
        }
        ctx
    }
}

/// The keys of a signed caller, in the documented order.
fn insert_principal(ctx: &mut Context, p: &Principal) {
    let one = |v: &str| ContextValue::Single(v.to_owned());
    ctx.insert(keys::PRINCIPAL_TYPE, one(p.kind.as_str()));
    ctx.insert(keys::PRINCIPAL_ACCOUNT, one(&p.account));
    ctx.insert(keys::PRINCIPAL_ARN, one(&p.arn));
    if let Some(org) = &p.org_id {
        ctx.insert(keys::PRINCIPAL_ORG_ID, one(org));
    }
    if !p.org_paths.is_empty() {
        ctx.insert(
            keys::PRINCIPAL_ORG_PATHS,
            ContextValue::Multi(p.org_paths.clone()),
        );
    }
    for (key, value) in &p.tags {
        ctx.insert(&format!("{}{key}", keys::PRINCIPAL_TAG), one(value));
    }
    ctx.insert(keys::PRINCIPAL_IS_AWS_SERVICE, one("false"));
    ctx.insert(keys::USERID, one(&p.user_id));
    if let Some(name) = &p.username {
        ctx.insert(keys::USERNAME, one(name));
    }
}
