//! The values infrastructure files leave unknown offline, as flags:
//! `--parameter`, `--var`, `--var-file`, `--env`, `--account`, `--region`, for the
//! commands that read such files beside `policy check` (which declares its
//! own, documented with its other options): `policy eval` and `policy diff`
//! (`FILE#LOCATOR`, and `--git-base`).

use lattice_policy::iac::ExtractOptions;

/// The values given for what infrastructure files leave unknown.
#[derive(Debug, Default, clap::Args)]
pub struct ExtractFlags {
    /// A CloudFormation parameter's value, for the policies of templates
    /// (repeatable); parameters not given (defaults included) are unknown
    #[arg(long, value_name = "NAME=VALUE", value_parser = super::check::name_value)]
    parameter: Vec<(String, String)>,

    /// A Terraform variable's value, for the policies of `.tf` files
    /// (repeatable)
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = super::check::name_value)]
    var: Vec<(String, String)>,

    /// The value of a `$NAME` or `${NAME}` placeholder in Kubernetes
    /// manifests (repeatable)
    #[arg(long, value_name = "NAME=VALUE", value_parser = super::check::name_value)]
    env: Vec<(String, String)>,

    /// The account id templates deploy to (`AWS::AccountId`)
    #[arg(long, value_name = "ACCOUNT")]
    account: Option<String>,

    /// The region templates deploy to (`AWS::Region`; also decides
    /// `AWS::Partition`)
    #[arg(long, value_name = "REGION")]
    region: Option<String>,

    /// A Terraform variables file (`.tfvars` or `.tfvars.json`; repeatable,
    /// a later one wins; `--var` wins over every file)
    #[arg(long = "var-file", value_name = "FILE")]
    var_file: Vec<std::path::PathBuf>,
}

impl ExtractFlags {
    /// The flags of `policy check`, which declares them itself, for the
    /// `policy eval` commands its witnesses print.
    pub fn of_check(
        parameter: &[(String, String)],
        var: &[(String, String)],
        var_file: &[std::path::PathBuf],
        env: &[(String, String)],
        account: Option<&String>,
        region: Option<&String>,
    ) -> Self {
        ExtractFlags {
            parameter: parameter.to_vec(),
            var: var.to_vec(),
            env: env.to_vec(),
            account: account.cloned(),
            region: region.cloned(),
            var_file: var_file.to_vec(),
        }
    }

    /// The flags as a command line repeats them (` --var 'a=b'`, each
    /// value single-quoted), so that a printed `policy eval` command
    /// resolves the same values.
    pub fn flags(&self) -> String {
        use lattice_policy::diagnostic::witness::{shell_path, single_quote};
        let mut out = String::new();
        for file in &self.var_file {
            let file = file.to_string_lossy();
            out.push_str(&format!(" --var-file {}", shell_path(&file)));
        }
        let pairs = [
            ("--parameter", &self.parameter),
            ("--var", &self.var),
            ("--env", &self.env),
        ];
        for (flag, list) in pairs {
            for (name, value) in list {
                out.push_str(&format!(
                    " {flag} {}",
                    single_quote(&format!("{name}={value}"))
                ));
            }
        }
        for (flag, value) in [("--account", &self.account), ("--region", &self.region)] {
            if let Some(value) = value {
                out.push_str(&format!(" {flag} {}", single_quote(value)));
            }
        }
        out
    }

    /// The options extraction takes: the variables files' values, then
    /// `--var` on top; an unreadable variables file is an error (exit 2).
    pub fn options(&self) -> Result<ExtractOptions, String> {
        let files = super::terraform::read_var_files(&self.var_file)?;
        let own = ExtractOptions {
            parameters: self.parameter.iter().cloned().collect(),
            variables: self.var.iter().cloned().collect(),
            env: self.env.iter().cloned().collect(),
            account: self.account.clone(),
            region: self.region.clone(),
            ..ExtractOptions::default()
        };
        Ok(super::terraform::with_var_files(own, &files))
    }
}
