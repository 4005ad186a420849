#!/usr/bin/env python3
"""Structural + grounding checks for the blind5 eval set.

Run:  /tmp/b5venv/bin/python check.py      (needs pdfplumber, python-docx, openpyxl)
Checks: file counts and ids; required keys; lang vs Hangul; history shape; evidence snippets
(<=80 chars, 1-2 per item) occur in the source file after NFKC + whitespace collapsing (PDF via
pdfplumber, DOCX paragraphs + table rows, XLSX rows joined by ' | ', HTML raw and tag-stripped,
CP949 log decoded); every fact is in the item's evidence (same normalisation, case-insensitive) or is
confirmed by compute_facts.py; unanswerable items have empty facts/evidence; 12 complete pairs;
absence patterns of the unanswerable items have no hit in any corpus or sample document.
"""
import datetime, html, json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compute_facts  # noqa: E402

CORPORA = '/work/shared/corpora'
SAMPLE = '/work/main/sample_docs'
FILES = {  # file -> (id prefix, count)
    'maintenance.jsonl': ('maintenance5-', 24),
    'ko_to_en.jsonl': ('ko5-', 14),
    'abstain.jsonl': ('abstain5-', 24),
    'followups.jsonl': ('followup5-', 10),
}
KEYS = ['id', 'history', 'question', 'lang', 'answerable', 'facts', 'evidence', 'source', 'category', 'note']
CATS = {
    'maintenance.jsonl': {'lookup', 'history', 'fix', 'count', 'ranking', 'sum', 'average', 'range'},
    'ko_to_en.jsonl': {'lookup', 'history', 'fix', 'count', 'ranking', 'sum', 'average', 'range', 'procedure', 'spec', 'risk'},
    'abstain.jsonl': {'unanswerable', 'control'},
    'followups.jsonl': {'followup'},
}
# Korean-language sources (a ko_to_en answer must come from an English document)
KOREAN_SOURCES = ('kr-osh-rules-88-111/', 'maintenance/정비일지', 'WI-OP30-002_', 'WI-MNT-003_')
HANGUL = re.compile(r'[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]')

# Absence patterns for the unanswerable items: 0 hits required over every corpus file and every
# sample document (text extracted); (pattern, scope) with scope 'all' or 'sample'.
ABSENCE = {
    'abstain5-01': [(r'WI-OP30-001 Rev D|OP30-001.{0,20}Rev(ision)?:? D', 'all')],
    'abstain5-03': [(r'\b(SKF|NSK|NTN|FAG|Schaeffler|Timken|Koyo|JTEKT|NACHI)\b', 'all'), (r'manufacturer|maker|제조사|제조업체', 'all')],
    'abstain5-05': [(r'제112조', 'all')],
    'abstain5-07': [(r'자물쇠|padlock', 'all')],
    'abstain5-09': [(r'annually|once a year|every year|매년', 'all')],
    'abstain5-11': [(r'(?m)^\d+,[^,]*,F,', 'all')],
    'abstain5-13': [(r'Chiller 5\b|CWC04005|CWC04705', 'all')],
    'abstain5-15': [(r'shelf life|유통기한|storage life', 'all')],
    'abstain5-17': [(r'냉매|refrigerant|R-?134|R-?410|R-?407', 'sample'), (r'R-?134|R-?410|R-?407', 'all')],
    'abstain5-19': [(r'WO-24-00999|00999', 'all')],
    'abstain5-21': [(r'rev 8|rev\. 8|revision 8|개정 8', 'all')],
    'abstain5-23': [(r'MTBF|mean time', 'all')],
}

errors = []


def err(msg):
    errors.append(msg)


def norm(s):
    return re.sub(r'\s+', ' ', unicodedata.normalize('NFKC', s)).strip()


_cache = {}


def texts_of(path):
    """All text renderings of a file (list of strings)."""
    if path in _cache:
        return _cache[path]
    low = path.lower()
    out = []
    if low.endswith('.pdf'):
        import pdfplumber
        with pdfplumber.open(path) as pdf:
            out.append('\n'.join(p.extract_text() or '' for p in pdf.pages))
    elif low.endswith('.docx'):
        import docx
        d = docx.Document(path)
        lines = [p.text for p in d.paragraphs]
        for t in d.tables:
            for r in t.rows:
                lines.append(' | '.join(c.text for c in r.cells))
        out.append('\n'.join(lines))
    elif low.endswith('.xlsx'):
        import openpyxl
        wb = openpyxl.load_workbook(path, data_only=True)
        lines = []
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                vals = []
                for v in row:
                    if v is None:
                        v = ''
                    elif isinstance(v, datetime.datetime):
                        v = v.strftime('%Y-%m-%d %H:%M:%S')
                    vals.append(str(v))
                lines.append(' | '.join(vals))
        out.append('\n'.join(lines))
    else:
        b = open(path, 'rb').read()
        try:
            t = b.decode('utf-8-sig')
        except UnicodeDecodeError:
            t = b.decode('cp949')
        out.append(t)
        if low.endswith(('.html', '.htm')):
            out.append(html.unescape(re.sub(r'<[^>]+>', ' ', t)))
    _cache[path] = out
    return out


def resolve(src):
    rel = src.split(' :: ')[0].strip()
    for base in (CORPORA, SAMPLE):
        p = os.path.join(base, rel)
        if os.path.isfile(p):
            return p
    return None


def all_documents(scope):
    paths = []
    roots = [SAMPLE] if scope == 'sample' else [CORPORA, SAMPLE]
    for root in roots:
        for dp, _, fns in os.walk(root):
            for fn in fns:
                if fn == 'PLANT.md' or fn.startswith('.') or fn.startswith('LICENSE'):
                    continue
                paths.append(os.path.join(dp, fn))
    return sorted(paths)


