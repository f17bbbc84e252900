"""Shared pytest fixtures. Each area keeps its fixtures in its own module, imported here."""

import sys
from pathlib import Path

# `tests.*` and `bot` importable however pytest is started (`pytest`, `python -m pytest`).
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

# Shared fixtures, each from its area's module:
# - Slack app (fake Slack Web API, real server, signed requests): tests/fixtures_slack.py
# - publishing (`slack`: the fake Slack Web API with faults): tests/slack_faults.py
# - feed sources (`feeds`: a local feed server): tests/feed_server.py
from tests.feed_server import feeds  # noqa: E402, F401
from tests.fixtures_slack import bot, meetup_store, posts_dir, slack_api  # noqa: E402, F401
from tests.slack_faults import slack  # noqa: E402, F401
