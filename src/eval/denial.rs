//! The 403 message VPC Lattice returns (`AccessDeniedException`), read back
//! into the request it refused: who called, on which service and path, and
//! which layer denied it for which reason (`policy eval --from-error`).
//!
//! Lattice words a denial the way IAM does:
//!
//! ```text
//! User: arn:aws:sts::111122223333:assumed-role/ops/alice is not authorized to perform:
//!   vpc-lattice-svcs:Invoke on resource: arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/orders
//!   because no service-based policy allows the vpc-lattice-svcs:Invoke action
//! ```
//!
//! The caller is `anonymous` or an ARN; the resource is the service's ARN
//! followed by the request path; the ending names the layer
//! (`network-based`, `service-based`, `identity-based`) and the reason
//! (`because no … policy allows` is an implicit deny, `with an explicit deny
//! in a … policy` an explicit one). The message may come alone, inside the
//! JSON error body (`{"Message": "…"}`), or inside a whole pasted HTTP
//! response; line breaks and indentation a terminal or an editor added
//! between words are read as spaces.
//!
//! What the message does not carry (the method, headers, query string, the
//! caller's organization and tags, the source VPC, the port, the time) is
//! not guessed: [`RecordedDenial::UNKNOWN`] lists it.
//!
//! ```
//! use lattice_policy::eval::denial::parse_denial;
//! use lattice_policy::eval::{LayerName, Reason};
//!
//! let denial = parse_denial(
//!     "User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: \
//!      arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/ because no \
//!      network-based policy allows the vpc-lattice-svcs:Invoke action",
//! )
//! .unwrap();
//! assert_eq!(denial.principal, "anonymous");
//! assert_eq!(denial.path.as_deref(), Some("/"));
//! assert_eq!(denial.layer, LayerName::ServiceNetwork);
//! assert_eq!(denial.reason, Reason::ImplicitDeny);
//! ```

use super::authorizer::{LayerName, Reason};
use super::request::{PrincipalSpec, RequestSpec};

/// A denial read from a 403 message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedDenial {
    /// The message itself, its whitespace made single spaces.
    pub message: String,
    /// The caller: `anonymous` or the ARN the message names.
    pub principal: String,
    /// The action, as written (`vpc-lattice-svcs:Invoke`).
    pub action: String,
    /// The resource, as written: the service ARN and the request path.
    pub resource: String,
    /// The service ARN (the resource up to the service id).
    pub service: String,
    /// The request path (the resource after the service id); `None` for a
    /// resource that is the bare service (a TLS connection).
    pub path: Option<String>,
    /// The layer the message blames.
    pub layer: LayerName,
    /// [`Reason::ImplicitDeny`] (no policy of the layer allows) or
    /// [`Reason::ExplicitDeny`].
    pub reason: Reason,
}

/// Why a text is not a denial message this reader understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DenialError {
    /// What is wrong, quoting the part not understood.
    pub message: String,
}

impl std::fmt::Display for DenialError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DenialError {}

impl RecordedDenial {
    /// The request fields a 403 message never carries, as the request file
    /// names them (docs/requests.md).
    pub const UNKNOWN: &'static [&'static str] = &[
        "method",
        "headers",
        "query",
        "port",
        "sourceVpc",
        "sourceVpcOwnerAccount",
        "serviceNetwork",
        "principal.orgId",
        "principal.tags",
        "principal.roleArn (the role's path)",
        "serviceTags",
        "time",
    ];

    /// The request the message describes: its caller, action, service and
    /// path, and nothing else.
    pub fn request_spec(&self) -> RequestSpec {
        let connect = self.action.eq_ignore_ascii_case("vpc-lattice-svcs:Connect");
        RequestSpec {
            principal: Some(PrincipalSpec::Name(self.principal.clone())),
            action: Some(if connect { "Connect" } else { "Invoke" }.to_owned()),
            protocol: connect.then(|| "TLS".to_owned()),
            path: self.path.clone(),
            service: Some(self.service.clone()),
            ..RequestSpec::default()
        }
    }

    /// The layer as the message words it: `network-based`, `service-based`
    /// or `identity-based`.
    pub fn layer_words(&self) -> &'static str {
        match self.layer {
            LayerName::ServiceNetwork => "network-based",
            LayerName::Service => "service-based",
            LayerName::Identity => "identity-based",
        }
    }
}

/// The longest part of a text that is quoted in an error.
const QUOTE_LIMIT: usize = 80;

