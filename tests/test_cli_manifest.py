"""`meetup-bot manifest`: the Slack app manifests get the posts' hosts as unfurl_domains (Slack
sends link_shared only for those) and the bot's host for YOUR-HOST; bad input is one clear line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from tests.cli_runner import REPO, run_cli

POST = """---
title: "Container Night #3"
date: 2026-11-02
---
## @kumo | cgroup v2 の移行

- weights
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "2026-11-02-container-night-3.md").write_text(POST, encoding="utf-8")
    return {
        **os.environ,
        "MEETUP_POSTS": str(posts),
        "MEETUP_DATABASE_URL": f"sqlite:///{tmp_path / 'meetup.db'}",
        "MEETUP_SITE_URL": "https://blog.example.org/",
    }


@pytest.mark.parametrize("name", ["manifest.yaml", "manifest.socket-mode.yaml"])
def test_the_manifest_lists_the_posts_hosts_and_the_bots_host(
    env: dict[str, str], tmp_path: Path, name: str
) -> None:
    shipped = REPO / "deploy" / "slack" / name
    done = run_cli("manifest", str(shipped), "--host", "bot.example.net", env=env)
    assert done.returncode == 0, done.stderr
    manifest = yaml.safe_load(done.stdout)
    assert manifest["features"]["unfurl_domains"] == ["blog.example.org"]
    assert "YOUR-HOST" not in done.stdout
    assert "# " in done.stdout  # comments kept: the text is edited, not re-dumped
    assert shipped.read_text(encoding="utf-8").count("YOUR-BLOG-HOST") == 1  # not written


def test_write_saves_the_manifest_in_place(env: dict[str, str], tmp_path: Path) -> None:
    copy = tmp_path / "manifest.yaml"
    shutil.copy(REPO / "deploy" / "slack" / "manifest.yaml", copy)
    done = run_cli("manifest", str(copy), "--write", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and "blog.example.org" in done.stderr
    manifest = yaml.safe_load(copy.read_text(encoding="utf-8"))
    assert manifest["features"]["unfurl_domains"] == ["blog.example.org"]
    assert "YOUR-HOST" in copy.read_text(encoding="utf-8")  # no --host: left for the operator


def test_bad_input_is_one_clear_line(env: dict[str, str], tmp_path: Path) -> None:
    manifest = str(REPO / "deploy" / "slack" / "manifest.yaml")
    bad_host = run_cli("manifest", manifest, "--host", "https://bot.example.net/x", env=env)
    assert bad_host.returncode == 2 and "--host: https://bot.example.net/x is not a host" in (
        bad_host.stderr
    )
    other = tmp_path / "other.yaml"
    other.write_text("display_information:\n  name: x\n", encoding="utf-8")
    no_list = run_cli("manifest", str(other), env=env)
    assert no_list.returncode == 1 and "no features.unfurl_domains list" in no_list.stderr
    missing = run_cli("manifest", str(tmp_path / "nope.yaml"), env=env)
    assert missing.returncode == 1 and "cannot read the manifest" in missing.stderr
    no_site = {**env, "MEETUP_SITE_URL": ""}
    no_urls = run_cli("manifest", manifest, env=no_site)
    assert no_urls.returncode == 1 and "MEETUP_SITE_URL" in no_urls.stderr
    for done in (no_list, missing, no_urls):
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
