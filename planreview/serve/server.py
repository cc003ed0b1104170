"""Start the web page: bind the port, run uvicorn, open the browser once the page answers."""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
import threading
import time
import warnings
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

from .app import create_app
from .config import DEFAULT_PORT, ServeConfig

EXIT_OK, EXIT_FAILED = 0, 1
STARTUP_WAIT_SECONDS = 60.0


def config_from_args(args: argparse.Namespace) -> ServeConfig:
    # Uploads go into private folders under the system's temporary folder ($TMPDIR, if set).
    return ServeConfig(
        host=args.host,
        port=DEFAULT_PORT if args.port is None else args.port,
        max_upload_mb=args.max_upload_mb,
        timeout=args.timeout,
        memory_mb=args.max_memory_mb,
        jobs=max(1, args.jobs),
        ocr=args.ocr,
        today=args.today,
    )


def main(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    # The review workers are forked from this threaded server. Python 3.12+ warns that a child of a threaded
    # process could deadlock; the child only runs the pipeline (Python resets its own locks after fork), and
    # a child that did hang is killed by the time limit and its parent told so in plain words.
    warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks", category=DeprecationWarning)
    try:
        listener = bind(config.host, config.port, any_port_if_taken=args.port is None)
    except OSError as exc:
        print(f"planreview: cannot listen on {config.host} port {config.port}: {_reason(exc)}", file=sys.stderr)
        return EXIT_FAILED
    port = listener.getsockname()[1]
    url = f"http://{_url_host(config.host)}:{port}/"
    if not config.is_loopback:
        print(f"planreview: warning: listening on {config.host}, so other computers on your network can open this "
              "page and the reviews it shows. Leave out --host to keep it on this computer only.", file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(
        create_app(config), log_level="debug" if args.debug else "warning", access_log=False,
        server_header=False, lifespan="on",
    ))
    threading.Thread(target=_announce_when_ready, args=(server, url, not args.no_browser), daemon=True).start()
    print("planreview: starting the web page…", file=sys.stderr)
    try:
        server.run(sockets=[listener])
    except KeyboardInterrupt:
        pass  # uvicorn has already shut down cleanly; it re-raises Ctrl+C for whoever runs it
    finally:
        listener.close()
    print("planreview: the web page has stopped.", file=sys.stderr)
    return EXIT_OK


def bind(host: str, port: int, any_port_if_taken: bool) -> socket.socket:
    """A listening socket on host:port; on a free port instead when the default one is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        if not (any_port_if_taken and exc.errno == errno.EADDRINUSE):
            listener.close()
            raise
        listener.bind((host, 0))
    listener.listen(128)
    return listener


def _announce_when_ready(server: uvicorn.Server, url: str, open_browser: bool) -> None:
    deadline = time.monotonic() + STARTUP_WAIT_SECONDS
    while not server.started:
        if server.should_exit or time.monotonic() > deadline:
            return
        time.sleep(0.05)
    print(f"planreview: the web page is ready at {url}\n"
          "planreview: it runs only on this computer. Press Ctrl+C here to stop it.", file=sys.stderr, flush=True)
    if not (open_browser and _has_a_desktop() and webbrowser.open(url, new=2)):
        print(f"planreview: open {url} in your web browser.", file=sys.stderr, flush=True)


def _has_a_desktop() -> bool:
    """On Linux without a display, `webbrowser` would start a text browser (lynx, w3m) in this very terminal."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"))


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"  # listening everywhere; this computer reaches it at its loopback address
    return f"[{host}]" if ":" in host else host


def _reason(exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return "that port is in use by another program. Choose another with --port, or close that program."
    if exc.errno == errno.EACCES:
        return "permission denied. Choose a port above 1024 with --port."
    return exc.strerror or str(exc)


@contextmanager
def serve_in_background(config: ServeConfig, app: ASGIApp | None = None) -> Iterator[str]:
    """Run the web page in a thread on a free port of `config.host` and yield its address (for tests and for
    making the README's screenshot); stop it on leaving the block."""
    listener = bind(config.host, 0, any_port_if_taken=False)  # port 0: the system picks a free one
    server = uvicorn.Server(uvicorn.Config(app or create_app(config), log_level="warning", access_log=False,
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_WAIT_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the planreview web page did not start")
            time.sleep(0.02)
        yield f"http://{_url_host(config.host)}:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_WAIT_SECONDS)
        listener.close()
