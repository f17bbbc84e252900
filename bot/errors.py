"""Errors the user sees, and their texts: every user-facing error message lives here."""

from __future__ import annotations


class MeetupBotError(Exception):
    """Base class: `str(error)` is one clear line, shown as is to the user or operator."""


class PostError(MeetupBotError):
    """A post file could not be read or parsed."""


class ConfigError(MeetupBotError):
    """A setting is missing or malformed."""


# --- post files -------------------------------------------------------------------------------
POST_NOT_FOUND = "{path}: no such file"
POST_IS_DIRECTORY = "{path}: is a directory, not a post file"
POST_NOT_REGULAR = (
    "{path}: is not a regular file (a FIFO, socket or device); only regular files are read"
)
POST_NOT_READABLE = "{path}: cannot be read ({reason})"
POST_TOO_LARGE = "{path}: is {size:,} bytes; posts larger than {limit:,} bytes are refused"
POST_BINARY = "{path}: looks like a binary file, not a markdown post"
POST_NOT_UTF8 = "{path}: is not UTF-8 text (byte {offset}); save it as UTF-8"
POST_EMPTY = "{path}: is empty"
POST_BAD_FRONT_MATTER = "{path}: front matter is not valid {kind}: {reason}"
POST_LINK_SKIPPED = (
    "{path} -> {target}: a symbolic link in MEETUP_POSTS, skipped (links are never followed: "
    "only the folder's own files are read)"
)
POST_SAME_ID = (
    "{left}: left out, {kept} is the post {post} (two files of one name with different "
    "suffixes; rename one)"
)


# --- search index and queries (bot/store, bot/indexer, bot/search) -----------------------------
class QueryError(MeetupBotError):
    """A search query cannot be run (empty, too long)."""


DATABASE_UNKNOWN_SCHEME = (
    "MEETUP_DATABASE_URL: {url} is not a supported database URL;"
    " use sqlite:///PATH or postgresql://USER@HOST/DB"
)
DATABASE_DRIVER_MISSING = (
    "MEETUP_DATABASE_URL: {url} needs the PostgreSQL driver, which is not installed ({reason}):"
    " pip install 'meetup-bot[postgres]', or run the container image, which has it"
)
QUERY_EMPTY = "Type some words to search for, e.g. `kubernetes` or `speaker:@yugui`."
QUERY_TOO_LONG = (
    "That search is {length:,} characters long; please keep it to {limit} characters or fewer."
)
MEETUP_NOT_FOUND = "No meetup matches “{selector}”."
INDEX_FOLDER_MISSING = "MEETUP_POSTS: {path} is not a folder of posts"
INDEX_SYNC_STUCK = (
    "the index sync has not finished for {seconds:.0f} s (a file or the database does not answer)"
)


# --- the local preview page (bot/preview) -----------------------------------------------------
PREVIEW_NOT_WRITTEN = "{path}: cannot write the preview page ({reason})"
PREVIEW_POST_NOT_FOUND = "No post “{post_id}” in the posts folder."
PREVIEW_LOCAL_ONLY = (
    "The preview shows drafts, so it answers only on this machine (127.0.0.1); "
    "set MEETUP_PREVIEW=1 to share it."
)
PREVIEW_SEARCH_UNAVAILABLE = "Search is unavailable: {reason}"
STARTING_TITLE = {"en": "meetup-bot is starting", "ja": "meetup-bot を起動しています"}
"""The page a browser gets from `serve` before start-up is done (bot/web/starting.py)."""
STARTING_TEXT = {
    "en": "The bot is starting up (now: {step}). This page reloads itself every {seconds}"
    " seconds until the bot is ready.",
    "ja": "ボットを起動しています（現在: {step}）。準備ができるまで、このページは {seconds}"
    " 秒ごとに自動で再読み込みされます。",
}


