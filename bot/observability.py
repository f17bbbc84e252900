"""Observability building blocks: Prometheus metrics in one registry, and JSON logs with secrets
redacted. Nothing here reads settings or starts a server: bot/web/ops.py mounts
`metrics_wsgi_app` on GET /metrics and calls `configure_logging` once at start-up."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, Any, Final

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    make_wsgi_app,
)
from prometheus_client.exposition import generate_latest

# No `*_created` series: they double the output and no dashboard of ours reads them.
disable_created_metrics()  # type: ignore[no-untyped-call]

# --- metrics ------------------------------------------------------------------------------------

REGISTRY: Final = CollectorRegistry(auto_describe=True)

MESSAGES_POSTED: Final = Counter(
    "meetup_messages_posted", "Slack messages posted (chat.postMessage ok).", registry=REGISTRY
)
MESSAGES_UPDATED: Final = Counter(
    "meetup_messages_updated", "Slack messages updated (chat.update ok).", registry=REGISTRY
)
MESSAGES_FAILED: Final = Counter(
    "meetup_messages_failed", "Slack posts or updates that failed for good.", registry=REGISTRY
)
PUBLISH_BACKLOG: Final = Gauge(
    "meetup_publish_backlog", "Messages waiting to be posted or updated.", registry=REGISTRY
)
SLASH_COMMANDS: Final = Counter(
    "meetup_slash_commands",
    "/meetup commands received, by subcommand.",
    ["subcommand"],
    registry=REGISTRY,
)
SOURCE_READS: Final = Counter(
    "meetup_source_reads",
    "Reads of the sources (bot/sources), by kind and outcome: not_modified (feed 304), "
    "unchanged, changed, failed; `parsed` counts feed bodies parsed",
    ["kind", "outcome"],
    registry=REGISTRY,
)
SEARCH_SECONDS: Final = Histogram(
    "meetup_search_seconds",
    "Time to answer one /meetup search or /meetup talks query.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
    registry=REGISTRY,
)
SCAN_SECONDS: Final = Histogram(
    "meetup_scan_seconds",
    "Time to scan the posts folder: kind=publish (new or changed posts to post), kind=index"
    " (the search index sync).",
    ["kind"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
    registry=REGISTRY,
)

# Label values are a closed set, so a user typing `/meetup <anything>` cannot grow the series.
SUBCOMMANDS: Final = frozenset(
    {"talks", "search", "help", "subscribe", "unsubscribe", "subscriptions"}
)
for _name in (*sorted(SUBCOMMANDS), "other"):
    SLASH_COMMANDS.labels(subcommand=_name)  # every series exists from the start, at 0
for _kind in ("publish", "index"):
    SCAN_SECONDS.labels(kind=_kind)


def count_slash_command(subcommand: str) -> None:
    """Count one /meetup command; anything not in SUBCOMMANDS is counted as `other`."""
    name = subcommand.strip().lower()
    SLASH_COMMANDS.labels(subcommand=name if name in SUBCOMMANDS else "other").inc()


def metrics_text() -> bytes:
    """The registry in the Prometheus text exposition format."""
    return generate_latest(REGISTRY)


# A WSGI app answering any path with the metrics; mount it on GET /metrics.
metrics_wsgi_app: Final = make_wsgi_app(REGISTRY)

# --- logging ------------------------------------------------------------------------------------

# Environment variables whose values are secrets: their values are redacted wherever they appear.
SECRET_ENV_VARS: Final = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_CLIENT_SECRET",
    "MEETUP_WEBHOOK_SECRET",
)
REDACTED: Final = "[REDACTED]"
_TOKEN_RE: Final = re.compile(r"\b(?:xox[a-z]|xapp|xoxe\.xox[a-z])-[A-Za-z0-9-]+")
_URL_PASSWORD_RE: Final = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]+@")
_SECRET_KEY_RE: Final = re.compile(r"token|secret|password|signature|authorization", re.I)
# `client_secret=abc123..`, `"token": "..."`, `Authorization: Bearer ...` in free text; only
# values of 8+ characters with a digit, so `SLACK_BOT_TOKEN: Field required` stays readable.
_ASSIGNMENT_RE: Final = re.compile(
    r"(?P<head>\b[\w-]*(?:token|secret|password|authorization)[\w-]*\\?[\"']?\s*[:=]\s*"
    r"\\?[\"']?(?:bearer\s+)?)(?P<value>(?=[^\s\"'\\,;&}]*\d)[^\s\"'\\,;&}]{8,})",
    re.I,
)
_RECORD_FIELDS: Final = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


class Redactor:
    """Replaces Slack tokens, URL passwords and known secret values with [REDACTED]."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Short values would redact ordinary words; real secrets are long.
        self.secrets = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        text = _TOKEN_RE.sub(REDACTED, text)
        text = _ASSIGNMENT_RE.sub(self._keep_head, text)
        return _URL_PASSWORD_RE.sub(rf"\g<head>{REDACTED}@", text)

    @staticmethod
    def _keep_head(match: re.Match[str]) -> str:
        value = match["value"]
        return match["head"] + (value if value == REDACTED else REDACTED)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, msg, the `extra` fields (a message's
    Slack `ts` among them), exc when raised."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.redact = redactor or Redactor()

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_") and key not in entry:
                entry[key] = REDACTED if _SECRET_KEY_RE.search(key) else value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        line = json.dumps(entry, ensure_ascii=False, default=str)
        # Redact the serialized line: it covers nested extras, reprs and tracebacks alike.
        return self.redact(line)


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stdout` is when a record comes, not what it was at start-up (a
    listener thread logging after stdout was swapped and closed would otherwise fail)."""

    @property
    def stream(self) -> IO[str]:
        return sys.stdout

    @stream.setter
    def stream(self, _value: object) -> None:
        """StreamHandler's own assignments are ignored: the stream is always sys.stdout."""


def configure_logging(
    level: str | int = "INFO",
    *,
    secrets: Iterable[str] | None = None,
    stream: IO[str] | None = None,
) -> logging.Handler:
    """Send every log record to `stream` (stdout) as one JSON line; idempotent.

    `secrets` are values to redact; None takes the values of SECRET_ENV_VARS from the environment.
    A bad level name raises ValueError.
    """
    resolved = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    if not isinstance(resolved, int):
        raise ValueError(f"unknown log level: {level!r}")
    if secrets is None:
        secrets = [os.environ[name] for name in SECRET_ENV_VARS if os.environ.get(name)]
    handler = logging.StreamHandler(stream) if stream is not None else _StdoutHandler()
    handler.setFormatter(JsonFormatter(Redactor(secrets)))
    handler.set_name("meetup-bot-json")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "meetup-bot-json"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(resolved)
    logging.captureWarnings(True)
    return handler
