//! A URL as `policy call` and `policy sign` take it: the scheme, the
//! authority the `host` header carries, and the request target.

/// A URL split into what a request needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `http` or `https`, lower case.
    pub scheme: String,
    /// The `host` header's value: the host, and the port when it is not
    /// the scheme's default (clients send it so, and Lattice signs it so).
    pub authority: String,
    /// The host alone, lower case.
    pub host: String,
    /// The path and query as written (`/a%20b?x=1`); `/` at least.
    pub target: String,
}

impl Target {
    /// `scheme://authority`, the part of the URL before the target.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }
}

/// Reads `scheme://host[:port]/path?query` (a fragment is dropped). Only
/// `http` and `https`; user information is refused, since it would be sent
/// as credentials of another kind beside the signature.
pub fn parse(text: &str) -> Result<Target, String> {
    let (scheme, rest) = text
        .split_once("://")
        .ok_or_else(|| format!("{text:?} is not a URL (no scheme://)"))?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        other => return Err(format!("the scheme {other:?} is not http or https")),
    };
    let rest = rest.split_once('#').map_or(rest, |(r, _)| r);
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(split);
    if authority.contains('@') {
        return Err("a URL with user information is not signed".to_owned());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
            if port.parse::<u16>().is_err() {
                return Err(format!("the port {port:?} is not a number"));
            }
            (host, Some(port))
        }
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err("the URL has no host".to_owned());
    }
    let host = host.to_ascii_lowercase();
    let authority = match port {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.clone(),
    };
    let target = if target.starts_with('/') {
        target.to_owned()
    } else {
        format!("/{target}")
    };
    Ok(Target {
        scheme,
        authority,
        host,
        target,
    })
}

/// The region a Lattice host name gives:
/// `…vpc-lattice-svcs.REGION.on.aws`.
pub fn region_from_host(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').collect();
    labels
        .windows(4)
        .find(|w| matches!(w, [name, _, "on", "aws"] if *name == "vpc-lattice-svcs"))
        .and_then(|w| w.get(1))
        .map(|r| (*r).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let url = parse("HTTPS://Svc.example.com:443/a%20b?x=1#frag").unwrap();
        assert_eq!(url.authority, "svc.example.com");
        assert_eq!(url.target, "/a%20b?x=1");
        assert_eq!(url.origin(), "https://svc.example.com");
        let url = parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            (url.authority.as_str(), url.target.as_str()),
            ("127.0.0.1:8080", "/")
        );
        assert!(parse("ftp://h/").is_err());
        assert!(parse("https://u:p@h/").is_err());
        assert!(parse("h/").is_err());
        assert!(parse("http://h:x/").is_err());
    }

    #[test]
    fn region_of_a_lattice_host() {
        assert_eq!(
            region_from_host("svc-0123.7d67968.vpc-lattice-svcs.us-west-2.on.aws").as_deref(),
            Some("us-west-2")
        );
        assert_eq!(region_from_host("example.com"), None);
    }
}
