"""A real headless Chromium for the tests: load a URL, get the DOM after load, take a screenshot;
and `serving(app)`, a WSGI app on real HTTP on 127.0.0.1 for it to load.

It runs the `chromium` binary as a subprocess (`--dump-dom`, `--screenshot`): no driver, no
DevTools client. `find_chromium()` returns None where none is installed, so tests can skip.
Debian: `apt-get install -y --no-install-recommends chromium fonts-noto-cjk`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)
TIMEOUT = 90


def find_chromium() -> str | None:
    """The Chromium binary: $CHROMIUM, else the first of the usual names on PATH."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() or shutil.which(explicit) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(binary: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [binary, *FLAGS, f"--user-data-dir={profile}", *args]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    if result.returncode != 0:
        raise RuntimeError(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    return result


def dump_dom(binary: str, url: str, width: int = 1280, height: int = 900) -> str:
    """The page's DOM serialised after load (scripts, had any run, would have changed it)."""
    return _run(binary, [f"--window-size={width},{height}", "--dump-dom", url]).stdout


def screenshot(binary: str, url: str, out: Path, width: int, height: int) -> Path:
    """A PNG of the page at `width` x `height` CSS pixels, written to `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    _run(binary, [f"--window-size={width},{height}", f"--screenshot={out}", url])
    if not out.is_file() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no screenshot to {out}")
    return out


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextmanager
def serving(app: Callable[..., Iterable[bytes]], host: str = "127.0.0.1") -> Iterator[str]:
    """Serve a WSGI app over real HTTP on a free port of `host`; yields its base URL."""
    server = make_server(host, 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
