//! One bad line of `requests.txt` no longer stops `policy test`: it is
//! reported at its line and column with its fix, every other line runs, and
//! the run fails at the end (exit 2) with the right counts (issue 12,
//! defect 7).

use super::*;

const MODEL: &str = "policies/no-anonymous-no-get/policy.json";

#[test]
fn a_bad_line_is_reported_where_it_is_and_the_others_still_run() {
    let dir = Scratch::new("requests-lines");
    dir.file("svc/policy.json", std::fs::read(MODEL).unwrap());
    let requests = dir.file(
        "svc/requests.txt",
        "# the first and last lines hold; one fails; three cannot be read\n\
         deny:implicit-deny GET / from anonymous\n\
         alow POST / as 111122223333\n\
         deny  GET / form anonymous\n\
         allow GET / from anonymous\n\
         deny GET / as 111122223333 vpc vpc-1\n\
         allow POST / as 111122223333\n",
    );
    let run = policy(&[&"test", &requests]);
    assert_eq!(run.code, 2, "{run:?}");
    let shown = display(&requests);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{}", run.stdout);
    assert!(
        lines[0].starts_with(&format!("ok      {shown}:2 ")),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        format!("INVALID {shown}:3:1  `alow` is not `allow`, `deny` or `deny:<reason>` (did you mean `allow`?)")
    );
    assert_eq!(
        lines[2],
        format!("INVALID {shown}:4:13  unknown word `form` (did you mean `from`?)")
    );
    assert!(
        lines[3].starts_with(&format!("FAILED  {shown}:5 ")),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].starts_with(&format!(
            "INVALID {shown}:6:32  `sourceVpc` `vpc-1` is impossible"
        )),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].starts_with(&format!("ok      {shown}:7 ")),
        "{}",
        lines[5]
    );
    assert_eq!(lines[6], "2 passed, 1 failed, 3 invalid lines");
}

#[test]
fn a_run_whose_only_problem_is_an_invalid_line_still_exits_2() {
    let dir = Scratch::new("requests-one-invalid");
    dir.file("svc/policy.json", std::fs::read(MODEL).unwrap());
    dir.file(
        "svc/requests.txt",
        "allow POST / as 111122223333\ndeny:implicit GET / from anonymous\n",
    );
    let run = policy(&[&"test", &dir.path("svc")]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.contains("(did you mean `deny:implicit-deny`?)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("1 passed, 0 failed, 1 invalid line\n"),
        "{}",
        run.stdout
    );
}
