//! A curl command line as people paste it, read into a [`WireRequest`].
//!
//! Read: the URL (the first word that is not an option, or `--url`),
//! `-X/--request`, `-H/--header`, `-d/--data/--data-raw/--data-binary/
//! --data-ascii/--data-urlencode/--json` (which make the method `POST` when
//! no `-X` is given), `-G/--get` (the data goes into the query string
//! instead), `-I/--head`, `-A/--user-agent`, `-e/--referer`, `-b/--cookie`,
//! `--aws-sigv4 PROVIDER` and `-u/--user KEY:SECRET`. Short options may be
//! combined (`-sSv`) and take their argument attached (`-XPOST`). Options
//! that do not change what Lattice sees (`-k`, `-v`, `-s`, `-o FILE`, …) are
//! accepted silently; options not known here are noted, not fatal.
//!
//! curl sends a `Host` header of its own, so a request without `-H Host:`
//! gets one, pointing at the URL's host in the command line.

use super::{
    split_host_port, CurlSigning, Piece, Scheme, Secret, WireError, WireHeader, WireRequest,
};
use crate::span::Span;

/// Options that take an argument and do not shape the request Lattice sees.
const IGNORED_WITH_ARG: &[&str] = &[
    "-o",
    "--output",
    "-w",
    "--write-out",
    "-m",
    "--max-time",
    "--connect-timeout",
    "--cacert",
    "--capath",
    "-E",
    "--cert",
    "--key",
    "--cert-type",
    "--key-type",
    "--resolve",
    "--connect-to",
    "-x",
    "--proxy",
    "-U",
    "--proxy-user",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "-c",
    "--cookie-jar",
    "-D",
    "--dump-header",
    "--interface",
    "--limit-rate",
    "--max-redirs",
    "--trace",
    "--trace-ascii",
    "--stderr",
    "-K",
    "--config",
    "--unix-socket",
    "--abstract-unix-socket",
    "--expect100-timeout",
    "--keepalive-time",
    "--tls-max",
    "--ciphers",
    "--proto",
    "--proto-redir",
    "--pinnedpubkey",
    "--noproxy",
    "--dns-servers",
    "-Y",
    "--speed-limit",
    "-y",
    "--speed-time",
];

/// Options without an argument that do not shape the request Lattice sees.
const IGNORED_FLAGS: &[&str] = &[
    "-k",
    "--insecure",
    "-v",
    "--verbose",
    "-s",
    "--silent",
    "-S",
    "--show-error",
    "-L",
    "--location",
    "-i",
    "--include",
    "-f",
    "--fail",
    "--fail-with-body",
    "--compressed",
    "-N",
    "--no-buffer",
    "--http1.0",
    "--http1.1",
    "--http2",
    "--http2-prior-knowledge",
    "--http3",
    "-#",
    "--progress-bar",
    "--no-progress-meter",
    "--path-as-is",
    "-g",
    "--globoff",
    "-0",
    "--tlsv1.2",
    "--tlsv1.3",
    "-4",
    "-6",
    "--ipv4",
    "--ipv6",
    "-q",
    "--disable",
    "--raw",
    "--tcp-nodelay",
    "--no-keepalive",
    "--ssl-reqd",
    "-Z",
    "--parallel",
    "--location-trusted",
];

