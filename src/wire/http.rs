//! A raw HTTP/1.1 request as captured (`tcpdump`, a proxy, `curl -v`
//! without its `> ` marks, an AWS test-suite `request.txt`): the request
//! line and the headers. The body is ignored: Lattice's authorizer never
//! reads it.
//!
//! Lines end with CRLF or LF. A request line is `METHOD TARGET [VERSION]`;
//! the target is a path (origin form, `/rates?x=1`) or a whole URL
//! (absolute form, `https://host:8443/rates`), which then also gives the
//! scheme, host and port. A header line that starts with a space or a tab
//! continues the one before it (obsolete line folding, as in the AWS
//! signing test suite); the value keeps its line breaks, as written. Input
//! is bounded ([`super::MAX_REQUEST_BYTES`], [`super::MAX_HEADERS`],
//! [`super::MAX_LINE_BYTES`]), and every refusal says where.

use super::{split_host_port, Piece, Scheme, WireError, WireHeader, WireRequest};
use crate::span::Span;

/// Reads a raw request named `name` (for messages) from `bytes`.
pub fn parse(name: &str, bytes: &[u8]) -> Result<WireRequest, WireError> {
    if bytes.len() > super::MAX_REQUEST_BYTES {
        return Err(WireError::new(
            Span::at(super::MAX_REQUEST_BYTES),
            format!(
                "the request is larger than {} bytes",
                super::MAX_REQUEST_BYTES
            ),
        )
        .with_help("give the request line and headers only: the body is ignored"));
    }
    let (head_len, body_len) = split_head(bytes);
    let head = bytes.get(..head_len).unwrap_or(bytes);
    let text = match std::str::from_utf8(head) {
        Ok(text) => text.to_string(),
        Err(e) => {
            return Err(WireError::new(
                Span::new(e.valid_up_to(), e.valid_up_to() + 1),
                "the request head is not UTF-8 text (is this a binary capture, or HTTP/2?)",
            ))
        }
    };
    let mut request = read_head(name, text)?;
    if body_len > 0 {
        request.notes.push(format!(
            "the body ({body_len} bytes) is ignored: Lattice's authorizer does not read it"
        ));
    }
    Ok(request)
}

/// The length of the head (up to and including the blank line that ends
/// it) and of what follows.
fn split_head(bytes: &[u8]) -> (usize, usize) {
    let mut i = 0;
    let mut seen_line = false;
    while i < bytes.len() {
        let end = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(bytes.len(), |p| i + p + 1);
        let line = bytes.get(i..end).unwrap_or_default();
        let blank = line == b"\n" || line == b"\r\n";
        // Blank lines before the request line are allowed (RFC 9112, section 2.2).
        if blank && seen_line {
            return (end, bytes.len() - end);
        }
        seen_line |= !blank;
        i = end;
    }
    (bytes.len(), 0)
}

/// The lines of `text` with their byte offsets, line ends removed.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        (start, line.strip_suffix('\r').unwrap_or(line))
    })
}

fn read_head(name: &str, text: String) -> Result<WireRequest, WireError> {
    let mut all = lines(&text).skip_while(|(_, l)| l.is_empty()).peekable();
    let Some((start, line)) = all.next() else {
        return Err(WireError::new(Span::at(0), "there is no request line")
            .with_help("a raw request starts with a line like `GET /path HTTP/1.1`"));
    };
    check_line(start, line)?;
    let (method, target, absolute) = request_line(start, line)?;
    let mut headers: Vec<WireHeader> = Vec::new();
    for (start, line) in all {
        if line.is_empty() {
            break;
        }
        check_line(start, line)?;
        if line.starts_with([' ', '\t']) {
            let Some(last) = headers.last_mut() else {
                return Err(WireError::new(
                    Span::new(start, start + line.len()),
                    "a header line starts with whitespace, but there is no header before it to continue",
                ));
            };
            let end = start + line.len();
            let from = last.value.span.offset();
            let value = text.get(from..end).unwrap_or_default().trim_end();
            last.value = Piece::plain(value, Span::new(from, from + value.len()));
            last.span = Span::new(last.span.offset(), end);
            continue;
        }
        if headers.len() >= super::MAX_HEADERS {
            return Err(WireError::new(
                Span::new(start, start + line.len()),
                format!("more than {} headers", super::MAX_HEADERS),
            ));
        }
        headers.push(header(start, line)?);
    }
    let host_header = headers
        .iter()
        .find(|h| h.name.value.eq_ignore_ascii_case("host"));
    let (mut host, mut port, mut scheme) = (None, None, None);
    if let Some((s, authority)) = &absolute {
        scheme = Some(*s);
        let (h, p) = split_host_port(authority);
        host = Some(h);
        port = p.and_then(Result::ok);
    }
    if let Some(h) = host_header {
        let (name, p) = split_host_port(h.value.value.trim());
        match p {
            Some(Err(())) => {
                return Err(WireError::new(
                    h.value.span,
                    "the Host header's port is not a number from 0 to 65535",
                ))
            }
            Some(Ok(p)) => port = Some(p),
            None => {}
        }
        host = Some(name);
    }
    Ok(WireRequest {
        name: name.to_string(),
        text: text.clone(),
        method,
        target,
        headers,
        host,
        port,
        scheme,
        curl_signing: None,
        notes: Vec::new(),
    })
}