# --- Slack app: /meetup answers, buttons and `meetup-bot serve` (bot/slack, formatters/results) -
USAGE = (
    "*How to use /meetup*\n"
    "• `/meetup talks` — the talks of the latest meetup\n"
    "• `/meetup talks MEETUP` — the talks of one meetup, by title, slug or date"
    " (`/meetup talks docker meetup #4`, `/meetup talks 2015-01`)\n"
    "• `/meetup search WORDS` — find talks by title, speaker or notes"
    " (`/meetup search cgroup`)\n"
    "• `/meetup subscribe` — (in a channel) send new meetup reports to this channel\n"
    "• `/meetup unsubscribe` — stop sending them here\n"
    "• `/meetup subscriptions` — the channels of this workspace that receive them\n"
    "• `/meetup help` — this help"
)
USAGE_FALLBACK = (
    "Usage: /meetup talks [MEETUP] | /meetup search WORDS | /meetup subscribe"
    " | /meetup unsubscribe | /meetup subscriptions | /meetup help"
)
UNKNOWN_SUBCOMMAND = "I don't know `/meetup {word}`: did you mean `/meetup {suggestion}`?"
UNKNOWN_SUBCOMMAND_SEARCH = (
    "I don't know `/meetup {word}`: to search for talks, type `/meetup search {text}`."
)
SEARCH_NEEDS_QUERY = "What should I search for? Try `/meetup search cgroup`."
NO_RESULTS = (
    "No talk matches “{query}”. Try other words, or `/meetup talks` to see the latest meetup."
)
NO_MEETUPS = "No meetups are indexed yet: nothing to show."
NO_MEETUP_MATCH = "No meetup matches “{selector}”. Try `/meetup talks` for the latest one."
MEETUP_HAS_NO_TALKS = "{title} has no talks listed."
PICK_MEETUP = "Several meetups match “{selector}”: which one?"
PICK_MORE = "…and {count} more: type more of the title or the date to narrow it down."
RESULTS_SEARCH = "{shown} of {total} talks matching “{query}”"
RESULTS_SEARCH_ABOUT = "{shown} of about {total} talks matching “{query}”"
"""The total is an estimate (`ResultPage.total_exact` False)."""
NO_MORE_RESULTS = "No more results: all {total} talks matching “{query}” are on the earlier pages."
"""A Next page that came back empty: the matches ran out (an estimated total was too high)."""
NO_MORE_RESULTS_ABOUT = "No more results for “{query}”: the earlier pages have them all."
"""The same, when even the empty page's total is an estimate."""
RESULTS_TALKS = "Talks {first}–{last} of {total}"
TALKS_MORE = "{count} more: run it again with --offset {offset}"
"""`meetup-bot talks` under a page that is not the last (a meetup of over 40 talks)."""
TALKS_PAST_END = "No talks from --offset {offset}: {title} has {total}."
SHARED_FROM_SEARCH = "Shared from `/meetup search {query}`"
SHARED_FROM_TALKS = "Shared from `/meetup talks`"
ACTION_STALE = "That button no longer works (the talk list changed); please run the command again."
ANSWER_FAILED = "Sorry, something went wrong answering that. Please try again in a moment."
BUTTON_SHARE = "Share in channel"
BUTTON_NEXT = "Next ›"
BUTTON_PREVIOUS = "‹ Previous"
UNTITLED_TALK = "(untitled talk)"
NO_SPEAKER = "(speaker not named)"
NO_DATE = "date unknown"
SIGNING_SECRET_MISSING = (
    "SLACK_SIGNING_SECRET: missing; HTTP mode with SLACK_BOT_TOKEN needs it to verify Slack's"
    " requests (or set SLACK_APP_TOKEN for Socket Mode)"
)
BOT_TOKEN_MALFORMED = "SLACK_BOT_TOKEN: must be a bot token starting with xoxb-"
APP_TOKEN_MALFORMED = "SLACK_APP_TOKEN: must be an app-level token starting with xapp-"
BOT_TOKEN_REFUSED = "SLACK_BOT_TOKEN: Slack refused it ({error})"
APP_TOKEN_REFUSED = "SLACK_APP_TOKEN: Slack refused it ({error})"
SLACK_API_UNREACHABLE = "SLACK_API_URL: cannot reach {url} ({reason})"
PORT_IN_USE = "PORT: cannot listen on port {port} ({reason})"


