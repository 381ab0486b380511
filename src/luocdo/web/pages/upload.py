"""Nạp báo cáo: files or zips sent from the browser, ingested in the background (one ingest at a time),
progress polled as JSON."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from luocdo.i18n import _
from luocdo.web.jobs import Busy
from luocdo.web.pages.common import state
from luocdo.web.security import CSRF_FIELD, csrf_ok
from luocdo.web.templating import render
from luocdo.web.uploads import Stager

router = APIRouter()
MAX_PARTS = 1000


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


@router.get("/nap")
def upload_page(request: Request):
    jobs = request.app.state.jobs
    running = jobs.running.as_dict() if jobs.running is not None and jobs.running.state == "running" else None
    return render(request, "upload.html", title=_("Add reports"), running=running)


@router.post("/nap")
async def upload(request: Request):
    settings = state(request).settings
    csrf_refused = _refuse(
        403, _("Refused: the form is missing its security token (CSRF). Reload the page and try again.")
    )
    if request.headers.get("x-csrf-token") is not None and not csrf_ok(request):
        return csrf_refused
    if settings.read_only:
        return _refuse(403, _("This app is read-only: reports cannot be added here."))
    jobs = request.app.state.jobs
    if jobs.running is not None and jobs.running.state == "running":
        return _refuse(
            409, _("Another batch of reports is being added; wait until it finishes, then send again.")
        )
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        return _refuse(411, _("The upload must say its size (Content-Length)."))
    if int(length) > settings.max_upload_bytes:
        return _refuse(
            413, _("Too large: at most {mb} MB per upload.").format(mb=settings.max_upload_bytes // 2**20)
        )
    form = await request.form(max_files=MAX_PARTS, max_fields=10)
    field = form.get(CSRF_FIELD)
    if not csrf_ok(request, field if isinstance(field, str) else None):  # the header, else the form's field
        await form.close()
        return csrf_refused
    try:
        stager = Stager(settings)
        for item in form.getlist("files"):
            if isinstance(item, UploadFile):
                stager.add(item.filename, item.file)
        staged = stager.finish()
    finally:
        await form.close()
    if not staged.files and not staged.errors:
        return _refuse(400, _("No file was sent."))
    try:
        job = jobs.start(staged)
    except Busy:
        return _refuse(
            409, _("Another batch of reports is being added; wait until it finishes, then send again.")
        )
    return JSONResponse(job.as_dict(), status_code=202)


@router.get("/nap/{job_id}.json")
def progress(request: Request, job_id: str):
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404)
    return JSONResponse(job.as_dict(), headers={"Cache-Control": "no-store"})
