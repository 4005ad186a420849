"""Korean questions searched beside the model's English translation (codes always kept)."""

from __future__ import annotations

import pytest

from copilot.answering.translate import with_translation
from tests.fakes import ScriptedGenerator

pytestmark = pytest.mark.unit

KO = "OP50 오일 주입구 플러그 조임 토크는?"


def test_korean_question_gets_its_translation_and_missing_codes() -> None:
    gen = ScriptedGenerator("What is the tightening torque of the oil fill plug?\nextra line")
    out = with_translation(KO, lambda: gen)
    assert out == f"{KO} What is the tightening torque of the oil fill plug? OP50"
    assert KO in gen.prompts[0]


@pytest.mark.parametrize("reply", ["", "오일 플러그 토크", "x" * 400])
def test_unusable_reply_leaves_the_question(reply: str) -> None:
    assert with_translation(KO, lambda: ScriptedGenerator(reply)) == KO


def test_a_model_that_is_not_capable_is_not_asked() -> None:
    small = ScriptedGenerator("What is the tightening torque of the oil fill plug?")
    small.capable = False
    assert with_translation(KO, lambda: small) == KO and small.prompts == []


def test_english_question_never_calls_the_model() -> None:
    gen = ScriptedGenerator("unused")
    assert with_translation("oil plug torque at OP50?", lambda: gen) == "oil plug torque at OP50?"
    assert gen.prompts == []
