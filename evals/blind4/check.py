#!/usr/bin/env python3
"""Validate the blind4 eval set.

* schema: keys, id pattern, lang, category, evidence shape (one list of 1-2 snippets, each <= 80 chars),
  unanswerable items have facts == [] and evidence == [], abstain pairs complete, follow-ups have 1-2 history turns;
* every evidence snippet occurs in its source file (NFKC-normalised, whitespace collapsed);
* every fact occurs in the item's evidence (same normalisation) or is confirmed by compute_facts.py.

Needs pdfplumber, python-docx and openpyxl (e.g. /tmp/b4venv/bin/python check.py). Exit code 1 on any error.
"""
import csv
import glob
import html
import io
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compute_facts  # noqa: E402

BASES = ['/work/shared/corpora', '/work/main/sample_docs']
KEYS = {'id', 'history', 'question', 'lang', 'answerable', 'facts', 'evidence', 'source', 'category', 'note'}
CATS = {'lookup', 'history', 'fix', 'count', 'rank', 'aggregate', 'filter', 'procedure_value', 'procedure_steps',
        'statute', 'fmea', 'followup', 'unanswerable', 'control'}
FILES = {'maintenance.jsonl': ('maintenance4-', 25), 'ko_to_en.jsonl': ('ko_to_en4-', 15),
         'abstain.jsonl': ('abstain4-', 30), 'followups.jsonl': ('followup4-', 12)}
HANGUL = re.compile('[\uac00-\ud7a3]')


def norm(s):
    return re.sub(r'\s+', ' ', unicodedata.normalize('NFKC', s)).strip()


_cache = {}


def source_text(rel):
    if rel in _cache:
        return _cache[rel]
    path = next((os.path.join(b, rel) for b in BASES if os.path.isfile(os.path.join(b, rel))), None)
    if path is None:
        raise FileNotFoundError(rel)
    ext = os.path.splitext(path)[1].lower()
    if ext == '.pdf':
        import pdfplumber
        with pdfplumber.open(path) as pdf:
            text = '\n'.join(p.extract_text() or '' for p in pdf.pages)
    elif ext == '.docx':
        import docx
        d = docx.Document(path)
        parts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for r in t.rows:
                parts.append(' | '.join(c.text for c in r.cells))
        text = '\n'.join(parts)
    elif ext == '.xlsx':
        import openpyxl
        wb = openpyxl.load_workbook(path, read_only=True)
        parts = []
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                parts.append(' | '.join('' if v is None else str(v) for v in row))
        text = '\n'.join(parts)
    else:
        raw = open(path, 'rb').read()
        try:
            text = raw.decode('utf-8-sig')
        except UnicodeDecodeError:
            text = raw.decode('cp949')
        if ext in ('.html', '.htm'):
            text = text + '\n' + html.unescape(re.sub(r'<[^>]+>', ' ', text))
    _cache[rel] = norm(text)
    return _cache[rel]


def main():
    errors, n_items, n_snip, n_fact_ev, n_fact_comp = [], 0, 0, 0, 0
    computed = compute_facts.run()
    for fname, (prefix, expected) in FILES.items():
        path = os.path.join(HERE, fname)
        items = [json.loads(l) for l in open(path, encoding='utf-8') if l.strip()]
        raw = open(path, encoding='utf-8').read()
        if '\\u' in raw and HANGUL.search(raw) is None:
            errors.append('%s: looks ensure_ascii=True' % fname)
        if len(items) != expected:
            errors.append('%s: %d items, expected %d' % (fname, len(items), expected))
        ids = [d['id'] for d in items]
        if ids != ['%s%02d' % (prefix, i) for i in range(1, len(items) + 1)]:
            errors.append('%s: ids not sequential %s..' % (fname, prefix))
        for d in items:
            n_items += 1
            iid = d.get('id')
            missing = KEYS - set(d)
            if missing:
                errors.append('%s: missing keys %s' % (iid, sorted(missing)))
                continue
            if d['lang'] not in ('en', 'ko'):
                errors.append('%s: bad lang' % iid)
            if (d['lang'] == 'ko') != bool(HANGUL.search(d['question'])):
                errors.append('%s: lang %s does not match question text' % (iid, d['lang']))
            if d['category'] not in CATS:
                errors.append('%s: bad category %s' % (iid, d['category']))
            if not isinstance(d['history'], list):
                errors.append('%s: history not a list' % iid)
            if fname == 'followups.jsonl':
                if not 1 <= len(d['history']) <= 2 or d['category'] != 'followup':
                    errors.append('%s: follow-up needs 1-2 history turns and category followup' % iid)
            elif d['history']:
                errors.append('%s: unexpected history' % iid)
            if not d['answerable']:
                if d['facts'] or d['evidence'] or d['category'] != 'unanswerable':
                    errors.append('%s: unanswerable item must have facts [], evidence [], category unanswerable' % iid)
                continue
            if d['category'] == 'unanswerable':
                errors.append('%s: answerable item with category unanswerable' % iid)
            if not d['facts']:
                errors.append('%s: no facts' % iid)
            ev = d['evidence']
            if not (isinstance(ev, list) and len(ev) == 1 and isinstance(ev[0], list) and 1 <= len(ev[0]) <= 2):
                errors.append('%s: evidence must be [[1-2 snippets]]' % iid)
                continue
            rel = d['source'].split(' :: ')[0].strip()
            try:
                text = source_text(rel)
            except FileNotFoundError:
                errors.append('%s: source file not found: %s' % (iid, rel))
                continue
            for s in ev[0]:
                n_snip += 1
                if len(s) > 80:
                    errors.append('%s: snippet longer than 80 chars (%d): %r' % (iid, len(s), s))
                if norm(s) not in text:
                    errors.append('%s: snippet not in %s: %r' % (iid, rel, s))
            evtext = norm(' '.join(ev[0]))
            comp = computed.get(iid)
            for fct in d['facts']:
                if norm(fct) in evtext:
                    n_fact_ev += 1
                elif comp and comp[0] and fct in comp[1]:
                    n_fact_comp += 1
                else:
                    errors.append('%s: fact %r neither in evidence nor confirmed by compute_facts' % (iid, fct))
        if fname == 'abstain.jsonl':
            by_pair = {}
            for d in items:
                by_pair.setdefault(d.get('pair'), []).append(d)
            if sorted(by_pair) != ['pair-%02d' % i for i in range(1, 16)]:
                errors.append('abstain: pairs must be pair-01..pair-15')
            for p, ds in by_pair.items():
                if len(ds) != 2 or sorted(x['answerable'] for x in ds) != [False, True]:
                    errors.append('abstain %s: needs one answerable and one unanswerable item' % p)
            ko_un = sum(1 for d in items if not d['answerable'] and d['lang'] == 'ko')
            if ko_un != 5:
                errors.append('abstain: %d Korean unanswerable items, expected 5' % ko_un)
    for iid, (ok, comp, detail) in computed.items():
        if not ok:
            errors.append('%s: compute_facts MISMATCH %s' % (iid, detail))
    for e in errors:
        print('ERROR', e)
    print('check: %d items, %d snippets verified, %d facts found in evidence, %d facts confirmed by compute_facts.py'
          % (n_items, n_snip, n_fact_ev, n_fact_comp))
    print('check: %d errors' % len(errors))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
