"""Recompute the expected facts of the held-out golden table questions (heldout_tables.jsonl) from the raw files.

    python evals/golden/make_heldout_facts.py           # print every id with its computed facts
    python evals/golden/make_heldout_facts.py --check   # also compare with the facts in heldout_tables.jsonl

Written blind, independently of copilot/ and of make_table_facts.py: reads the raw files with csv / openpyxl only.
The questions were never used to tune the table planner (the tuning sets are sample_plant_tables.jsonl and
shared_tables.jsonl); keep it that way: do not tune on this file.

Sample plant (`"corpus": "sample"`):
- Workbook A (PFMEA_Line2_Assembly_OP10-OP30.xlsx, sheet "PFMEA OP10-OP30"): 4 title rows, header in row 5,
  data from row 6; Process Step / Process Function merged vertically (value of the merged range's top-left cell).
- Workbook B (PFMEA_Line2_Test_Pack_OP40-OP60.xlsx): bilingual header in row 1, sheets OP40-OP50 and OP60.
- Station = first token of Process Step (OP10 ... OP60).
- Work orders: CMMS_WO_export_2024.csv (UTF-8), CMMS_WO_export_2025.xlsx (sheet WorkOrders) and the CP949 area log
  정비일지_2025_OP20-OP40.csv (downtime in minutes -> hours; 고장수리=CM, 긴급=EM, 예방정비=PM). The area log is a
  separate record; every question on 2025 work orders says which source(s) count.
Shared (`"corpus": "shared"`): uwa-fmea/fmea_dataset_filled.csv (cells stripped) and
excavator-work-orders/case_study_pdl.csv (one row = one work order, duplicates in the data counted as rows;
multi-valued Part / MajorSystem / FM joined with '_').
Numbers as the answer would print them: counts as integers, averages / percentages rounded to 2 decimals
(trailing zeros kept), money / hours rounded to 2 decimals with trailing zeros dropped.
"""
from __future__ import annotations

import collections
import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SAMPLE = ROOT / "sample_docs"
SHARED = ROOT.parent / "shared" / "corpora"
JSONL = HERE / "heldout_tables.jsonl"


# ------------------------------------------------------------------ raw loaders
PF_COLS = ("step", "function", "mode", "effect", "sev", "cause", "occ", "prev", "detctl", "det",
           "ap", "rpn", "action", "owner", "target", "status")


def _pf_row(cells, book, sheet, rownum):
    r = dict(zip(PF_COLS, cells))
    for k in ("sev", "occ", "det", "rpn"):
        r[k] = int(r[k])
    if r["rpn"] != r["sev"] * r["occ"] * r["det"]:
        raise ValueError(f"RPN != S*O*D in {book} {sheet} row {rownum}")
    r["station"] = str(r["step"]).split()[0]
    r["book"], r["sheet"], r["rownum"] = book, sheet, rownum
    return r


def read_pfmea():
    rows = []
    wb = openpyxl.load_workbook(SAMPLE / "pfmea" / "PFMEA_Line2_Assembly_OP10-OP30.xlsx")
    ws = wb["PFMEA OP10-OP30"]
    if ws.cell(5, 1).value != "Process Step" or ws.cell(5, 12).value != "RPN":
        raise ValueError("workbook A header moved")
    fill = {}
    for rng in ws.merged_cells.ranges:
        top = ws.cell(rng.min_row, rng.min_col).value
        for rr in range(rng.min_row, rng.max_row + 1):
            for cc in range(rng.min_col, rng.max_col + 1):
                fill[(rr, cc)] = top
    for rr in range(6, ws.max_row + 1):
        cells = [fill.get((rr, cc), ws.cell(rr, cc).value) for cc in range(1, 17)]
        if any(c is not None for c in cells):
            rows.append(_pf_row(cells, "A", ws.title, rr))
    wb = openpyxl.load_workbook(SAMPLE / "pfmea" / "PFMEA_Line2_Test_Pack_OP40-OP60.xlsx")
    for ws in wb.worksheets:
        if ws.cell(1, 12).value != "RPN":
            raise ValueError("workbook B header moved")
        for rr in range(2, ws.max_row + 1):
            cells = [ws.cell(rr, cc).value for cc in range(1, 17)]
            if any(c is not None for c in cells):
                rows.append(_pf_row(cells, "B", ws.title, rr))
    return rows


