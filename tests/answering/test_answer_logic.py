"""Verification, abstention and quoting in the answerer, over a fake retriever and a scripted
generator (no embedding model, no index)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from copilot.answering.answerer import Answerer, AnswerEvent, final_answer
from copilot.answering.request import Ask, Mode
from copilot.core.messages import message
from copilot.core.types import Answer, Chunk
from tests.fakes import FakeRetriever, ScriptedGenerator, chunk

pytestmark = pytest.mark.unit

TORQUE = chunk("[WI-1 Rev A] Housing\nTighten the M8x25 housing bolts to 25 Nm in a star pattern.\n"
               "WARNING: wear safety glasses.", 1, step="3")
LEAK = chunk("[WI-2 Rev A] Leak test\nFill to 2 bar and hold for 30 s; leak rate below 4 cc/min.",
             2, step="1")


def events(reply: str, question: str, chunks: list[Chunk] | None = None, mode: Mode = "auto",
           **retriever: object) -> tuple[list[AnswerEvent], ScriptedGenerator]:
    gen = ScriptedGenerator(reply)
    answerer = Answerer(FakeRetriever(chunks or [TORQUE, LEAK], **retriever),  # type: ignore[arg-type]
                        lambda: gen)
    return list(answerer.ask_stream(Ask(question, mode=mode), question)), gen


def answer(reply: str, question: str, **kw: object) -> Answer:
    return final_answer(events(reply, question, **kw)[0])  # type: ignore[arg-type]


def test_a_grounded_sentence_is_kept_with_its_marker_and_the_sources_safety_line() -> None:
    ans = answer("Tighten the housing bolts to 25 Nm in a star pattern [1].",
                 "What torque for the housing bolts?")
    assert ans.method == "generated" and not ans.abstained and not ans.extractive
    assert ans.text == "Tighten the housing bolts to 25 Nm in a star pattern [1]."
    assert [c.chunk_id for c in ans.citations] == ["c1"]
    assert ans.citations[0].quote.startswith("Tighten")  # the '[WI-1 Rev A] title' line dropped
    assert ans.safety == ("WARNING: wear safety glasses.",)
    assert ans.model == "scripted-fake"


def test_a_number_no_source_states_is_dropped() -> None:
    ans = answer("Tighten the housing bolts to 25 Nm in a star pattern, bolt by bolt [1]. "
                 "Then torque them to 90 Nm [1].", "What torque for the housing bolts?")
    assert "90 Nm" not in ans.text and "25 Nm" in ans.text
    assert ans.dropped == ("Then torque them to 90 Nm [1].",)


def test_a_number_is_credited_to_the_source_that_states_it() -> None:
    # sources: [1] the leak test (most words shared), [2] the torque step, cited wrongly
    ans = answer("Hold the leak test pressure of 2 bar for 30 s [2].",
                 "How long to hold the leak test at 2 bar?")
    assert ans.text == "Hold the leak test pressure of 2 bar for 30 s [1][2]."
    assert [(c.n, c.chunk_id) for c in ans.citations] == [(1, "c2"), (2, "c1")]


def test_an_answer_gutted_by_verification_becomes_quotes() -> None:
    ans = answer("The housing bolts take 40 Nm [1].", "What torque for the housing bolts?")
    assert ans.extractive and ans.method == "extractive"
    assert ans.text.startswith(message("answer.extractive_lead", "en"))
    assert '- WI-1 Rev A, step 3: "Tighten the M8x25 housing bolts to 25 Nm' in ans.text
    assert ans.dropped == ("The housing bolts take 40 Nm [1].",)


def test_quoting_needs_no_model_and_answers_in_the_question_language() -> None:
    evs, gen = events("unused", "하우징 housing bolts torque?", mode="extract")
    ans = final_answer(evs)
    assert gen.prompts == [] and ans.extractive
    assert ans.text.startswith(message("answer.extractive_lead", "ko"))
    assert "".join(e.text for e in evs if e.answer is None) == ans.text


def test_a_code_no_document_has_means_abstain_without_asking_the_model() -> None:
    evs, gen = events("unused", "What torque for the housing bolts at OP70?", unknown=["op70"])
    ans = final_answer(evs)
    assert ans.abstained and ans.method == "abstain" and ans.text == message("answer.not_found", "en")
    assert gen.prompts == [] and [h.chunk.id for h in ans.closest] == ["c1", "c2"]


def test_a_thing_the_documents_do_not_name_means_abstain_and_says_which() -> None:
    logs = [chunk(f"Work order WO{n} | Chiller {n} | oil analysis done", n, kind="maintenance_log")
            for n in (6, 9, 14)]
    ans = answer("unused", "When did Chiller 5 last get an oil analysis?", chunks=logs)
    assert ans.abstained and ans.method == "abstain"
    assert ans.text == f'{message("answer.not_found", "en")} No document names Chiller 5.'
    assert not answer("unused", "When did Chiller 9 last get an oil analysis?", chunks=logs,
                      mode="extract").abstained


def test_a_question_naming_a_revision_may_be_answered_from_a_superseded_one() -> None:
    old = replace(chunk("[WI-1 Rev B] Housing\nTighten the housing bolts to 23 Nm in one pass.",
                        3, step="3"), status="superseded", revision="B")
    named = answer("unused", "What torque for the housing bolts in Rev B?", chunks=[old, LEAK],
                   mode="extract")
    assert not named.abstained and "23 Nm" in named.text
    unnamed = answer("unused", "What torque for the housing bolts?", chunks=[old, LEAK],
                     mode="extract")
    assert "23 Nm" not in unnamed.text


def test_unknown_words_are_ignored_when_the_retriever_cannot_tell() -> None:
    ans = answer("Tighten the housing bolts to 25 Nm [1].",
                 "What torque for the housing bolts at the gizmotron?", unknown=None)
    assert not ans.abstained


def test_an_attribute_no_passage_about_the_named_code_uses_means_abstain() -> None:
    question = "What is the tank capacity of PRS-01?"
    other = chunk("PRS-01 cylinder seal replaced, oil topped up.", 4, kind="maintenance_log")
    assert answer("unused", question, chunks=[other], mode="extract").abstained
    stated = chunk("PRS-01 hydraulic unit: tank capacity 60 L.", 5)
    assert not answer("unused", question, chunks=[stated], mode="extract").abstained


def test_weak_support_means_abstain() -> None:
    ans = answer("unused", "Is the chiller refrigerant housing covered by warranty?", vector=0.1)
    assert ans.abstained and ans.method == "abstain"


def test_the_model_saying_not_found_is_an_abstention() -> None:
    ans = answer("NOT FOUND", "What torque for the housing bolts?")
    assert ans.abstained and ans.method == "model-abstain" and ans.text == message("answer.not_found", "en")
