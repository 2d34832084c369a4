//! The condition keys of a resolved request: one pass over the request-key
//! table ([`crate::keys`]), which says which requests carry each key and
//! which field its value comes from.

use super::{Protocol, Request};
use crate::eval::caller::{Caller, Principal};
use crate::eval::context::{Context, ContextValue};
use crate::keys::{self, Carried, RequestKey, Source};

impl Request {
    /// The context, built once by [`Request::resolve`]: the table's keys in
    /// its order, then the raw `context` entries.
    pub(super) fn build_context(&self) -> Context {
        let mut ctx = Context::new();
        let anonymous = self.is_anonymous();
        for row in keys::all() {
            if row.carried(anonymous, self.protocol) == Carried::Never {
                continue;
            }
            self.insert_values(row, &mut ctx);
        }
        for (key, value) in &self.overrides {
            match value {
                Some(v) => ctx.insert(key, v.clone()),
                None => ctx.remove(key),
            }
        }
        ctx
    }

    /// Inserts the keys `row` gives this request (several for a templated
    /// key, none when the request lacks the value), with their values.
    fn insert_values(&self, row: &RequestKey, ctx: &mut Context) {
        let one = |v: &str| ContextValue::Single(v.to_owned());
        let mut plain = |v: Option<&str>| {
            if let Some(v) = v {
                ctx.insert(row.name, one(v));
            }
        };
        let principal: Option<&Principal> = match &self.caller {
            Caller::Authenticated(p) => Some(p),
            Caller::Anonymous => None,
        };
        match row.source {
            Source::Port => plain(Some(&self.port.to_string())),
            Source::Method => plain(self.method.as_deref()),
            Source::Path => plain(self.path.as_deref()),
            Source::Header => templated(ctx, row, &self.headers),
            Source::Query => {
                for (k, vs) in &self.query {
                    ctx.insert(&format!("{}{k}", row.name), ContextValue::Multi(vs.clone()));
                }
            }
            Source::Service => plain(Some(&self.service)),
            Source::ServiceNetwork => plain(Some(&self.service_network)),
            Source::SourceVpc => plain(Some(&self.source_vpc)),
            Source::SourceVpcOwner => plain(Some(&self.source_vpc_owner_account)),
            Source::PrincipalType => {
                plain(Some(principal.map_or("Anonymous", |p| p.kind.as_str())))
            }
            Source::PrincipalAccount => {
                plain(Some(principal.map_or("anonymous", |p| p.account.as_str())))
            }
            Source::PrincipalArn => plain(principal.map(|p| p.arn.as_str())),
            Source::OrgId => plain(principal.and_then(|p| p.org_id.as_deref())),
            Source::OrgPaths => {
                if let Some(p) = principal.filter(|p| !p.org_paths.is_empty()) {
                    ctx.insert(row.name, ContextValue::Multi(p.org_paths.clone()));
                }
            }
            Source::PrincipalTag => {
                if let Some(p) = principal {
                    templated(ctx, row, &p.tags);
                }
            }
            Source::PrincipalIsAwsService => plain(principal.map(|_| "false")),
            Source::UserId => plain(Some(principal.map_or("anonymous", |p| p.user_id.as_str()))),
            Source::Username => plain(principal.and_then(|p| p.username.as_deref())),
            Source::ServiceTag => templated(ctx, row, &self.service_tags),
            Source::Time => plain(Some(&self.time.to_string())),
            Source::EpochTime => plain(Some(&self.time.epoch_seconds().to_string())),
            Source::SecureTransport => plain(Some(if self.protocol == Protocol::Http {
                "false"
            } else {
                "true"
            })),
            Source::SourceIp => plain(self.source_ip.as_deref()),
        }
    }
}

/// One key per pair of a templated key (`aws:PrincipalTag/` + tag key).
fn templated(ctx: &mut Context, row: &RequestKey, pairs: &[(String, String)]) {
    for (k, v) in pairs {
        ctx.insert(&format!("{}{k}", row.name), ContextValue::Single(v.clone()));
    }
}
