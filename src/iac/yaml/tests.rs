use super::*;

/// The member `key` of an object node.
fn get<'a>(node: &'a Node<'static>, key: &str) -> &'a Node<'static> {
    match &node.value {
        Value::Object(members) => &members.iter().find(|m| m.key == key).unwrap().value,
        other => panic!("not an object: {other:?}"),
    }
}

fn item<'a>(node: &'a Node<'static>, index: usize) -> &'a Node<'static> {
    match &node.value {
        Value::Array(items) => &items[index],
        other => panic!("not an array: {other:?}"),
    }
}

fn written<'t>(text: &'t str, node: &Node<'_>) -> &'t str {
    node.span.slice(text).unwrap()
}

fn one(text: &str) -> Node<'static> {
    let parsed = parse(text);
    assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
    assert_eq!(parsed.documents.len(), 1);
    parsed.documents.into_iter().next().unwrap()
}

fn codes(parsed: &Parsed) -> Vec<&'static str> {
    parsed.findings.iter().map(|f| f.code()).collect()
}

#[test]
fn spans_are_bytes_of_non_ascii_text() {
    let text = "clé: [ünï, \"ç'a\"]\nnext: é\n";
    let root = one(text);
    let list = get(&root, "clé");
    assert_eq!(written(text, list), "[ünï, \"ç'a\"]");
    assert_eq!(written(text, item(list, 0)), "ünï");
    assert_eq!(written(text, item(list, 1)), "\"ç'a\"");
    assert_eq!(written(text, get(&root, "next")), "é");
    let Value::Object(members) = &root.value else {
        panic!()
    };
    assert_eq!(members[1].key_span.slice(text), Some("next"));
}

#[test]
fn plain_scalars_follow_the_core_schema_with_json_numbers_only() {
    let text = "v: 2012-10-17\nn: 12\nf: -1.5e3\nz: 012345678901\nh: 0x1F\nb: true\nB: False\nno: no\nnil: ~\ne:\nq: 'true'\ns: !!str 12\ni: !!int 7\n";
    let root = one(text);
    let value = |k: &str| get(&root, k).value.clone();
    assert_eq!(value("v"), Value::String("2012-10-17".into()));
    assert_eq!(value("n"), Value::Number("12".into()));
    assert_eq!(value("f"), Value::Number("-1.5e3".into()));
    assert_eq!(value("z"), Value::String("012345678901".into()));
    assert_eq!(value("h"), Value::String("0x1F".into()));
    assert_eq!(value("b"), Value::Bool(true));
    assert_eq!(value("B"), Value::Bool(false));
    assert_eq!(value("no"), Value::String("no".into()));
    assert_eq!(value("nil"), Value::Null);
    assert_eq!(value("e"), Value::Null);
    assert_eq!(value("q"), Value::String("true".into()));
    assert_eq!(value("s"), Value::String("12".into()));
    assert_eq!(value("i"), Value::Number("7".into()));
}

#[test]
fn short_form_tags_become_long_form_objects() {
    let text = "\
a: !Ref Service
b: !GetAtt Role.Arn
c: !GetAtt [Db, Endpoint.Address]
d: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'
e: !Join [':', [a, !Ref B]]
f: !If [IsProd, x, !Ref AWS::NoValue]
g: !Select [0, !Split [',', !ImportValue Vpcs]]
h: !FindInMap [M, !Ref AWS::Region, k]
i: !Equals [!Ref Env, prod]
j: !And [!Condition A, !Or [!Condition B, !Not [!Condition C]]]
k: !Base64 text
l: !Cidr [10.0.0.0/16, 4, 8]
m: !GetAZs ''
n: !Include other.yaml
";
    let root = one(text);
    let only = |node: &Node<'static>| -> (String, Node<'static>) {
        let Value::Object(members) = &node.value else {
            panic!("{node:?}")
        };
        assert_eq!(members.len(), 1);
        (members[0].key.to_string(), members[0].value.clone())
    };
    let a = get(&root, "a");
    assert_eq!(written(text, a), "!Ref Service");
    let (key, value) = only(a);
    assert_eq!(key, "Ref");
    assert_eq!(value.value, Value::String("Service".into()));
    assert_eq!(written(text, &value), "Service");
    let Value::Object(members) = &a.value else {
        panic!()
    };
    assert_eq!(members[0].key_span.slice(text), Some("!Ref"));

    let (key, value) = only(get(&root, "b"));
    assert_eq!(key, "Fn::GetAtt");
    assert_eq!(written(text, item(&value, 0)), "Role");
    assert_eq!(written(text, item(&value, 1)), "Arn");
    assert_eq!(item(&value, 1).value, Value::String("Arn".into()));
    let (_, value) = only(get(&root, "c"));
    assert_eq!(
        item(&value, 1).value,
        Value::String("Endpoint.Address".into())
    );

    for (k, long) in [
        ("d", "Fn::Sub"),
        ("e", "Fn::Join"),
        ("f", "Fn::If"),
        ("g", "Fn::Select"),
        ("h", "Fn::FindInMap"),
        ("i", "Fn::Equals"),
        ("j", "Fn::And"),
        ("k", "Fn::Base64"),
        ("l", "Fn::Cidr"),
        ("m", "Fn::GetAZs"),
    ] {
        assert_eq!(only(get(&root, k)).0, long, "{k}");
    }
    let (_, d) = only(get(&root, "d"));
    assert_eq!(
        d.value,
        Value::String("arn:${AWS::Partition}:iam::${AWS::AccountId}:root".into())
    );
    let (_, e) = only(get(&root, "e"));
    assert_eq!(only(item(item(&e, 1), 1)).0, "Ref");
    let (_, f) = only(get(&root, "f"));
    assert_eq!(
        only(item(&f, 2)).1.value,
        Value::String("AWS::NoValue".into())
    );
    let (_, j) = only(get(&root, "j"));
    assert_eq!(only(item(&j, 0)).0, "Condition");
    let (_, l) = only(get(&root, "l"));
    assert_eq!(item(&l, 1).value, Value::Number("4".into()));
    // A tag CloudFormation does not define: its value is not known here.
    let n = get(&root, "n");
    assert_eq!(n.value, Value::Unknown("!Include other.yaml".into()));
}

