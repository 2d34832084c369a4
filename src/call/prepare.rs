//! The request as it will be sent: built from the command line, then
//! signed for Lattice (or not) before each attempt, so that every attempt
//! carries a fresh `X-Amz-Date`.

use super::target::Target;
use crate::eval::Timestamp;
use crate::sigv4::{
    sign, sign_sigv4a, Canonicalization, Credentials, HttpRequest, Payload, SignForm, SignParams,
    LATTICE_SIGNING_NAME,
};

/// How the request is authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signing {
    /// Not signed: Lattice sees an anonymous caller.
    Unsigned,
    /// SigV4 in the `Authorization` header.
    Header,
    /// SigV4 in the query string, valid for `expires` seconds.
    Presigned {
        /// `X-Amz-Expires`.
        expires: u64,
    },
}

impl Signing {
    /// `unsigned`, `header` or `query`, as the JSON output names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Signing::Unsigned => "unsigned",
            Signing::Header => "header",
            Signing::Presigned { .. } => "query",
        }
    }
}

/// A request ready to go: where to, and exactly what.
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// The scheme and authority.
    pub target: Target,
    /// The request, with its `host` header and, when signed, its signature.
    pub request: HttpRequest,
}

impl Outgoing {
    /// The whole URL the request goes to.
    pub fn url(&self) -> String {
        format!("{}{}", self.target.origin(), self.request.target())
    }
}

/// Reads `Name: value` (curl's `-H`).
pub fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("-H {text:?} is not `Name: value`"))?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return Err(format!("-H {text:?}: {name:?} is not a header name"));
    }
    if value.contains(['\r', '\n']) {
        return Err(format!(
            "-H {name}: a header value cannot hold a line break"
        ));
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

/// RFC 9110's `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The request before signing: the method, the target, the headers given
/// (a `host` header first, unless one was given), the body.
pub fn unsigned(
    target: &Target,
    method: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> HttpRequest {
    let mut request = HttpRequest {
        method: method.to_ascii_uppercase(),
        body,
        ..HttpRequest::default()
    };
    request.set_target(&target.target);
    request.headers.extend(headers.iter().cloned());
    if request.header("host").is_none() {
        request
            .headers
            .insert(0, ("host".to_owned(), target.authority.clone()));
    }
    request
}

/// What a signature needs besides the request.
#[derive(Clone, Debug)]
pub struct SignWith<'a> {
    /// The credentials.
    pub credentials: &'a Credentials,
    /// The region of the scope.
    pub region: &'a str,
    /// The signing time: now, for each attempt.
    pub time: Timestamp,
    /// SigV4A's region set (`us-west-2`, `us-*`, `*`): signs with SigV4A
    /// instead of SigV4, and the set replaces `region` in the scope.
    pub region_set: Option<&'a str>,
}

/// `request` as sent: unchanged when unsigned, else signed for
/// `vpc-lattice-svcs` with `UNSIGNED-PAYLOAD` (Lattice rejects signed
/// payloads; the body is sent, never hashed), double URI encoding as
/// botocore and the workshop's client use.
pub fn sign_for_lattice(
    request: &HttpRequest,
    signing: Signing,
    with: Option<&SignWith<'_>>,
) -> Result<HttpRequest, String> {
    let form = match signing {
        Signing::Unsigned => return Ok(request.clone()),
        Signing::Header => SignForm::Header,
        Signing::Presigned { expires } => SignForm::Query { expires },
    };
    let with = with.ok_or_else(|| "a signed request needs credentials".to_owned())?;
    let params = SignParams {
        credentials: with.credentials,
        region: with.region,
        service: LATTICE_SIGNING_NAME,
        time: with.time,
        form,
        payload: Payload::Unsigned,
        canonicalization: Canonicalization::DOUBLE,
    };
    match with.region_set {
        Some(set) => sign_sigv4a(request, &params, set),
        None => sign(request, &params),
    }
    .map(|signed| signed.request)
    .map_err(|e| e.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::target;

    #[test]
    fn headers_are_read_as_curl_reads_them() {
        assert_eq!(
            parse_header("Content-Type:  application/json ").unwrap(),
            ("Content-Type".to_owned(), "application/json".to_owned())
        );
        assert!(parse_header("no colon").is_err());
        assert!(parse_header(": v").is_err());
        assert!(parse_header("a b: v").is_err());
    }

    #[test]
    fn a_signed_request_carries_unsigned_payload_and_a_fresh_date() {
        let target = target::parse("http://127.0.0.1:8080/orders?x=1").unwrap();
        let request = unsigned(&target, "post", &[], b"{\"a\":1}".to_vec());
        assert_eq!(request.header("host"), Some("127.0.0.1:8080"));
        let credentials = Credentials::new("AKIDEXAMPLE", "secret");
        let with = |seconds| SignWith {
            credentials: &credentials,
            region: "us-west-2",
            time: Timestamp::from_epoch_seconds(seconds).unwrap(),
            region_set: None,
        };
        let first =
            sign_for_lattice(&request, Signing::Header, Some(&with(1_800_000_000))).unwrap();
        let again =
            sign_for_lattice(&request, Signing::Header, Some(&with(1_800_000_005))).unwrap();
        assert_eq!(
            first.header("x-amz-content-sha256"),
            Some("UNSIGNED-PAYLOAD")
        );
        assert_eq!(first.body, b"{\"a\":1}");
        assert_ne!(first.header("x-amz-date"), again.header("x-amz-date"));
        assert!(first
            .header("authorization")
            .unwrap()
            .contains("/us-west-2/vpc-lattice-svcs/aws4_request"));
        let presigned =
            sign_for_lattice(&request, Signing::Presigned { expires: 60 }, Some(&with(0))).unwrap();
        assert!(presigned.query.contains("X-Amz-Signature="));
        assert!(presigned.header("authorization").is_none());
        let anonymous = sign_for_lattice(&request, Signing::Unsigned, None).unwrap();
        assert_eq!(anonymous, request);
        assert!(sign_for_lattice(&request, Signing::Header, None).is_err());
    }
}
