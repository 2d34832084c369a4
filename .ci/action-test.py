#!/usr/bin/env python3
"""Checks the GitHub Action (action.yml) past its schema, and runs its scripts.

Usage: action-test.py POLICY [SHELLCHECK]

actionlint lints workflows, not an action's own metadata, so this checks what
it would: every `inputs.X` the action reads is declared, every `steps.ID.outputs.NAME`
is a step of the action that writes NAME, every `run` step has a `shell`, and
the workflows that use the action (docs/github-action.yml, the README's step)
pass only inputs it declares. With SHELLCHECK, each `run` script must pass it.

Then it runs the check step and the last step as the runner does
(`bash --noprofile --norc -eo pipefail`), with POLICY as the installed
`policy`, on a sample workspace, and asserts the outputs, the SARIF log and the
exit status of each case.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def load(path_or_text):
    yaml = YAML(typ="safe", pure=True)
    return yaml.load(path_or_text)


def expressions(value):
    """The text inside every `${{ }}` in a value, recursively."""
    if isinstance(value, dict):
        for v in value.values():
            yield from expressions(v)
    elif isinstance(value, list):
        for v in value:
            yield from expressions(v)
    elif isinstance(value, str):
        yield from EXPRESSION.findall(value)


def check_metadata(action):
    inputs = action["inputs"]
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite", action["runs"]
    ids = {s["id"]: s for s in steps if "id" in s}
    # `if:` is an expression without the braces.
    texts = list(expressions(action)) + [s["if"] for s in steps if "if" in s]
    for text in texts:
        for name in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", text):
            assert name in inputs, f"undeclared input `{name}` in `{text.strip()}`"
        for step, output in re.findall(
            r"\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", text
        ):
            assert step in ids, f"no step `{step}` in `{text.strip()}`"
            script = ids[step].get("run", "")
            assert f'echo "{output}=' in script, f"step `{step}` never writes `{output}`"
    for step in steps:
        assert "name" in step, step
        if "run" in step:
            assert step.get("shell") == "bash", f"{step['name']}: a run step needs `shell: bash`"
        else:
            assert "uses" in step, step
    for name, spec in inputs.items():
        assert spec.get("description"), f"input `{name}` has no description"
        assert isinstance(spec.get("default", ""), str), f"input `{name}`: defaults are strings"
    print(f"action.yml: {len(inputs)} inputs, {len(steps)} steps, every reference declared")


def uses_of_action(document):
    """The steps of a workflow (or a list of steps) that use lattice-policy's action."""
    if isinstance(document, dict):
        for job in document.get("jobs", {}).values():
            yield from uses_of_action(job.get("steps", []))
    elif isinstance(document, list):
        for step in document:
            if re.search(r"/lattice-policy@", str(step.get("uses", ""))):
                yield step


def check_users(action):
    inputs = set(action["inputs"])
    workflow = load(ROOT / "docs/github-action.yml")
    found = list(uses_of_action(workflow))
    # The README's step is a fragment: the list item under `steps:`.
    readme = (ROOT / "README.md").read_text()
    for block in re.findall(r"```yaml\n(.*?)```", readme, re.S):
        if "lattice-policy@" in block and "jobs:" not in block:
            found.extend(uses_of_action(load(block)))
    assert len(found) >= 2, f"the example workflow and the README's step: found {found}"
    for step in found:
        extra = set(step.get("with", {})) - inputs
        assert not extra, f"{step['uses']}: inputs {extra} are not declared in action.yml"
    print(f"{len(found)} uses of the action pass only declared inputs")


def shellcheck(action, program):
    for step in action["runs"]["steps"]:
        if "run" not in step:
            continue
        # The runner substitutes expressions before bash sees the script.
        script = EXPRESSION.sub("EXPRESSION", step["run"])
        result = subprocess.run(
            [program, "--shell=bash", "--severity=style", "-"],
            input=script,
            text=True,
            capture_output=True,
        )
        assert result.returncode == 0, f"{step['name']}:\n{result.stdout}{result.stderr}"
    print("shellcheck: every run script is clean")


GOOD = """{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
  }]
}
"""
BROKEN = GOOD.replace('"Allow"', '"allow"')


