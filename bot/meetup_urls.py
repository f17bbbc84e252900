"""The public URL of an indexed meetup, as the publisher links it in the announcement ("Read
the full post"): from the site the posts folder sits in (Jekyll/Hugo), else MEETUP_SITE_URL +
MEETUP_PERMALINK (bot/publish/site_url.py), else the post's own URL. Used by `meetup-bot talks`
and `meetup-bot search`, so their JSON names a meetup the way the rest of the bot does."""

from __future__ import annotations

from pathlib import Path

from bot.errors import MeetupBotError
from bot.model import MeetupRef
from bot.publish.site_url import Site, find_site, post_url
from bot.settings import Settings


class MeetupUrls:
    """`urls(meetup)` -> its public URL or None; each post file is read once."""

    def __init__(self, posts_dir: Path, site: Site | None) -> None:
        self.posts_dir, self.site = posts_dir, site
        self._known: dict[str, str | None] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> MeetupUrls:
        posts_dir = Path(settings.MEETUP_POSTS)
        site = find_site(posts_dir, settings.MEETUP_SITE_URL, settings.MEETUP_PERMALINK)
        return cls(posts_dir, site)

    def __call__(self, meetup: MeetupRef) -> str | None:
        if self.site is None or not meetup.file_key:
            return meetup.url
        if meetup.file_key not in self._known:
            self._known[meetup.file_key] = self._public_url(meetup)
        return self._known[meetup.file_key]

    def _public_url(self, meetup: MeetupRef) -> str | None:
        from bot.postfiles import read_post_file

        path = self.posts_dir / meetup.file_key
        try:
            post = read_post_file(path)
        except MeetupBotError:  # changed since the index was synced: what the index knows
            return meetup.url
        return post_url(self.site, post, path) or meetup.url
