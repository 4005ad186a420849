"""``floor-copilot pfmea draft|review``: argument parsing and printing over ``Copilot.pfmea``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from copilot.core.errors import CopilotError
from copilot.core.messages import message
from copilot.pfmea.report import draft_json, draft_markdown, review_json, review_markdown


def add_pfmea_parser(sub: Any) -> None:
    """Register the ``pfmea`` command and its ``draft`` / ``review`` subcommands."""
    p = sub.add_parser("pfmea", help="PFMEA assistant: draft rows, review a workbook")
    inner = p.add_subparsers(dest="pfmea_command", required=True)
    d = inner.add_parser("draft", help="propose PFMEA rows for a process step, with sources")
    d.add_argument("step", nargs="+", help="the process step, e.g. 'OP10 press-fit the bearing'")
    d.add_argument("--station")
    d.add_argument("--asset")
    d.add_argument("--product")
    d.add_argument("-n", "--rows", type=int, default=10, help="how many rows to propose")
    d.add_argument("--reword", action=argparse.BooleanOptionalAction, default=None,
                   help="let the configured model adapt wording (only if it is capable; "
                        "default: COPILOT_MODEL_PFMEA_REWORD)")
    d.add_argument("--out", metavar="draft.xlsx", help="also write the AIAG-VDA form")
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_draft)
    r = inner.add_parser("review", help="check a PFMEA workbook against the plant evidence")
    r.add_argument("workbook")
    r.add_argument("--out", metavar="review.md", help="write the report here (.md or .json)")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_review)


def cmd_draft(app: Any, args: argparse.Namespace) -> int:
    draft = app.pfmea.draft(" ".join(args.step), station=args.station, asset=args.asset,
                            product=args.product, limit=args.rows, reword=args.reword)
    if args.out:
        app.pfmea.export(draft, Path(args.out))
    if args.json:
        print(json.dumps(draft_json(draft), ensure_ascii=False, indent=2))
    else:
        print(draft_markdown(draft), end="")
        if args.out:
            print("\n" + message("cli.pfmea.written", path=args.out))
    return 0


def cmd_review(app: Any, args: argparse.Namespace) -> int:
    path = Path(args.workbook)
    if not path.is_file():
        raise CopilotError(message("cli.pfmea.no_workbook", path=path))
    review = app.pfmea.review(path, label=str(path))
    as_json = args.json or (args.out or "").endswith(".json")
    text = (json.dumps(review_json(review), ensure_ascii=False, indent=2) + "\n" if as_json
            else review_markdown(review))
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CopilotError(message("cli.pfmea.cannot_write", path=args.out, error=exc)) from exc
        print(message("cli.pfmea.findings_written", n=len(review.findings), path=args.out))
    else:
        print(text, end="")
    return 0
