#!/usr/bin/env python3
"""Recompute every counted / ranked / summed fact of the blind2 question set from the raw files.

Usage:
  compute_facts.py            print the computed values
  compute_facts.py --check    recompute, compare with the facts in the *.jsonl files, and check that
                              every evidence snippet occurs verbatim (whitespace-normalised) in its source.
Run with /work/main/.venv/bin/python (needs openpyxl, pdfplumber, python-docx for --check).
Standard library csv for the CSV logs; openpyxl for xlsx.
"""
import csv
import glob
import json
import os
import re
import sys
from collections import Counter, defaultdict

CORP = "/work/shared/corpora"
SAMPLE = "/work/main/sample_docs"
HERE = os.path.dirname(os.path.abspath(__file__))

EXC = f"{CORP}/excavator-work-orders/case_study_pdl.csv"
CHL = f"{CORP}/assetopsbench-chillers/chiller_work_orders.csv"
CMMS24 = f"{SAMPLE}/maintenance/CMMS_WO_export_2024.csv"
CMMS25 = f"{SAMPLE}/maintenance/CMMS_WO_export_2025.xlsx"
KOLOG = f"{SAMPLE}/maintenance/정비일지_2025_OP20-OP40.csv"
PFMEA_A = f"{SAMPLE}/pfmea/PFMEA_Line2_Assembly_OP10-OP30.xlsx"
PFMEA_B = f"{SAMPLE}/pfmea/PFMEA_Line2_Test_Pack_OP40-OP60.xlsx"


def rows_csv(path, enc="utf-8-sig"):
    with open(path, encoding=enc, newline="") as f:
        return list(csv.DictReader(f))


def hm(s):
    """'H:MM' or 'H:MM:SS' -> hours (float)."""
    parts = [int(p) for p in s.split(":")]
    h, m = parts[0], parts[1]
    return h + m / 60.0


def cmms25_rows():
    import openpyxl
    wb = openpyxl.load_workbook(CMMS25, read_only=True, data_only=True)
    ws = wb["WorkOrders"]
    it = ws.iter_rows(values_only=True)
    head = next(it)
    return [dict(zip(head, r)) for r in it if any(c is not None for c in r)]


