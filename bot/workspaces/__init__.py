"""Many workspaces (issue 5): channel subscriptions and OAuth installations.

subscriptions.py       which channels of which workspace get new reports (SQLite, PostgreSQL)
oauth.py               Bolt's OAuth settings: installation + state stores in the database
                       (the pages are Bolt's, served by bot/slack/routes.py)
uninstall.py           app_uninstalled / tokens_revoked: forget the workspace

Database plumbing is shared with the rest of the bot: bot/db.py (engines, Core statements),
bot/tables.py and bot/migrations (the tables, migrated under one lock) and bot/dburl.py (URLs).
"""
