//! Readable witnesses for Lattice ARNs. The pattern search finds the
//! shortest string of a class when no sample falls in it, which for a
//! service ARN is `arn:aws:vpc-lattice:0:000000000000:service/svc-000…`: in
//! the domain, but with a region no AWS partition has. Such a witness is
//! rewritten field by field (region, account, id) into the shapes the
//! policies write, or the defaults `policy eval` uses, keeping each change
//! only when the witness stays in its class.

use crate::keys::Domain;

/// The AWS Regions a witness takes its region from, after those the
/// policies write: the commercial Regions, the default first.
const REGIONS: &[&str] = &[
    "us-west-2",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "sa-east-1",
    "af-south-1",
    "me-south-1",
    "il-central-1",
];

/// Accounts for a witness, after those the policies write (the default of
/// `policy eval` first, then the documentation's example accounts).
const ACCOUNTS: &[&str] = &[
    "123456789012",
    "111122223333",
    "444455556666",
    "999999999999",
];

/// Resource ids (17 lower-case letters and digits), after those the policies write.
const IDS: &[&str] = &[
    "0123456789abcdef0",
    "0123456789abcdef1",
    "0fedcba9876543210",
];

/// The regions, accounts and resource ids the policies write in Lattice
/// ARNs (`written`: resource patterns and condition values), each list
/// followed by the defaults.
pub(super) struct ArnParts {
    regions: Vec<String>,
    accounts: Vec<String>,
    ids: Vec<String>,
}

impl ArnParts {
    pub(super) fn collect<'a>(written: impl Iterator<Item = &'a str>) -> ArnParts {
        let (mut regions, mut accounts, mut ids) = (Vec::new(), Vec::new(), Vec::new());
        let push = |list: &mut Vec<String>, value: &str| {
            if !list.iter().any(|v| v == value) {
                list.push(value.to_owned());
            }
        };
        for text in written {
            let Some((region, account, resource)) = fields(&text.to_ascii_lowercase()) else {
                continue;
            };
            if is_region(&region) {
                push(&mut regions, &region);
            }
            if Domain::Account.contains(&account) {
                push(&mut accounts, &account);
            }
            if let Some(id) = resource_id(&resource).and_then(|id| fill_id(&id)) {
                push(&mut ids, &id);
            }
        }
        for r in REGIONS {
            push(&mut regions, r);
        }
        for a in ACCOUNTS {
            push(&mut accounts, a);
        }
        for i in IDS {
            push(&mut ids, i);
        }
        ArnParts {
            regions,
            accounts,
            ids,
        }
    }

    /// `witness` (an ARN of `domain`) with each field whose value is not
    /// one of these replaced by the first of these that keeps `in_class`
    /// true; `witness` itself when it is not a Lattice ARN.
    pub(super) fn realistic(
        &self,
        witness: &str,
        domain: Domain,
        in_class: &dyn Fn(&str) -> bool,
    ) -> String {
        let Some((region, account, resource)) = fields(witness) else {
            return witness.to_owned();
        };
        let Some(id) = resource_id(&resource) else {
            return witness.to_owned();
        };
        let kind = resource.get(..resource.len() - id.len()).unwrap_or("");
        let (mut region, mut account, mut id) = (region, account, id);
        let arn = |r: &str, a: &str, i: &str| format!("arn:aws:vpc-lattice:{r}:{a}:{kind}{i}");
        let fits = |candidate: &str| domain.contains(candidate) && in_class(candidate);
        if !self.regions.contains(&region) {
            if let Some(r) = self.regions.iter().find(|r| fits(&arn(r, &account, &id))) {
                region.clone_from(r);
            }
        }
        if !self.accounts.contains(&account) {
            if let Some(a) = self.accounts.iter().find(|a| fits(&arn(&region, a, &id))) {
                account.clone_from(a);
            }
        }
        if !self.ids.contains(&id) {
            if let Some(i) = self.ids.iter().find(|i| fits(&arn(&region, &account, i))) {
                id.clone_from(i);
            }
        }
        arn(&region, &account, &id)
    }
}

