"""The HTTP edge's access layer: who is calling (API token, session cookie, trusted proxy
header), the login page, per-user rate limits and the security headers, for the API and the
Gradio UI on the same app. One ASGI middleware covers every route, Gradio's own included.

A session cookie carries a random id and its HMAC (key in ``$COPILOT_HOME/secret.key``); the
server keeps the session (hashed) in the accounts database, so logout and disabling a user end it
at once. Cookies are HttpOnly and SameSite=Strict (Secure with ``COPILOT_COOKIE_SECURE=1``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from html import escape
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote

from copilot.core.access import Principal
from copilot.core.errors import NotAuthenticatedError, RateLimitedError
from copilot.core.messages import as_lang, message

if TYPE_CHECKING:
    from copilot.service import Copilot

SESSION_COOKIE = "fc_session"
PUBLIC_PATHS = frozenset({"/login", "/logout", "/api/login"})
# Requests that make the server work (answers, searches, ingests, UI events), rate-limited per
# user; page assets and status polls are not.
WORK_PREFIXES = ("/api/", "/v1/", "/gradio_api/queue/join", "/gradio_api/call/",
                 "/gradio_api/run/", "/gradio_api/api/", "/gradio_api/upload", "/login")
NO_STORE_PREFIXES = ("/api/", "/v1/", "/gradio_api/", "/login", "/logout")
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def _secret(home: Path) -> bytes:
    """The cookie-signing key: made once, readable by the service's user only. Several worker
    processes starting together all end up with the one key that reached the file first (a
    hard link never replaces an existing file), so a cookie signed by one is valid in all."""
    path = home / "secret.key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(secrets.token_hex(32), encoding="ascii")
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text(encoding="ascii").strip().encode("ascii")


class TokenBucket:
    """Per-key token buckets: ``rate`` per minute, up to ``burst`` at once."""

    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate, self.burst = per_minute / 60.0, float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, now: float | None = None) -> float:
        """0 when allowed, else the seconds until one more request is."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate


class WebAuth:
    """Credentials in a request -> Principal, over ``Copilot.auth``."""

    def __init__(self, copilot: Copilot) -> None:
        self.copilot = copilot
        self.auth = copilot.auth
        self._key = _secret(copilot.settings.home)
        s = copilot.settings
        self.rate = TokenBucket(s.rate_per_minute, s.rate_burst)

    def sign(self, session_id: str) -> str:
        mac = hmac.new(self._key, session_id.encode("ascii"), hashlib.sha256).digest()
        return f"{session_id}.{base64.urlsafe_b64encode(mac).decode('ascii').rstrip('=')}"

    def unsign(self, value: str) -> str | None:
        session_id, _, mac = value.rpartition(".")
        return session_id if session_id and hmac.compare_digest(self.sign(session_id),
                                                                value) and mac else None

    def session_id(self, headers: Mapping[str, str]) -> str | None:
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:
            return None
        morsel = cookie.get(SESSION_COOKIE)
        return self.unsign(morsel.value) if morsel else None

    def principal(self, headers: Mapping[str, str], ip: str) -> Principal | None:
        """Bearer token, then session cookie, then a trusted proxy's user header; without any,
        the local operator when no login is required, else None. A bad token raises."""
        authz = headers.get("authorization", "")
        if authz[:7].lower() == "bearer ":
            return self.auth.token(authz[7:].strip(), ip)
        session_id = self.session_id(headers)
        if session_id:
            found = self.auth.session(session_id)
            if found is not None:
                return found
        header = self.copilot.settings.auth_proxy_header
        if header and headers.get(header.lower()) and self.auth.trusted_proxy(ip):
            return self.auth.proxy_user(headers[header.lower()].strip(), ip)
        return self.auth.anonymous()

    def principal_of(self, request: Any) -> Principal:
        """The caller of a UI event (a ``gr.Request``); refused when nobody is logged in."""
        if request is None:
            found = self.auth.anonymous()
        else:
            headers = {k.lower(): v for k, v in dict(request.headers).items()}
            client = getattr(request, "client", None)
            found = self.principal(headers, str(getattr(client, "host", "") or ""))
        if found is None:
            raise NotAuthenticatedError(message("access.not_authenticated"))
        return found

    def check_rate(self, key: str) -> None:
        wait = self.rate.take(key)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise RateLimitedError(message("access.rate_limited", user=key, seconds=seconds),
                                   seconds)

    def cookie_header(self, session_id: str | None) -> str:
        secure = "; Secure" if self.copilot.settings.cookie_secure else ""
        if session_id is None:
            return f"{SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict{secure}"
        age = int(self.copilot.settings.session_hours * 3600)
        return (f"{SESSION_COOKIE}={self.sign(session_id)}; Max-Age={age}; Path=/; HttpOnly; "
                f"SameSite=Strict{secure}")