/// Reads the curl command line `text`.
pub fn parse(text: &str) -> Result<WireRequest, WireError> {
    if text.len() > super::MAX_REQUEST_BYTES {
        return Err(WireError::new(
            Span::at(super::MAX_REQUEST_BYTES),
            format!(
                "the curl command is longer than {} bytes",
                super::MAX_REQUEST_BYTES
            ),
        ));
    }
    let (words, ended) = super::words::split(text)?;
    let mut reader = Reader::default();
    if let Some(at) = ended {
        reader.notes.push(format!(
            "only the curl command was read: it ends at the `{}` at offset {at}",
            text.get(at..at + 1).unwrap_or("?")
        ));
    }
    let mut words = words.into_iter().peekable();
    match words.peek() {
        Some(first) if is_curl(&first.value) => {
            words.next();
        }
        Some(_) => reader
            .notes
            .push("the command does not start with `curl`: its words are read as curl's".into()),
        None => {
            return Err(WireError::new(Span::at(0), "the curl command is empty")
                .with_help("give it as one argument: --curl 'curl -H \"x: y\" https://host/path'"))
        }
    }
    let mut only_urls = false;
    while let Some(word) = words.next() {
        if only_urls || !word.value.starts_with('-') || word.value == "-" {
            reader.url(word);
            continue;
        }
        if word.value == "--" {
            only_urls = true;
            continue;
        }
        if word.value.starts_with("--") {
            let name = word.value.clone();
            if takes_argument(&name) {
                let Some(arg) = words.next() else {
                    return Err(WireError::new(word.span, format!("`{name}` needs a value")));
                };
                reader.option(&name, Some(arg), &word);
            } else {
                reader.option(&name, None, &word);
            }
            continue;
        }
        // Short options: combined flags, and an argument attached or next.
        let mut index = 1;
        while let Some(c) = word.value.get(index..index + 1) {
            let name = format!("-{c}");
            index += 1;
            if takes_argument(&name) {
                let arg = if index < word.value.len() {
                    word.slice(index..word.value.len())
                } else {
                    match words.next() {
                        Some(arg) => arg,
                        None => {
                            return Err(WireError::new(
                                word.span,
                                format!("`{name}` needs a value"),
                            ))
                        }
                    }
                };
                reader.option(&name, Some(arg), &word);
                break;
            }
            reader.option(&name, None, &word);
        }
    }
    reader.finish(text)
}

fn is_curl(word: &str) -> bool {
    let base = word.rsplit(['/', '\\']).next().unwrap_or(word);
    base.eq_ignore_ascii_case("curl") || base.eq_ignore_ascii_case("curl.exe")
}

fn takes_argument(name: &str) -> bool {
    matches!(
        name,
        "-X" | "--request"
            | "-H"
            | "--header"
            | "-d"
            | "--data"
            | "--data-raw"
            | "--data-binary"
            | "--data-ascii"
            | "--data-urlencode"
            | "--json"
            | "--url"
            | "--aws-sigv4"
            | "-u"
            | "--user"
            | "-A"
            | "--user-agent"
            | "-e"
            | "--referer"
            | "-b"
            | "--cookie"
            | "-F"
            | "--form"
            | "--form-string"
            | "-T"
            | "--upload-file"
    ) || IGNORED_WITH_ARG.contains(&name)
}

#[derive(Default)]
struct Reader {
    url: Option<Piece>,
    method: Option<Piece>,
    implied_method: Option<&'static str>,
    get: bool,
    head: bool,
    headers: Vec<WireHeader>,
    data: Vec<(String, Piece)>,
    sigv4: Option<Piece>,
    user: Option<Piece>,
    notes: Vec<String>,
}

impl Reader {
    fn url(&mut self, word: Piece) {
        if self.url.is_some() {
            self.notes.push(format!(
                "curl was given more than one URL; only the first is read (`{}` is not)",
                word.value
            ));
        } else {
            self.url = Some(word);
        }
    }

