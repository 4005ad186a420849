""""No current controls" may be what the sheet writes, not a blank cell: read the sheet's words.

The emptiness stage reads "no current controls" as the column left blank. Many sheets instead
say so in the cell ("No current controls", "None"): when cells of that column carry exactly the
question's words, those are the rows meant, and the blank cells (not filled in, which is not the
same as "none") are counted apart in a note, so the reader sees both figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from copilot.core.schema import table_named
from copilot.tables.engine import TableResult
from copilot.tables.plan import Condition, Plan


def spelled_out(result: TableResult, run: Callable[[Plan], TableResult]) -> TableResult:
    """``result`` again with each "empty" test whose phrase some cells of its column spell out
    read as those cells (a note gives the blank cells' count); unchanged otherwise."""
    plan = result.plan
    for i, c in enumerate(plan.conditions):
        words = " ".join(c.phrase.split())
        if c.op != "empty" or len(words.split()) < 2:
            continue
        said = Condition(c.column, "in", (words, f"{words}."), phrase=c.phrase)
        trial = replace(plan, conditions=(*plan.conditions[:i], said, *plan.conditions[i + 1:]))
        got = run(trial)
        if got.total == 0:
            continue
        name = table_named(plan.table).column(c.column).label
        note = (f"{got.total} rows say '{words}' in {name}; {result.total} more leave it blank "
                "(not counted)")
        return replace(got, plan=trial.with_note(note))
    return result
