"""The Slack app and `meetup-bot serve` around it.

app.py            the Bolt app: thin listeners for `/meetup`, buttons and events
commands.py       `/meetup` text -> a request value (subcommand, argument, or why not)
actions.py        a button's JSON value -> a request value
answers.py        a request + the store -> the message to answer (meetup_search_seconds here)
instrument.py     the Bolt middleware counting `/meetup` commands
server.py         the WSGI app for POST /slack/events (Slack's signature checked first) and
                  the waitress server
socket_mode.py    the same Bolt app over Socket Mode
startup.py        the Slack side of start-up: auth.test, the Bolt app, Socket Mode
service.py        what serve keeps running: store, index sync, publisher; /healthz, /readyz
serving.py        publishing, the webhook and the preview assembled around the Slack app
ops.py            the operations routes (/healthz, /readyz, /metrics) in front of the rest
starting.py       what serve answers while it is starting
"""
