"""waitress serving the one WSGI app (bot/web/app.py) on host:port."""

from __future__ import annotations

import threading
from typing import Any

from bot.web.limits import SERVER_MAX_BODY


class HttpServer:
    """waitress serving a WSGI app on host:port (port 0: any free port)."""

    def __init__(self, wsgi: Any, host: str, port: int, *, threads: int = 8) -> None:
        from waitress.server import create_server  # type: ignore[import-untyped]

        self._server = create_server(
            wsgi,
            host=host,
            port=port,
            threads=threads,
            ident="meetup-bot",
            clear_untrusted_proxy_headers=True,
            channel_timeout=30,
            max_request_body_size=SERVER_MAX_BODY,
            # Seconds; waitress reads it with int(), so 0.25 became 0 and the loop spun a core.
            asyncore_loop_timeout=1,
        )
        self._thread: threading.Thread | None = None
        self._closing = False

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def host(self) -> str:
        return str(self._server.effective_host)

    def serve_forever(self) -> None:
        try:
            self._server.run()
        except (OSError, ValueError):
            if not self._closing:  # closing from another thread can break the select()
                raise

    def start(self) -> HttpServer:
        """Serve in a daemon thread (tests, benchmark)."""
        self._thread = threading.Thread(target=self.serve_forever, name="http", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing = True
        self._server.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
