"""Words of the verdict on a post's talk list: `meetup-bot check`, the preview page and the
log line of a post whose talks are held back (`bot/verdict.py`)."""

from __future__ import annotations

from words.entry import T

WORDS = {
    "left_out.section_word": T("a section word, not a talk", "セクション名で、発表ではありません"),
    "left_out.container": T(
        "a heading that groups talks, not a talk itself",
        "発表をまとめる見出しで、発表そのものではありません",
    ),
    "left_out.break": T(
        "a break, opening or party slot, not a talk",
        "休憩・開場・懇親会などの枠で、発表ではありません",
    ),
    "left_out.no_speaker_or_title": T(
        "names neither a speaker nor a title", "登壇者もタイトルも見つかりません"
    ),
    "left_out.prose": T("prose, not a talk", "地の文で、発表ではありません"),
    "left_out.weaker_than_siblings": T(
        "a list of links beside talks that all name their speaker, not talks",
        "登壇者の分かる発表と並ぶリンクの一覧で、発表ではありません",
    ),
    "left_out.unlike_siblings": T(
        "a section beside talks that all name their speaker; it names none and links no talk",
        "登壇者の分かる発表と並ぶ節ですが、登壇者も発表へのリンクもありません",
    ),
    "left_out.not_a_title": T(
        "its title is a link or a hashtag, not a talk's title",
        "タイトルがリンクかハッシュタグで、発表のタイトルではありません",
    ),
    "left_out.other": T("not taken as a talk ({reason})", "発表とみなしませんでした（{reason}）"),
    "verdict.confident": T(
        "Confident: the announcement and {talks} will be posted.",
        "確信あり: 告知と{talks}を投稿します。",
    ),
    "verdict.front_matter": T(
        "Listed in the front matter: the announcement and {talks} will be posted.",
        "フロントマターの talks: のとおり、告知と{talks}を投稿します。",
    ),
    "verdict.unsure": T(
        "Unsure: only the announcement will be posted, without the talks.",
        "確信なし: 告知だけを投稿し、発表は投稿しません。",
    ),
    "verdict.found_detected": T(
        "Found {talks} (confidence {confidence})", "{talks}を検出（確度 {confidence}）"
    ),
    "verdict.found_front_matter": T(
        "{talks} listed in the front matter (talks:)", "フロントマター（talks:）に{talks}"
    ),
    "verdict.talk_confidence": T("confidence {confidence}", "確度 {confidence}"),
    "verdict.left_out_heading": T("Left out", "発表とみなさなかったもの"),
    "verdict.fix_hint": T(
        "To post the talks, list them in the post's front matter; `talks:` replaces the"
        " detection. Check and complete this example:",
        "発表も投稿するには、記事のフロントマターに talks: で発表を書いてください"
        "（自動検出の代わりに使われます）。この例を確認・修正して使えます:",
    ),
    "verdict.fix_hint_toml": T(
        "(In a +++ TOML front matter the [[talks]] tables go last, after the other keys.)",
        "（+++ の TOML フロントマターでは、[[talks]] の表をほかのキーより後ろ、最後に置きます。）",
    ),
    "verdict.example_speaker": T("Speaker name", "登壇者名"),
    "verdict.example_title": T("Talk title", "発表タイトル"),
    "verdict.capped": T(
        "{own} talks get their own message; the other {rest} are listed in the last one, "
        "with the link to the full post (MEETUP_MAX_TALK_MESSAGES={cap}).",
        "{own}件のトークはそれぞれのメッセージで投稿し、残りの{rest}件は最後のメッセージに"
        "記事全文へのリンクとともに一覧します (MEETUP_MAX_TALK_MESSAGES={cap})。",
    ),
    "publish.talks_held": T(
        "{post}: only the announcement is posted, the talk list is unsure (confidence"
        " {confidence:.2f}); `meetup-bot check` shows why, front matter `talks:` fixes it",
        "{post}: 発表の一覧に確信がないため（確度 {confidence:.2f}）、告知だけを投稿します。"
        "理由は `meetup-bot check` で分かり、フロントマターの `talks:` で直せます",
    ),
}
