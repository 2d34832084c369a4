#!/usr/bin/env bash
# `policy check` against parliament (PyPI, an IAM policy linter) on the same
# files: the AWS managed policies in one process each, then one file with the
# process start included. See BENCHMARKS.md, "Checking: lattice-policy vs
# parliament (issue 4)", and parliament.py beside this file for the method.
#
#   benches/peers/parliament.sh [CORPUS_DIR] [-- options of parliament.py]
#
# Installs parliament 1.6.4 (the version the catalog's data comes from) into a
# venv under /tmp when it is not there, and builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/../.."

corpus=tests/corpus/aws-managed
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  corpus=$1
  shift
fi
[ "${1:-}" = "--" ] && shift
[ -d "$corpus" ] || { echo "no corpus at $corpus (pass a directory of policies)" >&2; exit 2; }

venv=${PARLIAMENT_VENV:-/tmp/lattice-policy-parliament-venv}
if ! "$venv/bin/python" -c 'import parliament' 2>/dev/null; then
  echo "installing parliament into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check parliament==1.6.4
fi

cargo build --release --quiet --bin policy

python3 benches/peers/parliament.py \
  --policy ./target/release/policy \
  --python "$venv/bin/python" \
  --parliament "$venv/bin/parliament" \
  --corpus "$corpus" \
  --single policies/no-anonymous-no-get/policy.json \
  "$@"