/// The region, account and resource of a Lattice ARN.
fn fields(arn: &str) -> Option<(String, String, String)> {
    let rest = arn.strip_prefix("arn:aws:vpc-lattice:")?;
    let mut parts = rest.splitn(3, ':');
    let region = parts.next()?.to_owned();
    let account = parts.next()?.to_owned();
    let resource = parts.next()?.to_owned();
    Some((region, account, resource))
}

/// The id of a service or service network: what follows `svc-` or `sn-`,
/// up to a `/`.
fn resource_id(resource: &str) -> Option<String> {
    let after = resource
        .strip_prefix("service/svc-")
        .or_else(|| resource.strip_prefix("servicenetwork/sn-"))?;
    Some(after.split('/').next().unwrap_or("").to_owned())
}

/// A region's shape: letters, then `-`-separated words, then a number
/// (`us-west-2`, `ap-southeast-1`).
fn is_region(text: &str) -> bool {
    let words: Vec<&str> = text.split('-').collect();
    words.len() >= 3
        && words.iter().all(|w| !w.is_empty())
        && words
            .last()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
        && words
            .iter()
            .rev()
            .skip(1)
            .all(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
}

/// A resource id written with wildcards (`0123*`, `abc?def…`) as one of the
/// ids it matches: `?` as `0`, `*` as enough `0`s to make 17 characters;
/// `None` when no id matches it.
fn fill_id(pattern: &str) -> Option<String> {
    let fixed: usize = pattern.chars().filter(|c| *c != '*').count();
    let mut out = String::new();
    let mut first_star = true;
    for c in pattern.chars() {
        match c {
            '?' => out.push('0'),
            '*' if first_star => {
                first_star = false;
                out.extend(std::iter::repeat_n('0', 17usize.saturating_sub(fixed)));
            }
            '*' => {}
            c => out.push(c),
        }
    }
    let valid = out.len() == 17
        && out
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    valid.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_parts_come_first_then_the_defaults() {
        let parts = ArnParts::collect(
            [
                "arn:aws:vpc-lattice:eu-west-1:111122223333:service/svc-0123456789abcdefa/*",
                "arn:aws:vpc-lattice:*:*:service/svc-0a*",
                "*",
            ]
            .into_iter(),
        );
        assert_eq!(parts.regions.first().map(String::as_str), Some("eu-west-1"));
        assert_eq!(
            parts.accounts.first().map(String::as_str),
            Some("111122223333")
        );
        assert_eq!(
            parts.ids.get(..2),
            Some(
                &[
                    "0123456789abcdefa".to_owned(),
                    "0a000000000000000".to_owned()
                ][..]
            )
        );
        assert!(parts.regions.contains(&"us-west-2".to_owned()));
    }

    #[test]
    fn a_shortest_witness_takes_real_fields_that_keep_its_class() {
        let parts = ArnParts::collect(std::iter::empty());
        let default = "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0";
        // The class: every service but the default one.
        let not_default = |c: &str| c != default;
        let arn = parts.realistic(
            "arn:aws:vpc-lattice:0:000000000000:service/svc-00000000000000000",
            Domain::ServiceArn,
            &not_default,
        );
        assert_eq!(
            arn,
            "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef1"
        );
        // A class a field cannot leave keeps that field.
        let region_zero = |c: &str| c.starts_with("arn:aws:vpc-lattice:0:");
        let arn = parts.realistic(
            "arn:aws:vpc-lattice:0:000000000000:service/svc-00000000000000000",
            Domain::ServiceArn,
            &region_zero,
        );
        assert!(
            arn.starts_with("arn:aws:vpc-lattice:0:123456789012:"),
            "{arn}"
        );
    }

    #[test]
    fn regions_have_their_shape() {
        assert!(is_region("us-west-2"));
        assert!(is_region("ap-southeast-1"));
        assert!(!is_region("0"));
        assert!(!is_region("us-*"));
        assert_eq!(fill_id("abc*"), Some("abc00000000000000".to_owned()));
        assert_eq!(fill_id("ABC"), None);
    }
}
