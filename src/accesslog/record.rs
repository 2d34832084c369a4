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
                RecordError(format!(
                    "`{name}` is not valid UTF-8, or has a raw control character or a bad escape"
                ))
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
                .ok_or_else(|| RecordError("`callerPrincipalTags` is not valid UTF-8, or has a raw control character or a bad escape".into()))?;
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

/// The keys a replay reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    CallerPrincipal,
    ResolvedUser,
    CallerOrgId,
    CallerTags,
    Method,
    Path,
    Host,
    UserAgent,
    Protocol,
    GrpcStatus,
    TlsVersion,
    SslCipher,
    ServiceArn,
    ServiceNetworkArn,
    SourceVpcArn,
    SourceVpcId,
    StartTime,
    ResponseCode,
    FailureReason,
    AuthDeniedReason,
    RequestId,
    /// `resourceConfigurationArn` or `serviceNetworkResourceAssociationId`.
    Resource,
}

/// The field a key names, if a replay reads it. Records hold about forty
/// keys of which half are read: the key's length selects the few names it
/// can be, and each is compared as a fixed-size array (inline compares of
/// whole words, not a call to `memcmp` per candidate).
fn field_of(key: &[u8]) -> Option<Field> {
    use Field::*;
    Some(match key.len() {
        8 => match <&[u8; 8]>::try_from(key).ok()? {
            b"protocol" => Protocol,
            _ => return None,
        },
        9 => match <&[u8; 9]>::try_from(key).ok()? {
            b"userAgent" => UserAgent,
            b"sslCipher" => SslCipher,
            b"startTime" => StartTime,
            b"requestId" => RequestId,
            _ => return None,
        },
        10 => match <&[u8; 10]>::try_from(key).ok()? {
            b"hostHeader" => Host,
            b"tlsVersion" => TlsVersion,
            b"serviceArn" => ServiceArn,
            _ => return None,
        },
        11 => match <&[u8; 11]>::try_from(key).ok()? {
            b"requestPath" => Path,
            b"sourceVpcId" => SourceVpcId,
            _ => return None,
        },
        12 => match <&[u8; 12]>::try_from(key).ok()? {
            b"resolvedUser" => ResolvedUser,
            b"sourceVpcArn" => SourceVpcArn,
            b"responseCode" => ResponseCode,
            _ => return None,
        },
        13 => match <&[u8; 13]>::try_from(key).ok()? {
            b"requestMethod" => Method,
            b"failureReason" => FailureReason,
            _ => return None,
        },
        15 => match <&[u8; 15]>::try_from(key).ok()? {
            b"callerPrincipal" => CallerPrincipal,
            _ => return None,
        },
        16 => match <&[u8; 16]>::try_from(key).ok()? {
            b"grpcResponseCode" => GrpcStatus,
            b"authDeniedReason" => AuthDeniedReason,
            _ => return None,
        },
        17 => match <&[u8; 17]>::try_from(key).ok()? {
            b"serviceNetworkArn" => ServiceNetworkArn,
            _ => return None,
        },
        19 => match <&[u8; 19]>::try_from(key).ok()? {
            b"callerPrincipalTags" => CallerTags,
            _ => return None,
        },
        20 => match <&[u8; 20]>::try_from(key).ok()? {
            b"callerPrincipalOrgID" => CallerOrgId,
            _ => return None,
        },
        24 => match <&[u8; 24]>::try_from(key).ok()? {
            b"resourceConfigurationArn" => Resource,
            _ => return None,
        },
        35 => match <&[u8; 35]>::try_from(key).ok()? {
            b"serviceNetworkResourceAssociationId" => Resource,
            _ => return None,
        },
        _ => return None,
    })
}

/// The field `key` names. A key written with escapes (`"request\u0050ath"`)
/// names the field its decoded text spells, as in any JSON reader; one
/// that does not decode names none.
fn field_of_key(key: &RawStr<'_>) -> Option<Field> {
    if !key.escaped {
        return field_of(key.bytes);
    }
    key.text().and_then(|name| field_of(name.as_bytes()))
}

