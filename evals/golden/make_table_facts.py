"""Recompute the expected facts of the golden table questions from the raw files.

    python evals/golden/make_table_facts.py           # print every id with its computed facts
    python evals/golden/make_table_facts.py --check   # also compare with the facts in the two jsonl files

Independent of copilot/: reads the raw files with csv / openpyxl only.
- Workbook A (PFMEA_Line2_Assembly_OP10-OP30.xlsx): 4 title rows, header in row 5, data rows 6-37,
  Process Step / Process Function merged vertically (filled from the merged range's top-left cell).
- Workbook B (PFMEA_Line2_Test_Pack_OP40-OP60.xlsx): bilingual header in row 1, sheets OP40-OP50 and OP60.
- Station = first token of Process Step (OP10 ... OP60).
- Work orders: CMMS_WO_export_2024.csv (UTF-8), CMMS_WO_export_2025.xlsx (sheet WorkOrders) and the CP949
  area log 정비일지_2025_OP20-OP40.csv (downtime in minutes -> hours; 고장수리=CM, 긴급=EM, 예방정비=PM).
  The area log is a separate record (not a copy of CMMS rows), so "all records" counts add both.
- Shared: uwa-fmea/fmea_dataset_filled.csv (values stripped), excavator-work-orders/case_study_pdl.csv
  (multi-valued MajorSystem / Part / FM joined with '_'; questions were chosen where the exact value and the
  tag-contains reading give the same rows).
Numbers: counts as integers, averages / downtime / money rounded to 2 decimals (trailing zeros kept for
averages, dropped for sums that are whole numbers).
"""
from __future__ import annotations

import collections
import csv
import datetime as dt
import json
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
SD = ROOT / "sample_docs"
SH = ROOT.parent / "shared" / "corpora"


# ---------------------------------------------------------------- loaders
def load_pfmea() -> list[dict]:
    keys = ["step", "function", "mode", "effect", "S", "cause", "O", "prevention", "detection_ctrl", "D",
            "AP", "RPN", "action", "resp", "target", "status"]

    def mk(vals, wb, sheet, row):
        d = dict(zip(keys, vals))
        d.update(wb=wb, sheet=sheet, row=row, station=str(d["step"]).split()[0])
        for k in ("S", "O", "D", "RPN"):
            d[k] = int(d[k])
        assert d["RPN"] == d["S"] * d["O"] * d["D"], (sheet, row)
        return d

    out = []
    ws = openpyxl.load_workbook(SD / "pfmea/PFMEA_Line2_Assembly_OP10-OP30.xlsx")["PFMEA OP10-OP30"]
    merged = {}
    for rng in ws.merged_cells.ranges:
        v = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = v
    assert ws.cell(5, 1).value == "Process Step"
    for r in range(6, ws.max_row + 1):
        vals = [merged.get((r, c), ws.cell(r, c).value) for c in range(1, 17)]
        if any(v is not None for v in vals):
            out.append(mk(vals, "A", ws.title, r))
    wb = openpyxl.load_workbook(SD / "pfmea/PFMEA_Line2_Test_Pack_OP40-OP60.xlsx")
    for ws in wb.worksheets:
        for r in range(2, ws.max_row + 1):
            vals = [ws.cell(r, c).value for c in range(1, 17)]
            if any(v is not None for v in vals):
                out.append(mk(vals, "B", ws.title, r))
    return out


KO_TYPE = {"고장수리": "CM", "긴급": "EM", "예방정비": "PM"}


