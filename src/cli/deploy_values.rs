//! The values a user gives for what infrastructure files leave unknown
//! offline, as `policy eval` and `policy diff` take them (`policy check`
//! has the same flags).

use lattice_policy::iac::ExtractOptions;

/// `--parameter`, `--var`, `--env`, `--account`, `--region`.
#[derive(Debug, Default, clap::Args)]
pub struct DeployValues {
    /// A CloudFormation parameter's value, for a policy in a template
    /// (repeatable); parameters not given (defaults included) are unknown
    #[arg(long, value_name = "NAME=VALUE", value_parser = super::check::name_value)]
    parameter: Vec<(String, String)>,

    /// A Terraform variable's value, for a policy in a `.tf` file (repeatable)
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = super::check::name_value)]
    var: Vec<(String, String)>,

    /// The value of a `$NAME` or `${NAME}` placeholder in a Kubernetes
    /// manifest (repeatable)
    #[arg(long, value_name = "NAME=VALUE", value_parser = super::check::name_value)]
    env: Vec<(String, String)>,

    /// The account id templates deploy to (`AWS::AccountId`)
    #[arg(long, value_name = "ACCOUNT")]
    account: Option<String>,

    /// The region templates deploy to (`AWS::Region`; also decides
    /// `AWS::Partition`)
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
}

impl DeployValues {
    /// The flags as a command line repeats them (` --var 'a=b'`, each
    /// value single-quoted), so that a printed `policy eval` command
    /// resolves the same values.
    pub fn flags(&self) -> String {
        use lattice_policy::diagnostic::witness::single_quote;
        let mut out = String::new();
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

    /// The values as extraction takes them.
    pub fn extract_options(&self) -> ExtractOptions {
        ExtractOptions {
            parameters: self.parameter.iter().cloned().collect(),
            variables: self.var.iter().cloned().collect(),
            env: self.env.iter().cloned().collect(),
            account: self.account.clone(),
            region: self.region.clone(),
            partition: None,
        }
    }
}
