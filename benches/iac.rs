//! `policy check` on policies where they live (issue 13, "Speed"): the
//! release binary, as a pipeline runs it, on generated inputs.
//!
//! * `cfn`: a CloudFormation template of 2,000 resources holding 200 auth
//!   policies, written as YAML and as JSON, against the same 200 policies as
//!   standalone JSON files. Goal: extraction adds under 20% to the
//!   standalone time.
//! * `tf`: a Terraform tree of 500 `.tf` files (100 module directories)
//!   holding the same 200 policies (`jsonencode` and heredocs), against the
//!   same standalone files.
//! * `scan`: a repository of 20,000 files of which 1% hold policies (the
//!   rest: source code, `package.json`, Helm values, GitHub workflows,
//!   Markdown, other JSON and YAML, Terraform and CloudFormation without
//!   Lattice). Goal: `policy check` of the tree under 1 s.
//!
//! ```text
//! nice cargo bench --bench iac                  # every case, 11 runs each
//! nice cargo bench --bench iac -- scan --runs 5 # the cases named, other run counts
//! cargo bench --bench iac -- --keep             # leave the inputs under target/tmp/iac-bench
//! ```
//!
//! Before timing, one run of each input in JSON format is read back: the
//! bench fails unless every policy is found (and no other), so a faster
//! run that misses policies cannot pass for a faster one. Runs of the
//! inputs compared alternate, so that a busy moment of the shared machine
//! slows each of them; a figure is the median. Times are measured by GNU
//! time (`/usr/bin/time -f "%e %U %S"`): wall clock, and CPU (user +
//! system), which moves less with the machine's load.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// Auth policies in each generated input.
const POLICIES: usize = 200;
/// Resources of the CloudFormation template.
const TEMPLATE_RESOURCES: usize = 2_000;
/// Terraform module directories, of [`TF_FILES_PER_MODULE`] files each.
const TF_MODULES: usize = 100;
const TF_FILES_PER_MODULE: usize = 5;
/// Files of the repository scan, and how many of them hold policies.
const SCAN_FILES: usize = 20_000;
const SCAN_POLICY_FILES: usize = SCAN_FILES / 100;

/// A 17-hex-digit id, different for every `i` and `salt`.
fn id(i: usize, salt: u64) -> String {
    let mixed = (i as u64 + 1)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(salt);
    format!("{:017x}", mixed & 0x0fff_ffff_ffff_ffff)
}

