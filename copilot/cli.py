"""Command-line edge: parses arguments, calls the Copilot service, prints, maps errors to exits.

Exit codes: 0 ok; 1 error (one line on stderr), or a ``doctor`` check failed; 2 ``ingest`` could
ingest nothing (every file failed, or nothing was found); 3 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from copilot.accounts.cli import add_access_parsers
from copilot.answering.request import Ask, where_of
from copilot.authn import is_loopback
from copilot.cli_progress import RowsPrinter, progress_bar
from copilot.core.errors import CopilotError, GenerationError, QueryError
from copilot.core.messages import message
from copilot.core.types import KINDS, Answer, Scalar
from copilot.eval_cli import add_eval_parser
from copilot.learning.cli import add_learn_parser
from copilot.pfmea.cli import add_pfmea_parser
from copilot.serialize import answer_to_json, hit_to_json

if TYPE_CHECKING:
    from copilot.generation.probe import GeneratorProbe
    from copilot.retrieval import SearchResult
    from copilot.service import Copilot
    from copilot.store.index.base import Where

EXIT_OK, EXIT_ERROR, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2, 3


def _parse_where(items: Sequence[str], kind: str | None) -> dict[str, Scalar] | None:
    where: dict[str, Scalar] = {}
    for item in items:
        if "=" not in item:
            raise QueryError(message("cli.where_syntax", item=item))
        key, raw = (s.strip() for s in item.split("=", 1))
        value: Scalar = raw
        if raw.lstrip("-").isdigit():
            value = int(raw)
        elif raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        where[key] = value
    return where_of(where, kind=kind)


def _print_hits(result: SearchResult, out: TextIO) -> None:
    if not result.hits:
        print(message("cli.no_results", query=result.query), file=out)
        return
    for h in result.hits:
        c = h.chunk
        flag = " " + message("cli.superseded_flag") if c.status == "superseded" else ""
        score = message("cli.hit_score", kind=c.kind, score=f"{h.score:.4f}")
        print(f"{h.rank:>2}. {c.locator}{flag}  {score}", file=out)
        body = c.text.replace("\n", " ")
        print(f"    {body[:240]}{'...' if len(body) > 240 else ''}", file=out)
    print(f"({result.timings_ms.get('total', 0):.0f} ms)", file=out)


def cmd_ingest(app: Copilot, args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CopilotError(message("cli.path_not_found", paths=", ".join(missing)))
    update, bar = progress_bar(sys.stderr.isatty() and not args.json)
    rows = None if args.json else RowsPrinter(sys.stderr)
    try:
        report = app.ingest(paths, prune=args.prune, progress=update, rows=rows)
    finally:
        if bar is not None:
            bar.close()
    summary = report.summary()
    if args.json:
        mapped = {d["source"]: d["columns"] for d in app.documents() if d.get("columns")}
        print(json.dumps({
            "summary": summary,
            "files": [f.__dict__ | {"warnings": list(f.warnings)}
                      | ({"columns": mapped[f.source]} if f.source in mapped else {})
                      for f in report.files],
            "errors": [{"source": f.source, "error": f.error} for f in report.errors],
            "skipped": [{"source": f.source, "reason": f.reason} for f in report.skipped],
            "duplicates": [{"source": f.source, "reason": f.reason} for f in report.duplicates],
            "superseded": report.superseded,
        }, ensure_ascii=False, indent=2))
    else:
        for f in report.errors:
            print(message("cli.error", error=f.error), file=sys.stderr)
        for f in report.skipped:
            print(message("cli.skipped", source=f.source, reason=f.reason), file=sys.stderr)
        for f in report.duplicates:
            print(message("cli.duplicate", source=f.source, reason=f.reason), file=sys.stderr)
        for s in report.superseded:
            print(message("cli.superseded", source=s), file=sys.stderr)
        print(", ".join(f"{k} {v}" for k, v in summary.items()))
    ingested = summary["added"] + summary["updated"] + summary["unchanged"]  # type: ignore[operator]
    return EXIT_OK if ingested or (summary["removed"] and not summary["failed"]) else EXIT_NOTHING


def cmd_search(app: Copilot, args: argparse.Namespace) -> int:
    where = _parse_where(args.where, args.kind)
    app.warm_up()  # timings_ms then measure the query, not model loading
    if args.queries_file:
        lines = Path(args.queries_file).read_text(encoding="utf-8").splitlines()
        for line in (ln.strip() for ln in lines):
            if line:
                _emit_search(app, line, args, where)
        return EXIT_OK
    if not args.query:
        raise QueryError(message("cli.need_query"))
    _emit_search(app, " ".join(args.query), args, where)
    return EXIT_OK


def _emit_search(app: Copilot, query: str, args: argparse.Namespace, where: Where | None) -> None:
    result = app.search(query, k=args.k, where=where,
                        include_superseded=args.include_superseded)
    if args.json:
        payload = {"query": result.query, "hits": [hit_to_json(h) for h in result.hits],
                   "timings_ms": dict(result.timings_ms)}
        print(json.dumps(payload, ensure_ascii=False, indent=None if args.queries_file else 2))
    else:
        _print_hits(result, sys.stdout)


def _print_answer_tail(ans: Answer, out: TextIO) -> None:
    if ans.route in ("table", "both"):
        print(message("cli.computed"), file=out)
    if ans.extractive:
        print(message("cli.extractive"), file=out)
    for line in ans.safety:
        print(f"\n  !! {line}", file=out)
    if ans.abstained and ans.closest:
        print("\n" + message("cli.closest_sources"), file=out)
        for h in ans.closest:
            print(f"  - {h.chunk.locator}", file=out)
    if ans.citations:
        print("\n" + message("cli.sources"), file=out)
    for c in ans.citations:
        # the locator names the revision as the documents do ("Rev B"): say it only once
        rev = (f" ({message('cli.revision', rev=c.revision)})"
               if c.revision and f"Rev {c.revision}" not in c.locator else "")
        quote = c.quote.replace("\n", " ")
        print(f"  [{c.n}] {c.locator}{rev} - {c.source}\n      \"{quote[:200]}"
              f"{'...' if len(quote) > 200 else ''}\"", file=out)


def _ask_one(app: Copilot, question: str, args: argparse.Namespace) -> None:
    request = Ask(question, (), _parse_where(args.where, args.kind), args.include_superseded,
                  args.mode, args.route)
    if args.json:
        print(json.dumps(answer_to_json(app.ask(request)), ensure_ascii=False,
                         indent=None if args.questions_file else 2), flush=True)
        return
    final = None
    for ev in app.ask_stream(request):
        if ev.answer is not None:
            final = ev.answer
        else:
            print(ev.text, end="", flush=True)
    print()
    if final is not None:
        _print_answer_tail(final, sys.stdout)


def cmd_ask(app: Copilot, args: argparse.Namespace) -> int:
    if args.questions_file:
        for line in Path(args.questions_file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                _ask_one(app, line.strip(), args)
        return EXIT_OK
    if not args.question:
        raise QueryError(message("cli.need_question"))
    _ask_one(app, " ".join(args.question), args)
    return EXIT_OK


def _startup_check(app: Copilot, args: argparse.Namespace) -> GeneratorProbe | None:
    """Load the model in a child first: a crashing llama.cpp stops here, not mid-request."""
    from copilot.generation.probe import probe_generator

    if args.skip_checks:
        return None
    if app.settings.generator != "llama-cpp":
        print(message("cli.generator_unchecked", generator=app.settings.generator),
              file=sys.stderr)
        return None
    print(message("cli.generator_checking"), file=sys.stderr)
    probe = probe_generator(app.settings, timeout=args.check_timeout)
    if not probe.ok:
        model = f" ({probe.model})" if probe.model else ""
        raise GenerationError(message("cli.generator_failed", model=model, line=probe.line()))
    print(message("cli.generator_ok", model=probe.model, detail=probe.detail), file=sys.stderr)
    return probe


def cmd_serve(app: Copilot, args: argparse.Namespace) -> int:
    host = args.host or app.settings.host
    port = args.port or app.settings.port
    app.auth.check_serving(host)  # before loading anything: no open bind without logins
    probe = _startup_check(app, args)
    import uvicorn

    from copilot.api import create_app

    if not is_loopback(host):
        print(message("cli.serving_openly", host=host), file=sys.stderr)
    print(message("cli.serving", host=host, port=port), file=sys.stderr)
    app.warm_up()
    uvicorn.run(create_app(app, with_ui=not args.no_ui, generator_check=probe), host=host,
                port=port, log_level="warning")
    return EXIT_OK


def cmd_doctor(app: Copilot, args: argparse.Namespace) -> int:
    from copilot.doctor import render_text, report_json, run_doctor

    print(message("cli.doctor_checking", timeout=f"{args.timeout:g}"), file=sys.stderr)
    report = run_doctor(app, timeout=args.timeout)
    print(json.dumps(report_json(report), ensure_ascii=False, indent=2) if args.json
          else render_text(report))
    return EXIT_OK if report.ok else EXIT_ERROR


def cmd_status(app: Copilot, args: argparse.Namespace) -> int:
    st = app.status()
    if args.json:
        print(json.dumps(st, ensure_ascii=False, indent=2))
        return EXIT_OK
    index = st["index"]
    print(message("cli.status_home", home=st["home"]))
    print(message("cli.status_documents", n=st["documents"], by_kind=st["documents_by_kind"],
                  superseded=st["superseded_documents"]))
    print(message("cli.status_chunks", n=st["chunks"]))
    print(message("cli.status_index", bm25=index["bm25"], vector=index["vector"],
                  mb=f"{index['bytes'] / 1e6:.1f}"))
    print(message("cli.status_models", models=st["models"]))
    print(message("cli.status_ingest", run=_run_line(st["ingest"])))
    return EXIT_OK


def cmd_approve(app: Copilot, args: argparse.Namespace) -> int:
    """Document control: release a pending revision (it supersedes the current one)."""
    superseded = app.approve(args.source)
    if args.json:
        print(json.dumps({"approved": args.source, "superseded": [
            {"source": s, "doc_id": d, "revision": r} for s, d, r in superseded]},
            ensure_ascii=False, indent=2))
        return EXIT_OK
    print(message("cli.approved", source=args.source, n=len(superseded)))
    for source, doc_id, revision in superseded:
        print(message("cli.approved_superseded", source=source, doc_id=doc_id,
                      revision=revision))
    return EXIT_OK


def _run_line(run: dict[str, Any]) -> str:
    """The ingest state in words, including the last interrupted run and its repair."""
    if run["state"] == "running":
        line = message("cli.run_going", started=run["started_at"])
    elif run["state"] == "interrupted":
        line = message("cli.run_interrupted", started=run["started_at"])
    else:
        line = message("cli.run_idle", finished=run["finished_at"] or message("cli.run_never"))
    last = run.get("last_interrupted")
    if last:
        line += message("cli.run_repaired", started=last["started_at"],
                        repaired=last["repaired_at"], dropped=last["stale_ids_dropped"])
    return line


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="floor-copilot", description="Floor Copilot: plant "
                                "documents in, cited answers out. Data dir: $COPILOT_HOME.")
    sub = p.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="index files/folders (incremental)")
    ing.add_argument("paths", nargs="+")
    ing.add_argument("--prune", action="store_true", help="drop files that were deleted")
    ing.add_argument("--json", action="store_true")
    ing.set_defaults(func=cmd_ingest)
    se = sub.add_parser("search", help="hybrid search")
    se.add_argument("query", nargs="*")
    se.add_argument("-k", type=int, default=10)
    se.add_argument("--kind", choices=KINDS)
    se.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE")
    se.add_argument("--include-superseded", action="store_true")
    se.add_argument("--queries-file", metavar="FILE")
    se.add_argument("--json", action="store_true")
    se.set_defaults(func=cmd_search)
    ask = sub.add_parser("ask", help="grounded answer with citations")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--kind", choices=KINDS)
    ask.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE")
    ask.add_argument("--include-superseded", action="store_true")
    ask.add_argument("--mode", choices=["auto", "generate", "extract"], default="auto",
                     help="generate: LLM answer, verified, extractive fallback; extract: quote "
                          "the sources; auto: generate unless the model is too small (the bundled "
                          "SmolLM2), then extract")
    ask.add_argument("--route", choices=["auto", "table", "documents"], default="auto",
                     help="auto: table questions (count/filter/rank over PFMEA rows and work "
                          "orders) are computed exactly, the rest answered from documents")
    ask.add_argument("--questions-file", metavar="FILE")
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(func=cmd_ask)
    srv = sub.add_parser("serve", help="HTTP API (+ UI) on 127.0.0.1")
    srv.add_argument("--host")
    srv.add_argument("--port", type=int)
    srv.add_argument("--no-ui", action="store_true")
    srv.add_argument("--skip-checks", action="store_true",
                     help="start without first checking that the model loads and generates")
    srv.add_argument("--check-timeout", type=float, default=180.0, metavar="SECONDS",
                     help="how long the start-up generator check may take (default 180)")
    srv.set_defaults(func=cmd_serve)
    doc = sub.add_parser("doctor", help="check this machine: CPU, model, embedder, index, "
                                        "offline switches, disk (exit 0 when all pass)")
    doc.add_argument("--json", action="store_true")
    doc.add_argument("--timeout", type=float, default=180.0, metavar="SECONDS",
                     help="how long the model may take to load and write a few tokens "
                          "(default 180)")
    doc.set_defaults(func=cmd_doctor)
    add_eval_parser(sub)
    stt = sub.add_parser("status", help="what is indexed")
    stt.add_argument("--json", action="store_true")
    stt.set_defaults(func=cmd_status)
    apr = sub.add_parser("approve", help="release a document waiting for approval (pending): "
                                         "it supersedes the current revision")
    apr.add_argument("source", help="the pending document's source name (see `status`)")
    apr.add_argument("--json", action="store_true")
    apr.set_defaults(func=cmd_approve)
    add_pfmea_parser(sub)
    add_learn_parser(sub)
    add_access_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from copilot.core.offline import enforce_offline

    enforce_offline()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    from copilot.core.settings import load_settings
    from copilot.service import Copilot

    app = None
    try:
        app = Copilot(load_settings())
        code: int = args.func(app, args)
        return code
    except CopilotError as exc:
        print(message("cli.error", error=exc), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(message("cli.interrupted"), file=sys.stderr)
        return 130
    finally:
        if app is not None:
            app.close()
