#!/usr/bin/env python3
"""Verify that every evidence snippet in followups.jsonl / abstain3.jsonl occurs verbatim
(NFKC + whitespace-normalised) in the document named by the item's "source" field, that each
fact occurs in the evidence (warning) or at least in the document (error otherwise), schema
sanity, and that key terms of unanswerable items are absent from the whole document set.
Run with /work/main/.venv/bin/python (needs pdfplumber, python-docx, openpyxl)."""
import json, re, sys, os, glob, html, unicodedata
SD = '/work/main/sample_docs'; SC = '/work/shared/corpora'
def norm(s): return re.sub(r'\s+', ' ', unicodedata.normalize('NFKC', s)).strip()
_cache = {}
def load(path):
    if path in _cache: return _cache[path]
    ext = path.rsplit('.', 1)[-1].lower()
    if ext == 'pdf':
        import pdfplumber
        with pdfplumber.open(path) as pdf: t = '\n'.join(p.extract_text() or '' for p in pdf.pages)
    elif ext == 'docx':
        import docx
        d = docx.Document(path); lines = [p.text for p in d.paragraphs]
        for tb in d.tables:
            for r in tb.rows: lines.append(' | '.join(c.text for c in r.cells))
        t = '\n'.join(lines)
    elif ext == 'xlsx':
        import openpyxl
        wb = openpyxl.load_workbook(path, data_only=True); lines = []
        for ws in wb.worksheets:
            for r in ws.iter_rows(values_only=True):
                lines.append(' | '.join('' if c is None else str(c) for c in r))
        t = '\n'.join(lines)
    elif ext in ('html', 'htm'):
        t = open(path, encoding='utf-8').read()
        t = re.sub(r'<(style|script).*?</\1>', ' ', t, flags=re.S | re.I)
        t = html.unescape(re.sub(r'<[^>]+>', ' ', t))
    else:
        raw = open(path, 'rb').read()
        try: t = raw.decode('utf-8-sig')
        except UnicodeDecodeError: t = raw.decode('cp949')
    _cache[path] = (t, norm(t)); return _cache[path]
def resolve(source):
    rel = re.split(r',| \(CP949\)', source)[0].strip()
    for base in (SD, SC):
        p = os.path.join(base, rel)
        if os.path.isfile(p): return p
    return None
ALL = [p for p in glob.glob(SD + '/**/*', recursive=True) + glob.glob(SC + '/**/*', recursive=True)
       if os.path.isfile(p) and not p.endswith(('LICENSE', 'LICENSE.md', '.copilotignore', 'PLANT.md'))]
# key terms that must NOT occur anywhere for the unanswerable items (spot checks of the notes)
ABSENT = {'abstain3-03': ['냉매', 'R-134', 'R-410'], 'abstain3-07': ['Chiller 8', 'CWC04008'],
          'abstain3-09': ['R-134', 'R-410', 'R-22,', 'R-123', 'HFC'], 'abstain3-15': ['penalt'],
          'abstain3-19': ['제112조'], 'abstain3-25': ['focus distance of', 'focal length'],
          'abstain3-27': ['해상도'], 'abstain3-33': ['dBA', 'noise limit'], 'abstain3-35': ['OP70'],
          'abstain3-37': ['L2-25-0003'], 'abstain3-31': ['tank capacity', 'oil capacity'],
          'abstain3-29': ['운전시간', 'operating hours']}
errors = warnings = 0; n_ev = 0
def err(m):
    global errors; errors += 1; print('ERROR', m)
def warn(m):
    global warnings; warnings += 1; print('warn ', m)
KEYS = {'id', 'history', 'question', 'lang', 'answerable', 'facts', 'evidence', 'source', 'category', 'note'}
for fn in ('followups.jsonl', 'abstain3.jsonl'):
    items = [json.loads(l) for l in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), fn), encoding='utf-8')]
    ids = [x['id'] for x in items]
    if len(set(ids)) != len(ids): err(fn + ' duplicate ids')
    for x in items:
        miss = KEYS - set(x)
        if miss: err('%s missing keys %s' % (x['id'], miss))
        if x['lang'] not in ('en', 'ko'): err(x['id'] + ' bad lang')
        if not x['answerable']:
            if x['facts'] or x['evidence']: err(x['id'] + ' unanswerable with facts/evidence')
            for term in ABSENT.get(x['id'], []):
                hits = [os.path.basename(p) for p in ALL if norm(term).lower() in load(p)[1].lower()]
                if hits: err('%s absent-term %r found in %s' % (x['id'], term, hits))
                else: print('ok    %s absent-term %r not in any of %d files' % (x['id'], term, len(ALL)))
            continue
        p = resolve(x['source'])
        if not p: err('%s cannot resolve source %r' % (x['id'], x['source'])); continue
        raw, doc = load(p)
        if not x['facts'] or not x['evidence']: err(x['id'] + ' answerable without facts/evidence')
        evtext = ''
        for group in x['evidence']:
            for snip in group:
                n_ev += 1
                if norm(snip) in doc: print('ok    %s evidence found in %s' % (x['id'], os.path.basename(p)))
                else: err('%s evidence NOT found in %s: %r' % (x['id'], os.path.basename(p), snip[:90]))
                evtext += ' ' + norm(snip)
        for f in x['facts']:
            if norm(f) in evtext: continue
            if norm(f) in doc: warn('%s fact %r in document but not in its evidence' % (x['id'], f))
            else: err('%s fact %r not in document' % (x['id'], f))
print('\nchecked %d evidence snippets; %d errors, %d warnings' % (n_ev, errors, warnings))
sys.exit(1 if errors else 0)
