"""Words the table planner reads: intents, comparisons, emptiness, stop words, failure concepts.

English and Korean side by side. Extend per plant (e.g. add a plant's own failure vocabulary to
``CONCEPTS``); every entry is plain data.
"""

from __future__ import annotations

import re
from typing import Literal

COUNT = re.compile(r"\bhow\s+many\b(?!\s+(?:hours?|hrs|minutes?|mins|days|won|dollars|krw|aud))|\bnumber\s+of\b|\bcount\b|\bhow\s+often\b|몇\s*(?:건|개|번|회)"
                   r"|건수|개수|횟수")
AVG = re.compile(r"\baverage\b|\bmean\b|\bavg\b|평균")
SUM = re.compile(r"\btotal\b|\bsum\b|\baltogether\b|\bcombined\b|합계|총\s*(?:비용|비가동|정지|금액|시간)|총합")
PERCENT = re.compile(r"\bpercent(?:age)?\b|\bshare\b|\bproportion\b|\bfraction\b|\bratio\b|비율|%")
# Superlatives pick the top group / row ("which asset had the most"); MAX_FN / MIN_FN are the
# aggregate functions ("max RPN per station") and keep every group.
SUPERLATIVE = re.compile(r"\bhighest\b|\blowest\b|\bmost\b|\bleast\b|\blargest\b|\bbiggest\b"
                         r"|\bsmallest\b|\bworst\b|\bgreatest\b|\blongest\b|\bshortest\b"
                         r"|\bfewest\b|\bcheapest\b|\bcostliest\b|\bpeak\b|가장|최다|제일")
MAX_FN = re.compile(r"\bmax(?:imum)?\b|최대|최고")
MIN_FN = re.compile(r"\bmin(?:imum)?\b|최소|최저")
DOCS_ALL = re.compile(r"\bboth\b|\ball\s+(?:sources|logs|files|exports)\b|\btogether\b"
                      r"|\bcounting\b|\bincluding\b|\bcombined\b|\bplus\b|\+|모두|포함|합쳐|합산|및")
LIST = re.compile(r"\bwhich\b|\blist\b|\bshow\b|\bwhat\s+are\b|\bwhat\b|\bgive\s+me\b|\bname\b"
                  r"|\bfind\b|\bany\b|\ball\b|어떤|어느|무엇|목록|나열|알려|보여|찾아"
                  r"|던\s*건|건들|내역")
ORDER_ASC = re.compile(r"\blowest\s+first\b|\bascending\b|\bsmallest\s+first\b|\boldest\s+first\b"
                       r"|오름차순|낮은\s*순")
ORDER_BY = re.compile(r"\b(?:by|sorted\s+by|ordered\s+by|ranked\s+by|rank(?:ed)?\s+on)\s+"
                      r"([a-z][a-z /-]{0,30}?)(?:[,.?]|\s+(?:highest|lowest|descending|ascending|"
                      r"first|from|with|at|in|for)\b|$)|([가-힣]+)\s*(?:순|순서)")
TOP_N = re.compile(r"\btop[\s-]*(\d{1,3})\b|\b(\d{1,3})\s+(?:highest|lowest|worst|biggest|largest|"
                   r"most|top)\b|\bfirst\s+(\d{1,3})\b|상위\s*(\d{1,3})|(\d{1,3})\s*위")
GROUP = re.compile(r"\b(?:per|by|for\s+each|each|across|broken\s+down\s+by)\s+([a-z][a-z -]{1,25})"
                   r"|([가-힣a-z]+)\s*별")
DOC_CUES = re.compile(r"\bhow\s+(?:do|to|should|can)\b|\bwhat\s+(?:should|do|must)\s+(?:i|we)\b"
                      r"|\bprocedure\b|\binstructions?\b|\bsteps?\s+to\b|\bwhy\b|\bexplain\b"
                      r"|어떻게|방법|절차|왜")
EMPTY = re.compile(r"\b(?:no|without|missing|lacking|empty|blank)\s+(?:an?\s+|any\s+)?"
                   r"(?:(?:recommended|planned)\s+)?({cols})(?:\s+(?:yet|defined|assigned|set))?"
                   r"|({cols})\s*(?:이|가)?\s*(?:없|미정|미수립|누락)")
NOT_EMPTY = re.compile(r"\b(?:with|having|has|have)\s+(?:an?\s+|a\s+)?(?:(?:recommended|planned)\s+)?"
                       r"({cols})")
CAUSE_CUE = re.compile(r"\b(?:caused\s+by|due\s+to|because\s+of|cause[sd]?\s+(?:is|was|of)?)\s+"
                       r"|원인")

# Comparison phrases around a number (the number is written N).
_GE = (r"(?:at\s+least|no\s+less\s+than|minimum(?:\s+of)?|min\.?|>=|≥|=>|not\s+below)\s*N",
       r"N\s*(?:or\s+(?:more|higher|above|greater|over|worse)|and\s+(?:up|above|higher|over)|\+|이상)")
_GT = (r"(?:more\s+than|over|above|greater\s+than|higher\s+than|exceed(?:s|ing)?|>|bigger\s+than|"
       r"beyond)\s*N", r"N\s*(?:초과|넘는|넘게|보다\s*(?:높|많|크|큰))")
