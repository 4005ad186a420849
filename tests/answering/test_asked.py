"""The asked value must stand next to the subject the question names (answer-type check)."""

from __future__ import annotations

import pytest

from copilot.answering.asked import (
    asked,
    asked_attribute,
    attribute_next_to_subject,
    value_next_to_subject,
)
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


def test_units_named_in_the_question_are_the_kind_asked() -> None:
    from copilot.answering.asked import named_units

    assert named_units("rated motor power (kW) of the NR-30 spindles?") == {"kw"}
    assert named_units("EOL-50 NVH 한계 곡선 dB 값 얼마야?") == {"db"}
    assert named_units("how many drums at OP30?") == frozenset()  # "m" is a word, not a unit
    assert asked("max payload of ROB-60 in kg?").named == {"kg"}
    assert asked("OP10 force only 16 kN on good parts - usual culprit?").named == frozenset()


def test_a_value_of_the_kind_must_be_stated_about_the_topic() -> None:
    from copilot.answering.asked import value_about_topic
    from copilot.core.glossary import concepts

    payload = concepts(["payload"])
    mass = hits("Step 8: ROB-60 lifts the unit (mass ~78 kg) onto the pallet.",
                "PM ROB-60: axis backlash and payload data checked.")
    assert not value_about_topic(frozenset({"kg"}), payload, mass)  # a kg value, not a payload
    rated = hits("ROB-60 rated payload 120 kg at the flange.")
    assert value_about_topic(frozenset({"kg"}), payload, rated)  # positive control
    # a Korean question over an English passage is judged by the value alone
    assert value_about_topic(frozenset({"kg"}), concepts(["가반하중"]), mass)


def test_only_a_named_quantity_makes_the_value_check() -> None:
    assert asked("what torque for the ram block pin?").named == {"nm"}
    # "oil", "hot air", "last time" rank passages by unit but name things and events
    for q in ("When was the last oil analysis on Chiller 13?", "aircon blowing hot air again?",
              "LKT-40 NOK the first time: retest?"):
        assert asked(q).named == frozenset(), q


def test_topic_words_no_passage_uses_leave_the_value_alone_to_decide() -> None:
    from copilot.answering.asked import value_about_topic
    from copilot.core.glossary import concepts

    force = hits("[WI-1 Rev A] Press-fit\nCheck the press-fit force: 12 kN to 15 kN at OP20.")
    # "failure modes" is the table's part of a two-part question: no passage speaks of it
    assert value_about_topic(frozenset({"kn"}), concepts(["failur", "mode"]), force)
    assert not value_about_topic(frozenset({"kg"}), concepts(["failur", "mode"]), force)


def test_a_document_id_is_the_subject_of_everything_the_document_states() -> None:
    want = asked("What is the final bolt torque in WI-7 Rev A?")
    stated = [Hit(chunk("4.4 Tighten all 12 bolts to 25 Nm in a cross pattern.", n=7), 1.0, 1)]
    other = [Hit(chunk("4.4 Tighten all 12 bolts to 25 Nm in a cross pattern.", n=3), 1.0, 1)]
    assert value_next_to_subject(want, stated) and not value_next_to_subject(want, other)


def test_a_when_question_asks_a_date_not_the_value_a_word_hints_at() -> None:
    # "leak" hints at cc/min; "when ... leaked" asks a date, so no cc/min value is required
    assert not asked("Has the TA-40-02 adapter leaked before? When was the latest one?").checkable
    assert asked("What leak rate does the TA-40-02 adapter allow?").checkable
    assert asked("When is the TA-40-02 bolt torque checked, and to what torque?").checkable


def _head(question: str) -> str | None:
    head = asked_attribute(question, everyday={"time", "set", "use"})
    return head.concept.token if head else None


def test_the_asked_attribute_is_the_head_of_the_question_noun_phrase() -> None:
    assert _head("What is the hydraulic oil tank capacity of PRS-01?") == "capac"
    assert _head("Who is the supplier of the OP10 output bearing?") == "supplier"
    assert _head("calibration interval for the DI-10-01 dial indicator?") == "interval"
    # a frame word or a participle after the noun: the noun before it is asked
    assert _head("What refrigerant type does CHL-01 use?") == "refriger"
    assert _head("What is the maximum drag torque allowed at EOL-50?") == "torque"
    # nothing checkable: a frame word alone, an everyday head, Korean, no noun phrase
    assert _head("What are the size and type of bearing EDU-200-BRG-01?") is None
    assert _head("What's the cycle time at OP10?") is None
    assert _head("PRS-02 정비 주기는?") is None
    assert _head("Has PRS-02 overheated before?") is None


def test_the_attribute_must_be_used_by_a_passage_about_the_subject() -> None:
    head = asked_attribute("What is the tank capacity of PRS-01?")
    assert head is not None
    about_other = hits("PRS-01 cylinder seal leaked; topped up 2 L of HLP 46.",
                       "Tank capacity of PRS-02: 40 L.")
    assert not attribute_next_to_subject(head, "What is the tank capacity of PRS-01?", about_other)
    stated = hits("PRS-01 hydraulic unit: tank capacity 60 L.")
    assert attribute_next_to_subject(head, "What is the tank capacity of PRS-01?", stated)
    # the document's id names its subject for every passage; no code asked: nothing to check
    assert attribute_next_to_subject(head, "What is the tank capacity in WI-1?",
                                     hits("Hydraulic tank capacity: 60 L."))
    assert attribute_next_to_subject(head, "What is the tank capacity of the press?", about_other)


def test_a_value_of_the_attribute_kind_states_it_without_the_word() -> None:
    question = "What torque do the PRS-01 guard screws get?"
    head = asked_attribute(question)
    assert head is not None and "nm" in head.units
    assert attribute_next_to_subject(head, question, hits("PRS-01 guard: screws M5, 6 Nm."))
    assert not attribute_next_to_subject(head, question, hits("PRS-01 guard: screws M5."))
