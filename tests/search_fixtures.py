"""Hand-written posts for the store and search tests (our own text, Japanese and English)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bot.model import LinkKind, Note, NoteKind, Post, Span, Talk, TalkLink

JST = timezone(timedelta(hours=9))


def bullet(text: str, *children: Note) -> Note:
    return Note(NoteKind.BULLET, (Span(text),), tuple(children))


def talk(
    speaker: str | None,
    title: str | None,
    notes: tuple[Note, ...] = (),
    impressions: tuple[str, ...] = (),
    slides_url: str | None = None,
    links: tuple[TalkLink, ...] = (),
) -> Talk:
    return Talk(
        speaker=speaker,
        title=title,
        slides_url=slides_url,
        links=links,
        notes=notes,
        impressions=impressions,
        heading=f"{speaker} {title}",
        anchor=(speaker or "talk").strip("@"),
    )


KYOTO = Post(
    title="Container Night Kyoto #2 に行ってきた",
    date=datetime(2016, 3, 5, 19, 0, tzinfo=JST),
    slug="container-night-kyoto-2",
    url="https://blog.example.org/2016/03/05/container-night-kyoto-2/",
    language="ja",
    talks=(
        talk(
            "@hanako",
            "cgroup と namespace を手で触る",
            (
                bullet("プロセスの隔離の仕組み", bullet("memory cgroup で上限を設定")),
                Note(
                    NoteKind.PARAGRAPH,
                    (
                        Span("詳しくは "),
                        Span("man 7 cgroups", url="https://man.example/cgroups"),
                        Span(" を参照", bold=True),
                        Span("cat /proc/self/cgroup", code=True),
                    ),
                ),
            ),
            ("手を動かすと理解が深まる",),
            slides_url="https://slides.example/hanako/cgroup",
            links=(
                TalkLink(LinkKind.VIDEO, "https://video.example/watch?v=cg", "動画"),
                TalkLink(LinkKind.SLIDES, "https://slides.example/hanako/cgroup", "スライド"),
                TalkLink(LinkKind.TALK_PAGE, "https://fortee.example/talk/1"),
                TalkLink(LinkKind.OTHER, "https://x.example/hanako", "@hanako"),
            ),
        ),
        talk(
            "@taro",
            "Kubernetes 運用の一年",
            (bullet("死活監視は Prometheus に寄せた"), bullet("etcd のバックアップが大事")),
        ),
        talk("Owl Works", None, (bullet("監視ツールの LT"),)),
    ),
)

EVENING = Post(
    title="Cloud Native Evening 2015-11",
    date=date(2015, 11, 20),
    slug="cloud-native-evening",
    language="en",
    talks=(
        talk("@jiro", "ＣＧＲＯＵＰ v2 の今", (bullet("Ｄｏｃｋｅｒ と systemd"),)),
        talk(
            "@mika",
            "Search at Scale",
            (bullet("An n-gram index in SQLite"), bullet('query "quoted phrase" support')),
            ("Great talk about 監視 dashboards",),
        ),
        talk("@sho", "デコンポーズされたか\u3099な", (bullet("ﾊﾝｶｸｶﾞﾅ の話"),)),
    ),
)

OSAKA_40 = Post(
    title="Go Meetup Osaka #40",
    date=date(2017, 1, 10),
    slug="go-meetup-osaka-40",
    talks=(talk("@kenji", "Profiling Go services", (bullet("pprof and flame graphs"),)),),
)

OSAKA_4 = Post(
    title="Go Meetup Osaka #4",
    date=date(2014, 6, 1),
    slug="go-meetup-osaka-4",
    talks=(talk("@emi", "Goroutines 101", impressions=("楽しかった",)),),
)

DRAFT = Post(
    title="Unpublished Meetup",
    date=date(2018, 1, 1),
    slug="unpublished",
    draft=True,
    talks=(talk("@ghost", "Secret roadmap"),),
)

ALL_POSTS = {
    "2016-03-05-container-night-kyoto-2": KYOTO,
    "2015-11-20-cloud-native-evening": EVENING,
    "2017-01-10-go-meetup-osaka-40": OSAKA_40,
    "2014-06-01-go-meetup-osaka-4": OSAKA_4,
}

# Strings that must never reach SQL as syntax.
HOSTILE = [
    '"',
    '""',
    "*",
    "NEAR",
    "a NEAR b",
    "'",
    "' OR 1=1 --",
    "OR 1=1",
    "%",
    "_",
    "\\",
    "%_%",
    "'; DROP TABLE talks; --",
    "\x00cgroup",
    "cg\x07roup",
    "\u202ecgroup",
    "speaker:",
    'speaker:"',
    "(",
    ")",
    "-",
    "^",
    "cgroup*",
]
