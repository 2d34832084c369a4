//! The request fields the analysis splits ([`Dim`]), and which field (and
//! which slot of string patterns) each condition key reads.

/// A field of the request, as the analysis splits it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dim {
    /// The caller, with its organization, organization paths and tags.
    Principal,
    /// The HTTP method.
    Method,
    /// The service and the path (the resource ARN is both).
    Target,
    /// The service network.
    Network,
    /// The source VPC.
    Vpc,
    /// The source VPC's owner.
    VpcOwner,
    /// The port.
    Port,
    /// The time.
    Time,
    /// The caller's IP address.
    SourceIp,
    /// One header, by lower-case name.
    Header(String),
    /// One query-string key.
    Query(String),
    /// One service tag.
    ServiceTag(String),
}

/// Where a condition key's value comes from.
pub(super) enum KeySource {
    /// A field of the request, and (for strings) the slot its patterns go to.
    Field(Dim, Option<Slot>),
    /// Fixed by the protocol (`aws:SecureTransport`) or never supplied by a
    /// Lattice request: the same for every request of one protocol.
    Fixed,
}

/// Where the string patterns of a key are collected.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Slot {
    Method,
    Path,
    Service,
    Network,
    Vpc,
    VpcOwner,
    Header(String),
    Query(String),
    ServiceTag(String),
    Account,
    PrincipalArn,
    Org,
    OrgPaths,
    PrincipalTag(String),
}

pub(super) fn key_source(normalized: &str) -> KeySource {
    use KeySource::Field;
    let (prefix, suffix) = match normalized.split_once('/') {
        Some((p, s)) => (p, Some(s)),
        None => (normalized, None),
    };
    match (prefix, suffix) {
        ("vpc-lattice-svcs:port", None) => Field(Dim::Port, None),
        ("vpc-lattice-svcs:requestmethod", None) => Field(Dim::Method, Some(Slot::Method)),
        ("vpc-lattice-svcs:requestpath", None) => Field(Dim::Target, Some(Slot::Path)),
        ("vpc-lattice-svcs:servicearn", None) => Field(Dim::Target, Some(Slot::Service)),
        ("vpc-lattice-svcs:servicenetworkarn", None) => Field(Dim::Network, Some(Slot::Network)),
        ("vpc-lattice-svcs:sourcevpc", None) => Field(Dim::Vpc, Some(Slot::Vpc)),
        ("vpc-lattice-svcs:sourcevpcowneraccount", None) => {
            Field(Dim::VpcOwner, Some(Slot::VpcOwner))
        }
        ("vpc-lattice-svcs:requestheader", Some(name)) => {
            let name = name.to_ascii_lowercase();
            Field(Dim::Header(name.clone()), Some(Slot::Header(name)))
        }
        ("vpc-lattice-svcs:requestquerystring", Some(key)) => Field(
            Dim::Query(key.to_owned()),
            Some(Slot::Query(key.to_owned())),
        ),
        ("aws:resourcetag", Some(key)) => Field(
            Dim::ServiceTag(key.to_owned()),
            Some(Slot::ServiceTag(key.to_owned())),
        ),
        ("aws:principalaccount", None) => Field(Dim::Principal, Some(Slot::Account)),
        ("aws:principalarn", None) => Field(Dim::Principal, Some(Slot::PrincipalArn)),
        ("aws:principalorgid", None) => Field(Dim::Principal, Some(Slot::Org)),
        ("aws:principalorgpaths", None) => Field(Dim::Principal, Some(Slot::OrgPaths)),
        ("aws:principaltag", Some(key)) => {
            Field(Dim::Principal, Some(Slot::PrincipalTag(key.to_owned())))
        }
        (
            "aws:principaltype" | "aws:principalisawsservice" | "aws:userid" | "aws:username",
            None,
        ) => Field(Dim::Principal, None),
        ("aws:currenttime" | "aws:epochtime", None) => Field(Dim::Time, None),
        ("aws:sourceip", None) => Field(Dim::SourceIp, None),
        _ => KeySource::Fixed,
    }
}

/// The dimension a condition key (normalized) reads, if any.
pub fn dim_of_key(normalized: &str) -> Option<Dim> {
    match key_source(normalized) {
        KeySource::Field(dim, _) => Some(dim),
        KeySource::Fixed => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_their_fields() {
        assert_eq!(dim_of_key("vpc-lattice-svcs:sourcevpc"), Some(Dim::Vpc));
        assert_eq!(dim_of_key("aws:principalorgid"), Some(Dim::Principal));
        assert_eq!(
            dim_of_key("vpc-lattice-svcs:requestpath"),
            Some(Dim::Target)
        );
        assert_eq!(dim_of_key("vpc-lattice-svcs:servicearn"), Some(Dim::Target));
        assert_eq!(dim_of_key("aws:epochtime"), Some(Dim::Time));
        // Header names compare case-insensitively; query keys and tag keys do not.
        assert_eq!(
            dim_of_key("vpc-lattice-svcs:requestheader/X-Tenant"),
            Some(Dim::Header("x-tenant".into()))
        );
        assert_eq!(
            dim_of_key("vpc-lattice-svcs:requestquerystring/Q"),
            Some(Dim::Query("Q".into()))
        );
        assert_eq!(
            dim_of_key("aws:resourcetag/Env"),
            Some(Dim::ServiceTag("Env".into()))
        );
        // Fixed by the protocol, or never in a Lattice request.
        assert_eq!(dim_of_key("aws:securetransport"), None);
        assert_eq!(dim_of_key("aws:sourcearn"), None);
    }
}