/// The `i`th auth policy: four shapes seen in real repositories (an
/// organization reading, named accounts and roles on paths with a `Deny`
/// outside the VPCs, signed callers of one account with method rules, and
/// an open read, which has findings), each with values of its own.
fn policy(i: usize) -> Value {
    let service = format!(
        "arn:aws:vpc-lattice:us-east-1:123456789012:service/svc-{}",
        id(i, 1)
    );
    let statements = match i % 4 {
        0 => json!([{
            "Sid": "OrganizationReads",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "vpc-lattice-svcs:Invoke",
            "Resource": format!("{service}/*"),
            "Condition": {
                "StringEquals": {
                    "aws:PrincipalOrgID": format!("o-{}", &id(i, 2)[..10]),
                    "vpc-lattice-svcs:RequestMethod": ["GET", "HEAD"]
                }
            }
        }]),
        1 => json!([
            {
                "Sid": "CallersOnOrders",
                "Effect": "Allow",
                "Principal": {"AWS": [
                    "arn:aws:iam::111122223333:root",
                    format!("arn:aws:iam::444455556666:role/orders-{i}")
                ]},
                "Action": "vpc-lattice-svcs:Invoke",
                "Resource": [format!("{service}/orders"), format!("{service}/orders/*")]
            },
            {
                "Sid": "OnlyFromOurVpcs",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "vpc-lattice-svcs:Invoke",
                "Resource": "*",
                "Condition": {
                    "StringNotEquals": {
                        "vpc-lattice-svcs:SourceVpc": [
                            format!("vpc-{}", id(i, 3)),
                            format!("vpc-{}", id(i, 4))
                        ]
                    }
                }
            }
        ]),
        2 => json!([
            {
                "Sid": "SignedCallersOfOneAccount",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                "Action": "vpc-lattice-svcs:Invoke",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"vpc-lattice-svcs:RequestMethod": ["GET", "POST"]},
                    "StringLike": {"vpc-lattice-svcs:RequestPath": [format!("/api/v{}/*", i % 7 + 1)]}
                }
            },
            {
                "Sid": "NoDeletes",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "vpc-lattice-svcs:Invoke",
                "Resource": "*",
                "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "DELETE"}}
            }
        ]),
        _ => json!([{
            "Sid": "OpenRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "vpc-lattice-svcs:Invoke",
            "Resource": format!("{service}/public/*"),
            "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}
        }]),
    };
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// A JSON string literal, which is also a YAML double-quoted scalar and an
/// HCL string for the ASCII text written here.
fn quoted(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// `value` as a YAML block, indented by `indent` spaces.
fn yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(members) => {
            for (key, value) in members {
                let key = if key.contains(':') {
                    quoted(key)
                } else {
                    key.clone()
                };
                match value {
                    Value::Object(_) | Value::Array(_) => {
                        let _ = writeln!(out, "{pad}{key}:");
                        yaml(value, indent + 2, out);
                    }
                    _ => {
                        let _ = writeln!(out, "{pad}{key}: {}", scalar(value));
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(_) => {
                        // `- ` then the mapping, its first key on the dash's line.
                        let mut block = String::new();
                        yaml(item, indent + 2, &mut block);
                        let _ = write!(out, "{pad}- {}", &block[indent + 2..]);
                    }
                    _ => {
                        let _ = writeln!(out, "{pad}- {}", scalar(item));
                    }
                }
            }
        }
        _ => {
            let _ = writeln!(out, "{pad}{}", scalar(value));
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => quoted(s),
        other => other.to_string(),
    }
}

/// `value` as an HCL expression, as written inside `jsonencode(...)`.
fn hcl(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent + 2);
    match value {
        Value::Object(members) => {
            out.push_str("{\n");
            for (key, value) in members {
                let key = if key.contains(':') || key.contains('-') {
                    quoted(key)
                } else {
                    key.clone()
                };
                let _ = write!(out, "{pad}{key} = ");
                hcl(value, indent + 2, out);
                out.push('\n');
            }
            let _ = write!(out, "{}}}", " ".repeat(indent));
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for item in items {
                out.push_str(&pad);
                hcl(item, indent + 2, out);
                out.push_str(",\n");
            }
            let _ = write!(out, "{}]", " ".repeat(indent));
        }
        other => out.push_str(&scalar(other)),
    }
}

/// Resources that are not Lattice's, as a template of an application has
/// them: functions, roles with their own policies, buckets, queues.
fn other_resource(i: usize) -> (String, Value) {
    match i % 4 {
        0 => (
            format!("Handler{i}Function"),
            json!({"Type": "AWS::Lambda::Function", "Properties": {
                "Handler": "app.handler", "Runtime": "python3.12",
                "Code": {"S3Bucket": "artifacts", "S3Key": format!("handler-{i}.zip")},
                "MemorySize": 256, "Timeout": 30}}),
        ),
        1 => (
            format!("Handler{i}Role"),
            json!({"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole"}]},
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]}}),
        ),
        2 => (
            format!("Data{i}Bucket"),
            json!({"Type": "AWS::S3::Bucket", "Properties": {
                "BucketName": format!("data-{i}"),
                "VersioningConfiguration": {"Status": "Enabled"}}}),
        ),
        _ => (
            format!("Events{i}Queue"),
            json!({"Type": "AWS::SQS::Queue", "Properties": {
                "VisibilityTimeout": 60, "MessageRetentionPeriod": 345_600}}),
        ),
    }
}

