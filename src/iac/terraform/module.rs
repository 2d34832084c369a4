//! A Terraform module as Terraform reads it: every `*.tf` and `*.tf.json`
//! file of one directory together, so that a `local`, a
//! `data "aws_iam_policy_document"` or an `aws_vpclattice_service` in a
//! sibling file is read with the policy that uses it, and its variables from
//! the `.tfvars` files Terraform loads on its own.
//!
//! The caller reads the directory (this module does no I/O): [`is_module_file`]
//! says which files belong to the module, [`automatic_var_files`] which
//! variable files Terraform loads and in what order, and [`read`] extracts
//! every file at once. Each finding stays in the file whose text it points
//! at.

use std::collections::BTreeMap;

use hcl_edit::expr::Expression;

use super::expr::to_node;
use super::vars;
use crate::iac::{pairing, ExtractOptions, Extraction};

/// The most files of one directory read as one module. A directory with more
/// (generated code, vendored providers) is read up to this many, in name
/// order, so one directory cannot make a check unbounded.
pub const MAX_FILES: usize = 1000;

/// What reading a module's files together found.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// One extraction per file, in the order given, each with the pairing
    /// findings (a policy's target may be defined in another file) that
    /// point into it.
    pub files: Vec<Extraction>,
    /// Each policy reported in another file than the one declaring its
    /// resource (its document is rendered from a sibling's
    /// `aws_iam_policy_document` or `local`).
    pub borrowed: Vec<Borrowed>,
}

/// A policy whose resource one file declares and another file's text
/// holds, by index into [`Module::files`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Borrowed {
    /// The file declaring the `aws_vpclattice_auth_policy` resource.
    pub declaring: usize,
    /// The file the policy is reported in (where its document is written).
    pub holding: usize,
    /// The policy's locator.
    pub locator: String,
}

/// Reads the files of one module (their texts, in name order): the
/// policies, the targets, and the pairing of the two across the files.
pub fn read(files: &[&str], options: &ExtractOptions) -> Module {
    let (mut extractions, moved) = super::extract_files(files, options);
    let borrowed = moved
        .into_iter()
        .map(|(declaring, holding, locator)| Borrowed {
            declaring,
            holding,
            locator,
        })
        .collect();
    let paired = {
        let all: Vec<&Extraction> = extractions.iter().collect();
        pairing::pair_files(&all, "module")
    };
    for (extraction, findings) in extractions.iter_mut().zip(paired) {
        extraction.findings.extend(findings);
        extraction.findings.sort_by_key(|f| f.span.start);
    }
    Module {
        files: extractions,
        borrowed,
    }
}

/// Whether Terraform reads the file named `name` (no directory) as part of
/// its directory's module: `*.tf` and `*.tf.json`, but not the hidden and
/// backup files editors leave beside them (`.main.tf`, `main.tf~`), which
/// Terraform skips too.
pub fn is_module_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let terraform = lower.ends_with(".tf") || lower.ends_with(".tf.json");
    terraform && !name.starts_with(['.', '#']) && !name.ends_with('~')
}

/// The variable files Terraform loads on its own from a module directory,
/// among `names` (file names, no directory), in the order it loads them
/// (a later file's value wins): `terraform.tfvars`,
/// `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json`
/// in lexical order of their names.
pub fn automatic_var_files(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = ["terraform.tfvars", "terraform.tfvars.json"]
        .into_iter()
        .filter(|fixed| names.iter().any(|n| n == fixed))
        .map(str::to_string)
        .collect();
    let mut auto: Vec<String> = names
        .iter()
        .filter(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
        .cloned()
        .collect();
    auto.sort();
    out.extend(auto);
    out
}

/// A `module` block whose `source` is a local directory (`./modules/x`,
/// `../lattice`): the directory as written, and the inputs it gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Call {
    /// The `source`, relative to the calling module's directory.
    pub source: String,
    /// Each input by name: its value as `--var` gives one when it is known
    /// offline (a literal, or built from the caller's known variables and
    /// locals), else `None`.
    pub inputs: BTreeMap<String, Option<String>>,
}

