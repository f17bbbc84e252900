"""Shared pytest fixtures. Each area keeps its fixtures in its own module, imported here."""

import sys
from pathlib import Path

# `tests.*` and `bot` importable however pytest is started (`pytest`, `python -m pytest`).
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

# --- Slack app (fake Slack Web API, real server, signed requests): tests/fixtures_slack.py ---
from tests.fixtures_slack import bot, meetup_store, posts_dir, slack_api  # noqa: E402, F401
