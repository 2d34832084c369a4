//! The service and service network a policy names, for the fields a
//! request leaves out (decision `eval-defaults-from-policy`).
//!
//! A service's auth policy is attached to one service, and usually names it:
//! in `Resource` (`arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-…/*`)
//! or in a `vpc-lattice-svcs:ServiceArn` condition. A request that leaves its
//! service out is about that service, not about a made-up one that every
//! such policy denies; the same goes for the service network a
//! `vpc-lattice-svcs:ServiceNetworkArn` condition names. Only plain values
//! count (no wildcard, no policy variable), and only values a request can
//! carry (decision `request-values-in-domain`).

use crate::eval::normalize_key;
use crate::keys::Domain;
use crate::model::Policy;

/// What the policy names for one field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Named {
    /// Nothing: the built-in default stands.
    #[default]
    Nothing,
    /// Exactly one value.
    One(String),
    /// Several, in the order the policy writes them: the first is used, and
    /// the answer says so.
    Several(Vec<String>),
}

impl Named {
    fn of(mut values: Vec<String>) -> Named {
        let mut seen = std::collections::BTreeSet::new();
        values.retain(|v| seen.insert(v.clone()));
        match values.len() {
            0 => Named::Nothing,
            1 => values.pop().map_or(Named::Nothing, Named::One),
            _ => Named::Several(values),
        }
    }

    /// The value to use: the only one, or the first of several.
    pub fn value(&self) -> Option<&str> {
        match self {
            Named::Nothing => None,
            Named::One(value) => Some(value),
            Named::Several(values) => values.first().map(String::as_str),
        }
    }
}

/// The service and service network `policy` names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamedTargets {
    /// Service ARNs, from `Resource` and `vpc-lattice-svcs:ServiceArn`.
    pub service: Named,
    /// Service network ARNs, from `vpc-lattice-svcs:ServiceNetworkArn`.
    pub network: Named,
}

/// What `policy` names for the service and the service network.
pub fn named_targets(policy: &Policy) -> NamedTargets {
    let mut services = Vec::new();
    let mut networks = Vec::new();
    for statement in &policy.statements {
        for item in &statement.resource.items {
            services.extend(service_of_resource(&item.value));
        }
        for block in statement.condition.iter().flat_map(|c| &c.blocks) {
            // A negated operator names a value the request must not have.
            if block.operator.value.base.is_negated() {
                continue;
            }
            for clause in &block.clauses {
                let key = normalize_key(&clause.key.value);
                let (domain, out) = match key.as_ref() {
                    "vpc-lattice-svcs:servicearn" => (Domain::ServiceArn, &mut services),
                    "vpc-lattice-svcs:servicenetworkarn" => {
                        (Domain::ServiceNetworkArn, &mut networks)
                    }
                    _ => continue,
                };
                out.extend(
                    clause
                        .values
                        .iter()
                        .map(|v| v.text.as_str())
                        .filter(|v| plain(v) && domain.admits(v, false, false))
                        .map(str::to_owned),
                );
            }
        }
    }
    NamedTargets {
        service: Named::of(services),
        network: Named::of(networks),
    }
}

/// No wildcard and no policy variable: a value, not a pattern.
fn plain(text: &str) -> bool {
    !text.contains(['*', '?']) && !text.contains("${")
}

/// The service ARN a `Resource` value names (`arn:…:service/svc-…` of
/// `arn:…:service/svc-…/rates`), when its service part is plain.
fn service_of_resource(resource: &str) -> Option<String> {
    let mut parts = resource.splitn(6, ':');
    let (arn, partition, service, region, account, rest) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if arn != "arn" || service != "vpc-lattice" {
        return None;
    }
    let id = rest.strip_prefix("service/")?;
    let id = id.split('/').next()?;
    let found = format!("arn:{partition}:vpc-lattice:{region}:{account}:service/{id}");
    (plain(&found) && Domain::ServiceArn.admits(&found, false, false)).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, LoadOptions};

    const SVC: &str = "arn:aws:vpc-lattice:eu-west-1:444455556666:service/svc-0fedcba9876543210";

    fn named(statements: &str) -> NamedTargets {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
        let loaded = load_str("p.json", &text, LoadOptions::default());
        named_targets(loaded.policy.as_ref().unwrap())
    }

    #[test]
    fn a_resource_names_its_service() {
        let found = named(&format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":["{SVC}/*","{SVC}/rates"]}}"#
        ));
        assert_eq!(found.service, Named::One(SVC.to_owned()));
        assert_eq!(found.network, Named::Nothing);
    }

    #[test]
    fn conditions_name_services_and_networks_but_patterns_do_not() {
        let network =
            "arn:aws:vpc-lattice:eu-west-1:444455556666:servicenetwork/sn-0123456789abcdef0";
        let found = named(&format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:vpc-lattice:*:*:service/*",
                "Condition":{{"StringEquals":{{"vpc-lattice-svcs:ServiceArn":"{SVC}","vpc-lattice-svcs:ServiceNetworkArn":"{network}"}},
                              "StringNotEquals":{{"vpc-lattice-svcs:ServiceArn":"arn:aws:vpc-lattice:eu-west-1:444455556666:service/svc-0123456789abcdef0"}}}}}}"#
        ));
        assert_eq!(found.service, Named::One(SVC.to_owned()));
        assert_eq!(found.network, Named::One(network.to_owned()));
    }

    #[test]
    fn several_services_are_listed_in_order_and_impossible_ones_skipped() {
        let other = "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0";
        let found = named(&format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"*","Resource":["{SVC}/*","{other}/*","arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-payment/*"]}}"#
        ));
        assert_eq!(
            found.service,
            Named::Several(vec![SVC.to_owned(), other.to_owned()])
        );
        assert_eq!(found.service.value(), Some(SVC));
    }
}
