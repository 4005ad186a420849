"""`copilot eval`: the golden-set runner over the index. The evals are a checkout's tool (golden
sets, runner); the product wheel does not ship them, so they are imported only here, lazily."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copilot.core.errors import ConfigError, QueryError
from copilot.core.messages import message

if TYPE_CHECKING:
    from copilot.service import Copilot

EXIT_OK = 0


def add_eval_parser(sub: Any) -> None:
    ev = sub.add_parser("eval", help="run a golden set against the index")
    ev.add_argument("golden", help="a golden-set .jsonl, or 'quiz-keys' for the onboarding "
                                   "quiz-key accuracy over the index")
    ev.add_argument("-k", type=int, default=10)
    ev.add_argument("--answers", action="store_true", help="also generate and score answers")
    ev.add_argument("--out", metavar="results.jsonl")
    ev.add_argument("--report", metavar="report.md")
    ev.add_argument("--corpus", metavar="DIR", action="append",
                    help="ingest DIR into a temporary COPILOT_HOME (repeatable with "
                         "--tables-only: folders or single files)")
    ev.add_argument("--tables-only", action="store_true",
                    help="table questions only: read DIR's PFMEA/maintenance tables without "
                         "embedding them and score the planner + SQL engine")
    ev.add_argument("--no-baseline", action="store_true",
                    help="skip the naive peer baseline (1,000/200-character chunks + RRF + "
                         "top-3 quotes) that is otherwise scored on the same items")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=cmd_eval)


def cmd_eval(app: Copilot, args: argparse.Namespace) -> int:
    try:  # the evals are a checkout's tool: the product wheel does not ship them
        from evals.runner import report_markdown, run_eval
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] != "evals":
            raise
        raise ConfigError("copilot eval runs from a source checkout (evals/ holds the golden "
                          "sets and the runner; the installed package has neither)") from exc

    if args.golden == "quiz-keys":  # onboarding: quiz answer keys checked against sources
        from evals import quiz_keys

        result = quiz_keys.measure(app)
        print(json.dumps(result, ensure_ascii=False, indent=2) if args.json
              else quiz_keys.report(result))
        return EXIT_OK
    if args.tables_only:  # planner + SQL over the corpus's tables, no vectors (fast)
        from evals import tables_eval

        if not args.corpus:
            raise QueryError(message("cli.tables_need_corpus"))
        result = tables_eval.run(Path(args.golden), [Path(c) for c in args.corpus],
                                 out=Path(args.out) if args.out else None)
        print(json.dumps(result, ensure_ascii=False, indent=2) if args.json
              else tables_eval.markdown(result, Path(args.golden).name))
        return EXIT_OK

    if args.corpus and len(args.corpus) > 1:
        raise QueryError(message("cli.one_corpus"))
    summary = run_eval(app, Path(args.golden), k=args.k, answers=args.answers,
                       out=Path(args.out) if args.out else None,
                       report=Path(args.report) if args.report else None,
                       corpus=Path(args.corpus[0]) if args.corpus else None,
                       baseline=not args.no_baseline)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(report_markdown(summary, Path(args.golden).name, args.k))
    return EXIT_OK
