"""A real `meetup-bot serve` in dry mode: the operations routes, the preview page, the GitHub
webhook, and bad input at each of them (wrong method, unknown path, bad signature...)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import native
from tests.fixtures_slack import write_posts
from tests.serve_process import Serve, clean_env, wait_until
from tests.slack_faults import write_post

WEBHOOK_SECRET = "webhook-secret-0123456789abcdef"


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    return clean_env(
        MEETUP_POSTS=str(write_posts(tmp / "posts")),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp / 'meetup.db'}",
        MEETUP_POLL_INTERVAL="3600",  # one scan at start-up; the webhook triggers the others
        **extra,
    )


@pytest.fixture(scope="module")
def dry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    tmp = tmp_path_factory.mktemp("dry")
    with Serve(_env(tmp, MEETUP_WEBHOOK_SECRET=WEBHOOK_SECRET)) as serve:
        serve.posts = tmp / "posts"  # type: ignore[attr-defined]
        yield serve


def _signed(body: bytes, secret: str = WEBHOOK_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _hook(serve: Serve, body: bytes, event: str = "push", **headers: str) -> tuple[int, dict]:
    sent = {"Content-Type": "application/json", "X-GitHub-Event": event, **headers}
    answer = serve.request("/webhooks/github", method="POST", body=body, headers=sent)
    return answer.status, answer.json()


def test_health_ready_and_metrics(dry: Serve) -> None:
    health = dry.request("/healthz")
    assert health.status == 200
    assert health.json()["status"] == "ok" and health.json()["mode"] == "dry"
    assert health.json()["parser"] == native.state()  # the same tree and environment
    assert dry.request("/readyz").status == 200 and dry.request("/readyz").json() == {"ready": True}
    metrics = dry.request("/metrics")
    assert metrics.status == 200 and metrics.headers["Content-Type"].startswith("text/plain")
    assert b"meetup_messages_posted_total" in metrics.body
    assert b"meetup_scan_seconds_count" in metrics.body
    openmetrics = dry.request("/metrics", headers={"Accept": "application/openmetrics-text"})
    assert openmetrics.headers["Content-Type"].startswith("application/openmetrics-text")
    assert dry.request("/healthz", method="HEAD").body == b""


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_operations_routes_only_get(dry: Serve, path: str, method: str) -> None:
    answer = dry.request(path, method=method, body=b"x")
    assert answer.status == 405 and answer.json()["error"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/nope", "/metrics/x", "/healthz/", "/webhooks", "/slack"])
def test_unknown_paths_are_404(dry: Serve, path: str) -> None:
    assert dry.request(path).status == 404


def test_dry_mode_prints_each_message_once_and_serves_the_preview(dry: Serve) -> None:
    assert wait_until(lambda: len(dry.dry_messages()) >= 20, 30)
    parts = [
        (m["metadata"]["event_payload"]["post_id"], m["metadata"]["event_payload"]["part"])
        for m in dry.dry_messages()
    ]
    assert len(parts) == len(set(parts))
    page = dry.request("/")
    assert page.status == 200 and "Python Tooling Meetup #3" in page.text
    assert "Printed (dry run), not posted" in page.text  # the ledger's state, not the post's
    post = dry.request("/posts/2026-11-14-python-tooling-3")
    assert post.status == 200 and "Fast linters with ruff" in post.text
    assert dry.request("/search?q=ruff").status == 200
    assert "Fast linters with ruff" in dry.request("/search?q=ruff").text


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({}, b'{"ref": "refs/heads/main"}', 401),  # no signature at all
        ({"X-Hub-Signature-256": "sha256=" + "0" * 64}, b"{}", 401),
        ({"X-Hub-Signature-256": "sha1=abc"}, b"{}", 401),
        ({"X-Hub-Signature-256": _signed(b"{}", "another-secret")}, b"{}", 401),
        ({"X-Hub-Signature-256": _signed(b"{not json")}, b"{not json", 400),
        ({"X-Hub-Signature-256": _signed(b"[1, 2]")}, b"[1, 2]", 400),
        ({"X-Hub-Signature-256": _signed(b"\xff\xfe")}, b"\xff\xfe", 400),
    ],
)
def test_webhook_refuses_bad_requests(dry: Serve, headers: dict, body: bytes, status: int) -> None:
    assert _hook(dry, body, **headers)[0] == status


def test_webhook_events_and_methods(dry: Serve) -> None:
    body = b'{"zen": "Keep it simple."}'
    assert _hook(dry, body, "ping", **{"X-Hub-Signature-256": _signed(body)}) == (
        200,
        {"ok": True, "pong": True},
    )
    status, answer = _hook(dry, body, "issues", **{"X-Hub-Signature-256": _signed(body)})
    assert status == 202 and answer["ignored"] == "issues"
    assert dry.request("/webhooks/github").status == 405


def test_webhook_push_publishes_and_indexes_the_new_post_at_once(dry: Serve) -> None:
    assert wait_until(lambda: len(dry.dry_messages()) >= 20, 30)
    before = len(dry.dry_messages())
    write_post(dry.posts, "2026-12-01-webhook-night", "Webhook Night", 2)  # type: ignore[attr-defined]
    body = json.dumps({"ref": "refs/heads/main"}).encode()
    status, answer = _hook(dry, body, **{"X-Hub-Signature-256": _signed(body)})
    assert status == 202 and answer == {"ok": True, "scan": "triggered"}
    assert wait_until(lambda: len(dry.dry_messages()) == before + 3, 30)
    new = [m["metadata"]["event_payload"] for m in dry.dry_messages()[before:]]
    assert {m["post_id"] for m in new} == {"2026-12-01-webhook-night"}
    assert wait_until(lambda: "1 added" in dry.request("/healthz").json()["last_sync_summary"], 30)
    assert "Talk number 2" in dry.request("/search?q=talk+number").text


def test_without_a_webhook_secret_the_route_is_not_served(tmp_path: Path) -> None:
    with Serve(_env(tmp_path)) as serve:
        body = b"{}"
        headers = {"X-Hub-Signature-256": _signed(body), "X-GitHub-Event": "push"}
        assert (
            serve.request("/webhooks/github", method="POST", body=body, headers=headers).status
            == 404
        )
        assert serve.request("/webhooks/github").status == 404
