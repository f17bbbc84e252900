"""When a workspace removes the app: forget it.

`app_uninstalled` deletes the workspace's installation (bot and user tokens) and its channel
subscriptions, so nothing is ever posted there again; `tokens_revoked` deletes the revoked
tokens (Bolt's own handler). Bolt runs these without an authorize step: the token is already gone.
"""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext
from slack_bolt.listener.builtins import TokenRevocationListeners
from slack_sdk.oauth.installation_store import InstallationStore

from bot.workspaces.subscriptions import SubscriptionStore

log = logging.getLogger("bot.workspaces")


def register_uninstall_listeners(
    app: App, installations: InstallationStore, subscriptions: SubscriptionStore | None
) -> None:
    """Attach the two listeners (before any catch-all event listener: Bolt runs the first match)."""
    revocation = TokenRevocationListeners(installations)

    @app.event("app_uninstalled")
    def on_uninstalled(context: BoltContext) -> None:
        revocation.handle_app_uninstalled_events(context)
        forgotten = subscriptions.forget_team(context.team_id or "") if subscriptions else 0
        log.info(
            "app uninstalled from team %s: installation and %d subscription(s) removed",
            context.team_id,
            forgotten,
        )

    @app.event("tokens_revoked")
    def on_revoked(event: dict[str, object], context: BoltContext) -> None:
        revocation.handle_tokens_revoked_events(event, context)
        log.info("tokens revoked in team %s", context.team_id)