    fn option(&mut self, name: &str, arg: Option<Piece>, word: &Piece) {
        match (name, arg) {
            ("-X" | "--request", Some(arg)) => self.method = Some(arg),
            ("-H" | "--header", Some(arg)) => self.header(arg),
            ("-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii", Some(arg)) => {
                if arg.value.starts_with('@') && name != "--data-raw" {
                    self.notes.push(format!("`{name} {}` reads a file, which is not read here", arg.value));
                }
                self.data.push((arg.value.clone(), arg));
                self.implied_method.get_or_insert("POST");
            }
            ("--json", Some(arg)) => {
                self.data.push((arg.value.clone(), arg));
                self.implied_method.get_or_insert("POST");
            }
            ("--data-urlencode", Some(arg)) => {
                let encoded = urlencode_data(&arg.value);
                self.data.push((encoded, arg));
                self.implied_method.get_or_insert("POST");
            }
            ("-F" | "--form" | "--form-string", Some(_)) => {
                self.implied_method.get_or_insert("POST");
            }
            ("-T" | "--upload-file", Some(_)) => {
                self.implied_method.get_or_insert("PUT");
            }
            ("--url", Some(arg)) => self.url(arg),
            ("--aws-sigv4", Some(arg)) => self.sigv4 = Some(arg),
            ("-u" | "--user", Some(arg)) => self.user = Some(arg),
            ("-A" | "--user-agent", Some(arg)) => self.implicit_header("User-Agent", arg),
            ("-e" | "--referer", Some(arg)) => self.implicit_header("Referer", arg),
            ("-b" | "--cookie", Some(arg)) => {
                if arg.value.contains('=') {
                    self.implicit_header("Cookie", arg);
                }
            }
            ("-G" | "--get", None) => self.get = true,
            ("-I" | "--head", None) => self.head = true,
            (name, _) if IGNORED_FLAGS.contains(&name) || IGNORED_WITH_ARG.contains(&name) => {}
            (name, _) => self.notes.push(format!(
                "`{name}` (in `{}`) is not an option read here; it is ignored, and if it takes a value, that value is read as the URL",
                word.value
            )),
        }
    }

    fn header(&mut self, arg: Piece) {
        let Some(colon) = arg.value.find([':', ';']) else {
            self.notes.push(format!(
                "`-H {}` is not `Name: value`; it is ignored",
                arg.value
            ));
            return;
        };
        let name = arg.slice(0..colon);
        let rest = arg.value.get(colon + 1..).unwrap_or_default();
        let lead = rest.len() - rest.trim_start().len();
        let value_start = colon + 1 + lead;
        let value_end = colon + 1 + rest.trim_end().len();
        let value = arg.slice(value_start..value_end.max(value_start));
        // `-H 'Name:'` removes a header curl would send, `-H 'Name;'` sends it empty.
        if value.value.is_empty() && arg.value.get(colon..colon + 1) == Some(":") {
            self.headers
                .retain(|h| !h.name.value.eq_ignore_ascii_case(&name.value));
            return;
        }
        self.headers.push(WireHeader {
            name,
            value,
            span: arg.span,
        });
    }

    fn implicit_header(&mut self, name: &str, arg: Piece) {
        self.headers.push(WireHeader {
            name: Piece::plain(name, arg.span),
            span: arg.span,
            value: arg,
        });
    }