# --- auto-publishing (bot/publish) --------------------------------------------------------------
PUBLISH_NO_CHANNEL = (
    "MEETUP_CHANNEL is not set: set it to the ID of the channel to post to (e.g. C0123456789)"
)
PUBLISH_BAD_LAYOUT = "MEETUP_LAYOUT: must be thread or flat"
# Slack errors that no retry can fix: one line naming the fix; the post stays pending.
SLACK_FIXES = {
    "invalid_auth": "SLACK_BOT_TOKEN is not valid: set a current bot token (xoxb-...)",
    "not_authed": "SLACK_BOT_TOKEN is missing in the request: set a bot token (xoxb-...)",
    "account_inactive": "the bot's token belongs to a deleted user or app: reinstall the app",
    "token_revoked": "SLACK_BOT_TOKEN was revoked: reinstall the app and set the new token",
    "token_expired": "SLACK_BOT_TOKEN expired: refresh or reinstall, then set the new token",
    "missing_scope": "the bot lacks a scope: add chat:write and channels:history, then reinstall",
    "channel_not_found": "MEETUP_CHANNEL {channel} was not found: set it to an existing channel ID",
    "not_in_channel": "the bot is not in {channel}: invite it there (/invite @meetup-bot)",
    "is_archived": "channel {channel} is archived: unarchive it or set MEETUP_CHANNEL to another",
}
SLACK_STOPPED = "publishing stopped: {fix} (Slack said {error}); posts stay pending until fixed"
SLACK_PART_FAILED = "{post} {part}: Slack refused the message ({error}); it stays pending"
SLACK_GAVE_UP = "{post} {part}: Slack unreachable after {attempts} attempts ({error}); retry later"
PUBLISH_POST_UNREADABLE = "{path}: skipped, cannot be parsed: {reason}"
PUBLISH_POST_DELETED = "{post}: its file was deleted; its Slack messages are left as they are"
PUBLISH_EDITED = "edited: its messages are being updated"
PUBLISH_NOW_DRAFT = (
    "{post}: published earlier, now a draft; its Slack messages are left as they are"
)
PUBLISH_PENDING_DEGRADED = "{count} post(s) pending because of an error: {reason}"
PUBLISH_BACKFILL_NEGATIVE = "--backfill takes a positive number of posts"
TALK_REMOVED = {
    "en": "This talk was removed from the post.",
    "ja": "この発表は記事から削除されました。",
}
GIT_PULL_FAILED = "MEETUP_GIT_PULL: git pull in {path} failed: {reason}"
WEBHOOK_NO_SECRET = "MEETUP_WEBHOOK_SECRET is not set: /webhooks/github refuses every request"
WEBHOOK_BAD_SIGNATURE = "bad or missing X-Hub-Signature-256"
WEBHOOK_BAD_JSON = "the webhook body is not a JSON object"


# --- many workspaces: subscriptions, OAuth, PostgreSQL (bot/workspaces, issue 5) ----------------
DATABASE_CANNOT_OPEN = "MEETUP_DATABASE_URL: cannot open {what} at {url}: {reason}"
SUBSCRIPTION_STOPPED = (
    "not sent to subscribed channel {channel} of workspace {team} (Slack said {error});"
    " retried on the next scan"
)
SUBSCRIBED = (
    "This channel now receives new meetup reports, as they are published."
    " `/meetup unsubscribe` stops it."
)
SUBSCRIBED_ANNOUNCEMENT = (
    "This channel now receives new meetup reports (`/meetup subscribe`);"
    " `/meetup unsubscribe` stops it."
)
ALREADY_SUBSCRIBED = "This channel already receives new meetup reports."
UNSUBSCRIBED = "This channel no longer receives new meetup reports."
NOT_SUBSCRIBED = (
    "This channel is not subscribed: nothing to stop. `/meetup subscriptions` lists the"
    " subscribed channels."
)
SUBSCRIBE_IN_DM = (
    "Reports can only go to a channel: run `/meetup subscribe` in the channel that should"
    " receive them."
)
SUBSCRIBE_NOT_IN_CHANNEL = (
    "I can't post in this channel yet: invite me first with `/invite @meetup-bot`,"
    " then run `/meetup subscribe` again."
)
SUBSCRIBE_CANNOT_POST = (
    "I can't post in this channel (Slack said `{error}`), so it was not subscribed."
)
SUBSCRIBE_UNAVAILABLE = (
    "Subscriptions are not available: the bot runs without a Slack token or database."
)
SUBSCRIPTION_TAKES_NO_ARGUMENT = (
    "`/meetup {subcommand}` takes no argument: run it in the channel itself (you typed `{text}`)."
)
SUBSCRIPTIONS_NONE = (
    "No channel of this workspace is subscribed. Run `/meetup subscribe` in a channel to send"
    " new meetup reports there."
)
SUBSCRIPTIONS_LIST = "Channels receiving new meetup reports ({count}):"
SUBSCRIPTIONS_DEFAULT = "(the bot's default channel, MEETUP_CHANNEL)"
PUBLISH_STOPPED = "stopped while shutting down; the next start sends the rest, exactly once"
OAUTH_SETTINGS_INCOMPLETE = (
    "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: set both for installing in many workspaces"
    " (OAuth), or neither for one workspace with SLACK_BOT_TOKEN"
)