/// Refuses a line that is too long or holds control characters (other than tab).
fn check_line(start: usize, line: &str) -> Result<(), WireError> {
    if line.len() > super::MAX_LINE_BYTES {
        return Err(WireError::new(
            Span::new(start, start + 1),
            format!("a line longer than {} bytes", super::MAX_LINE_BYTES),
        ));
    }
    if let Some((at, c)) = line
        .char_indices()
        .find(|(_, c)| c.is_control() && *c != '\t')
    {
        return Err(WireError::new(
            Span::new(start + at, start + at + c.len_utf8()),
            format!(
                "a control character ({}) in the request head",
                c.escape_default()
            ),
        ));
    }
    Ok(())
}

type Target = (Piece, Piece, Option<(Scheme, String)>);

/// `METHOD TARGET [HTTP/x]`: the method, the target (path and query) and,
/// for a URL target, its scheme and authority.
fn request_line(start: usize, line: &str) -> Result<Target, WireError> {
    let whole = Span::new(start, start + line.len());
    let mut words = line.split(' ').scan(start, |at, w| {
        let here = *at;
        *at += w.len() + 1;
        Some((here, w))
    });
    let (m_at, method) = words.next().unwrap_or((start, ""));
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(WireError::new(
            Span::new(m_at, m_at + method.len().max(1)),
            "the request line does not start with a method",
        )
        .with_help("a raw request starts with a line like `GET /path HTTP/1.1`; a request line starting with a header name means it is missing"));
    }
    let method_piece = Piece::plain(
        method.to_ascii_uppercase(),
        Span::new(m_at, m_at + method.len()),
    );
    let Some((t_at, target)) = words.next().filter(|(_, t)| !t.is_empty()) else {
        return Err(WireError::new(
            whole,
            "the request line has no target (path)",
        ));
    };
    if let Some((v_at, version)) = words.next() {
        if !version.starts_with("HTTP/") {
            return Err(WireError::new(
                Span::new(v_at, v_at + version.len()),
                "expected the HTTP version (`HTTP/1.1`) after the target",
            ));
        }
    }
    if let Some((x_at, extra)) = words.next() {
        return Err(WireError::new(
            Span::new(x_at, x_at + extra.len()),
            "unexpected text after the HTTP version (a space in the path must be written `%20`)",
        ));
    }
    let target_piece = Piece::plain(target, Span::new(t_at, t_at + target.len()));
    if target.starts_with('/') {
        return Ok((method_piece, target_piece, None));
    }
    let lower = target.to_ascii_lowercase();
    let (scheme, rest_at) = if lower.starts_with("https://") {
        (Scheme::Https, 8)
    } else if lower.starts_with("http://") {
        (Scheme::Http, 7)
    } else {
        return Err(WireError::new(
            target_piece.span,
            "the target is neither a path (`/…`) nor an http(s) URL",
        ));
    };
    let rest = target.get(rest_at..).unwrap_or_default();
    let authority_len = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = rest.get(..authority_len).unwrap_or_default().to_string();
    let path_at = rest_at + authority_len;
    let path = target_piece.slice(path_at..target.len());
    let path = if path.value.starts_with('/') {
        path
    } else {
        Piece::plain(format!("/{}", path.value), path.span)
    };
    Ok((method_piece, path, Some((scheme, authority))))
}

