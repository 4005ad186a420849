#!/usr/bin/env python3
"""Recompute every computed fact in the blind5 eval set from the raw files.

Run:  /tmp/b5venv/bin/python compute_facts.py
Prints one line per computed item: "<id> OK <values>" or "<id> MISMATCH ...".
Needs only the stdlib + openpyxl. Excavator items are computed on the raw rows AND on rows with
exact duplicates removed (all columns except the row index and `id`); both must agree.
"""
import csv, datetime, json, os, sys
from collections import Counter, defaultdict

CORPORA = '/work/shared/corpora'
SAMPLE = '/work/main/sample_docs'
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- loaders
def excavator_rows():
    with open(os.path.join(CORPORA, 'excavator-work-orders/case_study_pdl.csv'), encoding='utf-8') as f:
        raw = list(csv.DictReader(f))
    keys = [k for k in raw[0] if k not in ('', 'id')]
    seen, dedup = set(), []
    for r in raw:
        k = tuple(r[x] for x in keys)
        if k not in seen:
            seen.add(k)
            dedup.append(r)
    return raw, dedup


def chiller_rows():
    with open(os.path.join(CORPORA, 'assetopsbench-chillers/chiller_work_orders.csv'), encoding='utf-8-sig') as f:
        return list(csv.DictReader(f))


def chiller_dt(s):
    return datetime.datetime.strptime(s, '%m/%d/%y %H:%M')


def cmms2024():
    with open(os.path.join(SAMPLE, 'maintenance/CMMS_WO_export_2024.csv'), encoding='utf-8') as f:
        return list(csv.DictReader(f))


def cmms2025():
    import openpyxl
    wb = openpyxl.load_workbook(os.path.join(SAMPLE, 'maintenance/CMMS_WO_export_2025.xlsx'), data_only=True)
    it = wb['WorkOrders'].iter_rows(values_only=True)
    hdr = next(it)
    return [dict(zip(hdr, v)) for v in it]


def korean_log():
    raw = open(os.path.join(SAMPLE, 'maintenance/정비일지_2025_OP20-OP40.csv'), 'rb').read().decode('cp949')
    return list(csv.DictReader(raw.splitlines()))


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return 0.0


def fmt(x):
    """Format a float the way the source files write numbers (no trailing .0, 2 dp max)."""
    x = round(x, 2)
    return str(int(x)) if x == int(x) else ('%.2f' % x).rstrip('0')


# ---------------------------------------------------------------- excavator (both raw + dedup)
def both(fn):
    raw, dedup = excavator_rows()
    a, b = fn(raw), fn(dedup)
    if a != b:
        raise ValueError('raw %r != dedup %r' % (a, b))
    return a


def ex_max_cost(R):
    r = max(R, key=lambda r: num(r['Cost']))
    return [r['BscStartDate'], r['Asset'], r['OriginalShorttext'], r['Cost']]


def ex_count(asset, year):
    return lambda R: [str(sum(1 for r in R if r['Asset'] == asset and r['BscStartDate'][:4] == year))]


def ex_sum(asset, year):
    return lambda R: [fmt(sum(num(r['Cost']) for r in R if r['Asset'] == asset and r['BscStartDate'][:4] == year))]


def ex_avg(asset, year):
    def f(R):
        S = [num(r['Cost']) for r in R if r['Asset'] == asset and r['BscStartDate'][:4] == year]
        return [fmt(sum(S) / len(S))]
    return f


def ex_fewest(R):
    c = Counter(r['Asset'] for r in R)
    a, n = min(c.items(), key=lambda kv: kv[1])
    return [a, str(n)]


def ex_fire_latest(R):
    S = [r for r in R if r['Asset'] == 'A' and 'FIRE' in r['OriginalShorttext'].upper()
         and ('DISCHARG' in r['OriginalShorttext'].upper() or 'ACTIVAT' in r['OriginalShorttext'].upper())]
    r = max(S, key=lambda r: r['BscStartDate'])
    return [r['BscStartDate'], r['Cost']]


# ---------------------------------------------------------------- chillers
def ch_count_code(code):
    return lambda: [str(sum(1 for r in chiller_rows() if r['primary_code'] == code))]


def ch_most_wos():
    c = Counter(r['equipment_name'] for r in chiller_rows())
    (a, n), (b, m) = c.most_common(2)
    assert n > m
    return [a, str(n)]


def ch_count(code, chiller, year):
    return lambda: [str(sum(1 for r in chiller_rows() if r['primary_code'] == code and r['equipment_name'] == chiller
                            and chiller_dt(r['actual_finish']).year == year))]


def ch_rank_code(code):
    def f():
        c = Counter(r['equipment_name'] for r in chiller_rows() if r['primary_code'] == code)
        (a, n), (b, m) = c.most_common(2)
        assert n > m
        return [a, str(n)]
    return f


def ch_latest(code, chiller):
    def f():
        S = [r for r in chiller_rows() if r['primary_code'] == code and r['equipment_name'] == chiller]
        r = max(S, key=lambda r: chiller_dt(r['actual_finish']))
        return [r['actual_finish'].split()[0], r['wo_id']]
    return f


def ch_replacements():
    S = [r for r in chiller_rows() if r['primary_code'] == 'M018']
    assert len(S) == 1
    return [S[0]['equipment_name'], S[0]['actual_finish'].split()[0]]


# ---------------------------------------------------------------- sample plant CMMS
def cm_count24(asset, code):
    return lambda: [str(sum(1 for r in cmms2024() if r['Asset ID'] == asset and r['Failure Code'] == code))]


