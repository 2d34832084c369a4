//! `policy eval --http FILE` and `--curl 'curl …'`: the request read from
//! the wire, its signature inspected, and both reported before the policy's
//! answer (decision `authentication-before-policy`).

use std::fmt;
use std::path::Path;

use lattice_policy::diagnostic::Finding;
use lattice_policy::eval::Timestamp;
use lattice_policy::wire::inspect::{self, Inspection};
use lattice_policy::wire::spec::Caller;
use lattice_policy::wire::{self, WireError, WireRequest};
use serde_json::{json, Value};

use super::output::Out;
use super::render;

/// Reads the request `--http` or `--curl` gives; a request that cannot be
/// read is drawn with where it went wrong, and the error is empty.
pub fn read(http: Option<&Path>, curl: Option<&str>) -> Result<Option<WireRequest>, String> {
    let parsed = match (http, curl) {
        (Some(path), _) => {
            let (name, bytes) = if path.as_os_str() == "-" {
                let bytes = lattice_policy::load::read_bounded(
                    std::io::stdin().lock(),
                    wire::MAX_REQUEST_BYTES + 1,
                )
                .map_err(|e| format!("cannot read the request from standard input: {e}"))?;
                (super::inputs::STDIN_NAME.to_string(), bytes)
            } else {
                let name = super::inputs::display_path(path);
                let bytes = super::inputs::read_file(path, wire::MAX_REQUEST_BYTES + 1)
                    .map_err(|reason| format!("cannot read `{name}`: {reason}"))?;
                (name, bytes)
            };
            let text = String::from_utf8_lossy(&bytes).into_owned();
            wire::http::parse(&name, &bytes).map_err(|e| (name, text, e))
        }
        (None, Some(line)) => {
            wire::curl::parse(line).map_err(|e| ("curl".to_string(), line.to_string(), e))
        }
        (None, None) => return Ok(None),
    };
    match parsed {
        Ok(request) => Ok(Some(request)),
        Err((name, text, error)) => {
            let text = render::clean::mask_secrets(&text).into_owned();
            let shown = Problem {
                source: miette::NamedSource::new(name.as_str(), text.clone()),
                name,
                text,
                error,
            };
            render::human::render_diagnostic(&shown, &mut Out::stderr());
            Err(String::new())
        }
    }
}

/// `--now`: RFC 3339, epoch seconds, or SigV4's `YYYYMMDDTHHMMSSZ`.
pub fn parse_now(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text)
        .or_else(|| inspect::parse_amz_date(text).and_then(Timestamp::from_epoch_seconds))
        .ok_or_else(|| format!("`--now {text}`: expected a time such as 2026-01-01T12:00:00Z, 20260101T120000Z or epoch seconds"))
}

/// The `authentication` object of `eval --format json`.
pub fn json(
    inspection: &Inspection,
    caller: &Caller,
    principal: Option<&str>,
    request: &WireRequest,
    verification: Option<&Verified>,
) -> Value {
    let findings: Vec<Value> = inspection
        .findings
        .iter()
        .map(|f| {
            let at =
                lattice_policy::source::Source::new(request.name.as_str(), request.text.as_str())
                    .position(f.span.offset());
            json!({
                "code": f.info.code,
                "name": f.info.name,
                "severity": f.severity.as_str(),
                "message": f.message,
                "help": f.help,
                "line": at.line,
                "column": at.column,
            })
        })
        .collect();
    let caller_json = match caller {
        _ if !inspection.is_signed() => json!({"kind": "anonymous", "principal": "anonymous"}),
        _ if principal.is_some() => {
            json!({"kind": "principal", "principal": principal, "accessKeyId": inspection.access_key_id})
        }
        Caller::Account {
            account,
            access_key_id,
        } => {
            json!({"kind": "account", "principal": account, "account": account, "accessKeyId": access_key_id})
        }
        _ => {
            json!({"kind": "unknown", "principal": caller.principal(), "accessKeyId": inspection.access_key_id})
        }
    };
    json!({
        "form": inspection.form.as_str(),
        "algorithm": inspection.algorithm,
        "signedByCurl": inspection.signed_by_curl,
        "rejected": inspection.rejected()
            || verification.and_then(|v| v.matches) == Some(false),
        "findings": findings,
        "signatureMatches": verification.and_then(|v| v.matches),
        "verification": verification.map(|v| v.report.as_str()),
        "caller": caller_json,
        "notes": request.notes,
    })
}