class Runner:
    """Runs the action's steps in a sample workspace, as the runner would."""

    def __init__(self, action, policy, work):
        self.action = action
        self.steps = {s.get("id", s["name"]): s for s in action["runs"]["steps"]}
        self.work = work
        bin_dir = work / "bin"
        bin_dir.mkdir()
        shutil.copy(policy, bin_dir / "policy")
        self.path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
        self.workspace = work / "workspace"
        (self.workspace / "policies").mkdir(parents=True)
        (self.workspace / "my policies").mkdir()
        (self.workspace / "policies/good.json").write_text(GOOD)
        (self.workspace / "my policies/also good.json").write_text(GOOD)
        (self.workspace / "broken").mkdir()
        (self.workspace / "broken/policy.json").write_text(BROKEN)

    def substitute(self, text, inputs, outputs):
        def value(match):
            expr = match.group(1).strip()
            if m := re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expr):
                name = m.group(1)
                return inputs.get(name, self.action["inputs"][name].get("default", ""))
            if m := re.fullmatch(r"steps\.check\.outputs\.([A-Za-z0-9_-]+)", expr):
                return outputs.get(m.group(1), "")
            raise AssertionError(f"no value for `{expr}` in this test")

        return EXPRESSION.sub(value, text)

    def run(self, step_id, inputs, outputs=None):
        """Runs one step; returns (exit status, its outputs, what it printed)."""
        outputs = outputs or {}
        step = self.steps[step_id]
        github_output = self.work / "github-output"
        github_output.write_text("")
        env = {
            "PATH": self.path,
            "HOME": str(self.work),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_OUTPUT": str(github_output),
            "NO_COLOR": "1",
        }
        for key, raw in step.get("env", {}).items():
            env[key] = self.substitute(raw, inputs, outputs)
        script = self.work / "step.sh"
        script.write_text(step["run"])
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            text=True,
            capture_output=True,
        )
        written = dict(
            line.split("=", 1) for line in github_output.read_text().splitlines() if "=" in line
        )
        return result.returncode, written, result.stdout + result.stderr


def sarif_results(path):
    log = json.loads(Path(path).read_text())
    assert log["version"] == "2.1.0", log.get("version")
    return [r["ruleId"] for run in log["runs"] for r in run["results"]]


def run_steps(action, policy):
    with tempfile.TemporaryDirectory() as tmp:
        runner = Runner(action, policy, Path(tmp))

        # A clean policy: status 0, a SARIF log without results, where asked.
        status, out, log = runner.run("check", {"paths": "policies/good.json"})
        assert status == 0, log
        assert out["exit-code"] == "0" and out["has-sarif"] == "true", out
        assert out["sarif-file"] == str(runner.workspace / "lattice-policy.sarif"), out
        assert sarif_results(out["sarif-file"]) == [], log

        # Quoted paths with spaces and a quoted argument reach `policy` whole:
        # the invariant fails on both files (an argument split apart would be
        # exit 2 instead).
        status, out, log = runner.run(
            "check",
            {
                "paths": "'my policies/also good.json' policies/good.json",
                "args": '--never "GET /* as any-account"',
                "sarif-file": "reports/policies.sarif",
            },
        )
        assert status == 0, log
        assert out["exit-code"] == "1" and out["has-sarif"] == "true", (out, log)
        assert out["sarif-file"] == str(runner.workspace / "reports/policies.sarif"), out
        assert sarif_results(out["sarif-file"]) == ["INVARIANT_VIOLATED"] * 2, log
        assert "INVARIANT_VIOLATED" in log, "the findings are in the job's log too"

        # An error in a policy: status 1, findings in the log, the step itself passes.
        status, out, log = runner.run("check", {"paths": "broken"})
        assert status == 0, log
        assert out["exit-code"] == "1" and out["has-sarif"] == "true", out
        assert "INVALID_EFFECT" in sarif_results(out["sarif-file"]), log
        assert "INVALID_EFFECT" in log and "checked 1 file" in log, log

        # Bad arguments: status 2 and no SARIF log to upload.
        status, out, log = runner.run("check", {"args": "--no-such-flag"})
        assert status == 0, log
        assert out["exit-code"] == "2" and out["has-sarif"] == "false", (out, log)
        assert "--no-such-flag" in log, log

        # The last step fails with the check's status.
        last = action["runs"]["steps"][-1]["name"]
        for code in ("1", "2"):
            status, _, log = runner.run(last, {}, {"exit-code": code})
            assert status == int(code), log
            assert f"::error title=lattice-policy::policy check exited with status {code}" in log
    print("the check step and the last step behave as documented in every case")


def main():
    policy = Path(sys.argv[1]).resolve()
    action = load(ROOT / "action.yml")
    check_metadata(action)
    check_users(action)
    if len(sys.argv) > 2:
        shellcheck(action, sys.argv[2])
    run_steps(action, policy)


if __name__ == "__main__":
    main()
