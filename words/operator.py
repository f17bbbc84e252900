"""Words for the person who runs the bot: settings, the database, `serve`, publishing, the
webhook. They reach the CLI (as errors), the logs and `/healthz`."""

from __future__ import annotations

from words.entry import T

WORDS = {
    "database.unknown_scheme": T(
        "MEETUP_DATABASE_URL: {url} is not a supported database URL;"
        " use sqlite:///PATH or postgresql://USER@HOST/DB",
        "MEETUP_DATABASE_URL: {url} は対応していないデータベース URL です。"
        "sqlite:///PATH か postgresql://USER@HOST/DB を使ってください",
    ),
    "database.driver_missing": T(
        "MEETUP_DATABASE_URL: {url} needs the PostgreSQL driver, which is not installed"
        " ({reason}): pip install 'meetup-bot[postgres]', or run the container image, which has it",
        "MEETUP_DATABASE_URL: {url} には PostgreSQL のドライバが必要ですが、インストールされて"
        "いません（{reason}）。pip install 'meetup-bot[postgres]' を実行するか、ドライバ入りの"
        "コンテナイメージを使ってください",
    ),
    "database.cannot_open": T(
        "MEETUP_DATABASE_URL: cannot open {what} at {url}: {reason}",
        "MEETUP_DATABASE_URL: {url} の {what} を開けません: {reason}",
    ),
    "index.folder_missing": T(
        "MEETUP_POSTS: {path} is not a folder of posts",
        "MEETUP_POSTS: {path} は記事のフォルダではありません",
    ),
    "index.sync_stuck": T(
        "the index sync has not finished for {seconds:.0f} s"
        " (a file or the database does not answer)",
        "索引の同期が {seconds:.0f} 秒たっても終わりません（ファイルかデータベースが応答しません）",
    ),
    "preview.not_written": T(
        "{path}: cannot write the preview page ({reason})",
        "{path}: プレビューページを書き出せません（{reason}）",
    ),
    "serve.signing_secret_missing": T(
        "SLACK_SIGNING_SECRET: missing; HTTP mode with SLACK_BOT_TOKEN needs it to verify Slack's"
        " requests (or set SLACK_APP_TOKEN for Socket Mode)",
        "SLACK_SIGNING_SECRET: 設定されていません。SLACK_BOT_TOKEN を使う HTTP モードでは、"
        "Slack からのリクエストの検証に必要です（Socket Mode なら SLACK_APP_TOKEN を設定）",
    ),
    "serve.bot_token_malformed": T(
        "SLACK_BOT_TOKEN: must be a bot token starting with xoxb-",
        "SLACK_BOT_TOKEN: xoxb- で始まるボットトークンを設定してください",
    ),
    "serve.app_token_malformed": T(
        "SLACK_APP_TOKEN: must be an app-level token starting with xapp-",
        "SLACK_APP_TOKEN: xapp- で始まるアプリレベルトークンを設定してください",
    ),
    "serve.bot_token_refused": T(
        "SLACK_BOT_TOKEN: Slack refused it ({error})",
        "SLACK_BOT_TOKEN: Slack に拒否されました（{error}）",
    ),
    "serve.app_token_refused": T(
        "SLACK_APP_TOKEN: Slack refused it ({error})",
        "SLACK_APP_TOKEN: Slack に拒否されました（{error}）",
    ),
    "serve.slack_api_unreachable": T(
        "SLACK_API_URL: cannot reach {url} ({reason})",
        "SLACK_API_URL: {url} に接続できません（{reason}）",
    ),
    "serve.port_in_use": T(
        "PORT: cannot listen on port {port} ({reason})",
        "PORT: ポート {port} で待ち受けできません（{reason}）",
    ),
    "serve.oauth_settings_incomplete": T(
        "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: set both for installing in many workspaces"
        " (OAuth), or neither for one workspace with SLACK_BOT_TOKEN",
        "SLACK_CLIENT_ID と SLACK_CLIENT_SECRET: 複数のワークスペースにインストールする（OAuth）"
        "なら両方を、SLACK_BOT_TOKEN で一つのワークスペースに使うならどちらも設定しないでください",
    ),
    "starting.title": T("meetup-bot is starting", "meetup-bot を起動しています"),
    "starting.text": T(
        "The bot is starting up (now: {step}). This page reloads itself every {seconds}"
        " seconds until the bot is ready.",
        "ボットを起動しています（現在: {step}）。準備ができるまで、このページは {seconds}"
        " 秒ごとに自動で再読み込みされます。",
    ),
    # --- auto-publishing (bot/publish) ---
    "publish.no_channel": T(
        "MEETUP_CHANNEL is not set: set it to the ID of the channel to post to (e.g. C0123456789)",
        "MEETUP_CHANNEL が設定されていません。投稿先チャンネルの ID（例: C0123456789）を"
        "設定してください",
    ),
    "publish.bad_layout": T(
        "MEETUP_LAYOUT: must be thread or flat",
        "MEETUP_LAYOUT: thread か flat を設定してください",
    ),
    "slack_fix.invalid_auth": T(
        "SLACK_BOT_TOKEN is not valid: set a current bot token (xoxb-...)",
        "SLACK_BOT_TOKEN が無効です。有効なボットトークン（xoxb-...）を設定してください",
    ),
    "slack_fix.not_authed": T(
        "SLACK_BOT_TOKEN is missing in the request: set a bot token (xoxb-...)",
        "リクエストに SLACK_BOT_TOKEN がありません。ボットトークン（xoxb-...）を設定してください",
    ),
    "slack_fix.account_inactive": T(
        "the bot's token belongs to a deleted user or app: reinstall the app",
        "ボットのトークンが削除済みのユーザーかアプリのものです。アプリを再インストールしてください",
    ),
    "slack_fix.token_revoked": T(
        "SLACK_BOT_TOKEN was revoked: reinstall the app and set the new token",
        "SLACK_BOT_TOKEN が取り消されました。アプリを再インストールし、新しいトークンを"
        "設定してください",
    ),
    "slack_fix.token_expired": T(
        "SLACK_BOT_TOKEN expired: refresh or reinstall, then set the new token",
        "SLACK_BOT_TOKEN の期限が切れました。更新か再インストールをして、新しいトークンを"
        "設定してください",
    ),
    "slack_fix.missing_scope": T(
        "the bot lacks a scope: add chat:write and channels:history, then reinstall",
        "ボットに必要なスコープがありません。chat:write と channels:history を追加して"
        "再インストールしてください",
    ),
    "slack_fix.channel_not_found": T(
        "MEETUP_CHANNEL {channel} was not found: set it to an existing channel ID",
        "MEETUP_CHANNEL の {channel} が見つかりません。存在するチャンネルの ID を設定してください",
    ),
    "slack_fix.not_in_channel": T(
        "the bot is not in {channel}: invite it there (/invite @meetup-bot)",
        "ボットが {channel} にいません。招待してください（/invite @meetup-bot）",
    ),
    "slack_fix.is_archived": T(
        "channel {channel} is archived: unarchive it or set MEETUP_CHANNEL to another",
        "チャンネル {channel} はアーカイブされています。アーカイブを解除するか、MEETUP_CHANNEL に"
        "別のチャンネルを設定してください",
    ),
    "publish.slack_stopped": T(
        "publishing stopped: {fix} (Slack said {error}); posts stay pending until fixed",
        "投稿を止めました: {fix}（Slack の応答: {error}）。直るまで記事は未投稿のまま残ります",
    ),
    "publish.part_failed": T(
        "{post} {part}: Slack refused the message ({error}); it stays pending",
        "{post} {part}: Slack がメッセージを拒否しました（{error}）。未投稿のまま残ります",
    ),
    "publish.gave_up": T(
        "{post} {part}: Slack unreachable after {attempts} attempts ({error}); retry later",
        "{post} {part}: {attempts} 回試しても Slack に届きません（{error}）。あとで再試行します",
    ),
    "publish.post_unreadable": T(
        "{path}: skipped, cannot be parsed: {reason}",
        "{path}: 読み取れないため飛ばしました: {reason}",
    ),
    "publish.post_deleted": T(
        "{post}: its file was deleted; its Slack messages are left as they are",
        "{post}: ファイルが削除されました。Slack のメッセージはそのまま残します",
    ),
    "publish.edited": T(
        "edited: its messages are being updated", "編集されたため、メッセージを更新しています"
    ),
    "publish.now_draft": T(
        "{post}: published earlier, now a draft; its Slack messages are left as they are",
        "{post}: 公開済みの記事が下書きに戻りました。Slack のメッセージはそのまま残します",
    ),
    "publish.pending_degraded": T(
        "{count} post(s) pending because of an error: {reason}",
        "エラーのため {count} 件の記事が未投稿です: {reason}",
    ),
    "publish.stopped": T(
        "stopped while shutting down; the next start sends the rest, exactly once",
        "終了処理のため中断しました。残りは次の起動時に一度だけ送ります",
    ),
    "publish.git_pull_failed": T(
        "MEETUP_GIT_PULL: git pull in {path} failed: {reason}",
        "MEETUP_GIT_PULL: {path} での git pull に失敗しました: {reason}",
    ),
    "subscription.stopped": T(
        "not sent to subscribed channel {channel} of workspace {team} (Slack said {error});"
        " retried on the next scan",
        "ワークスペース {team} の購読チャンネル {channel} に送れませんでした"
        "（Slack の応答: {error}）。次のスキャンで再試行します",
    ),
    "webhook.no_secret": T(
        "MEETUP_WEBHOOK_SECRET is not set: /webhooks/github refuses every request",
        "MEETUP_WEBHOOK_SECRET が設定されていないため、/webhooks/github はすべてのリクエストを"
        "拒否します",
    ),
    "webhook.bad_signature": T(
        "bad or missing X-Hub-Signature-256", "X-Hub-Signature-256 がないか、正しくありません"
    ),
    "webhook.bad_json": T(
        "the webhook body is not a JSON object", "Webhook の本文が JSON オブジェクトではありません"
    ),
    # --- sources (bot/sources): MEETUP_SOURCES, and why a source could not be read ---
    "source.unknown_kind": T(
        "{word}: not a folder, a git repository or a feed URL",
        "{word}: フォルダでも git リポジトリでもフィードの URL でもありません",
    ),
    "source.twice": T("{word}: the same source as {other}", "{word}: {other} と同じソースです"),
    "source.folder_fragment": T(
        "{word}: a folder takes no #…", "{word}: フォルダには # 以降を付けられません"
    ),
    "source.outside_repository": T(
        "{word}: the folder must be inside the repository",
        "{word}: フォルダはリポジトリの中を指定してください",
    ),
    "source.bad_interval": T(
        "{word}: a feed takes #interval=SECONDS (more than 0)",
        "{word}: フィードに付けられるのは #interval=秒数（0 より大きい値）だけです",
    ),
    "source.failed": T(
        "source {source}: {reason} (failure {failures}; retry in {wait:.0f} s)",
        "ソース {source}: {reason}（{failures} 回目の失敗。{wait:.0f} 秒後に再試行します）",
    ),
    "source.back": T(
        "source {source}: read again after {failures} failure(s)",
        "ソース {source}: {failures} 回の失敗のあと、読み込めるようになりました",
    ),
    "source.degraded": T(
        "source {source} failing ({failures} times in a row): {reason}",
        "ソース {source} の読み込みが {failures} 回続けて失敗しています: {reason}",
    ),
    "source.not_a_folder": T("{path} is not a folder", "{path} はフォルダではありません"),
    "feed.http_error": T("HTTP {status} {reason}", "HTTP {status} {reason} が返りました"),
    "feed.unreachable": T("cannot reach it ({reason})", "接続できません（{reason}）"),
    "feed.unreadable": T("cannot read it ({reason})", "読み込めません（{reason}）"),
    "feed.too_large": T("larger than {limit:,} bytes", "{limit:,} バイトを超えています"),
    "feed.invalid": T("not a feed ({reason})", "フィードではありません（{reason}）"),
    "feed.no_feed_in_it": T(
        "no RSS, Atom or JSON Feed in it", "RSS、Atom、JSON Feed のどれでもありません"
    ),
    "feed.json_no_version": T(
        "JSON without a jsonfeed.org version", "jsonfeed.org の version がない JSON です"
    ),
    "git.timed_out": T(
        "git {command} took more than {seconds:g} s",
        "git {command} が {seconds:g} 秒以内に終わりません",
    ),
    "git.cannot_run": T("cannot run git ({reason})", "git を実行できません（{reason}）"),
    "git.failed": T("git {command} failed: {reason}", "git {command} に失敗しました: {reason}"),
    "git.no_folder": T(
        "the repository has no folder {folder}", "リポジトリにフォルダ {folder} がありません"
    ),
    "manifest.bad_host": T(
        "{host} is not a host name (write it without https:// and path: bot.example.org)",
        "{host} はホスト名ではありません"
        "（https:// やパスを付けずに書いてください: bot.example.org）",
    ),
    "manifest.no_domains": T(
        "no post has a URL to unfurl yet: set MEETUP_SITE_URL (or the site's own config) so the"
        " posts have URLs, then run this again",
        "リンク展開できる URL を持つ投稿がまだありません。MEETUP_SITE_URL（またはサイトの設定）で"
        "投稿の URL が決まるようにしてから、もう一度実行してください",
    ),
    "manifest.unreadable": T(
        "cannot read the manifest {path}: {reason}",
        "マニフェスト {path} を読めません: {reason}",
    ),
    "manifest.no_unfurl_list": T(
        "{path} has no features.unfurl_domains list to fill"
        " (start from deploy/slack/manifest.yaml)",
        "{path} に埋めるべき features.unfurl_domains の一覧がありません"
        "（deploy/slack/manifest.yaml から始めてください）",
    ),
    "manifest.written": T(
        "wrote {path}: unfurl_domains {domains}",
        "{path} を書き込みました: unfurl_domains は {domains}",
    ),
}
