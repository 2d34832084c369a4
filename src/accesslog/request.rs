//! A record as a request, with what the log says happened to it.
//!
//! The mapping (docs/replay.md has it with its sources):
//!
//! * **caller**: `callerPrincipal`, else an ARN in `resolvedUser`; neither
//!   (or `resolvedUser` `Anonymous`/`Unknown`) is an unsigned request. An STS
//!   assumed-role session ARN is taken as [`RequestSpec`] takes it: its role,
//!   account and type as IAM derives them. `callerPrincipalOrgID` and
//!   `callerPrincipalTags` fill the organization and tag keys.
//! * **protocol**: gRPC when `grpcResponseCode` is logged; a TLS
//!   passthrough connection when neither method nor path is (decision
//!   `replay-caller-from-record`); HTTPS when `tlsVersion` or `sslCipher`
//!   is logged; otherwise HTTP.
//! * **method, path, `host`, `user-agent`**: `requestMethod`, `requestPath`,
//!   `hostHeader`, `userAgent`.
//! * **service, network, VPC**: `serviceArn`, `serviceNetworkArn`; the VPC
//!   and its owner from `sourceVpcArn` (`arn:aws:ec2:R:OWNER:vpc/ID`), else
//!   the VPC alone from `sourceVpcId`.
//! * **time**: `startTime`.
//! * **outcome**: a denial when `failureReason` is `ClientAccessDenied` (or
//!   `responseCode` is 403 with `authDeniedReason` set), at the layer
//!   `authDeniedReason` names (`Network`, `Service`, `Identity`); a record
//!   that failed before authorization could decide (`ClientRateLimited`,
//!   `ClientProtocolError`) is skipped; every other record passed
//!   authorization.

use std::collections::BTreeMap;

use super::record::{Record, RecordError};
use crate::eval::request::{PrincipalDetails, PrincipalSpec, RequestSpec};
use crate::eval::LayerName;

/// What the log says authorization decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Recorded {
    /// The request passed authorization (whatever the target answered).
    Allowed,
    /// Lattice denied it, at the layer `authDeniedReason` names when it names one.
    Denied(Option<LayerName>),
}

impl Recorded {
    /// `allowed` or `denied`.
    pub fn as_str(self) -> &'static str {
        match self {
            Recorded::Allowed => "allowed",
            Recorded::Denied(_) => "denied",
        }
    }
}

/// The fields of a request that a record may not carry, beyond those no
/// record carries (other headers, the query string, the port, resource tags).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Unlogged {
    /// No `sourceVpcArn`: the VPC's owner is unknown.
    pub vpc_owner: bool,
    /// No source VPC at all.
    pub vpc: bool,
    /// No `serviceNetworkArn`.
    pub network: bool,
    /// No `startTime`.
    pub time: bool,
    /// No `?` in the path: the query string is unknown (the User Guide
    /// does not say whether `requestPath` keeps it).
    pub query: bool,
}

/// A service access log record as a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    /// The request, as `policy eval --request` would read it.
    pub spec: RequestSpec,
    /// What authorization decided, per the log.
    pub recorded: Recorded,
    /// What the record leaves unknown.
    pub unlogged: Unlogged,
    /// `requestId`, when logged.
    pub request_id: Option<String>,
}

/// What a record is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A service access log record whose request authorization decided.
    Request,
    /// A resource access log record (TCP to a resource configuration): auth
    /// policies do not apply to it.
    ResourceRecord,
    /// A record that failed before authorization decided: the failure reason.
    BeforeAuthorization(String),
}

/// The layer an `authDeniedReason` value names.
pub fn layer_of(reason: &str) -> Option<LayerName> {
    match reason {
        "Network" => Some(LayerName::ServiceNetwork),
        "Service" => Some(LayerName::Service),
        "Identity" => Some(LayerName::Identity),
        _ => None,
    }
}

/// The `authDeniedReason` value of a layer.
pub fn reason_of(layer: LayerName) -> &'static str {
    match layer {
        LayerName::ServiceNetwork => "Network",
        LayerName::Service => "Service",
        LayerName::Identity => "Identity",
    }
}