def load_wos() -> list[dict]:
    out = []
    with open(SD / "maintenance/CMMS_WO_export_2024.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            out.append(dict(
                wo=r["WO Number"], opened=dt.datetime.strptime(r["Date Opened"], "%Y-%m-%d %H:%M"),
                closed=dt.datetime.strptime(r["Date Closed"], "%Y-%m-%d %H:%M") if r["Date Closed"] else None,
                asset=r["Asset ID"], station=r["Station"], type=r["WO Type"], code=r["Failure Code"] or None,
                text=r["Short Text"], action=r["Action Taken"], tech=r["Technician"],
                dt_h=float(r["Downtime (h)"]) if r["Downtime (h)"] else None,
                cost=float(r["Cost (KRW)"]) if r["Cost (KRW)"] else None, src="cmms"))
    ws = openpyxl.load_workbook(SD / "maintenance/CMMS_WO_export_2025.xlsx")["WorkOrders"]
    rows = ws.iter_rows(values_only=True)
    head = next(rows)
    for row in rows:
        r = dict(zip(head, row))
        if not r["WO Number"]:
            continue
        out.append(dict(
            wo=r["WO Number"], opened=r["Date Opened"], closed=r["Date Closed"], asset=r["Asset ID"],
            station=r["Station"], type=r["WO Type"], code=r["Failure Code"] or None, text=r["Short Text"],
            action=r["Action Taken"], tech=r["Technician"],
            dt_h=None if r["Downtime (h)"] is None else float(r["Downtime (h)"]),
            cost=None if r["Cost (KRW)"] is None else float(r["Cost (KRW)"]), src="cmms"))
    with open(SD / "maintenance/정비일지_2025_OP20-OP40.csv", encoding="cp949", newline="") as f:
        for r in csv.DictReader(f):
            out.append(dict(
                wo=r["작업지시번호"], opened=dt.datetime.strptime(r["일자"], "%Y-%m-%d"), closed=None,
                asset=r["설비번호"], station=r["공정"], type=KO_TYPE[r["작업구분"]], code=r["고장코드"] or None,
                text=r["작업내용"], action=r["조치내용"], tech=r["작업자"],
                dt_h=float(r["비가동시간(분)"]) / 60, cost=None, src="kolog"))
    return out


