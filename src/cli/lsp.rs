//! `policy lsp`: the language server, and what it borrows from the other
//! commands (the `policy explain` text of a code, the `policy eval`
//! explanation of a witness) so that the editor says exactly what the
//! command line says.

use lattice_policy::analysis::CHECK_TIME;
use lattice_policy::eval::query::parse_query;
use lattice_policy::eval::request::Request;
use lattice_policy::eval::{AuthLayer, AuthType, Authorizer, CompiledPolicy};
use lattice_policy::load::Loaded;
use lattice_policy::model::Bound;
use lattice_policy::registry;

use super::assumed;
use super::output::Out;
use super::render::explain::{self, Policies};
use super::Exit;

/// Run the language server over standard input and output
///
/// Diagnostics as you type (the checks of `policy check`, with the nearest
/// `lattice-policy.toml`), hover, completion, quick fixes and code lenses
/// for VPC Lattice auth policies, standalone or inside CloudFormation,
/// Terraform and Kubernetes files. Editors start it; see "In your editor"
/// in the README.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Speak over standard input and output (the only transport; accepted
    /// because many editors pass it)
    #[arg(long)]
    stdio: bool,

    /// Milliseconds to wait after a change before checking again, while
    /// changes keep coming (the first change after a pause is checked at
    /// once) [default: 150, or the client's `initializationOptions.debounceMs`]
    #[arg(long, value_name = "MS")]
    debounce_ms: Option<u64>,
}

/// Runs `policy lsp` until the client says `exit`.
pub fn run(args: Args) -> Exit {
    let _ = args.stdio;
    match crate::lsp::serve(crate::lsp::Options {
        debounce_ms: args.debounce_ms,
    }) {
        Ok(true) => Exit::Success,
        // `exit` before `shutdown`: status 1, as the protocol says.
        Ok(false) => Exit::No,
        Err(message) => {
            super::output::complain(&format!("language server: {message}"));
            Exit::Trouble
        }
    }
}

/// The `policy explain CODE` text of a code, as Markdown: its name,
/// severity and summary, then its documentation.
pub fn explain_code(code: &str) -> Option<String> {
    let info = registry::find(code)?;
    Some(format!(
        "**{}** ({}): {}\n\nseverity: {}; IAM Access Analyzer category: {}\n\n{}",
        info.code,
        info.name,
        info.summary,
        info.severity.as_str(),
        info.category.as_str(),
        registry::explanation(info)
    ))
}

/// The `policy eval` explanation of `query` against `loaded`, the policy a
/// lens is about (the language server loads it as its check read it), as
/// the service's only auth policy, at the time the analysis found the
/// witness at.
pub fn explain_witness(loaded: &Loaded, query: &str) -> Result<String, String> {
    if !loaded.evaluable() {
        return Err(format!(
            "cannot evaluate: `{}` has errors (AWS would refuse to store such a policy)",
            loaded.source.name()
        ));
    }
    let parsed = parse_query(query).map_err(|e| format!("`{query}`: {e}"))?;
    let mut spec = parsed.spec;
    let given = spec.clone();
    let from_policy = assumed::fill_from_policy(&mut spec, loaded.policy.as_ref());
    let request =
        Request::resolve(spec, CHECK_TIME).map_err(|e| format!("invalid request: {e}"))?;
    let assumed = assumed::assumed(&given, &from_policy, &request);
    let compiled = loaded
        .policy
        .as_ref()
        .map(|p| CompiledPolicy::compile(&p.bound(Bound::Permissive)));
    let authorizer = Authorizer {
        network: None,
        service: AuthLayer {
            auth_type: AuthType::AwsIam,
            policy: compiled,
        },
        identity: None,
    };
    let explanation = authorizer.explain(&request);
    let policies = Policies {
        network: None,
        service: loaded,
        identity: &[],
    };
    let mut out = Out::buffer();
    out.write(&format!(
        "policy eval {} '{query}'\n\n",
        loaded.source.name()
    ));
    explain::human(&explanation, &request, &policies, &assumed, None, &mut out);
    Ok(out.into_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_explained_as_policy_explain_does() {
        let text = explain_code("ANONYMOUS_ACCESS").unwrap();
        assert!(text.starts_with("**ANONYMOUS_ACCESS** (anonymous-access)"));
        assert!(text.contains("### What it does"));
        assert!(explain_code("NO_SUCH_CODE").is_none());
    }

    #[test]
    fn a_witness_is_replayed_through_the_evaluator() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#;
        let load = |text: &str| {
            lattice_policy::load::load_str(
                "p.json",
                text,
                lattice_policy::load::LoadOptions::default(),
            )
        };
        let out = explain_witness(&load(text), "GET / from anonymous").unwrap();
        assert!(out.starts_with("policy eval p.json 'GET / from anonymous'"));
        assert!(out.contains("allow"), "{out}");
        let broken = explain_witness(&load("{"), "GET /");
        assert!(broken.unwrap_err().contains("has errors"));
    }
}
