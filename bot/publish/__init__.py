"""Auto-publishing: new meetup posts go to MEETUP_CHANNEL (and subscribed channels) exactly once.

publisher.py      one scan-and-publish pass (`Publisher.run_once`), tying the rest together
scan.py           which post files of the catalog (bot/catalog.py) changed, publishable at `now`
records.py        recording a scan in the ledger: each changed file's state, backfill picks
plan.py           a post's parts (announcement, talks, the rest past MEETUP_MAX_TALK_MESSAGES)
                  rendered, hashed, matched to the ledger
sync.py           one post's messages brought in line with its parts, claim by claim
target_sync.py    one channel's copy of a post, and why it is still pending
fanout.py         where a post goes: MEETUP_CHANNEL and each subscribed channel, with its token
poster.py         Slack calls: post / update one part, read parts back by their metadata
retry.py          retries, backoff, Retry-After, the rate limit, Slack-error classification
dryrun.py         DRY mode: each message printed as a JSON line, nothing sent
factory.py        the publisher from the settings (real or DRY)
ledger.py         the durable record of what was posted (the interface, `open_ledger`)
ledger_sql.py     the ledger on SQLite and PostgreSQL: SQLAlchemy Core over bot/tables.py
jobs.py           the APScheduler job (poll + trigger) and the optional git pull
webhook.py        the POST /webhooks/github route: signature check, then a scan at once
status.py         per-post publication status and the /healthz reason
"""
