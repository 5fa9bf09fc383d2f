#!/usr/bin/env bash
# Runs the self-test path of .gitlab-ci.yml on a real GitLab CI implementation, gitlab-ci-local
# (a pinned devDependency; shell executor with isolated build directories, which passes artifacts
# between jobs as GitLab does): install, the synthetic domain's smoke plan in 3 parallel shards,
# their merge, an unsharded run compared byte for byte with the merge, and the gate.
# Needs rsync, git and a git remote named origin (a fresh clone has one). Exit 0 when every job
# of that path ran and passed.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM="npx -y pnpm@10.34.8"

command -v rsync >/dev/null || { echo "ci-pipeline-selftest: gitlab-ci-local needs rsync: apt-get install rsync" >&2; exit 2; }
git remote get-url origin >/dev/null 2>&1 || { echo "ci-pipeline-selftest: gitlab-ci-local needs a git remote named origin: git remote add origin <url>" >&2; exit 2; }

# Jobs link node_modules from this machine's pnpm store (warm after setup) instead of a cache.
store="$(dirname "$($PNPM store path)")"
# gitlab-ci-local keeps its state (and each job's build directory) under the project. Its default,
# .gitlab-ci-local, cannot be used: TypeScript ignores symlinks under any path containing "/.git",
# which breaks pnpm's node_modules in the jobs' builds.
state=.zpb-ci-local
rm -rf "$state" && mkdir -p "$state"
mkdir -p results && log=results/ci-pipeline-selftest.log

echo "ci-pipeline-selftest: running .gitlab-ci.yml (ZPB_SELFTEST=true) on gitlab-ci-local"
status=0
node_modules/.bin/gitlab-ci-local \
  --state-dir "$state" \
  --force-shell-executor --shell-isolation --no-artifacts-to-source \
  --timestamps --no-color \
  --variable ZPB_SELFTEST=true \
  --variable "PNPM_STORE=$store" \
  >"$log" 2>&1 || status=$?

grep -v 'still running' "$log" | tail -n 25
if [ "$status" -ne 0 ]; then
  echo "ci-pipeline-selftest: gitlab-ci-local exited $status; the whole log is $log" >&2
  exit 1
fi
for job in install 'claim-benchmark:synthetic: \[1/3\]' 'claim-benchmark:synthetic: \[2/3\]' \
           'claim-benchmark:synthetic: \[3/3\]' merge:synthetic selftest:unsharded benchmark-gate; do
  if ! grep -Eq "^ PASS +(\[[^]]*\] +)?${job} *$" "$log"; then
    echo "ci-pipeline-selftest: job ${job//\\/} did not run and pass; the whole log is $log" >&2
    exit 1
  fi
done
grep -q 'merged run equals the unsharded run' "$log"
rm -rf "$state"
echo "ci-pipeline-selftest: ok (3 shards merged, equal to the unsharded run, gate passed)"
