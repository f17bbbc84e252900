"""A real `meetup-bot serve` subprocess for tests: started with a clean environment (no SLACK_* or
MEETUP_* from the caller), its JSON log lines collected, its URL read from the `serving` line."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.fixtures_slack import HttpAnswer

ROOT = Path(__file__).resolve().parents[1]


def clean_env(**values: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MEETUP_", "PORT"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update({k: v for k, v in values.items() if v is not None})
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Serve:
    """`command` (default: `python -m bot serve --host 127.0.0.1 --port 0`) as a process."""

    def __init__(self, env: dict[str, str], command: list[str] | None = None) -> None:
        args = command or [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"]
        if command is None:
            args += ["--port", "0"]
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self.url = ""
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            entry = _json(line)
            if entry.get("msg", "").startswith("serving (") and entry.get("url"):
                self.url = str(entry["url"])
                self._ready.set()
        self._ready.set()

    def wait_ready(self, timeout: float = 120) -> Serve:
        """Wait for the `serving` line (returns at once when it comes; the timeout only
        guards against a process that never starts, so it is generous: machines get busy)."""
        self._ready.wait(timeout)
        if not self.url:
            self.kill()  # never left running behind a failed test
        assert self.url, "serve did not start:\n" + self.log()
        return self

    def log(self) -> str:
        return "".join(self.lines)

    def entries(self) -> list[dict[str, Any]]:
        return [entry for line in list(self.lines) if (entry := _json(line))]

    def dry_messages(self) -> list[dict[str, Any]]:
        return [entry for entry in self.entries() if entry.get("dry_run")]

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> HttpAnswer:
        request = urllib.request.Request(
            self.url + path, data=body, headers=headers or {}, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return HttpAnswer(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return HttpAnswer(error.code, error.read(), dict(error.headers))

    def terminate(self, timeout: float = 10) -> int:
        """SIGTERM, then the exit status (TimeoutExpired when it takes over `timeout`)."""
        self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout)
        self._reader.join(5)
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self._reader.join(5)

    def __enter__(self) -> Serve:
        return self.wait_ready()

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            try:
                self.terminate()
            except subprocess.TimeoutExpired:
                self.kill()
        self._reader.join(5)


def wait_until(condition: Callable[[], object], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _json(line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