    fn finish(mut self, text: &str) -> Result<WireRequest, WireError> {
        let Some(url) = self.url.take() else {
            return Err(WireError::new(
                Span::new(0, text.len()),
                "the curl command has no URL",
            ));
        };
        let lower = url.value.to_ascii_lowercase();
        let (scheme, rest_at) = if lower.starts_with("https://") {
            (Scheme::Https, 8)
        } else if lower.starts_with("http://") {
            (Scheme::Http, 7)
        } else if lower.contains("://") {
            return Err(WireError::new(
                url.span,
                "the URL's scheme is not http or https",
            ));
        } else {
            // curl's own default for a URL without a scheme.
            (Scheme::Http, 0)
        };
        let rest = url.value.get(rest_at..).unwrap_or_default();
        let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = url.slice(rest_at..rest_at + authority_len);
        if authority.value.is_empty() {
            return Err(WireError::new(url.span, "the URL has no host"));
        }
        let end = url.value.find('#').unwrap_or(url.value.len());
        let mut target = url.slice(rest_at + authority_len..end.max(rest_at + authority_len));
        if !target.value.starts_with('/') {
            let mut slash = Piece::plain("/", Span::at(authority.span.end as usize));
            slash.append(&target.value.clone(), &target);
            target = slash;
        }
        let (host, port) = split_host_port(&authority.value);
        let port = match port {
            Some(Ok(p)) => Some(p),
            Some(Err(())) => {
                return Err(WireError::new(
                    authority.span,
                    "the URL's port is not a number from 0 to 65535",
                ))
            }
            None => None,
        };
        if self.get {
            for (data, piece) in std::mem::take(&mut self.data) {
                let sep = if target.value.contains('?') { "&" } else { "?" };
                target.append(sep, &piece);
                target.append(&data, &piece);
            }
            self.implied_method = None;
        } else if !self.data.is_empty() {
            self.notes.push(
                "the request body (-d) is ignored: Lattice's authorizer does not read it".into(),
            );
        }
        let method = match (&self.method, self.head, self.implied_method) {
            (Some(m), _, _) => Piece::plain(m.value.to_ascii_uppercase(), m.span),
            (None, true, _) => Piece::plain("HEAD", url.span),
            (None, false, Some(m)) => Piece::plain(m, url.span),
            (None, false, None) => Piece::plain("GET", url.span),
        };
        if !self
            .headers
            .iter()
            .any(|h| h.name.value.eq_ignore_ascii_case("host"))
        {
            self.headers.insert(
                0,
                WireHeader {
                    name: Piece::plain("Host", authority.span),
                    value: authority.clone(),
                    span: authority.span,
                },
            );
        }
        let curl_signing = self.signing();
        let text = self.masked(text);
        if curl_signing.is_none() && self.user.is_some() {
            self.notes.push("`--user` without `--aws-sigv4` sends HTTP Basic credentials, which Lattice does not read: the request is anonymous".into());
        }
        Ok(WireRequest {
            name: "curl".into(),
            text,
            method,
            target,
            headers: self.headers,
            host: Some(host),
            port,
            scheme: Some(scheme),
            curl_signing,
            notes: self.notes,
        })
    }

    /// `text` with the secret of `--user KEY:SECRET` written as `*`, so that
    /// no snippet, message or JSON output can show it (offsets unchanged).
    fn masked(&self, text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        if let Some(user) = &self.user {
            if let Some(colon) = user.value.find(':') {
                for i in colon + 1..user.value.len() {
                    let at = user.sub_span(i..i + 1);
                    for b in bytes
                        .get_mut(at.offset()..at.end as usize)
                        .into_iter()
                        .flatten()
                    {
                        *b = b'*';
                    }
                }
            }
        }
        String::from_utf8(bytes).unwrap_or_else(|_| "*".repeat(text.len()))
    }

    fn signing(&self) -> Option<CurlSigning> {
        let provider = self.sigv4.clone()?;
        let parts: Vec<&str> = provider.value.split(':').collect();
        let (access_key_id, secret) = match &self.user {
            Some(user) => match user.value.split_once(':') {
                Some((key, secret)) => (
                    Some(user.slice(0..key.len())),
                    Some(Secret::new(secret.to_string())),
                ),
                None => (Some(user.clone()), None),
            },
            None => (None, None),
        };
        Some(CurlSigning {
            region: parts
                .get(2)
                .filter(|r| !r.is_empty())
                .map(|r| r.to_string()),
            service: parts
                .get(3)
                .filter(|s| !s.is_empty())
                .map(|s| s.to_string()),
            provider,
            access_key_id,
            secret,
            session_token: self
                .headers
                .iter()
                .any(|h| h.name.value.eq_ignore_ascii_case("x-amz-security-token")),
        })
    }
}