class AccessMiddleware:
    """Every request: security headers; outside the login routes a principal (401 or a redirect
    to /login without one) and, for work, the caller's rate limit (429 with Retry-After)."""

    def __init__(self, app: Any, web: WebAuth) -> None:
        self.app = app
        self.web = web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        from starlette.concurrency import run_in_threadpool
        from starlette.datastructures import Headers

        path = scope.get("path", "")
        send = _with_headers(send, path)
        headers = Headers(scope=scope)
        ip = (scope.get("client") or ("", 0))[0] or ""
        try:
            if path in PUBLIC_PATHS:
                if scope.get("method") == "POST":  # slows password guessing, per address
                    self.web.check_rate(f"ip:{ip}")
                await self.app(scope, receive, send)
                return
            principal = await run_in_threadpool(self.web.principal, headers, ip)
            if principal is None:
                await _refuse(scope, send, headers)
                return
            if self.web.auth.required() and path.startswith(WORK_PREFIXES):
                self.web.check_rate(principal.user)
        except NotAuthenticatedError as exc:
            await self._refuse_credentials(exc, ip, send)
            return
        except RateLimitedError as exc:
            await _json(send, 429, exc, [(b"retry-after", str(exc.retry_after).encode())])
            return
        scope["state"] = {**scope.get("state", {}), "principal": principal}
        await self.app(scope, receive, send)


    async def _refuse_credentials(self, exc: NotAuthenticatedError, ip: str, send: Send) -> None:
        """401 for bad credentials; guessing them costs the address its rate too (then 429)."""
        try:
            self.web.check_rate(f"ip:{ip}")
        except RateLimitedError as limited:
            await _json(send, 429, limited,
                        [(b"retry-after", str(limited.retry_after).encode())])
            return
        await _json(send, 401, exc, [(b"www-authenticate", b"Bearer")])


def _with_headers(send: Send, path: str) -> Send:
    no_store = path.startswith(NO_STORE_PREFIXES)

    async def wrapped(event: MutableMapping[str, Any]) -> None:
        if event["type"] == "http.response.start":
            raw = list(event.get("headers", []))
            names = {k.lower() for k, _ in raw}
            raw += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
            if b"content-security-policy" not in names:
                raw.append((b"content-security-policy", b"frame-ancestors 'none'"))
            if no_store:
                raw = [(k, v) for k, v in raw if k.lower() != b"cache-control"]
                raw.append((b"cache-control", b"no-store"))
            event["headers"] = raw
        await send(event)

    return wrapped


async def _json(send: Send, status: int, exc: Exception,
                extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": type(exc).__name__, "detail": str(exc)},
                      ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


async def _refuse(scope: Scope, send: Send, headers: Any) -> None:
    """A page load goes to the login form; anything else (API, Gradio's API) gets a 401."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 4401})
        return
    wants_page = scope.get("method") == "GET" and "text/html" in headers.get("accept", "")
    if wants_page and not scope.get("path", "").startswith(("/api/", "/gradio_api/")):
        target = scope.get("path", "/") + (
            "?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
        location = "/login?next=" + quote(target, safe="")
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode("latin-1")),
                                (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})
        return
    await _json(send, 401, NotAuthenticatedError(message("access.not_authenticated")),
                [(b"www-authenticate", b"Bearer")])


def caller(request: Any) -> Principal:
    """The principal the access middleware put on a request (401 without one)."""
    principal = getattr(request.state, "principal", None)
    if not isinstance(principal, Principal):
        raise NotAuthenticatedError(message("access.not_authenticated"))
    return principal


def safe_next(target: str) -> str:
    """Only a path on this server (no other host, no scheme) after logging in."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def login_page(lang: str, next_path: str = "/", error: str = "") -> str:
    """A self-contained sign-in form (no script, nothing loaded from elsewhere)."""
    lg = as_lang(lang)

    def m(key: str) -> str:
        return escape(message(f"access.{key}", lg))

    alert = f'<p class="err" role="alert">{escape(error)}</p>' if error else ""
    return f"""<!doctype html><html lang="{lg}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{m('login_title')}</title>
<style>body{{font-family:system-ui,sans-serif;background:#f3f4f6;display:flex;justify-content:center;
padding-top:12vh}}form{{background:#fff;padding:2rem;border-radius:12px;width:22rem;
box-shadow:0 2px 12px #0002}}label{{display:block;margin:1rem 0 .3rem;font-weight:600}}
input{{width:100%;box-sizing:border-box;font-size:1.1rem;padding:.7rem;min-height:48px}}
button{{margin-top:1.5rem;width:100%;min-height:52px;font-size:1.1rem;background:#1d4ed8;
color:#fff;border:0;border-radius:8px}}.err{{color:#b91c1c}}</style></head><body>
<form method="post" action="/login" id="fc-login"><h1>{m('login_title')}</h1>{alert}
<input type="hidden" name="next" value="{escape(safe_next(next_path))}">
<input type="hidden" name="lang" value="{lg}">
<label for="fc-user">{m('user')}</label>
<input id="fc-user" name="user" autocomplete="username" required autofocus>
<label for="fc-password">{m('password')}</label>
<input id="fc-password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="fc-sign-in">{m('sign_in')}</button></form></body></html>"""


def form_fields(body: bytes) -> dict[str, str]:
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items() if v}
