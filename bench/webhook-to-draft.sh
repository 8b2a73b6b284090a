#!/usr/bin/env bash
# Webhook to draft, end to end over real HTTP on loopback: the Jobber sandbox (seeded with ../shared/dataset/cascade and
# evergreen) and Closeout (SQLite, or PostgreSQL with PROVIDER=Postgres POSTGRES=<connection string>), connected through
# the OAuth flow and subscribed to webhooks. Completes every job of the businesses' jobs/ folders at RATE jobs/s; for each
# JOB_UPDATE delivery reads from the inbox row the time from its arrival to its invoice written in Jobber, and prints
# p50/p95/p99/max. Stops what it started, by PID.   bench/webhook-to-draft.sh   (env: RATE=10 PROVIDER=Sqlite RESTORE_RATE=500 BUCKET=10000)
# Jobber's cost bucket (500 points/s) bounds one account to about 0.35 jobs/s (a job read costs ~1,400 points); raise
# RESTORE_RATE to measure Closeout rather than the throttle.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
rate=${RATE:-10}
provider=${PROVIDER:-Sqlite}
sandbox_port=${SANDBOX_PORT:-5281}
closeout_port=${CLOSEOUT_PORT:-5282}
dataset=$(cd ../shared/dataset && pwd)

for project in src/Closeout/Closeout.csproj src/Closeout.JobberSandbox/Closeout.JobberSandbox.csproj; do
  if ! build=$(dotnet build "$project" -c Release -nologo 2>&1); then echo "$build" >&2; exit 1; fi
done

