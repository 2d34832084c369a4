//! The request as the signer sees it: what was written on the wire, before
//! any decoding.

/// An HTTP request as sent: method, path and query exactly as written in
/// the request target, headers in order with their names as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method (`GET`).
    pub method: String,
    /// The path as written (`/a%20b`), without the query; empty means `/`.
    pub path: String,
    /// The query string as written, without the `?`; empty when none.
    pub query: String,
    /// The headers in order, each name as written and its value.
    pub headers: Vec<(String, String)>,
    /// The body, which SigV4 hashes only when no `x-amz-content-sha256`
    /// header gives the payload hash (Lattice requires the header).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The values of header `name` (any case), in order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The query's `key=value` pairs as written (a pair without `=` has an
    /// empty value; empty pairs are skipped).
    pub fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
    }

    /// The first value of query parameter `name` (exact case, as AWS reads
    /// the `X-Amz-*` parameters), percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        // Most keys have no escape: compare them as written, without
        // decoding every key for every lookup (a presigned URL is read
        // with half a dozen lookups).
        self.query_pairs()
            .find(|(k, _)| {
                if k.contains('%') {
                    super::encode::percent_decode(k) == name
                } else {
                    *k == name
                }
            })
            .map(|(_, v)| super::encode::percent_decode(v))
    }

    /// A request target (`/path?query`) split into its path and query.
    pub fn set_target(&mut self, target: &str) {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        self.path = path.to_owned();
        self.query = query.to_owned();
    }

    /// The request target: the path and, when there is one, `?` and the
    /// query.
    pub fn target(&self) -> String {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        if self.query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", self.query)
        }
    }
}
