"""Who is using the UI, and what of the page they get to see.

Every event resolves its caller from the request (session cookie, token or trusted proxy header,
through ``copilot.webauth``) and passes the principal to the service, which refuses what the role
may not do: hiding a button is for the eye, the check on the server is what holds.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from copilot.core.access import Action, Principal
from copilot.core.errors import NotAuthenticatedError
from copilot.core.messages import message
from ui.i18n import t

if TYPE_CHECKING:
    from copilot.service import Copilot
    from copilot.webauth import WebAuth

Caller = Callable[[Any], Principal]


def caller_of(copilot: Copilot, web: WebAuth | None) -> Caller:
    """The UI's way to name the caller of an event (a ``gr.Request``, or None in tests):
    without the web layer only the local operator, and only when no login is required."""
    if web is not None:
        return web.principal_of

    def anonymous(_: Any) -> Principal:
        found = copilot.auth.anonymous()
        if found is None:
            raise NotAuthenticatedError(message("access.not_authenticated"))
        return found

    return anonymous


def user_html(principal: Principal | None, lang: str, login_required: bool) -> str:
    """'Signed in as ... (role) · Log out' in the header (nothing for the local operator)."""
    if principal is None or not login_required:
        return ""
    who = escape(t("signed_in", lang, user=principal.user, role=principal.role.value))
    return (f'<div id="fc-user"><span>{who}</span> '
            f'<a id="fc-logout" href="/logout">{escape(t("logout", lang))}</a></div>')


def shown(principal: Principal, action: Action) -> dict[str, Any]:
    return {"visible": principal.may(action)}
