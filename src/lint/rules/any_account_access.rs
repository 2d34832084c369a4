//! `ANY_ACCOUNT_ACCESS`: an `Allow` statement that signed callers of every AWS account pass.

use crate::analysis::{Answer, Callers, Networks, Protocols, Question};
use crate::lint::lattice::names_everyone;
use crate::lint::rules::analysis::with_witness;
use crate::lint::LintContext;
use crate::model::{Effect, PolicyKind};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Allow` statements with `"Principal": "*"` that shut anonymous
    /// callers out but let in signed callers of any AWS account: no condition
    /// limits the caller's account, organization or principal ARN
    /// (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`,
    /// `aws:PrincipalArn`). Conditions on the network the request comes from
    /// (`vpc-lattice-svcs:SourceVpc`, `vpc-lattice-svcs:SourceVpcOwnerAccount`,
    /// `vpc-lattice-svcs:ServiceNetworkArn`) do not: a principal of another
    /// account can sign requests from inside your VPC (a shared VPC, or its
    /// credentials used on one of your hosts); such statements are reported
    /// with a message that says the network conditions are all that limits
    /// the caller. The analysis over all requests decides both, exactly: a
    /// signed request from an account and organization no policy names that
    /// the statement lets in, and whether one gets in from a network no
    /// policy names too. Where it cannot decide (a policy variable that takes
    /// its value from another field), the statement is not reported.
    ///
    /// ### Why is this bad?
    ///
    /// A SigV4 signature proves that the caller is some IAM principal, not that
    /// it is one of yours: credentials of any account work. Principal tags do
    /// not help, since every account tags its own principals as it likes.
    /// The console template "Allow only authenticated access" does exactly
    /// this on purpose, which is why this is a warning: if any account that
    /// can reach the service may call it, silence the rule with
    /// `--ignore ANY_ACCOUNT_ACCESS`. (Statements that also let anonymous
    /// callers in are reported as `ANONYMOUS_ACCESS` instead.)
    ///
    /// With `private-to = ["111122223333", "o-a1b2c3d4e5"]` in
    /// `lattice-policy.toml` (the service is private to those accounts and
    /// organizations), every `Allow` statement that lets in a signed caller
    /// from anywhere else is reported as an error, whatever its `Principal`,
    /// with such a request as a `policy eval` command.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalType": "Anonymous"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    /// ```
    pub static RULE = {
        code: ANY_ACCOUNT_ACCESS,
        name: "any-account-access",
        severity: Warning,
        category: SecurityWarning,
        summary: "an `Allow` statement lets signed callers of any AWS account in",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"Anonymous"},"StringEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"payments"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/payments"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    if !cx.config().private_to.is_empty() {
        return check_private(cx);
    }
    let policy = cx.policy();
    let (analysis, setup) = cx.analysis();
    for (at, statement) in policy.statements.iter().enumerate() {
        let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) else {
            continue;
        };
        if statement.effect.value != Effect::Allow || !names_everyone(statement) {
            continue;
        }
        // Statements that let anonymous callers in are ANONYMOUS_ACCESS's.
        let anonymous = Question::new(Callers::Anonymous)
            .over(Protocols::Invoke)
            .through(at);
        if analysis.ask(setup, &anonymous) != Answer::NoRequest {
            continue;
        }
        let foreign = Question::new(Callers::Foreign).through(at);
        // Only an exact answer is reported: a caller from an account the
        // policies never name, with the request that shows it.
        let Answer::Found(witness) = analysis.ask(setup, &foreign) else {
            continue;
        };
        // From a network the policies never name too? Then nothing limits
        // the caller; otherwise only the network conditions (source VPC, its
        // owner, the service network) stand in the way, and the message
        // says so.
        let (message, witness) = match analysis.ask(setup, &foreign.from(Networks::Unnamed)) {
            Answer::Found(anywhere) => (
                "signed callers of any AWS account pass this statement: no condition limits their account or organization",
                anywhere,
            ),
            _ => (
                "signed callers of any AWS account pass this statement from the networks it names: its conditions limit where requests come from, not whose credentials sign them",
                witness,
            ),
        };
        let finding = cx
            .finding(principal.span, message)
            .with_label("names every caller")
            .with_help("limit the callers with a condition on `aws:PrincipalOrgID`, `aws:PrincipalAccount` or `aws:PrincipalArn`, or name them in `Principal`; if any account may call, silence this with `--ignore ANY_ACCOUNT_ACCESS`");
        let finding = with_witness(
            finding,
            "a caller from an account the policy never names gets in",
            Some(&witness),
        );
        cx.report(finding);
    }
}

/// Under `private-to`: every `Allow` that lets in a signed caller outside the
/// named accounts and organizations is an error.
fn check_private(cx: &mut LintContext<'_>) {
    let policy = cx.policy();
    let (orgs, accounts): (Vec<String>, Vec<String>) = cx
        .config()
        .private_to
        .iter()
        .cloned()
        .partition(|p| p.starts_with("o-"));
    let (analysis, setup) = cx.analysis();
    for (at, statement) in policy.statements.iter().enumerate() {
        if statement.effect.value != Effect::Allow {
            continue;
        }
        let outside = Question::new(Callers::Outside {
            accounts: &accounts,
            orgs: &orgs,
        })
        .through(at);
        let Answer::Found(w) = analysis.ask(setup, &outside) else {
            continue;
        };
        let span = statement
            .principal
            .as_ref()
            .map_or(statement.span, |p| p.span);
        let mut finding = cx
            .finding(
                span,
                format!(
                    "the service is private to {}, but this statement lets other signed callers in",
                    cx.config().private_to.join(", ")
                ),
            )
            .with_label("lets an outside caller in")
            .with_help("limit the callers with `aws:PrincipalOrgID`, `aws:PrincipalAccount` or `Principal`");
        finding = with_witness(finding, "this request from outside is allowed", Some(&w));
        finding.severity = crate::diagnostic::Severity::Error;
        cx.report(finding);
    }
}
