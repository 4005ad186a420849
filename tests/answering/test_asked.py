"""The asked value must stand next to the subject the question names (answer-type check)."""

from __future__ import annotations

import pytest

from copilot.answering.asked import asked, value_next_to_subject
from copilot.core.types import Hit
from tests.fakes import chunk

pytestmark = pytest.mark.unit

LONG_TOOLS = ("Tools: marking fixture FX-60-01, laser LM-60, hand scanner. " * 4
              + "Step 3. Place the housing in FX-60-01. Step 5. Tighten the label screws to 2 Nm "
              "with the screwdriver SD-02.")


def hits(*texts: str) -> list[Hit]:
    return [Hit(chunk(t, n=i), 1.0 / i, i) for i, t in enumerate(texts, start=1)]


def test_question_kind_and_subject() -> None:
    want = asked("What torque do the FX-60-01 marking fixture screws get at OP60?")
    assert want.units == {"nm"} and want.subjects == {"FX-60-01"}  # OP60 says where, not what
    assert not asked("Who signed off WO-24-00017?").checkable  # no value kind asked


def test_value_in_another_sentence_than_the_subject_does_not_answer() -> None:
    want = asked("What torque do the FX-60-01 marking fixture screws get?")
    assert not value_next_to_subject(want, hits(LONG_TOOLS))
    # the positive control: the same passage with the torque stated for FX-60-01
    assert value_next_to_subject(want, hits(LONG_TOOLS + " Clamp FX-60-01 screws at 4 Nm."))


def test_short_step_is_one_statement_and_codes_match_their_specific_form() -> None:
    want = asked("What torque for the OP30 M8 housing bolts?")
    assert value_next_to_subject(want, hits("Step 4.2 Tighten the M8x25 bolts. Final: 25 Nm."))
    assert not value_next_to_subject(want, hits("Step 4.2 Tighten the M10 bolts to 40 Nm."))


def test_record_kinds_come_from_the_schemas() -> None:
    from copilot.answering.topic import record_kinds_asked

    assert record_kinds_asked("What do I check when the press overheats?") == frozenset()
    assert record_kinds_asked("What is the severity of seal leak at OP40?") == {"pfmea"}
    assert record_kinds_asked("how much did the track change cost?") == {"maintenance_log"}
    assert record_kinds_asked("과거에 누설 고장수리 이력이 있나요?") == {"maintenance_log"}


def test_machine_codes_say_where_and_unit_hints_are_words() -> None:
    from copilot.answering.quoting import expected_units

    # PRS-02 is the machine: its LOTO steps state the wait beside the drive, not beside "PRS-02"
    assert asked("Before opening the PRS-02 cabinet, how long do I wait?").subjects == set()
    assert expected_units("LSR-60 레이저 마킹 속도랑 출력 설정값?") == frozenset()  # 속도 is speed
    assert expected_units("몇 도까지 올라가요?") == {"°c"}
    assert expected_units("environment check at OP40") == frozenset()  # no "nm" inside words
