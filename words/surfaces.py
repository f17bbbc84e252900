"""Words of the Slack surfaces besides `/meetup`: the card under a pasted link to a post
(link unfurls) and the app's Home tab."""

from __future__ import annotations

from words.entry import T

WORDS = {
    "button.show_talks": T("Show talks", "トークを見る"),
    "home.title": T("Meetup reports", "ミートアップレポート"),
    "home.search_label": T("Search talks", "トークを検索"),
    "home.search_placeholder": T(
        "Words, or speaker:@name — then press Enter", "言葉や speaker:@名前 を入力して Enter"
    ),
    "home.search_hint": T(
        "The same search as `/meetup search`.", "`/meetup search` と同じ検索です。"
    ),
    "home.clear": T("Clear search", "検索をやめる"),
    "home.latest": T("Latest meetups", "最新のミートアップ"),
    "home.meetups_page": T("Meetups {first}–{last}", "ミートアップ {first}–{last}件目"),
    "home.more_talks": T(
        "+{n} more talks: `/meetup talks {selector}`", "ほか{n}件: `/meetup talks {selector}`"
    ),
    "home.no_meetups": T(
        "No meetup reports are indexed yet.", "索引にミートアップレポートがまだありません。"
    ),
    "home.operator": T("Sources (admins only)", "ソース（管理者のみ）"),
    "home.status_ok": T("Everything is fine.", "問題ありません。"),
    "home.status_degraded": T("Degraded: {reason}", "要対応: {reason}"),
    "home.last_read": T("Last read: {when}", "最終読み込み: {when}"),
    "home.never_read": T("Not read yet", "まだ読み込んでいません"),
    "home.last_error": T(
        "Last error ({failures} in a row): {error}", "直近のエラー（{failures}回連続）: {error}"
    ),
    "home.held": T("Posts held", "保留中の記事"),
    "home.held_none": T("No post is held.", "保留中の記事はありません。"),
    "home.state.pending": T("pending", "送信待ち"),
    "home.state.scheduled": T("scheduled", "予約済み"),
    "home.state.invalid": T("cannot be read", "読み込めません"),
    "home.held_more": T("+{n} more held posts", "ほか{n}件の保留中の記事"),
    "home.sources_more": T(
        "+{n} more sources (see /healthz)", "ほか{n}件のソース（/healthz を参照）"
    ),
}
