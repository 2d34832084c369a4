//! One access log record, read by field name from a scanned object.
//!
//! Only the fields a replay uses are kept; every other key is ignored, so
//! records of any date (older ones lack `requestId`, `callerPrincipalTags`
//! and `grpcResponseCode`; newer ones add keys the User Guide has not
//! documented yet) read alike. An absent value may be written `"-"`,
//! `"null"` or JSON `null`: all three read as absent.

use std::borrow::Cow;

use super::scan::{RawStr, RawValue};

/// The fields of a service access log record that a replay reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record<'a> {
    /// `callerPrincipal`: the authenticated principal.
    pub caller_principal: Option<Cow<'a, str>>,
    /// `resolvedUser`: an ARN, `Anonymous` or `Unknown`.
    pub resolved_user: Option<Cow<'a, str>>,
    /// `callerPrincipalOrgID`.
    pub caller_org_id: Option<Cow<'a, str>>,
    /// `callerPrincipalTags`: tag keys and values.
    pub caller_tags: Vec<(String, String)>,
    /// `requestMethod`.
    pub method: Option<Cow<'a, str>>,
    /// `requestPath`.
    pub path: Option<Cow<'a, str>>,
    /// `hostHeader`.
    pub host: Option<Cow<'a, str>>,
    /// `userAgent`.
    pub user_agent: Option<Cow<'a, str>>,
    /// `protocol` (`HTTP/1.1`, `HTTP/2`).
    pub protocol: Option<Cow<'a, str>>,
    /// `grpcResponseCode`: present only for gRPC requests.
    pub grpc_status: Option<i64>,
    /// `tlsVersion`: present when the client connection was TLS.
    pub tls_version: Option<Cow<'a, str>>,
    /// `sslCipher`: present when the client connection was TLS.
    pub ssl_cipher: Option<Cow<'a, str>>,
    /// `serviceArn`.
    pub service_arn: Option<Cow<'a, str>>,
    /// `serviceNetworkArn`.
    pub service_network_arn: Option<Cow<'a, str>>,
    /// `sourceVpcArn`.
    pub source_vpc_arn: Option<Cow<'a, str>>,
    /// `sourceVpcId`.
    pub source_vpc_id: Option<Cow<'a, str>>,
    /// `startTime`.
    pub start_time: Option<Cow<'a, str>>,
    /// `responseCode`.
    pub response_code: Option<i64>,
    /// `failureReason`.
    pub failure_reason: Option<Cow<'a, str>>,
    /// `authDeniedReason`.
    pub auth_denied_reason: Option<Cow<'a, str>>,
    /// `requestId`.
    pub request_id: Option<Cow<'a, str>>,
    /// True for a resource access log record (`resourceConfigurationArn`,
    /// `serviceNetworkResourceAssociationId`): TCP to a resource
    /// configuration, which auth policies do not govern.
    pub resource_record: bool,
}

/// Why a scanned object is not a usable record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError(pub String);

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// True for the three spellings of an absent value.
pub fn is_absent(text: &str) -> bool {
    text == "-" || text == "null" || text.is_empty()
}

fn string<'a>(name: &str, value: &RawValue<'a>) -> Result<Option<Cow<'a, str>>, RecordError> {
    match value {
        RawValue::Null => Ok(None),
        RawValue::Str(s) => {
            let text = s.text().ok_or_else(|| {
                RecordError(format!("`{name}` is not valid UTF-8 or has a bad escape"))
            })?;
            Ok((!is_absent(&text)).then_some(text))
        }
        other => Err(RecordError(format!(
            "`{name}` should be a string, not {}",
            other.kind()
        ))),
    }
}

/// An integer field; a string holding digits is read too (lenient), and the
/// absent spellings are absent.
fn integer(name: &str, value: &RawValue<'_>) -> Result<Option<i64>, RecordError> {
    let bad = || RecordError(format!("`{name}` should be an integer"));
    match value {
        RawValue::Null => Ok(None),
        RawValue::Number(n) => std::str::from_utf8(n)
            .ok()
            .and_then(|t| t.parse().ok())
            .map(Some)
            .ok_or_else(bad),
        RawValue::Str(s) => {
            let text = s.text().ok_or_else(bad)?;
            if is_absent(&text) {
                return Ok(None);
            }
            text.trim().parse().map(Some).map_err(|_| bad())
        }
        other => Err(RecordError(format!(
            "`{name}` should be an integer, not {}",
            other.kind()
        ))),
    }
}

