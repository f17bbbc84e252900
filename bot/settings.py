"""Configuration from the environment (pydantic-settings). Nothing else configures the bot."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, TypeAdapter, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError
from bot.sources.spec import SourceSpec, SourceSpecError, parse_sources

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
TalkMessages = Annotated[int, Field(ge=1, le=1000)]
"""MEETUP_MAX_TALK_MESSAGES's values."""
_TALK_MESSAGES: TypeAdapter[int] = TypeAdapter(TalkMessages)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Every setting the bot reads, named exactly as its environment variable."""

    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore")

    SLACK_BOT_TOKEN: SecretStr | None = None
    SLACK_SIGNING_SECRET: SecretStr | None = None
    SLACK_APP_TOKEN: SecretStr | None = None
    SLACK_API_URL: str = DEFAULT_SLACK_API_URL
    # --- many workspaces (issue 5): both set -> Bolt's OAuth flow installs the app anywhere ---
    SLACK_CLIENT_ID: str | None = None
    SLACK_CLIENT_SECRET: SecretStr | None = None
    SLACK_SCOPES: str = "commands,chat:write,channels:history,groups:history,links:read,links:write"
    """Bot scopes asked for at installation, comma-separated."""
    MEETUP_POSTS: Path = Path("examples/posts")
    """The folder of posts (the one-folder shorthand of MEETUP_SOURCES)."""
    MEETUP_SOURCES: str | None = None
    """Folders, git repository URLs and feed URLs, separated by spaces, commas or newlines
    (bot/sources/spec.py); unset: MEETUP_POSTS alone."""
    MEETUP_DATA_DIR: Path = Path("meetup-data")
    """Where the bot keeps its clones of git sources and what it read from feeds."""
    MEETUP_FEED_INTERVAL: float = Field(default=900, gt=0)
    """Seconds between two polls of a feed (a feed's own `#interval=` wins)."""
    MEETUP_SOURCE_TIMEOUT: float = Field(default=30, gt=0)
    """Seconds a feed request or a git fetch may take before it counts as failed."""
    MEETUP_DATABASE_URL: str = "sqlite:///meetup.db"
    MEETUP_LANGUAGE: str | None = Field(default=None, pattern=r"^(ja|en)$")
    PORT: int = Field(default=3000, ge=1, le=65535)
    MEETUP_PREVIEW: bool = False
    """Serve the preview page (drafts included) to every client, not only 127.0.0.1."""
    # --- auto-publishing (bot/publish) ---
    MEETUP_CHANNEL: str | None = None
    """The channel ID new posts are published to; unset: nothing is published."""
    MEETUP_POLL_INTERVAL: float = Field(default=60, gt=0)
    """Seconds between two scans for new posts, and two fetches of each git source."""
    MEETUP_LAYOUT: str = Field(default="thread", pattern=r"^(thread|flat)$")
    """thread: talks as replies to the announcement; flat: all in the channel."""
    MEETUP_SITE_URL: str | None = None
    """The blog's base URL, when MEETUP_POSTS is not inside a Jekyll/Hugo site."""
    MEETUP_PERMALINK: str = "/:year/:month/:day/:title/"
    """The post path under MEETUP_SITE_URL (Jekyll placeholders)."""
    MEETUP_WEBHOOK_SECRET: SecretStr | None = None
    """The GitHub webhook secret; unset: POST /webhooks/github is not served (404)."""
    MEETUP_GIT_PULL: bool = False
    """Run `git pull --ff-only` in MEETUP_POSTS before each scan when it is a git checkout."""
    MEETUP_MESSAGE_INTERVAL: float = Field(default=1.0, ge=0)
    """Least seconds between two messages posted or updated in one channel (Slack: ~1/s)."""
    MEETUP_MAX_TALK_MESSAGES: TalkMessages = 30
    """Most messages a post's talks take after its announcement; past it, the last one lists
    the rest with the link to the full post (a post with 2,000 talks is 31 messages)."""
    MEETUP_ADMINS: str = ""
    """Slack user IDs (comma- or space-separated) who see the sources' state in the App Home."""
    MEETUP_LOG_LEVEL: str = "INFO"
    """DEBUG, INFO, WARNING, ERROR or CRITICAL (any case): the least level logged."""

    @field_validator("SLACK_API_URL")
    @classmethod
    def _api_url_is_http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @field_validator("MEETUP_LOG_LEVEL")
    @classmethod
    def _log_level_known(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("MEETUP_SOURCES")
    @classmethod
    def _sources_understood(cls, value: str | None) -> str | None:
        try:
            parse_sources(value, Path("."))
        except SourceSpecError as error:
            raise ValueError(str(error)) from None
        return value

    def source_specs(self) -> list[SourceSpec]:
        """MEETUP_SOURCES, else MEETUP_POSTS alone."""
        return parse_sources(self.MEETUP_SOURCES, self.MEETUP_POSTS)

    @field_validator("MEETUP_DATABASE_URL")
    @classmethod
    def _database_url_scheme(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError("must be sqlite:///PATH or postgresql://...")
        return value

    @field_validator(
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
        "MEETUP_WEBHOOK_SECRET",
        "MEETUP_CHANNEL",
        "MEETUP_SITE_URL",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value


def secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def admins(settings: Settings) -> frozenset[str]:
    """MEETUP_ADMINS as a set of user IDs."""
    return frozenset(settings.MEETUP_ADMINS.replace(",", " ").split())


def scopes(settings: Settings) -> list[str]:
    return [s.strip() for s in settings.SLACK_SCOPES.split(",") if s.strip()]


def max_talk_messages(environ: Mapping[str, str] | None = None) -> int:
    """MEETUP_MAX_TALK_MESSAGES alone (`preview` and `check` need no other setting);
    ConfigError naming it when it is bad."""
    name = "MEETUP_MAX_TALK_MESSAGES"
    value = (os.environ if environ is None else environ).get(name)
    if value is None:
        return int(Settings.model_fields[name].default)
    try:
        return int(_TALK_MESSAGES.validate_python(value))
    except ValidationError as error:
        raise ConfigError(f"{name}: {error.errors()[0]['msg']}") from None


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings; a bad one raises ConfigError naming it, in one line (never its value)."""
    try:
        if environ is None:
            return Settings()
        known = {name: environ[name] for name in Settings.model_fields if name in environ}
        return Settings.model_validate(known)
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(part) for part in first["loc"]) or "settings"
        raise ConfigError(f"{name}: {first['msg']}") from None
