#!/usr/bin/env bash
# Builds Closeout and runs it on its embedded defaults: drafts every job of the shared dataset, scores the drafts
# against the expected invoices and writes them to artifacts/predictions.jsonl.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

predictions=artifacts/predictions.jsonl
dotnet run --project src/Closeout -c Release -- eval --dataset ../shared/dataset --out "$predictions"
