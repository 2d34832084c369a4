//! The request fields the analysis splits ([`Dim`]), and which field (and
//! which slot of string patterns) each condition key reads, from the
//! request-key table ([`crate::keys`]).

use crate::keys::{self, Source};

/// A field of the request, as the analysis splits it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dim {
    /// The caller, with its organization and organization paths.
    Principal,
    /// One tag of a signed caller (`aws:PrincipalTag/<key>`), by tag key: a
    /// field of its own, so that the tags a policy reads are split one by
    /// one instead of as every combination of them. An anonymous caller has
    /// no tags (see `Pass::valid`).
    PrincipalTag(String),
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

impl Slot {
    /// True for the slots of a text field of its own, which may be split
    /// by its clauses instead of into classes (`text_sets`) when read
    /// alone: a header, a query key, a caller's or the service's tag, and
    /// the network fields (source VPC, its owner, service network).
    pub(super) fn takes_atoms(&self) -> bool {
        matches!(
            self,
            Slot::Header(_)
                | Slot::Query(_)
                | Slot::PrincipalTag(_)
                | Slot::ServiceTag(_)
                | Slot::Vpc
                | Slot::VpcOwner
                | Slot::Network
        )
    }
}

/// The field a key reads, from the request-key table's [`Source`]: keys
/// the table does not list are never supplied by a Lattice request.
pub(super) fn key_source(normalized: &str) -> KeySource {
    use KeySource::Field;
    let Some((row, suffix)) = keys::lookup_with_suffix(normalized) else {
        return KeySource::Fixed;
    };
    if row.templated() && suffix.is_empty() {
        return KeySource::Fixed;
    }
    let suffix = suffix.to_owned();
    match row.source {
        Source::Port => Field(Dim::Port, None),
        Source::Method => Field(Dim::Method, Some(Slot::Method)),
        Source::Path => Field(Dim::Target, Some(Slot::Path)),
        Source::Service => Field(Dim::Target, Some(Slot::Service)),
        Source::ServiceNetwork => Field(Dim::Network, Some(Slot::Network)),
        Source::SourceVpc => Field(Dim::Vpc, Some(Slot::Vpc)),
        Source::SourceVpcOwner => Field(Dim::VpcOwner, Some(Slot::VpcOwner)),
        Source::Header => {
            // Header names compare without case; requests store them lower-cased.
            let name = suffix.to_ascii_lowercase();
            Field(Dim::Header(name.clone()), Some(Slot::Header(name)))
        }
        Source::Query => Field(Dim::Query(suffix.clone()), Some(Slot::Query(suffix))),
        Source::ServiceTag => Field(
            Dim::ServiceTag(suffix.clone()),
            Some(Slot::ServiceTag(suffix)),
        ),
        Source::PrincipalAccount => Field(Dim::Principal, Some(Slot::Account)),
        Source::PrincipalArn => Field(Dim::Principal, Some(Slot::PrincipalArn)),
        Source::OrgId => Field(Dim::Principal, Some(Slot::Org)),
        Source::OrgPaths => Field(Dim::Principal, Some(Slot::OrgPaths)),
        Source::PrincipalTag => Field(
            Dim::PrincipalTag(suffix.clone()),
            Some(Slot::PrincipalTag(suffix)),
        ),
        Source::PrincipalType
        | Source::PrincipalIsAwsService
        | Source::UserId
        | Source::Username => Field(Dim::Principal, None),
        Source::Time | Source::EpochTime => Field(Dim::Time, None),
        Source::SourceIp => Field(Dim::SourceIp, None),
        // Fixed by the protocol.
        Source::SecureTransport => KeySource::Fixed,
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
        // Each principal tag is a field of its own; tag keys keep their case.
        assert_eq!(
            dim_of_key("aws:principaltag/Team"),
            Some(Dim::PrincipalTag("Team".into()))
        );
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
