"""The Slack app and `meetup-bot serve` around it.

app.py            the Bolt app: thin listeners for `/meetup`, buttons and events
commands.py       `/meetup` text -> a request value (subcommand, argument, or why not)
actions.py        a button's JSON value -> a request value
answers.py        a request + the store -> the message to answer (meetup_search_seconds here)
unfurls.py        link_shared -> the meetup card of each known post -> chat.unfurl
home.py           the Home tab: app_home_opened and its search/paging actions -> views.publish
operator.py       what the admins see in the Home tab: sources and held posts (/healthz, ledger)
instrument.py     the Bolt middleware counting `/meetup` commands
routes.py         Slack's routes in the web app (bot/web): Bolt's WSGI adapter, after the
                  limits middleware checked Slack's signature
socket_mode.py    the same Bolt app over Socket Mode
startup.py        the Slack side of start-up: auth.test, the Bolt app, Socket Mode
service.py        what serve keeps running: store, index sync, publisher; /healthz, /readyz
                  say what it reports (bot/web/ops.py serves them)
serving.py        publishing started, and the routes start-up mounts (Slack, preview, webhook)
"""
