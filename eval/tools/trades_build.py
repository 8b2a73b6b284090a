"""Builds eval/trades/<business>/ from the compact job specs in trades_data.py.

Every `expected` is computed here by the dataset README's rules from the author's billed items (authoring.items):
labor per visit per person rounded up to the increment with the minimum, after hours by local start, trip charge,
companions at least once, tax half away from zero on taxable lines, exemptions, flat-rate includes labor, warranty
visits uncharged. Run: python3 eval/tools/trades_build.py && python3 eval/tools/trades_check.py
"""
import json
import os
import sys
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(__file__))
from trades_common import DAYS, after_hours, line_total, money, num, round_up_hours, round_up_said  # noqa: E402
import trades_data  # noqa: E402
import trades_data_more  # noqa: E402
import trades_data_roof_chimney  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "trades")


def catalog_json(b):
    return {"business": b["name"], "currency": "USD", "items": [
        {"id": i, "name": n, "kind": k, "unit": u, "unitPrice": p, "taxable": t, "category": c, "description": d}
        for (i, n, k, u, p, t, c, d) in b["catalog"]]}


def iso(local_str, tz, utc=False, plus_min=0):
    dt = datetime.strptime(local_str, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(tz)) + timedelta(minutes=plus_min)
    if utc:
        return dt.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
    return dt.isoformat()


def compute(b, spec):
    policy, cat = b["policy"], {c[0]: c for c in b["catalog"]}
    tags = spec["client"].get("tags", [])
    items = []  # [item, qty]
    for it, q in spec["bill"]:
        assert it in cat, (spec["id"], it)
        for row in items:
            if row[0] == it:
                row[1] += Decimal(str(q))
                break
        else:
            items.append([it, Decimal(str(q))])
    flags = list(spec.get("flags", []))
    # companions
    billed = {i for i, _ in items}
    comp = []
    for rule in policy["companions"]:
        if billed & set(rule["when"]):
            for add in rule["add"]:
                for row in items + comp:
                    if row[0] == add["item"]:
                        row[1] = max(row[1], Decimal(str(add["quantity"])))
                        break
                else:
                    comp.append([add["item"], Decimal(str(add["quantity"]))])
    all_items = items + comp
    has_service = any(cat[i][2] == "SERVICE" for i, _ in all_items)
    flat = policy["labor"]["flatRateIncludesLabor"] and has_service
    inc, mn = policy["labor"]["incrementHours"], policy["labor"]["minimumHoursPerPersonPerVisit"]
    roles = {t["userId"]: t["laborRole"] for t in policy["team"]}
    labor, notes_why = {}, []
    live_visits = [v for v in spec["visits"] if not v.get("warranty")]
    if not flat:
        for v in live_visits:
            ah = after_hours(v["_startAt"], policy)
            per = {}
            if v.get("ts"):
                for u, secs in v["ts"].items():
                    secs = secs if isinstance(secs, list) else [secs]
                    per[u] = round_up_hours(sum(secs), inc, mn)
            elif v.get("said"):
                for u, h in v["said"].items():
                    per[u] = round_up_said(h, inc, mn)
            else:
                if "no_labor_recorded" not in flags:
                    flags.append("no_labor_recorded")
            for u, h in per.items():
                rate = policy["labor"]["rates"][roles[u]]
                item = rate.get("afterHours") if ah and rate.get("afterHours") else rate["regular"]
                labor[item] = labor.get(item, Decimal(0)) + h
                notes_why.append(f"{u} {num(h)} h {item}")
    trip = []
    tc = policy["tripCharge"]
    if live_visits and not (set(tags) & set(tc["waivedForClientTags"])):
        n = len(live_visits) if tc["per"] == "visit" else 1
        trip = [[tc["item"], Decimal(n)]]
    lines = items + [[k, v] for k, v in labor.items()] + trip + comp
    out, sub, taxable = [], Decimal(0), Decimal(0)
    for it, q in lines:
        p = cat[it][4]
        tot = line_total(q, p)
        out.append({"item": it, "quantity": num(q), "unitPrice": p, "total": float(tot)})
        sub += tot
        if cat[it][5]:
            taxable += tot
    exempt = set(tags) & set(policy["tax"]["exemptClientTags"])
    tax = Decimal(0) if exempt else money(taxable * Decimal(str(policy["tax"]["rate"])))
    auto = []
    if flat and any(v.get("ts") or v.get("said") for v in live_visits):
        auto.append("a flat-rate service is billed and includes labor, so no labor lines")
    if notes_why:
        auto.append("labor: " + ", ".join(notes_why))
    if trip:
        auto.append(f"{num(trip[0][1])} x {trip[0][0]}")
    elif live_visits:
        auto.append("trip charge waived by client tag")
    if comp:
        auto.append("companions: " + ", ".join(c[0] for c in comp))
    auto.append("tax-exempt client" if exempt else f"tax {float(tax):.2f} on taxable lines")
    return ({"lines": out, "flags": sorted(set(flags)), "subtotal": float(sub), "tax": float(tax),
             "total": float(sub + tax)}, "; ".join(auto))


