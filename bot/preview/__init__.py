"""The local preview page: every message the bot would post, drawn the way Slack shows it."""
