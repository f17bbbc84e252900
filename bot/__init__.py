"""meetup-bot: meetup reports to Slack. I/O and the domain live here; formatting in `formatters`."""

__version__ = "0.1.0"
