//! `policy check` on many files of about 1 MB, each with findings: the peak
//! memory (resident set) of the release binary in every format, for 200 and
//! for 2,000 files. Issue 11's goal: under 100 MB, and independent of the
//! number of files, since `check` writes each file's results and drops its
//! text before it reads the next.
//!
//! ```text
//! nice cargo bench --bench many_files          # 200 and 2,000 files
//! nice cargo bench --bench many_files -- 50    # other counts (a multiple of 200, or less)
//! ```
//!
//! The files (2 GB for 2,000) are written under the target directory and
//! removed at the end. The peak is measured by `/usr/bin/time -f %M`
//! (GNU time: the child's `ru_maxrss`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The formats `check` writes.
const FORMATS: [&str; 4] = ["human", "json", "sarif", "github"];

/// Files per folder: a run on N files checks the first N / 200 folders.
const PER_FOLDER: usize = 200;

/// About 1 MB, under the 1 MiB default of `--max-size`.
const FILE_SIZE: usize = 1_000_000;

/// A policy of about [`FILE_SIZE`] bytes with findings: two statements with
/// the same `Sid` (an error), one of them conditioned on a long list of VPCs
/// (which puts it over the auth policy quota: another error, and no
/// analysis, as for any policy that big); `i` makes every file different.
fn policy(i: usize) -> String {
    let mut vpcs = String::new();
    let mut n = 0usize;
    while vpcs.len() < FILE_SIZE - 400 {
        if n > 0 {
            vpcs.push(',');
            // A line break every 20 values, so that snippets have lines.
            vpcs.push_str(if n.is_multiple_of(20) {
                "\n          "
            } else {
                " "
            });
        }
        let _ = write!(vpcs, "\"vpc-{i:06}{n:011x}\"");
        n += 1;
    }
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{"Sid": "Same", "Effect": "Allow", "Principal": {{"AWS": "111122223333"}}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}},
    {{
      "Sid": "Same",
      "Effect": "Allow",
      "Principal": {{"AWS": "444455556666"}},
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "*",
      "Condition": {{"StringEquals": {{"aws:SourceVpc": [{vpcs}]}}}}
    }}
  ]
}}
"#
    )
}

/// Writes `count` files in folders of [`PER_FOLDER`] under `dir`.
fn generate(dir: &Path, count: usize) -> std::io::Result<()> {
    for i in 0..count {
        let folder = dir.join(format!("{:02}", i / PER_FOLDER));
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join(format!("p{i:05}.json")), policy(i))?;
    }
    Ok(())
}

/// The paths that hold the first `n` files.
fn paths(dir: &Path, n: usize) -> Vec<PathBuf> {
    if n < PER_FOLDER {
        return (0..n)
            .map(|i| dir.join("00").join(format!("p{i:05}.json")))
            .collect();
    }
    (0..n.div_ceil(PER_FOLDER))
        .map(|f| dir.join(format!("{f:02}")))
        .collect()
}

/// Runs `policy check --format FORMAT PATHS` and returns its peak RSS in KB,
/// its wall time in seconds, its exit code and the bytes it wrote.
fn run(format: &str, paths: &[PathBuf], dir: &Path) -> Result<(u64, f64, i32, u64), String> {
    let stats = dir.join("time.txt");
    let start = Instant::now();
    let mut child = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&stats)
        .arg(env!("CARGO_BIN_EXE_policy"))
        .args(["check", "--no-config", "--format", format])
        .args(paths)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run /usr/bin/time (GNU time): {e}"))?;
    // Count what it writes rather than keep it: the output is not the child's memory.
    let written = match child.stdout.take() {
        Some(mut stdout) => std::io::copy(&mut stdout, &mut std::io::sink()).unwrap_or(0),
        None => 0,
    };
    let status = child.wait().map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&stats).map_err(|e| e.to_string())?;
    let peak = text
        .lines()
        .filter_map(|l| l.trim().parse::<u64>().ok())
        .next_back()
        .ok_or_else(|| format!("no peak in {text:?}"))?;
    Ok((peak, seconds, status.code().unwrap_or(-1), written))
}

fn main() {
    let counts: Vec<usize> = {
        let given: Vec<usize> = std::env::args()
            .skip(1)
            .filter_map(|a| a.parse().ok())
            .collect();
        if given.is_empty() {
            vec![200, 2_000]
        } else {
            given
        }
    };
    let Some(&most) = counts.iter().max() else {
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("many-files");
    let _ = std::fs::remove_dir_all(&dir);
    let made = Instant::now();
    if let Err(error) = generate(&dir, most) {
        eprintln!("cannot write the files under {}: {error}", dir.display());
        let _ = std::fs::remove_dir_all(&dir);
        std::process::exit(2);
    }
    // The first runs would otherwise share the disk with the write-back of
    // the files just written (the human rows of a first version took three
    // times as long as the others for that reason alone).
    let _ = Command::new("sync").status();
    println!(
        "{most} files of {:.2} MB written in {:.1} s under {}",
        policy(0).len() as f64 / 1e6,
        made.elapsed().as_secs_f64(),
        dir.display()
    );
    println!(
        "{:<8} {:>6} {:>10} {:>9} {:>6} {:>12}",
        "format", "files", "peak MB", "seconds", "exit", "output MB"
    );
    let mut failed = false;
    for &n in &counts {
        let paths = paths(&dir, n);
        for format in FORMATS {
            match run(format, &paths, &dir) {
                Ok((peak, seconds, code, written)) => println!(
                    "{format:<8} {n:>6} {:>10.1} {seconds:>9.2} {code:>6} {:>12.1}",
                    peak as f64 / 1024.0,
                    written as f64 / 1e6
                ),
                Err(error) => {
                    eprintln!("{format} on {n} files: {error}");
                    failed = true;
                }
            }
        }
    }
    // 2 GB of generated policies do not stay on the disk.
    let _ = std::fs::remove_dir_all(&dir);
    if failed {
        std::process::exit(1);
    }
}
