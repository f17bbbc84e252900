"""Auto-publishing: new meetup posts go to MEETUP_CHANNEL exactly once (issue 4).

ledger.py         the durable record of what was posted (SQLite now, PostgreSQL later)
scan.py           which post files changed, and which posts are publishable at `now`
plan.py           a post's parts (announcement, talks) rendered, hashed, matched to the ledger
poster.py         Slack calls: retries, backoff, Retry-After, rate limit, metadata read-back
publisher.py      one scan-and-publish pass, tying the above together
site_url.py       a post's public URL from Jekyll/Hugo site config or MEETUP_SITE_URL
jobs.py           the APScheduler job (poll + trigger) and the optional git pull
webhook.py        POST /webhooks/github: signature check, then a scan at once
status.py         per-post publication status and the /healthz reason
"""
