//! The answer as `curl -i` prints it, and a request as it would be sent
//! with its secrets masked: the signature (which a replay could reuse until
//! it expires) and the session token (a bearer credential).

use serde_json::{json, Value};

use super::transport::Response;
use crate::sigv4::HttpRequest;

/// What a secret is shown as.
pub const MASK: &str = "****";

/// The query parameters and headers whose values are secrets.
const SECRET_PARAMS: [&str; 2] = ["X-Amz-Signature", "X-Amz-Security-Token"];

/// `request` with its signature and session token masked, in the header
/// and in the query; everything else as it is sent.
pub fn masked(request: &HttpRequest) -> HttpRequest {
    let mut out = request.clone();
    for (name, value) in &mut out.headers {
        if name.eq_ignore_ascii_case("x-amz-security-token") {
            *value = MASK.to_owned();
        } else if name.eq_ignore_ascii_case("authorization") {
            if let Some(at) = value.find("Signature=") {
                value.truncate(at + "Signature=".len());
                value.push_str(MASK);
            }
        }
    }
    out.query = out
        .query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if SECRET_PARAMS.contains(&key) => format!("{key}={MASK}"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&");
    out
}

/// The request head as HTTP/1.1 writes it, then the body when there is
/// one (as text; bytes that are not UTF-8 replaced).
pub fn request_text(request: &HttpRequest) -> String {
    let mut text = format!("{} {} HTTP/1.1\n", request.method, request.target());
    for (name, value) in &request.headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    text.push('\n');
    if !request.body.is_empty() {
        text.push_str(&String::from_utf8_lossy(&request.body));
        if !request.body.ends_with(b"\n") {
            text.push('\n');
        }
    }
    text
}

/// The request as a JSON object: method, URL, headers, body.
pub fn request_json(url: &str, request: &HttpRequest) -> Value {
    json!({
        "method": request.method,
        "url": url,
        "headers": pairs(&request.headers),
        "body": (!request.body.is_empty()).then(|| String::from_utf8_lossy(&request.body)),
    })
}

/// The response as `curl -i` shows it: the status line, the headers, a
/// blank line, the body.
pub fn response_text(response: &Response) -> String {
    let mut text = format!("{} {}", response.version, response.status);
    let reason = response.reason();
    if !reason.is_empty() {
        text.push(' ');
        text.push_str(reason);
    }
    text.push('\n');
    for (name, value) in &response.headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    text.push('\n');
    text.push_str(&String::from_utf8_lossy(&response.body));
    if !response.body.is_empty() && !response.body.ends_with(b"\n") {
        text.push('\n');
    }
    text
}

/// The response as a JSON object: status, HTTP version, headers, body.
pub fn response_json(response: &Response) -> Value {
    json!({
        "status": response.status,
        "reason": response.reason(),
        "httpVersion": response.version,
        "headers": pairs(&response.headers),
        "body": String::from_utf8_lossy(&response.body),
    })
}

fn pairs(headers: &[(String, String)]) -> Vec<Value> {
    headers
        .iter()
        .map(|(n, v)| json!({"name": n, "value": v}))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_and_tokens_are_masked_everything_else_kept() {
        let mut request = HttpRequest {
            method: "GET".to_owned(),
            ..HttpRequest::default()
        };
        request.set_target(
            "/a?x=1&X-Amz-Credential=AKID%2F20261201&X-Amz-Security-Token=tok&X-Amz-Signature=abc",
        );
        request.headers = vec![
            ("host".to_owned(), "h".to_owned()),
            ("X-Amz-Security-Token".to_owned(), "IQoJsecret".to_owned()),
            (
                "Authorization".to_owned(),
                "AWS4-HMAC-SHA256 Credential=AKID/20261201/us-west-2/vpc-lattice-svcs/aws4_request, SignedHeaders=host, Signature=deadbeef".to_owned(),
            ),
        ];
        let shown = request_text(&masked(&request));
        assert!(!shown.contains("IQoJsecret"));
        assert!(!shown.contains("deadbeef"));
        assert!(!shown.contains("=tok"));
        assert!(!shown.contains("=abc"));
        assert!(shown.contains("X-Amz-Credential=AKID%2F20261201"));
        assert!(shown.contains("Credential=AKID/20261201/us-west-2/vpc-lattice-svcs/aws4_request, SignedHeaders=host, Signature=****"));
        assert!(shown.starts_with("GET /a?x=1&"));
    }

    #[test]
    fn a_response_reads_like_curl_dash_i() {
        let response = Response {
            status: 403,
            version: "HTTP/1.1".to_owned(),
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: b"{\"Message\":\"no\"}".to_vec(),
        };
        assert_eq!(
            response_text(&response),
            "HTTP/1.1 403 Forbidden\ncontent-type: application/json\n\n{\"Message\":\"no\"}\n"
        );
        assert_eq!(response_json(&response)["status"], 403);
    }
}
