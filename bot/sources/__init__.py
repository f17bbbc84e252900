"""Where posts come from: local folders, git repositories the bot clones itself, and feeds.

spec.py     MEETUP_SOURCES -> one SourceSpec per source: the key its post ids carry, and the
            folder the catalog reads for it (fetched sources under MEETUP_DATA_DIR)
git.py      a repository: cloned, then fetched and reset to the remote's HEAD (force-push too)
feed.py     a feed: conditional GET, each entry written as a markdown post (entry_html.py)
entry_html.py  the one HTML path: an entry's HTML -> markdown with front matter -> the parser
errors.py   SourceError: why a source could not be read now (its words: words/operator.py)
refresh.py  bringing every source up to date, each on its own clock, with backoff on failure;
            what /healthz says of them

Every source ends as a folder of markdown files: the catalog (bot/catalog.py) reads them all
alike, so exactly-once publishing, edits, drafts, baselines and the index work the same for
every kind. A source that fails keeps what it had: nothing is deleted, nothing posted twice.
"""
