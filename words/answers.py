"""Words of the answers to `/meetup` (search results, talk lineups, buttons, subscriptions) and
of `meetup-bot search` / `meetup-bot talks`, which answer the same questions on a terminal."""

from __future__ import annotations

from words.entry import T

WORDS = {
    "query.empty": T(
        "Type some words to search for, e.g. `kubernetes` or `speaker:@yugui`.",
        "検索する言葉を入力してください（例: `kubernetes`、`speaker:@yugui`）。",
    ),
    "query.too_long": T(
        "That search is {length:,} characters long; please keep it to {limit} characters or fewer.",
        "検索語が {length:,} 文字あります。{limit} 文字以内にしてください。",
    ),
    "meetup.not_found": T(
        "No meetup matches “{selector}”.", "「{selector}」に合うミートアップはありません。"
    ),
    "usage": T(
        "*How to use /meetup*\n"
        "• `/meetup talks` — the talks of the latest meetup\n"
        "• `/meetup talks MEETUP` — the talks of one meetup, by title, slug or date"
        " (`/meetup talks docker meetup #4`, `/meetup talks 2015-01`)\n"
        "• `/meetup search WORDS` — find talks by title, speaker or notes"
        " (`/meetup search cgroup`)\n"
        "• `/meetup subscribe` — (in a channel) send new meetup reports to this channel\n"
        "• `/meetup unsubscribe` — stop sending them here\n"
        "• `/meetup subscriptions` — the channels of this workspace that receive them\n"
        "• `/meetup help` — this help",
        "*/meetup の使い方*\n"
        "• `/meetup talks` — 最新のミートアップのトーク\n"
        "• `/meetup talks ミートアップ` — タイトル・スラッグ・日付で選んだミートアップのトーク"
        "（`/meetup talks docker meetup #4`、`/meetup talks 2015-01`）\n"
        "• `/meetup search 言葉` — タイトル・登壇者・メモからトークを検索"
        "（`/meetup search cgroup`）\n"
        "• `/meetup subscribe` — （チャンネルで）新しいミートアップレポートをこのチャンネルに送る\n"
        "• `/meetup unsubscribe` — このチャンネルへの送信をやめる\n"
        "• `/meetup subscriptions` — このワークスペースで受け取っているチャンネルの一覧\n"
        "• `/meetup help` — このヘルプ",
    ),
    "usage.fallback": T(
        "Usage: /meetup talks [MEETUP] | /meetup search WORDS | /meetup subscribe"
        " | /meetup unsubscribe | /meetup subscriptions | /meetup help",
        "使い方: /meetup talks [ミートアップ] | /meetup search 言葉 | /meetup subscribe"
        " | /meetup unsubscribe | /meetup subscriptions | /meetup help",
    ),
    "command.unknown": T(
        "I don't know `/meetup {word}`: did you mean `/meetup {suggestion}`?",
        "`/meetup {word}` というコマンドはありません。`/meetup {suggestion}` のことですか？",
    ),
    "command.unknown_search": T(
        "I don't know `/meetup {word}`: to search for talks, type `/meetup search {text}`.",
        "`/meetup {word}` というコマンドはありません。トークを検索するには"
        " `/meetup search {text}` と入力してください。",
    ),
    "search.needs_query": T(
        "What should I search for? Try `/meetup search cgroup`.",
        "何を検索しますか？ `/meetup search cgroup` のように入力してください。",
    ),
    "search.no_results": T(
        "No talk matches “{query}”. Try other words, or `/meetup talks` to see the latest meetup.",
        "「{query}」に合うトークはありません。別の言葉を試すか、`/meetup talks`"
        " で最新のミートアップをご覧ください。",
    ),
    "meetups.none": T(
        "No meetups are indexed yet: nothing to show.",
        "まだミートアップが索引されていないため、表示できるものがありません。",
    ),
    "meetups.no_match": T(
        "No meetup matches “{selector}”. Try `/meetup talks` for the latest one.",
        "「{selector}」に合うミートアップはありません。最新のものは `/meetup talks` で見られます。",
    ),
    "meetup.no_talks": T("{title} has no talks listed.", "{title} にはトークが載っていません。"),
    "pick.meetup": T(
        "Several meetups match “{selector}”: which one?",
        "「{selector}」に合うミートアップが複数あります。どれにしますか？",
    ),
    "pick.more": T(
        "…and {count} more: type more of the title or the date to narrow it down.",
        "…ほか{count}件。タイトルや日付をもっと入力して絞り込んでください。",
    ),
    "search.summary.one": T("1 talk matching “{query}”", "「{query}」に合うトーク 1件"),
    "search.summary.other": T(
        "{shown} of {total} talks matching “{query}”",
        "「{query}」に合うトーク {total}件中 {shown}件目",
    ),
    "search.summary_about": T(
        "{shown} of about {total} talks matching “{query}”",
        "「{query}」に合うトーク 約{total}件中 {shown}件目",
    ),
    "search.none": T("No talks match “{query}”.", "「{query}」に合うトークはありません。"),
    "search.no_more.one": T(
        "No more results: the 1 talk matching “{query}” is on the earlier pages.",
        "これ以上の結果はありません。「{query}」に合うトーク1件は前のページにあります。",
    ),
    "search.no_more.other": T(
        "No more results: all {total} talks matching “{query}” are on the earlier pages.",
        "これ以上の結果はありません。「{query}」に合うトーク{total}件はすべて前のページにあります。",
    ),
    "search.no_more_about": T(
        "No more results for “{query}”: the earlier pages have them all.",
        "「{query}」の結果はこれ以上ありません。前のページにすべてあります。",
    ),
    "talks.page": T("Talks {first}–{last} of {total}", "トーク {total}件中 {first}–{last}件目"),
    "talks.more": T(
        "{count} more: run it again with --offset {offset}",
        "ほか{count}件: --offset {offset} を付けてもう一度実行してください",
    ),
    "talks.past_end": T(
        "No talks from --offset {offset}: {title} has {total}.",
        "--offset {offset} 以降のトークはありません。{title} のトークは{total}件です。",
    ),
    "shared.search": T("Shared from `/meetup search {query}`", "`/meetup search {query}` から共有"),
    "shared.talks": T("Shared from `/meetup talks`", "`/meetup talks` から共有"),
    "answer.stale": T(
        "That button no longer works (the talk list changed); please run the command again.",
        "このボタンはもう使えません（トークの一覧が変わりました）。もう一度コマンドを実行してください。",
    ),
    "answer.failed": T(
        "Sorry, something went wrong answering that. Please try again in a moment.",
        "すみません、応答中に問題が起きました。少し待ってからもう一度お試しください。",
    ),
    "button.share": T("Share in channel", "チャンネルに共有"),
    "button.next": T("Next ›", "次へ ›"),
    "button.previous": T("‹ Previous", "‹ 前へ"),
    "talk.no_speaker": T("(speaker not named)", "（登壇者不明）"),
    "date.unknown": T("date unknown", "日付不明"),
    # --- subscriptions (bot/workspaces) ---
    "subscribe.done": T(
        "This channel now receives new meetup reports, as they are published."
        " `/meetup unsubscribe` stops it.",
        "このチャンネルで新しいミートアップレポートを公開され次第受け取るようになりました。"
        "やめるには `/meetup unsubscribe` を実行してください。",
    ),
    "subscribe.announcement": T(
        "This channel now receives new meetup reports (`/meetup subscribe`);"
        " `/meetup unsubscribe` stops it.",
        "このチャンネルで新しいミートアップレポートを受け取るようになりました"
        "（`/meetup subscribe`）。やめるには `/meetup unsubscribe` を実行してください。",
    ),
    "subscribe.already": T(
        "This channel already receives new meetup reports.",
        "このチャンネルはすでに新しいミートアップレポートを受け取っています。",
    ),
    "unsubscribe.done": T(
        "This channel no longer receives new meetup reports.",
        "このチャンネルには新しいミートアップレポートを送らないようにしました。",
    ),
    "unsubscribe.not_subscribed": T(
        "This channel is not subscribed: nothing to stop. `/meetup subscriptions` lists the"
        " subscribed channels.",
        "このチャンネルは購読していないので、やめるものはありません。"
        "購読中のチャンネルは `/meetup subscriptions` で確認できます。",
    ),
    "subscribe.in_dm": T(
        "Reports can only go to a channel: run `/meetup subscribe` in the channel that should"
        " receive them.",
        "レポートを送れるのはチャンネルだけです。受け取りたいチャンネルで `/meetup subscribe`"
        " を実行してください。",
    ),
    "subscribe.not_in_channel": T(
        "I can't post in this channel yet: invite me first with `/invite @meetup-bot`,"
        " then run `/meetup subscribe` again.",
        "まだこのチャンネルに投稿できません。先に `/invite @meetup-bot` で招待してから、"
        "もう一度 `/meetup subscribe` を実行してください。",
    ),
    "subscribe.cannot_post": T(
        "I can't post in this channel (Slack said `{error}`), so it was not subscribed.",
        "このチャンネルに投稿できないため（Slack の応答: `{error}`）、購読しませんでした。",
    ),
    "subscribe.unavailable": T(
        "Subscriptions are not available: the bot runs without a Slack token or database.",
        "購読は使えません。ボットが Slack のトークンかデータベースなしで動いています。",
    ),
    "subscribe.takes_no_argument": T(
        "`/meetup {subcommand}` takes no argument: run it in the channel itself"
        " (you typed `{text}`).",
        "`/meetup {subcommand}` に引数は要りません。そのチャンネルで実行してください"
        "（入力: `{text}`）。",
    ),
    "subscriptions.none": T(
        "No channel of this workspace is subscribed. Run `/meetup subscribe` in a channel to send"
        " new meetup reports there.",
        "このワークスペースで購読しているチャンネルはありません。新しいミートアップレポートを"
        "送りたいチャンネルで `/meetup subscribe` を実行してください。",
    ),
    "subscriptions.list": T(
        "Channels receiving new meetup reports ({count}):",
        "新しいミートアップレポートを受け取っているチャンネル（{count}）:",
    ),
    "subscriptions.default": T(
        "(the bot's default channel, MEETUP_CHANNEL)",
        "（ボットの既定のチャンネル、MEETUP_CHANNEL）",
    ),
}
