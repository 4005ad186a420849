#!/usr/bin/env python3
"""Recompute every computed fact (counts, rankings, sums, averages, "latest" lookups) of the
blind4 eval set straight from the raw files, and compare with the facts stored in the JSONL.

Standard library + openpyxl only. Prints one line per item: OK / MISMATCH.
Usage: python3 compute_facts.py      (exit code 1 on any mismatch)
Import: run() -> {item_id: (ok: bool, computed_facts: list[str], detail: str)}
"""
import csv
import datetime as dt
import glob
import json
import os
import re
import sys
from collections import Counter, defaultdict

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = '/work/shared/corpora'
SAMPLE = '/work/main/sample_docs'


# ------------------------------------------------------------------ loaders
def excavator():
    with open(os.path.join(CORPORA, 'excavator-work-orders/case_study_pdl.csv'), encoding='utf-8') as fh:
        return list(csv.DictReader(fh))


def exact_dedup(rows):
    """Drop rows identical to an earlier row in every column except the row index ('') and 'id'."""
    seen, out = set(), []
    for r in rows:
        k = tuple(v for c, v in r.items() if c not in ('', 'id'))
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def chillers():
    with open(os.path.join(CORPORA, 'assetopsbench-chillers/chiller_work_orders.csv'), encoding='utf-8-sig') as fh:
        return list(csv.DictReader(fh))


def chdate(s):  # M/D/YY H:MM
    return dt.datetime.strptime(s, '%m/%d/%y %H:%M')


def hmm(s):  # H:MM or H:MM:SS -> hours
    p = s.split(':')
    return int(p[0]) + int(p[1]) / 60


def cmms24():
    with open(os.path.join(SAMPLE, 'maintenance/CMMS_WO_export_2024.csv'), encoding='utf-8') as fh:
        return list(csv.DictReader(fh))


def cmms25():
    wb = openpyxl.load_workbook(os.path.join(SAMPLE, 'maintenance/CMMS_WO_export_2025.xlsx'), read_only=True)
    it = wb['WorkOrders'].iter_rows(values_only=True)
    hdr = next(it)
    return [dict(zip(hdr, r)) for r in it if any(v is not None for v in r)]


def klog():
    with open(os.path.join(SAMPLE, 'maintenance/정비일지_2025_OP20-OP40.csv'), encoding='cp949') as fh:
        return list(csv.DictReader(fh))


def pfmea_a():
    wb = openpyxl.load_workbook(os.path.join(SAMPLE, 'pfmea/PFMEA_Line2_Assembly_OP10-OP30.xlsx'), read_only=True)
    rows = list(wb['PFMEA OP10-OP30'].iter_rows(values_only=True))
    hdr = rows[4]
    return [dict(zip(hdr, r)) for r in rows[5:] if any(v is not None for v in r)]