#[test]
fn a_tagged_block_sequence_spans_the_tag_and_its_items() {
    let text = "Principal:\n  AWS: !Sub\n    - 'arn:aws:iam::${A}:root'\n    - A: !Ref AWS::AccountId\nAfter: 1\n";
    let root = one(text);
    let aws = get(get(&root, "Principal"), "AWS");
    assert!(written(text, aws).starts_with("!Sub"));
    assert!(written(text, aws).ends_with("!Ref AWS::AccountId"));
}

#[test]
fn block_scalars_span_from_their_header_and_map_back_with_crlf() {
    let text = "spec:\r\n  policy: |\r\n    {\r\n      \"Version\": \"2012-10-17\"\r\n    }\r\n  other: >2-\r\n      indented\r\n";
    let root = one(text);
    let policy = get(get(&root, "spec"), "policy");
    let value = policy.value.as_str().unwrap().to_owned();
    assert_eq!(value, "{\n  \"Version\": \"2012-10-17\"\n}\n");
    assert!(written(text, policy).starts_with('|'));
    assert!(written(text, policy).ends_with('}'));
    let map = string_map(text, policy.span, &value);
    let version = value.find("2012").unwrap();
    assert_eq!(map.start(version), text.find("2012").unwrap());
    let close = value.rfind('}').unwrap();
    assert_eq!(map.start(close), text.rfind('}').unwrap());
    // An indentation indicator keeps the extra spaces in the value.
    let other = get(get(&root, "spec"), "other");
    assert_eq!(other.value.as_str(), Some("  indented"));
    let map = string_map(text, other.span, "  indented");
    assert_eq!(map.start(2), text.find("indented").unwrap());
}

#[test]
fn a_tagged_block_scalar_keeps_its_header_in_the_inner_span() {
    let text = "a: !Sub |\n  {\"x\": \"${A}\"}\n";
    let root = one(text);
    let Value::Object(members) = &get(&root, "a").value else {
        panic!()
    };
    let inner = &members[0].value;
    assert!(written(text, inner).starts_with('|'));
    let value = inner.value.as_str().unwrap();
    let map = string_map(text, inner.span, value);
    assert_eq!(map.start(2), text.find("x\"").unwrap());
}

#[test]
fn duplicate_keys_are_reported_and_the_first_kept() {
    let text = "a: 1\nb: 2\na: 3\n";
    let parsed = parse(text);
    assert_eq!(codes(&parsed), ["DUPLICATE_KEY"]);
    assert_eq!(parsed.findings[0].span, Span::new(10, 11));
    assert_eq!(parsed.findings[0].related[0].span, Span::new(0, 1));
    let root = &parsed.documents[0];
    assert_eq!(get(root, "a").value, Value::Number("1".into()));
}

#[test]
fn a_key_that_is_not_a_scalar_is_a_syntax_error() {
    let text = "? [a, b]\n: c\nd: e\n";
    let parsed = parse(text);
    assert_eq!(codes(&parsed), ["YAML_SYNTAX_ERROR"]);
    assert_eq!(
        get(&parsed.documents[0], "d").value,
        Value::String("e".into())
    );
}

