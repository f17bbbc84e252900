"""bot.observability: the metrics the deploy recipes promise, and JSON logs that never leak a
Slack token or secret."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import observability as obs

EXPECTED = {
    "meetup_messages_posted": "counter",
    "meetup_messages_updated": "counter",
    "meetup_messages_failed": "counter",
    "meetup_publish_backlog": "gauge",
    "meetup_slash_commands": "counter",
    "meetup_search_seconds": "histogram",
    "meetup_scan_seconds": "histogram",
    "meetup_source_reads": "counter",
}


def _families() -> dict[str, object]:
    return {f.name: f for f in text_string_to_metric_families(obs.metrics_text().decode())}


def _sample(name: str, **labels: str) -> float:
    value = obs.REGISTRY.get_sample_value(name, labels)
    return 0.0 if value is None else value


def test_every_metric_is_exposed_with_its_type_and_nothing_else() -> None:
    families = _families()
    assert {name: f.type for name, f in families.items()} == EXPECTED  # type: ignore[attr-defined]


def test_counters_gauge_and_histograms_record() -> None:
    before = _sample("meetup_messages_posted_total")
    obs.MESSAGES_POSTED.inc()
    assert _sample("meetup_messages_posted_total") == before + 1
    obs.PUBLISH_BACKLOG.set(7)
    assert _sample("meetup_publish_backlog") == 7
    count = _sample("meetup_search_seconds_count")
    with obs.SEARCH_SECONDS.time():
        pass
    assert _sample("meetup_search_seconds_count") == count + 1
    obs.SCAN_SECONDS.labels(kind="publish").observe(0.2)
    assert _sample("meetup_scan_seconds_bucket", kind="publish", le="0.5") >= 1


def test_slash_command_labels_are_a_closed_set() -> None:
    talks = _sample("meetup_slash_commands_total", subcommand="talks")
    other = _sample("meetup_slash_commands_total", subcommand="other")
    obs.count_slash_command(" Talks ")
    obs.count_slash_command("'; DROP TABLE talks; --")
    obs.count_slash_command("")
    assert _sample("meetup_slash_commands_total", subcommand="talks") == talks + 1
    assert _sample("meetup_slash_commands_total", subcommand="other") == other + 2
    labels = {s.labels["subcommand"] for s in _families()["meetup_slash_commands"].samples}  # type: ignore[attr-defined]
    assert labels == {"talks", "search", "help", "other"} | {
        "subscribe",
        "unsubscribe",
        "subscriptions",
    }


def test_metrics_wsgi_app_serves_the_text_format() -> None:
    environ: dict[str, object] = {"PATH_INFO": "/metrics", "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    seen: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(obs.metrics_wsgi_app(environ, lambda s, h: seen.append((s, h))))  # type: ignore[arg-type]
    status, headers = seen[0]
    assert status.startswith("200")
    assert dict(headers)["Content-Type"].startswith("text/plain; version=")
    assert b"# TYPE meetup_publish_backlog gauge" in body
    assert b"meetup_messages_failed_total" in body
    environ["HTTP_ACCEPT"] = "application/openmetrics-text"
    open_text = b"".join(obs.metrics_wsgi_app(environ, lambda s, h: seen.append((s, h))))  # type: ignore[arg-type]
    assert dict(seen[1][1])["Content-Type"].startswith("application/openmetrics-text")
    assert open_text.endswith(b"# EOF\n")


# --- logging ------------------------------------------------------------------------------------

SIGNING_SECRET = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"  # a fake, shaped like the real thing
# Fakes shaped like real tokens, assembled here so that no token-shaped string is tracked.
LEAKS = [
    "-".join(["xoxb", "1111111111", "2222222222", "AbCdEfGhIjKlMnOpQrStUvWx"]),
    "xoxp-1111-2222-3333-abcdef",
    "-".join(["xapp", "1", "A0123456789", "1234567890123", "abcdef0123456789"]),
    "xoxe.xoxp-1-Mi0yLTEyMzQ1Ng",
    "xoxe-1-My0xLTEyMzQ1Njc4OTA",
    SIGNING_SECRET,
]


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    level = logging.getLogger().level
    handler = obs.configure_logging("DEBUG", secrets=[SIGNING_SECRET], stream=stream)
    yield stream
    logging.getLogger().removeHandler(handler)
    logging.getLogger().setLevel(level)


def _records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_json_object_per_line_with_extras(log_lines: io.StringIO) -> None:
    log = logging.getLogger("bot.test")
    extra = {"channel": "C0123", "n": 3, "ts": "1700000000.000100"}  # a Slack message's ts
    log.info("posted %d messages\nto %s", 3, "C0123", extra=extra)
    log.debug("multi\nline", extra={"path": Path("/x")})
    first, second = _records(log_lines)
    assert first["level"] == "INFO" and first["logger"] == "bot.test"
    assert first["msg"] == "posted 3 messages\nto C0123"
    assert first["channel"] == "C0123" and first["n"] == 3
    assert first["ts"] == "1700000000.000100"
    assert str(first["time"]).endswith("+00:00")
    assert second["path"] == "/x"
    assert len(log_lines.getvalue().splitlines()) == 2


@pytest.mark.parametrize("secret", LEAKS)
def test_tokens_and_secrets_are_redacted_everywhere(log_lines: io.StringIO, secret: str) -> None:
    log = logging.getLogger("bot.test")
    log.warning("calling with %s", secret, extra={"detail": {"nested": [f"token={secret}"]}})
    try:
        raise RuntimeError(f"auth failed for {secret}")
    except RuntimeError:
        log.exception("boom")
    text = log_lines.getvalue()
    assert secret not in text
    assert text.count(obs.REDACTED) >= 3
    assert "RuntimeError" in _records(log_lines)[1]["exc"]  # type: ignore[operator]


def test_secret_named_extras_and_url_passwords_are_redacted(log_lines: io.StringIO) -> None:
    log = logging.getLogger("bot.test")
    url = "postgresql://meetup:hunter2hunter2@db:5432/meetup"
    log.info("db %s", url, extra={"client_secret": "abc", "signing_secret": "whatever"})
    log.info("SLACK_SIGNING_SECRET: Field required")
    first, second = _records(log_lines)
    assert first["client_secret"] == first["signing_secret"] == obs.REDACTED
    assert first["msg"] == f"db postgresql://meetup:{obs.REDACTED}@db:5432/meetup"
    assert second["msg"] == "SLACK_SIGNING_SECRET: Field required"  # no value: left readable


def test_secrets_default_to_the_environment(
    monkeypatch: pytest.MonkeyPatch, log_lines: io.StringIO
) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "plain-words-secret-value")
    stream = io.StringIO()
    handler = obs.configure_logging("info", stream=stream)
    try:
        logging.getLogger("bot.test").info("sig plain-words-secret-value")
    finally:
        logging.getLogger().removeHandler(handler)
    assert "plain-words-secret-value" not in stream.getvalue()
    assert log_lines.getvalue() == ""  # configure_logging replaced the earlier handler


def test_configure_logging_is_idempotent_and_rejects_bad_levels() -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    first = obs.configure_logging("WARNING", stream=io.StringIO())
    second = obs.configure_logging(logging.INFO, stream=io.StringIO())
    try:
        assert first not in root.handlers and second in root.handlers
        assert root.level == logging.INFO
        with pytest.raises(ValueError, match="unknown log level"):
            obs.configure_logging("LOUD")
    finally:
        root.removeHandler(second)
        root.setLevel(level)
        assert root.handlers == handlers


def test_logs_follow_stdout_when_it_is_swapped_and_the_old_one_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A listener thread may log after the stdout seen at start-up was replaced and closed:
    the line goes to the stdout of the moment, with no logging error."""
    root = logging.getLogger()
    level = root.level
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdout", first)
    handler = obs.configure_logging("INFO", secrets=[])
    try:
        monkeypatch.setattr("sys.stdout", second)
        first.close()
        logging.getLogger("bot.test").info("unfurled %d link(s)", 1)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert json.loads(second.getvalue())["msg"] == "unfurled 1 link(s)"