work=$(mktemp -d /tmp/closeout-w2d.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM

# psql takes libpq keywords; POSTGRES is an Npgsql connection string (Host=..;Port=..;Database=..;Username=..;Password=..).
libpq() { python3 -c "import sys; m={'host':'host','port':'port','database':'dbname','username':'user','password':'password'}; print(' '.join(k2 + '=' + v for k, v in (p.split('=', 1) for p in sys.argv[1].split(';') if '=' in p) for k2 in [m.get(k.strip().lower())] if k2))" "$1"; }
# The owner's API token for this run only: connecting an account (the OAuth callback) is for the owner.
owner_token="cot_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
storage=(Storage__Provider="$provider" Storage__DataFolder="$work/data")
if [ "$provider" = Postgres ]; then
  schema="w2d_$$"
  psql "$(libpq "${POSTGRES:?set POSTGRES to a connection string}")" -qc "CREATE SCHEMA $schema" >/dev/null
  storage+=(Storage__ConnectionString="${POSTGRES%;};Search Path=$schema")
fi

Sandbox__Apps__0__ClientId=w2d Sandbox__Apps__0__ClientSecret=w2d-secret Sandbox__Apps__0__AppId=00000000-0000-4000-8000-000000000002 \
Sandbox__Limits__RestoreRate=${RESTORE_RATE:-500} Sandbox__Limits__MaximumAvailable=${BUCKET:-10000} \
Sandbox__SeedDemo=false Sandbox__Seed__0="$dataset/cascade" Sandbox__Seed__1="$dataset/evergreen" \
  dotnet src/Closeout.JobberSandbox/bin/Release/net10.0/Closeout.JobberSandbox.dll --urls "http://127.0.0.1:$sandbox_port" >"$work/sandbox.log" 2>&1 &
pids+=($!)
env "${storage[@]}" Jobber__BaseUrl="http://127.0.0.1:$sandbox_port" Jobber__ClientId=w2d Jobber__ClientSecret=w2d-secret \
Accounts__Businesses__0__Account="Cascade Plumbing & Heating" Accounts__Businesses__0__Folder="$dataset/cascade" \
Accounts__Businesses__1__Account="Evergreen Landscape & Irrigation" Accounts__Businesses__1__Folder="$dataset/evergreen" \
Users__Bootstrap__Email=bench@example.com Users__Bootstrap__Password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
Users__Bootstrap__ApiToken="$owner_token" \
Logging__LogLevel__Default=${LOG_LEVEL:-Warning} \
  dotnet src/Closeout/bin/Release/net10.0/closeout.dll --urls "http://127.0.0.1:$closeout_port" >"$work/closeout.log" 2>&1 &
pids+=($!)

OWNER_TOKEN="$owner_token" python3 - "$sandbox_port" "$closeout_port" "$rate" "$dataset" "$provider" "$work/data/closeout.db" "$( [ "$provider" = Postgres ] && libpq "$POSTGRES")" "${schema:-}" <<'PY'
import json, sys, time, urllib.request, urllib.error, urllib.parse, glob, os, subprocess
sandbox, closeout = f"http://127.0.0.1:{sys.argv[1]}", f"http://127.0.0.1:{sys.argv[2]}"
rate, dataset = float(sys.argv[3]), sys.argv[4]
provider, db, pg, schema = sys.argv[5:9]
def finished():
    # The inbox is the truth (the drafts API wants a signed-in user): JOB_UPDATE deliveries done or dead.
    query = "SELECT COUNT(*) FROM inbox WHERE topic = 'JOB_UPDATE' AND state IN ('done', 'dead')"
    if provider == "Postgres":
        return int(subprocess.run(["psql", pg, "-Atc", f"SET search_path TO {schema}; {query}"], capture_output=True, text=True, check=True).stdout.split()[-1])
    import sqlite3
    try: return sqlite3.connect(db).execute(query).fetchone()[0]
    except sqlite3.Error: return 0
def get(url):
    with urllib.request.urlopen(url, timeout=30) as r: return json.loads(r.read() or b"null")
def post(url, body=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else b"", method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r: return r.read()
for _ in range(300):
    try:
        get(f"{sandbox}/sandbox/accounts"); get(f"{closeout}/healthz"); break
    except Exception: time.sleep(0.1)
post(f"{sandbox}/sandbox/webhooks", {"url": f"{closeout}/webhooks/jobber", "clientId": "w2d"})
class Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args): return None
stay = urllib.request.build_opener(Stay)
for account in get(f"{sandbox}/sandbox/accounts"):
    q = urllib.parse.urlencode({"response_type": "code", "client_id": "w2d", "redirect_uri": f"{closeout}/jobber/callback", "account": account["id"]})
    try:
        stay.open(f"{sandbox}/api/oauth/authorize?{q}", timeout=30)
        raise SystemExit("the sandbox did not redirect with a code")
    except urllib.error.HTTPError as redirect:
        callback = redirect.headers["Location"]
    request = urllib.request.Request(callback, headers={"Authorization": "Bearer " + os.environ["OWNER_TOKEN"]})
    urllib.request.urlopen(request, timeout=30).read()
numbers = {json.load(open(f))["job"]["jobNumber"] for b in ("cascade", "evergreen") for f in glob.glob(f"{dataset}/{b}/jobs/*.json")}
jobs = [j for j in get(f"{sandbox}/sandbox/jobs") if j["jobNumber"] in numbers]
start = time.monotonic()
for i, job in enumerate(jobs):
    time.sleep(max(0, start + i / rate - time.monotonic()))
    post(f"{sandbox}/sandbox/jobs/{urllib.parse.quote(job['id'], safe='')}/complete")
deadline = time.monotonic() + 180
while time.monotonic() < deadline and (done := finished()) < len(jobs):
    time.sleep(0.2)
print(f"{len(jobs)} jobs completed at {rate:g}/s; {finished()} deliveries finished")
PY

python3 - "$provider" "$work/data/closeout.db" "$( [ "$provider" = Postgres ] && libpq "$POSTGRES")" "${schema:-}" <<'PY'
import sys, subprocess
provider, db, pg, schema = sys.argv[1:5]
query = "SELECT completed_at - received_at FROM inbox WHERE topic = 'JOB_UPDATE' AND state = 'done' AND completed_at IS NOT NULL"
if provider == "Postgres":
    out = subprocess.run(["psql", pg, "-Atc", f"SET search_path TO {schema}; {query}"], capture_output=True, text=True, check=True).stdout
    ms = sorted(int(x) for x in out.split() if x.strip().lstrip('-').isdigit())
else:
    import sqlite3
    ms = sorted(r[0] for r in sqlite3.connect(db).execute(query))
pick = lambda p: ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))]
print(f"webhook arrival -> invoice written in the sandbox ({provider}), {len(ms)} deliveries: p50 {pick(50)} ms  p95 {pick(95)} ms  p99 {pick(99)} ms  max {ms[-1]} ms")
PY
if [ "$provider" = Postgres ]; then psql "$(libpq "$POSTGRES")" -qc "DROP SCHEMA $schema CASCADE" >/dev/null; fi