#[test]
fn billion_laughs_stops_at_the_alias_limit() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = 'a';
    for name in "bcdefghijk".chars() {
        let aliases = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        previous = name;
    }
    let parsed = parse(&text);
    assert_eq!(codes(&parsed), ["YAML_LIMIT_EXCEEDED"]);
    let total: usize = parsed.documents.iter().map(count_nodes).sum();
    assert!(total < 3 * MAX_ALIAS_NODES, "{total}");
    // The finding is on the line where expansion stopped.
    let line = text[..parsed.findings[0].span.offset()]
        .matches('\n')
        .count();
    assert!((4..=6).contains(&line), "{line}");
}

#[test]
fn small_aliases_expand() {
    let root = one("base: &b {Effect: Allow}\ncopy: *b\n");
    assert_eq!(get(&root, "copy").value, get(&root, "base").value);
}

#[test]
fn nesting_past_the_limit_is_cut() {
    let depth = MAX_DEPTH + 10;
    let text = format!("{}1{}\nafter: 2\n", "[".repeat(depth), "]".repeat(depth));
    let text = format!("a: {text}");
    let parsed = parse(&text);
    assert_eq!(codes(&parsed), ["YAML_LIMIT_EXCEEDED"]);
    assert_eq!(parsed.findings[0].span.offset(), 3 + MAX_DEPTH - 1);
    assert_eq!(
        get(&parsed.documents[0], "after").value,
        Value::Number("2".into())
    );
    // Very deep input is still read in bounded time.
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let parsed = parse(&deep);
    assert_eq!(codes(&parsed), ["YAML_LIMIT_EXCEEDED"]);
}

#[test]
fn a_tab_in_indentation_is_located() {
    let text = "a: 1\nb:\n\tc: 2\n";
    let parsed = parse(text);
    assert_eq!(codes(&parsed), ["YAML_SYNTAX_ERROR"]);
    let at = parsed.findings[0].span.offset();
    assert!((5..=9).contains(&at), "{at}");
}

#[test]
fn a_byte_order_mark_is_skipped_and_counted_in_spans() {
    let text = "\u{feff}a: b\n";
    let root = one(text);
    assert_eq!(get(&root, "a").span, Span::new(6, 7));
}

#[test]
fn documents_are_read_in_order_and_a_broken_one_hides_no_other() {
    let text = "kind: A\n---\nkind: [B\n---\nkind: C\n...\n---\nkind: D\n";
    let parsed = parse(text);
    assert_eq!(codes(&parsed), ["YAML_SYNTAX_ERROR"]);
    let kinds: Vec<_> = parsed
        .documents
        .iter()
        .map(|d| get(d, "kind").value.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["A", "C", "D"]);
    let d = parsed.documents.last().unwrap();
    assert_eq!(written(text, get(d, "kind")), "D");
    assert_eq!(get(d, "kind").span.offset(), text.rfind('D').unwrap());
}

#[test]
fn malformed_input_never_panics() {
    for text in [
        "",
        "---",
        "- - -",
        "a: [",
        "a: {b",
        "'",
        "\"\\",
        "a: |",
        "a: |\n",
        "&a *a",
        "*x",
        "!",
        "a: !",
        "? ",
        ": ",
        "a:\n  - b\n c",
        "\t",
        "a: >\n\tb",
        "[}",
        "{]",
        "a: b: c",
        "%YAML 1.2\n%YAML 1.2\n---",
        "a: !<tag:x> b",
    ] {
        let parsed = parse(text);
        for span in parsed.documents.iter().flat_map(Node::spans) {
            assert!(span.offset() + span.len() <= text.len(), "{text:?}");
        }
    }
}

#[test]
fn tabs_inside_a_block_scalar_are_content() {
    let text = "policy: |\n  {\n  \t\"Version\": \"2012-10-17\"\n  }\n";
    let root = one(text);
    let policy = get(&root, "policy");
    let value = policy.value.as_str().unwrap();
    assert_eq!(value, "{\n\t\"Version\": \"2012-10-17\"\n}\n");
    let map = string_map(text, policy.span, value);
    assert_eq!(
        map.start(value.find("Version").unwrap()),
        text.find("Version").unwrap()
    );
    // A tab where the block's indentation should be is an error, located.
    let parsed = parse("a: 1\npolicy: |\n\t{}\n");
    assert!(codes(&parsed).iter().all(|c| *c == "YAML_SYNTAX_ERROR"));
}

