"""Second planning strategy: a capable model writes the plan as JSON, constrained by a grammar.

Runs only when the deterministic planner found no plan, the question still looks like a table
question, and the configured generator is capable (``Generator.capable``). The output is held
to the plan's JSON schema by the backend (llama.cpp grammar / ``response_format``), then
validated against the table schema (``Plan.from_dict``) before anything runs; a plan that does
not validate is dropped and the question goes to the documents.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from copilot.core.errors import CopilotError
from copilot.core.schema import TABLES
from copilot.prompts import render
from copilot.tables.plan import Plan, json_schema

if TYPE_CHECKING:
    from copilot.generation.base import Generator
    from copilot.tables.linking import ValueIndex

log = logging.getLogger(__name__)


def describe_tables(indexes: dict[str, ValueIndex] | None = None) -> str:
    """The tables for the prompt: columns with their role and a few real values."""
    lines = []
    for spec in TABLES:
        values = indexes[spec.name].values if indexes and spec.name in indexes else {}
        cols = []
        for c in spec.columns:
            ex = ", ".join(values.get(c.name, [])[:4])
            cols.append(f"{c.name} ({c.role}{'; e.g. ' + ex if ex else ''})")
        lines.append(f"table {spec.name} ({spec.plural}): " + "; ".join(cols))
    return "\n".join(lines)


def plan_with_model(generator: Generator, question: str, today: date,
                    indexes: dict[str, ValueIndex] | None = None) -> Plan | None:
    """One constrained generation -> a validated Plan, or None (logged) when it does not fit."""
    from copilot.generation.base import ChatMessage, GenerationParams

    prompt = render("table_plan", tables=describe_tables(indexes), today=today.isoformat(),
                    question=question)
    params = GenerationParams(max_tokens=400, temperature=0.0, json_schema=json_schema())
    try:
        raw = generator.complete([ChatMessage("user", prompt)], params)
        plan = Plan.from_dict(json.loads(raw), strategy="llm")
    except (json.JSONDecodeError, CopilotError) as exc:
        log.info("model plan rejected for %r: %s", question, exc)
        return None
    return plan


def llm_planner(get_generator: Callable[[], Generator], require_capable: bool = True
                ) -> Callable[[str, date, dict[str, ValueIndex]], Plan | None]:
    """The fallback TableQA calls; a no-op with the bundled tiny model (see module doc)."""

    def plan(question: str, today: date, indexes: dict[str, ValueIndex]) -> Plan | None:
        generator = get_generator()
        if require_capable and not generator.capable:
            return None
        return plan_with_model(generator, question, today, indexes)

    return plan
