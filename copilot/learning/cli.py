"""``copilot learn ...``: briefing, quiz (interactive or --json/--answers), progress/CSV."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from copilot.core.errors import QueryError
from copilot.core.messages import message
from copilot.learning.briefing import briefing_text, briefing_to_json
from copilot.learning.quiz import Question
from copilot.learning.service import Result


def add_learn_parser(sub: Any) -> None:
    """Register ``learn`` and its sub-commands on the main parser's subparsers."""
    learn = sub.add_parser("learn", help="onboarding: station briefing, quiz, training records")
    lsub = learn.add_subparsers(dest="learn_command", required=True)
    br = lsub.add_parser("briefing", help="cited briefing of one station (current revisions)")
    br.add_argument("station")
    br.add_argument("--lang", choices=["en", "ko"], default="en")
    br.add_argument("--json", action="store_true")
    br.set_defaults(func=cmd_briefing)
    qz = lsub.add_parser("quiz", help="quiz on one station; interactive in a terminal")
    qz.add_argument("station")
    qz.add_argument("--trainee", required=True, help="badge number or name, e.g. T-0142")
    qz.add_argument("--n", type=int, default=8, help="number of questions (default 8)")
    qz.add_argument("--lang", choices=["en", "ko"], default="en")
    qz.add_argument("--seed", type=int, help="question rotation (default: trainee's attempts)")
    qz.add_argument("--answers", metavar="FILE",
                    help="grade a JSON object {question id: answer} ('-' = stdin) and record it")
    qz.add_argument("--json", action="store_true", help="print the questions (or result) as JSON")
    qz.add_argument("--with-keys", action="store_true",
                    help="include answer keys and sources in --json output (supervisors)")
    qz.set_defaults(func=cmd_quiz)
    pr = lsub.add_parser("progress", help="training matrix: who passed which station")
    pr.add_argument("--trainee")
    pr.add_argument("--csv", metavar="FILE", help="write the training matrix as CSV")
    pr.add_argument("--json", action="store_true")
    pr.set_defaults(func=cmd_progress)


def cmd_briefing(app: Any, args: argparse.Namespace) -> int:
    b = app.learning.briefing(args.station, args.lang)
    if args.json:
        print(json.dumps(briefing_to_json(b), ensure_ascii=False, indent=2))
    else:
        print(briefing_text(b))
    return 0


def question_to_json(q: Question, with_key: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "kind": q.kind, "prompt": q.prompt,
                           "choices": list(q.choices), "answer_type": q.answer_type,
                           "doc_id": q.doc_id, "revision": q.revision}
    if with_key:
        out |= {"key": q.key, "chunk_id": q.citation.chunk_id, "source": q.citation.locator,
                "quote": q.citation.quote}
    return out


def result_to_json(r: Result) -> dict[str, Any]:
    return {"trainee": r.trainee, "station": r.station, "score": round(r.score, 3),
            "passed": r.passed, "attempt_id": r.attempt_id, "results": [
                {"id": g.question.id, "prompt": g.question.prompt, "given": g.given,
                 "correct": g.correct, "expected": g.expected, "source": g.question.citation.locator,
                 "doc_id": g.question.doc_id, "revision": g.question.revision,
                 "chunk_id": g.question.citation.chunk_id} for g in r.grades]}


def _read_answers(spec: str) -> dict[str, str]:
    try:
        raw = sys.stdin.read() if spec == "-" else Path(spec).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, json.JSONDecodeError) as exc:
        raise QueryError(message("cli.learn.answers_bad_json", spec=spec, error=exc)) from exc
    if isinstance(data, list):  # [{"id": ..., "answer": ...}]
        data = {str(x.get("id")): x.get("answer", "") for x in data if isinstance(x, dict)}
    if not isinstance(data, dict):
        raise QueryError(message("cli.learn.answers_not_object", spec=spec))
    return {str(k): str(v) for k, v in data.items()}


def cmd_quiz(app: Any, args: argparse.Namespace) -> int:
    learning = app.learning
    if args.answers:
        result = learning.grade(args.station, args.trainee, _read_answers(args.answers),
                                lang=args.lang)
        _print_result(result, args.json)
        return 0
    quiz = learning.quiz(args.station, args.trainee, args.n, args.lang, args.seed)
    if args.json:
        print(json.dumps({"station": quiz.station, "lang": quiz.lang, "trainee": args.trainee,
                          "revisions": dict(quiz.revisions),
                          "questions": [question_to_json(q, args.with_keys)
                                        for q in quiz.questions]}, ensure_ascii=False, indent=2))
        return 0
    if not sys.stdin.isatty():
        raise QueryError(message("cli.learn.not_terminal"))
    answers = {q.id: _ask(n, q) for n, q in enumerate(quiz.questions, start=1)}
    result = learning.grade(quiz.station, args.trainee, answers, quiz.questions, args.lang)
    _print_result(result, False)
    return 0


def _ask(n: int, q: Question) -> str:
    print(f"\n{n}. {q.prompt}")
    for letter, choice in zip("ABCDEFGH", q.choices, strict=False):
        print(f"   {letter}) {choice}")
    hint = message("cli.learn.hint_" + (
        "choice" if q.choices else "number" if q.answer_type == "number" else "text"))
    return input(f"   {message('cli.learn.your_answer', hint=hint)}: ")


def _print_result(r: Result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result_to_json(r), ensure_ascii=False, indent=2))
        return
    for n, g in enumerate(r.grades, start=1):
        mark = message("cli.learn.mark_correct" if g.correct else "cli.learn.mark_wrong")
        print(f"{mark:<3} {n}. {g.question.prompt}")
        if not g.correct:
            print("      " + message("cli.learn.given", given=g.given or "-"))
        print("      " + message("cli.learn.expected", expected=g.expected))
        print("      " + message("cli.learn.source", source=g.question.citation.locator))
    verdict = message("cli.learn.passed" if r.passed else "cli.learn.not_passed")
    print("\n" + message("cli.learn.result", trainee=r.trainee, station=r.station,
                         score=f"{r.score:.0%}", verdict=verdict, attempt=r.attempt_id))


def cmd_progress(app: Any, args: argparse.Namespace) -> int:
    learning = app.learning
    rows = learning.progress(args.trainee)
    if args.csv:
        n = learning.export_csv(Path(args.csv), args.trainee)
        print(message("cli.learn.csv_written", n=n, path=args.csv), file=sys.stderr)
    if args.json:
        print(json.dumps([{"trainee": r.trainee, "station": r.station, "status": r.status,
                           "best_score": r.best_score, "attempts": r.attempts,
                           "last_attempt": r.last_attempt, "revisions": dict(r.revisions),
                           "changed": list(r.changed)} for r in rows],
                         ensure_ascii=False, indent=2))
    elif not args.csv:
        if not rows:
            print(message("cli.learn.no_attempts"))
        for r in rows:
            extra = f"  ({'; '.join(r.changed)})" if r.changed else ""
            done = message("cli.learn.progress", best=f"{r.best_score:.0%}", attempts=r.attempts)
            print(f"{r.trainee:<12} {r.station:<6} {r.status:<10} {done}{extra}")
    return 0
