"""Words about a post file: reading it, its front matter and its `talks:` list."""

from __future__ import annotations

from words.entry import T

WORDS = {
    "post.not_found": T("{path}: no such file", "{path}: ファイルがありません"),
    "post.is_directory": T(
        "{path}: is a directory, not a post file",
        "{path}: フォルダです。記事のファイルではありません",
    ),
    "post.not_regular": T(
        "{path}: is not a regular file (a FIFO, socket or device); only regular files are read",
        "{path}: 通常のファイルではありません（FIFO・ソケット・デバイス）。"
        "読むのは通常のファイルだけです",
    ),
    "post.not_readable": T(
        "{path}: cannot be read ({reason})", "{path}: 読み込めません（{reason}）"
    ),
    "post.too_large": T(
        "{path}: is {size:,} bytes; posts larger than {limit:,} bytes are refused",
        "{path}: {size:,} バイトあります。{limit:,} バイトを超える記事は扱いません",
    ),
    "post.binary": T(
        "{path}: looks like a binary file, not a markdown post",
        "{path}: Markdown の記事ではなく、バイナリファイルのようです",
    ),
    "post.not_utf8": T(
        "{path}: is not UTF-8 text (byte {offset}); save it as UTF-8",
        "{path}: UTF-8 のテキストではありません（{offset} バイト目）。UTF-8 で保存してください",
    ),
    "post.empty": T("{path}: is empty", "{path}: 中身が空です"),
    "post.bad_front_matter": T(
        "{path}: front matter is not valid {kind}: {reason}",
        "{path}: フロントマターが正しい {kind} ではありません: {reason}",
    ),
    "post.bad_front_matter_at": T(
        "{path}: front matter is not valid {kind} at line {line}, column {column}: {reason}",
        "{path}: フロントマターが {line} 行目 {column} 文字目で正しい {kind} ではありません:"
        " {reason}",
    ),
    "post.front_matter_unclosed": T(
        "{path}: the front matter opened by {fence} on line 1 is never closed: add a {fence} line"
        " after its last key (or remove the first line if the post has no front matter)",
        "{path}: 1 行目の {fence} で始まるフロントマターが閉じられていません。最後のキーの後ろに"
        " {fence} の行を足してください（フロントマターのない記事なら 1 行目を消してください）",
    ),
    "post.link_skipped": T(
        "{path} -> {target}: a symbolic link in MEETUP_POSTS, skipped (links are never followed:"
        " only the folder's own files are read)",
        "{path} -> {target}: MEETUP_POSTS の中のシンボリックリンクなので読み飛ばしました"
        "（リンク先はたどらず、フォルダ自身のファイルだけを読みます）",
    ),
    "post.same_id": T(
        "{left}: left out, {kept} is the post {post} (two files of one name with different "
        "suffixes; rename one)",
        "{left}: 読み飛ばしました。記事 {post} は {kept} です（同じ名前で拡張子だけ違うファイルが"
        "二つあります。どちらかの名前を変えてください）",
    ),
    "post.bad_talks": T(
        "{path}: front matter {key}: {reason}", "{path}: フロントマターの {key}: {reason}"
    ),
    "talks_key.not_a_list": T(
        "expected a list of talks, got {got}",
        "発表のリストが必要ですが、{got} が書かれています",
    ),
    "talks_key.not_a_mapping": T(
        "expected a mapping (speaker, title, slides, video, talk_page), got {got}",
        "マッピング（speaker, title, slides, video, talk_page）が必要ですが、"
        "{got} が書かれています",
    ),
    "talks_key.expected_text": T(
        "expected text, got {got}", "テキストが必要ですが、{got} が書かれています"
    ),
    "talks_key.expected_url": T(
        "expected an http(s) or site-relative (/...) URL, got {value}",
        "http(s) の URL かサイト内のパス（/...）が必要ですが、{value} が書かれています",
    ),
    "talks_key.needs_speaker_or_title": T(
        "needs a speaker or a title", "speaker か title のどちらかが必要です"
    ),
    "talks_key.unknown_key": T(
        "unknown key; a talk takes speaker, title, slides, video and talk_page",
        "知らないキーです。発表に書けるのは speaker, title, slides, video, talk_page です",
    ),
}
