"""Shared helpers for building and checking eval/trades: the spec's billing rules, computed exactly."""
import json
import math
from datetime import datetime, timedelta
from decimal import Decimal, ROUND_HALF_UP
from zoneinfo import ZoneInfo

DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]


def money(x):
    return Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def line_total(q, p):
    return (Decimal(str(q)) * Decimal(str(p))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def round_up_hours(seconds, inc, minimum):
    hours = Decimal(seconds) / Decimal(3600)
    inc = Decimal(str(inc))
    steps = math.ceil(hours / inc - Decimal("1e-9"))
    return max(inc * steps, Decimal(str(minimum)))


def round_up_said(hours, inc, minimum):
    return round_up_hours(Decimal(str(hours)) * 3600, inc, minimum)


def after_hours(start_at, policy):
    local = datetime.fromisoformat(start_at.replace("Z", "+00:00")).astimezone(ZoneInfo(policy["timezone"]))
    bh = policy["businessHours"]
    day = DAYS[local.weekday()]
    hhmm = local.strftime("%H:%M")
    return day not in bh["days"] or hhmm < bh["start"] or hhmm >= bh["end"]


def num(d):
    f = float(d)
    return int(f) if f == int(f) else f
