//! Every lint rule, one per file. Add a rule: write its file (copy the shape
//! of an existing one), declare the module here and list it in [`RULES`].

mod action_wildcard_in_auth_policy;
mod allow_with_not_action;
mod allow_with_not_principal;
mod allow_with_not_resource;
mod anonymous_access;
mod any_account_access;
mod forallvalues_without_null_guard;
mod header_name_case;
mod if_exists_on_identity_key;
mod impossible_condition_value;
mod impossible_value_opens_access;
mod lattice_bare_service_resource;
mod lattice_control_plane_action;
mod lattice_grpc_method;
mod lattice_non_arn_resource;
mod lattice_tls_identity_condition;
mod wildcard_in_sensitive_key;

use super::Rule;

/// Every rule, in the order `policy rules` lists them.
pub static RULES: &[&Rule] = &[
    &allow_with_not_principal::RULE,
    &allow_with_not_action::RULE,
    &allow_with_not_resource::RULE,
    &anonymous_access::RULE,
    &any_account_access::RULE,
    &impossible_value_opens_access::RULE,
    &impossible_condition_value::RULE,
    &if_exists_on_identity_key::RULE,
    &forallvalues_without_null_guard::RULE,
    &wildcard_in_sensitive_key::RULE,
    &action_wildcard_in_auth_policy::RULE,
    &lattice_control_plane_action::RULE,
    &lattice_bare_service_resource::RULE,
    &lattice_non_arn_resource::RULE,
    &lattice_grpc_method::RULE,
    &lattice_tls_identity_condition::RULE,
    &header_name_case::RULE,
];
