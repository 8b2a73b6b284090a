#!/usr/bin/env bash
# Webhook intake beside a bare Kestrel endpoint, in one run, by wrk over loopback.
#   bench/webhook-intake.sh            (env: DURATION=10s CONNECTIONS=32 THREADS=1 BODIES_COUNT=800000)
#   PROVIDER=Postgres POSTGRES="Host=127.0.0.1;Username=...;Password=...;Database=..." bench/webhook-intake.sh
#     (the same on PostgreSQL, in a fresh schema that is dropped afterwards; needs psql)
# Builds Release; starts Closeout (SQLite in a temp data folder, worker off so only intake is measured: HMAC verified,
# delivery appended to the intake journal on SQLite (then moved to the inbox by the importer, which runs throughout) or
# committed to the inbox on PostgreSQL, 200) and bench/BareEndpoint (reads the body, 200); warms each up, then runs wrk for
# DURATION against each, one at a time, posting distinct pre-signed JOB_UPDATE bodies; prints requests/s and p99 of both;
# stops what it started, by PID. Needs wrk (apt-get install wrk) and python3 (to sign the bodies).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}
bodies_count=${BODIES_COUNT:-800000}
provider=${PROVIDER:-Sqlite}
secret=bench-webhook-secret
closeout_port=${CLOSEOUT_PORT:-5191}
bare_port=${BARE_PORT:-5192}

command -v wrk >/dev/null || { echo "webhook-intake.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "webhook-intake.sh: python3 is missing" >&2; exit 1; }

for project in src/Closeout/Closeout.csproj bench/BareEndpoint/BareEndpoint.csproj; do
  if ! build=$(dotnet build "$project" -c Release -nologo 2>&1); then echo "$build" >&2; exit 1; fi
done

work=$(mktemp -d /tmp/closeout-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Distinct signed deliveries (each its own job id and time, so each is a new inbox row), and a separate set for warm-up.
python3 - "$work" "$secret" "$bodies_count" <<'PY'
import base64, hashlib, hmac, json, sys
work, secret, count = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
def write(name, prefix, n):
    with open(f"{work}/{name}", "w") as out:
        for i in range(n):
            body = json.dumps({"data": {"webHookEvent": {"topic": "JOB_UPDATE", "appId": "bench", "accountId": "QWNjb3VudC8x",
                "itemId": base64.b64encode(f"gid://Jobber/Job/{prefix}{i}".encode()).decode(), "occurredAt": f"2026-11-26T08:00:00.{i:06d}Z"}}},
                separators=(",", ":"))
            signature = base64.b64encode(hmac.new(secret, body.encode(), hashlib.sha256).digest()).decode()
            out.write(f"{signature}\t{body}\n")
write("warm.tsv", "9", 20000)
write("bodies.tsv", "", count)
PY

wait_up() {
  for _ in $(seq 1 150); do
    if curl -fsS "$1/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "webhook-intake.sh: $1 did not start; logs in $work" >&2
  exit 1
}

# psql takes libpq keywords; POSTGRES is an Npgsql connection string (Host=..;Port=..;Database=..;Username=..;Password=..).
libpq() { python3 -c "import sys; m={'host':'host','port':'port','database':'dbname','username':'user','password':'password'}; print(' '.join(k2 + '=' + v for k, v in (p.split('=', 1) for p in sys.argv[1].split(';') if '=' in p) for k2 in [m.get(k.strip().lower())] if k2))" "$1"; }
mkdir -p "$work/data"
storage=(Storage__Provider="$provider" Storage__DataFolder="$work/data")
if [ "$provider" = Postgres ]; then
  schema="intake_$$"
  psql "$(libpq "${POSTGRES:?set POSTGRES to a connection string}")" -qc "CREATE SCHEMA $schema" >/dev/null
  storage+=(Storage__ConnectionString="${POSTGRES%;};Search Path=$schema")
  trap 'cleanup; psql "$(libpq "$POSTGRES")" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1' EXIT INT TERM
fi
env "${storage[@]}" \
Jobber__BaseUrl=http://127.0.0.1:9 Jobber__ClientId=bench Jobber__ClientSecret="$secret" \
Processing__Enabled=false \
  dotnet src/Closeout/bin/Release/net10.0/closeout.dll --urls "http://127.0.0.1:$closeout_port" >"$work/closeout.log" 2>&1 &
closeout_pid=$!
pids+=($closeout_pid)
dotnet bench/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll --urls "http://127.0.0.1:$bare_port" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_up "http://127.0.0.1:$closeout_port"
wait_up "http://127.0.0.1:$bare_port"

count_rows() {
  if [ "$provider" = Postgres ]; then
    psql "$(libpq "$POSTGRES")" -Atc "SELECT COUNT(*) FROM $schema.inbox"
  else
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM inbox').fetchone()[0])" "$work/data/closeout.db"
  fi
}
run() { # name url bodies duration
  BODIES="$work/$3" WRK_THREADS="$threads" wrk -t"$threads" -c"$connections" -d"$4" --latency -s bench/webhook-intake.lua "$2" >"$work/$1.txt"
}
summary() { # name
  local rps p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  errors=$(awk '/Non-2xx|Socket errors/' "$work/$1.txt")
  printf '%-10s %12s req/s   p99 %8s   %s\n' "$1" "$rps" "$p99" "${errors:-all 2xx}"
}

run warm-closeout "http://127.0.0.1:$closeout_port" warm.tsv 3s
run warm-bare "http://127.0.0.1:$bare_port" warm.tsv 3s
run closeout "http://127.0.0.1:$closeout_port" bodies.tsv "$duration"
# On SQLite deliveries are acknowledged from the intake journal and reach the inbox a moment later (ADR 0016): the rows
# at the end of the measured run, then after a graceful stop (which moves the rest), show whether the importer kept up.
rows_at_end=$(count_rows)
run bare "http://127.0.0.1:$bare_port" bodies.tsv "$duration"

echo "wrk -t$threads -c$connections -d$duration --latency over loopback, $(nproc) CPUs; Closeout on $provider, worker off"
summary closeout
summary bare
closeout_rps=$(awk '/^Requests\/sec/ {print $2}' "$work/closeout.txt")
bare_rps=$(awk '/^Requests\/sec/ {print $2}' "$work/bare.txt")
requests=$(awk '/requests in/ {print $1}' "$work/closeout.txt")
kill -TERM "$closeout_pid" && wait "$closeout_pid" 2>/dev/null || true
rows=$(count_rows)
echo "closeout/bare: $(python3 -c "print(f'{$closeout_rps / $bare_rps:.2f}')")   inbox rows: $rows_at_end when the run ended, $rows after stopping, for $requests measured + warm-up requests (distinct bodies: $bodies_count + 20000)"
