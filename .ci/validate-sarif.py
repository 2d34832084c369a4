#!/usr/bin/env python3
"""Validates SARIF logs written by `policy check --format sarif` against the
SARIF 2.1.0 JSON schema.

usage: validate-sarif.py SCHEMA LOG...

Besides the schema, it checks what GitHub code scanning relies on: every result
names a rule of the driver by id and index, has a relative %SRCROOT% location
(or none for standard input), a 1-based region, and a fingerprint. A negative
control proves that the validator really rejects an invalid log.
"""

import copy
import json
import sys

import jsonschema


def problems(validator, log):
    out = [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(log)
    ]
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        for i, result in enumerate(run["results"]):
            where = f"results/{i}"
            index = result.get("ruleIndex")
            if index is None or rules[index]["id"] != result["ruleId"]:
                out.append(f"{where}: ruleIndex does not point at {result['ruleId']}")
            if not result.get("partialFingerprints"):
                out.append(f"{where}: no partialFingerprints")
            location = result["locations"][0]["physicalLocation"]
            artifact = location["artifactLocation"]
            uri = artifact.get("uri")
            if uri is not None and artifact.get("uriBaseId") == "%SRCROOT%":
                if uri.startswith("/") or "\\" in uri:
                    out.append(f"{where}: `{uri}` is not a relative URI")
            region = location["region"]
            if region["startLine"] < 1 or region["startColumn"] < 1:
                out.append(f"{where}: region is not 1-based")
    return out


def main():
    schema_path, *log_paths = sys.argv[1:]
    with open(schema_path) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

    failed = False
    checked_results = 0
    control = None
    for path in log_paths:
        with open(path) as f:
            log = json.load(f)
        found = problems(validator, log)
        for p in found[:20]:
            print(f"{path}: {p}")
        failed |= bool(found)
        results = log["runs"][0]["results"]
        checked_results += len(results)
        if results and control is None:
            control = log

    if control is None:
        print("no log had a result to run the negative control on")
        return 1
    broken = copy.deepcopy(control)
    region = broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    region["startLine"] = 0
    broken["runs"][0]["results"][0]["level"] = "fatal"
    if len(list(validator.iter_errors(broken))) < 2:
        print("negative control: the validator accepted an invalid log")
        return 1

    print(
        f"{len(log_paths)} SARIF logs with {checked_results} results are valid "
        f"against {schema.get('title', schema_path)} ({cls.__name__})"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
