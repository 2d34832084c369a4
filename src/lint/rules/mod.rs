//! Every lint rule, one per file. Add a rule: write its file (copy the shape
//! of an existing one), declare the module here and list it in [`RULES`].
//!
//! Rules that share helpers are grouped in a directory whose `mod.rs` holds
//! the helpers: `arn` (the format of resource ARNs), `empty` (empty elements
//! and values), `ip` (address ranges), `principal` (principal values),
//! `redundant` (parts that add nothing), `size`, `values` (condition values
//! and their types) and `variables` (policy variables). `common` holds what
//! rules of several groups share. The security and VPC Lattice rules share
//! `crate::lint::lattice` (facts about Lattice requests) and
//! `crate::analysis` (which requests a statement lets in).

mod action_wildcard_in_auth_policy;
mod allow_with_not_action;
mod allow_with_not_principal;
mod allow_with_not_resource;
mod analysis;
mod anonymous_access;
mod any_account_access;
mod arn;
mod common;
mod deprecated_global_condition_key;
mod empty;
mod forallvalues_with_single_valued_key;
mod forallvalues_without_null_guard;
mod header_name_case;
mod if_exists_on_identity_key;
mod impossible_condition_value;
mod impossible_value_opens_access;
mod invalid_action;
mod invalid_condition_key_format;
mod invalid_global_condition_key;
mod invalid_service;
mod invalid_service_condition_key;
mod invalid_service_in_action;
mod ip;
mod lattice_bare_service_resource;
mod lattice_control_plane_action;
mod lattice_grpc_method;
mod lattice_non_arn_resource;
mod lattice_tls_identity_condition;
mod missing_qualifier;
mod missing_tag_key_in_condition;
mod principal;
mod redundant;
mod redundant_action;
mod size;
mod type_mismatch;
mod undocumented_action;
mod undocumented_condition_key;
mod values;
mod variables;
mod wildcard_in_sensitive_key;
mod wildcard_in_service_name;

pub use analysis::allows_nothing::RULE as ALLOWS_NOTHING;
pub(crate) use analysis::statement_never_applies::fold_into_specific;
pub use size::{
    over_quota, policy_size, size_finding, AUTH_POLICY_SIZE_QUOTA,
    RULE as POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA,
};

use super::Rule;

/// Every rule, in the order `policy rules` lists them.
pub static RULES: &[&Rule] = &[
    &analysis::statement_never_applies::RULE,
    &analysis::allow_overridden_by_deny::RULE,
    &analysis::statement_covered::RULE,
    &analysis::allows_nothing::RULE,
    &allow_with_not_principal::RULE,
    // Empty elements and values.
    &empty::empty_array_action::RULE,
    &empty::empty_array_resource::RULE,
    &empty::empty_array_principal::RULE,
    &empty::empty_object_principal::RULE,
    &empty::empty_object_condition::RULE,
    &empty::empty_array_condition::RULE,
    &empty::empty_array_condition_forallvalues::RULE,
    &empty::empty_array_condition_foranyvalue::RULE,
    &empty::empty_array_condition_ifexists::RULE,
    &empty::empty_sid_value::RULE,
    // Policy variables.
    &variables::missing_brace_in_variable::RULE,
    &variables::missing_quote_in_variable::RULE,
    &variables::unsupported_space_in_variable::RULE,
    &variables::empty_variable::RULE,
    &variables::variable_unsupported_in_element::RULE,
    &variables::variable_unsupported_in_version::RULE,
    &variables::invalid_variable_for_operator::RULE,
    // Condition values.
    &values::null_with_qualifier::RULE,
    &values::type_mismatch_number::RULE,
    &values::type_mismatch_date::RULE,
    &values::invalid_date_value::RULE,
    &values::type_mismatch_boolean::RULE,
    &values::type_mismatch_ip_range::RULE,
    &values::type_mismatch_string::RULE,
    &values::invalid_condition_multiple_boolean::RULE,
    &values::invalid_condition_data_type::RULE,
    &values::wildcard_without_like_operator::RULE,
    &values::invalid_vpc_format::RULE,
    &values::redundant_condition_value_num::RULE,
    // IP address ranges.
    &ip::improve_ip_range::RULE,
    &ip::private_ip_address::RULE,
    &ip::private_not_ip_address::RULE,
    &ip::private_ip_address_subset::RULE,
    &ip::private_not_ip_address_subset::RULE,
    // Resource ARNs.
    &arn::missing_arn_field::RULE,
    &arn::invalid_arn_prefix::RULE,
    &arn::invalid_partition::RULE,
    &arn::invalid_arn_service_case::RULE,
    &arn::invalid_arn_region::RULE,
    &arn::missing_arn_region::RULE,
    &arn::invalid_arn_account::RULE,
    &arn::invalid_arn_resource::RULE,
    // Principals.
    &principal::unsupported_wildcard_in_principal::RULE,
    &principal::invalid_role_reference::RULE,
    &principal::invalid_user_reference::RULE,
    &principal::invalid_principal_account::RULE,
    // Redundancy.
    &redundant::redundant_resource::RULE,
    &redundant::redundant_statement::RULE,
    // Size.
    &size::policy_size_exceeds_resource_policy_quota::RULE,
    // Actions, checked against the catalog.
    &invalid_action::RULE,
    &undocumented_action::RULE,
    &invalid_service_in_action::RULE,
    &wildcard_in_service_name::RULE,
    &redundant_action::RULE,
    // Condition keys, checked against the catalog.
    &invalid_condition_key_format::RULE,
    &invalid_global_condition_key::RULE,
    &invalid_service::RULE,
    &invalid_service_condition_key::RULE,
    &undocumented_condition_key::RULE,
    &missing_tag_key_in_condition::RULE,
    &deprecated_global_condition_key::RULE,
    // Operators against the key's type and arity.
    &type_mismatch::RULE,
    &missing_qualifier::RULE,
    &forallvalues_with_single_valued_key::RULE,
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