KO_WO_TYPE = {"고장수리": "CM", "긴급": "EM", "예방정비": "PM"}


def _num(v):
    return None if v in (None, "") else float(v)


def read_work_orders():
    rows = []
    with open(SAMPLE / "maintenance" / "CMMS_WO_export_2024.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append({
                "wo": r["WO Number"], "date": dt.datetime.strptime(r["Date Opened"], "%Y-%m-%d %H:%M"),
                "asset": r["Asset ID"], "type": r["WO Type"], "code": r["Failure Code"] or None,
                "text": r["Short Text"], "action": r["Action Taken"], "tech": r["Technician"],
                "hours": _num(r["Downtime (h)"]), "cost": _num(r["Cost (KRW)"]), "source": "cmms2024"})
    ws = openpyxl.load_workbook(SAMPLE / "maintenance" / "CMMS_WO_export_2025.xlsx")["WorkOrders"]
    it = ws.iter_rows(values_only=True)
    header = list(next(it))
    for values in it:
        r = dict(zip(header, values))
        if not r["WO Number"]:
            continue
        rows.append({
            "wo": r["WO Number"], "date": r["Date Opened"], "asset": r["Asset ID"], "type": r["WO Type"],
            "code": r["Failure Code"] or None, "text": r["Short Text"], "action": r["Action Taken"] or "",
            "tech": r["Technician"], "hours": _num(r["Downtime (h)"]), "cost": _num(r["Cost (KRW)"]),
            "source": "cmms2025"})
    with open(SAMPLE / "maintenance" / "정비일지_2025_OP20-OP40.csv", encoding="cp949", newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append({
                "wo": r["작업지시번호"], "date": dt.datetime.strptime(r["일자"], "%Y-%m-%d"),
                "asset": r["설비번호"], "type": KO_WO_TYPE[r["작업구분"]], "code": r["고장코드"] or None,
                "text": r["작업내용"], "action": r["조치내용"], "tech": r["작업자"],
                "minutes": float(r["비가동시간(분)"]), "hours": float(r["비가동시간(분)"]) / 60, "cost": None,
                "source": "kolog"})
    return rows


def read_uwa():
    with open(SHARED / "uwa-fmea" / "fmea_dataset_filled.csv", encoding="utf-8-sig", newline="") as fh:
        raw = list(csv.DictReader(fh))
    rows = []
    for line, r in enumerate(raw, start=2):
        d = {k.strip(): (v or "").strip() for k, v in r.items()}
        for k in ("Severity", "Occurrence", "Detection", "RPN"):
            d[k] = int(d[k])
        d["line"] = line
        rows.append(d)
    return rows


def read_excavator():
    with open(SHARED / "excavator-work-orders" / "case_study_pdl.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["Cost"] = float(r["Cost"])
        r["RunningTime"] = _num(r["RunningTime"])
        r["day"] = dt.date.fromisoformat(r["BscStartDate"])
    return rows


PFMEA = read_pfmea()
WOS = read_work_orders()
UWA = read_uwa()
EXC = read_excavator()


# ------------------------------------------------------------------ formatting and small helpers
def cnt(x) -> str:
    return str(int(x))


def dec2(x) -> str:
    """Average or percentage, 2 decimals, trailing zeros kept."""
    return f"{round(x + 1e-12, 2):.2f}"


def amount(x) -> str:
    """Money or hours: 2 decimals at most, trailing zeros dropped."""
    x = round(x + 1e-12, 2)
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return s


def only(rows):
    if len(rows) != 1:
        raise AssertionError(f"expected exactly one row, got {len(rows)}")
    return rows[0]


def none_of(rows):
    if rows:
        raise AssertionError(f"expected no row, got {len(rows)}")
    return []


def unique_top(pairs):
    """pairs: [(key, value)] sorted descending; the top value must not be tied."""
    if len(pairs) > 1 and pairs[0][1] == pairs[1][1]:
        raise AssertionError(f"tie at the top: {pairs[:2]}")
    return pairs[0]


def in_year(r, y):
    return r["date"].year == y


def split_tags(s):
    return [t for t in s.split("_") if t]


# ------------------------------------------------------------------ sample plant
FACTS = {}


def q(qid):
    def deco(fn):
        FACTS[qid] = fn
        return fn
    return deco


@q("ho-sp-lk-01")
def _():
    r = only([x for x in PFMEA if x["action"] and "O-ring material" in x["action"]])
    assert r["station"] == "OP40"
    return [r["owner"].split(" (")[0], r["target"].strftime("%Y-%m-%d")]


@q("ho-sp-lk-02")
def _():
    r = only([x for x in PFMEA if x["mode"] == "Wrong gear variant pressed"])
    return [r["detctl"], cnt(r["det"])]


@q("ho-sp-lk-03")
def _():
    r = only([x for x in WOS if x["wo"] == "L2-25-0052"])
    return [r["asset"], r["tech"], amount(r["hours"])]


@q("ho-sp-lk-04")
def _():
    r = only([x for x in WOS if x["wo"] == "WO-24-00469"])
    return [r["asset"], r["code"], r["tech"]]


@q("ho-sp-nf-01")
def _():
    rows = [x for x in PFMEA if x["rpn"] >= 100 and x["det"] >= 6]
    modes = {x["mode"] for x in rows}
    assert "Fill plug under-torque" not in modes  # RPN 96: just below the cut
    assert {"Unit dropped by ROB-60", "Sealing washer missing or re-used"} <= modes
    return [cnt(len(rows)), "Unit dropped by ROB-60", "Sealing washer missing or re-used"]


@q("ho-sp-nf-02")
def _():
    return [x["mode"] for x in PFMEA if x["sev"] >= 9 and x["occ"] <= 2]


@q("ho-sp-nf-03")
def _():
    return [x["wo"] for x in WOS if x["source"] == "cmms2025" and x["date"].month == 3
            and x["hours"] is not None and x["hours"] > 1.5]


@q("ho-sp-nf-04")
def _():
    return [x["wo"] for x in WOS if in_year(x, 2024) and x["date"].month >= 10
            and x["cost"] is not None and x["cost"] <= 30_000]


@q("ho-sp-rk-01")
def _():
    by = collections.defaultdict(list)
    for x in PFMEA:
        by[x["station"]].append(x["rpn"])
    ranked = sorted(((s, sum(v) / len(v)) for s, v in by.items()), key=lambda t: -t[1])
    st, mean = unique_top(ranked)
    return [st, dec2(mean)]


@q("ho-sp-rk-02")
def _():
    tot = collections.defaultdict(float)
    for x in WOS:
        if x["source"].startswith("cmms") and x["code"] and x["cost"] is not None:
            tot[x["code"]] += x["cost"]
    code, val = unique_top(sorted(tot.items(), key=lambda t: -t[1]))
    return [code, amount(val)]


@q("ho-sp-rk-03")
def _():
    tot = collections.defaultdict(float)
    for x in WOS:
        if x["source"] == "kolog":
            tot[x["tech"]] += x["minutes"]
    tech, minutes = unique_top(sorted(tot.items(), key=lambda t: -t[1]))
    return [tech, amount(minutes / 60)]


@q("ho-sp-rk-04")
def _():
    tot = collections.defaultdict(float)
    for x in WOS:
        if x["source"] == "cmms2025" and x["cost"] is not None:
            tot[x["asset"]] += x["cost"]
    ranked = sorted(tot.items(), key=lambda t: -t[1])
    assert ranked[2][1] > ranked[3][1]
    return [a for a, _ in ranked[:3]] + [amount(v) for _, v in ranked[:3]]


@q("ho-sp-ag-01")
def _():
    rows = [x for x in WOS if x["source"] == "cmms2025"]
    pm = sum(1 for x in rows if x["type"] == "PM")
    return [dec2(100 * pm / len(rows)), cnt(pm)]


@q("ho-sp-ag-02")
def _():
    c = collections.Counter(x["asset"] for x in WOS if x["source"] == "kolog" and x["type"] == "CM"
                            and x["minutes"] < 30)
    assert c["PRS-02"] == 0  # an asset with no such entry is simply absent from a group-by answer
    out = []
    for a in sorted(c):
        out += [a, cnt(c[a])]
    return out


@q("ho-sp-ag-03")
def _():
    hrs = [x["hours"] for x in WOS if x["source"] == "cmms2025" and x["asset"] == "LKT-40"
           and x["code"] == "LEAK-CLT"]
    return [cnt(len(hrs)), amount(min(hrs)), amount(max(hrs)), dec2(sum(hrs) / len(hrs))]


@q("ho-sp-ag-04")
def _():
    c = collections.Counter(x["status"] for x in PFMEA if x["action"])
    assert set(c) == {"Open", "In progress", "Closed"}
    return ["Open", cnt(c["Open"]), "In progress", cnt(c["In progress"]), "Closed", cnt(c["Closed"])]


@q("ho-sp-sf-01")
def _():
    return list(dict.fromkeys(x["mode"] for x in PFMEA if "hv isolation" in x["effect"].lower()))


@q("ho-sp-sf-02")
def _():
    rows = [x for x in WOS if x["asset"] == "PRS-02" and (
        "TEMP SENSOR" in x["text"] or ("온도 표시" in x["text"] and "PT100" in x["action"]))]
    # WO-24-00396 (SPDL TEMP 63-72C INTERMITTENT) was a real overheat, not a sensor fault
    assert all("Real temp" not in x["action"] for x in rows)
    return [x["wo"] for x in rows]


@q("ho-sp-sf-03")
def _():
    return [x["wo"] for x in WOS if x["source"] == "kolog" and "O링 찢어짐" in x["action"]]


@q("ho-sp-sf-04")
def _():
    return [x["wo"] for x in WOS if x["source"].startswith("cmms") and x["type"] in ("CM", "EM")
            and "condenser fins" in x["action"].lower()]


@q("ho-sp-sf-05")
def _():
    rows = [x for x in PFMEA if re.search(r"\b(worn|wear|wearing)\b", x["cause"], re.I)]
    return [cnt(len(rows)), "Press mandrel PT-10-01 worn or face chipped", "HV probe contact worn"]


@q("ho-sp-nm-01")
def _():
    return none_of([x for x in PFMEA if x["station"] == "OP50" and x["occ"] >= 5 and x["sev"] >= 8])


@q("ho-sp-nm-02")
def _():
    return none_of([x for x in WOS if x["source"] == "kolog" and x["asset"] == "LKT-40"
                    and x["code"] == "LEAK-CLT" and x["date"].month <= 3])


@q("ho-sp-nm-03")
def _():
    return none_of([x for x in WOS if in_year(x, 2025) and x["type"] == "EM" and x["date"].month <= 6])


@q("ho-sp-nm-04")
def _():
    hyd = [x for x in WOS if x["code"] == "HYD"]
    assert hyd
    return none_of([x for x in hyd if x["hours"] is not None and x["hours"] < 1])


# ------------------------------------------------------------------ shared corpora
def uwa(**kw):
    keys = {"sub": "Sub-Component", "comp": "Component", "subsys": "Subsystem", "mode": "Potential Failure Mode"}
    return [r for r in UWA if all(r[keys[k]] == v for k, v in kw.items())]


@q("ho-sc-lk-01")
def _():
    r = only(uwa(sub="Battery Isolation Switch", mode="Overloading"))
    return [r["Potential Effect(s) of Failure"], cnt(r["RPN"])]


@q("ho-sc-lk-02")
def _():
    r = only(uwa(sub="Tyre"))
    assert r["Potential Failure Mode"] == "Balding"
    return [cnt(r["Occurrence"]), r["Current Controls"]]


@q("ho-sc-lk-03")
def _():
    r = only([r for r in EXC if r["Asset"] == "E" and r["BscStartDate"] == "2008-01-25"
              and "ENGINE" in r["OriginalShorttext"]])
    return [r["OriginalShorttext"], amount(r["Cost"]), cnt(r["RunningTime"])]


@q("ho-sc-lk-04")
def _():
    r = only([r for r in EXC if r["Asset"] == "D" and r["BscStartDate"].startswith("2006-02")
              and re.search(r"L/H slew", r["OriginalShorttext"], re.I)])
    return [amount(r["Cost"]), cnt(r["RunningTime"])]


@q("ho-sc-nf-01")
def _():
    rows = [r for r in UWA if r["Occurrence"] >= 4]
    subs = {r["Sub-Component"] for r in rows}
    assert {"Air filter", "Tyre"} <= subs
    return [cnt(len(rows)), "Air filter", "Tyre"]


@q("ho-sc-nf-02")
def _():
    rows = [r for r in UWA if r["Component"] == "Transmission" and r["Detection"] >= 4]
    # every reading of "trans" (component, sub-component or the Transmission ECU component) gives the same rows
    wide = [r for r in UWA if r["Detection"] >= 4 and any("transmission" in r[k].lower()
                                                          for k in ("Component", "Sub-Component"))]
    assert [r["line"] for r in wide] == [r["line"] for r in rows]
    return [cnt(len(rows))] + list(dict.fromkeys(r["Sub-Component"] for r in rows))


@q("ho-sc-nf-03")
def _():
    return [r["OriginalShorttext"] for r in EXC if r["Asset"] == "C" and r["day"].year == 2011 and r["Cost"] > 20_000]


@q("ho-sc-nf-04")
def _():
    return [r["OriginalShorttext"] for r in EXC if r["Asset"] == "E" and r["day"].year == 2009
            and r["day"].month >= 10 and r["Cost"] > 10_000]


@q("ho-sc-rk-01")
def _():
    by = collections.defaultdict(list)
    for r in UWA:
        by[r["Component"]].append(r["RPN"])
    comp, mean = unique_top(sorted(((c, sum(v) / len(v)) for c, v in by.items()), key=lambda t: -t[1]))
    return [comp, dec2(mean)]


@q("ho-sc-rk-02")
def _():
    rows = sorted([r for r in EXC if r["day"].year == 2011], key=lambda r: -r["Cost"])
    assert rows[4]["Cost"] > rows[5]["Cost"]
    return [r["OriginalShorttext"] for r in rows[:5]] + [amount(r["Cost"]) for r in rows[:5]]


@q("ho-sc-rk-03")
def _():
    c = collections.Counter(r["day"].year for r in EXC if r["Asset"] == "D")
    y, n = unique_top(c.most_common())
    return [cnt(y), cnt(n)]


@q("ho-sc-rk-04")
def _():
    rows = sorted([r for r in EXC if r["Asset"] == "C" and r["day"].year == 2006], key=lambda r: -r["Cost"])
    assert rows[2]["Cost"] > rows[3]["Cost"]
    return [r["OriginalShorttext"] for r in rows[:3]] + [amount(r["Cost"]) for r in rows[:3]]


@q("ho-sc-ag-01")
def _():
    s = [r["Severity"] for r in UWA if r["Subsystem"] == "Power Train"]
    return [cnt(min(s)), cnt(max(s)), dec2(sum(s) / len(s))]


@q("ho-sc-ag-02")
def _():
    return [dec2(100 * sum(1 for r in UWA if r["Detection"] == 3) / len(UWA))]


@q("ho-sc-ag-03")
def _():
    costs = [r["Cost"] for r in EXC if r["Asset"] == "E" and r["day"].year == 2007]
    return [cnt(len(costs)), dec2(sum(costs) / len(costs))]


@q("ho-sc-ag-04")
def _():
    return [amount(sum(r["Cost"] for r in EXC if r["Asset"] == "D" and r["day"].year == 2010))]


@q("ho-sc-sf-01")
def _():
    rows = [r for r in uwa(comp="Cooling System")
            if re.search(r"loss of (coolant|cooling fluid)", r["Potential Effect(s) of Failure"], re.I)]
    return [r["Sub-Component"] for r in rows]


@q("ho-sc-sf-02")
def _():
    rows = [r for r in EXC if r["Asset"] == "B" and r["day"].year == 2003
            and re.search(r"over ?heat", r["OriginalShorttext"], re.I)]
    assert all("Over Temp" in split_tags(r["FM"]) and "Engine" in split_tags(r["MajorSystem"]) for r in rows)
    return [cnt(len(rows))] + [r["OriginalShorttext"] for r in rows]


@q("ho-sc-sf-03")
def _():
    rows = [r for r in uwa(comp="Fuel System") if re.search(r"\bfire\b", r["Potential Effect(s) of Failure"], re.I)]
    return [cnt(len(rows))] + list(dict.fromkeys(r["Sub-Component"] for r in rows))


@q("ho-sc-vl-01")
def _():
    rows = uwa(subsys="Power Unit", comp="Electrical System", sub="Sensors")
    assert {r["RPN"] for r in rows} == {18}
    return [r["Potential Failure Mode"] for r in rows] + ["18"]


@q("ho-sc-vl-02")
def _():
    r = only(uwa(sub="Turbocharger", mode="Leaking"))
    return [cnt(r["RPN"]), r["Potential Cause(s) of Failure"]]


@q("ho-sc-vl-03")
def _():
    rows = [r for r in EXC if r["Asset"] == "D" and r["day"].year == 2009 and "Fire Suppression" in split_tags(r["Part"])]
    assert all(r["Part"] == "Fire Suppression" for r in rows)
    return [cnt(len(rows)), amount(sum(r["Cost"] for r in rows))]


@q("ho-sc-nm-01")
def _():
    return none_of([r for r in UWA if r["Occurrence"] == 5 and r["Detection"] >= 3])


@q("ho-sc-nm-02")
def _():
    return none_of([r for r in EXC if r["Cost"] > 1_500_000])


@q("ho-sc-nm-03")
def _():
    return none_of([r for r in UWA if r["Component"] in ("Cabin", "Cabin Controls") and r["RPN"] >= 20])


# ------------------------------------------------------------------ main
CATEGORIES = {"lk": "lookup", "nf": "numeric_filter", "rk": "ranking", "ag": "aggregation",
              "sf": "semantic_filter", "vl": "value_linking", "nm": "no_match"}


def main() -> int:
    computed = {k: fn() for k, fn in FACTS.items()}
    for k, v in computed.items():
        print(k, json.dumps(v, ensure_ascii=False))
    if "--check" not in sys.argv:
        return 0
    bad = 0
    seen = set()
    for n, line in enumerate(JSONL.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        d = json.loads(line)
        qid = d["id"]
        if qid in seen:
            print("DUPLICATE ID", qid); bad += 1
        seen.add(qid)
        if qid not in computed:
            print("NO FACT FUNCTION", qid); bad += 1
            continue
        if d["facts"] != computed[qid]:
            print("MISMATCH", qid, d["facts"], computed[qid]); bad += 1
        corpus = "sample" if qid.startswith("ho-sp-") else "shared"
        if d.get("corpus") != corpus:
            print("CORPUS", qid); bad += 1
        if d.get("category") != CATEGORIES[qid.split("-")[2]]:
            print("CATEGORY", qid); bad += 1
        if d.get("expect_empty") != (d["category"] == "no_match") or (d["expect_empty"] and d["facts"]):
            print("EMPTY FLAG", qid); bad += 1
        if (d.get("route"), d.get("answerable"), d.get("evidence")) != ("table", True, []):
            print("FIELDS", qid); bad += 1
        if d.get("lang") not in ("en", "ko") or (d["lang"] == "ko") != bool(re.search("[가-힣]", d["question"])):
            print("LANG", qid); bad += 1
    for k in computed.keys() - seen:
        print("NOT IN JSONL", k); bad += 1
    print("check:", "OK" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
