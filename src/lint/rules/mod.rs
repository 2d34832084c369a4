//! Every lint rule, one per file. Add a rule: write its file (copy the shape
//! of an existing one), declare the module here and list it in [`RULES`].

mod allow_with_not_principal;
mod deprecated_global_condition_key;
mod forallvalues_with_single_valued_key;
mod invalid_action;
mod invalid_condition_key_format;
mod invalid_global_condition_key;
mod invalid_service;
mod invalid_service_condition_key;
mod invalid_service_in_action;
mod missing_qualifier;
mod missing_tag_key_in_condition;
mod redundant_action;
mod type_mismatch;
mod undocumented_action;
mod undocumented_condition_key;
mod wildcard_in_service_name;

use super::Rule;

/// Every rule, in the order `policy rules` lists them.
pub static RULES: &[&Rule] = &[
    &allow_with_not_principal::RULE,
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
];
