"""``copilot users add|disable|enable|list|passwd|token`` and ``copilot audit verify``.

Run at the machine's own shell (the local operator): whoever can run this can read
``COPILOT_HOME`` anyway. Passwords come from a prompt, or one line on stdin with
``--password-stdin``; never from the command line, where ``ps`` and the shell history see them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from copilot.accounts.store import parse_labels
from copilot.core.access import Role
from copilot.core.errors import ConfigError
from copilot.core.messages import message

ROLES = [r.value for r in Role]


def add_access_parsers(sub: Any) -> None:
    users = sub.add_parser("users", help="local accounts: add, disable, list, passwd, token")
    usub = users.add_subparsers(dest="users_command", required=True)
    add = usub.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default=Role.TECHNICIAN.value)
    add.add_argument("--labels", default="everyone",
                     help="access labels the user may read, comma-separated (* = all)")
    add.add_argument("--password-stdin", action="store_true")
    add.add_argument("--no-password", action="store_true",
                     help="no password: the user logs in through the trusted proxy or a token")
    add.set_defaults(func=cmd_add)
    for name, helptext in (("disable", "stop an account: logs it out, revokes its tokens"),
                           ("enable", "allow a disabled account again")):
        p = usub.add_parser(name, help=helptext)
        p.add_argument("name")
        p.set_defaults(func=cmd_disable, disabled=name == "disable")
    ls = usub.add_parser("list", help="every account with role, labels and state")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    pw = usub.add_parser("passwd", help="set a new password")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(func=cmd_passwd)
    tok = usub.add_parser("token", help="print a new API token for NAME (shown once)")
    tok.add_argument("name")
    tok.add_argument("--revoke", action="store_true", help="revoke every token of NAME instead")
    tok.set_defaults(func=cmd_token)
    audit = sub.add_parser("audit", help="the audit log: verify its hash chain")
    asub = audit.add_subparsers(dest="audit_command", required=True)
    ver = asub.add_parser("verify", help="exit 0 when no entry was edited, removed or moved")
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(func=cmd_verify)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ConfigError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise ConfigError("the two passwords differ")
    return first


def cmd_add(app: Any, args: argparse.Namespace) -> int:
    password = None if args.no_password else _password(args)
    account = app.accounts.add(args.name, Role(args.role), password, parse_labels(args.labels))
    app.audit.append("user_added", None, name=account.name, role=account.role.value,
                     labels=sorted(account.labels))
    print(f"added {account.name} ({account.role.value}; labels {','.join(sorted(account.labels))})")
    return 0


def cmd_disable(app: Any, args: argparse.Namespace) -> int:
    app.accounts.set_disabled(args.name, args.disabled)
    app.audit.append("user_disabled" if args.disabled else "user_enabled", None, name=args.name)
    print(f"{args.name}: {'disabled' if args.disabled else 'enabled'}")
    return 0


def cmd_list(app: Any, args: argparse.Namespace) -> int:
    rows = [{"user": a.name, "role": a.role.value, "labels": sorted(a.labels),
             "disabled": a.disabled} for a in app.accounts.list()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        state = "disabled" if r["disabled"] else "enabled"
        print(f"{r['user']:<20} {r['role']:<17} {state:<9} {','.join(r['labels'])}")
    return 0


def cmd_passwd(app: Any, args: argparse.Namespace) -> int:
    app.accounts.set_password(args.name, _password(args))
    app.audit.append("password_changed", None, name=args.name)
    print(f"{args.name}: password changed")
    return 0


def cmd_token(app: Any, args: argparse.Namespace) -> int:
    if args.revoke:
        n = app.accounts.revoke_tokens(args.name)
        app.audit.append("tokens_revoked", None, name=args.name, n=n)
        print(f"{args.name}: {n} token(s) revoked")
        return 0
    token = app.accounts.new_token(args.name)
    app.audit.append("token_issued", None, name=args.name)
    print(token)
    print("(shown once; send it as 'Authorization: Bearer <token>')", file=sys.stderr)
    return 0


def cmd_verify(app: Any, args: argparse.Namespace) -> int:
    v = app.verify_audit()
    if args.json:
        print(json.dumps({"ok": v.ok, "entries": v.entries, "files": v.files,
                          "problems": v.problems}, ensure_ascii=False, indent=2))
    elif v.ok:
        print(message("access.audit_ok", entries=v.entries, files=len(v.files)))
    else:
        print(message("access.audit_broken", problem=v.problems[0]), file=sys.stderr)
    return 0 if v.ok else 1
