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

# DejaVu Sans for the PDFs (reminder emails' invoices, the month-end leakage report): PDFsharp has no fonts of its own off Windows.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "test.sh: installing fonts-dejavu-core (apt-get install fonts-dejavu-core)" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
fi

# Chromium for the browser tests (Debian's package; Playwright drives it by path and downloads no browser of its own).
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Chromium (apt-get install chromium)" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# PostgreSQL for the storage-provider tests (Debian's package), installed only when missing, started on 127.0.0.1,
# with a test role and database; the tests read CLOSEOUT_TEST_POSTGRES and fail (never skip) without it.
if [ -z "${CLOSEOUT_TEST_POSTGRES:-}" ]; then
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "test.sh: installing PostgreSQL (apt-get install postgresql)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  cluster=$(pg_lsclusters -h | head -1)
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    pg_createcluster "$version" main >/dev/null
    cluster=$(pg_lsclusters -h | head -1)
  fi
  read -r pg_version pg_name pg_port pg_status _ <<< "$cluster"
  if [ "$pg_status" != "online" ]; then
    pg_ctlcluster "$pg_version" "$pg_name" start
  fi
  pg() { (cd /tmp && su postgres -c "psql -p $pg_port -v ON_ERROR_STOP=1 -tAc \"$1\"") ; }
  if [ "$(pg "SELECT 1 FROM pg_roles WHERE rolname = 'closeout'")" != "1" ]; then
    pg "CREATE ROLE closeout LOGIN PASSWORD 'closeout'" >/dev/null
  fi
  if [ "$(pg "SELECT 1 FROM pg_database WHERE datname = 'closeout_test'")" != "1" ]; then
    pg "CREATE DATABASE closeout_test OWNER closeout" >/dev/null
  fi
  export CLOSEOUT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Database=closeout_test;Username=closeout;Password=closeout"
fi
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