def compute():
    v = {}
    exc = rows_csv(EXC)
    # --- excavator work orders ---
    top = max(exc, key=lambda x: float(x["Cost"]))
    v["maintenance2-01"] = {"asset": top["Asset"], "text": top["OriginalShorttext"],
                            "cost": float(top["Cost"]), "date": top["BscStartDate"]}
    # history: swing motor on asset B
    sm = [x for x in exc if x["Asset"] == "B" and "SWING MOTOR" in x["OriginalShorttext"].upper()]
    v["maintenance2-02"] = {"n": len(sm), "date": sm[0]["BscStartDate"], "cost": float(sm[0]["Cost"])}
    v["maintenance2-05"] = {"count_A": sum(1 for x in exc if x["Asset"] == "A")}
    cost = defaultdict(float)
    for x in exc:
        cost[x["Asset"]] += float(x["Cost"])
    best = max(cost, key=cost.get)
    v["maintenance2-06"] = {"asset": best, "total": round(cost[best], 2),
                            "ranking": [a for a, _ in sorted(cost.items(), key=lambda kv: -kv[1])]}
    v["maintenance2-07"] = {"sum_B_2003": round(sum(float(x["Cost"]) for x in exc
                                                    if x["Asset"] == "B" and x["BscStartDate"].startswith("2003")), 2),
                            "n": sum(1 for x in exc if x["Asset"] == "B" and x["BscStartDate"].startswith("2003"))}
    v["maintenance2-04"] = {"smoke_E": sum(1 for x in exc if x["Asset"] == "E" and x["FM"] == "Smoke / Burning"),
                            "smoke_E_incl_compound": sum(1 for x in exc if x["Asset"] == "E" and "Smoke / Burning" in x["FM"])}
    v["ko_to_en2-06"] = {"count_C_2011": sum(1 for x in exc if x["Asset"] == "C" and x["BscStartDate"].startswith("2011"))}

    # --- chiller work orders ---
    ch = rows_csv(CHL)
    v["maintenance2-11"] = {"M013_ch9": sum(1 for x in ch if x["primary_code"] == "M013" and x["equipment_name"] == "Chiller 9")}
    cm = Counter(x["equipment_name"] for x in ch if x["preventive"] == "FALSE")
    (n1, c1), (n2, c2) = cm.most_common(2)
    v["maintenance2-12"] = {"chiller": n1, "n": c1, "second": n2, "second_n": c2}
    v["maintenance2-13"] = {"L001_ch13": sum(1 for x in ch if x["primary_code"] == "L001" and x["equipment_name"] == "Chiller 13")}
    f = [x for x in ch if x["primary_code"] == "M013" and x["equipment_name"] == "Chiller 6"
         and x["actual_finish"].split()[0].split("/")[2] == "17"]
    v["maintenance2-14"] = {"n": len(f), "wos": sorted(x["wo_id"] for x in f)}
    lab = [x for x in ch if x["equipment_name"] == "Chiller 3" and x["preventive"] == "FALSE"]
    v["maintenance2-16"] = {"n": len(lab), "labor_h": round(sum(hm(x["actual_labor_hours"]) for x in lab), 2)}
    ev14 = [x for x in ch if x["primary_code"] == "L003" and x["equipment_name"] == "Chiller 14"]
    v["maintenance2-10"] = {"n": len(ev14), "wo": ev14[0]["wo_id"], "finish": ev14[0]["actual_finish"]}
    v["ko_to_en2-07"] = {"prio1": sum(1 for x in ch if x["work_priority"] == "1")}

    # --- sample plant CMMS ---
    c25 = cmms25_rows()
    v["maintenance2-18"] = {"prs02_brg_2025": sum(1 for x in c25 if x["Asset ID"] == "PRS-02" and x["Failure Code"] == "BRG-OVHT")}
    v["maintenance2-19"] = {"lkt40_cm_em_dt_2025": round(sum(float(x["Downtime (h)"] or 0) for x in c25
                                                            if x["Asset ID"] == "LKT-40" and x["WO Type"] in ("CM", "EM")), 2)}
    ko = rows_csv(KOLOG, enc="cp949")
    v["maintenance2-20"] = {"lkt40_leakclt": sum(1 for x in ko if x["설비번호"] == "LKT-40" and x["고장코드"] == "LEAK-CLT")}

    # --- PFMEA: highest RPN over both workbooks ---
    import openpyxl
    best = None
    for path in (PFMEA_A, PFMEA_B):
        wb = openpyxl.load_workbook(path, data_only=True)
        for ws in wb:
            rows = list(ws.iter_rows(values_only=True))
            hi = next(i for i, r in enumerate(rows) if r and any(isinstance(c, str) and c.startswith("RPN") for c in r))
            head = rows[hi]
            ri = next(i for i, c in enumerate(head) if isinstance(c, str) and c.startswith("RPN"))
            ci = next(i for i, c in enumerate(head) if isinstance(c, str) and "Failure Cause" in c)
            for r in rows[hi + 1:]:
                if isinstance(r[ri], (int, float)) and (best is None or r[ri] > best[0]):
                    best = (r[ri], r[ci], os.path.basename(path), ws.title)
    v["ko_to_en2-03"] = {"max_rpn": best[0], "cause": best[1], "file": best[2], "sheet": best[3]}
    return v


# fact strings in the jsonl that must equal the recomputed value (id -> list of (key, fact string))
EXPECT = {
    "maintenance2-01": [("cost", "1026684.2")],
    "maintenance2-04": [("smoke_E", "6"), ("smoke_E_incl_compound", "6")],
    "maintenance2-05": [("count_A", "151")],
    "maintenance2-06": [("asset", "C"), ("total", "6229217.28")],
    "maintenance2-07": [("sum_B_2003", None)],
    "maintenance2-10": [("wo", "WO392787")],
    "maintenance2-11": [("M013_ch9", "13")],
    "maintenance2-12": [("chiller", "Chiller 14"), ("n", "132")],
    "maintenance2-13": [("L001_ch13", "4")],
    "maintenance2-14": [("n", None)],
    "maintenance2-16": [("labor_h", None)],
    "maintenance2-18": [("prs02_brg_2025", "8")],
    "maintenance2-19": [("lkt40_cm_em_dt_2025", "17.75")],
    "maintenance2-20": [("lkt40_leakclt", "7")],
    "ko_to_en2-03": [("max_rpn", "288")],
    "ko_to_en2-06": [("count_C_2011", "98")],
    "ko_to_en2-07": [("prio1", "617")],
}


def num_eq(a, b):
    try:
        return abs(float(str(a).replace(",", "")) - float(str(b).replace(",", ""))) < 1e-6
    except ValueError:
        return str(a).strip().lower() == str(b).strip().lower()