def pfmea_b_op60():
    wb = openpyxl.load_workbook(os.path.join(SAMPLE, 'pfmea/PFMEA_Line2_Test_Pack_OP40-OP60.xlsx'), read_only=True)
    rows = list(wb['OP60'].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


def num(x):
    """Format a number the way the sources write it: integers without decimals, else up to 2 decimals."""
    x = round(float(x), 2)
    return str(int(x)) if x == int(x) else ('%.2f' % x).rstrip('0').rstrip('.')


# ------------------------------------------------------------------ computations
def both(fn):
    """Evaluate fn on raw and exact-deduplicated excavator rows; both must agree."""
    rows = excavator()
    a, b = fn(rows), fn(exact_dedup(rows))
    return a, ('raw == exact-dedup' if a == b else 'RAW %r != DEDUP %r' % (a, b)), a == b


def c_m02():
    def f(rows):
        rs = [r for r in rows if r['Asset'] == 'D'
              and re.search(r'^(replace|change ?out|c/o)\s+(lh|l/h)\s+engine$', r['OriginalShorttext'].strip(), re.I)]
        last = max(rs, key=lambda r: r['BscStartDate'])
        return [last['BscStartDate'], last['Cost']]
    return both(f)


def c_m03():
    def f(rows):
        rs = [r for r in rows if r['Asset'] == 'A'
              and re.search(r'FIRE SUPP?RESS?ION', r['OriginalShorttext'], re.I)
              and re.search(r'DISCHARG|ACTIVAT', r['OriginalShorttext'], re.I)]
        return [max(r['BscStartDate'] for r in rs)]
    return both(f)


def c_m04():
    def f(rows):
        return [str(sum(1 for r in rows if r['Asset'] == 'A' and re.search(r'JUMP ?START', r['OriginalShorttext'], re.I)))]
    return both(f)


def c_m05():
    def f(rows):
        return [Counter(r['Asset'] for r in rows).most_common(1)[0][0]]
    return both(f)


def c_m06():
    def f(rows):
        r = max((r for r in rows if r['Asset'] == 'C'), key=lambda r: float(r['Cost'] or 0))
        return [r['OriginalShorttext'], r['BscStartDate'], r['Cost']]
    return both(f)


def c_m07():
    def f(rows):
        return [num(sum(float(r['Cost'] or 0) for r in rows if r['Asset'] == 'A' and r['BscStartDate'].startswith('2004')))]
    return both(f)


def c_m08():
    def f(rows):
        return [str(sum(1 for r in rows if r['Asset'] == 'A' and '2007-01-01' <= r['BscStartDate'] <= '2007-06-30'))]
    return both(f)


def c_m10():
    rs = [r for r in chillers() if r['secondary_code'] == 'L001b']
    last = max(rs, key=lambda r: chdate(r['actual_finish']))
    return [last['equipment_name'], last['actual_finish'].split()[0]], '%d L001b rows' % len(rs), True


def c_m11():
    rs = [r for r in chillers() if r['secondary_code'] == 'M018a']
    return [rs[0]['equipment_name'], rs[0]['actual_finish'].split()[0]], '%d M018a rows' % len(rs), len(rs) == 1


def c_m12():
    return [str(sum(1 for r in chillers() if r['equipment_name'] == 'Chiller 6' and r['preventive'] == 'FALSE'))], '', True


def c_m13():
    name, n = Counter(r['equipment_name'] for r in chillers()).most_common(1)[0]
    return [name, str(n)], '', True


def c_m14():
    return [str(sum(1 for r in chillers() if r['equipment_name'] == 'Chiller 9'
                    and chdate(r['actual_finish']).year == 2019))], '', True


def c_m15():
    rs = [r for r in chillers() if r['equipment_name'] == 'Chiller 3' and chdate(r['actual_finish']).year == 2023]
    return [num(sum(hmm(r['actual_labor_hours']) for r in rs))], '%d WOs' % len(rs), True


def c_m18():
    rs = [r for r in cmms25() if 'TA-40-02' in (r['Short Text'] or '') + (r['Action Taken'] or '')]
    last = max(rs, key=lambda r: r['Date Opened'])
    return [last['Date Opened'].strftime('%Y-%m-%d'), last['WO Number']], '%d TA-40-02 WOs' % len(rs), True


def c_m19():
    return [str(sum(1 for r in cmms25() if r['Asset ID'] == 'PRS-02' and r['Failure Code'] == 'BRG-OVHT'))], '', True


def c_m20():
    c = Counter(r['Asset ID'] for r in cmms25() if r['WO Type'] in ('CM', 'EM')).most_common(2)
    return [c[0][0], str(c[0][1])], 'runner-up %s %d' % c[1], c[0][1] > c[1][1]


def c_m21():
    return [num(sum(float(r['Downtime (h)'] or 0) for r in cmms25()
                    if r['Asset ID'] == 'LKT-40' and r['WO Type'] in ('CM', 'EM')))], '', True


def c_m22():
    return [str(sum(int(r['비가동시간(분)']) for r in klog()))], '%d rows' % len(klog()), True


def c_m23():
    return [str(sum(1 for r in cmms25() if r['Asset ID'] == 'LKT-40' and r['Failure Code'] == 'LEAK-CLT'
                    and dt.datetime(2025, 4, 1) <= r['Date Opened'] < dt.datetime(2025, 7, 1)))], '', True


def c_m25():
    rs = [r for r in cmms24() if r['Asset ID'] == 'PRS-02' and r['Short Text'] == 'PM PRS-02 SPDL REGREASE + TEMP CHK']
    return [num(sum(int(r['Cost (KRW)']) for r in rs) / len(rs))], '%d PMs' % len(rs), True


def c_k09():
    rows = pfmea_a()
    r = max(rows, key=lambda r: r['RPN'])
    top = [x for x in rows if x['RPN'] == r['RPN']]
    return [str(r['RPN']), r['Failure Cause'].split()[0]], '%d rows at max' % len(top), len(top) == 1


def c_k13():
    def f(rows):
        # whole-engine changeouts only (not engine parts): "CHANGE OUT R/H ENGINE", "CHANGEOUT RH ENG 25/01/08",
        # "LH ENGINE FAILURE - CHANGE OUT"
        pat = re.compile(r'^(CHANGE ?OUT|C/O|REPLACE)\s+(R/H|L/H|RH|LH)\s+ENG(INE)?(\s+\d.*)?$'
                         r'|^(R/H|L/H|RH|LH)\s+ENGINE FAILURE - CHANGE ?OUT$', re.I)
        rs = [r for r in rows if r['Asset'] == 'E' and pat.search(r['OriginalShorttext'].strip())]
        last = max(rs, key=lambda r: r['BscStartDate'])
        return [last['BscStartDate'], last['Cost']]
    return both(f)


def c_k15():
    rs = [r for r in pfmea_b_op60() if r['조치우선순위 (AP)'] == 'H']
    return ['NOK unit packed' if rs[0]['고장형태 (Failure Mode)'].startswith('NOK unit packed') else rs[0]['고장형태 (Failure Mode)'],
            str(rs[0]['RPN'])], '%d AP=H rows' % len(rs), len(rs) == 1


def c_p02():
    def f(rows):
        m = max(r['BscStartDate'] for r in rows if r['Asset'] == 'E')
        rs = [r for r in rows if r['Asset'] == 'E' and r['BscStartDate'] == m]
        return [m] + ([rs[0]['OriginalShorttext'], rs[0]['Cost']] if len(rs) == 1 else ['AMBIGUOUS'])
    return both(f)


def c_p03():
    return [str(sum(1 for r in chillers() if r['equipment_name'] == 'Chiller 9'))], '', True


def c_p04():
    return [str(sum(1 for r in chillers() if r['equipment_name'] == 'Chiller 7'
                    and chdate(r['actual_finish']).year == 2023))], '', True


def c_f04():
    r = max((r for r in cmms24() if r['Asset ID'] == 'PRS-02' and r['Failure Code'] == 'BRG-OVHT'),
            key=lambda r: int(r['Cost (KRW)']))
    return [r['WO Number'], r['Cost (KRW)']], '', True


def c_f05():
    def f(rows):
        r = max((r for r in rows if r['Asset'] == 'E'), key=lambda r: float(r['Cost'] or 0))
        return [r['OriginalShorttext'], r['BscStartDate'], r['Cost']]
    return both(f)


def c_f06():
    rs = [r for r in chillers() if r['primary_code'] == 'E006' and r['equipment_name'] != 'Chiller 6']
    return [rs[0]['equipment_name'], rs[0]['actual_finish'].split()[0]], '%d other E006 rows' % len(rs), len(rs) == 1


def c_f11():
    rs = [r for r in klog() if r['설비번호'] == 'LKT-40' and r['고장코드'] == 'LEAK-CLT']
    r = max(rs, key=lambda r: int(r['비가동시간(분)']))
    return [r['작업지시번호'], r['비가동시간(분)']], '%d LKT-40 LEAK-CLT rows' % len(rs), True


def c_f12():
    return [str(sum(r['Cost (KRW)'] for r in cmms25() if r['Cost (KRW)'] not in (None, '')))], '', True


# Map: item id -> computation. Unanswerable-pair controls are addressed by pair number and resolved below.
COMPUTED = {
    'maintenance4-02': c_m02, 'maintenance4-03': c_m03, 'maintenance4-04': c_m04, 'maintenance4-05': c_m05,
    'maintenance4-06': c_m06, 'maintenance4-07': c_m07, 'maintenance4-08': c_m08, 'maintenance4-10': c_m10,
    'maintenance4-11': c_m11, 'maintenance4-12': c_m12, 'maintenance4-13': c_m13, 'maintenance4-14': c_m14,
    'maintenance4-15': c_m15, 'maintenance4-18': c_m18, 'maintenance4-19': c_m19, 'maintenance4-20': c_m20,
    'maintenance4-21': c_m21, 'maintenance4-22': c_m22, 'maintenance4-23': c_m23, 'maintenance4-25': c_m25,
    'ko_to_en4-09': c_k09, 'ko_to_en4-13': c_k13, 'ko_to_en4-15': c_k15,
    'followup4-04': c_f04, 'followup4-05': c_f05, 'followup4-06': c_f06, 'followup4-11': c_f11,
    'followup4-12': c_f12,
}
PAIR_CONTROLS = {'pair-02': c_p02, 'pair-03': c_p03, 'pair-04': c_p04}


def load_items():
    items = {}
    for p in sorted(glob.glob(os.path.join(HERE, '*.jsonl'))):
        with open(p, encoding='utf-8') as fh:
            for line in fh:
                if line.strip():
                    d = json.loads(line)
                    items[d['id']] = d
    return items


def run():
    items = load_items()
    todo = dict(COMPUTED)
    for d in items.values():
        if d.get('pair') in PAIR_CONTROLS and d.get('answerable'):
            todo[d['id']] = PAIR_CONTROLS[d['pair']]
    res = {}
    for iid, fn in sorted(todo.items()):
        if iid not in items:
            res[iid] = (False, [], 'item missing from JSONL')
            continue
        computed, detail, sane = fn()
        missing = [c for c in computed if c not in items[iid]['facts']]
        ok = sane and not missing
        res[iid] = (ok, computed, detail + ('' if not missing else '; not in facts: %r' % missing))
    return res


if __name__ == '__main__':
    res = run()
    bad = 0
    for iid, (ok, computed, detail) in sorted(res.items()):
        print('%-9s %-16s computed=%s %s' % ('OK' if ok else 'MISMATCH', iid, computed, detail))
        bad += not ok
    print('compute_facts: %d items, %d OK, %d MISMATCH' % (len(res), len(res) - bad, bad))
    sys.exit(1 if bad else 0)