def cm_sum24_nonpm(asset):
    return lambda: [fmt(sum(num(r['Cost (KRW)']) for r in cmms2024() if r['Asset ID'] == asset and r['WO Type'] != 'PM'))]


def cm_rank_cost25():
    s = defaultdict(float)
    for r in cmms2025():
        s[r['Asset ID']] += num(r['Cost (KRW)'])
    (a, x), (b, y) = sorted(s.items(), key=lambda kv: -kv[1])[:2]
    assert x > y
    return [a, fmt(x)]


def cm_last_brg_repl():
    S = [(r['Date Opened'][:10], r['WO Number']) for r in cmms2024() if r['Asset ID'] == 'PRS-02' and 'BRG REPL' in r['Short Text']]
    S += [(r['Date Opened'].strftime('%Y-%m-%d'), r['WO Number']) for r in cmms2025() if r['Asset ID'] == 'PRS-02' and 'BRG REPL' in r['Short Text']]
    return list(max(S))


def kl_sum_downtime(asset, code):
    return lambda: [fmt(sum(num(r['비가동시간(분)']) for r in korean_log() if r['설비번호'] == asset and r['고장코드'] == code))]


# ---------------------------------------------------------------- PFMEA
def pfmea_max_rpn():
    import openpyxl
    best = None
    for fn in ('pfmea/PFMEA_Line2_Assembly_OP10-OP30.xlsx', 'pfmea/PFMEA_Line2_Test_Pack_OP40-OP60.xlsx'):
        wb = openpyxl.load_workbook(os.path.join(SAMPLE, fn), data_only=True)
        for ws in wb.worksheets:
            hdr = None
            for row in ws.iter_rows(values_only=True):
                cells = ['' if v is None else str(v) for v in row]
                if any(c.startswith('RPN') for c in cells):
                    hdr = cells
                    continue
                if hdr:
                    i = [k for k, c in enumerate(hdr) if c.startswith('RPN')][0]
                    j = [k for k, c in enumerate(hdr) if 'Failure Cause' in c][0]
                    if cells[i].isdigit():
                        cand = (int(cells[i]), cells[j])
                        if best is None or cand[0] > best[0]:
                            best = cand
    return [str(best[0]), best[1]]


# ---------------------------------------------------------------- registry: item id -> function
COMPUTED = {
    'maintenance5-02': lambda: both(ex_max_cost),
    'maintenance5-03': lambda: both(ex_count('E', '2010')),
    'maintenance5-04': lambda: both(ex_sum('C', '2009')),
    'maintenance5-05': lambda: both(ex_fewest),
    'maintenance5-06': lambda: both(ex_count('D', '2008')),
    'maintenance5-07': lambda: both(ex_fire_latest),
    'maintenance5-08': lambda: both(ex_avg('D', '2007')),
    'maintenance5-09': ch_count_code('L001'),
    'maintenance5-10': ch_most_wos,
    'maintenance5-11': ch_count('M013', 'Chiller 9', 2017),
    'maintenance5-13': ch_replacements,
    'maintenance5-14': ch_rank_code('M013'),
    'maintenance5-15': ch_count('MT013', 'Chiller 14', 2013),
    'maintenance5-16': ch_latest('M013', 'Chiller 6'),
    'maintenance5-19': cm_count24('PRS-02', 'BRG-OVHT'),
    'maintenance5-20': cm_sum24_nonpm('CHL-01'),
    'maintenance5-21': cm_rank_cost25,
    'maintenance5-22': cm_last_brg_repl,
    'maintenance5-24': kl_sum_downtime('PRS-02', 'BRG-OVHT'),
    'ko5-08': pfmea_max_rpn,
    'abstain5-14': ch_latest('MT010', 'Chiller 13'),
    'followup5-02': lambda: both(ex_sum('A', '2008')),
    'followup5-03': lambda: [str(sum(1 for r in cmms2024() if r['Asset ID'] == 'CHL-01' and r['Failure Code'] == 'FLOW-LOW'))],
    'followup5-07': ch_latest('L001', 'Chiller 10'),
}


def computed_values():
    """id -> list of computed strings (raises on raw/dedup disagreement)."""
    return {k: fn() for k, fn in COMPUTED.items()}


def load_items():
    items = {}
    for fn in sorted(os.listdir(HERE)):
        if fn.endswith('.jsonl'):
            for line in open(os.path.join(HERE, fn), encoding='utf-8'):
                if line.strip():
                    it = json.loads(line)
                    items[it['id']] = it
    return items


def main():
    items = load_items()
    bad = 0
    for iid, fn in COMPUTED.items():
        try:
            vals = fn()
        except Exception as e:  # raw/dedup disagreement or assertion
            print('%s MISMATCH error: %s' % (iid, e)); bad += 1; continue
        it = items.get(iid)
        if it is None:
            print('%s MISMATCH item missing' % iid); bad += 1; continue
        # every fact of the item must equal (or be contained in) one of the computed values
        facts = it['facts']
        ok = bool(facts) and all(any(f.casefold() in v.casefold() for v in vals) for f in facts)
        print('%s %s %s' % (iid, 'OK' if ok else 'MISMATCH', vals if ok else 'facts=%r computed=%r' % (facts, vals)))
        bad += 0 if ok else 1
    print('compute_facts: %d computed items, %d mismatches' % (len(COMPUTED), bad))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
