"""Times `policy check` against parliament on the same files; run by parliament.sh.

    python3 parliament.py --policy BIN --python VENV_PYTHON --corpus DIR --single FILE [--runs N]

Both tools check the whole corpus in one process each:

* ours: `policy check --kind identity DIR --format json`, stdout to /dev/null;
* parliament: a fresh Python process that imports parliament and calls
  `parliament.analyze_policy_string` on every `*.json` file of DIR, which is
  what `parliament --directory DIR` does per file, minus printing. The CLI
  itself cannot be timed on the AWS managed corpus: it raises on a file that
  parliament's data cannot read (`Unknown data format: ArrayOfARN`) and stops
  there. The runner catches such exceptions per file and counts them.

Every figure is the time of a whole process (start, imports, reading the
files, checking, output): wall-clock time, measured with `time.perf_counter`
around `subprocess.run`, and CPU time (user + system, from `getrusage` of the
children), which moves less when other work shares the machine. Runs of the
two tools alternate, so that a busy moment slows both. A figure is the median
of the runs.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

# The parliament side, run in its own interpreter (the venv's): prints one line,
# `files findings crashed import_s analyze_s`.
RUNNER = r"""
import os, sys, time
t0 = time.perf_counter()
from parliament import analyze_policy_string
t1 = time.perf_counter()
root = sys.argv[1]
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".json"))
findings = crashed = 0
for path in paths:
    with open(path) as f:
        text = f.read()
    try:
        findings += len(analyze_policy_string(text, path).findings)
    except Exception:
        crashed += 1
t2 = time.perf_counter()
print(len(paths), findings, crashed, round(t1 - t0, 3), round(t2 - t1, 3))
"""


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv, quiet=False):
    """Wall-clock and CPU seconds of one whole process, and its stdout."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
                          stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{argv[0]} exited {done.returncode}")
    return wall, cpu_seconds() - cpu, done.stdout


def ms(seconds):
    return f"{seconds * 1000:,.1f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--policy", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--parliament", required=True, help="the venv's parliament command")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--single", required=True)
    parser.add_argument("--runs", type=int, default=5, help="parliament runs on the corpus")
    parser.add_argument("--ours-per-run", type=int, default=3, help="policy runs per parliament run")
    parser.add_argument("--single-runs", type=int, default=101)
    args = parser.parse_args()

    ours_argv = [args.policy, "check", "--kind", "identity", args.corpus, "--format", "json"]
    parl_argv = [args.python, "-c", RUNNER, args.corpus]

    # Warm the page cache and check that both see the same files.
    _, _, report = timed(ours_argv)
    summary = json.loads(report)["summary"]
    ours_files = summary["files"]
    ours_findings = summary["errors"] + summary["warnings"] + summary["infos"]

    ours, theirs, parl_lines = [], [], []
    for run in range(args.runs):
        for _ in range(args.ours_per_run):
            ours.append(timed(ours_argv, quiet=True)[:2])
        wall, cpu, out = timed(parl_argv)
        theirs.append((wall, cpu))
        parl_lines.append(out.decode().split())
        print(f"  run {run + 1}/{args.runs}: parliament {ms(wall)} ({ms(cpu)} CPU), "
              f"policy {ms(ours[-1][0])} ({ms(ours[-1][1])} CPU)", file=sys.stderr)
    files, findings, crashed = (int(x) for x in parl_lines[-1][:3])
    imports = statistics.median(float(line[3]) for line in parl_lines)
    analyze = statistics.median(float(line[4]) for line in parl_lines)
    if files != ours_files:
        sys.exit(f"parliament saw {files} files, policy {ours_files}")

    # One file, process start included.
    single_ours = [timed([args.policy, "check", args.single], quiet=True)[0]
                   for _ in range(args.single_runs)]
    single_parl = [timed([args.parliament, "--files", args.single], quiet=True)[0]
                   for _ in range(5)]

    def medians(runs):
        return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)

    (ours_wall, ours_cpu), (theirs_wall, theirs_cpu) = medians(ours), medians(theirs)
    print()
    print(f"corpus: {args.corpus} ({files} files)")
    print(f"  policy check --kind identity --format json: wall {ms(ours_wall)}, CPU {ms(ours_cpu)} "
          f"(median of {len(ours)} runs; wall min {ms(min(r[0] for r in ours))}; "
          f"{ours_findings} findings)")
    print(f"  parliament, one Python process:             wall {ms(theirs_wall)}, CPU {ms(theirs_cpu)} "
          f"(median of {len(theirs)} runs; {findings} findings, {crashed} files raised)")
    print(f"    of which: import parliament {ms(imports)}, analyze_policy_string {ms(analyze)}")
    print(f"  ratio: policy is {theirs_wall / ours_wall:.1f}x faster by wall-clock time, "
          f"{theirs_cpu / ours_cpu:.1f}x by CPU time "
          f"({analyze / ours_wall:.1f}x against parliament's analysis alone, wall)")
    print(f"one file: {args.single}")
    print(f"  policy check FILE:      median {ms(statistics.median(single_ours))} "
          f"(min {ms(min(single_ours))}, 90th percentile "
          f"{ms(statistics.quantiles(single_ours, n=10)[-1])}, {len(single_ours)} runs)")
    print(f"  parliament --files FILE: median {ms(statistics.median(single_parl))} "
          f"({len(single_parl)} runs)")
    load = os.getloadavg()
    print(f"load average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
