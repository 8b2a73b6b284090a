"""Copies a dataset root into a blind one, the way the held-back sets are run: every job file keeps only `id` and
`job` (no expected invoice, no `why`, no `authoring`); catalogs, policies and history stay as they are unless
--no-history is given.

Run: python3 eval/tools/trades_blind.py eval/trades /tmp/blind [--no-history]
then: dotnet run --project src/Closeout -c Release -- eval --dataset /tmp/blind --out /tmp/blind.jsonl
"""
import glob
import json
import os
import shutil
import sys


def main(src, dst, history=True):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    for folder in sorted(glob.glob(os.path.join(src, "*"))):
        if not os.path.isdir(os.path.join(folder, "jobs")):
            continue
        out = os.path.join(dst, os.path.basename(folder))
        os.makedirs(os.path.join(out, "jobs"))
        for name in ("catalog.json", "policy.json"):
            shutil.copy(os.path.join(folder, name), out)
        if history and os.path.isdir(os.path.join(folder, "history")):
            shutil.copytree(os.path.join(folder, "history"), os.path.join(out, "history"))
        for f in sorted(glob.glob(os.path.join(folder, "jobs", "*.json"))):
            d = json.load(open(f))
            json.dump({"id": d["id"], "job": d["job"]}, open(os.path.join(out, "jobs", os.path.basename(f)), "w"), indent=1)
    print("blind copy of", src, "in", dst, "" if history else "(no history)")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    main(args[0], args[1], history="--no-history" not in sys.argv)