#[test]
fn a_cloudformation_template_reads_as_its_json_form() {
    let text = "\
AWSTemplateFormatVersion: '2010-09-09'
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Parameters:
  pVpcIds: {Type: List<String>}
Resources:
  NetworkAuthPolicy:
    Type: AWS::VpcLattice::AuthPolicy
    Properties:
      ResourceIdentifier: !Ref ServiceNetwork
      Policy:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: vpc-lattice-svcs:Invoke
            Resource: '*'
            Condition:
              StringEquals:
                vpc-lattice-svcs:SourceVpc: !Ref pVpcIds
";
    let (documents, findings) = template_documents(text);
    assert!(findings.is_empty(), "{findings:?}");
    let policy = get(
        get(
            get(get(&documents[0], "Resources"), "NetworkAuthPolicy"),
            "Properties",
        ),
        "Policy",
    );
    let statement = item(get(policy, "Statement"), 0);
    assert_eq!(get(statement, "Principal").value, Value::String("*".into()));
    let vpc = get(
        get(get(statement, "Condition"), "StringEquals"),
        "vpc-lattice-svcs:SourceVpc",
    );
    assert_eq!(written(text, vpc), "!Ref pVpcIds");
    assert_eq!(get(vpc, "Ref").value, Value::String("pVpcIds".into()));
    let version = get(&documents[0], "AWSTemplateFormatVersion");
    assert_eq!(version.value, Value::String("2010-09-09".into()));
    assert_eq!(written(text, version), "'2010-09-09'");
}

#[test]
fn a_repeated_key_in_a_large_mapping_is_found_through_its_index() {
    let mut text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
    text.push_str("k7: again\nk99: again\n");
    let parsed = parse(&text);
    assert_eq!(codes(&parsed), ["DUPLICATE_KEY", "DUPLICATE_KEY"]);
    assert_eq!(parsed.findings[0].related[0].span.slice(&text), Some("k7"));
    assert_eq!(parsed.findings[1].related[0].span.slice(&text), Some("k99"));
    assert_eq!(
        get(&parsed.documents[0], "k7").value,
        Value::Number("7".into())
    );
}

#[test]
fn documents_past_the_limit_are_not_read() {
    let text = "---\na: 1\n".repeat(MAX_DOCUMENTS + 5);
    let parsed = parse(&text);
    assert_eq!(codes(&parsed), ["YAML_LIMIT_EXCEEDED"]);
    assert_eq!(parsed.documents.len(), MAX_DOCUMENTS);
    // The finding is at the first document not read.
    let at = parsed.findings[0].span.offset();
    assert_eq!(text[..at].matches("---").count(), MAX_DOCUMENTS);
}

#[test]
fn merge_keys_merge_with_written_keys_winning() {
    let text =
        "base: &b {a: 1, b: 2}\nother: &o {b: 3, c: 4}\nm:\n  a: 0\n  <<: [*b, *o]\n  c: 5\n";
    let root = one(text);
    let m = get(&root, "m");
    let Value::Object(members) = &m.value else {
        panic!("object")
    };
    let keys: Vec<&str> = members.iter().map(|m| &*m.key).collect();
    assert_eq!(keys, ["a", "b", "c"]);
    // `a` and `c` are written in the mapping; `b` comes from the first
    // mapping that names it, spanned where it was written there.
    assert_eq!(written(text, get(m, "a")), "0");
    assert_eq!(written(text, get(m, "b")), "2");
    assert_eq!(get(m, "b").span.offset(), text.find("b: 2").unwrap() + 3);
    assert_eq!(written(text, get(m, "c")), "5");
}

#[test]
fn a_quoted_merge_key_is_an_ordinary_key_and_a_bad_merge_value_is_located() {
    let root = one("m: {\"<<\": 1}\n");
    assert_eq!(written("m: {\"<<\": 1}\n", get(get(&root, "m"), "<<")), "1");
    let text = "m:\n  <<: 3\n  a: 1\n";
    let parsed = parse(text);
    assert_eq!(codes(&parsed), ["YAML_SYNTAX_ERROR"]);
    assert_eq!(parsed.findings[0].span.offset(), text.find('3').unwrap());
    let root = &parsed.documents[0];
    assert_eq!(written(text, get(get(root, "m"), "a")), "1");
}

#[test]
fn merge_keys_count_against_the_alias_budget() {
    // Each level merges the one before twice over: without the budget, 2^40
    // members' worth of copies.
    let mut text = String::from("l0: &l0 {x: 1}\n");
    for i in 1..=40 {
        let before = i - 1;
        text.push_str(&format!(
            "l{i}: &l{i} {{<<: [*l{before}, *l{before}], k{i}: [*l{before}, *l{before}]}}\n"
        ));
    }
    let started = std::time::Instant::now();
    let parsed = parse(&text);
    assert!(started.elapsed().as_secs() < 5);
    assert!(
        codes(&parsed).contains(&"YAML_LIMIT_EXCEEDED"),
        "{:?}",
        codes(&parsed)
    );
    assert_eq!(parsed.aliases.len(), 160);
}
