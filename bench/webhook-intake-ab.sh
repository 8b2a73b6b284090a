#!/usr/bin/env bash
# Webhook intake, two Closeout builds A/B beside the bare endpoint, for judging a change on a busy machine:
#   A_DIR=/tmp/old B_DIR=/tmp/new bench/webhook-intake-ab.sh   (each a copy of src/Closeout/bin/Release/net10.0)
#   env: ROUNDS=6 DURATION=5s PER_ROUND=250000; A_ENV/B_ENV extra "NAME=value" settings for one side;
#        PROVIDER=Postgres POSTGRES="Host=...;Username=...;Password=...;Database=..." (a fresh schema per build, dropped)
# Starts both builds (worker off) and bench/BareEndpoint, warms each up, then per round runs wrk -t1 -c32 for DURATION on
# each, order alternated, with a fresh set of distinct signed bodies (the same set for A and B). Prints per round the
# rates, p99s, each build's ratio to the bare endpoint and B/A: compare ratios within a round, not rates across runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
a_dir=${A_DIR:?copy a build to a folder and name it in A_DIR}; b_dir=${B_DIR:?and the other in B_DIR}
rounds=${ROUNDS:-6}; duration=${DURATION:-5s}; per_round=${PER_ROUND:-250000}; provider=${PROVIDER:-Sqlite}
secret=bench-webhook-secret
command -v wrk >/dev/null || { echo "webhook-intake-ab.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
if ! build=$(dotnet build bench/BareEndpoint/BareEndpoint.csproj -c Release -nologo 2>&1); then echo "$build" >&2; exit 1; fi

work=$(mktemp -d /tmp/closeout-ab.XXXXXX)
pids=()
schemas=()
libpq() { python3 -c "import sys; m={'host':'host','port':'port','database':'dbname','username':'user','password':'password'}; print(' '.join(k2 + '=' + v for k, v in (p.split('=', 1) for p in sys.argv[1].split(';') if '=' in p) for k2 in [m.get(k.strip().lower())] if k2))" "$1"; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for schema in "${schemas[@]}"; do psql "$(libpq "$POSTGRES")" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

python3 - "$work" "$secret" "$rounds" "$per_round" <<'PY'
import base64, hashlib, hmac, json, sys
work, secret, rounds, per = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3]), int(sys.argv[4])
def write(name, prefix, n):
    with open(f"{work}/{name}", "w") as out:
        for i in range(n):
            body = json.dumps({"data": {"webHookEvent": {"topic": "JOB_UPDATE", "appId": "bench", "accountId": "QWNjb3VudC8x",
                "itemId": base64.b64encode(f"gid://Jobber/Job/{prefix}{i}".encode()).decode(), "occurredAt": f"2026-11-26T08:{prefix[-2:]}:00.{i:06d}Z"}}},
                separators=(",", ":"))
            signature = base64.b64encode(hmac.new(secret, body.encode(), hashlib.sha256).digest()).decode()
            out.write(f"{signature}\t{body}\n")
write("warm.tsv", "900", 20000)
for r in range(rounds):
    write(f"r{r}.tsv", f"1{r:02d}", per)
PY

start() { # name build-folder port extra-settings
  mkdir -p "$work/$1"
  local storage=(Storage__Provider="$provider" Storage__DataFolder="$work/$1")
  if [ "$provider" = Postgres ]; then
    local schema="intake_ab_$1_$$"
    schemas+=("$schema")
    psql "$(libpq "${POSTGRES:?set POSTGRES to a connection string}")" -qc "CREATE SCHEMA $schema" >/dev/null
    storage+=(Storage__ConnectionString="${POSTGRES%;};Search Path=$schema")
  fi
  # shellcheck disable=SC2086 # the extra settings are words on purpose
  env "${storage[@]}" $4 Jobber__BaseUrl=http://127.0.0.1:9 Jobber__ClientId=bench Jobber__ClientSecret="$secret" Processing__Enabled=false \
    dotnet "$2/closeout.dll" --urls "http://127.0.0.1:$3" >"$work/$1.log" 2>&1 &
  pids+=($!)
}
start A "$a_dir" 5301 "${A_ENV:-}"
start B "$b_dir" 5302 "${B_ENV:-}"
dotnet bench/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll --urls "http://127.0.0.1:5303" >"$work/bare.log" 2>&1 &
pids+=($!)
for port in 5301 5302 5303; do
  for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && continue 2; sleep 0.1; done
  echo "webhook-intake-ab.sh: port $port did not start; logs in $work" >&2; exit 1
done

run() { # port bodies duration -> "rate p99 errors"
  BODIES="$work/$2" WRK_THREADS=1 wrk -t1 -c32 -d"$3" --latency -s "$repo/bench/webhook-intake.lua" "http://127.0.0.1:$1" >"$work/out.txt"
  awk '/^Requests\/sec/ {r = $2} $1 == "99%" {p = $2} /Non-2xx|Socket errors/ {e = e " ERR(" $0 ")"} END {printf "%s %s%s", r, p, e}' "$work/out.txt"
}
for port in 5301 5302 5303; do run "$port" warm.tsv 3s >/dev/null; done
echo "wrk -t1 -c32 -d$duration per build per round, $(nproc) CPUs, $provider; columns: rate p99 (A | B | bare), A/bare B/bare B/A"
for r in $(seq 0 $((rounds - 1))); do
  declare -A out=()
  if [ $((r % 2)) -eq 0 ]; then order="A B bare"; else order="bare B A"; fi
  for side in $order; do
    case $side in A) port=5301 ;; B) port=5302 ;; bare) port=5303 ;; esac
    out[$side]=$(run "$port" "r$r.tsv" "$duration")
  done
  read -r a _ <<<"${out[A]}"; read -r b _ <<<"${out[B]}"; read -r c _ <<<"${out[bare]}"
  echo "$r  ${out[A]} | ${out[B]} | ${out[bare]} | $(python3 -c "print(f'{$a / $c:.2f} {$b / $c:.2f}  B/A={$b / $a:.2f}')")  load $(cut -d' ' -f1 /proc/loadavg)"
done