def main():
    computed = compute_facts.computed_values()
    all_items = {}
    for fn, (prefix, n) in FILES.items():
        path = os.path.join(HERE, fn)
        items = [json.loads(l) for l in open(path, encoding='utf-8') if l.strip()]
        if len(items) != n:
            err('%s: %d items, expected %d' % (fn, len(items), n))
        ids = [it.get('id') for it in items]
        if ids != ['%s%02d' % (prefix, i) for i in range(1, n + 1)]:
            err('%s: ids not %s01..%02d in order' % (fn, prefix, n))
        for it in items:
            iid = it.get('id')
            all_items[iid] = (fn, it)
            keys = KEYS + (['pair'] if fn == 'abstain.jsonl' else [])
            if sorted(it) != sorted(keys):
                err('%s: keys %s' % (iid, sorted(it)))
                continue
            ko = bool(HANGUL.search(it['question']))
            if it['lang'] != ('ko' if ko else 'en'):
                err('%s: lang %s but Hangul=%s' % (iid, it['lang'], ko))
            if it['category'] not in CATS[fn]:
                err('%s: category %s' % (iid, it['category']))
            hist = it['history']
            if not isinstance(hist, list) or len(hist) != (1 if fn == 'followups.jsonl' else 0):
                err('%s: history shape' % iid)
            if not it['answerable']:
                if it['facts'] or it['evidence'] or it['source'] != 'none' or it['category'] != 'unanswerable':
                    err('%s: unanswerable item must have empty facts/evidence, source none' % iid)
                continue
            if it['category'] == 'unanswerable':
                err('%s: answerable but category unanswerable' % iid)
            # facts
            if not (1 <= len(it['facts']) <= 3):
                err('%s: %d facts' % (iid, len(it['facts'])))
            # evidence
            ev = it['evidence']
            if not (isinstance(ev, list) and len(ev) == 1 and isinstance(ev[0], list) and 1 <= len(ev[0]) <= 2):
                err('%s: evidence must be [[1-2 snippets]]' % iid)
                continue
            src = resolve(it['source'])
            if src is None or ' :: ' not in it['source']:
                err('%s: source not resolvable: %s' % (iid, it['source']))
                continue
            if fn == 'ko_to_en.jsonl' and any(k in it['source'] for k in KOREAN_SOURCES):
                err('%s: ko_to_en source is a Korean document' % iid)
            doc_texts = [norm(t) for t in texts_of(src)]
            for s in ev[0]:
                if len(s) > 80:
                    err('%s: snippet > 80 chars: %r' % (iid, s))
                if not any(norm(s) in t for t in doc_texts):
                    err('%s: snippet not found in %s: %r' % (iid, src, s))
            evtext = norm(' || '.join(ev[0])).casefold()
            comp = [norm(v).casefold() for v in computed.get(iid, [])]
            for f in it['facts']:
                nf = norm(f).casefold()
                if nf in evtext:
                    continue
                if any(nf in v for v in comp):
                    continue
                err('%s: fact %r neither in evidence nor computed' % (iid, f))
    # composition
    def items_of(fn):
        return [it for f, it in all_items.values() if f == fn]
    m_ko = sum(1 for it in items_of('maintenance.jsonl') if it['lang'] == 'ko')
    if m_ko < 4:
        err('maintenance: only %d Korean items' % m_ko)
    src_groups = {'excavator': 0, 'chiller': 0, 'plant': 0}
    for it in items_of('maintenance.jsonl'):
        s = it['source']
        if s.startswith('excavator-work-orders/'):
            src_groups['excavator'] += 1
        elif s.startswith('assetopsbench-chillers/'):
            src_groups['chiller'] += 1
        elif s.startswith('maintenance/'):
            src_groups['plant'] += 1
    if src_groups != {'excavator': 8, 'chiller': 8, 'plant': 8}:
        err('maintenance source mix %s' % src_groups)
    if any(it['lang'] != 'ko' for it in items_of('ko_to_en.jsonl')):
        err('ko_to_en: all questions must be Korean')
    ab = items_of('abstain.jsonl')
    un_ko = sum(1 for it in ab if not it['answerable'] and it['lang'] == 'ko')
    if un_ko < 4:
        err('abstain: only %d Korean unanswerable' % un_ko)
    pairs = {}
    for it in ab:
        pairs.setdefault(it['pair'], []).append(it)
    if sorted(pairs) != ['pair-%02d' % i for i in range(1, 13)]:
        err('abstain: pair labels %s' % sorted(pairs))
    for p, its in pairs.items():
        if sorted((it['category'], it['answerable']) for it in its) != [('control', True), ('unanswerable', False)]:
            err('abstain %s incomplete' % p)
    fu_ko = sum(1 for it in items_of('followups.jsonl') if it['lang'] == 'ko')
    if fu_ko < 4:
        err('followups: only %d Korean items' % fu_ko)
    # absence checks
    hits_total = 0
    for iid, pats in ABSENCE.items():
        fn, it = all_items[iid]
        if it['answerable']:
            err('%s: absence patterns on an answerable item' % iid)
        for pat, scope in pats:
            rx = re.compile(pat, re.I)
            for p in all_documents(scope):
                for t in texts_of(p):
                    if rx.search(t):
                        err('%s: absence pattern %r hits %s' % (iid, pat, p))
                        hits_total += 1
                        break
    unans = {it['id'] for it in ab if not it['answerable']}
    if unans != set(ABSENCE):
        err('absence patterns missing for %s' % sorted(unans - set(ABSENCE)))

    n_items = len(all_items)
    for e in errors:
        print('FAIL', e)
    print('check.py: %d files, %d items, %d errors%s' % (len(FILES), n_items, len(errors), '' if errors else ' - ALL CHECKS PASSED'))
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()
