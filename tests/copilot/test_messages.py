"""The one message catalogue: both languages complete, every key used exists, and no Korean
message hides in a function body outside it."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from copilot.core.messages import (
    LANGS,
    as_lang,
    catalogue,
    error_hint,
    field_name,
    kind_name,
    language_name,
    message,
)

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
# Values that are the same in every language (names, codes, a path).
SAME_IN_EVERY_LANGUAGE = {"ui.title", "ui.folder_ph", "ui.pfmea.tab", "kind.pfmea", "field.rpn"}

# Korean literals in function bodies that are not messages. Keep this short: a new entry needs
# a reason a reviewer accepts.
ALLOWED_PREFIXES = {
    "ingestion/": "converters match Korean headers, markers and sentence ends (vocabulary)",
    "copilot/core/lexicon/": "plant vocabulary (codes, safety labels, dates) as data",
    "copilot/tables/": "question vocabulary (periods, units, ranking words) and the Korean "
                       "wording of table answers in render.py, checked byte-for-byte by the "
                       "table evals; the table engine's restructuring moves them",
}
ALLOWED_LITERALS = {
    "warm up 예열": "the query that loads the models at start-up (copilot/service.py)",
    "torque for the OP30 housing bolts / 하우징 볼트 토크": "the embedder check's query "
                                                          "(copilot/doctor.py)",
}
_RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall",
             "finditer"}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_every_language_with_the_same_placeholders() -> None:
    en = catalogue("en")
    assert len(en) > 100
    for lang in LANGS:
        other = catalogue(lang)
        assert set(other) == set(en), (lang, set(other) ^ set(en))
        for key, text in en.items():
            assert _placeholders(other[key]) == _placeholders(text), (lang, key)


def test_korean_is_translated() -> None:
    en, ko = catalogue("en"), catalogue("ko")
    untranslated = {k for k, v in ko.items() if not HANGUL.search(v)}
    assert untranslated - {"language.english_name"} == SAME_IN_EVERY_LANGUAGE
    assert all(ko[k] == en[k] for k in SAME_IN_EVERY_LANGUAGE)


def test_message_fills_placeholders_and_refuses_unknown_keys() -> None:
    assert message("ui.remove_ask", "ko", source="a.md").startswith("a.md 문서를")
    assert message("ui.removed_msg", "en", source="a.md", n=3) == "Removed a.md (3 chunks)."
    assert message("cli.sources") == "Sources:"  # English by default
    assert message("answer.not_found", "fr") == "Not found in the plant documents."
    with pytest.raises(KeyError):
        message("ui.no_such_key", "en")


def test_names_hints_and_languages() -> None:
    assert [language_name(x) for x in LANGS] == ["English", "한국어"]
    assert as_lang("한국어") == as_lang("ko") == as_lang("ko_KR") == "ko"
    assert as_lang("English") == as_lang("fr") == as_lang(None) == "en"
    assert kind_name("maintenance_log", "ko") == "정비 이력"
    assert kind_name("drawing", "ko") == "drawing"
    assert field_name("failure_mode", "ko") == "고장 형태"
    assert field_name("torque_nm", "en") == "Torque nm"
    assert error_hint("a.csv: file is empty", "ko") == message("error_hint.empty_file", "ko")
    assert error_hint("x: no recognisable header row", "en").startswith("The sheet needs")
    assert error_hint("something else", "en") == ""


def _product_files() -> list[Path]:
    return [p for pkg in ("copilot", "ingestion", "ui") for p in sorted((ROOT / pkg).rglob("*.py"))]


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


# The section each look-up helper reads, by where it is used: message("a.b") everywhere, ui's
# t("b"), the tabs' s("b"), the learning label("b"), the PFMEA report's _say("b").
_HELPERS = {"": {"message": ""}, "ui/": {"t": "ui."}, "ui/learn_tab.py": {"s": "ui.learn."},
            "ui/pfmea_tab.py": {"s": "ui.pfmea."},
            "ui/pfmea_rows.py": {"s": "ui.pfmea."}, "copilot/learning/": {"label": "learning."},
            "copilot/pfmea/report.py": {"_say": "pfmea.report."}}


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    keys = set(catalogue("en"))
    named = []
    for path in _product_files():
        rel = path.relative_to(ROOT).as_posix()
        helpers = {k: v for where, h in _HELPERS.items() if rel.startswith(where)
                   for k, v in h.items()}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and _call_name(node) in helpers and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                named.append((rel, helpers[_call_name(node)] + node.args[0].value))
    assert len(named) > 150
    assert [n for n in named if n[1] not in keys] == []


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) \
                and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value,
                                                                           ast.Constant):
            out.add(id(body[0].value))
    return out


def _in_regex(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """True when ``node`` is part of a pattern handed to ``re`` (vocabulary, not a message)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" \
                and node.func.attr in _RE_CALLS:
            return True
    return False


def korean_literals_in_function_bodies(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal with Hangul inside a function body, docstrings and
    regular-expression patterns left out."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docs = _docstrings(tree)
    found = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                        and HANGUL.search(node.value) and id(node) not in docs
                        and node.value not in ALLOWED_LITERALS and not _in_regex(node, parents)):
                    found.add((node.lineno, node.value))
    return sorted(found)


def test_the_scan_finds_korean_messages_and_skips_vocabulary() -> None:
    source = '''
LABEL = "모듈 수준 데이터"
def f(lang):
    """문서 문자열."""
    if re.search(r"경고|주의", lang):
        return "경고"
    return "답변할 수 없습니다" if lang == "ko" else "Could not answer"
'''
    assert korean_literals_in_function_bodies(source) == [(6, "경고"), (7, "답변할 수 없습니다")]


def test_no_korean_message_outside_the_catalogue() -> None:
    offenders = []
    for path in _product_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(tuple(ALLOWED_PREFIXES)):
            continue
        offenders += [(rel, line, text[:40]) for line, text in
                      korean_literals_in_function_bodies(path.read_text(encoding="utf-8"))]
    assert offenders == [], "move these to copilot/core/locale/*.toml and use message()"