# --- the talk verdict (issue 9): front matter `talks:`, `meetup-bot check`, the preview page and
# the announcement of an unsure post. Texts people read about their own post come in en and ja
# (`bot.verdict.say` picks one); operator log lines and PostErrors are English, like the rest.
POST_BAD_TALKS = "{path}: front matter {key}: {reason}"
TALKS_NOT_A_LIST = "expected a list of talks, got {got}"
TALK_NOT_A_MAPPING = "expected a mapping (speaker, title, slides, video, talk_page), got {got}"
TALK_EXPECTED_TEXT = "expected text, got {got}"
TALK_EXPECTED_URL = "expected an http(s) or site-relative (/...) URL, got {value}"
TALK_NEEDS_SPEAKER_OR_TITLE = "needs a speaker or a title"
TALK_UNKNOWN_KEY = "unknown key; a talk takes speaker, title, slides, video and talk_page"
PUBLISH_TALKS_HELD = (
    "{post}: only the announcement is posted, the talk list is unsure (confidence"
    " {confidence:.2f}); `meetup-bot check` shows why, front matter `talks:` fixes it"
)
LEFT_OUT_REASONS = {
    "section_word": {
        "en": "a section word, not a talk",
        "ja": "セクション名で、発表ではありません",
    },
    "container": {
        "en": "a heading that groups talks, not a talk itself",
        "ja": "発表をまとめる見出しで、発表そのものではありません",
    },
    "break": {
        "en": "a break, opening or party slot, not a talk",
        "ja": "休憩・開場・懇親会などの枠で、発表ではありません",
    },
    "no_speaker_or_title": {
        "en": "names neither a speaker nor a title",
        "ja": "登壇者もタイトルも見つかりません",
    },
    "prose": {"en": "prose, not a talk", "ja": "地の文で、発表ではありません"},
    "weaker_than_siblings": {
        "en": "a list of links beside talks that all name their speaker, not talks",
        "ja": "登壇者の分かる発表と並ぶリンクの一覧で、発表ではありません",
    },
}
"""Why a unit of the post is not a talk, by `LeftOut.reason`."""
LEFT_OUT_OTHER = {
    "en": "not taken as a talk ({reason})",
    "ja": "発表とみなしませんでした（{reason}）",
}
"""A `LeftOut.reason` the catalog has no words for."""
VERDICT_CONFIDENT = {
    "en": "Confident: the announcement and {talks} will be posted.",
    "ja": "確信あり: 告知と{talks}を投稿します。",
}
VERDICT_FRONT_MATTER = {
    "en": "Listed in the front matter: the announcement and {talks} will be posted.",
    "ja": "フロントマターの talks: のとおり、告知と{talks}を投稿します。",
}
VERDICT_UNSURE = {
    "en": "Unsure: only the announcement will be posted, without the talks.",
    "ja": "確信なし: 告知だけを投稿し、発表は投稿しません。",
}
FOUND_DETECTED = {
    "en": "Found {talks} (confidence {confidence})",
    "ja": "{talks}を検出（確度 {confidence}）",
}
FOUND_FRONT_MATTER = {
    "en": "{talks} listed in the front matter (talks:)",
    "ja": "フロントマター（talks:）に{talks}",
}
TALK_CONFIDENCE = {"en": "confidence {confidence}", "ja": "確度 {confidence}"}
LEFT_OUT_HEADING = {"en": "Left out", "ja": "発表とみなさなかったもの"}
FIX_HINT = {
    "en": "To post the talks, list them in the post's front matter; `talks:` replaces the"
    " detection. Check and complete this example:",
    "ja": "発表も投稿するには、記事のフロントマターに talks: で発表を書いてください"
    "（自動検出の代わりに使われます）。この例を確認・修正して使えます:",
}
FIX_HINT_TOML = {
    "en": "(In a +++ TOML front matter the [[talks]] tables go last, after the other keys.)",
    "ja": "（+++ の TOML フロントマターでは、[[talks]] の表をほかのキーより後ろ、"
    "最後に置きます。）",
}
NO_TITLE = {"en": "(no title)", "ja": "（タイトルなし）"}
NO_SPEAKER_NAMED = {"en": "(no speaker)", "ja": "（登壇者なし）"}
EXAMPLE_SPEAKER = {"en": "Speaker name", "ja": "登壇者名"}
EXAMPLE_TITLE = {"en": "Talk title", "ja": "発表タイトル"}
TALKS_NOT_LISTED = {
    "en": "The talks are not listed here: read the full post for them.",
    "ja": "発表の一覧はここには載せていません。記事全文をご覧ください。",
}
"""The announcement's line when the post's talk list is unsure (`Post.talks_posted` False)."""
MORE_TALKS_HEADING = {"en": "{count} more talks", "ja": "ほか{count}件のトーク"}
"""The last message of a post with more talks than MEETUP_MAX_TALK_MESSAGES (formatters)."""
MORE_TALKS_FALLBACK = {"en": "{title}: {count} more talks", "ja": "{title}: ほか{count}件のトーク"}
VERDICT_CAPPED = {
    "en": "{own} talks get their own message; the other {rest} are listed in the last one, "
    "with the link to the full post (MEETUP_MAX_TALK_MESSAGES={cap}).",
    "ja": "{own}件のトークはそれぞれのメッセージで投稿し、残りの{rest}件は最後のメッセージに"
    "記事全文へのリンクとともに一覧します (MEETUP_MAX_TALK_MESSAGES={cap})。",
}
