#!/usr/bin/env bash
# Runs every test of the solution, then prints "N passed, N failed[, N skipped]" alone on the last line,
# counted from the trx results. Fails on any failed test, or when no test ran at all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# --- What the tests need ------------------------------------------------------
if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (see global.json) is not on PATH; install it from your distribution's or Microsoft's packages" >&2
  exit 1
fi

# PLACEHOLDER, not installed yet: PostgreSQL (provider tests) and Chromium (browser tests) go here,
# installed with apt-get only when missing, once tests that need them land.
# -------------------------------------------------------------------------------

# Each test project writes its trx into its own TestResults/ (one shared folder lets parallel runs collide).
rm -rf tests/*/TestResults
status=0
dotnet test Closeout.slnx -c Release --logger trx --logger "console;verbosity=normal" || status=$?

passed=0 failed=0 skipped=0
counter() { sed -n "s/.*<Counters [^>]* $1=\"\([0-9]*\)\".*/\1/p" "$2" | head -1; }
shopt -s nullglob
for trx in tests/*/TestResults/*.trx; do
  passed=$((passed + $(counter passed "$trx")))
  failed=$((failed + $(counter failed "$trx") + $(counter error "$trx") + $(counter timeout "$trx") + $(counter aborted "$trx")))
  skipped=$((skipped + $(counter notExecuted "$trx")))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: dotnet test exited with $status" >&2
fi
if [ "$((passed + failed))" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
fi

summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then summary="$summary, $skipped skipped"; fi
echo "$summary"

[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$((passed + failed))" -gt 0 ]
