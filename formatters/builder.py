"""Block Kit Builder links, to look at a message in Slack's previewer."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

BUILDER = "https://app.slack.com/block-kit-builder/#"


def builder_url(message: Mapping[str, Any]) -> str:
    """https://app.slack.com/block-kit-builder/#<url-encoded {"blocks": ...}> for a message."""
    payload = json.dumps(
        {"blocks": list(message.get("blocks") or [])}, ensure_ascii=False, separators=(",", ":")
    )
    return BUILDER + quote(payload, safe="")
