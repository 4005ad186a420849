"""Second planning strategy: a model writes the plan as schema-constrained JSON, validated."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from copilot.generation.base import ChatMessage, GenerationParams
from copilot.tables.llm_plan import llm_planner, plan_with_model
from copilot.tables.plan import json_schema
from copilot.tables.qa import TableQA
from tests.fakes import ScriptedGenerator
from tests.tables.conftest import TODAY

QUESTION = "Show me the failure modes a trainee ought to memorise"  # no rule plan, but tabular


def qa_with(sample_qa: TableQA, gen: ScriptedGenerator) -> TableQA:
    return TableQA(sample_qa._catalog, today=lambda: TODAY, fallback=llm_planner(lambda: gen))


@pytest.mark.unit
def test_rules_find_no_plan_so_the_model_plans(sample_qa: TableQA) -> None:
    assert sample_qa.plan(QUESTION) is None
    gen = ScriptedGenerator(json.dumps({
        "table": "pfmea", "aggregate": "list", "order_by": "rpn", "descending": True,
        "filters": [{"column": "severity", "op": ">=", "values": [9]}]}))
    ta = qa_with(sample_qa, gen).answer(QUESTION)
    assert ta is not None and ta.answer.plan is not None
    assert ta.answer.plan["strategy"] == "llm"
    assert ta.result.rows and all(r.values["severity"] >= 9  # type: ignore[operator]
                                  for r in ta.result.rows)
    assert "table pfmea" in gen.prompts[0] and "severity (number" in gen.prompts[0]


@pytest.mark.unit
@pytest.mark.parametrize("reply", [
    '{"table": "pfmea", "aggregate": "avg", "measure": "cause", "filters": []}',  # text avg
    '{"table": "pfmea", "aggregate": "list", "filters": [{"column": "owner_email", '
    '"op": "=", "values": ["x"]}]}',  # no such column
    "the failure modes are bad",  # not JSON at all
])
def test_invalid_model_plans_are_dropped(sample_qa: TableQA, reply: str) -> None:
    assert qa_with(sample_qa, ScriptedGenerator(reply)).plan(QUESTION) is None


@pytest.mark.unit
def test_the_bundled_tiny_model_is_not_asked(sample_qa: TableQA) -> None:
    gen = ScriptedGenerator('{"table": "pfmea", "aggregate": "count", "filters": []}')
    gen.capable = False
    assert qa_with(sample_qa, gen).plan(QUESTION) is None and gen.prompts == []


@pytest.mark.unit
def test_a_capable_model_that_quotes_its_answers_still_plans(sample_qa: TableQA) -> None:
    # the packaged 1.5B: `auto` answers quote (grounded_generation False), plans are its to make
    gen = ScriptedGenerator('{"table": "pfmea", "aggregate": "count", "filters": []}')
    gen.grounded_generation = False
    assert qa_with(sample_qa, gen).plan(QUESTION) is not None and len(gen.prompts) == 1


@pytest.fixture(scope="module")
def llama() -> Iterator[object]:
    from copilot.generation.llama_cpp import LlamaCppGenerator

    gen = LlamaCppGenerator(n_ctx=2048)
    gen.warm_up()
    yield gen
    gen.close()


@pytest.mark.integration
def test_llama_cpp_output_is_held_to_the_plan_schema(llama: object, sample_qa: TableQA
                                                     ) -> None:
    from copilot.generation.llama_cpp import LlamaCppGenerator

    assert isinstance(llama, LlamaCppGenerator)
    params = GenerationParams(max_tokens=400, json_schema=json_schema())
    raw = llama.complete([ChatMessage("user", "How many failure modes at OP20 have severity "
                                              "9 or more? Answer with a JSON plan.")], params)
    data = json.loads(raw)  # the grammar makes even a 135M model emit valid JSON
    assert data["table"] in ("pfmea", "work_orders")
    assert data["aggregate"] in ("list", "count", "avg", "sum", "min", "max", "percentage")
    for f in data["filters"]:
        assert set(f) >= {"column", "op", "values"}
    # and the whole path returns a validated plan or nothing - never an unchecked one
    plan = plan_with_model(llama, QUESTION, TODAY, sample_qa.indexes())
    assert plan is None or plan.strategy == "llm"