/// The arguments of a `module` block that are Terraform's, not inputs.
const META_ARGUMENTS: [&str; 6] = [
    "source",
    "version",
    "providers",
    "count",
    "for_each",
    "depends_on",
];

/// The calls of local modules in `text` (one `*.tf` file), their inputs
/// read with the calling module's `options`. A file that does not parse has
/// none (its check reports why).
pub fn calls(text: &str, options: &ExtractOptions) -> Vec<Call> {
    if super::is_json_syntax(text) || !text.contains("module") {
        return Vec::new();
    }
    let Ok(body) = hcl_edit::parser::parse_body(text) else {
        return Vec::new();
    };
    body.get_blocks("module")
        .filter_map(|block| {
            let source = block.body.get_attribute("source")?;
            let Expression::String(source) = &source.value else {
                return None;
            };
            let source = source.value().to_string();
            if !(source.starts_with("./") || source.starts_with("../")) {
                return None;
            }
            let inputs = block
                .body
                .attributes()
                .filter(|a| !META_ARGUMENTS.contains(&a.key.value().as_str()))
                .map(|a| {
                    let node = to_node(&a.value, text, options);
                    (a.key.value().to_string(), vars::value_text(&node))
                })
                .collect();
            Some(Call { source, inputs })
        })
        .collect()
}

