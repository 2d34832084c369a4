//! What VPC Lattice checks when it authenticates a request, before any
//! policy is read: is it signed (an `Authorization` header, a presigned
//! query, or curl's `--aws-sigv4`), and can that signature pass? Each
//! problem is a [`Finding`] (codes in [`super::codes`]) at the exact header
//! or query parameter. No secret is needed: this reads the signature, it
//! does not recompute it.

use super::codes::*;
use super::query::decode;
use super::WireRequest;
use crate::diagnostic::{CodeInfo, Finding, Severity};
use crate::eval::Timestamp;
use crate::span::Span;

/// The SigV4 algorithm name.
pub const SIGV4: &str = "AWS4-HMAC-SHA256";
/// The SigV4A algorithm name.
pub const SIGV4A: &str = "AWS4-ECDSA-P256-SHA256";
/// The signing name Lattice requires.
pub const SIGNING_NAME: &str = "vpc-lattice-svcs";
/// How far a request time may be from now, in seconds.
pub const MAX_SKEW_SECONDS: i64 = 300;

/// Where a request's signature is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Unsigned: the caller is anonymous.
    None,
    /// An `Authorization` header (or curl's `--aws-sigv4`, which adds one).
    Header,
    /// A presigned URL (`X-Amz-Signature` in the query string).
    Query,
}

impl Form {
    /// `none`, `header` or `query`.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::None => "none",
            Form::Header => "header",
            Form::Query => "query",
        }
    }
}

/// What [`inspect`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// Where the signature is.
    pub form: Form,
    /// `AWS4-HMAC-SHA256`, `AWS4-ECDSA-P256-SHA256`, or what the request names.
    pub algorithm: Option<String>,
    /// The access key id of the credential.
    pub access_key_id: Option<String>,
    /// The credential scope's region (SigV4).
    pub region: Option<String>,
    /// The SigV4A region set, as written.
    pub region_set: Option<String>,
    /// The signed header names, as written.
    pub signed_headers: Vec<String>,
    /// True when curl signs the request as it sends it (`--aws-sigv4`).
    pub signed_by_curl: bool,
    /// The problems, in the order of the request text.
    pub findings: Vec<Finding>,
}

impl Inspection {
    /// True when the request is signed in any form.
    pub fn is_signed(&self) -> bool {
        self.form != Form::None
    }

    /// True when Lattice would reject the request at authentication: a
    /// finding of error severity (decision `authentication-before-policy`).
    pub fn rejected(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The account the access key id encodes, when it encodes one.
    pub fn account(&self) -> Option<String> {
        self.access_key_id
            .as_deref()
            .and_then(super::account::account_of)
    }

    /// Adds the findings that need the service's region: the SigV4 scope's
    /// region, or the SigV4A region set, against `service_region` (the
    /// region in the request's Lattice host name wins over it).
    pub fn check_region(&mut self, request: &WireRequest, service_region: Option<&str>) {
        let from_host = request.host.as_deref().and_then(region_from_host);
        let Some(service) = from_host.as_deref().or(service_region) else {
            return;
        };
        if let Some(region) = &self.region {
            if self.algorithm.as_deref() == Some(SIGV4) && known_region(region) && region != service
            {
                self.findings.push(
                    Finding::new(
                        &SIGV4_REGION_MISMATCH,
                        self.region_span(request),
                        format!(
                            "the signature is for region `{region}`, the service is in `{service}`"
                        ),
                    )
                    .with_label("signed for this region")
                    .with_help(format!("sign for `{service}`")),
                );
            }
        }
        if let Some(set) = &self.region_set {
            let covered = set.split(',').map(str::trim).any(|pattern| {
                crate::wildcard::Wildcard::parse(pattern)
                    .matches(service, crate::wildcard::Case::Insensitive)
            });
            if !covered {
                self.findings.push(
                    Finding::new(&SIGV4A_REGION_NOT_COVERED, self.region_set_span(request), format!("the region set `{set}` does not cover the service's region `{service}`"))
                        .with_help(format!("add `{service}` to the region set, or sign for `*`")),
                );
            }
        }
        self.findings.sort_by_key(|f| f.span.start);
    }

    /// Where the SigV4 scope's region is written: in the Authorization
    /// header's credential, or in a presigned URL's `X-Amz-Credential`.
    fn region_span(&self, request: &WireRequest) -> Span {
        let credential = match request.header("authorization") {
            Some(h) => {
                let text = h.value.value.as_str();
                text.find("Credential=").map(|at| {
                    let start = at + "Credential=".len();
                    let end = text
                        .get(start..)
                        .and_then(|rest| rest.find([',', ' ']))
                        .map_or(text.len(), |len| start + len);
                    h.value.slice(start..end)
                })
            }
            None => request.query_value("X-Amz-Credential"),
        };
        let Some(credential) = credential else {
            return request.target.span;
        };
        // KEY/DATE/REGION/…: the region starts after the second slash.
        let mut slashes = credential.value.match_indices('/').map(|(i, _)| i);
        match (slashes.nth(1), slashes.next()) {
            (Some(from), Some(to)) => credential.sub_span(from + 1..to),
            _ => credential.span,
        }
    }

    fn region_set_span(&self, request: &WireRequest) -> Span {
        request
            .header("x-amz-region-set")
            .map(|h| h.span)
            .or_else(|| param(request, "X-Amz-Region-Set").map(|p| p.span))
            .unwrap_or(request.target.span)
    }
}

/// The region in a Lattice service's domain name
/// (`svc-….7d67968.vpc-lattice-svcs.us-west-2.on.aws`).
pub fn region_from_host(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').collect();
    let at = labels
        .iter()
        .position(|l| l.eq_ignore_ascii_case(SIGNING_NAME))?;
    labels.get(at + 1).map(|r| r.to_ascii_lowercase())
}

/// The AWS regions this tool knows (all partitions, 2026).
const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eusc-de-east-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "us-isof-south-1",
    "us-isof-east-1",
    "us-west-1",
    "us-west-2",
];