def load_uwa() -> list[dict]:
    with open(SH / "uwa-fmea/fmea_dataset_filled.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i, r in enumerate(rows, start=2):
        d = {k: v.strip() for k, v in r.items()}
        for k in ("Severity", "Occurrence", "Detection", "RPN"):
            d[k] = int(d[k])
        d["line"] = i
        out.append(d)
    return out


def load_exc() -> list[dict]:
    with open(SH / "excavator-work-orders/case_study_pdl.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["Cost"] = float(r["Cost"])
        r["RunningTime"] = float(r["RunningTime"]) if r["RunningTime"] else None
        r["date"] = dt.date.fromisoformat(r["BscStartDate"])
    return rows


P, W, U, E = load_pfmea(), load_wos(), load_uwa(), load_exc()


# ---------------------------------------------------------------- helpers
def n(x) -> str:
    """A count or whole number as the answer would print it."""
    return str(int(x))


def f2(x) -> str:
    """Average with exactly 2 decimals (only used where the mean is exact at 2 decimals)."""
    assert abs(round(x, 2) - x) < 1e-9, x
    return f"{x:.2f}"


def money(x) -> str:
    x = round(x, 2)
    return str(int(x)) if x == int(x) else f"{x:.2f}".rstrip("0")


def hours(x) -> str:
    x = round(x, 2)
    return str(int(x)) if x == int(x) else f"{x:.2f}".rstrip("0")


def avg(xs):
    xs = list(xs)
    return sum(xs) / len(xs)


def pf(**kw):
    return [r for r in P if all(r[k] == v for k, v in kw.items())]


def year(r):
    return r["opened"].year


def tags(s):
    return [t for t in s.split("_") if t]


def one(rows):
    assert len(rows) == 1, [r.get("wo", r.get("line", r.get("id"))) for r in rows]
    return rows[0]


def uw(**kw):
    return [r for r in U if all(r[k.replace("_", " ") if k != "Sub_Component" else "Sub-Component"] == v
                                for k, v in kw.items())]


# ---------------------------------------------------------------- sample plant
SP = {}


def sp(fn):
    SP["sp-tq-" + fn.__name__.replace("_", "-")] = fn
    return fn


@sp
def lk_01():
    r = one([x for x in pf(station="OP30") if x["mode"] == "Bolt cross-threaded"])
    return [n(r["S"]), n(r["RPN"])]


@sp
def lk_02():
    r = one([x for x in pf(station="OP40") if "CLM-40-30 out of calibration" in x["cause"]])
    return [n(r["RPN"])]


@sp
def lk_03():
    r = one([x for x in P if x["action"] and "FS-02" in x["action"]])
    return [r["resp"].split(" (")[0], r["status"]]


@sp
def lk_04():
    r = one([x for x in W if x["wo"] == "WO-24-00492"])
    return [hours(r["dt_h"]), money(r["cost"])]


@sp
def lk_05():
    return [money(one([x for x in W if x["wo"] == "WO-25-00664"])["cost"])]


@sp
def lk_06():
    return [hours(one([x for x in W if x["wo"] == "L2-25-0045"])["dt_h"])]


@sp
def lk_07():
    r = one([x for x in pf(station="OP50") if x["mode"] == "Sealing washer missing or re-used"])
    return [n(r["D"]), n(r["RPN"])]


@sp
def lk_08():
    r = one([x for x in pf(station="OP20") if x["mode"].startswith("Spindle bearing overheating")
             and "grease" in x["cause"].lower()])
    return [n(r["RPN"])]


@sp
def lk_09():
    r = one([x for x in W if x["wo"] == "WO-25-00187"])
    assert r["code"] is None and r["type"] == "CM"
    return [r["text"], r["tech"]]


@sp
def nf_01():
    return list(dict.fromkeys(x["mode"] for x in pf(station="OP30") if x["S"] >= 9))


@sp
def nf_02():
    rows = sorted([x for x in P if x["RPN"] > 200], key=lambda x: -x["RPN"])
    return [n(len(rows))] + [n(x["RPN"]) for x in rows] + ["Bolt under-torque"]


@sp
def nf_03():
    return list(dict.fromkeys(x["mode"] for x in P if x["D"] >= 7))


@sp
def nf_04():
    return [x["mode"] for x in pf(station="OP60") if x["O"] <= 2]


@sp
def nf_05():
    return [x["wo"] for x in W if x["cost"] is not None and x["cost"] > 1_000_000]


@sp
def nf_06():
    return [x["wo"] for x in W if year(x) == 2024 and x["type"] == "CM" and (x["dt_h"] or 0) > 3]


@sp
def nf_07():
    rows = [x for x in W if x["asset"] == "LKT-40" and x["code"] == "LEAK-CLT" and year(x) == 2025
            and 4 <= x["opened"].month <= 6]
    return [n(len(rows)), rows[0]["wo"], [x for x in rows if x["src"] == "kolog"][0]["wo"]]


@sp
def nf_08():
    rows = [x for x in W if x["asset"] == "PRS-02" and year(x) == 2025 and (x["dt_h"] or 0) >= 2]
    return [n(len(rows)), "WO-25-00479", "L2-25-0045"]


@sp
def nf_09():
    rows = [x for x in P if 110 <= x["RPN"] <= 150]
    assert not [x for x in P if x["RPN"] in (110, 150)]
    return [n(len(rows)), "Sealant bead gap at bolt-hole bosses not detected", "Unit dropped by ROB-60"]


@sp
def nf_10():
    rows = [x for x in W if x["asset"] == "CHL-01" and x["type"] == "PM" and year(x) == 2024 and x["opened"].month >= 7]
    return [n(len(rows))]


@sp
def rk_01():
    top = sorted(P, key=lambda x: -x["RPN"])[:3]
    assert top[2]["RPN"] > sorted(P, key=lambda x: -x["RPN"])[3]["RPN"]
    return [n(x["RPN"]) for x in top] + ["Spindle bearing overheating", "Gear not fully seated", "Bolt under-torque"]


def downtime_by_asset(y, types=("CM", "EM")):
    d = collections.defaultdict(float)
    for x in W:
        if year(x) == y and x["type"] in types and x["dt_h"] is not None:
            d[x["asset"]] += x["dt_h"]
    return sorted(d.items(), key=lambda t: -t[1])


@sp
def rk_02():
    return [downtime_by_asset(2025)[0][0]]


@sp
def rk_03():
    r = max(pf(station="OP50"), key=lambda x: x["RPN"])
    return [r["mode"], n(r["RPN"])]


@sp
def rk_04():
    rows = sorted(pf(station="OP40"), key=lambda x: x["RPN"])
    assert rows[0]["RPN"] < rows[1]["RPN"]
    return [rows[0]["mode"], n(rows[0]["RPN"])]


@sp
def rk_05():
    r = max([x for x in W if year(x) == 2024 and x["cost"]], key=lambda x: x["cost"])
    return [r["wo"], money(r["cost"])]


@sp
def rk_06():
    c = collections.Counter(x["tech"] for x in W if year(x) == 2025 and x["src"] == "cmms").most_common(2)
    assert c[0][1] > c[1][1]
    return [c[0][0], n(c[0][1])]


@sp
def rk_07():
    r = max([x for x in W if x["asset"] == "NR-30" and year(x) == 2025 and x["dt_h"]], key=lambda x: x["dt_h"])
    return [r["wo"], hours(r["dt_h"])]


@sp
def rk_08():
    c = collections.Counter(x["code"] for x in W if year(x) == 2025 and x["code"]).most_common(2)
    assert c[0][1] > c[1][1]
    return [c[0][0], n(c[0][1])]


@sp
def rk_09():
    top = downtime_by_asset(2024)[:3]
    return [a for a, _ in top] + [hours(h) for _, h in top]


@sp
def ag_01():
    rows = [x for x in P if x["AP"] == "H" and not x["action"]]
    return [n(len(rows))] + [x["mode"] for x in rows]


@sp
def ag_02():
    return [f2(avg(x["O"] for x in pf(station="OP20")))]


@sp
def ag_03():
    return [f2(avg(x["O"] for x in pf(station="OP60")))]


@sp
def ag_04():
    return [hours(dict(downtime_by_asset(2024))["PRS-02"])]


@sp
def ag_05():
    return [n(sum(1 for x in W if year(x) == 2024 and x["type"] == "PM"))]


@sp
def ag_06():
    return [money(sum(x["cost"] for x in W if year(x) == 2025 and x["src"] == "cmms" and x["cost"] is not None))]


@sp
def ag_07():
    return [n(sum(1 for x in W if x["asset"] == "PRS-02" and year(x) == 2025))]


@sp
def ag_08():
    return [hours(sum(x["dt_h"] for x in W if x["src"] == "kolog"))]


@sp
def ag_09():
    return [n(max(x["RPN"] for x in pf(station=s))) for s in ("OP10", "OP20", "OP30", "OP40", "OP50", "OP60")]


@sp
def ag_10():
    c = collections.Counter(x["code"] for x in W if x["asset"] == "NR-30" and year(x) == 2024 and x["code"])
    return ["TRQ-DRIFT", n(c["TRQ-DRIFT"]), "ELEC", n(c["ELEC"])]


@sp
def ag_11():
    return [n(sum(1 for x in W if x["tech"] == "김재현" and year(x) == 2025))]


@sp
def ag_12():
    return [f2(avg(x["RPN"] for x in pf(station="OP40")))]


@sp
def sf_01():
    return list(dict.fromkeys(x["mode"] for x in P if "wheel lock" in x["effect"].lower()))


@sp
def sf_02():
    # PRS-01 orders about hydraulic oil/hose leaks (the HYD OIL TEMP HIGH orders and the PMs are not leaks)
    return [x["wo"] for x in W if x["asset"] == "PRS-01" and x["type"] != "PM"
            and ("LEAK" in x["text"] or "HOSE" in x["text"])]


@sp
def sf_03():
    rows = sorted([x for x in pf(station="OP30") if "torque" in x["mode"].lower()], key=lambda x: -x["RPN"])
    return ["Bolt under-torque", "Torque drift on NR-30 spindle 3", "Over-torque", n(rows[0]["RPN"]), n(rows[2]["RPN"])]


@sp
def sf_04():
    return [x["wo"] for x in W if x["asset"] == "CHL-01" and year(x) == 2025 and x["code"] == "FLOW-LOW"]


@sp
def sf_05():
    return [x["wo"] for x in W if x["asset"] == "PRS-02" and x["code"] == "BRG-OVHT" and year(x) == 2025
            and x["opened"].month == 7]


@sp
def sf_06():
    return [x["wo"] for x in W if "BRG REPL" in x["text"]]


@sp
def sf_07():
    return [x["mode"] for x in P if "supplier" in x["cause"].lower()]


@sp
def sf_08():
    r = one([x for x in pf(station="OP40") if "O-ring" in x["cause"]])
    return ["False reject on the coolant jacket", n(r["RPN"])]


def empty(rows):
    assert not rows, rows
    return []


@sp
def nm_01():
    return empty([x for x in pf(station="OP60") if x["S"] == 10])


@sp
def nm_02():
    return empty([x for x in P if x["RPN"] >= 300])


@sp
def nm_03():
    return empty([x for x in W if x["asset"] == "LKT-40" and year(x) == 2024 and x["type"] == "EM"])


@sp
def nm_04():
    return empty([x for x in pf(station="OP10") if x["AP"] == "H"])


@sp
def nm_05():
    return empty([x for x in W if x["asset"] == "LSR-60" and x["type"] == "EM"])


@sp
def nm_06():
    return empty([x for x in P if x["D"] >= 8])


@sp
def nm_07():
    return empty([x for x in W if x["asset"] == "CHL-01" and x["type"] == "CM" and year(x) == 2025 and x["opened"].month == 3])


@sp
def nm_08():
    return empty([x for x in W if x["asset"] == "PRS-02" and x["code"] == "HYD"])


# ---------------------------------------------------------------- shared corpora
SC = {}


def sc(fn):
    SC["sc-tq-" + fn.__name__.replace("_", "-")] = fn
    return fn


def ucomp(comp, sub=None):
    return [r for r in U if r["Component"] == comp and (sub is None or r["Sub-Component"] == sub)]


@sc
def lk_01():
    r = one([r for r in ucomp("AFFF", "Activation System & Gauge") if r["Potential Failure Mode"] == "Out of date / no test tag"])
    return [n(r["RPN"])]


@sc
def lk_02():
    r = one([r for r in ucomp("Cooling System", "Water Pump") if r["Potential Failure Mode"] == "Mechanical Failure"])
    return [n(r["Severity"]), n(r["RPN"])]


@sc
def lk_03():
    r = one([r for r in U if r["Sub-Component"] == "Air filter"])
    return [n(r["Occurrence"]), r["Potential Cause(s) of Failure"]]


@sc
def lk_04():
    r = one([r for r in E if r["Asset"] == "C" and r["BscStartDate"].startswith("2010-09") and "BOOM" in r["OriginalShorttext"]])
    return [money(r["Cost"])]


@sc
def lk_05():
    r = one([r for r in E if r["Asset"] == "C" and r["BscStartDate"] == "2010-03-31" and "FINAL DRIVE" in r["OriginalShorttext"]])
    return [n(r["RunningTime"])]


@sc
def nf_01():
    rows = [r for r in U if r["RPN"] >= 32]
    return [n(len(rows)), "Water Pump", "Planetary gear sets"]


@sc
def nf_02():
    rows = [r for r in U if r["Detection"] == 5]
    assert {r["Sub-Component"] for r in rows} == {"Differential"}
    return ["Differential", n(len(rows))]


@sc
def nf_03():
    rows = [r for r in U if r["Severity"] == 1]
    return [n(len(rows)), "Dipstick"]


@sc
def nf_04():
    return [r["OriginalShorttext"] for r in E if r["Cost"] > 400_000]


@sc
def nf_05():
    return [r["OriginalShorttext"] for r in E if (r["RunningTime"] or 0) > 1300]


@sc
def nf_06():
    rows = [r for r in E if r["Cost"] < 0]
    return [n(len(rows)), "L/H ENGINE WONT START"]


@sc
def nf_07():
    return [n(sum(1 for r in E if r["Asset"] == "A" and r["date"].year == 2005))]


@sc
def nf_08():
    return [n(sum(1 for r in U if r["Severity"] == 4))]


@sc
def rk_01():
    rows = sorted([r for r in U if r["Subsystem"] == "Power Unit"], key=lambda r: -r["RPN"])
    assert rows[0]["RPN"] > rows[1]["RPN"]
    return [rows[0]["Sub-Component"], n(rows[0]["RPN"])]


@sc
def rk_02():
    c = collections.Counter(r["Subsystem"] for r in U).most_common(1)[0]
    return [c[0], n(c[1])]


@sc
def rk_03():
    r = max([r for r in E if r["Asset"] == "E"], key=lambda r: r["Cost"])
    return [r["OriginalShorttext"], money(r["Cost"])]


@sc
def rk_04():
    t = collections.defaultdict(float)
    for r in E:
        if r["date"].year == 2009:
            t[r["Asset"]] += r["Cost"]
    a, v = max(t.items(), key=lambda kv: kv[1])
    return [a, money(v)]


@sc
def rk_05():
    a, c = collections.Counter(r["Asset"] for r in E if r["date"].year == 2007).most_common(1)[0]
    return [a, n(c)]


@sc
def rk_06():
    rows = sorted([r for r in E if r["Asset"] == "B"], key=lambda r: -r["Cost"])[:3]
    return [r["OriginalShorttext"] for r in rows] + [money(r["Cost"]) for r in rows]


@sc
def ag_01():
    return [f2(avg(r["RPN"] for r in ucomp("Cabin")))]


@sc
def ag_02():
    return [n(sum(1 for r in U if r["Subsystem"] == "Hydraulic System"))]


@sc
def ag_03():
    return [f2(avg(r["RPN"] for r in ucomp("Drivelines")))]


@sc
def ag_04():
    c = collections.Counter(r["Asset"] for r in E)
    return [n(c[a]) for a in "DBCEA"]


@sc
def ag_05():
    return [n(sum(1 for r in E if r["PMType"] == "PM02"))]


@sc
def ag_06():
    return [money(sum(r["Cost"] for r in E if r["Asset"] == "A"))]


@sc
def ag_07():
    return [n(sum(1 for r in U if not r["Recommended Action"]))]


@sc
def ag_08():
    return [n(sum(1 for r in E if r["Asset"] == "C" and r["date"].year == 2008))]


@sc
def sf_01():
    rows = [r for r in ucomp("Engine") if "overheating" in r["Potential Effect(s) of Failure"].lower()]
    assert {r["Sub-Component"] for r in rows} == {"Fan"}
    return [r["Potential Cause(s) of Failure"] for r in rows]


@sc
def sf_02():
    return [r["Sub-Component"] for r in ucomp("Cabin") if "falling rocks" in r["Potential Cause(s) of Failure"].lower()]


@sc
def sf_03():
    rows = [r for r in E if r["Asset"] == "A" and r["date"].year == 2007 and "Leak" in tags(r["FM"])
            and "Hydraulic System" in tags(r["MajorSystem"])]
    assert all(r["MajorSystem"] == "Hydraulic System" and r["FM"] == "Leak" for r in rows)
    return [n(len(rows)), "HYD HOSE LEAKING ON STICK"]


@sc
def sf_04():
    rows = [r for r in E if r["Asset"] == "A" and "JUMP" in r["OriginalShorttext"].upper()]
    return [n(len(rows))]


@sc
def sf_05():
    return [r["OriginalShorttext"] for r in E if r["Asset"] == "A" and "Fire Suppression" in tags(r["Part"])
            and any(w in r["OriginalShorttext"].upper() for w in ("DISCHARGED", "ACTIVATED"))]


@sc
def vl_01():
    rows = ucomp("Air-conditioning", "Compressor")
    assert {r["RPN"] for r in rows} == {18}
    return [r["Potential Failure Mode"] for r in rows] + ["18"]


@sc
def vl_02():
    rows = sorted([r for r in U if r["Subsystem"] == "Hydraulic System" and r["Component"] == "Pumps"], key=lambda r: -r["Severity"])
    assert rows[0]["Severity"] > rows[1]["Severity"]
    return [rows[0]["Potential Failure Mode"], n(rows[0]["Severity"]), rows[0]["Potential Cause(s) of Failure"]]


@sc
def vl_03():
    r = one([r for r in U if r["Sub-Component"] == "Alternator" and r["Potential Failure Mode"] == "Corrosion"])
    return ["Alternator", n(r["RPN"])]


@sc
def vl_04():
    rows = [r for r in U if r["Sub-Component"] == "Differential"]
    assert {r["Detection"] for r in rows} == {5}
    return ["5", n(len(rows))]


@sc
def vl_05():
    r = one(ucomp("Air-conditioning", "Filter"))
    return [r["Potential Failure Mode"], n(r["RPN"])]


@sc
def vl_06():
    rows = [r for r in E if r["Asset"] == "A" and r["date"].year == 2007 and "Air Conditioning" in tags(r["Part"])]
    assert all(r["Part"] == "Air Conditioning" for r in rows)
    return [n(len(rows)), "RERAIR A/C"]


@sc
def vl_07():
    rows = [r for r in E if r["Asset"] == "E" and "Final Drive" in tags(r["MajorSystem"])]
    assert all(r["MajorSystem"] == "Final Drive" for r in rows)
    return [n(len(rows)), "120E - L/H FINAL DRIVE - CHANGE OUT"]


@sc
def vl_08():
    return [n(len(ucomp("Dropbox")))]


@sc
def nm_01():
    return empty([r for r in U if r["Severity"] >= 5])


@sc
def nm_02():
    return empty([r for r in U if r["Sub-Component"] == "Tyre" and r["RPN"] > 30])


@sc
def nm_03():
    return empty([r for r in E if r["Asset"] == "B" and r["date"].year == 2006])


@sc
def nm_04():
    return empty([r for r in E if r["Asset"] == "A" and r["Cost"] > 5000])


@sc
def nm_05():
    return empty([r for r in U if r["Subsystem"] == "Fire Suppression System" and r["Detection"] >= 3])


ALL = {**SP, **SC}


def main() -> int:
    computed = {k: fn() for k, fn in ALL.items()}
    for k, v in computed.items():
        print(k, json.dumps(v, ensure_ascii=False))
    if "--check" not in sys.argv:
        return 0
    bad = 0
    seen = set()
    for name in ("sample_plant_tables.jsonl", "shared_tables.jsonl"):
        for line in (Path(__file__).parent / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line)
            seen.add(d["id"])
            if d["id"] not in computed:
                print("NO FACT FUNCTION", d["id"]); bad += 1
            elif d["facts"] != computed[d["id"]]:
                print("MISMATCH", d["id"], d["facts"], computed[d["id"]]); bad += 1
            if d.get("expect_empty") != (d["category"] == "no_match") or (d.get("expect_empty") and d["facts"]):
                print("EMPTY FLAG", d["id"]); bad += 1
    for k in computed.keys() - seen:
        print("NOT IN JSONL", k); bad += 1
    print("check:", "OK" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
