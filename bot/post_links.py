"""Which known post a pasted URL points at, and the domains Slack must unfurl for us.

A post's URL is the one the catalog gives it (bot/catalog.py: the site config, MEETUP_SITE_URL
+ MEETUP_PERMALINK, or a feed entry's own link) and the search index keeps beside it, so the
lookup reads the index, never a folder. Two URLs name the same post when their `link_key`s are
equal:

- `http` and `https` are the same (a blog reached both ways is one blog); the host is compared
  without case, without `www.` and without its default port;
- the fragment is left out (`…/night/#talk-2` is still the post);
- a trailing slash and `index.html` are left out of the path (`/night/` = `/night`);
- tracking parameters (`utm_*`, `fbclid`, `gclid`) are left out of the query; any other query
  must be the post's own (`?p=12` on a WordPress blog names one post, `?p=13` another).

Anything else (another scheme, no host, a user:password part, a URL past 3,000 characters) is
no post's URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from bot.model import MeetupRef
from bot.store import Store

MAX_URL = 3000
"""Slack's own bound on a URL in a block; longer ones are nobody's post."""
TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
DEFAULT_PORTS = {"http": 80, "https": 443}


def link_key(url: object) -> str | None:
    """The form two URLs of one post share (see the module doc); None for anything that is not
    an absolute http(s) URL."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL or url != url.strip():
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not host or parts.username is not None:
        return None
    host = host.removeprefix("www.")
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = parts.path
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)]
    return f"{host}{path}" + (f"?{urlencode(sorted(query))}" if query else "")


def _tracking(name: str) -> bool:
    return name.lower().startswith(TRACKING)


def link_domain(url: object) -> str | None:
    """The host Slack matches unfurl domains against (`blog.example.com`), lower case."""
    if link_key(url) is None:
        return None
    assert isinstance(url, str)
    return (urlsplit(url).hostname or "").lower().rstrip(".") or None


@dataclass(frozen=True)
class KnownLinks:
    """The indexed posts by the `link_key` of their URL (newest first wins a shared URL)."""

    by_key: dict[str, MeetupRef]

    @classmethod
    def of(cls, store: Store) -> KnownLinks:
        by_key: dict[str, MeetupRef] = {}
        for meetup in store.list_meetups():  # newest first
            key = link_key(meetup.url)
            if key is not None:
                by_key.setdefault(key, meetup)
        return cls(by_key)

    def find(self, url: object) -> MeetupRef | None:
        """The post this URL names, or None."""
        key = link_key(url)
        return None if key is None else self.by_key.get(key)

    def domains(self) -> list[str]:
        """Every host the known posts live on, sorted: what the app manifest's
        `features.unfurl_domains` must list."""
        found = {link_domain(meetup.url) for meetup in self.by_key.values()}
        return sorted(domain for domain in found if domain)