/// Reads a 403 message: alone, as the JSON error body, or in a pasted HTTP
/// response. Anything that does not read exactly as the documented wording
/// is an error quoting where reading stopped, never a guess.
pub fn parse_denial(text: &str) -> Result<RecordedDenial, DenialError> {
    let message = extract_message(text)?;
    let words = message.split_whitespace().collect::<Vec<_>>().join(" ");
    read_message(&words)
}

/// The message in `text`: the `Message` (or `message`) of a JSON body found
/// in it, else the text from `User:` on.
fn extract_message(text: &str) -> Result<String, DenialError> {
    // A JSON body, alone or after an HTTP status line and headers.
    if let Some(open) = text.find('{') {
        if let Some(body) = text.get(open..) {
            let mut stream =
                serde_json::Deserializer::from_str(body).into_iter::<serde_json::Value>();
            if let Some(Ok(serde_json::Value::Object(object))) = stream.next() {
                let found = object
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("message"))
                    .map(|(_, v)| v);
                match found {
                    Some(serde_json::Value::String(m)) => return Ok(m.clone()),
                    Some(_) => {
                        return Err(DenialError {
                            message: "the JSON error body's `Message` is not a string".to_owned(),
                        })
                    }
                    None if !text.contains("User:") => {
                        return Err(DenialError {
                            message: format!(
                                "the JSON error body has no `Message`: `{}`",
                                quote(body)
                            ),
                        })
                    }
                    None => {}
                }
            }
        }
    }
    match text.find("User:") {
        Some(at) => Ok(text.get(at..).unwrap_or_default().to_owned()),
        None => Err(DenialError {
            message: format!(
                "no VPC Lattice denial message found (it starts `User: … is not authorized to perform:`): `{}`",
                quote(text.trim())
            ),
        }),
    }
}

/// `text` cut to [`QUOTE_LIMIT`] characters, with `…` when cut.
fn quote(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= QUOTE_LIMIT {
        flat
    } else {
        let cut: String = flat.chars().take(QUOTE_LIMIT).collect();
        format!("{cut}…")
    }
}

/// A reader over the message's words, which says what it expected where it stopped.
struct Reader<'a> {
    rest: &'a str,
}

impl<'a> Reader<'a> {
    fn expect(&mut self, words: &str) -> Result<(), DenialError> {
        match self.rest.strip_prefix(words) {
            Some(rest) => {
                self.rest = rest.trim_start();
                Ok(())
            }
            None => Err(self.stopped(&format!("expected `{}`", words.trim_end()))),
        }
    }

    /// The next word.
    fn word(&mut self, what: &str) -> Result<&'a str, DenialError> {
        let end = self.rest.find(' ').unwrap_or(self.rest.len());
        let (word, rest) = self.rest.split_at(end);
        if word.is_empty() {
            return Err(self.stopped(&format!("expected {what}")));
        }
        self.rest = rest.trim_start();
        Ok(word)
    }

    fn stopped(&self, expected: &str) -> DenialError {
        let at = if self.rest.is_empty() {
            "the end of the message".to_owned()
        } else {
            format!("`{}`", quote(self.rest))
        };
        DenialError {
            message: format!("not a VPC Lattice denial message: {expected}, found {at}"),
        }
    }
}

fn read_message(words: &str) -> Result<RecordedDenial, DenialError> {
    let mut r = Reader { rest: words };
    r.expect("User: ")?;
    let principal = r.word("the caller (`anonymous` or an ARN)")?;
    let principal = if principal.eq_ignore_ascii_case("anonymous") {
        "anonymous"
    } else if principal.starts_with("arn:") {
        principal
    } else {
        return Err(DenialError {
            message: format!(
                "not a VPC Lattice denial message: the caller `{}` is neither `anonymous` nor an ARN",
                quote(principal)
            ),
        });
    };
    r.expect("is not authorized to perform: ")?;
    let action = r.word("the action")?;
    if !["vpc-lattice-svcs:Invoke", "vpc-lattice-svcs:Connect"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(action))
    {
        return Err(DenialError {
            message: format!(
                "not a VPC Lattice denial message: the action `{}` is not `vpc-lattice-svcs:Invoke` or `vpc-lattice-svcs:Connect`",
                quote(action)
            ),
        });
    }
    r.expect("on resource: ")?;
    let resource = r.word("the resource ARN")?;
    let (service, path) = split_resource(resource)?;
    let (layer, reason) = read_ending(&mut r, action)?;
    // What may follow the message: nothing, or the punctuation that closes
    // the sentence or the quoted string it was pasted from.
    let tail = r.rest.trim();
    if !tail
        .chars()
        .all(|c| matches!(c, '.' | '"' | '\'' | '}' | ')'))
    {
        return Err(r.stopped("expected the end of the message"));
    }
    let end = words.len() - r.rest.len();
    Ok(RecordedDenial {
        message: words.get(..end).unwrap_or(words).trim_end().to_owned(),
        principal: principal.to_owned(),
        action: action.to_owned(),
        resource: resource.to_owned(),
        service,
        path,
        layer,
        reason,
    })
}