def job_json(b, spec, number):
    tz = b["policy"]["timezone"]
    cat = {c[0]: c for c in b["catalog"]}
    names = {t["userId"]: t["name"] for t in b["policy"]["team"]}
    jid = spec["id"]
    c = spec["client"]
    addr = {"street1": c["street"], "city": c.get("city", b["city"]), "province": b["province"],
            "postalCode": c.get("zip", b["zip"]), "country": "US"}
    first = c["name"].split()[0].lower()
    client = {"id": f"CL-{number}", "name": c["name"], "companyName": c.get("company"),
              "emails": [{"address": f"{first}{number % 97}@example.com", "primary": True}],
              "phones": [{"number": f"+1 {b['area']} 555 0{100 + number % 900:03d}", "primary": True}],
              "billingAddress": addr, "tags": {"nodes": [{"label": t} for t in c.get("tags", [])]}}
    lis = []
    for k, li in enumerate(spec.get("lines", [])):
        if li[0] == "CUSTOM":
            _, name, desc, q, p, tx = li
            link = None
        else:
            it, q = li[0], li[1]
            row = cat[it]
            name, desc, p, tx = (li[2] if len(li) > 2 else row[1]), (li[3] if len(li) > 3 else row[7]), row[4], row[5]
            link = {"id": it, "name": row[1]}
        lis.append({"id": f"LI-{number}-{k + 1}", "name": name, "description": desc, "quantity": q, "unitPrice": p,
                    "totalPrice": float(line_total(q, p)), "taxable": tx, "linkedProductOrService": link})
    visits, tss = [], []
    for k, v in enumerate(spec["visits"]):
        vid = f"V-{number}-{k + 1}"
        v["_id"] = vid
        v["_startAt"] = iso(v["start"], tz, v.get("utc", False))
        secs = [sum(s if isinstance(s, list) else [s]) for s in (v.get("ts") or {}).values()]
        length = v.get("minutes") or (max(secs) // 60 + 10 if secs else int(max(list((v.get("said") or {}).values()) or [1.25]) * 60) + 5)
        v["_end"] = length
        visits.append({"id": vid, "title": v.get("title", spec["title"]), "startAt": v["_startAt"],
                       "endAt": iso(v["start"], tz, v.get("utc", False), length),
                       "completedAt": iso(v["start"], tz, v.get("utc", False), length + 6),
                       "assignedUsers": {"nodes": [{"id": u, "name": {"full": names[u]}} for u in v["users"]]}})
        t = 0
        for u, s in (v.get("ts") or {}).items():
            offset = 4
            for s1 in (s if isinstance(s, list) else [s]):
                t += 1
                tss.append({"id": f"TS-{number}-{len(tss) + 1}", "user": {"id": u}, "visit": {"id": vid},
                            "startAt": iso(v["start"], tz, False, offset),
                            "endAt": iso(v["start"], tz, False, offset + s1 // 60),
                            "finalDuration": s1, "note": None})
                offset += s1 // 60 + 25
    notes = []
    for k, n in enumerate(spec["notes"]):
        u, vi, msg = n[0], n[1], n[2]
        att = n[3] if len(n) > 3 else []
        v = spec["visits"][vi]
        at = iso(v["start"], tz, False, v["_end"] - 4 + k)
        notes.append({"id": f"N-{number}-{k + 1}", "message": msg, "createdAt": at, "createdBy": {"id": u},
                      "attachments": [{"fileName": a, "contentType": "application/pdf" if a.endswith(".pdf") else "image/jpeg"} for a in att]})
    job = {"id": f"JOB-{number}", "jobNumber": number, "title": spec["title"], "instructions": spec.get("instructions"),
           "jobStatus": "requires_invoicing", "client": client, "property": {"address": addr},
           "lineItems": {"nodes": lis}, "visits": {"nodes": visits}, "notes": {"nodes": notes},
           "timesheetEntries": {"nodes": tss}}
    expected, auto = compute(b, spec)
    return {"id": jid, "job": job,
            "authoring": {"items": [{"item": i, "quantity": q} for i, q in spec["bill"]], "flags": spec.get("flags", [])},
            "why": spec["why"].rstrip(".") + ". Policy: " + auto + ".",
            "expected": expected}


def main():
    for b in trades_data.BUSINESSES + trades_data_more.BUSINESSES + trades_data_roof_chimney.BUSINESSES:
        folder = os.path.join(ROOT, b["key"])
        for sub in ("jobs", "history"):
            os.makedirs(os.path.join(folder, sub), exist_ok=True)
            for f in os.listdir(os.path.join(folder, sub)):
                os.remove(os.path.join(folder, sub, f))
        json.dump(catalog_json(b), open(os.path.join(folder, "catalog.json"), "w"), indent=1)
        json.dump(b["policy"], open(os.path.join(folder, "policy.json"), "w"), indent=1)
        for sub in ("jobs", "history"):
            for k, spec in enumerate(b[sub]):
                number = b["base"] + (0 if sub == "jobs" else 500) + k + 1
                d = job_json(b, spec, number)
                json.dump(d, open(os.path.join(folder, sub, spec["id"] + ".json"), "w"), indent=1)
        print(b["key"], len(b["jobs"]), "jobs", len(b["history"]), "history", len(b["catalog"]), "items")


if __name__ == "__main__":
    main()