/// The findings and the caller, for people, before the policy's answer.
pub fn human(
    inspection: &Inspection,
    caller: &Caller,
    principal: Option<&str>,
    request: &WireRequest,
    verification: Option<&Verified>,
    out: &mut Out,
) {
    let mut text = String::new();
    let form = match inspection.form {
        inspect::Form::None => "not signed".to_string(),
        inspect::Form::Header if inspection.signed_by_curl => {
            "signed by curl when sent (--aws-sigv4, SigV4 in the Authorization header)".into()
        }
        inspect::Form::Header => format!(
            "signed in the Authorization header ({})",
            inspection.algorithm.as_deref().unwrap_or("?")
        ),
        inspect::Form::Query => format!(
            "presigned in the query string ({})",
            inspection.algorithm.as_deref().unwrap_or("?")
        ),
    };
    text.push_str(&format!(
        "request: {} {} ({form})\n",
        request.method.value, request.target.value
    ));
    for note in &request.notes {
        text.push_str(&format!("note: {note}\n"));
    }
    match principal {
        Some(p) if inspection.is_signed() => {
            text.push_str(&format!("caller: {p} (from --principal)\n"))
        }
        _ => text.push_str(&format!("caller: {}\n", caller.describe())),
    }
    out.write(&render::clean::for_terminal(&text));
    // A captured request may carry a session token: snippets never show it.
    let masked = render::clean::mask_secrets(&request.text);
    for finding in &inspection.findings {
        let shown = Shown {
            finding,
            text: &masked,
            source: miette::NamedSource::new(request.name.as_str(), masked.to_string()),
        };
        render::human::render_diagnostic(&shown, out);
    }
    let errors = inspection
        .findings
        .iter()
        .filter(|f| f.severity == lattice_policy::diagnostic::Severity::Error)
        .count();
    if errors > 0 {
        out.write(&format!(
            "authentication: Lattice would reject this request before reading any policy ({}); below is the policy's answer once the signature is fixed (decision `authentication-before-policy`)\n\n",
            render::human::plural(errors, "error")
        ));
    } else if let Some(Some(false)) = verification.map(|v| v.matches) {
        out.write("authentication: Lattice would reject this request before reading any policy: its signature does not match (below); the policy's answer is what would happen once the signature is fixed (decision `authentication-before-policy`)\n\n");
    } else if let Some(Some(true)) = verification.map(|v| v.matches) {
        out.write("authentication: no problem found in the signature, and it matches the credentials given\n\n");
    } else if inspection.is_signed() {
        out.write(
            "authentication: no problem found in the signature (it was read, not verified)\n\n",
        );
    } else {
        out.write("\n");
    }
    if let Some(v) = verification {
        out.write(&v.report);
        out.write("\n");
    }
}

/// A request that could not be read, drawn at its place.
struct Problem {
    name: String,
    text: String,
    source: miette::NamedSource<String>,
    error: WireError,
}

impl fmt::Debug for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error.message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read the request `{}`: {}",
            self.name, self.error.message
        )
    }
}

impl std::error::Error for Problem {}

impl miette::Diagnostic for Problem {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.error
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.error.span;
        let end = (span.end as usize).min(self.text.len());
        let start = span.offset().min(end);
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_primary_with_span(None, (start, end - start)),
        )))
    }
}

/// A signature finding, drawn on the request text.
struct Shown<'a> {
    finding: &'a Finding,
    text: &'a str,
    source: miette::NamedSource<String>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} {}",
            self.finding.severity.as_str(),
            self.finding.info.code
        )))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let clamp = |s: lattice_policy::span::Span| {
            let end = (s.end as usize).min(self.text.len());
            let start = s.offset().min(end);
            (start, end - start)
        };
        let primary = miette::LabeledSpan::new_primary_with_span(
            self.finding.label.clone(),
            clamp(self.finding.span),
        );
        let related =
            self.finding.related.iter().map(move |r| {
                miette::LabeledSpan::new_with_span(Some(r.label.clone()), clamp(r.span))
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// What `--verify` found: whether the signature matches (`None` when it
/// could not be checked: a request curl signs only when it sends it, an
/// unsigned or unreadable one) and the text that says so.
pub struct Verified {
    /// True or false once recomputed; `None` when it could not be.
    pub matches: Option<bool>,
    /// The report for people: the attempt that matched, or the canonical
    /// request and string to sign with what to act on (never a secret).
    pub report: String,
}

/// `--verify`: recomputes the request's signature with the credentials
/// the options and the offline chain give. Curl's `--user KEY:SECRET` is
/// used when no credential option is given, since curl signs with it.
pub fn verify(
    request: &WireRequest,
    options: &super::credential_args::CredentialArgs,
) -> Result<Verified, String> {
    use lattice_policy::sigv4::{self, Credentials, HttpRequest};
    let from_curl = request.curl_signing.as_ref().and_then(|c| {
        let key = c.access_key_id.as_ref()?;
        let secret = c.secret.as_ref()?;
        Some(Credentials {
            access_key_id: key.value.clone(),
            secret_access_key: sigv4::Secret::new(secret.expose().to_string()),
            session_token: None,
        })
    });
    let explicit = options.access_key_id.is_some() || options.profile.is_some();
    let credentials = match from_curl {
        Some(c) if !explicit => c,
        _ => options.resolve()?.credentials,
    };
    let http = HttpRequest {
        method: request.method.value.clone(),
        path: request.path().to_string(),
        query: request.raw_query().0.to_string(),
        headers: request
            .headers
            .iter()
            .map(|h| (h.name.value.clone(), h.value.value.clone()))
            .collect(),
        body: Vec::new(),
    };
    Ok(match sigv4::verify(&http, &credentials) {
        Ok(v) => Verified {
            matches: Some(v.matches()),
            report: v.report(),
        },
        // curl signs when it sends (`--aws-sigv4`): the command line
        // holds no signature to recompute.
        Err(sigv4::VerifyError::Unsigned) if request.curl_signing.is_some() => Verified {
            matches: None,
            report: "signature not verified: curl signs the request when it sends it (--aws-sigv4), so the command line holds no signature to check\n".into(),
        },
        Err(e) => Verified {
            matches: None,
            report: format!("signature not verified: {e}\n"),
        },
    })
}