/// `because no X-based policy allows the ACTION action`, or `with an
/// explicit deny in a(n) X-based policy`.
fn read_ending(r: &mut Reader<'_>, action: &str) -> Result<(LayerName, Reason), DenialError> {
    if r.rest.starts_with("because") {
        r.expect("because no ")?;
        let layer = layer(r)?;
        r.expect("policy allows the ")?;
        let named = r.word("the action")?;
        if !named.eq_ignore_ascii_case(action) {
            return Err(DenialError {
                message: format!(
                    "not a VPC Lattice denial message: it names two actions, `{action}` and `{}`",
                    quote(named)
                ),
            });
        }
        r.expect("action")?;
        Ok((layer, Reason::ImplicitDeny))
    } else if r.rest.starts_with("with") {
        r.expect("with an explicit deny in ")?;
        if r.rest.starts_with("an ") {
            r.expect("an ")?;
        } else {
            r.expect("a ")?;
        }
        let layer = layer(r)?;
        r.expect("policy")?;
        Ok((layer, Reason::ExplicitDeny))
    } else {
        Err(r.stopped(
            "expected `because no … policy allows` or `with an explicit deny in a … policy`",
        ))
    }
}

fn layer(r: &mut Reader<'_>) -> Result<LayerName, DenialError> {
    let word = r.word("the layer (`network-based`, `service-based` or `identity-based`)")?;
    match word {
        "network-based" => Ok(LayerName::ServiceNetwork),
        "service-based" => Ok(LayerName::Service),
        "identity-based" => Ok(LayerName::Identity),
        other => Err(DenialError {
            message: format!(
                "not a VPC Lattice denial message: `{}` is not a layer Lattice names (`network-based`, `service-based` or `identity-based`)",
                quote(other)
            ),
        }),
    }
}

