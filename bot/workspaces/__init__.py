"""Many workspaces (issue 5): channel subscriptions, OAuth installations, database plumbing.

db.py                  database URLs (redacted for messages, SQLAlchemy form) + PostgreSQL
                       connections and schema migrations under an advisory lock
subscriptions.py       which channels of which workspace get new reports (SQLite, PostgreSQL)
oauth.py               Bolt's OAuth flow: installation + state stores in the database
tokens.py              the bot token of a workspace (installation store, or SLACK_BOT_TOKEN)
"""
