"""HTTP routes beyond ask / search: login and logout, documents (upload, folder, re-ingest,
remove), onboarding, PFMEA, users and the audit check. Each calls one checked service use case
with the caller's principal; the service refuses what the role may not do (403)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import File, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from copilot.core.access import ROLE_ACTIONS, Action
from copilot.core.errors import NotAuthenticatedError, RequestLimitError
from copilot.core.messages import message
from copilot.learning.briefing import briefing_to_json
from copilot.learning.cli import question_to_json
from copilot.pfmea.report import draft_json, review_json
from copilot.service import authorize
from copilot.webauth import caller, form_fields, login_page, safe_next

if TYPE_CHECKING:
    from fastapi import FastAPI

    from copilot.service import Copilot
    from copilot.store.ingest import IngestReport
    from copilot.webauth import WebAuth

_UNSAFE_NAME = re.compile(r"[^\w.\- ()\[\]가-힣]+")


class LoginRequest(BaseModel):
    user: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class FolderRequest(BaseModel):
    folder: str = Field(min_length=1, max_length=4096)


class RemoveRequest(BaseModel):
    source: str = Field(min_length=1, max_length=1000)
    reason: str = Field(default="", max_length=1000)


class ApproveRequest(BaseModel):
    source: str = Field(min_length=1, max_length=1000)


class StationRequest(BaseModel):
    station: str = Field(min_length=1, max_length=100)
    lang: str = "en"
    trainee: str | None = Field(default=None, max_length=100)
    n: int = Field(default=8, ge=1, le=30)


class DraftRequest(BaseModel):
    step: str = Field(min_length=1, max_length=2000)
    station: str | None = Field(default=None, max_length=100)


def report_json(report: IngestReport) -> dict[str, Any]:
    return {"summary": report.summary(),
            "files": [{"source": f.source, "status": f.status, "error": f.error}
                      for f in report.files],
            "superseded": list(report.superseded)}


def _upload_name(name: str) -> str:
    base = _UNSAFE_NAME.sub("_", Path(name).name).strip(" .")
    return base or "upload"


def _ip(request: Request) -> str:
    return request.client.host if request.client else ""


def add_routes(app: FastAPI, copilot: Copilot, web: WebAuth) -> None:
    _login_routes(app, copilot, web)
    _document_routes(app, copilot)
    _feature_routes(app, copilot)


def _login_routes(app: FastAPI, copilot: Copilot, web: WebAuth) -> None:
    auth = copilot.auth

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/", lang: str = "") -> Response:
        if not auth.required():
            return RedirectResponse(safe_next(next), status_code=303)
        return HTMLResponse(login_page(lang or request.headers.get("accept-language", ""), next))

    @app.post("/login")
    async def login_submit(request: Request) -> Response:
        fields = form_fields(await request.body())
        lang, target = fields.get("lang", "en"), safe_next(fields.get("next", "/"))
        try:
            principal = await run_in_threadpool(auth.login, fields.get("user", ""),
                                                fields.get("password", ""), _ip(request))
        except NotAuthenticatedError:
            page = login_page(lang, target, message("access.login_failed", lang))
            return HTMLResponse(page, status_code=401)
        session = await run_in_threadpool(auth.start_session, principal)
        return RedirectResponse(target, status_code=303,
                                headers={"set-cookie": web.cookie_header(session)})

    @app.post("/api/login")
    def api_login(req: LoginRequest, request: Request) -> Response:
        principal = auth.login(req.user, req.password, _ip(request))
        body = {"user": principal.user, "role": principal.role.value}
        from fastapi.responses import JSONResponse

        return JSONResponse(body, headers={
            "set-cookie": web.cookie_header(auth.start_session(principal))})

    @app.api_route("/logout", methods=["GET", "POST"])
    def logout(request: Request) -> Response:
        session = web.session_id({"cookie": request.headers.get("cookie", "")})
        if session:
            principal = auth.session(session)
            if principal is not None:
                auth.logout(session, principal, _ip(request))
        return RedirectResponse("/login", status_code=303,
                                headers={"set-cookie": web.cookie_header(None)})

    @app.get("/api/me")
    def me(request: Request) -> dict[str, Any]:
        p = caller(request)
        labels = None if p.scope.labels is None else sorted(p.scope.labels)
        return {"user": p.user, "role": p.role.value, "labels": labels,
                "actions": sorted(a.value for a in ROLE_ACTIONS[p.role]),
                "login_required": auth.required()}

    @app.get("/api/history")
    def history(request: Request) -> list[dict[str, str]]:
        return copilot.history(caller(request))  # the caller's own conversation only

    @app.get("/api/users")
    def users(request: Request) -> list[dict[str, Any]]:
        authorize(caller(request), Action.MANAGE_USERS)
        return [{"user": a.name, "role": a.role.value, "labels": sorted(a.labels),
                 "disabled": a.disabled} for a in copilot.accounts.list()]

    @app.get("/api/audit/verify")
    def audit_verify(request: Request) -> dict[str, Any]:
        v = copilot.verify_audit(caller(request))
        return {"ok": v.ok, "entries": v.entries, "files": v.files, "problems": v.problems}


def _document_routes(app: FastAPI, copilot: Copilot) -> None:
    @app.get("/api/documents")
    def documents(request: Request) -> list[dict[str, Any]]:
        return copilot.documents(caller(request))

    @app.post("/api/documents")
    def upload(request: Request, files: list[UploadFile] = File(...)) -> dict[str, Any]:  # noqa: B008
        principal = caller(request)
        authorize(principal, Action.UPLOAD)  # before a byte is written
        most = copilot.settings.max_upload_files
        if len(files) > most:
            raise RequestLimitError("files", f"{len(files)} files, over the limit of {most} "
                                    "(COPILOT_MAX_UPLOAD_FILES)")
        folder = copilot.settings.home / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for item in files:
            dest = folder / _upload_name(item.filename or "upload")
            dest.write_bytes(item.file.read())
            paths.append(dest)
        return report_json(copilot.ingest(paths, principal=principal))

    @app.post("/api/ingest")
    def ingest_folder(req: FolderRequest, request: Request) -> dict[str, Any]:
        return report_json(copilot.ingest_folder(req.folder, caller(request)))

    @app.post("/api/reingest")
    def reingest(request: Request) -> dict[str, Any]:
        return report_json(copilot.reingest(caller(request)))

    @app.post("/api/remove")
    def remove(req: RemoveRequest, request: Request) -> dict[str, Any]:
        n = copilot.remove_document(req.source, caller(request), req.reason)
        return {"removed": req.source, "chunks": n}

    @app.post("/api/documents/approve")
    def approve(req: ApproveRequest, request: Request) -> dict[str, Any]:
        # document control: a pending revision becomes current (Action.RELEASE, audited)
        superseded = copilot.approve(req.source, caller(request))
        return {"approved": req.source, "superseded": [
            {"source": s, "doc_id": d, "revision": r} for s, d, r in superseded]}


def _feature_routes(app: FastAPI, copilot: Copilot) -> None:
    @app.get("/api/learn/stations")
    def stations(request: Request) -> list[str]:
        return copilot.learn_stations(caller(request))

    @app.post("/api/learn/briefing")
    def briefing(req: StationRequest, request: Request) -> dict[str, Any]:
        return briefing_to_json(copilot.briefing(req.station, req.lang, caller(request)))

    @app.post("/api/learn/quiz")
    def quiz(req: StationRequest, request: Request) -> dict[str, Any]:
        q = copilot.quiz(req.station, req.trainee, req.n, req.lang, caller(request))
        return {"station": q.station, "lang": q.lang,
                "questions": [question_to_json(x, with_key=False) for x in q.questions]}

    @app.get("/api/learn/progress")
    def progress(request: Request, trainee: str | None = None) -> list[dict[str, Any]]:
        rows = copilot.training_progress(trainee, caller(request))
        return [{"trainee": r.trainee, "station": r.station, "status": r.status,
                 "best_score": r.best_score, "attempts": r.attempts} for r in rows]

    @app.post("/api/pfmea/draft")
    def draft(req: DraftRequest, request: Request) -> dict[str, Any]:
        return draft_json(copilot.pfmea_draft(req.step, req.station, caller(request)))

    @app.post("/api/pfmea/export")
    def export(req: DraftRequest, request: Request) -> FileResponse:
        principal = caller(request)
        authorize(principal, Action.PFMEA_EXPORT)
        d = copilot.pfmea_draft(req.step, req.station, principal)
        path = Path(tempfile.mkdtemp(prefix="pfmea-")) / "PFMEA_draft.xlsx"
        out = copilot.pfmea_export(d, path, principal=principal)
        return FileResponse(out, filename=out.name)

    @app.post("/api/pfmea/review")
    def review(request: Request, workbook: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008
        principal = caller(request)
        authorize(principal, Action.PFMEA_REVIEW)
        folder = Path(tempfile.mkdtemp(prefix="pfmea-review-"))
        path = folder / _upload_name(workbook.filename or "workbook.xlsx")
        path.write_bytes(workbook.file.read())
        return review_json(copilot.pfmea_review(path, path.name, principal))
