"""A post's public URL: from the Jekyll or Hugo site the posts folder sits in, else from
MEETUP_SITE_URL + MEETUP_PERMALINK (Jekyll placeholders). None when nothing says.

Jekyll: `_config.yml` url + baseurl + permalink (built-in styles date/pretty/ordinal/none or a
template; a post's own `permalink:` wins). Hugo: `hugo.toml`/`config.toml` baseURL and
`[permalinks]` for the post's section (default `/:section/:filename/`); `url:` front matter wins.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from bot.model import Post

JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
HUGO_CONFIGS = ("hugo.toml", "config.toml")
_PLACEHOLDER = re.compile(r":([a-z_]+)")


@dataclass(frozen=True)
class Site:
    base: str
    """Scheme + host + base path, without a trailing slash."""
    permalink: str | dict[str, str]
    kind: str
    """`jekyll`, `hugo` or `plain`."""
    root: Path


def find_site(posts_dir: Path, site_url: str | None, permalink: str) -> Site | None:
    """The site config for `posts_dir` (searching its parents), else the settings, else None."""
    folder = posts_dir.resolve()
    for candidate in (folder, *folder.parents):
        jekyll = candidate / "_config.yml"
        if jekyll.is_file():
            config = _load_yaml(jekyll)
            base = str(config.get("url") or site_url or "").rstrip("/")
            baseurl = str(config.get("baseurl") or "").strip("/")
            base = f"{base}/{baseurl}" if baseurl else base
            style = str(config.get("permalink") or "date")
            return Site(base.rstrip("/"), JEKYLL_STYLES.get(style, style), "jekyll", candidate)
        for name in HUGO_CONFIGS:
            hugo = candidate / name
            if hugo.is_file():
                config = _load_toml(hugo)
                links = {str(k): str(v) for k, v in (config.get("permalinks") or {}).items()}
                base = str(config.get("baseURL") or site_url or "").rstrip("/")
                return Site(base, links, "hugo", candidate)
    if site_url:
        return Site(site_url.rstrip("/"), permalink, "plain", folder)
    return None


def post_url(site: Site | None, post: Post, path: Path) -> str | None:
    """The post's public URL under `site`; None without a site or a base URL."""
    if site is None or not site.base:
        return None
    own = post.extra.get("permalink") if site.kind != "hugo" else post.extra.get("url")
    if isinstance(own, str) and own:
        return site.base + "/" + own.lstrip("/")
    if site.kind == "hugo":
        return site.base + _hugo_path(site, post, path)
    template = site.permalink if isinstance(site.permalink, str) else "/:title/"
    return site.base + _expand(template, _jekyll_values(post))


def _jekyll_values(post: Post) -> dict[str, str]:
    values = _date_values(post.date)
    categories = dict.fromkeys(c.lower() for c in post.categories)
    values["categories"] = "/".join(quote(c) for c in categories)
    values["title"] = quote(post.slug)
    values["slug"] = quote(slugify(post.slug))
    values["output_ext"] = ".html"
    return values


def _hugo_path(site: Site, post: Post, path: Path) -> str:
    try:
        relative = path.resolve().relative_to(site.root / "content")
        section = relative.parts[0] if len(relative.parts) > 1 else ""
    except ValueError:
        section = path.parent.name
    stem = path.parent.name if path.stem in ("index", "_index") else path.stem
    slug = str(post.extra.get("slug") or "")
    links = site.permalink if isinstance(site.permalink, dict) else {}
    default = "/:section/:slugorfilename/" if section else "/:slugorfilename/"
    template = links.get(section) or default
    values = _date_values(post.date)
    values.update(
        section=quote(section),
        filename=quote(stem.lower()),
        title=quote(slugify(post.title)),
        slug=quote(slugify(slug or post.title)),
        slugorfilename=quote(slug or stem.lower()),
    )
    return _expand(template, values)


def _expand(template: str, values: dict[str, str]) -> str:
    path = _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), template)
    path = re.sub(r"/{2,}", "/", path)
    return path if path.startswith("/") else "/" + path


def _date_values(value: date | datetime | None) -> dict[str, str]:
    if value is None:
        return {}
    day = value if isinstance(value, date) else value.date()
    return {
        "year": f"{day.year:04d}",
        "month": f"{day.month:02d}",
        "day": f"{day.day:02d}",
        "i_month": str(day.month),
        "i_day": str(day.day),
        "short_year": f"{day.year % 100:02d}",
        "y_day": f"{day.timetuple().tm_yday:03d}",
    }


def slugify(text: str) -> str:
    """Lower case, runs of anything but letters and digits as one `-` (Unicode letters kept)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^\w]+|_+", "-", text).strip("-")


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