/// Whether `region` is a region this tool knows.
pub fn known_region(region: &str) -> bool {
    REGIONS.contains(&region)
}

/// Shaped like a region code (`xx-name-1`), known or not.
fn region_shaped(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && parts
            .iter()
            .rev()
            .skip(1)
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Reads the signature of `request` and reports what Lattice would reject,
/// with `now` as the time of the check (`--now`, or the clock).
pub fn inspect(request: &WireRequest, now: Timestamp) -> Inspection {
    let mut inspection = Inspection {
        form: Form::None,
        algorithm: None,
        access_key_id: None,
        region: None,
        region_set: None,
        signed_headers: Vec::new(),
        signed_by_curl: false,
        findings: Vec::new(),
    };
    let mut ctx = Ctx {
        request,
        now,
        out: &mut inspection,
    };
    let auth_headers: Vec<_> = request.headers_named("authorization").collect();
    let sig_headers: Vec<_> = auth_headers
        .iter()
        .filter(|h| algorithm_of(&h.value.value).is_some())
        .collect();
    let presigned = param(request, "X-Amz-Signature").or_else(|| param(request, "X-Amz-Algorithm"));
    for h in &auth_headers {
        if algorithm_of(&h.value.value).is_none() {
            let scheme = h.value.value.split_whitespace().next().unwrap_or("");
            ctx.push(Finding::new(&SIGV4_NOT_SIGV4, h.span, format!("the Authorization header is `{scheme}`, not a SigV4 or SigV4A signature"))
                .with_help("Lattice authenticates SigV4 and SigV4A signatures only; this request is evaluated as anonymous"));
        }
    }
    if sig_headers.len() > 1 {
        if let Some(second) = sig_headers.get(1) {
            ctx.push(
                Finding::new(
                    &SIGV4_DUPLICATE_AUTH,
                    second.span,
                    "a second Authorization header",
                )
                .with_help("send one signature"),
            );
        }
    }
    if let (Some(first), Some(p)) = (sig_headers.first(), &presigned) {
        ctx.push(
            Finding::new(
                &SIGV4_DUPLICATE_AUTH,
                p.span,
                "the request is signed both in the Authorization header and in the query string",
            )
            .with_help("keep one: the header, or the presigned URL")
            .with_related(first.span, "signed here too"),
        );
    }
    if let Some(signing) = &request.curl_signing {
        if let Some(first) = sig_headers.first() {
            ctx.push(Finding::new(&SIGV4_DUPLICATE_AUTH, first.span, "curl signs the request itself (`--aws-sigv4`), and it already has an Authorization header").with_help("drop the header or `--aws-sigv4`"));
        }
        ctx.curl(signing);
    } else if let Some(h) = sig_headers.first() {
        ctx.header(h);
    } else if presigned.is_some() {
        ctx.query();
    }
    inspection.findings.sort_by_key(|f| f.span.start);
    inspection
}

/// The algorithm an Authorization header value names, when it is SigV4 or SigV4A.
fn algorithm_of(value: &str) -> Option<&'static str> {
    let scheme = value.split_whitespace().next()?;
    [SIGV4, SIGV4A].into_iter().find(|a| *a == scheme)
}