_LE = (r"(?:at\s+most|no\s+more\s+than|up\s+to|<=|≤|=<|maximum(?:\s+of)?|max\.?|not\s+above)\s*N",
       r"N(?:\s*(?:or\s+(?:less|lower|below|fewer|under)|and\s+(?:below|under|lower)|이하)"
       r"|-(?![\w\d]))")
_LT = (r"(?:less\s+than|under|below|lower\s+than|fewer\s+than|<|smaller\s+than)\s*N",
       r"N\s*(?:미만|보다\s*(?:낮|적|작))")
_EQ = (r"(?:=|==|equals?|equal\s+to|of|is|are|rated(?:\s+at)?|exactly)\s*N", r"N\s*(?:인|점)")
COMPARISONS: tuple[tuple[Literal[">=", ">", "<=", "<", "="], tuple[str, ...]], ...] = (
    (">=", _GE), (">", _GT), ("<=", _LE), ("<", _LT), ("=", _EQ))
RANGE = re.compile(r"\bbetween\s+(\d+(?:\.\d+)?)\s+and\s+(\d+(?:\.\d+)?)"
                   r"|(?<![\w.-])(\d+(?:\.\d+)?)\s*(?:-|–|~|to)\s*(\d+(?:\.\d+)?)(?![\w.-])")

STOP = frozenset(["a", "an", "the", "and", "or", "of", "on", "in", "at", "to", "for", "from", "by", "with", "without", "about", "into", "onto", "over", "under", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "done", "have", "has", "had", "having", "get", "got", "gets", "getting", "make", "made", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "i", "me", "my", "we", "our", "you", "your", "they", "them", "their", "it", "its", "this", "that", "these", "those", "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much", "any", "all", "some", "each", "every", "per", "than", "then", "so", "such", "as", "if", "not", "no", "yes", "please", "show", "list", "give", "tell", "find", "name", "me", "us", "what's", "whats", "which's", "rows", "row", "entries", "entry", "items", "item", "line", "lines", "ones", "one", "record", "records", "total", "number", "count", "average", "mean", "sum", "highest", "lowest", "most", "least", "top", "first", "last", "more", "less", "times", "time", "times", "related", "relating", "regarding", "concerning", "involving", "caused", "cause", "due", "because", "happen", "happened", "occurred", "occur", "occurring", "logged", "booked", "recorded", "listed", "registered", "got", "take", "took", "raised", "opened", "open", "against", "across", "together", "overall", "both", "also", "only", "just", "still", "yet", "ever", "currently", "current", "value", "values", "rating", "ratings", "rated", "score", "scored", "level", "levels", "kind", "kinds", "type", "types", "need", "needed", "needs", "lead", "leads", "leading", "end", "ends", "result", "results", "resulting", "hours", "hour", "hrs", "minutes", "mins", "min", "krw", "won", "aud", "usd", "dollars", "dollar", "cases", "case", "jobs", "job", "items", "item", "lines", "line", "there's", "anything", "something", "happen", "anywhere", "else", "again", "seen", "see", "look", "looking", "want", "wanted", "know", "area", "counting", "include", "including", "included", "root", "both", "either", "done", "back", "traced", "itself", "real", "two", "three",
    "four", "five", "six", "seven", "eight", "nine", "ten", "half", "max", "min", "maximum",
    "minimum", "across", "sources", "source", "exports", "export", "log", "logs", "file",
    "files", "sheet", "sheets", "coded", "labelled", "labeled", "tagged", "marked",
    "called", "named"]) | frozenset(
    ["것", "수", "건", "개", "중", "및", "등", "에서", "에", "의", "가", "이", "은", "는", "을", "를", "와", "과", "로", "으로", "있는", "있나요", "인가요", "무엇", "어떤", "몇", "알려", "주세요", "보여", "목록", "관련", "관련된", "대한", "경우", "모두", "전체", "총", "이상", "이하", "초과", "미만", "처리", "합계", "시간", "건수", "얼마", "많이", "나오", "나온", "생기", "때문", "알리", "작업", "정비", "항목", "개수", "무슨", "어디", "언제", "있었", "되는", "되었", "발생", "기록", "내역", "이력", "평균", "가장", "순서", "순", "별", "상위", "하위", "해당", "각", "기준", "사람", "누구", "어느", "큰", "작은", "높은", "낮은"])

# A failure concept and the words rows use for it (matched as substrings, any language).
CONCEPTS: dict[str, tuple[str, ...]] = {
    "overheat": ("overheat", "over temp", "overtemp", "too hot", "high temp", "temperature",
                 "ovht", "과열"),
    "leak": ("leak", "lkg", "seep", "누설", "누유", "누수"),
    "wear": ("wear", "worn", "마모"),
    "torque": ("torque", "trq", "nm", "토크"),
    "crack": ("crack", "균열"),
    "vibration": ("vibrat", "vib ", "진동"),
    "noise": ("noise", "noisy", "소음"),
    "corrosion": ("corro", "rust", "부식"),
    "contamination": ("contamina", "dirt", "debris", "chip", "오염", "이물"),
    "electrical": ("electric", "elec", "wiring", "short circuit", "전기"),
    "hydraulic": ("hydraulic", "hyd ", "유압"),
    "sensor": ("sensor", "sens", "센서"),
    "bearing": ("bearing", "brg", "베어링"),
    "coolant": ("coolant", "clt", "냉각수", "냉각"),
    "misalign": ("misalign", "cocked", "tilted", "편심", "정렬"),
    "fatigue": ("fatigue", "피로"),
    "blockage": ("block", "clog", "막힘"),
}
