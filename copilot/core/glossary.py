"""Korean <-> English plant vocabulary for cross-lingual keyword search.

At query time only, keyword search adds the other language's terms for the question's words,
so "스핀들 베어링 과열" also matches an English "spindle bearing overheating" step and
"sealant bead width" matches a Korean FIPG instruction. The vector index handles meaning;
this covers the domain terms a small multilingual embedder misses. Extend per plant.
"""

from __future__ import annotations

from functools import lru_cache

# Korean term (as kiwipiepy yields it) -> English words (before stemming).
KO_EN: dict[str, tuple[str, ...]] = {
    "스핀들": ("spindle",), "베어링": ("bearing",), "과열": ("overheat", "temperature"),
    "온도": ("temperature",), "알람": ("alarm",), "경보": ("alarm", "warning"),
    "그리스": ("grease",), "윤활": ("lubrication", "grease"), "주입": ("grease", "fill"),
    "진동": ("vibration",), "냉각수": ("coolant",), "냉각": ("coolant", "cooling"),
    "칠러": ("chiller",), "유량": ("flow",), "압력": ("pressure",), "토크": ("torque",),
    "체결": ("tighten", "torque"), "볼트": ("bolt",), "너트러너": ("nutrunner",),
    "하우징": ("housing",), "실런트": ("sealant", "fipg"), "도포": ("dispense", "bead"),
    "비드": ("bead",), "폭": ("width",), "누설": ("leak",), "누수": ("leak",),
    "시험": ("test",), "검사": ("inspection", "check"), "점검": ("check", "inspect"),
    "교체": ("replace",), "교환": ("replace",), "프레스": ("press",), "압입": ("press-fit",),
    "하중": ("force",), "힘": ("force",), "기어": ("gear",), "샤프트": ("shaft",),
    "축": ("shaft",), "런아웃": ("runout",), "흔들림": ("runout",), "오일": ("oil",),
    "주유": ("oil", "fill"), "충진": ("fill",), "리터": ("l",), "레이저": ("laser",),
    "마킹": ("marking",), "포장": ("packing",), "팔레트": ("pallet",), "로봇": ("robot",),
    "컨베이어": ("conveyor",), "잠금": ("lockout", "lock"), "차단": ("isolate", "lockout"),
    "전원": ("power", "energy"), "에너지": ("energy",), "안전": ("safety",),
    "보호구": ("ppe",), "장갑": ("gloves",), "안경": ("glasses",), "경고": ("warning",),
    "주의": ("caution",), "위험": ("danger",), "작업": ("work",), "절차": ("procedure",),
    "순서": ("order", "sequence"), "기준": ("limit", "spec"), "불합격": ("reject", "nok"),
    "합격": ("ok", "pass"), "한계": ("limit",), "센서": ("sensor",), "필터": ("filter",),
    "차압": ("differential", "pressure"), "부동액": ("antifreeze", "glycol"),
    "농도": ("concentration",), "노즐": ("nozzle",), "마스터": ("master",),
    "재가동": ("restart",), "재시작": ("restart",), "정지": ("stop",),
    "가동": ("run", "start"), "원인": ("cause",), "고장": ("failure", "fault"),
    "정비": ("maintenance",), "보전": ("maintenance",), "설비": ("equipment", "asset"),
    "공정": ("station", "process"), "개정": ("revision",), "최신": ("latest", "current"),
    "심각도": ("severity",), "발생도": ("occurrence",), "검출도": ("detection",),
    "고장형태": ("failure", "mode"), "영향": ("effect",), "조치": ("action",),
    "대기": ("wait",), "분": ("minutes", "min"), "전압": ("voltage",), "공급": ("supply",),
    "드레인": ("drain",), "밸브": ("valve",), "배관": ("pipe", "line"), "에어": ("air",),
}


@lru_cache(maxsize=1)
def _en_ko() -> dict[str, tuple[str, ...]]:
    from copilot.core.text import ascii_tokens

    out: dict[str, list[str]] = {}
    for ko, ens in KO_EN.items():
        for en in ens:
            for tok in ascii_tokens(en):
                out.setdefault(tok, []).append(ko)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def translations(token: str) -> tuple[str, ...]:
    """The glossary's other-language tokens for one token (may be empty)."""
    from copilot.core.text import ascii_tokens

    if token in KO_EN:
        return tuple(t for en in KO_EN[token] for t in ascii_tokens(en))
    return _en_ko().get(token, ())


def expand_query_tokens(tokens: list[str]) -> list[str]:
    """The tokens plus their translations (English stems for Korean terms and vice versa)."""
    from copilot.core.text import ascii_tokens

    extra: list[str] = []
    for t in tokens:
        if t in KO_EN:
            for en in KO_EN[t]:
                extra.extend(ascii_tokens(en))
        else:
            extra.extend(_en_ko().get(t, ()))
    seen = set(tokens)
    return tokens + [t for t in dict.fromkeys(extra) if t not in seen]