/// `Name: value` (no space before the colon, as RFC 9112 requires).
fn header(start: usize, line: &str) -> Result<WireHeader, WireError> {
    let whole = Span::new(start, start + line.len());
    let Some(colon) = line.find(':') else {
        return Err(WireError::new(whole, "a header line without `:`")
            .with_help("each line after the request line is `Name: value`, up to an empty line"));
    };
    let name = line.get(..colon).unwrap_or_default();
    let valid = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(valid) {
        return Err(WireError::new(
            Span::new(start, start + colon.max(1)),
            "a header name must be letters, digits and `-` (no spaces, not empty)",
        ));
    }
    let after = line.get(colon + 1..).unwrap_or_default();
    let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
    let value = after.trim_matches([' ', '\t']);
    let v_at = start + colon + 1 + lead;
    Ok(WireHeader {
        name: Piece::plain(name, Span::new(start, start + colon)),
        value: Piece::plain(value, Span::new(v_at, v_at + value.len())),
        span: whole,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> WireRequest {
        match parse("r", text.as_bytes()) {
            Ok(r) => r,
            Err(e) => panic!("{e} at {:?}", e.span),
        }
    }

    #[test]
    fn reads_request_line_headers_and_ignores_the_body() {
        let r = ok("POST /rates?a=1&b HTTP/1.1\r\nHost: svc.example.com:8443\r\nX-Env:  prod \r\n\r\n{\"x\":1}");
        assert_eq!(r.method.value, "POST");
        assert_eq!(r.target.value, "/rates?a=1&b");
        assert_eq!(r.path(), "/rates");
        assert_eq!(r.host.as_deref(), Some("svc.example.com"));
        assert_eq!(r.port, Some(8443));
        let env = r.header("x-env").map(|h| h.value.value.as_str());
        assert_eq!(env, Some("prod"));
        let h = &r.headers[1];
        assert_eq!(
            &r.text[h.value.span.offset()..h.value.span.end as usize],
            "prod"
        );
        assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
        let params = r.query_params();
        assert_eq!(
            &r.text[params[1].span.offset()..params[1].span.end as usize],
            "b"
        );
    }

    #[test]
    fn reads_lf_only_and_absolute_form_and_folded_values() {
        let r = ok("get https://h.example:444/x?q HTTP/1.1\nMy-Header1:value1\n  value2\n\n");
        assert_eq!(r.method.value, "GET");
        assert_eq!(r.target.value, "/x?q");
        assert_eq!(r.scheme, Some(Scheme::Https));
        assert_eq!((r.host.as_deref(), r.port), (Some("h.example"), Some(444)));
        assert_eq!(r.headers[0].value.value, "value1\n  value2");
        let bare = ok("GET http://h.example HTTP/1.1\n\n");
        assert_eq!(bare.target.value, "/");
    }

    #[test]
    fn refusals_say_where() {
        let err = |t: &[u8]| parse("r", t).err().map(|e| (e.span.offset(), e.message));
        assert!(err(b"").is_some_and(|(at, m)| at == 0 && m.contains("no request line")));
        assert!(err(b"Host: x\r\n\r\n").is_some_and(|(_, m)| m.contains("method")));
        assert!(err(b"GET / HTTP/1.1\r\nBad Header: x\r\n").is_some_and(|(at, _)| at == 16));
        assert!(err(b"GET / HTTP/1.1\r\nA: \xff\r\n")
            .is_some_and(|(at, m)| at == 19 && m.contains("UTF-8")));
        assert!(err(b"GET / HTTP/1.1\r\nA: a\x00b\r\n").is_some_and(|(at, _)| at == 20));
        assert!(err(b"GET /a b HTTP/1.1\r\n").is_some());
        assert!(err(b"GET * HTTP/1.1\r\n").is_some());
        assert!(err(b"GET / HTTP/1.1\r\nHost: h:99999\r\n").is_some());
    }

    #[test]
    fn bounds_are_enforced_and_located() {
        let mut many = String::from("GET / HTTP/1.1\r\n");
        for i in 0..10_000 {
            many.push_str(&format!("X-{i}: v\r\n"));
        }
        let e = parse("r", many.as_bytes()).err();
        let limit_at = many.find(&format!("X-{}:", super::super::MAX_HEADERS));
        assert_eq!(e.map(|e| e.span.offset()), limit_at);
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(100_000));
        assert!(parse("r", huge.as_bytes()).is_err_and(|e| e.span.offset() == 16));
        let too_big = vec![b'a'; super::super::MAX_REQUEST_BYTES + 1];
        assert!(parse("r", &too_big).is_err());
    }
}