/// The template: [`POLICIES`] services, each with its auth policy, one
/// service network, and other resources up to [`TEMPLATE_RESOURCES`].
fn template() -> Value {
    let mut resources = serde_json::Map::new();
    resources.insert(
        "Network".to_string(),
        json!({"Type": "AWS::VpcLattice::ServiceNetwork", "Properties": {"Name": "platform", "AuthType": "NONE"}}),
    );
    for i in 0..POLICIES {
        resources.insert(
            format!("Service{i}"),
            json!({"Type": "AWS::VpcLattice::Service", "Properties": {"Name": format!("service-{i}"), "AuthType": "AWS_IAM"}}),
        );
        resources.insert(
            format!("Service{i}AuthPolicy"),
            json!({"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {
                "ResourceIdentifier": {"Fn::GetAtt": [format!("Service{i}"), "Arn"]},
                "Policy": policy(i)}}),
        );
    }
    let mut i = 0;
    while resources.len() < TEMPLATE_RESOURCES {
        let (name, resource) = other_resource(i);
        resources.insert(name, resource);
        i += 1;
    }
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "A platform of services behind VPC Lattice (generated for the iac benchmark)",
        "Resources": resources
    })
}

/// The template as YAML, intrinsics in their short form (`!GetAtt X.Arn`).
fn template_yaml(template: &Value) -> String {
    let mut out = String::from(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: A platform of services behind VPC Lattice (generated)\nResources:\n",
    );
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return out;
    };
    for (name, resource) in resources {
        let _ = writeln!(out, "  {name}:");
        let Some(fields) = resource.as_object() else {
            continue;
        };
        for (key, value) in fields {
            if key != "Properties" {
                let _ = writeln!(out, "    {key}: {}", scalar(value));
                continue;
            }
            out.push_str("    Properties:\n");
            let Some(properties) = value.as_object() else {
                continue;
            };
            for (property, value) in properties {
                match value.get("Fn::GetAtt").and_then(Value::as_array) {
                    Some(parts) => {
                        let parts: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
                        let _ = writeln!(out, "      {property}: !GetAtt {}", parts.join("."));
                    }
                    None => {
                        let mut single = serde_json::Map::new();
                        single.insert(property.clone(), value.clone());
                        yaml(&Value::Object(single), 6, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// One module directory of the Terraform tree: two services with their
/// auth policies (one `jsonencode`, one heredoc), and the files a module
/// has beside them.
fn terraform_module(m: usize) -> Vec<(&'static str, String)> {
    let mut lattice = String::new();
    for k in 0..2 {
        let i = m * 2 + k;
        let _ = write!(
            lattice,
            "resource \"aws_vpclattice_service\" \"s{i}\" {{\n  name      = \"service-{i}\"\n  auth_type = \"AWS_IAM\"\n  tags      = var.tags\n}}\n\n"
        );
        let _ = write!(
            lattice,
            "resource \"aws_vpclattice_auth_policy\" \"s{i}\" {{\n  resource_identifier = aws_vpclattice_service.s{i}.arn\n"
        );
        if k == 0 {
            lattice.push_str("  policy = jsonencode(");
            hcl(&policy(i), 2, &mut lattice);
            lattice.push_str(")\n}\n\n");
        } else {
            let text = serde_json::to_string_pretty(&policy(i)).unwrap_or_default();
            let _ = write!(lattice, "  policy = <<-EOT\n{text}\n  EOT\n}}\n\n");
        }
    }
    let variables = "variable \"tags\" {\n  type    = map(string)\n  default = {}\n}\n\nvariable \"vpc_id\" {\n  type = string\n}\n".to_string();
    let outputs = format!(
        "output \"service_arns\" {{\n  value = [aws_vpclattice_service.s{}.arn, aws_vpclattice_service.s{}.arn]\n}}\n",
        m * 2,
        m * 2 + 1
    );
    let versions = "terraform {\n  required_version = \">= 1.5\"\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.0\"\n    }\n  }\n}\n".to_string();
    let iam = format!(
        "resource \"aws_iam_role\" \"handler\" {{\n  name = \"handler-{m}\"\n  assume_role_policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{\n      Effect    = \"Allow\"\n      Principal = {{ Service = \"lambda.amazonaws.com\" }}\n      Action    = \"sts:AssumeRole\"\n    }}]\n  }})\n}}\n\nresource \"aws_s3_bucket\" \"data\" {{\n  bucket = \"data-{m}\"\n}}\n"
    );
    vec![
        ("lattice.tf", lattice),
        ("variables.tf", variables),
        ("outputs.tf", outputs),
        ("versions.tf", versions),
        ("iam.tf", iam),
    ]
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The standalone JSON files of the same policies.
fn write_standalone(dir: &Path, count: usize) -> Result<(), String> {
    for i in 0..count {
        let text = serde_json::to_string_pretty(&policy(i)).unwrap_or_default();
        write(&dir.join(format!("policy-{i:03}.json")), &text)?;
    }
    Ok(())
}

/// The repository of the scan: `SCAN_FILES` files in folders of 20, one
/// in a hundred holding policies (standalone JSON, a CloudFormation
/// template, a Terraform file, a Kubernetes manifest, in turn).
fn write_repository(dir: &Path) -> Result<usize, String> {
    let mut policies = 0usize;
    for n in 0..SCAN_FILES {
        // Folders of 20 files, each with one of every kind of filler.
        let folder = dir.join(format!("pkg{:03}/part{}", n / 100, n % 100 / 20));
        let i = n / 100;
        // The policy file of the folder is its 50th; the kinds of file take
        // turns across the policies' shapes, so each kind holds every shape.
        let (name, text) = if n % 100 == 50 {
            policies += 1;
            match i / 4 % 4 {
                0 => (
                    "auth-policy.json".to_string(),
                    serde_json::to_string_pretty(&policy(i)).unwrap_or_default(),
                ),
                1 => {
                    let mut text = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Service:\n    Type: AWS::VpcLattice::Service\n    Properties:\n      AuthType: AWS_IAM\n  ServiceAuthPolicy:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      ResourceIdentifier: !Ref Service\n".to_string();
                    let mut single = serde_json::Map::new();
                    single.insert("Policy".to_string(), policy(i));
                    yaml(&Value::Object(single), 6, &mut text);
                    ("template.yaml".to_string(), text)
                }
                2 => {
                    let mut text = format!("resource \"aws_vpclattice_service\" \"api\" {{\n  name      = \"api-{i}\"\n  auth_type = \"AWS_IAM\"\n}}\n\nresource \"aws_vpclattice_auth_policy\" \"api\" {{\n  resource_identifier = aws_vpclattice_service.api.arn\n  policy = jsonencode(");
                    hcl(&policy(i), 2, &mut text);
                    text.push_str(")\n}\n");
                    ("lattice.tf".to_string(), text)
                }
                _ => {
                    let policy = serde_json::to_string_pretty(&policy(i)).unwrap_or_default();
                    let indented: String = policy.lines().map(|l| format!("    {l}\n")).collect();
                    (
                        "auth-policy.yaml".to_string(),
                        format!("apiVersion: application-networking.k8s.aws/v1alpha1\nkind: IAMAuthPolicy\nmetadata:\n  name: api-{i}\n  namespace: apps\nspec:\n  targetRef:\n    group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    name: api-{i}\n  policy: |\n{indented}"),
                    )
                }
            }
        } else {
            filler(n)
        };
        write(&folder.join(name), &text)?;
    }
    Ok(policies)
}

/// A file of a repository that holds no policy.
fn filler(n: usize) -> (String, String) {
    let body =
        "// Handles one request: reads the body, validates it, writes the record.\n".repeat(20);
    match n % 20 {
        0 => (
            "package.json".to_string(),
            format!("{{\n  \"name\": \"pkg-{n}\",\n  \"version\": \"1.0.{n}\",\n  \"scripts\": {{\"build\": \"tsc\", \"test\": \"jest\"}},\n  \"dependencies\": {{\"express\": \"^4.19.2\", \"zod\": \"^3.23.0\"}}\n}}\n"),
        ),
        1 => (
            "values.yaml".to_string(),
            format!("replicaCount: 2\nimage:\n  repository: registry.example.com/app-{n}\n  tag: \"1.{n}\"\nservice:\n  type: ClusterIP\n  port: 8080\nresources:\n  limits:\n    cpu: 500m\n    memory: 256Mi\n"),
        ),
        2 => (
            format!("ci-{n}.yml"),
            format!("name: ci\non:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test TARGET={n}\n"),
        ),
        3 => ("README.md".to_string(), format!("# Package {n}\n\n{body}")),
        4 => (
            "tsconfig.json".to_string(),
            "{\n  \"compilerOptions\": {\"target\": \"es2022\", \"module\": \"nodenext\", \"strict\": true}\n}\n".to_string(),
        ),
        5 => (
            "deployment.yaml".to_string(),
            format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{n}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:{n}\n"),
        ),
        6 => (
            "storage.tf".to_string(),
            format!("resource \"aws_s3_bucket\" \"b{n}\" {{\n  bucket = \"bucket-{n}\"\n}}\n\nresource \"aws_iam_role_policy\" \"r{n}\" {{\n  role = \"app\"\n  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"*\" }}]\n  }})\n}}\n"),
        ),
        7 => (
            "queue.template.yaml".to_string(),
            format!("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Queue{n}:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n"),
        ),
        8 => (
            "data.json".to_string(),
            format!("[{{\"id\": {n}, \"name\": \"record\", \"tags\": [\"a\", \"b\"]}}, {{\"id\": {}, \"name\": \"other\"}}]\n", n + 1),
        ),
        9 => ("main.py".to_string(), format!("def handler(event, context):\n    return {{'status': {n}}}\n{}", body.replace("//", "#"))),
        10..=14 => (format!("mod{n}.rs"), format!("//! Module {n}.\n{body}pub fn f() -> u32 {{ {n} }}\n")),
        _ => (format!("index{n}.ts"), format!("{body}export const value = {n};\n")),
    }
}

/// One run's figures.
#[derive(Clone, Copy)]
struct Run {
    wall: f64,
    cpu: f64,
}

/// `policy check --no-config --format json PATH`, its output discarded.
fn run(path: &Path, stats: &Path) -> Result<Run, String> {
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%e %U %S", "-o"])
        .arg(stats)
        .arg(env!("CARGO_BIN_EXE_policy"))
        .args(["check", "--no-config", "--format", "json"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run /usr/bin/time (GNU time): {e}"))?;
    if !matches!(status.code(), Some(0 | 1)) {
        return Err(format!("{}: exit status {status}", path.display()));
    }
    let text = std::fs::read_to_string(stats).map_err(|e| e.to_string())?;
    let numbers: Vec<f64> = text
        .lines()
        .next_back()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers.as_slice() {
        [wall, user, system] => Ok(Run {
            wall: *wall,
            cpu: user + system,
        }),
        _ => Err(format!("no times in {text:?}")),
    }
}

/// The policies `check` reports for `path` (the `policies` of each
/// infrastructure file, one per standalone policy file) and the files it
/// skipped.
fn found(path: &Path) -> Result<(usize, usize), String> {
    let output = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(["check", "--no-config", "--format", "json"])
        .arg(path)
        .output()
        .map_err(|e| e.to_string())?;
    let report: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("{}: not a JSON report: {e}", path.display()))?;
    let files = report
        .get("files")
        .and_then(Value::as_array)
        .ok_or("no files in the report")?;
    let policies = files
        .iter()
        .map(|f| {
            f.get("policies")
                .and_then(Value::as_array)
                .map_or(1, Vec::len)
        })
        .sum();
    let skipped = report
        .pointer("/summary/notPolicies")
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    Ok((policies, skipped))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Times `inputs` alternately, `runs` times each, after checking that each
/// holds the policies it should; prints a row per input, with its ratio to
/// the first.
fn compare(inputs: &[(&str, PathBuf, usize)], runs: usize, dir: &Path) -> Result<(), String> {
    for (label, path, policies) in inputs {
        let (found, skipped) = found(path)?;
        if found != *policies {
            return Err(format!(
                "{label}: {found} policies found, {policies} expected"
            ));
        }
        println!("{label}: {found} policies found, {skipped} files skipped");
    }
    let stats = dir.join("time.txt");
    let mut times: Vec<Vec<Run>> = vec![Vec::new(); inputs.len()];
    for _ in 0..runs {
        for ((_, path, _), times) in inputs.iter().zip(times.iter_mut()) {
            times.push(run(path, &stats)?);
        }
    }
    println!(
        "{:<34} {:>9} {:>9} {:>14} {:>8}",
        "input", "wall ms", "CPU ms", "CPU/policy ms", "ratio"
    );
    let first = times
        .first()
        .map(|t| median(t.iter().map(|r| r.cpu).collect()))
        .unwrap_or(f64::NAN);
    for ((label, _, policies), times) in inputs.iter().zip(&times) {
        let wall = median(times.iter().map(|r| r.wall).collect()) * 1e3;
        let cpu = median(times.iter().map(|r| r.cpu).collect());
        println!(
            "{label:<34} {wall:>9.0} {:>9.0} {:>14.2} {:>8.2}",
            cpu * 1e3,
            cpu * 1e3 / *policies as f64,
            cpu / first
        );
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(11);
    let keep = args.iter().any(|a| a == "--keep");
    let named: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| matches!(*a, "cfn" | "tf" | "scan"))
        .collect();
    let wants = |case: &str| named.is_empty() || named.contains(&case);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("iac-bench");
    let _ = std::fs::remove_dir_all(&dir);
    let result = (|| -> Result<(), String> {
        println!(
            "load average: {}",
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .trim()
        );
        let standalone = dir.join("standalone");
        if wants("cfn") || wants("tf") {
            write_standalone(&standalone, POLICIES)?;
        }
        if wants("cfn") {
            let template = template();
            let json_path = dir.join("cfn/platform.template.json");
            let yaml_path = dir.join("cfn/platform.yaml");
            write(
                &json_path,
                &serde_json::to_string_pretty(&template).unwrap_or_default(),
            )?;
            write(&yaml_path, &template_yaml(&template))?;
            println!("\nCloudFormation: {TEMPLATE_RESOURCES} resources, {POLICIES} auth policies");
            compare(
                &[
                    ("standalone JSON (200 files)", standalone.clone(), POLICIES),
                    ("template, YAML", yaml_path, POLICIES),
                    ("template, JSON", json_path, POLICIES),
                ],
                runs,
                &dir,
            )?;
        }
        if wants("tf") {
            let tree = dir.join("terraform");
            for m in 0..TF_MODULES {
                for (name, text) in terraform_module(m) {
                    write(&tree.join(format!("modules/svc{m:03}")).join(name), &text)?;
                }
            }
            println!(
                "\nTerraform: {} .tf files in {TF_MODULES} modules, {POLICIES} auth policies",
                TF_MODULES * TF_FILES_PER_MODULE
            );
            compare(
                &[
                    ("standalone JSON (200 files)", standalone.clone(), POLICIES),
                    ("Terraform tree (500 files)", tree, POLICIES),
                ],
                runs,
                &dir,
            )?;
        }
        if wants("scan") {
            let repository = dir.join("repository");
            let policies = write_repository(&repository)?;
            let _ = Command::new("sync").status();
            println!("\nRepository: {SCAN_FILES} files, {policies} holding a policy");
            compare(
                &[("repository scan", repository, SCAN_POLICY_FILES)],
                runs,
                &dir,
            )?;
        }
        Ok(())
    })();
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    if let Err(error) = result {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
