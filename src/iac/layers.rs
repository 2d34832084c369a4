//! Which other auth layer the requests a policy sees cross, when the same
//! file set defines it: a request to a service passes its service network's
//! auth policy and the service's (decision `auth-type-none-allows` for a
//! layer whose auth type is `NONE`), so a service policy's open door may be
//! shut by the network's policy, and the reverse.
//!
//! A service and a network go together when the file associates them
//! (`AWS::VpcLattice::ServiceNetworkServiceAssociation`,
//! `aws_vpclattice_service_network_service_association`, a route's
//! `parentRefs`), or, in a file with no association at all, when it defines
//! exactly one service network and one service. Only what the file states is
//! used: a policy is given other layers only when every way a request
//! reaches its target is known, so that "the other layer refuses them" is
//! never said of a request that could come another way.

use super::{Extraction, SourceKind, TargetKind, TargetRef};

/// The other layer on one way to a policy's target: the service network a
/// request to a service comes through, or a service a request through a
/// network goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherLayer {
    /// That layer's target, by its locator.
    pub target: String,
    /// A service network or a service.
    pub kind: TargetKind,
    /// The policies attached to it, as indices into
    /// [`Extraction::policies`]: the variants of what is deployed there
    /// (each must be considered). Empty when its auth type is `AWS_IAM` and
    /// it has no policy: it denies every request.
    pub policies: Vec<usize>,
}

/// For each policy of `extraction` (in order): the other layers its
/// requests cross, one per way to its target, each enforcing its auth
/// policy (`AWS_IAM`); `None` when the file does not say every way, or a way
/// crosses a layer that lets every request through (auth type `NONE`, not
/// set, or not known offline), so that only the policy itself decides.
pub fn other_layers(extraction: &Extraction, kind: SourceKind) -> Vec<Option<Vec<OtherLayer>>> {
    let pairs = pairs(extraction);
    extraction
        .policies
        .iter()
        .map(|policy| {
            let Some(TargetRef::Local(own)) = &policy.attached_to else {
                return None;
            };
            let own_kind = kind_of(extraction, kind, own)?;
            let mut others = Vec::new();
            for (service, network) in &pairs {
                let other = match own_kind {
                    TargetKind::Service if service.as_ref() == Some(own) => network,
                    TargetKind::ServiceNetwork if network.as_ref() == Some(own) => service,
                    _ => continue,
                };
                // A side the file does not define may let anything through.
                let other = other.as_ref()?;
                others.push(enforcing(extraction, kind, other)?);
            }
            (!others.is_empty()).then_some(others)
        })
        .collect()
}

/// The (service, network) pairs the file states, each side a locator when
/// it names something of the file set (`None` when it names something
/// elsewhere or unknown).
fn pairs(extraction: &Extraction) -> Vec<(Option<String>, Option<String>)> {
    let local = |r: &TargetRef| match r {
        TargetRef::Local(name) => Some(name.clone()),
        TargetRef::Literal(_) | TargetRef::Unknown(_) => None,
    };
    if !extraction.associations.is_empty() {
        return extraction
            .associations
            .iter()
            .map(|a| (local(&a.service), local(&a.network)))
            .collect();
    }
    let of_kind = |k: TargetKind| {
        extraction
            .targets
            .iter()
            .filter(move |t| t.kind == k)
            .map(|t| t.locator.clone())
    };
    let services: Vec<String> = of_kind(TargetKind::Service).collect();
    let networks: Vec<String> = of_kind(TargetKind::ServiceNetwork).collect();
    match (services.as_slice(), networks.as_slice()) {
        ([service], [network]) => vec![(Some(service.clone()), Some(network.clone()))],
        _ => Vec::new(),
    }
}

/// What `locator` is: a service or network the file defines, or for
/// Kubernetes one a `targetRef`/`parentRefs` names (Gateways and routes are
/// named by kind).
fn kind_of(extraction: &Extraction, kind: SourceKind, locator: &str) -> Option<TargetKind> {
    if let Some(target) = extraction.targets.iter().find(|t| t.locator == locator) {
        return match target.kind {
            TargetKind::Service | TargetKind::ServiceNetwork => Some(target.kind.clone()),
            TargetKind::Other(_) => None,
        };
    }
    if kind != SourceKind::Kubernetes {
        return None;
    }
    match locator.split('/').next() {
        Some("Gateway") => Some(TargetKind::ServiceNetwork),
        Some("HTTPRoute" | "GRPCRoute" | "ServiceExport") => Some(TargetKind::Service),
        _ => None,
    }
}

