"""The parser: a markdown post file -> a typed `Post` (see `bot.model`).

parse_post(text, source=..., impression_words=...) -> Post
read_post(path, impression_words=...) -> Post   # PostError for anything unreadable

The way through it, module by module (`post` runs them in order):

* `files`: reading a file safely (regular files only, size and encoding checked);
  `bot.frontmatter` splits and reads the front matter; `indent` reads list indentation leniently.
* `markdown` (the markdown-it parsers, with the block rules a text cannot use left out) and
  `blocks` (its tokens -> a light `Block` tree, inline parsing only where there is syntax).
* `talks/`: the talk detector (its own package docstring is the map); `front_talks`: the
  author's `talks:` list, which replaces detection.
* `build` (one talk's body -> notes, speaker, links, score), with `notes` (blocks -> `Note`
  trees), `impressions` (感想 sections and items), `links` (a talk's links in post order),
  `link_sources` (links in HTML, tags, shortcodes and bare URLs) and `link_kinds` (the one table
  of what a link points at: slides, video, talk page...).
* `language`: the post's language (`ja` or `en`).
"""

from bot.errors import PostError
from bot.parser.impressions import DEFAULT_IMPRESSION_WORDS
from bot.parser.post import parse_post, read_post

__all__ = ["DEFAULT_IMPRESSION_WORDS", "PostError", "parse_post", "read_post"]
