"""Many workspaces (issue 5): channel subscriptions, OAuth installations, database plumbing.

db.py                  PostgreSQL connections and schema migrations under an advisory lock
                       (database URLs themselves: bot/dburl.py)
subscriptions.py       which channels of which workspace get new reports (SQLite, PostgreSQL)
oauth.py               Bolt's OAuth flow: installation + state stores in the database
uninstall.py           app_uninstalled / tokens_revoked: forget the workspace
"""
