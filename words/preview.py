"""Words of the local preview page (`bot/preview`): its pages, statuses and errors."""

from __future__ import annotations

from words.entry import T

WORDS = {
    "preview.post_not_found": T(
        "No post “{post_id}” in the posts folder.", "記事のフォルダに「{post_id}」はありません。"
    ),
    "preview.local_only": T(
        "The preview shows drafts, so it answers only on this machine (127.0.0.1); "
        "set MEETUP_PREVIEW=1 to share it.",
        "プレビューは下書きも見せるため、このマシン（127.0.0.1）からのアクセスにだけ応答します。"
        "共有するには MEETUP_PREVIEW=1 を設定してください。",
    ),
    "preview.search_unavailable": T(
        "Search is unavailable: {reason}", "検索は使えません: {reason}"
    ),
    "preview.no_search_index": T("no search index is configured", "検索の索引が設定されていません"),
    "preview.get_only": T("Only GET is served here.", "ここでは GET だけに応答します。"),
    "preview.no_such_page": T("No such page.", "そのページはありません。"),
    "preview.all_posts": T("All posts", "すべての記事"),
    "preview.back_to_posts": T("← All posts", "← すべての記事"),
    "preview.title_suffix": T("meetup-bot preview", "meetup-bot プレビュー"),
    "preview.tagline": T(
        "preview: nothing here is posted", "プレビュー: ここからは何も投稿されません"
    ),
    "preview.posts": T("Posts", "記事"),
    "preview.newest_first": T("newest first", "新しい順"),
    "preview.no_posts": T("No posts in the folder.", "フォルダに記事がありません。"),
    "preview.search_title": T("Search: {query}", "検索: {query}"),
    "preview.search_placeholder": T(
        "Search talks (same as /meetup search)", "トークを検索（/meetup search と同じ）"
    ),
    "preview.search_label": T("Search talks", "トークを検索"),
    "preview.search_button": T("Search", "検索"),
    "preview.results.one": T("1 talk for “{query}”", "「{query}」のトーク1件"),
    "preview.results.other": T("{n:,} talks for “{query}”", "「{query}」のトーク{n:,}件"),
    "preview.results_about.one": T("about 1 talk for “{query}”", "「{query}」のトーク約1件"),
    "preview.results_about.other": T(
        "about {n:,} talks for “{query}”", "「{query}」のトーク約{n:,}件"
    ),
    "preview.next": T("Next {n} →", "次の{n}件 →"),
    "preview.replies.one": T("1 reply in the thread", "スレッドに返信1件"),
    "preview.replies.other": T("{n} replies in the thread", "スレッドに返信{n}件"),
    "preview.no_messages": T(
        "This post makes no messages.", "この記事からはメッセージができません。"
    ),
    "preview.what_will_be_posted": T("What will be posted", "投稿される内容"),
    "preview.notification": T("Notification", "通知"),
    "preview.notification_hint": T(
        "the payload's text: what phone notifications and screen readers show",
        "ペイロードの text: スマートフォンの通知やスクリーンリーダーに表示される文",
    ),
    "preview.dead_link": T(
        "not an http(s) link: Slack would not open it",
        "http(s) のリンクではないため、Slack では開けません",
    ),
    "preview.unknown_block": T(
        "[block type “{block_type}” is not drawn by this preview]",
        "[ブロックの種類「{block_type}」はこのプレビューでは描画しません]",
    ),
    "preview.no_date": T("no date", "日付なし"),
    "status.draft": T("Draft", "下書き"),
    "status.scheduled": T("Scheduled for {when}", "{when} に公開予定"),
    "status.not_published": T("Not published (no publication record)", "未公開（公開の記録なし）"),
    "status.unreadable": T("Cannot be read", "読み込めません"),
    "status.dry_run": T("Printed (dry run), not posted", "出力のみ（ドライラン）、未投稿"),
    "status.published": T("Published", "公開済み"),
    "status.pending": T("Pending: {reason}", "未投稿: {reason}"),
    "status.existing": T(
        "Not posted: it was there before the bot's first run",
        "未投稿: ボットの初回起動より前からある記事です",
    ),
    "status.invalid": T("Not posted: the post cannot be read", "未投稿: 記事を読み込めません"),
    "status.deleted": T("Deleted", "削除済み"),
}
