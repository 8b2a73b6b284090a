"""Checks every expected invoice under eval/trades independently of the builder: catalog prices, line totals,
subtotal, tax (with exemptions), total, trip charges, companions, flat-rate labor, and labor from time sheets."""
import glob
import json
import os
import sys
from collections import defaultdict
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from trades_common import after_hours, line_total, money, round_up_hours  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "trades")
bad = 0
for folder in sorted(glob.glob(os.path.join(ROOT, "*"))):
    cat = {i["id"]: i for i in json.load(open(os.path.join(folder, "catalog.json")))["items"]}
    pol = json.load(open(os.path.join(folder, "policy.json")))
    assert 25 <= len(cat) <= 80, folder
    for f in sorted(glob.glob(os.path.join(folder, "jobs", "*.json")) + glob.glob(os.path.join(folder, "history", "*.json"))):
        d = json.load(open(f))
        e, j = d["expected"], d["job"]
        tags = {t["label"] for t in j["client"]["tags"]["nodes"]}
        err = []
        sub, taxable = Decimal(0), Decimal(0)
        qty = defaultdict(Decimal)
        for ln in e["lines"]:
            it = cat[ln["item"]]
            if ln["unitPrice"] != it["unitPrice"]:
                err.append(f"price {ln['item']}")
            t = line_total(ln["quantity"], ln["unitPrice"])
            if float(t) != ln["total"]:
                err.append(f"line total {ln['item']}")
            sub += t
            taxable += t if it["taxable"] else 0
            qty[ln["item"]] += Decimal(str(ln["quantity"]))
        tax = Decimal(0) if tags & set(pol["tax"]["exemptClientTags"]) else money(taxable * Decimal(str(pol["tax"]["rate"])))
        if float(sub) != e["subtotal"] or float(tax) != e["tax"] or float(sub + tax) != e["total"]:
            err.append(f"sums {sub} {tax} vs {e['subtotal']} {e['tax']} {e['total']}")
        for rule in pol["companions"]:
            if set(rule["when"]) & set(qty):
                for a in rule["add"]:
                    if qty.get(a["item"], 0) < a["quantity"]:
                        err.append(f"companion {a['item']} missing")
        nvis = len(j["visits"]["nodes"])
        trip = qty.get(pol["tripCharge"]["item"], 0)
        warranty = "warranty" in e["flags"]
        if tags & set(pol["tripCharge"]["waivedForClientTags"]):
            if trip:
                err.append("trip on a waived client")
        elif not warranty:
            want = nvis if pol["tripCharge"]["per"] == "visit" else 1
            if trip != want:
                err.append(f"trip {trip} != {want}")
        labor_items = {i for i, c in cat.items() if c["kind"] == "LABOR"}
        has_service = any(cat[i]["kind"] == "SERVICE" for i in qty)
        billed_labor = {i: q for i, q in qty.items() if i in labor_items}
        if pol["labor"]["flatRateIncludesLabor"] and has_service and billed_labor:
            err.append("labor billed beside a flat-rate service")
        if not (pol["labor"]["flatRateIncludesLabor"] and has_service) and not warranty:
            roles = {t["userId"]: t["laborRole"] for t in pol["team"]}
            per = defaultdict(int)
            for ts in j["timesheetEntries"]["nodes"]:
                per[(ts["visit"]["id"], ts["user"]["id"])] += ts["finalDuration"]
            starts = {v["id"]: v["startAt"] for v in j["visits"]["nodes"]}
            want = defaultdict(Decimal)
            for (vid, uid), secs in per.items():
                rate = pol["labor"]["rates"][roles[uid]]
                item = rate.get("afterHours") if after_hours(starts[vid], pol) and rate.get("afterHours") else rate["regular"]
                want[item] += round_up_hours(secs, pol["labor"]["incrementHours"], pol["labor"]["minimumHoursPerPersonPerVisit"])
            visits_with_ts = {v for v, _ in per}
            if len(visits_with_ts) == nvis and dict(want) != dict(billed_labor):
                err.append(f"labor {dict(billed_labor)} != time sheets {dict(want)}")
            if not visits_with_ts and not billed_labor and "no_labor_recorded" not in e["flags"]:
                err.append("no labor and no flag")
        if err:
            bad += 1
            print(d["id"], err)
print("checked;", bad, "bad")
sys.exit(1 if bad else 0)