/// The first query parameter named `name` (any case).
fn param(request: &WireRequest, name: &str) -> Option<super::query::Param> {
    request
        .query_params()
        .into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
}

struct Ctx<'a> {
    request: &'a WireRequest,
    now: Timestamp,
    out: &'a mut Inspection,
}

/// One part of a signature: its value and where it was written.
struct Part {
    value: String,
    span: Span,
    /// The value with where each of its bytes was written, when a finding
    /// may highlight part of it (the credential's scope elements).
    mapped: Option<super::Piece>,
}

impl Part {
    /// Where bytes `range` of the value were written: exactly, when the
    /// value is mapped, else the whole part.
    fn sub_span(&self, range: std::ops::Range<usize>) -> Span {
        self.mapped
            .as_ref()
            .filter(|m| m.value == self.value)
            .map_or(self.span, |m| m.sub_span(range))
    }
}

impl Ctx<'_> {
    fn push(&mut self, finding: Finding) {
        self.out.findings.push(finding);
    }

    fn at(&mut self, info: &'static CodeInfo, span: Span, message: String, help: &str) {
        self.push(Finding::new(info, span, message).with_help(help.to_string()));
    }

    /// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
    fn header(&mut self, h: &super::WireHeader) {
        self.out.form = Form::Header;
        let value = &h.value;
        let algorithm = algorithm_of(&value.value).unwrap_or(SIGV4);
        self.out.algorithm = Some(algorithm.to_string());
        let rest_at = algorithm.len();
        let rest = value.value.get(rest_at..).unwrap_or_default();
        let mut parts: Vec<(String, Part)> = Vec::new();
        let mut offset = rest_at;
        for piece in rest.split(',') {
            let start = offset + (piece.len() - piece.trim_start().len());
            offset += piece.len() + 1;
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            let (name, v) = trimmed.split_once('=').unwrap_or((trimmed, ""));
            let span = value.sub_span(start..start + trimmed.len());
            let value_at = start + trimmed.len() - v.len();
            parts.push((
                name.to_string(),
                Part {
                    value: v.to_string(),
                    span,
                    mapped: Some(value.slice(value_at..value_at + v.len())),
                },
            ));
        }
        let get = |name: &str| {
            parts.iter().find(|(n, _)| n == name).map(|(_, p)| Part {
                value: p.value.clone(),
                span: p.span,
                mapped: p.mapped.clone(),
            })
        };
        let credential = get("Credential");
        let signed = get("SignedHeaders");
        let signature = get("Signature");
        for (name, part) in [
            ("Credential", &credential),
            ("SignedHeaders", &signed),
            ("Signature", &signature),
        ] {
            if part.is_none() {
                self.at(&SIGV4_MALFORMED, h.span, format!("the Authorization header has no `{name}=`"), "a SigV4 Authorization header is `AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=HEX`");
            }
        }
        let date = self.request.header("x-amz-date").map(|d| Part {
            value: d.value.value.clone(),
            span: d.span,
            mapped: None,
        });
        let date = match date {
            Some(d) => Some(d),
            None if self.request.header("date").is_some() => None,
            None => {
                self.at(
                    &SIGV4_MALFORMED,
                    h.span,
                    "the signed request has no `x-amz-date` header".into(),
                    "send the request time as `x-amz-date: YYYYMMDDTHHMMSSZ`, and sign it",
                );
                None
            }
        };
        self.common(algorithm, credential, signed, signature, date, None);
        let token = self.request.header("x-amz-security-token");
        if let Some(t) = token {
            if !self.signs("x-amz-security-token") {
                let span = t.span;
                self.at(
                    &SIGV4_SESSION_TOKEN_UNSIGNED,
                    span,
                    "`x-amz-security-token` is sent but not signed".into(),
                    "add `x-amz-security-token` to the signed headers (sign after setting it)",
                );
            }
        }
        let region_set = self.request.header("x-amz-region-set").map(|h| Part {
            value: h.value.value.clone(),
            span: h.span,
            mapped: None,
        });
        // No region set: the algorithm's name is what says SigV4A.
        let algorithm_at = value.sub_span(0..algorithm.len());
        self.region_set(algorithm, region_set, algorithm_at);
    }

    /// `?X-Amz-Algorithm=…&X-Amz-Credential=…&…&X-Amz-Signature=…`.
    fn query(&mut self) {
        self.out.form = Form::Query;
        let request = self.request;
        let get = |name: &str| {
            param(request, name).map(|p| Part {
                value: decode(&p.value),
                span: p.span,
                mapped: request.query_value(name),
            })
        };
        let whole = request.target.span;
        let algorithm = get("X-Amz-Algorithm");
        let name = match &algorithm {
            Some(a) if a.value == SIGV4 || a.value == SIGV4A => {
                if a.value == SIGV4 {
                    SIGV4
                } else {
                    SIGV4A
                }
            }
            Some(a) => {
                let (v, s) = (a.value.clone(), a.span);
                self.at(
                    &SIGV4_MALFORMED,
                    s,
                    format!("`X-Amz-Algorithm` is `{v}`, not `{SIGV4}` or `{SIGV4A}`"),
                    "presign with SigV4 or SigV4A",
                );
                self.out.algorithm = Some(v);
                return;
            }
            None => {
                self.at(&SIGV4_MALFORMED, whole, "the presigned URL has no `X-Amz-Algorithm`".into(), "a presigned URL carries X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature");
                SIGV4
            }
        };
        self.out.algorithm = Some(name.to_string());
        let required = |p: Option<Part>, param_name: &str, this: &mut Self| {
            if p.is_none() {
                this.at(&SIGV4_MALFORMED, whole, format!("the presigned URL has no `{param_name}`"), "a presigned URL carries X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature");
            }
            p
        };
        let credential = required(get("X-Amz-Credential"), "X-Amz-Credential", self);
        let signed = required(get("X-Amz-SignedHeaders"), "X-Amz-SignedHeaders", self);
        let signature = required(get("X-Amz-Signature"), "X-Amz-Signature", self);
        let date = required(get("X-Amz-Date"), "X-Amz-Date", self);
        let expires = required(get("X-Amz-Expires"), "X-Amz-Expires", self);
        let expires = expires.and_then(|e| match e.value.parse::<i64>() {
            Ok(n) if (1..=604_800).contains(&n) => Some(n),
            _ => {
                self.at(
                    &SIGV4_MALFORMED,
                    e.span,
                    format!(
                        "`X-Amz-Expires` is `{}`, not a number of seconds from 1 to 604800",
                        e.value
                    ),
                    "presign for at most 7 days",
                );
                None
            }
        });
        self.common(name, credential, signed, signature, date, Some(expires));
        let region_set = get("X-Amz-Region-Set").or_else(|| {
            request.header("x-amz-region-set").map(|h| Part {
                value: h.value.value.clone(),
                span: h.span,
                mapped: None,
            })
        });
        let algorithm_at = algorithm.as_ref().map_or(whole, |a| a.span);
        self.region_set(name, region_set, algorithm_at);
    }

    /// `--aws-sigv4 aws:amz:REGION:SERVICE --user KEY:SECRET`: curl signs
    /// the request when it sends it, with SigV4 in the header, signing host,
    /// x-amz-date and the headers given with `-H`.
    fn curl(&mut self, signing: &super::CurlSigning) {
        self.out.form = Form::Header;
        self.out.algorithm = Some(SIGV4.to_string());
        self.out.signed_by_curl = true;
        let provider = &signing.provider;
        let parts: Vec<&str> = provider.value.split(':').collect();
        if parts.first().is_none_or(|p| p.is_empty()) || parts.len() > 4 {
            self.at(
                &SIGV4_MALFORMED,
                provider.span,
                format!(
                    "`--aws-sigv4 {}` is not `aws:amz:REGION:vpc-lattice-svcs`",
                    provider.value
                ),
                "write --aws-sigv4 \"aws:amz:REGION:vpc-lattice-svcs\"",
            );
        }
        match &signing.service {
            Some(s) if s == SIGNING_NAME => {}
            Some(s) => {
                let s = s.clone();
                self.signing_name(&s, provider.span);
            }
            None => self.at(&SIGV4_SIGNING_NAME, provider.span, format!("`--aws-sigv4 {}` names no service, so curl takes it from the host name, which for Lattice is not `vpc-lattice-svcs`", provider.value), "write --aws-sigv4 \"aws:amz:REGION:vpc-lattice-svcs\""),
        }
        match &signing.region {
            Some(r) => {
                self.out.region = Some(r.clone());
                let r = r.clone();
                self.region(&r, provider.span);
            }
            None => self.at(
                &SIGV4_CREDENTIAL_SCOPE,
                provider.span,
                format!(
                    "`--aws-sigv4 {}` names no region, so curl takes it from the host name",
                    provider.value
                ),
                "write --aws-sigv4 \"aws:amz:REGION:vpc-lattice-svcs\"",
            ),
        }
        match &signing.access_key_id {
            Some(key) => {
                self.out.access_key_id = Some(key.value.clone());
                if super::account::is_temporary(&key.value) && !signing.session_token {
                    self.at(
                        &SIGV4_SESSION_TOKEN_UNSIGNED,
                        key.span,
                        format!(
                            "`{}` is a temporary key (`ASIA…`), and no session token is sent",
                            key.value
                        ),
                        "add -H \"x-amz-security-token: $AWS_SESSION_TOKEN\"",
                    );
                }
            }
            None => self.at(
                &SIGV4_MALFORMED,
                provider.span,
                "`--aws-sigv4` without `--user KEY:SECRET`: curl has no credentials to sign with"
                    .into(),
                "add --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"",
            ),
        }
        self.payload(provider.span);
    }

    /// The checks both forms share.
    fn common(
        &mut self,
        algorithm: &str,
        credential: Option<Part>,
        signed: Option<Part>,
        signature: Option<Part>,
        date: Option<Part>,
        expires: Option<Option<i64>>,
    ) {
        let anchor = credential
            .as_ref()
            .map_or(self.request.target.span, |c| c.span);
        let mut scope_date = None;
        if let Some(c) = &credential {
            scope_date = self.scope(algorithm, c);
        }
        if let Some(s) = &signed {
            self.out.signed_headers = s
                .value
                .split(';')
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect();
            if !self.signs("host") {
                self.at(&SIGV4_HOST_NOT_SIGNED, s.span, format!("`host` is not among the signed headers `{}`", s.value), "sign the host header (every SigV4 signer does: sign with an SDK, the CRT or `policy sign`)");
            }
            for name in self.out.signed_headers.clone() {
                if self.request.header(&name).is_some() {
                    continue;
                }
                let at = self.name_in(s.span, &name);
                if name.eq_ignore_ascii_case("x-amz-security-token") {
                    self.at(&SIGV4_SESSION_TOKEN_MISSING, at, "'x-amz-security-token' is named as a SignedHeader, but it does not exist in the HTTP request".into(), "send the session token as `x-amz-security-token`");
                } else {
                    self.at(&SIGV4_SIGNED_HEADER_MISSING, at, format!("`{name}` is named as a signed header, but the request has no `{name}` header"), "send every header that was signed, or sign only those that are sent");
                }
            }
        }
        if let Some(sig) = &signature {
            let hex = sig.value.bytes().all(|b| b.is_ascii_hexdigit());
            if sig.value.is_empty() || !hex || (algorithm == SIGV4 && sig.value.len() != 64) {
                self.at(
                    &SIGV4_MALFORMED,
                    sig.span,
                    "the signature is not hexadecimal (64 digits for SigV4)".into(),
                    "copy the signature whole",
                );
            }
        }
        if let Some(d) = &date {
            match parse_amz_date(&d.value) {
                None => self.at(
                    &SIGV4_MALFORMED,
                    d.span,
                    format!("the request time `{}` is not `YYYYMMDDTHHMMSSZ`", d.value),
                    "write the request time in UTC as `20260101T120000Z`",
                ),
                Some(time) => {
                    if let Some((sd, scope_span)) = &scope_date {
                        if d.value.get(..8) != Some(sd.as_str()) {
                            let scope_span = *scope_span;
                            self.push(Finding::new(&SIGV4_SCOPE_DATE_MISMATCH, scope_span, format!("the credential scope's date `{sd}` is not the request's date `{}`", d.value.get(..8).unwrap_or_default()))
                                .with_related(d.span, "the request time")
                                .with_help("sign again: the scope's date is the UTC day of X-Amz-Date"));
                        }
                    }
                    self.time(time, d, expires);
                }
            }
        }
        // A temporary key needs its token in the request.
        let token = self.request.header("x-amz-security-token").is_some()
            || param(self.request, "X-Amz-Security-Token").is_some();
        if let Some(key) = self.out.access_key_id.clone() {
            if super::account::is_temporary(&key) && !token && !self.signs("x-amz-security-token") {
                self.at(&SIGV4_SESSION_TOKEN_UNSIGNED, anchor, format!("`{key}` is a temporary key (`ASIA…`), and the request has no session token"), "send and sign `x-amz-security-token`");
            }
        }
        self.payload(anchor);
    }

    /// Where `name` is written inside `span` (a signed-header list), or the
    /// whole span when it is not written there as is (percent-encoded).
    fn name_in(&self, span: Span, name: &str) -> Span {
        let text = self
            .request
            .text
            .get(span.offset()..span.end as usize)
            .unwrap_or_default();
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|t| t.find(name)) {
            let start = from + found;
            let end = start + name.len();
            let before = text.get(..start).and_then(|t| t.chars().last());
            let after = text.get(end..).and_then(|t| t.chars().next());
            if matches!(before, Some('=' | ';'))
                && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                return Span::new(span.offset() + start, span.offset() + end);
            }
            from = end;
        }
        span
    }

    fn signs(&self, name: &str) -> bool {
        self.out
            .signed_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
    }

    /// `KEY/DATE/REGION/SERVICE/aws4_request` (no region for SigV4A); the
    /// scope's date and where it is written.
    fn scope(&mut self, algorithm: &str, c: &Part) -> Option<(String, Span)> {
        let parts: Vec<&str> = c.value.split('/').collect();
        // Where each element is written: findings about one element
        // highlight it, not the whole credential.
        let mut element_spans = Vec::with_capacity(parts.len());
        let mut at = 0;
        for part in &parts {
            element_spans.push(c.sub_span(at..at + part.len()));
            at += part.len() + 1;
        }
        let element = |i: usize| element_spans.get(i).copied().unwrap_or(c.span);
        let expected = if algorithm == SIGV4A { 4 } else { 5 };
        let help = if algorithm == SIGV4A {
            "a SigV4A scope is KEY/YYYYMMDD/vpc-lattice-svcs/aws4_request"
        } else {
            "a SigV4 scope is KEY/YYYYMMDD/REGION/vpc-lattice-svcs/aws4_request"
        };
        if let Some(key) = parts.first().filter(|k| !k.is_empty()) {
            self.out.access_key_id = Some(key.to_string());
        }
        if parts.len() != expected
            || parts.last() != Some(&"aws4_request")
            || parts.iter().any(|p| p.is_empty())
        {
            self.at(
                &SIGV4_CREDENTIAL_SCOPE,
                c.span,
                format!(
                    "the credential `{}` is not a {} scope",
                    c.value,
                    if algorithm == SIGV4A {
                        "SigV4A"
                    } else {
                        "SigV4"
                    }
                ),
                help,
            );
            return None;
        }
        let date = parts.get(1).copied().unwrap_or_default();
        if parse_amz_date(&format!("{date}T000000Z")).is_none() {
            self.at(
                &SIGV4_CREDENTIAL_SCOPE,
                element(1),
                format!("the scope's date `{date}` is not a date (YYYYMMDD)"),
                help,
            );
        }
        let service = parts.get(expected - 2).copied().unwrap_or_default();
        if service != SIGNING_NAME {
            self.signing_name(service, element(expected - 2));
        }
        if algorithm == SIGV4 {
            let region = parts.get(2).copied().unwrap_or_default();
            self.out.region = Some(region.to_string());
            self.region(region, element(2));
        }
        Some((date.to_string(), element(1)))
    }

    fn signing_name(&mut self, service: &str, span: Span) {
        self.push(
            Finding::new(
                &SIGV4_SIGNING_NAME,
                span,
                format!("the request is signed for `{service}`, not `{SIGNING_NAME}`"),
            )
            .with_label("signing name")
            .with_help(format!(
                "sign with the signing name `{SIGNING_NAME}` (the service name, not `vpc-lattice`)"
            )),
        );
    }

    fn region(&mut self, region: &str, span: Span) {
        if known_region(region) {
            return;
        }
        let mut finding = Finding::new(
            &SIGV4_UNKNOWN_REGION,
            span,
            format!("`{region}` is not an AWS region"),
        )
        .with_help("sign for the region the service is in, such as `us-west-2`");
        if region_shaped(region) {
            // A region newer than this tool's list may be real.
            finding.severity = Severity::Warning;
            finding.message = format!("`{region}` is not a region this tool knows");
        }
        self.push(finding);
    }

    fn time(&mut self, time: i64, d: &Part, expires: Option<Option<i64>>) {
        let now = self.now.millis() / 1000;
        match expires {
            Some(Some(seconds)) if now > time + seconds => {
                self.push(Finding::new(&SIGV4_EXPIRED, d.span, format!("the presigned URL expired at {} ({} seconds after `{}`), before now ({})", show(time + seconds), seconds, d.value, show(now))).with_help("presign again, or give the time it was used with --now"));
            }
            Some(_) if time - now > MAX_SKEW_SECONDS => {
                self.push(
                    Finding::new(
                        &SIGV4_CLOCK_SKEW,
                        d.span,
                        format!(
                            "the request time {} is more than 5 minutes after now ({})",
                            show(time),
                            show(now)
                        ),
                    )
                    .with_help("check the signer's clock, or give the time it was sent with --now"),
                );
            }
            Some(_) => {}
            None if (time - now).abs() > MAX_SKEW_SECONDS => {
                let (by, dir) = (
                    (time - now).abs(),
                    if time > now { "after" } else { "before" },
                );
                self.push(Finding::new(&SIGV4_CLOCK_SKEW, d.span, format!("the request time {} is {} {dir} now ({})", show(time), span_of(by), show(now))).with_help("AWS allows 5 minutes either way: sign again, fix the signer's clock, or give the time the request was sent with --now"));
            }
            None => {}
        }
    }

    fn payload(&mut self, anchor: Span) {
        match self.request.header("x-amz-content-sha256") {
            None => self.at(&SIGV4_PAYLOAD_HASH_MISSING, anchor, "the signed request has no `x-amz-content-sha256` header".into(), "send `x-amz-content-sha256: UNSIGNED-PAYLOAD` and sign it (curl: -H \"x-amz-content-sha256: UNSIGNED-PAYLOAD\")"),
            Some(h) if h.value.value != "UNSIGNED-PAYLOAD" => {
                let v = h.value.value.clone();
                self.at(&SIGV4_SIGNED_PAYLOAD, h.span, format!("`x-amz-content-sha256` is `{v}`: Signed payloads are not supported"), "send `x-amz-content-sha256: UNSIGNED-PAYLOAD` and sign with payload signing off");
            }
            Some(_) => {}
        }
    }

    fn region_set(&mut self, algorithm: &str, set: Option<Part>, anchor: Span) {
        if algorithm != SIGV4A {
            return;
        }
        match set {
            Some(s) => {
                self.out.region_set = Some(s.value.clone());
                self.push(Finding::new(
                    &SIGV4A_REGION_SET,
                    s.span,
                    format!("signed with SigV4A for the region set `{}`", s.value),
                ));
            }
            None => self.at(
                &SIGV4A_REGION_NOT_COVERED,
                anchor,
                "the SigV4A request has no region set (`X-Amz-Region-Set`)".into(),
                "send and sign `x-amz-region-set` (`*` for every region)",
            ),
        }
    }
}

/// `20150830T123600Z` as seconds since the epoch (the signer's reading of
/// `X-Amz-Date`, so inspection and verification agree on what a date is).
pub fn parse_amz_date(text: &str) -> Option<i64> {
    crate::sigv4::sign::parse_amz_date(text).map(|t| t.millis() / 1000)
}

fn show(seconds: i64) -> String {
    Timestamp::from_epoch_seconds(seconds)
        .map_or_else(|| seconds.to_string(), |t| t.to_condition_value())
}

fn span_of(seconds: i64) -> String {
    let (n, unit) = match seconds {
        s if s >= 86_400 => (s / 86_400, "day"),
        s if s >= 3_600 => (s / 3_600, "hour"),
        s => (s / 60, "minute"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}
