//! `policy diff` never prints an impossible value: every witness request's
//! values are in their keys' domains (`src/keys/domain.rs`), every service
//! ARN has a real region's shape, `policy eval` accepts every witness and
//! decides it as the diff says, and no two classes read the same.

use lattice_policy::keys::Domain;

use super::*;

/// `us-west-2`, `ap-southeast-1`: lower-case words, then a number.
fn is_region(text: &str) -> bool {
    let words: Vec<&str> = text.split('-').collect();
    words.len() >= 3
        && words.last().unwrap().bytes().all(|b| b.is_ascii_digit())
        && words[..words.len() - 1]
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Every value of a witness request is one its key can take.
fn assert_request_in_domains(request: &Value, context: &str) {
    let check = |domain: Domain, value: &Value| {
        if let Some(text) = value.as_str() {
            assert!(
                domain.contains(text),
                "{context}: `{text}` is not in its domain ({})",
                domain.describe()
            );
        }
    };
    check(Domain::Method, &request["method"]);
    check(Domain::Path, &request["path"]);
    check(Domain::VpcId, &request["sourceVpc"]);
    check(Domain::Account, &request["sourceVpcOwnerAccount"]);
    check(Domain::ServiceNetworkArn, &request["serviceNetwork"]);
    for arn in [&request["service"], &request["serviceNetwork"]] {
        check(
            if arn == &request["service"] {
                Domain::ServiceArn
            } else {
                Domain::ServiceNetworkArn
            },
            arn,
        );
        if let Some(text) = arn.as_str() {
            let region = text.split(':').nth(3).unwrap_or("");
            assert!(is_region(region), "{context}: region `{region}` in {text}");
            let account = text.split(':').nth(4).unwrap_or("");
            assert_ne!(account, "000000000000", "{context}: {text}");
        }
    }
    let principal = &request["principal"];
    if principal.is_object() {
        check(Domain::OrgId, &principal["orgId"]);
        for path in principal["orgPaths"].as_array().into_iter().flatten() {
            check(Domain::OrgPath, path);
            let text = path.as_str().unwrap();
            assert!(!text.contains("//"), "{context}: empty segment in {text}");
        }
        for value in principal["tags"].as_object().into_iter().flatten() {
            check(Domain::TagValue, value.1);
        }
    }
}

/// Runs `policy diff OLD NEW [extra]` in JSON and holds every class to the
/// domains and to `policy eval`; the number of classes.
fn diff_holds(old: &dyn AsRef<std::ffi::OsStr>, new: &Path, extra: &[&str]) -> usize {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"diff", old, &new, &"--format", &"json"];
    for e in extra {
        args.push(e);
    }
    let run = policy(&args);
    if run.code == 2 {
        // A policy with errors: nothing is compared.
        return 0;
    }
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut classes = 0;
    for (side, decision) in [("gained", 0), ("lost", 1)] {
        let changes = report[side].as_array().unwrap();
        let mut seen: Vec<&Value> = Vec::new();
        for change in changes {
            classes += 1;
            let context = format!("{} -> {}: {change}", report["old"], report["new"]);
            assert!(
                !seen.contains(&&change["fields"]),
                "{context}: two classes read the same"
            );
            seen.push(&change["fields"]);
            for field in change["fields"].as_array().unwrap() {
                let values: Vec<&Value> = field["values"].as_array().unwrap().iter().collect();
                let mut unique = values.clone();
                unique.dedup();
                assert_eq!(
                    unique.len(),
                    values.len(),
                    "{context}: a value listed twice"
                );
            }
            assert_request_in_domains(&change["request"], &context);
            let query = change["witness"].as_str().unwrap();
            let mut eval: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"eval", &new, &query];
            let network = extra
                .iter()
                .position(|e| *e == "--new-network")
                .map(|i| extra[i + 1]);
            if let Some(n) = &network {
                eval.extend([&"--network-policy" as &dyn AsRef<std::ffi::OsStr>, n]);
            }
            let run = policy(&eval);
            assert_eq!(run.code, decision, "{context}: {run:?}");
        }
    }
    classes
}

#[test]
fn witnesses_of_the_examples_and_the_corpus_are_possible_requests() {
    let changes = Path::new("policies/changes");
    let mut classes = 0;
    for folder in [
        "allow-signed-get",
        "partner-public-path",
        "network-opens-to-any-account",
    ] {
        let dir = changes.join(folder);
        let (before, after) = (dir.join("before.json"), dir.join("after.json"));
        let networks = dir.join("network-before.json").exists().then(|| {
            (
                dir.join("network-before.json").display().to_string(),
                dir.join("network-after.json").display().to_string(),
            )
        });
        let extra: Vec<&str> = match &networks {
            Some((old, new)) => vec!["--old-network", old, "--new-network", new],
            None => Vec::new(),
        };
        classes += diff_holds(&before, &after, &extra);
        let reversed: Vec<&str> = match &networks {
            Some((old, new)) => vec!["--old-network", new, "--new-network", old],
            None => Vec::new(),
        };
        classes += diff_holds(&after, &before, &reversed);
    }
    let corpus = crate::sample::sample_relative("lattice");
    for pair in corpus.windows(2) {
        classes += diff_holds(&pair[0], Path::new(&pair[1]), &[]);
        classes += diff_holds(&pair[1], Path::new(&pair[0]), &[]);
    }
    assert!(classes >= 10, "too few classes to say anything: {classes}");
}

/// Corpus 012 and 013 with organization ids AWS gives out (theirs are
/// upper-case placeholders no caller has).
const ORG_OLD: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*"]}}}]}"#;
const ORG_NEW: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-a1b2c3d4e5/*/ou-ab12-22222222/*"]}}}]}"#;

#[test]
fn an_organization_path_that_is_the_only_difference_is_said() {
    let dir = Scratch::new("diff-org-paths");
    let old = dir.file("old.json", ORG_OLD);
    let new = dir.file("new.json", ORG_NEW);
    assert_eq!(diff_holds(&old, &new, &[]), 1);
    let run = policy(&[&"diff", &old, &new]);
    assert_eq!(run.code, 1, "{run:?}");
    // One caller class, which names the organization path that tells it
    // apart, not each identity of the organization.
    let caller = run
        .stdout
        .lines()
        .find(|l| l.contains("caller:"))
        .unwrap_or_default();
    assert!(
        caller.contains(
            "any signed caller, organization o-a1b2c3d4e5 (at an organization path such as o-a1b2c3d4e5/"
        ),
        "{}",
        run.stdout
    );
    assert!(!caller.contains("role/app"), "{}", run.stdout);
}

#[test]
fn services_no_policy_names_read_as_real_services() {
    let dir = Scratch::new("diff-service-arns");
    let any = dir.file(
        "any.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
    );
    // The service `policy eval` defaults to: the other services need another witness.
    let default = dir.file(
        "default.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/*"}]}"#,
    );
    let region = dir.file(
        "region.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:eu-west-1:*:service/*"}]}"#,
    );
    for (old, new) in [
        (&default, &any),
        (&any, &default),
        (&default, &region),
        (&region, &any),
    ] {
        assert!(diff_holds(old, new, &[]) >= 1);
    }
    let run = policy(&[&"diff", &default, &any]);
    assert!(
        run.stdout
            .contains("arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef1"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(":0:000000000000:"), "{}", run.stdout);
}
