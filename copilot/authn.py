"""Who is calling: password logins, API tokens, login sessions and a trusted proxy's user header,
each turned into a ``Principal`` (and each login or failed login written to the audit log).

The HTTP details (cookies, headers, client addresses) stay in the edge (``copilot/webauth.py``);
this is what every edge shares. Without accounts (and without a proxy header) nobody needs to
log in and every caller is the local operator, which ``serve`` allows only on loopback.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from copilot.accounts import Account, AccountStore
from copilot.audit import AuditLog
from copilot.core.access import LOCAL_OPERATOR, Principal, Role
from copilot.core.errors import ConfigError, NotAuthenticatedError
from copilot.core.messages import message
from copilot.core.settings import Settings

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Authentication:
    """Login use cases over the accounts port; audited."""

    def __init__(self, settings: Settings, accounts: Callable[[], AccountStore],
                 audit: AuditLog) -> None:
        self.settings = settings
        self._accounts = accounts
        self._audit = audit

    @property
    def accounts(self) -> AccountStore:
        return self._accounts()

    def configured(self) -> bool:
        """Someone can log in: an enabled account exists or a proxy header is trusted."""
        return bool(self.settings.auth_proxy_header) or self.accounts.any_enabled()

    def required(self) -> bool:
        return self.settings.auth == "required" or self.configured()

    def check_serving(self, host: str) -> None:
        """``serve`` refuses a bind nobody could log in to, or one open to all on the network."""
        if self.settings.auth == "required" and not self.configured():
            raise ConfigError(message("access.required_no_accounts"))
        if not is_loopback(host) and not self.configured():
            raise ConfigError(message("access.serve_needs_auth", host=host))

    def anonymous(self) -> Principal | None:
        """The principal of a caller with no credentials: the local operator when no login is
        required, else None."""
        return None if self.required() else LOCAL_OPERATOR

    def _failed(self, user: str, method: str, ip: str) -> NotAuthenticatedError:
        self._audit.append("login_failed", None, attempted_user=user[:100], method=method, ip=ip)
        key = "access.bad_token" if method == "token" else "access.login_failed"
        return NotAuthenticatedError(message(key))

    def login(self, user: str, password: str, ip: str = "") -> Principal:
        account = self.accounts.verify_password(user, password)
        if account is None:
            raise self._failed(user, "password", ip)
        self._audit.append("login", account.principal, method="password", ip=ip)
        return account.principal

    def start_session(self, principal: Principal) -> str:
        return self.accounts.new_session(principal.user, self.settings.session_hours)

    def session(self, session_id: str) -> Principal | None:
        account = self.accounts.account_for_session(session_id)
        return account.principal if account else None

    def logout(self, session_id: str, principal: Principal, ip: str = "") -> None:
        self.accounts.end_session(session_id)
        self._audit.append("logout", principal, ip=ip)

    def token(self, token: str, ip: str = "") -> Principal:
        account = self.accounts.account_for_token(token)
        if account is None:
            raise self._failed("(token)", "token", ip)
        return account.principal

    def proxy_user(self, user: str, ip: str = "") -> Principal:
        """The user a trusted proxy names; created as a technician when provisioning is on."""
        account: Account | None = self.accounts.get(user)
        if account is None and self.settings.auth_proxy_provision:
            account = self.accounts.add(user, Role.TECHNICIAN, None)
            self._audit.append("user_provisioned", account.principal, method="proxy", ip=ip)
        if account is None or account.disabled:
            raise self._failed(user, "proxy", ip)
        return account.principal

    def trusted_proxy(self, ip: str) -> bool:
        """The request comes from an address allowed to send the proxy user header."""
        if not self.settings.auth_proxy_header or not ip:
            return False
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            return False
        for item in self.settings.proxy_ips:
            try:
                if addr in ipaddress.ip_network(item, strict=False):
                    return True
            except ValueError:
                continue
        return False
