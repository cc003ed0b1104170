"""The Starlette application behind `planreview serve`: an upload page, review and compare endpoints, and
their assets.

One request is one family's plan (or two, to compare): it is streamed into its own private folder, each plan
is reviewed in its own worker process, the answer is rendered (page and downloads) in memory, and the folder
is deleted before the answer is sent. The app keeps nothing between requests, so there is nothing one request
could ever show to another.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..checks.model import Review
from ..compare import compare
from ..resources import reports_dir
from ..runner import warm_up
from .config import ServeConfig
from .pages import (
    COMPARE_URL,
    REVIEW_URL,
    UPLOAD_URL,
    compare_results_page,
    problem_page,
    results_page,
    too_large_message,
    upload_page,
)
from .reviewing import ReviewFunction, WorkerReviewer
from .security import SECURITY_HEADERS, SecurityHeadersMiddleware
from .upload import (
    COMPARE_FIELDS,
    NoPlanFile,
    UploadTooLarge,
    private_folder,
    receive_files,
    receive_upload,
    sweep_stale_uploads,
)

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
# The only files the app serves besides its pages: no directory is exposed.
ASSETS: dict[str, tuple[Path, str]] = {
    "report.css": (reports_dir() / "report.css", "text/css"),
    "compare.css": (reports_dir() / "compare.css", "text/css"),
    "web.css": (reports_dir() / "web" / "web.css", "text/css"),
    "web.js": (STATIC_DIR / "web.js", "text/javascript"),
}
READER_MODULES = ("planreview.ingest.pdf", "planreview.ingest.layout", "planreview.ingest.docx",
                  "planreview.ingest.ocr")
# A folder older than this cannot belong to a request still running; it was left by a killed server.
STALE_UPLOAD_SECONDS = 3600.0


def create_app(config: ServeConfig | None = None, review: ReviewFunction | None = None) -> Starlette:
    config = config or ServeConfig()
    handlers = _Handlers(config, review or WorkerReviewer(config))
    routes = [
        Route(UPLOAD_URL, handlers.upload_form, methods=["GET"]),
        Route(REVIEW_URL, handlers.review_upload, methods=["POST"]),
        # Reloading a results page asks for it again with GET: send the parent back to the start.
        Route(REVIEW_URL, handlers.back_to_start, methods=["GET"]),
        Route(COMPARE_URL, handlers.compare_uploads, methods=["POST"]),
        Route(COMPARE_URL, handlers.back_to_start, methods=["GET"]),
        Route("/assets/{name}", handlers.asset, methods=["GET"]),
        Route("/favicon.ico", handlers.no_content, methods=["GET"]),
    ]
    middleware = [
        Middleware(SecurityHeadersMiddleware),
        # Refuse requests addressed to any other host name: a web page elsewhere cannot reach this server
        # through a name it controls (DNS rebinding). Opened to the network on purpose, any name is allowed.
        Middleware(TrustedHostMiddleware, allowed_hosts=_allowed_hosts(config)),
    ]
    exception_handlers = {HTTPException: handlers.http_problem, Exception: handlers.server_problem}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=exception_handlers,
                    lifespan=_lifespan(config))
    app.state.config = config
    return app


def _allowed_hosts(config: ServeConfig) -> list[str]:
    if not config.is_loopback:
        return ["*"]
    own = f"[{config.host}]" if ":" in config.host else config.host  # a Host header brackets an IPv6 address
    return sorted({"127.0.0.1", "localhost", "[::1]", own})


def _lifespan(config: ServeConfig):
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Compile the patterns and rulebook once, before any worker is forked, so each starts ready.
        warm_up()
        _preload_readers()
        removed = sweep_stale_uploads(config.temp_root, max(STALE_UPLOAD_SECONDS, 3 * config.timeout))
        if removed:
            log.warning("deleted %d upload folder(s) left behind by an earlier run", removed)
        yield

    return lifespan


def _preload_readers() -> None:
    """Import the file readers here, once, instead of in each worker.

    Workers are forked from this threaded server. A module being imported by another thread at that moment
    would stay locked in the child, and a child that then imported it would wait until the time limit; with
    the readers already loaded the workers import nothing. The readers load lazily for the CLI's sake."""
    for module in READER_MODULES:
        try:
            importlib.import_module(module)
        except ImportError:
            log.debug("could not preload %s", module, exc_info=True)


class _Handlers:
    def __init__(self, config: ServeConfig, review: ReviewFunction) -> None:
        self.config = config
        self.review = review

    async def upload_form(self, request: Request) -> Response:
        return HTMLResponse(upload_page(self.config))

    async def back_to_start(self, request: Request) -> Response:
        return RedirectResponse(UPLOAD_URL, status_code=303)

    async def review_upload(self, request: Request) -> Response:
        with private_folder(self.config.temp_root) as folder:
            try:
                upload = await receive_upload(request, folder, self.config.max_upload_bytes)
            except UploadTooLarge:
                return _problem(413, too_large_message(self.config))
            except NoPlanFile:
                return _problem(400)
            except ClientDisconnect:  # the tab was closed mid-upload: nobody is left to answer
                return Response(status_code=400)
            review = await self.review(upload.path, upload.display_name)
            page = results_page(review, redact=upload.redact)
        # 422 tells a script (curl --fail) that this file could not be reviewed; the page says why.
        return HTMLResponse(page, status_code=422 if review.error else 200)

    async def compare_uploads(self, request: Request) -> Response:
        """Last year's plan (`old`) and this year's (`new`): both received into one private folder, each
        reviewed in its own worker (the two at once), then compared; the folder is gone before the answer."""
        with private_folder(self.config.temp_root) as folder:
            try:
                form = await receive_files(request, folder, self.config.max_upload_bytes, COMPARE_FIELDS)
            except UploadTooLarge:
                return _problem(413, too_large_message(self.config), comparing=True)
            except NoPlanFile:
                return _problem(400, comparing=True)
            except ClientDisconnect:
                return Response(status_code=400)
            reviews: dict[str, Review] = {}

            async def review(field: str) -> None:
                upload = form.files[field]
                reviews[field] = await self.review(upload.path, upload.display_name)

            async with anyio.create_task_group() as group:
                for field in COMPARE_FIELDS:
                    group.start_soon(review, field)
            comparison = compare(reviews["old"], reviews["new"])
            page = compare_results_page(comparison, redact=form.redact)
        # As for one plan: 422 when either plan could not be read; the page says which, and why.
        return HTMLResponse(page, status_code=200 if comparison.readable else 422)

    async def asset(self, request: Request) -> Response:
        entry = ASSETS.get(request.path_params["name"])
        if entry is None:
            raise HTTPException(404)
        path, media_type = entry
        return Response(path.read_bytes(), media_type=media_type)

    async def no_content(self, request: Request) -> Response:
        return Response(status_code=204)

    async def http_problem(self, request: Request, exc: Exception) -> Response:
        # A 405 and the like keep their status; the page words them as a page that is not there.
        return _problem(exc.status_code if isinstance(exc, HTTPException) else 500)

    async def server_problem(self, request: Request, exc: Exception) -> Response:
        log.error("the web page failed on a request: %s", type(exc).__name__, exc_info=exc)
        # This handler runs outside the app's middleware, so it adds the security headers itself.
        return _problem(500, headers=SECURITY_HEADERS)


def _problem(status: int, message: str | None = None, headers: dict[str, str] | None = None, *,
             comparing: bool = False) -> Response:
    return HTMLResponse(problem_page(status, message, comparing=comparing), status_code=status, headers=headers)