/// The service ARN and the path of a resource
/// `arn:PARTITION:vpc-lattice:REGION:ACCOUNT:service/svc-ID[/PATH]`.
fn split_resource(resource: &str) -> Result<(String, Option<String>), DenialError> {
    let invalid = |why: &str| DenialError {
        message: format!(
            "not a VPC Lattice denial message: the resource `{}` {why}",
            quote(resource)
        ),
    };
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    let [arn, _partition, service, _region, _account, rest] = parts.as_slice() else {
        return Err(invalid("is not an ARN"));
    };
    if *arn != "arn" || *service != "vpc-lattice" {
        return Err(invalid("is not a VPC Lattice ARN"));
    }
    let Some(after) = rest.strip_prefix("service/") else {
        return Err(invalid("is not a service (`…:service/svc-…`)"));
    };
    let (id, path) = match after.find('/') {
        Some(at) => (
            after.get(..at).unwrap_or_default(),
            Some(after.get(at..).unwrap_or("/").to_owned()),
        ),
        None => (after, None),
    };
    if !id.starts_with("svc-") {
        return Err(invalid("does not name a service id (`svc-…`)"));
    }
    let service = resource.get(..resource.len() - after.len() + id.len());
    Ok((service.unwrap_or(resource).to_owned(), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: &str =
        "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0";

    fn message(caller: &str, path: &str, ending: &str) -> String {
        format!(
            "User: {caller} is not authorized to perform: vpc-lattice-svcs:Invoke on resource: {SERVICE}{path} {ending}"
        )
    }

    #[test]
    fn every_documented_wording_is_read() {
        let session = "arn:aws:sts::444455556666:assumed-role/orders-client/i-0abc";
        let cases = [
            (
                "anonymous",
                "/",
                "because no network-based policy allows the vpc-lattice-svcs:Invoke action",
                LayerName::ServiceNetwork,
                Reason::ImplicitDeny,
            ),
            (
                session,
                "/orders/42",
                "because no service-based policy allows the vpc-lattice-svcs:Invoke action",
                LayerName::Service,
                Reason::ImplicitDeny,
            ),
            (
                session,
                "/",
                "because no identity-based policy allows the vpc-lattice-svcs:Invoke action",
                LayerName::Identity,
                Reason::ImplicitDeny,
            ),
            (
                session,
                "/admin",
                "with an explicit deny in a service-based policy",
                LayerName::Service,
                Reason::ExplicitDeny,
            ),
            (
                session,
                "/admin",
                "with an explicit deny in a network-based policy",
                LayerName::ServiceNetwork,
                Reason::ExplicitDeny,
            ),
            (
                session,
                "/admin",
                "with an explicit deny in an identity-based policy",
                LayerName::Identity,
                Reason::ExplicitDeny,
            ),
        ];
        for (caller, path, ending, layer, reason) in cases {
            let text = message(caller, path, ending);
            let denial = parse_denial(&text).unwrap();
            assert_eq!(denial.principal, caller);
            assert_eq!(denial.service, SERVICE);
            assert_eq!(denial.path.as_deref(), Some(path));
            assert_eq!((denial.layer, denial.reason), (layer, reason), "{text}");
            assert_eq!(denial.message, text);
        }
    }

    #[test]
    fn the_json_body_and_a_whole_response_are_read() {
        let inner = message(
            "anonymous",
            "/parking",
            "because no service-based policy allows the vpc-lattice-svcs:Invoke action",
        );
        let body = serde_json::json!({"Message": inner}).to_string();
        let response = format!(
            "HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\nx-amzn-requestid: 1f2e\r\n\r\n{body}\r\n"
        );
        for text in [body.as_str(), response.as_str()] {
            let denial = parse_denial(text).unwrap();
            assert_eq!(denial.path.as_deref(), Some("/parking"));
            assert_eq!(denial.layer, LayerName::Service);
        }
    }

    #[test]
    fn line_breaks_and_indentation_are_spaces() {
        let text = format!(
            "  User: anonymous is not authorized\n    to perform: vpc-lattice-svcs:Invoke on resource:\r\n  {SERVICE}/x\n because no service-based policy\n allows the vpc-lattice-svcs:Invoke action.\n"
        );
        let denial = parse_denial(&text).unwrap();
        assert_eq!(denial.path.as_deref(), Some("/x"));
        assert!(denial.message.ends_with("action"), "{}", denial.message);
    }

    #[test]
    fn another_shape_is_an_error_quoting_it() {
        let cases = [
            ("Forbidden", "no VPC Lattice denial message found"),
            (
                "User: anonymous is not allowed to perform: vpc-lattice-svcs:Invoke",
                "expected `is not authorized to perform:`, found `is not allowed",
            ),
            (
                &message("anonymous", "/", "because no resource-based policy allows the vpc-lattice-svcs:Invoke action"),
                "`resource-based` is not a layer",
            ),
            (
                &message("anonymous", "/", "because the moon"),
                "expected `because no`, found `because the moon`",
            ),
            (
                &message("anonymous", "/", "because no service-based policy allows the vpc-lattice-svcs:Invoke action and more"),
                "expected the end of the message, found `and more`",
            ),
            (
                "User: bob is not authorized to perform: vpc-lattice-svcs:Invoke",
                "the caller `bob` is neither",
            ),
            (
                "User: anonymous is not authorized to perform: s3:GetObject on resource: x because no service-based policy allows the s3:GetObject action",
                "the action `s3:GetObject`",
            ),
            (
                "User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: arn:aws:s3:::bucket/key because no service-based policy allows the vpc-lattice-svcs:Invoke action",
                "is not a VPC Lattice ARN",
            ),
            (
                "User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on resource: arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-1/x because no service-based policy allows the vpc-lattice-svcs:Invoke action",
                "is not a service",
            ),
            (r#"{"__type": "AccessDeniedException"}"#, "has no `Message`"),
        ];
        for (text, expected) in cases {
            let error = parse_denial(text).unwrap_err();
            assert!(error.message.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn the_request_carries_what_the_message_says() {
        let denial = parse_denial(&message(
            "arn:aws:sts::444455556666:assumed-role/ops/s",
            "/a/b",
            "because no service-based policy allows the vpc-lattice-svcs:Invoke action",
        ))
        .unwrap();
        let spec = denial.request_spec();
        assert_eq!(spec.path.as_deref(), Some("/a/b"));
        assert_eq!(spec.service.as_deref(), Some(SERVICE));
        assert_eq!(spec.method, None);
        assert_eq!(denial.layer_words(), "service-based");
    }
}