# ---------------- evidence check ----------------
def norm(s):
    return re.sub(r"\s+", " ", s).strip()


_cache = {}


def source_text(rel):
    """rel = source path (before the first ' ' locator), relative to corpora or sample_docs."""
    if rel in _cache:
        return _cache[rel]
    p = os.path.join(CORP, rel) if os.path.exists(os.path.join(CORP, rel)) else os.path.join(SAMPLE, rel)
    if p.endswith(".pdf"):
        import pdfplumber
        with pdfplumber.open(p) as pdf:
            t = "\n".join(pg.extract_text() or "" for pg in pdf.pages)
        lines = None
    elif p.endswith(".docx"):
        import docx
        d = docx.Document(p)
        parts = [para.text for para in d.paragraphs]
        for tb in d.tables:
            for r in tb.rows:
                for c in r.cells:
                    parts.append(c.text)
        t = "\n".join(parts)
        lines = None
    elif p.endswith(".xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(p, data_only=True)
        parts = []
        for ws in wb:
            for r in ws.iter_rows(values_only=True):
                parts.extend(str(c) for c in r if c is not None)
        t = "\n".join(parts)
        lines = parts  # a snippet must sit inside one cell
    elif p.endswith(".csv"):
        raw = open(p, "rb").read()
        try:
            t = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            t = raw.decode("cp949")
        lines = t.splitlines()  # a snippet must sit inside one raw CSV line
    else:
        t = open(p, encoding="utf-8").read()
        if p.endswith(".html"):
            import html
            t = html.unescape(re.sub(r"<[^>]+>", " ", t))
        lines = None
    _cache[rel] = (t, lines)
    return _cache[rel]


def check_evidence(item):
    errs = []
    if not item["answerable"]:
        if item["evidence"] or item["facts"]:
            errs.append("unanswerable item with facts/evidence")
        return errs
    if len(item["evidence"]) != 1 or not (1 <= len(item["evidence"][0]) <= 2):
        errs.append("evidence must be one list of 1-2 snippets")
        return errs
    rels = [s.split(" ")[0] for s in item["source"].split(" ; ")]
    for snip in item["evidence"][0]:
        if len(snip) > 80:
            errs.append(f"snippet > 80 chars: {snip!r}")
        ok = False
        for rel in rels:
            t, lines = source_text(rel)
            if lines is not None:
                ok = any(snip in ln for ln in lines) or any(norm(snip) in norm(ln) for ln in lines)
            else:
                ok = norm(snip) in norm(t)
            if ok:
                break
        if not ok:
            errs.append(f"snippet not found in {rels}: {snip!r}")
    return errs


def main():
    v = compute()
    if "--check" not in sys.argv:
        print(json.dumps(v, indent=1, ensure_ascii=False))
        return
    items = {}
    for f in sorted(glob.glob(os.path.join(HERE, "*.jsonl"))):
        for ln in open(f, encoding="utf-8"):
            if ln.strip():
                it = json.loads(ln)
                items[it["id"]] = it
    bad = 0
    for iid, pairs in EXPECT.items():
        facts = items[iid]["facts"]
        for key, fact in pairs:
            val = v[iid][key]
            if fact is None:  # value must appear among the facts
                ok = any(num_eq(val, fa) for fa in facts)
                label = f"{val}"
            else:
                ok = num_eq(val, fact) and any(fact.lower() == fa.lower() for fa in facts)
                label = f"{fact} (computed {val})"
            print(("OK  " if ok else "BAD ") + f"{iid} {key}: {label}")
            bad += not ok
    # list-valued / history facts
    for iid, key, want in [("maintenance2-14", "wos", ["WO284140", "WO293280", "WO296150"]),
                           ("maintenance2-02", "n", 1), ("maintenance2-10", "n", 1)]:
        ok = v[iid][key] == want and (not isinstance(want, list) or all(w in items[iid]["facts"] for w in want))
        print(("OK  " if ok else "BAD ") + f"{iid} {key}: {want} (computed {v[iid][key]})")
        bad += not ok
    if "--selftest" in sys.argv:  # a fake snippet must be rejected
        fake = dict(items["procedures2-01"], evidence=[["Pass 2 (final): all 12 bolts to 27 Nm"]])
        assert check_evidence(fake), "evidence check accepted a fake snippet"
        print("OK  selftest: fake snippet rejected")
    for iid, it in items.items():
        for e in check_evidence(it):
            print(f"BAD {iid} evidence: {e}")
            bad += 1
    print(f"{len(items)} items, {bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
