"""read_post on bad input: always one PostError with a clear line, never another exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import PostError
from bot.parser import parse_post, read_post


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PostError, match="no such file"):
        read_post(tmp_path / "nope.md")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(PostError, match="is a directory"):
        read_post(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, "sjis.md", "# 勉強会メモ\n".encode("shift_jis"))
    with pytest.raises(PostError, match=r"not UTF-8 text \(byte 2\)"):
        read_post(path)


def test_binary(tmp_path: Path) -> None:
    path = _write(tmp_path, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(PostError, match="binary"):
        read_post(path)


@pytest.mark.parametrize("data", [b"", b"  \n\t\n", b"\xef\xbb\xbf\n"])
def test_empty(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(PostError, match="is empty"):
        read_post(_write(tmp_path, "empty.md", data))


def test_broken_yaml(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.md", b"---\ntitle: [unclosed\ndate: 2024-01-01\n---\n# Hi\n")
    with pytest.raises(PostError, match=r"bad\.md: front matter is not valid YAML"):
        read_post(path)


def test_yaml_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = _write(tmp_path, "list.md", b"---\n- a\n- b\n---\nbody\n")
    with pytest.raises(PostError, match="expected key: value pairs"):
        read_post(path)


def test_broken_toml(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.md", b'+++\ntitle = "x\ndraft = maybe\n+++\nbody\n')
    with pytest.raises(PostError, match="front matter is not valid TOML"):
        read_post(path)


def test_ten_megabytes_is_refused_by_its_size(tmp_path: Path) -> None:
    """(How long it takes, against a small post: bench/bench_limits.py.)"""
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024)  # sparse: stat says 10 MB, nothing to read
    with pytest.raises(PostError, match="posts larger than 2,097,152 bytes are refused"):
        read_post(path)


def test_error_is_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.md", b"---\na: b: c\n---\n")
    with pytest.raises(PostError) as caught:
        read_post(path)
    assert "\n" not in str(caught.value)


def test_deeply_nested_list_parses(tmp_path: Path) -> None:
    text = "## @someone Deep talk\n\n" + "- " * 10_000 + "bottom\n"
    path = _write(tmp_path, "deep.md", text.encode())
    post = read_post(path)
    assert [talk.speaker for talk in post.talks] == ["@someone"]


def test_deeply_nested_quotes_and_indented_lists() -> None:
    quotes = "> " * 10_000 + "deep\n"
    indented = "".join("  " * depth + "- x\n" for depth in range(300))
    post = parse_post("## A talk - @x\n\n" + quotes + indented)
    assert post.talks[0].speaker == "@x"


def test_read_post_good_file_with_crlf_and_nfd(tmp_path: Path) -> None:
    text = "---\r\ntitle: テスト\r\n---\r\n\r\n##@userさん ハ\u309aッケージの話\r\n"
    post = read_post(_write(tmp_path, "2024-01-02-crlf.md", text.encode()))
    assert post.talks[0].title == "パッケージの話"
    assert post.slug == "crlf"
    assert post.date is not None and post.date.isoformat() == "2024-01-02"


@pytest.mark.parametrize("host", ["docs.example.](com", "spe：akerdeck.com", "[bad"])
def test_a_malformed_link_in_a_talk_list_is_read_without_error(host: str) -> None:
    talks = [("キャッシュの話", "@cache_ken"), ("起動を速く", "森田"), ("型の話", "@types_mio")]
    text = "## LT\n\n" + "".join(
        f"- {title} — {speaker}\n  スライド → https://{host}/deck{n}#p1\n"
        for n, (title, speaker) in enumerate(talks)
    )
    post = parse_post(text)  # urlsplit raises on these hosts; the parser must not
    assert [talk.speaker for talk in post.talks] == [speaker for _, speaker in talks]
