"""meetup-bot: meetup reports to Slack. I/O and the domain live here; formatting in `formatters`."""

from bot import native

__version__ = "0.1.0"

native.install()  # before any compiled module is imported: a stale build must not shadow a source
