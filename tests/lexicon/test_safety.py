"""Safety labels: block types for converters, warning lines for answers and chunking."""

from __future__ import annotations

import re

import pytest

from copilot.core.lexicon.safety import (
    LABELS,
    WARNING_LINE,
    WARNING_TYPES,
    is_label_only,
    is_warning,
    labels,
    safety_lines,
    safety_type,
    written_forms,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("text", "kind"), [
    ("WARNING: Hot surface", "WARNING"),
    ("WARNING Hot surface", "WARNING"),  # capitals need no colon
    ("Caution: pinch point", "CAUTION"),
    ("[DANGER] High voltage", "DANGER"),
    ("Note: torque in Nm", "NOTE"),
    ("NOTICE - check the date", "NOTE"),
    ("LOTO - isolate all energy", "LOCKOUT"),
    ("경고: 로봇 작동 중 출입 금지", "WARNING"),
    ("주의사항: 보호구 착용", "CAUTION"),
    ("위험!", "DANGER"),
    ("참고: 토크 단위는 Nm", "NOTE"),
    ("잠금: 전원 차단 후 작업", "LOCKOUT"),
    ("warning: a wrapped sentence", None),  # lower case: not a label
    ("Lockout procedure for the press", None),  # title case without a colon: a sentence
    ("경고등이 켜지면 정지한다", None),
    ("Remove the cover", None),
])
def test_safety_type(text: str, kind: str | None) -> None:
    assert safety_type(text) == kind


def test_a_note_is_a_block_but_not_a_warning() -> None:
    assert is_warning("  CAUTION: sharp edges") and is_warning("경고: 고온")
    assert not is_warning("NOTE: see drawing") and not is_warning("참고: 도면 참조")
    assert "NOTE" not in WARNING_TYPES and set(WARNING_TYPES) == {
        "WARNING", "CAUTION", "DANGER", "LOCKOUT"}


def test_label_only_lines() -> None:
    assert is_label_only("WARNING") and is_label_only("Note:") and is_label_only("경고 :")
    assert not is_label_only("WARNING: hot")


def test_safety_lines_are_verbatim_warning_lines() -> None:
    text = ("3. Fit the cover.\n**WARNING:** Hot surface - wear gloves.\n- 주의: 협착 위험\n"
            "NOTE: torque in Nm\nLOTO the press first")
    assert safety_lines(text) == ["WARNING:** Hot surface - wear gloves.", "주의: 협착 위험",
                                  "LOTO the press first"]
    assert WARNING_LINE.match("  DANGER high voltage") and not WARNING_LINE.match("Dangerous")


def test_every_label_has_a_known_type_and_both_languages() -> None:
    assert set(LABELS.values()) == {"WARNING", "CAUTION", "DANGER", "LOCKOUT", "NOTE"}
    for kind in set(LABELS.values()):
        words = labels(kind)
        assert any(w.isascii() for w in words) and any(not w.isascii() for w in words), kind


def test_written_forms_are_case_sensitive_capitals_and_title_case() -> None:
    pattern = re.compile(rf"^(?:{written_forms('WARNING', 'CAUTION')})\b")
    assert pattern.match("WARNING") and pattern.match("Caution") and pattern.match("경고")
    assert not pattern.match("warning") and not pattern.match("NOTE")
