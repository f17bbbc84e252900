"""The UI words of the messages, in English and Japanese."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """Every word the formatters add around a post's own text."""

    language: str
    slides: str
    video: str
    talk_page: str
    impressions: str
    more: str  # format with n
    talks: str
    talk_count_one: str
    talk_count: str  # format with n
    more_talks: str  # format with n
    talk_position: str  # format with i, n
    speaker: str
    read_full_post: str
    event_page: str
    untitled: str
    lightning_talk: str
    image: str
    embed: str
    code: str
    table: str
    rows: str  # format with n
    weekdays: tuple[str, str, str, str, str, str, str]


EN = Labels(
    language="en",
    slides="Slides",
    video="Video",
    talk_page="Talk page",
    impressions="Impressions",
    more="+{n} more",
    talks="Talks",
    talk_count_one="1 talk",
    talk_count="{n} talks",
    more_talks="+{n} more talks",
    talk_position="Talk {i} of {n}",
    speaker="Speaker",
    read_full_post="Read the full post",
    event_page="Event page",
    untitled="(untitled)",
    lightning_talk="LT",
    image="Image",
    embed="Embed",
    code="Code",
    table="Table",
    rows="{n} rows",
    weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
)

JA = Labels(
    language="ja",
    slides="スライド",
    video="動画",
    talk_page="発表ページ",
    impressions="感想",
    more="ほか{n}件",
    talks="トーク",
    talk_count_one="トーク1件",
    talk_count="トーク{n}件",
    more_talks="ほか{n}件のトーク",
    talk_position="トーク {i}/{n}",
    speaker="登壇者",
    read_full_post="記事全文を読む",
    event_page="イベントページ",
    untitled="(無題)",
    lightning_talk="LT",
    image="画像",
    embed="埋め込み",
    code="コード",
    table="表",
    rows="{n}行",
    weekdays=("月", "火", "水", "木", "金", "土", "日"),
)


def labels_for(language: str | None) -> Labels:
    """Japanese for "ja" (and "ja-JP", "JA"), English for anything else."""
    if language and language.strip().lower().split("-")[0].split("_")[0] == "ja":
        return JA
    return EN


def talk_count(labels: Labels, n: int) -> str:
    """ "1 talk", "15 talks", "トーク15件"."""
    return labels.talk_count_one if n == 1 else labels.talk_count.format(n=n)
