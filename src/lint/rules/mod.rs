//! Every lint rule, one per file. Add a rule: write its file (copy the shape
//! of an existing one), declare the module here and list it in [`RULES`].

mod allow_with_not_principal;

use super::Rule;

/// Every rule, in the order `policy rules` lists them.
pub static RULES: &[&Rule] = &[&allow_with_not_principal::RULE];
