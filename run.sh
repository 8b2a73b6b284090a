#!/usr/bin/env bash
# ./run.sh        the product as a user meets it: starts the Jobber sandbox (its demo business) and Closeout pointed at
#                 it, connects the demo account through OAuth, completes the demo jobs and prints the drafts Closeout
#                 wrote back to the sandbox; then keeps both running (Ctrl+C stops them) when run from a terminal.
# ./run.sh eval   drafts every job of ../shared/dataset, scores the drafts against the expected invoices and writes them
#                 to artifacts/predictions.jsonl (extra arguments go to `closeout eval`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if [ "${1:-demo}" = "eval" ]; then
  shift
  predictions=artifacts/predictions.jsonl
  exec dotnet run --project src/Closeout -c Release -- eval --dataset ../shared/dataset --out "$predictions" "$@"
fi

closeout_url=${CLOSEOUT_URL:-http://127.0.0.1:5000}
sandbox_url=${SANDBOX_URL:-http://127.0.0.1:5080}
data=${CLOSEOUT_DEMO_DATA:-data/demo}

for project in src/Closeout/Closeout.csproj src/Closeout.JobberSandbox/Closeout.JobberSandbox.csproj; do
  if ! build=$(dotnet build "$project" -c Release -nologo 2>&1); then echo "$build" >&2; exit 1; fi
done
rm -rf "$data" && mkdir -p "$data"

# The demo owner: made by Closeout at start (Users:Bootstrap) because the data folder is new; the password and the API
# token are generated for this run only and printed once below.
owner_email=${CLOSEOUT_DEMO_OWNER:-owner@demo.closeout.local}
owner_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
owner_token="cot_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# The sandbox, seeded with its demo business, sending its webhooks to Closeout.
Sandbox__Apps__0__Webhooks__0__Url="$closeout_url/webhooks/jobber" \
  dotnet src/Closeout.JobberSandbox/bin/Release/net10.0/Closeout.JobberSandbox.dll --urls "$sandbox_url" >"$data/sandbox.log" 2>&1 &
pids+=($!)

# Closeout, with the sandbox app's credentials (the sandbox's made-up secret; a real app's comes from the environment).
Jobber__BaseUrl="$sandbox_url" \
Jobber__ClientId=closeout-sandbox \
Jobber__ClientSecret=sandbox-client-secret-not-for-production \
Accounts__DefaultBusiness="$PWD/src/Closeout.JobberSandbox/Seeding/Demo" \
Storage__DataFolder="$data" \
Users__Bootstrap__Email="$owner_email" \
Users__Bootstrap__Password="$owner_password" \
Users__Bootstrap__ApiToken="$owner_token" \
  dotnet src/Closeout/bin/Release/net10.0/closeout.dll --urls "$closeout_url" >"$data/closeout.log" 2>&1 &
pids+=($!)

wait_up() {
  for _ in $(seq 1 150); do
    if curl -fsS "$1/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "run.sh: $1 did not start; see $data/*.log" >&2
  return 1
}
wait_up "$sandbox_url"
wait_up "$closeout_url"

CLOSEOUT_API_TOKEN="$owner_token" dotnet src/Closeout/bin/Release/net10.0/closeout.dll demo --closeout "$closeout_url" --sandbox "$sandbox_url"

echo
echo "Review UI: $closeout_url/  sign in as $owner_email with password $owner_password (owner; this run only)"
echo "API: curl -H 'Authorization: Bearer $owner_token' $closeout_url/api/review/queue   (OpenAPI: $closeout_url/openapi/v1.json)"

if [ -t 0 ]; then
  echo "Closeout: $closeout_url/   sandbox: $sandbox_url/sandbox/invoices   logs: $data/   (Ctrl+C stops both)"
  wait
fi
