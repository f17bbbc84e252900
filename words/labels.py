"""Words the formatters put around a post's own text in its Slack messages (and the preview
draws): link buttons, counts, dates, the footer."""

from __future__ import annotations

from words.entry import T

WORDS = {
    "label.slides": T("Slides", "スライド"),
    "label.video": T("Video", "動画"),
    "label.talk_page": T("Talk page", "発表ページ"),
    "label.impressions": T("Impressions", "感想"),
    "label.more": T("+{n} more", "ほか{n}件"),
    "label.talks": T("Talks", "トーク"),
    "talk_count.one": T("1 talk", "トーク1件"),
    "talk_count.other": T("{n} talks", "トーク{n}件"),
    "label.more_talks": T("+{n} more talks", "ほか{n}件のトーク"),
    "label.talk_position": T("Talk {i} of {n}", "トーク {i}/{n}"),
    "label.speaker": T("Speaker", "登壇者"),
    "label.read_full_post": T("Read the full post", "記事全文を読む"),
    "label.event_page": T("Event page", "イベントページ"),
    "label.untitled": T("(untitled)", "（無題）"),
    "label.image": T("Image", "画像"),
    "label.embed": T("Embed", "埋め込み"),
    "label.code": T("Code", "コード"),
    "label.table": T("Table", "表"),
    "label.rows": T("{n} rows", "{n}行"),
    "date.day": T(
        "{year:04d}-{month:02d}-{day:02d} ({weekday})", "{year}年{month}月{day}日({weekday})"
    ),
    "weekday.0": T("Mon", "月"),
    "weekday.1": T("Tue", "火"),
    "weekday.2": T("Wed", "水"),
    "weekday.3": T("Thu", "木"),
    "weekday.4": T("Fri", "金"),
    "weekday.5": T("Sat", "土"),
    "weekday.6": T("Sun", "日"),
    "talk.removed": T("This talk was removed from the post.", "この発表は記事から削除されました。"),
    "talks.not_listed": T(
        "The talks are not listed here: read the full post for them.",
        "発表の一覧はここには載せていません。記事全文をご覧ください。",
    ),
    "more_talks.heading": T("{count} more talks", "ほか{count}件のトーク"),
    "more_talks.fallback": T("{title}: {count} more talks", "{title}: ほか{count}件のトーク"),
}