/// `--data-urlencode`'s forms: `name=content` encodes the content only,
/// `=content` and `content` encode it all.
fn urlencode_data(arg: &str) -> String {
    let encode = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    match arg.split_once('=') {
        Some(("", content)) => encode(content),
        Some((name, content)) => format!("{name}={}", encode(content)),
        None => encode(arg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> WireRequest {
        match parse(text) {
            Ok(r) => r,
            Err(e) => panic!("{e} at {:?}", e.span),
        }
    }

    #[test]
    fn reads_method_headers_url_and_port() {
        let r = ok("curl -sS -X post -H 'X-Env: prod' 'https://svc.example.com:8443/rates?a=1'");
        assert_eq!(r.method.value, "POST");
        assert_eq!(r.target.value, "/rates?a=1");
        assert_eq!(
            (r.host.as_deref(), r.port),
            (Some("svc.example.com"), Some(8443))
        );
        assert_eq!(r.scheme, Some(Scheme::Https));
        let env = r.header("x-env").map(|h| h.value.value.clone());
        assert_eq!(env.as_deref(), Some("prod"));
        // The implicit Host header points at the URL's host.
        let host = r
            .header("host")
            .map(|h| &r.text[h.span.offset()..h.span.end as usize]);
        assert_eq!(host, Some("svc.example.com:8443"));
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }

    #[test]
    fn data_implies_post_and_get_moves_it_into_the_query() {
        assert_eq!(ok("curl -d a=1 http://h/x").method.value, "POST");
        assert_eq!(ok("curl -d a=1 -XPUT http://h/x").method.value, "PUT");
        let g = ok("curl -G -d a=1 --data-urlencode 'b=x y' http://h/x?z");
        assert_eq!(g.method.value, "GET");
        assert_eq!(g.target.value, "/x?z&a=1&b=x%20y");
        let params = g.query_params();
        // a=1 came from the -d word.
        assert_eq!(
            &g.text[params[1].span.offset()..params[1].span.end as usize],
            "a=1"
        );
        assert_eq!(ok("curl -I h").method.value, "HEAD");
        assert_eq!(ok("curl h").target.value, "/");
        assert_eq!(ok("curl h").scheme, Some(Scheme::Http));
    }

    #[test]
    fn continuations_combined_flags_and_unknown_options() {
        let r = ok("curl \\\n  -sSkv \\\n  --frobnicate \\\n  -HX-A:1 \\\n  --url https://h/p");
        assert_eq!(r.target.value, "/p");
        assert_eq!(r.header("x-a").map(|h| h.value.value.as_str()), Some("1"));
        assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
        assert!(r.notes[0].contains("--frobnicate"));
    }

    #[test]
    fn reads_sigv4_options_and_keeps_the_secret_out_of_debug() {
        let r = ok("curl --aws-sigv4 'aws:amz:us-west-2:vpc-lattice-svcs' --user 'AKIAEXAMPLE:s3cr3t' https://h/");
        let s = r.curl_signing.clone();
        assert_eq!(
            s.as_ref().and_then(|s| s.region.clone()).as_deref(),
            Some("us-west-2")
        );
        assert_eq!(
            s.as_ref().and_then(|s| s.service.clone()).as_deref(),
            Some("vpc-lattice-svcs")
        );
        assert_eq!(
            s.as_ref()
                .and_then(|s| s.access_key_id.as_ref().map(|k| k.value.clone()))
                .as_deref(),
            Some("AKIAEXAMPLE")
        );
        assert_eq!(
            s.as_ref()
                .and_then(|s| s.secret.as_ref().map(|k| k.expose().to_string()))
                .as_deref(),
            Some("s3cr3t")
        );
        assert!(!format!("{r:?}").contains("s3cr3t"));
    }

    #[test]
    fn refusals() {
        assert!(parse("").is_err());
        assert!(parse("curl -v").is_err_and(|e| e.message.contains("no URL")));
        assert!(parse("curl -H").is_err_and(|e| e.message.contains("needs a value")));
        assert!(parse("curl ftp://h/").is_err());
        assert!(parse("curl 'https://h/").is_err());
    }
}
