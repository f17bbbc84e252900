"""The local preview page: every message the bot would post, drawn the way Slack shows it.

routes.py     PreviewPages: GET /, /search, /posts/<id> as routes of the one web app (bot/web)
wiring.py     how serve plugs it in: whether, where to bind, the publisher's options and status
source.py     the posts folder as the page sees it, re-read when a file changes
pages.py      a post to its messages, through the publisher's own formatters
render.py     payloads to HTML through Jinja2 (templates/, autoescape on)
blocks.py     Block Kit blocks to a view model of safe HTML pieces
mrkdwn.py     Slack mrkdwn to safe HTML
"""
