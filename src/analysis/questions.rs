//! The questions asked of an [`Analysis`]: is some request of a kind
//! allowed ([`Question`]: anonymous, foreign, through a statement, over some
//! protocols, …), is one allowed by two setups at once, what becomes of each
//! statement, what changes between two setups.

use super::answers::{Answer, Diff, StatementFate};
use super::budget::charge;
use super::change::Change;
use super::classes::{account_of_arn, merge_protocol};
use super::layers::Setup;
use super::question::{Callers, Networks, Question};
use super::region::{intersect, is_subset, subtract, BitSet, Coord, Cube};
use super::setups::{describe, Analysis, REGION_BUDGET};
use super::space::{Dim, Fragment};
use super::statement_cubes::Pass;
use super::text_sets::TextSet;
use crate::eval::request::RequestSpec;
use crate::eval::{Decision, Protocol, Request};
use crate::model::Effect;

impl Analysis<'_> {
    /// Is some request that `question` describes allowed by `setup`? A
    /// found request is replayed through the evaluator first.
    pub fn ask(&self, setup: Setup, question: &Question<'_>) -> Answer {
        self.search(setup, question, None)
    }

    /// Is some request from an anonymous caller allowed by `setup`?
    pub fn anonymous_allowed(&self, setup: Setup) -> Answer {
        self.ask(setup, &Question::new(Callers::Anonymous))
    }

    /// Is some request from an anonymous caller allowed by `setup` and
    /// applied to by statement `statement` of its service policy?
    pub fn anonymous_allowed_via(&self, setup: Setup, statement: usize) -> Answer {
        self.ask(setup, &Question::new(Callers::Anonymous).through(statement))
    }

    /// Is some request allowed from a signed caller whose account no policy
    /// names, in no organization a policy names?
    pub fn foreign_allowed(&self, setup: Setup) -> Answer {
        self.ask(setup, &Question::new(Callers::Foreign))
    }

    /// [`Analysis::foreign_allowed`], through statement `statement` of the service policy.
    pub fn foreign_allowed_via(&self, setup: Setup, statement: usize) -> Answer {
        self.ask(setup, &Question::new(Callers::Foreign).through(statement))
    }

    /// Is some request allowed by `setup` among those `matches` accepts
    /// (checked on every field value of a candidate request)?
    pub fn allowed_matching(&self, setup: Setup, matches: &dyn Fn(&RequestSpec) -> bool) -> Answer {
        self.search(setup, &Question::new(Callers::Anyone), Some(matches))
    }

    /// An anonymous request over `protocol`, whatever any policy says of it
    /// (each other field at its first value): for reading what every
    /// anonymous request of the protocol has in common, such as the caller
    /// keys it lacks, or (over TLS) the HTTP keys.
    pub fn anonymous_request_over(&self, protocol: Protocol) -> Option<Request> {
        // Without a pass (the budget ran out before the space was built) the
        // defaults still make an unsigned request: callers asking "does a
        // caller key shut anonymous callers out?" need one, and every caller
        // key is the same for every unsigned request.
        let mut spec = match self.passes.iter().find(|p| p.protocol == protocol) {
            Some(pass) => pass.base.clone(),
            None => RequestSpec {
                protocol: Some(protocol.as_str().to_string()),
                ..Default::default()
            },
        };
        spec.principal = None;
        Request::resolve(spec, self.now).ok()
    }

    /// True when `question` keeps the candidate `candidate` of a group reading `dims`.
    fn keeps(
        &self,
        pass: &Pass,
        question: &Question<'_>,
        dims: &[Dim],
        candidate: &[Fragment],
    ) -> bool {
        dims.iter().zip(candidate).all(|(d, f)| match (d, f) {
            (Dim::Principal, _) => {
                self.is_among(question.callers, f)
                    && question.lacking.is_none_or(|key| self.lacks(pass, f, key))
            }
            // A caller lacking a tag key: that tag's field is absent.
            (Dim::PrincipalTag(tag), Fragment::PrincipalTag(_, value)) => {
                value.is_none()
                    || question.lacking.is_none_or(|key| {
                        crate::eval::normalize_key(key) != format!("aws:principaltag/{tag}")
                    })
            }
            (
                Dim::Vpc | Dim::VpcOwner | Dim::Network,
                Fragment::Vpc(v) | Fragment::VpcOwner(v) | Fragment::Network(v),
            ) => question.networks == Networks::Any || self.unnamed_networks.contains(v),
            _ => true,
        })
    }

    /// True when the caller `f` is one of `callers`.
    fn is_among(&self, callers: Callers<'_>, f: &Fragment) -> bool {
        // Anonymous and any callers need not look at the account.
        match callers {
            Callers::Anyone => return matches!(f, Fragment::Principal(_)),
            Callers::Anonymous => return f.is_anonymous(),
            Callers::Foreign | Callers::Outside { .. } => {}
        }
        let Fragment::Principal(Some(signed)) = f else {
            return false;
        };
        let account = signed
            .arn
            .as_deref()
            .map(account_of_arn)
            .unwrap_or_default();
        let org = signed.org_id.as_ref();
        match callers {
            Callers::Outside { accounts, orgs } => {
                !accounts.iter().any(|a| a == account) && org.is_none_or(|o| !orgs.contains(o))
            }
            _ => {
                !self.named_accounts.contains(account)
                    && org.is_none_or(|o| !self.named_orgs.contains(o))
            }
        }
    }

    /// True when a request from the caller `f` lacks the condition key `key`.
    fn lacks(&self, pass: &Pass, f: &Fragment, key: &str) -> bool {
        let mut spec = pass.base.clone();
        f.apply(&mut spec);
        Request::resolve(spec, self.now).is_ok_and(|r| r.context().get(key).is_none())
    }

    /// The first allowed request that `question` describes, and whose whole
    /// spec passes `spec_filter`.
    fn search(
        &self,
        setup: Setup,
        question: &Question<'_>,
        spec_filter: Option<&dyn Fn(&RequestSpec) -> bool>,
    ) -> Answer {
        let (_entered, spent) = self.enter("answering who gets in");
        if let Some(spent) = spent {
            return spent;
        }
        let mut inexact = self.inexact.clone();
        let service = self.service_policy(setup);
        for pass in &self.passes {
            if !question.protocols.contains(pass.protocol) {
                continue;
            }
            let through = match (question.through, service) {
                (None, _) => None,
                (Some(s), Some(p)) => match pass.cube(p, s) {
                    Some(cube) => Some(cube),
                    None => continue,
                },
                (Some(_), None) => continue,
            };
            let query: Cube = pass
                .groups
                .iter()
                .map(|g| {
                    // A text field has no caller to keep; a caller's tag
                    // that the question says it lacks is absent; a network
                    // field asked about networks no policy names keeps the
                    // values outside every clause's patterns.
                    if let Some(field) = &g.text {
                        if field.is_network() && question.networks == Networks::Unnamed {
                            return Coord::Text(TextSet::outside_every_atom(field));
                        }
                        let lacked = g.dims.iter().any(|d| {
                            matches!(d, Dim::PrincipalTag(tag) if question.lacking.is_some_and(|key| {
                                crate::eval::normalize_key(key) == format!("aws:principaltag/{tag}")
                            }))
                        });
                        return if lacked {
                            Coord::Text(TextSet::absent_only(field))
                        } else {
                            g.full()
                        };
                    }
                    let mut set = BitSet::empty(g.candidates.len());
                    for (i, c) in g.candidates.iter().enumerate() {
                        if !charge(64) {
                            break;
                        }
                        if self.keeps(pass, question, &g.dims, c) {
                            set.insert(i);
                        }
                    }
                    Coord::Set(set)
                })
                .collect();
            let mut budget = REGION_BUDGET;
            for cube in self.allowed(pass, setup, &mut budget) {
                let Some(mut cube) = intersect(&cube, &query) else {
                    continue;
                };
                if let Some(through) = through {
                    match intersect(&cube, through) {
                        Some(narrower) => cube = narrower,
                        None => continue,
                    }
                }
                let found = match spec_filter {
                    None => Some(pass.spec_at(&cube, &pass.first_point(&cube))),
                    Some(filter) => pass.find_point(&cube, filter),
                };
                if let Some(spec) = found {
                    return match self.replay(setup, &spec, Decision::Allow) {
                        Some(witness) => Answer::Found(Box::new(witness)),
                        None => Answer::Unknown(vec![format!(
                            "internal: a witness did not replay ({})",
                            describe(&spec, self.now)
                        )]),
                    };
                }
            }
            if budget == 0 {
                inexact.insert("the policy has too many overlapping statements".to_owned());
            }
        }
        if let Some(spent) = self.budget_exceeded() {
            return Answer::Unknown(vec![spent]);
        }
        inexact.extend(self.text_unsure());
        if inexact.is_empty() {
            Answer::NoRequest
        } else {
            Answer::Unknown(inexact.into_iter().collect())
        }
    }

    /// Is some request allowed by both setups `a` and `b`? (With `b` an
    /// [`Invariant`](super::Invariant)'s policy: does `a` allow a request the
    /// invariant forbids?) The witness replays as allowed under both.
    pub fn allowed_by_both(&self, a: Setup, b: Setup) -> Answer {
        let (_entered, spent) = self.enter("comparing two setups");
        if let Some(spent) = spent {
            return spent;
        }
        let mut budget = REGION_BUDGET;
        for pass in &self.passes {
            let second = self.allowed(pass, b, &mut budget);
            for x in self.allowed(pass, a, &mut budget) {
                for y in &second {
                    if !charge(64) {
                        break;
                    }
                    let Some(both) = intersect(&x, y) else {
                        continue;
                    };
                    let spec = pass.spec_at(&both, &pass.first_point(&both));
                    let replayed = self
                        .replay(a, &spec, Decision::Allow)
                        .filter(|_| self.replay(b, &spec, Decision::Allow).is_some());
                    return match replayed {
                        Some(w) => Answer::Found(Box::new(w)),
                        None => Answer::Unknown(vec![format!(
                            "internal: a witness did not replay ({})",
                            describe(&spec, self.now)
                        )]),
                    };
                }
            }
        }
        if let Some(spent) = self.budget_exceeded() {
            return Answer::Unknown(vec![spent]);
        }
        let mut reasons = self.inexact();
        if budget == 0 {
            reasons.push("the policies have too many overlapping statements".to_owned());
        }
        if reasons.is_empty() {
            Answer::NoRequest
        } else {
            Answer::Unknown(reasons)
        }
    }

    /// What becomes of each statement of the service policy of `setup`,
    /// within that policy alone. Exact claims only: when the analysis is
    /// inexact every statement is reported [`StatementFate::Live`].
    pub fn statement_fates(&self, setup: Setup) -> Vec<StatementFate> {
        let Some(policy) = self.service_policy(setup) else {
            return Vec::new();
        };
        let statements = self.statements(policy);
        let mut fates = vec![StatementFate::Live; statements.len()];
        let (_entered, spent) = self.enter("working out what becomes of each statement");
        if !self.inexact.is_empty() || spent.is_some() {
            return fates;
        }
        // Worked out on a copy, kept only if the budget lasts: a fate is an
        // exact claim.
        let exact = fates.clone();
        for (s, fate) in fates.iter_mut().enumerate() {
            let Some(statement) = statements.get(s) else {
                continue;
            };
            // Only the requests of each cube count (see `Pass::valid`).
            let cubes: Vec<Option<Vec<Cube>>> = self
                .passes
                .iter()
                .map(|p| {
                    p.cube(policy, s)
                        .map(|c| p.within_valid(c))
                        .filter(|parts| !parts.is_empty())
                })
                .collect();
            if cubes.iter().all(Option::is_none) {
                *fate = StatementFate::NeverApplies;
                continue;
            }
            if statement.effect == Effect::Allow {
                let mut budget = REGION_BUDGET;
                let overridden = self.passes.iter().zip(&cubes).all(|(pass, cube)| {
                    let Some(parts) = cube else { return true };
                    let denies: Vec<Cube> = statements
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.effect == Effect::Deny)
                        .filter_map(|(t, _)| pass.cube(policy, t).cloned())
                        .collect();
                    parts.iter().all(|part| {
                        subtract(part.clone(), &denies, &mut budget).is_empty() && budget > 0
                    })
                });
                if overridden {
                    *fate = StatementFate::Overridden;
                    continue;
                }
            }
            let covering = statements.iter().enumerate().find(|(t, other)| {
                charge(32)
                    && *t != s
                    && other.effect == statement.effect
                    && self.passes.iter().zip(&cubes).all(|(pass, mine)| {
                        match (mine, pass.cube(policy, *t)) {
                            (None, _) => true,
                            (Some(_), None) => false,
                            (Some(a), Some(b)) => {
                                // Of two equal statements, the later one is redundant.
                                let within =
                                    |x: &[Cube], y: &Cube| x.iter().all(|p| is_subset(p, y));
                                within(a, b)
                                    && (*t < s
                                        || pass.cube(policy, s).is_some_and(|a_whole| {
                                            !within(&pass.within_valid(b), a_whole)
                                        }))
                            }
                        }
                    })
            });
            if let Some((t, _)) = covering {
                *fate = StatementFate::RedundantWith(t);
            }
        }
        if self.budget_exceeded().is_some() || self.text_unsure().is_some() {
            return exact;
        }
        fates
    }

    /// The requests whose decision differs between setups `old` and `new`.
    /// At most `limit` classes are listed each way.
    pub fn diff(&self, old: Setup, new: Setup, limit: usize) -> Diff {
        let (_entered, spent) = self.enter("comparing two setups");
        let mut diff = Diff {
            gained: Vec::new(),
            lost: Vec::new(),
            inexact: self.inexact(),
        };
        if spent.is_some() {
            return diff;
        }
        let mut budget = REGION_BUDGET;
        for pass in &self.passes {
            let before = self.allowed(pass, old, &mut budget);
            let after = self.allowed(pass, new, &mut budget);
            for (from, to, out, want_new) in [
                (&before, &after, &mut diff.gained, Decision::Allow),
                (&after, &before, &mut diff.lost, Decision::Deny),
            ] {
                for cube in to {
                    for piece in subtract(cube.clone(), from, &mut budget) {
                        let constraints =
                            pass.constraints(&piece, &self.named_accounts, &self.mentioned);
                        if merge_protocol(out, pass.protocol, &constraints) || out.len() >= limit {
                            continue;
                        }
                        let spec = pass.spec_at(&piece, &pass.first_point(&piece));
                        let (check_new, check_old) = match want_new {
                            Decision::Allow => (Decision::Allow, Decision::Deny),
                            Decision::Deny => (Decision::Deny, Decision::Allow),
                        };
                        let replayed = self
                            .replay(new, &spec, check_new)
                            .and_then(|w| self.replay(old, &spec, check_old).map(|_| w));
                        match replayed {
                            Some(witness) => out.push(Change {
                                protocols: vec![pass.protocol],
                                constraints,
                                witness,
                            }),
                            None => diff.inexact.push(format!(
                                "internal: a witness did not replay ({})",
                                describe(&spec, self.now)
                            )),
                        }
                    }
                }
            }
        }
        if let Some(spent) = self.budget_exceeded() {
            diff.inexact.push(spent);
        } else if budget == 0 {
            diff.inexact
                .push("the policies have too many overlapping statements".to_owned());
        }
        if let Some(unsure) = self.text_unsure().filter(|u| !diff.inexact.contains(u)) {
            diff.inexact.push(unsure);
        }
        diff
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Layers, Protocols, CHECK_TIME};
    use crate::load::{load_str, LoadOptions};
    use crate::model::Policy;

    fn policy(statements: &str) -> Policy {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
        load_str("t.json", &text, LoadOptions::default())
            .policy
            .unwrap()
    }

    fn ask(p: &Policy, question: &Question<'_>) -> Answer {
        let (analysis, setup) = Analysis::of(Layers::service(p), CHECK_TIME);
        analysis.ask(setup, question)
    }

    fn protocol(answer: &Answer) -> Option<String> {
        match answer {
            Answer::Found(w) => w.spec.protocol.clone(),
            _ => None,
        }
    }

    const ALLOW_ALL: &str =
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:*","Resource":"*"}"#;

    #[test]
    fn protocols_are_asked_about_one_by_one() {
        let p = policy(ALLOW_ALL);
        let connect = Question::new(Callers::Anonymous).over(Protocols::Connect);
        assert_eq!(protocol(&ask(&p, &connect)).as_deref(), Some("TLS"));
        let invoke = Question::new(Callers::Anonymous).over(Protocols::Invoke);
        assert_ne!(protocol(&ask(&p, &invoke)).as_deref(), Some("TLS"));
        // Only TLS connections pass: anonymous Invoke requests do not.
        let tls_only = policy(
            r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Connect","Resource":"*"}"#,
        );
        assert_eq!(ask(&tls_only, &invoke), Answer::NoRequest);
        assert!(matches!(ask(&tls_only, &connect), Answer::Found(_)));
    }

    #[test]
    fn callers_are_told_apart() {
        let signed = policy(
            r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}"#,
        );
        assert_eq!(
            ask(&signed, &Question::new(Callers::Anonymous)),
            Answer::NoRequest
        );
        assert!(matches!(
            ask(&signed, &Question::new(Callers::Foreign)),
            Answer::Found(_)
        ));
        let one_account = policy(
            r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}"#,
        );
        assert_eq!(
            ask(&one_account, &Question::new(Callers::Foreign)),
            Answer::NoRequest
        );
        let accounts = ["111122223333".to_owned()];
        let inside = Callers::Outside {
            accounts: &accounts,
            orgs: &[],
        };
        assert_eq!(ask(&one_account, &Question::new(inside)), Answer::NoRequest);
        let elsewhere = ["444455556666".to_owned()];
        let outside = Callers::Outside {
            accounts: &elsewhere,
            orgs: &[],
        };
        assert!(matches!(
            ask(&one_account, &Question::new(outside)),
            Answer::Found(_)
        ));
    }

    #[test]
    fn unnamed_networks_are_those_no_value_matches() {
        let vpc = policy(
            r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringLike":{"vpc-lattice-svcs:SourceVpc":"vpc-0abc*"}}}"#,
        );
        let foreign = Question::new(Callers::Foreign);
        let Answer::Found(w) = ask(&vpc, &foreign) else {
            panic!("a foreign caller from vpc-0abc… gets in");
        };
        assert!(w
            .spec
            .source_vpc
            .unwrap_or_default()
            .starts_with("vpc-0abc"));
        assert_eq!(
            ask(&vpc, &foreign.from(Networks::Unnamed)),
            Answer::NoRequest
        );
        let anywhere = policy(
            r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringNotEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-0abc"}}}"#,
        );
        assert!(matches!(
            ask(&anywhere, &foreign.from(Networks::Unnamed)),
            Answer::Found(_)
        ));
    }

    #[test]
    fn lacking_a_key_and_through_a_statement() {
        let p = policy(&format!(
            r#"{ALLOW_ALL},{{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{{"StringEqualsIfExists":{{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}}}}"#
        ));
        let without_org = Question::new(Callers::Foreign)
            .through(1)
            .lacking("aws:PrincipalOrgID");
        let Answer::Found(w) = ask(&p, &without_org) else {
            panic!("a caller outside any organization passes `IfExists`");
        };
        let Some(crate::eval::request::PrincipalSpec::Details(d)) = &w.spec.principal else {
            panic!("a signed caller: {w:?}");
        };
        assert_eq!(d.org_id, None);
        // No statement 2.
        assert!(!matches!(
            ask(&p, &Question::new(Callers::Anyone).through(2)),
            Answer::Found(_)
        ));
    }

    #[test]
    fn an_anonymous_request_over_each_protocol() {
        let p = policy(ALLOW_ALL);
        let (analysis, _) = Analysis::of(Layers::service(&p), CHECK_TIME);
        for protocol in Protocol::ALL {
            let request = analysis.anonymous_request_over(protocol).unwrap();
            assert!(request.is_anonymous());
            assert_eq!(request.protocol(), protocol);
        }
    }
}