/// The layer of `locator` when it enforces an auth policy; `None` when it
/// may let every request through.
fn enforcing(extraction: &Extraction, kind: SourceKind, locator: &str) -> Option<OtherLayer> {
    let target_kind = kind_of(extraction, kind, locator)?;
    let policies: Vec<usize> = extraction
        .policies
        .iter()
        .enumerate()
        .filter(|(_, p)| p.attached_to == Some(TargetRef::Local(locator.to_owned())))
        .map(|(i, _)| i)
        .collect();
    let target = extraction.targets.iter().find(|t| t.locator == locator);
    let enforces = if kind == SourceKind::Kubernetes {
        // The controller sets AWS_IAM on a Gateway or route with a policy
        // attached, NONE on one without; a policy elsewhere is not seen here.
        !policies.is_empty()
    } else {
        target.is_some_and(|t| !t.auth_type_unknown && t.auth_type.as_deref() == Some("AWS_IAM"))
    };
    enforces.then(|| OtherLayer {
        target: locator.to_owned(),
        kind: target_kind,
        policies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iac::{cloudformation, ExtractOptions};

    fn layers(text: &str) -> Vec<Option<Vec<OtherLayer>>> {
        let extraction = cloudformation::extract(text, &ExtractOptions::default());
        other_layers(&extraction, SourceKind::CloudFormation)
    }

    const POLICY: &str = r#"{"Statement": []}"#;

    fn template(network_auth: &str, association: bool) -> String {
        let association = if association {
            r#""A": {"Type": "AWS::VpcLattice::ServiceNetworkServiceAssociation", "Properties": {"ServiceIdentifier": {"Ref": "S"}, "ServiceNetworkIdentifier": {"Fn::GetAtt": ["N", "Arn"]}}},"#
        } else {
            ""
        };
        format!(
            r#"{{"Resources": {{{association}
              "S": {{"Type": "AWS::VpcLattice::Service", "Properties": {{"AuthType": "AWS_IAM"}}}},
              "N": {{"Type": "AWS::VpcLattice::ServiceNetwork", "Properties": {{"AuthType": {network_auth}}}}},
              "SP": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": {{"Ref": "S"}}, "Policy": {POLICY}}}}},
              "NP": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": {{"Ref": "N"}}, "Policy": {POLICY}}}}}}}}}"#
        )
    }

    #[test]
    fn an_associated_service_and_network_are_each_others_layer() {
        for association in [true, false] {
            let found = layers(&template(r#""AWS_IAM""#, association));
            let service = found[0].as_ref().expect("the service policy's network");
            assert_eq!(service[0].target, "N");
            assert_eq!(service[0].policies, [1]);
            let network = found[1].as_ref().expect("the network policy's service");
            assert_eq!(network[0].target, "S");
            assert_eq!(network[0].kind, TargetKind::Service);
            assert_eq!(network[0].policies, [0]);
        }
    }

    #[test]
    fn a_network_that_may_let_everything_through_is_no_layer() {
        for auth in [r#""NONE""#, r#"{"Ref": "Auth"}"#] {
            let found = layers(&template(auth, true));
            assert!(found[0].is_none(), "{auth}");
        }
    }

    #[test]
    fn an_association_with_a_service_elsewhere_leaves_the_network_alone() {
        let text = template(r#""AWS_IAM""#, true).replacen(
            r#""A":"#,
            r#""B": {"Type": "AWS::VpcLattice::ServiceNetworkServiceAssociation", "Properties": {"ServiceIdentifier": "svc-0123456789abcdef0", "ServiceNetworkIdentifier": {"Ref": "N"}}}, "A":"#,
            1,
        );
        let found = layers(&text);
        assert!(found[0].is_some());
        assert!(found[1].is_none());
    }
}
