//! One value of one field ([`Fragment`]), and how it is written into a
//! request spec.

use crate::eval::request::{PrincipalDetails, PrincipalSpec, RequestSpec, Values};

/// A value of one dimension, written into a request spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fragment {
    /// The caller; `None` is anonymous.
    Principal(Option<PrincipalDetails>),
    /// The method.
    Method(String),
    /// The service and, except over TLS, the path.
    Target(String, Option<String>),
    /// The service network.
    Network(String),
    /// The source VPC.
    Vpc(String),
    /// The source VPC's owner.
    VpcOwner(String),
    /// The port.
    Port(i64),
    /// The time, RFC 3339.
    Time(String),
    /// The caller's address, or none.
    SourceIp(Option<String>),
    /// A header's value, or no such header.
    Header(String, Option<String>),
    /// A query key's values, or no such key.
    Query(String, Option<Vec<String>>),
    /// A service tag's value, or no such tag.
    ServiceTag(String, Option<String>),
    /// A signed caller's tag value, or no such tag; written onto the caller
    /// already in the spec (an anonymous caller has no tags, so it is left
    /// as it is).
    PrincipalTag(String, Option<String>),
}

impl Fragment {
    /// Writes the value into `spec`.
    pub fn apply(&self, spec: &mut RequestSpec) {
        match self {
            Fragment::Principal(None) => spec.principal = None,
            Fragment::Principal(Some(d)) => {
                spec.principal = Some(PrincipalSpec::Details(d.clone()))
            }
            Fragment::Method(m) => spec.method = Some(m.clone()),
            Fragment::Target(service, path) => {
                spec.service = Some(service.clone());
                spec.path = path.clone();
            }
            Fragment::Network(n) => spec.service_network = Some(n.clone()),
            Fragment::Vpc(v) => spec.source_vpc = Some(v.clone()),
            Fragment::VpcOwner(a) => spec.source_vpc_owner_account = Some(a.clone()),
            Fragment::Port(p) => spec.port = Some(*p),
            Fragment::Time(t) => spec.time = Some(t.clone()),
            Fragment::SourceIp(ip) => spec.source_ip = ip.clone(),
            Fragment::Header(name, value) => match value {
                Some(v) => {
                    spec.headers.insert(name.clone(), v.clone());
                }
                None => {
                    spec.headers.remove(name);
                }
            },
            Fragment::Query(key, values) => match values {
                Some(v) => {
                    spec.query.insert(key.clone(), Values::Many(v.clone()));
                }
                None => {
                    spec.query.remove(key);
                }
            },
            Fragment::ServiceTag(key, value) => match value {
                Some(v) => {
                    spec.service_tags.insert(key.clone(), v.clone());
                }
                None => {
                    spec.service_tags.remove(key);
                }
            },
            Fragment::PrincipalTag(key, value) => {
                if let Some(PrincipalSpec::Details(d)) = &mut spec.principal {
                    match value {
                        Some(v) => {
                            d.tags.insert(key.clone(), v.clone());
                        }
                        None => {
                            d.tags.remove(key);
                        }
                    }
                }
            }
        }
    }

    /// True for the anonymous caller.
    pub fn is_anonymous(&self) -> bool {
        matches!(self, Fragment::Principal(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_write_and_remove_their_fields() {
        let mut spec = RequestSpec::default();
        Fragment::Header("x-a".into(), Some("1".into())).apply(&mut spec);
        Fragment::Target("svc".into(), Some("/p".into())).apply(&mut spec);
        Fragment::Principal(None).apply(&mut spec);
        assert_eq!(spec.headers.get("x-a").map(String::as_str), Some("1"));
        assert_eq!(spec.path.as_deref(), Some("/p"));
        assert!(spec.principal.is_none());
        Fragment::Header("x-a".into(), None).apply(&mut spec);
        assert!(spec.headers.is_empty());
        assert!(Fragment::Principal(None).is_anonymous());
        assert!(!Fragment::Method("GET".into()).is_anonymous());
    }
}