impl Record<'_> {
    /// What kind of record this is.
    pub fn kind(&self) -> Kind {
        if self.resource_record {
            return Kind::ResourceRecord;
        }
        match self.failure_reason.as_deref() {
            Some(r @ ("ClientRateLimited" | "ClientProtocolError")) => {
                Kind::BeforeAuthorization(r.to_string())
            }
            _ => Kind::Request,
        }
    }

    /// What authorization decided, per the record. An `authDeniedReason`
    /// that names no known layer is an error.
    pub fn recorded(&self) -> Result<Recorded, RecordError> {
        let layer = match self.auth_denied_reason.as_deref() {
            None => None,
            Some(reason) => Some(layer_of(reason).ok_or_else(|| {
                RecordError(format!(
                    "unknown layer `{reason}` in `authDeniedReason` (expected `Network`, `Service` or `Identity`)"
                ))
            })?),
        };
        let denied = self.failure_reason.as_deref() == Some("ClientAccessDenied")
            || (self.response_code == Some(403) && layer.is_some());
        Ok(if denied {
            Recorded::Denied(layer)
        } else {
            Recorded::Allowed
        })
    }

    /// True for a TLS passthrough connection: no method and no path.
    pub fn is_tls(&self) -> bool {
        self.method.is_none() && self.path.is_none()
    }

    /// The protocol the record implies: `GRPC`, `TLS`, `HTTPS` or `HTTP`.
    pub fn protocol_name(&self) -> &'static str {
        if self.grpc_status.is_some() {
            "GRPC"
        } else if self.is_tls() {
            "TLS"
        } else if self.tls_version.is_some() || self.ssl_cipher.is_some() {
            "HTTPS"
        } else {
            "HTTP"
        }
    }

    /// The caller, as the request format names it: `None` for anonymous.
    pub fn caller(&self) -> Option<&str> {
        if let Some(p) = self.caller_principal.as_deref() {
            return Some(p);
        }
        self.resolved_user
            .as_deref()
            .filter(|u| u.starts_with("arn:"))
    }

    /// The source VPC id and its owner, from `sourceVpcArn` or `sourceVpcId`.
    pub fn source_vpc(&self) -> (Option<&str>, Option<&str>) {
        if let Some(arn) = self.source_vpc_arn.as_deref() {
            // arn:aws:ec2:REGION:OWNER:vpc/VPC-ID
            let mut parts = arn.splitn(6, ':');
            let owner = parts.nth(4);
            let vpc = parts.next().and_then(|r| r.strip_prefix("vpc/"));
            if let (Some(owner), Some(vpc)) = (owner, vpc) {
                return (Some(vpc), Some(owner));
            }
        }
        (self.source_vpc_id.as_deref(), None)
    }

    /// The record as a request. The caller of a TLS connection is left out:
    /// TLS callers are anonymous (decision `tls-connect-only`).
    pub fn to_request(&self) -> Result<LoggedRequest, RecordError> {
        let recorded = self.recorded()?;
        let protocol = self.protocol_name();
        let tls = protocol == "TLS";
        let service = self
            .service_arn
            .as_deref()
            .ok_or_else(|| RecordError("no `serviceArn`: the service is not known".into()))?;
        let mut spec = RequestSpec {
            protocol: Some(protocol.to_string()),
            service: Some(service.to_string()),
            service_network: self.service_network_arn.as_deref().map(str::to_string),
            time: self.start_time.as_deref().map(str::to_string),
            ..RequestSpec::default()
        };
        let (vpc, owner) = self.source_vpc();
        spec.source_vpc = vpc.map(str::to_string);
        spec.source_vpc_owner_account = owner.map(str::to_string);
        if !tls {
            if protocol != "GRPC" || self.method.as_deref() != Some("POST") {
                spec.method = self.method.as_deref().map(str::to_string);
            }
            spec.path = self.path.as_deref().map(str::to_string);
            let mut headers = BTreeMap::new();
            if let Some(h) = self.host.as_deref() {
                headers.insert("host".to_string(), h.to_string());
            }
            if let Some(a) = self.user_agent.as_deref() {
                headers.insert("user-agent".to_string(), a.to_string());
            }
            spec.headers = headers;
            if let Some(arn) = self.caller() {
                let details = PrincipalDetails {
                    arn: Some(arn.to_string()),
                    org_id: self.caller_org_id.as_deref().map(str::to_string),
                    tags: self.caller_tags.iter().cloned().collect(),
                    ..PrincipalDetails::default()
                };
                spec.principal = Some(if details.org_id.is_none() && details.tags.is_empty() {
                    PrincipalSpec::Name(arn.to_string())
                } else {
                    PrincipalSpec::Details(details)
                });
            }
        }
        Ok(LoggedRequest {
            spec,
            recorded,
            unlogged: Unlogged {
                vpc_owner: owner.is_none(),
                vpc: vpc.is_none(),
                network: self.service_network_arn.is_none(),
                time: self.start_time.is_none(),
                query: !self.path.as_deref().is_some_and(|p| p.contains('?')),
            },
            request_id: self.request_id.as_deref().map(str::to_string),
        })
    }
}
