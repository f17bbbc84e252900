"""Words only the command line says: count options, `publish`'s modes and summary line,
`preview`'s labels and notes, and the lines `talks` / `search` add around their lists."""

from __future__ import annotations

from words.entry import T

WORDS = {
    "arg.not_a_count": T(
        "{value} is not a whole number of {least} or more",
        "{value} は {least} 以上の整数ではありません",
    ),
    "publish.needs_mode": T(
        "say --once (one scan, then exit: for cron), --backfill N (post the newest N posts on"
        " purpose) or --watch (scan every MEETUP_POLL_INTERVAL seconds until stopped);"
        " `meetup-bot serve` publishes new posts too, as it answers Slack",
        "--once（一度だけスキャンして終了。cron 向け）、--backfill N（新しい順に N 件の記事を"
        "意図して投稿）、--watch（止めるまで MEETUP_POLL_INTERVAL 秒ごとにスキャン）の"
        "どれかを指定してください。`meetup-bot serve` も Slack に応答しながら"
        "新しい記事を投稿します",
    ),
    "publish.watching": T(
        "publish: scanning {path} every {seconds:g} s until stopped (Ctrl-C); each scan that posts"
        " something says so here",
        "publish: 止めるまで（Ctrl-C）{path} を {seconds:g} 秒ごとにスキャンします。"
        "何かを投稿したスキャンはここに表示します",
    ),
    "publish.summary": T(
        "publish: {verb} {posted}{posts}; pending {pending}; held {held} (drafts, scheduled);"
        " skipped {old} older than the first run (--backfill N posts them), {broken} unreadable",
        "publish: {verb} {posted}{posts}。未投稿 {pending}。保留 {held}（下書き・予約）。"
        "初回より前の記事 {old} 件は飛ばしました（--backfill N で投稿できます）。"
        "読めない記事 {broken}",
    ),
    "publish.verb": T("posted", "投稿"),
    "publish.verb_dry": T(
        "DRY, nothing sent (no SLACK_BOT_TOKEN): would post",
        "ドライラン、送信なし（SLACK_BOT_TOKEN なし）: 投稿予定",
    ),
    "preview.written.one": T(
        "wrote {path}: the preview page of 1 message (open it in a browser)",
        "{path} に 1 件のメッセージのプレビューページを書き出しました（ブラウザで開いてください）",
    ),
    "preview.written.other": T(
        "wrote {path}: the preview page of {n} messages (open it in a browser)",
        "{path} に {n} 件のメッセージのプレビューページを書き出しました"
        "（ブラウザで開いてください）",
    ),
    "builder.announcement": T("Announcement", "告知"),
    "builder.more_talks.one": T(
        "Last message (1 more talk)", "最後のメッセージ（ほか1件のトーク）"
    ),
    "builder.more_talks.other": T(
        "Last message ({n} more talks)", "最後のメッセージ（ほか{n}件のトーク）"
    ),
    "drafts.left_out": T(
        "Drafts (draft: true, published: false, _drafts/) are left out.",
        "下書き（draft: true、published: false、_drafts/）は含みません。",
    ),
    "index.progress": T("Indexing MEETUP_POSTS", "MEETUP_POSTS を索引しています"),
    "talks.also_matching": T("Also matching: {others}", "ほかに合うもの: {others}"),
}
