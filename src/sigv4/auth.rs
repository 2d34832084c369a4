//! Reading the signature a request carries: the `Authorization` header or
//! the `X-Amz-*` query parameters of a presigned URL.

use super::request::HttpRequest;

/// The SigV4 algorithm name.
pub const SIGV4: &str = "AWS4-HMAC-SHA256";
/// The SigV4A algorithm name.
pub const SIGV4A: &str = "AWS4-ECDSA-P256-SHA256";

/// Where a request carries its signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthForm {
    /// The `Authorization` header.
    Header,
    /// Presigned: `X-Amz-*` query parameters.
    Query,
}

/// The parts of a signature as the request writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthParts {
    /// Header or query.
    pub form: AuthForm,
    /// `AWS4-HMAC-SHA256` or `AWS4-ECDSA-P256-SHA256`.
    pub algorithm: String,
    /// The credential as written: `AKID/date/region/service/aws4_request`
    /// (SigV4A: `AKID/date/service/aws4_request`).
    pub credential: String,
    /// The signed header names, as listed.
    pub signed_headers: Vec<String>,
    /// The signature, hex.
    pub signature: String,
    /// The request time (`X-Amz-Date`), when given.
    pub amz_date: Option<String>,
}

impl AuthParts {
    /// The credential's fields: access key id, then the scope's parts.
    pub fn credential_fields(&self) -> Vec<&str> {
        self.credential.split('/').collect()
    }

    /// The access key id the credential names.
    pub fn access_key_id(&self) -> &str {
        self.credential.split('/').next().unwrap_or("")
    }

    /// The credential scope: everything after the access key id.
    pub fn scope(&self) -> &str {
        self.credential
            .split_once('/')
            .map_or("", |(_, scope)| scope)
    }
}

/// Why a request's signature could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthParseError(pub String);

/// The signature `request` carries: `Ok(None)` when it is unsigned. The
/// header form is read first; a request with both is read by its header
/// (inspection reports the conflict).
pub fn parse(request: &HttpRequest) -> Result<Option<AuthParts>, AuthParseError> {
    if let Some(value) = request.header("authorization") {
        return parse_header(value, request.header("x-amz-date").map(str::to_owned)).map(Some);
    }
    let Some(algorithm) = request.query_param("X-Amz-Algorithm") else {
        return Ok(None);
    };
    let need = |name: &str| {
        request
            .query_param(name)
            .ok_or_else(|| AuthParseError(format!("presigned URL without {name}")))
    };
    Ok(Some(AuthParts {
        form: AuthForm::Query,
        algorithm,
        credential: need("X-Amz-Credential")?,
        signed_headers: split_signed_headers(&need("X-Amz-SignedHeaders")?),
        signature: need("X-Amz-Signature")?,
        amz_date: request.query_param("X-Amz-Date"),
    }))
}

fn split_signed_headers(list: &str) -> Vec<String> {
    list.split(';')
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
fn parse_header(value: &str, amz_date: Option<String>) -> Result<AuthParts, AuthParseError> {
    let value = value.trim();
    let (algorithm, rest) = value
        .split_once(char::is_whitespace)
        .ok_or_else(|| AuthParseError("Authorization header without parameters".to_owned()))?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let Some((key, val)) = part.trim().split_once('=') else {
            continue;
        };
        match key.trim() {
            "Credential" => credential = Some(val.trim().to_owned()),
            "SignedHeaders" => signed = Some(split_signed_headers(val.trim())),
            "Signature" => signature = Some(val.trim().to_owned()),
            _ => {}
        }
    }
    let missing = |what: &str| AuthParseError(format!("Authorization header without {what}"));
    Ok(AuthParts {
        form: AuthForm::Header,
        algorithm: algorithm.to_owned(),
        credential: credential.ok_or_else(|| missing("Credential"))?,
        signed_headers: signed.ok_or_else(|| missing("SignedHeaders"))?,
        signature: signature.ok_or_else(|| missing("Signature"))?,
        amz_date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_form() {
        let mut request = HttpRequest::default();
        request.headers.push((
            "Authorization".into(),
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/vpc-lattice-svcs/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc".into(),
        ));
        let parts = parse(&request).unwrap().unwrap();
        assert_eq!(parts.access_key_id(), "AKID");
        assert_eq!(
            parts.scope(),
            "20150830/us-east-1/vpc-lattice-svcs/aws4_request"
        );
        assert_eq!(parts.signed_headers, ["host", "x-amz-date"]);
        assert_eq!(parts.signature, "abc");
    }

    #[test]
    fn query_form_and_unsigned() {
        let mut request = HttpRequest::default();
        assert_eq!(parse(&request), Ok(None));
        request.set_target("/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fs%2Faws4_request&X-Amz-SignedHeaders=host%3Bx-amz-content-sha256&X-Amz-Signature=ff");
        let parts = parse(&request).unwrap().unwrap();
        assert_eq!(parts.form, AuthForm::Query);
        assert_eq!(parts.credential, "AKID/20150830/us-east-1/s/aws4_request");
        assert_eq!(parts.signed_headers, ["host", "x-amz-content-sha256"]);
        request.set_target("/?X-Amz-Algorithm=AWS4-HMAC-SHA256");
        assert!(parse(&request).is_err());
    }
}