/// `callerPrincipalTags`: an object of strings, or (as the User Guide
/// prints it) a string holding one.
fn tags(value: &RawValue<'_>) -> Result<Vec<(String, String)>, RecordError> {
    let object: Cow<'_, [u8]> = match value {
        RawValue::Null => return Ok(Vec::new()),
        RawValue::Object(raw) => Cow::Borrowed(raw),
        RawValue::Str(s) => {
            let text = s
                .text()
                .ok_or_else(|| RecordError("`callerPrincipalTags` is not valid UTF-8".into()))?;
            if is_absent(&text) {
                return Ok(Vec::new());
            }
            Cow::Owned(text.into_owned().into_bytes())
        }
        other => {
            return Err(RecordError(format!(
                "`callerPrincipalTags` should be an object, not {}",
                other.kind()
            )))
        }
    };
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&object)
        .map_err(|_| RecordError("`callerPrincipalTags` is not a JSON object".into()))?;
    map.into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok((k, s)),
            _ => Err(RecordError(format!(
                "`callerPrincipalTags` value of `{k}` should be a string"
            ))),
        })
        .collect()
}

impl<'a> Record<'a> {
    /// Reads the fields a replay uses from a scanned object's fields; unknown
    /// keys are ignored. A known field with a value of the wrong type is an
    /// error.
    pub fn from_fields(fields: &[(RawStr<'a>, RawValue<'a>)]) -> Result<Record<'a>, RecordError> {
        let mut r = Record::default();
        for (key, value) in fields {
            match key.bytes {
                b"callerPrincipal" => r.caller_principal = string("callerPrincipal", value)?,
                b"resolvedUser" => r.resolved_user = string("resolvedUser", value)?,
                b"callerPrincipalOrgID" => r.caller_org_id = string("callerPrincipalOrgID", value)?,
                b"callerPrincipalTags" => r.caller_tags = tags(value)?,
                b"requestMethod" => r.method = string("requestMethod", value)?,
                b"requestPath" => r.path = string("requestPath", value)?,
                b"hostHeader" => r.host = string("hostHeader", value)?,
                b"userAgent" => r.user_agent = string("userAgent", value)?,
                b"protocol" => r.protocol = string("protocol", value)?,
                b"grpcResponseCode" => r.grpc_status = integer("grpcResponseCode", value)?,
                b"tlsVersion" => r.tls_version = string("tlsVersion", value)?,
                b"sslCipher" => r.ssl_cipher = string("sslCipher", value)?,
                b"serviceArn" => r.service_arn = string("serviceArn", value)?,
                b"serviceNetworkArn" => r.service_network_arn = string("serviceNetworkArn", value)?,
                b"sourceVpcArn" => r.source_vpc_arn = string("sourceVpcArn", value)?,
                b"sourceVpcId" => r.source_vpc_id = string("sourceVpcId", value)?,
                b"startTime" => r.start_time = string("startTime", value)?,
                b"responseCode" => r.response_code = integer("responseCode", value)?,
                b"failureReason" => r.failure_reason = string("failureReason", value)?,
                b"authDeniedReason" => r.auth_denied_reason = string("authDeniedReason", value)?,
                b"requestId" => r.request_id = string("requestId", value)?,
                b"resourceConfigurationArn" | b"serviceNetworkResourceAssociationId"
                    if matches!(string("resourceConfigurationArn", value), Ok(Some(_))) =>
                {
                    r.resource_record = true;
                }
                _ => {}
            }
        }
        Ok(r)
    }

    /// True when nothing in the record says it is a service access log
    /// record: none of the caller, HTTP or service fields.
    pub fn is_empty(&self) -> bool {
        self.service_arn.is_none()
            && self.method.is_none()
            && self.path.is_none()
            && self.caller_principal.is_none()
            && self.resolved_user.is_none()
            && self.response_code.is_none()
    }
}
