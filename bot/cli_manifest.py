"""`meetup-bot manifest MANIFEST [--host HOST] [--write]`: a Slack app manifest made ready for
this bot: `features.unfurl_domains` lists the hosts the posts live on (Slack sends `link_shared`
only for those), and `YOUR-HOST` becomes the host that reaches `meetup-bot serve`.

The hosts come from the posts' URLs as the index knows them (the catalog's: the site config,
`MEETUP_SITE_URL`, a feed entry's link), the same list `serve` logs at start-up. The manifest is
edited as text, so its comments stay; `--write` saves it in place, else it is printed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import words
from bot.errors import ConfigError
from bot.post_links import KnownLinks
from bot.settings import load_settings

PLACEHOLDER_HOST = "YOUR-HOST"
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$")
_LIST = re.compile(
    r"^(?P<indent>[ \t]*)unfurl_domains:[^\n]*\n(?P<items>(?:(?P=indent)[ \t]+-[^\n]*\n)*)", re.M
)


def register(subparsers: Any) -> None:
    manifest = subparsers.add_parser(
        "manifest",
        help="fill a Slack app manifest's unfurl_domains (and YOUR-HOST) for these posts",
    )
    manifest.add_argument("manifest", type=Path, help="e.g. deploy/slack/manifest.yaml")
    manifest.add_argument("--host", type=_host, help="the public host of `meetup-bot serve`")
    manifest.add_argument("--write", action="store_true", help="save the manifest in place")
    manifest.set_defaults(func=run_manifest)


def _host(value: str) -> str:
    if not _HOST.match(value):
        raise argparse.ArgumentTypeError(words.text("manifest.bad_host", None, host=value))
    return value


def run_manifest(args: argparse.Namespace) -> int:
    from bot.cli_search import synced_store

    text = _read(args.manifest)
    with synced_store(load_settings()) as store:
        domains = KnownLinks.of(store).domains()
    if not domains:
        raise ConfigError(words.said("manifest.no_domains"))
    filled = fill_manifest(text, domains, args.host, str(args.manifest))
    if args.write:
        args.manifest.write_text(filled, encoding="utf-8")
        print(
            words.text("manifest.written", None, path=args.manifest, domains=", ".join(domains)),
            file=sys.stderr,
        )
    else:
        sys.stdout.write(filled)
    return 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(words.said("manifest.unreadable", path=path, reason=error)) from None


def fill_manifest(text: str, domains: list[str], host: str | None, name: str) -> str:
    """`text` with its unfurl_domains list replaced by `domains` (and YOUR-HOST by `host`)."""
    found = _LIST.search(text)
    if found is None:
        raise ConfigError(words.said("manifest.no_unfurl_list", path=name))
    item = found["indent"] + "  - "
    listed = "".join(f"{item}{domain}\n" for domain in domains)
    text = text[: found.start("items")] + listed + text[found.end("items") :]
    return text.replace(PLACEHOLDER_HOST, host) if host else text