impl<'a> Record<'a> {
    /// Reads the fields a replay uses from a scanned object's fields; unknown
    /// keys are ignored (their values are never decoded, so a value a
    /// replay does not use is not checked either). A known field with a
    /// value of the wrong type, not UTF-8, or holding a raw control
    /// character is an error.
    pub fn from_fields(fields: &[(RawStr<'a>, RawValue<'a>)]) -> Result<Record<'a>, RecordError> {
        use Field::*;
        let mut r = Record::default();
        for (key, value) in fields {
            let Some(field) = field_of_key(key) else {
                continue;
            };
            match field {
                CallerPrincipal => r.caller_principal = string("callerPrincipal", value)?,
                ResolvedUser => r.resolved_user = string("resolvedUser", value)?,
                CallerOrgId => r.caller_org_id = string("callerPrincipalOrgID", value)?,
                CallerTags => r.caller_tags = tags(value)?,
                Method => r.method = string("requestMethod", value)?,
                Path => r.path = string("requestPath", value)?,
                Host => r.host = string("hostHeader", value)?,
                UserAgent => r.user_agent = string("userAgent", value)?,
                Protocol => r.protocol = string("protocol", value)?,
                GrpcStatus => r.grpc_status = integer("grpcResponseCode", value)?,
                TlsVersion => r.tls_version = string("tlsVersion", value)?,
                SslCipher => r.ssl_cipher = string("sslCipher", value)?,
                ServiceArn => r.service_arn = string("serviceArn", value)?,
                ServiceNetworkArn => r.service_network_arn = string("serviceNetworkArn", value)?,
                SourceVpcArn => r.source_vpc_arn = string("sourceVpcArn", value)?,
                SourceVpcId => r.source_vpc_id = string("sourceVpcId", value)?,
                StartTime => r.start_time = string("startTime", value)?,
                ResponseCode => r.response_code = integer("responseCode", value)?,
                FailureReason => r.failure_reason = string("failureReason", value)?,
                AuthDeniedReason => r.auth_denied_reason = string("authDeniedReason", value)?,
                RequestId => r.request_id = string("requestId", value)?,
                Resource => {
                    if matches!(string("resourceConfigurationArn", value), Ok(Some(_))) {
                        r.resource_record = true;
                    }
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accesslog::scan::scan_object;

    fn record(input: &[u8]) -> Result<Record<'_>, RecordError> {
        let mut fields = Vec::new();
        scan_object(input, &mut fields).map_err(|e| RecordError(format!("{e:?}")))?;
        Record::from_fields(&fields)
    }

    #[test]
    fn every_field_name_is_matched_and_unknown_ones_are_ignored() {
        let r = record(
            br#"{"protocol": "HTTP/1.1", "userAgent": "u", "sslCipher": "c", "startTime": "t",
                "requestId": "id", "hostHeader": "h", "tlsVersion": "v", "serviceArn": "s",
                "requestPath": "/p", "sourceVpcId": "vpc-1", "resolvedUser": "Anonymous",
                "sourceVpcArn": "arn:aws:ec2:r:1:vpc/vpc-1", "responseCode": 403,
                "requestMethod": "GET", "failureReason": "ClientAccessDenied",
                "callerPrincipal": "arn:aws:iam::1:root", "grpcResponseCode": 7,
                "authDeniedReason": "Service", "serviceNetworkArn": "n",
                "callerPrincipalTags": {"k": "v"}, "callerPrincipalOrgID": "o-1",
                "requestMethox": "POST", "x": "y", "": "", "callerPrincipalOrgId": "o-2"}"#,
        )
        .unwrap();
        let texts = [
            &r.protocol,
            &r.user_agent,
            &r.ssl_cipher,
            &r.start_time,
            &r.request_id,
            &r.host,
            &r.tls_version,
            &r.service_arn,
            &r.path,
            &r.source_vpc_id,
            &r.resolved_user,
            &r.source_vpc_arn,
            &r.method,
            &r.failure_reason,
            &r.caller_principal,
            &r.auth_denied_reason,
            &r.service_network_arn,
            &r.caller_org_id,
        ]
        .map(|f| f.as_deref().unwrap_or("NONE").to_string());
        assert_eq!(
            texts,
            [
                "HTTP/1.1",
                "u",
                "c",
                "t",
                "id",
                "h",
                "v",
                "s",
                "/p",
                "vpc-1",
                "Anonymous",
                "arn:aws:ec2:r:1:vpc/vpc-1",
                "GET",
                "ClientAccessDenied",
                "arn:aws:iam::1:root",
                "Service",
                "n",
                "o-1"
            ]
        );
        assert_eq!((r.response_code, r.grpc_status), (Some(403), Some(7)));
        assert_eq!(r.caller_tags, [("k".to_string(), "v".to_string())]);
        assert!(!r.resource_record);
        let resource = record(br#"{"serviceNetworkResourceAssociationId": "snra-1"}"#).unwrap();
        assert!(resource.resource_record);
    }

    #[test]
    fn an_escaped_key_names_the_field_its_text_spells() {
        let r = record(br#"{"request\u004dethod": "GET", "request\/Path": "/x", "\u00e9": "-"}"#)
            .unwrap();
        assert_eq!(r.method.as_deref(), Some("GET"));
        // `\/` is `/`: no field is called `request/Path`.
        assert_eq!(r.path, None);
        // A key with a bad escape names no field.
        assert_eq!(
            record(br#"{"request\qMethod": "GET"}"#).unwrap().method,
            None
        );
    }

    #[test]
    fn only_the_values_a_replay_uses_are_checked_for_utf8_and_control_characters() {
        // Unused fields: a raw tab, a byte that is not UTF-8, a bad escape.
        let r = record(b"{\"sourceIpPort\": \"a\tb\", \"listenerType\": \"\xff\", \"x\": \"\\q\", \"requestMethod\": \"GET\"}")
            .unwrap();
        assert_eq!(r.method.as_deref(), Some("GET"));
        for bad in [
            &b"{\"requestMethod\": \"G\tT\"}"[..],
            b"{\"requestMethod\": \"G\xffT\"}",
            b"{\"requestMethod\": \"G\\qT\"}",
        ] {
            let e = record(bad).unwrap_err();
            assert_eq!(
                e.0,
                "`requestMethod` is not valid UTF-8, or has a raw control character or a bad escape"
            );
        }
    }
}
