//! The values infrastructure files leave unknown offline, as flags:
//! `--parameter`, `--var`, `--env`, `--account`, `--region`, for the
//! commands that read such files beside `policy check` (which declares its
//! own, documented with its other options).

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
}

impl ExtractFlags {
    /// True when any value was given.
    pub fn given(&self) -> bool {
        !self.parameter.is_empty()
            || !self.var.is_empty()
            || !self.env.is_empty()
            || self.account.is_some()
            || self.region.is_some()
    }

    /// The options extraction takes.
    pub fn options(&self) -> ExtractOptions {
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