/// The variables of a module every call of it agrees on: an input one call
/// gives another way, or leaves to its default, or gives a value not known
/// offline, stays unknown.
pub fn agreed_inputs<'c>(calls: impl IntoIterator<Item = &'c Call>) -> BTreeMap<String, String> {
    let mut calls = calls.into_iter();
    let Some(first) = calls.next() else {
        return BTreeMap::new();
    };
    let mut agreed: BTreeMap<String, String> = first
        .inputs
        .iter()
        .filter_map(|(name, value)| Some((name.clone(), value.clone()?)))
        .collect();
    for call in calls {
        agreed.retain(|name, value| call.inputs.get(name) == Some(&Some(value.clone())));
    }
    agreed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iac::TargetRef;

    #[test]
    fn a_target_in_a_sibling_file_is_paired_with_the_policy() {
        let service = "resource \"aws_vpclattice_service\" \"orders\" {\n  name = \"orders\"\n}\n";
        let policy = "resource \"aws_vpclattice_auth_policy\" \"orders\" {\n  resource_identifier = aws_vpclattice_service.orders.arn\n  policy = jsonencode({ Version = \"2012-10-17\", Statement = [] })\n}\n";
        let module = read(&[policy, service], &ExtractOptions::default());
        let [policies, services] = module.files.as_slice() else {
            unreachable!("two files in, two out")
        };
        assert_eq!(
            policies.policies[0].attached_to,
            Some(TargetRef::Local("aws_vpclattice_service.orders".into()))
        );
        // The service (no auth type: NONE) is in the other file; the finding
        // is on the policy, in the policy's file.
        let codes: Vec<&str> = policies.findings.iter().map(|f| f.code()).collect();
        assert_eq!(codes, ["AUTH_POLICY_INACTIVE"]);
        assert!(policies.findings[0].related.is_empty());
        assert!(services.findings.is_empty());
    }

    #[test]
    fn an_iam_service_whose_policy_is_in_a_sibling_has_one() {
        let service =
            "resource \"aws_vpclattice_service\" \"orders\" {\n  auth_type = \"AWS_IAM\"\n}\n";
        let policy = "resource \"aws_vpclattice_auth_policy\" \"orders\" {\n  resource_identifier = aws_vpclattice_service.orders.arn\n  policy = jsonencode({ Version = \"2012-10-17\", Statement = [] })\n}\n";
        let together = read(&[service, policy], &ExtractOptions::default());
        assert!(together.files.iter().all(|f| f.findings.is_empty()));
        // Alone, the service file has no policy for it.
        let alone = read(&[service], &ExtractOptions::default());
        let codes: Vec<&str> = alone.files[0].findings.iter().map(|f| f.code()).collect();
        assert_eq!(codes, ["IAM_AUTH_WITHOUT_POLICY"]);
        assert!(alone.files[0].findings[0]
            .message
            .contains("in this module"));
    }

    #[test]
    fn a_policy_rendered_from_a_sibling_is_borrowed_from_its_resource_file() {
        let resource = "resource \"aws_vpclattice_auth_policy\" \"p\" {\n  policy = data.aws_iam_policy_document.p.json\n}\n";
        let document = "data \"aws_iam_policy_document\" \"p\" {\n  statement {\n    actions = [\"vpc-lattice-svcs:Invoke\"]\n  }\n}\n";
        let module = read(&[resource, document], &ExtractOptions::default());
        assert_eq!(
            module.borrowed,
            [Borrowed {
                declaring: 0,
                holding: 1,
                locator: "aws_vpclattice_auth_policy.p".into()
            }]
        );
        assert!(module.files[0].policies.is_empty());
        assert_eq!(
            module.files[1].policies[0].locator,
            "aws_vpclattice_auth_policy.p"
        );
    }

    #[test]
    fn a_policy_handed_to_a_module_from_a_sibling_local_is_found() {
        let call = "module \"lattice\" {\n  source = \"aws-ia/amazon-vpc-lattice-module/aws\"\n  services = {\n    cart = {\n      auth_type   = \"AWS_IAM\"\n      auth_policy = local.cart_policy\n    }\n  }\n}\n";
        let locals = "locals {\n  cart_policy = jsonencode({\n    Version   = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", Principal = \"*\", Action = \"*\", Resource = \"*\" }]\n  })\n}\n";
        let module = read(&[call, locals], &ExtractOptions::default());
        let locator = "module.lattice.services.cart.auth_policy";
        // The policy is where its text is, the target where the call is.
        assert!(module.files[0].policies.is_empty());
        assert_eq!(
            module.files[0].targets[0].locator,
            "module.lattice.services.cart"
        );
        assert_eq!(module.files[1].policies[0].locator, locator);
        assert_eq!(
            module.borrowed,
            [Borrowed {
                declaring: 0,
                holding: 1,
                locator: locator.into()
            }]
        );
        // The AWS_IAM service has its policy: no pairing finding anywhere.
        assert!(module.files.iter().all(|f| f.findings.is_empty()));
    }

    #[test]
    fn local_module_calls_give_the_inputs_they_agree_on() {
        let mut options = ExtractOptions::default();
        options
            .variables
            .insert("account".into(), "111122223333".into());
        let root = "module \"orders\" {\n  source  = \"./modules/service\"\n  account = var.account\n  name    = \"orders\"\n  vpc     = aws_vpc.main.id\n  count   = 1\n}\nmodule \"registry\" {\n  source = \"terraform-aws-modules/x/aws\"\n}\n";
        let found = calls(root, &options);
        assert_eq!(found.len(), 1, "a registry module is not read");
        let call = &found[0];
        assert_eq!(call.source, "./modules/service");
        assert_eq!(
            call.inputs.get("account"),
            Some(&Some("111122223333".into()))
        );
        assert_eq!(call.inputs.get("vpc"), Some(&None));
        assert!(!call.inputs.contains_key("count"));
        let other = Call {
            source: call.source.clone(),
            inputs: [("account".to_string(), Some("111122223333".to_string()))].into(),
        };
        let agreed = agreed_inputs([call, &other]);
        // `name` is left to its default by the second call: unknown.
        assert_eq!(agreed.keys().collect::<Vec<_>>(), ["account"]);
    }

    #[test]
    fn module_files_and_var_files_are_named_as_terraform_names_them() {
        assert!(is_module_file("main.tf"));
        assert!(is_module_file("stack.tf.json"));
        assert!(!is_module_file(".main.tf"));
        assert!(!is_module_file("main.tf~"));
        assert!(!is_module_file("terraform.tfvars"));
        let names: Vec<String> = [
            "z.auto.tfvars",
            "terraform.tfvars.json",
            "prod.tfvars",
            "a.auto.tfvars.json",
            "terraform.tfvars",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            automatic_var_files(&names),
            [
                "terraform.tfvars",
                "terraform.tfvars.json",
                "a.auto.tfvars.json",
                "z.auto.tfvars"
            ]
        );
    }
}
