"""The Slack app: Bolt listeners (app.py), `/meetup` parsing (commands.py), buttons
(actions.py), answers from the store (answers.py), HTTP serving (server.py), Socket Mode
(socket_mode.py)."""
