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
