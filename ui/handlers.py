"""Event callbacks: each one calls the Copilot service and hands the result to ``ui.render``.
(The Ask tab's live in ``ui.ask_handlers``, re-exported here.)

Outputs are tuples in the order ``ui.app`` wires them (named in each docstring).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from copilot.core.access import Action
from copilot.core.errors import CopilotError
from copilot.service import authorize
from ui import render
from ui.access import Caller, caller_of
from ui.ask_handlers import AskHandlers as AskHandlers  # re-exported (tests)
from ui.i18n import t
from ui.session import Session

if TYPE_CHECKING:
    from copilot.core.access import Principal
    from copilot.service import Copilot
    from copilot.store.ingest import IngestReport

Update = dict[str, Any]
_UNSAFE_NAME = re.compile(r"[^\w.\- ()\[\]가-힣]+")


def safe_upload_name(name: str) -> str:
    """A plain file name for an upload (no directories, no shell-unfriendly characters)."""
    base = _UNSAFE_NAME.sub("_", Path(name).name).strip(" .")
    return base or "upload"


class DocumentHandlers:
    """Callbacks of the Documents page (and the filters that depend on what is indexed)."""

    def __init__(self, copilot: Copilot, who: Caller | None = None) -> None:
        self.copilot = copilot
        self.who = who or caller_of(copilot, None)
        # per user: files whose last ingest failed (source -> error), listed with the documents
        # until a later ingest of the same file succeeds; the catalog keeps only indexed files
        self.failed: dict[str, dict[str, str]] = {}

    def _remember(self, principal: Principal, report: IngestReport | None) -> None:
        mine = self.failed.setdefault(principal.user, {})
        for f in report.files if report else ():
            if f.status == "failed":
                mine[f.source] = f.error or ""
            else:
                mine.pop(f.source, None)

    @property
    def uploads(self) -> Path:
        """Where uploaded files are kept (so a re-upload of the same name updates it)."""
        return self.copilot.settings.home / "uploads"

    def refresh(self, session: Session, request: gr.Request | None = None) -> tuple[Any, ...]:
        """Outputs: documents table, remove picker, station filter, asset filter, ask banner."""
        try:
            principal = self.who(request)
            docs = self.copilot.documents(principal)
            facets = self.copilot.facets(principal)  # only values of chunks they may read
        except CopilotError as exc:
            return (render.message_html(str(exc), "danger"), *(gr.skip() for _ in range(3)),
                    gr.update(value=render.message_html(str(exc), "danger"), visible=True))
        lang = session.lang
        anyone = [(t("any", lang), "")]
        return (render.documents_html(docs, lang, self.failed.get(principal.user, {})),
                gr.update(choices=render.document_choices(docs), value=None),
                gr.update(choices=anyone + [(s, s) for s in facets["stations"]]),
                gr.update(choices=anyone + [(a, a) for a in facets["assets"]]),
                gr.update(value=render.message_html(t("no_docs", lang), "info"),
                          visible=not docs))

    def ingest_uploads(self, files: Sequence[Any] | None, session: Session,
                       request: gr.Request | None = None,
                       progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        """Save uploads under home/uploads and ingest them. Outputs: report, file box, refresh."""
        try:
            principal = self.who(request)
            authorize(principal, Action.UPLOAD)  # before a byte is kept
        except CopilotError as exc:
            for item in files or []:
                _discard_temp(Path(item if isinstance(item, str) else getattr(item, "name", "")))
            return (render.message_html(str(exc), "danger"), None, *self.refresh(session, request))
        most = self.copilot.settings.max_upload_files
        if len(files or []) > most:
            msg = t("too_many_files", session.lang, n=str(len(files or [])), most=str(most))
            return (render.message_html(msg, "danger"), None, *self.refresh(session))
        staged = [self._save_upload(f) for f in files or []]
        try:
            report = self._ingest([dest for dest, _ in staged], progress, principal)
        except BaseException:
            _settle(staged, None)
            raise
        _settle(staged, report)
        self._remember(principal, report)
        return (self._report(report, session), None, *self.refresh(session, request))

    def ingest_folder(self, folder: str, session: Session, request: gr.Request | None = None,
                      progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        """Ingest a folder inside COPILOT_INGEST_ROOTS. Outputs: report, folder box, refresh."""
        folder = (folder or "").strip()
        if not folder:
            return (self._report(None, session), "", *self.refresh(session, request))
        try:
            principal = self.who(request)
            authorize(principal, Action.UPLOAD)
            if not Path(folder).expanduser().is_dir():
                msg = f"{t('folder_missing', session.lang)}: {folder}"
                return (render.message_html(msg, "danger"), folder,
                        *self.refresh(session, request))
            report = self.copilot.ingest_folder(folder, principal, progress=_ticker(progress))
            self._remember(principal, report)
        except CopilotError as exc:
            return (render.message_html(str(exc), "danger"), folder,
                    *self.refresh(session, request))
        return (self._report(report, session), "", *self.refresh(session, request))

    def _save_upload(self, item: Any) -> tuple[Path, Path | None]:
        """Copy an upload to home/uploads; a file already there under that name is set aside
        (not overwritten) until the new one is accepted. Returns (saved file, set-aside file)."""
        src = Path(item if isinstance(item, str) else getattr(item, "name", str(item)))
        self.uploads.mkdir(parents=True, exist_ok=True)
        dest = self.uploads / safe_upload_name(src.name)
        previous = None
        if dest.exists():
            previous = self.uploads / PREVIOUS / dest.name
            previous.parent.mkdir(exist_ok=True)
            os.replace(dest, previous)
        shutil.copyfile(src, dest)
        _discard_temp(src)
        return dest, previous

    def _ingest(self, paths: list[Path], progress: gr.Progress,
                principal: Principal) -> IngestReport | None:
        if not paths:
            return None
        try:
            return self.copilot.ingest(paths, progress=_ticker(progress), principal=principal)
        except CopilotError as exc:
            raise gr.Error(str(exc)) from exc

    @staticmethod
    def _report(report: IngestReport | None, session: Session) -> str:
        if report is None:
            return render.message_html(t("nothing_to_ingest", session.lang), "warn")
        return report_html(report, session.lang)

    def ask_remove(self, source: str | None, session: Session) -> tuple[Update, str]:
        """Show the confirmation for removing a document. Outputs: confirm row, its text."""
        if not source:
            return gr.update(visible=False), ""
        text = t("remove_ask", session.lang, source=source)
        return gr.update(visible=True), render.message_html(text, "warn")

    def remove(self, source: str | None, reason: str | None, session: Session,
               request: gr.Request | None = None) -> tuple[Any, ...]:
        """Remove the picked document (a safety procedure only with a reason). Outputs:
        confirm row, report, refresh outputs."""
        if not source:
            return (gr.update(visible=False), "", *self.refresh(session, request))
        try:
            principal = self.who(request)
            authorize(principal, Action.REMOVE)
            path = self.copilot.catalog.path_for_source(source)
            n = self.copilot.remove_document(source, principal, (reason or "").strip())
        except CopilotError as exc:
            keep_open = getattr(exc, "field", "") == "reason"  # type the reason, confirm again
            return (gr.update(visible=keep_open), render.message_html(str(exc), "danger"),
                    *self.refresh(session, request))
        if path and Path(path).parent == self.uploads.resolve():
            Path(path).unlink(missing_ok=True)  # an upload removed leaves no copy behind
        msg = render.message_html(t("removed_msg", session.lang, source=source, n=n), "ok")
        return (gr.update(visible=False), msg, *self.refresh(session, request))


def _ticker(progress: gr.Progress) -> Any:
    def tick(source: str, done: int, total: int) -> None:
        progress((done, total), desc=source, unit="files")

    return tick


PREVIOUS = ".previous"  # under home/uploads: an accepted upload while its replacement is tried


def _settle(staged: Sequence[tuple[Path, Path | None]], report: IngestReport | None) -> None:
    """Keep what the ingest accepted. A failed upload is deleted and the file it was to replace
    comes back (its document is still indexed, so a later prune must find it); a duplicate is
    deleted (its bytes are indexed under the other name). ``report`` None: the run failed."""
    outcome = {f.source: f.status for f in report.files} if report else {}
    for dest, previous in staged:
        status = outcome.get(dest.name, "failed")
        if status in ("failed", "duplicate"):
            dest.unlink(missing_ok=True)
            if previous is not None and status == "failed":
                os.replace(previous, dest)
        if previous is not None:
            previous.unlink(missing_ok=True)
    for dest, _ in staged[:1]:
        with contextlib.suppress(OSError):
            (dest.parent / PREVIOUS).rmdir()  # only when empty


def _discard_temp(src: Path) -> None:
    """Delete Gradio's own copy of an upload (its cache folder), now that ours is saved."""
    from gradio.utils import get_upload_folder

    cache = Path(get_upload_folder()).resolve()
    try:
        resolved = src.resolve()
    except OSError:
        return
    if resolved.is_relative_to(cache) and resolved != cache:
        resolved.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            resolved.parent.rmdir()  # Gradio puts each upload in its own folder


def report_html(report: IngestReport, lang: str) -> str:
    """An IngestReport as the Documents page shows it."""
    failures = [(f.source, f.error or "") for f in report.errors]
    skipped = [(f.source, f.reason or "") for f in (*report.skipped, *report.duplicates)]
    return render.ingest_html(report.summary(), failures, report.superseded, lang, skipped)
