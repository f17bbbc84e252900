"""The parser against the shared corpus: the reference post (golden) and 18 real posts (scored)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from bot.model import Post
from bot.parser import read_post

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
ARTIFACTS = REPO / "tests" / "artifacts"
MIN_F1 = 0.9

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "real" / "cases.json").exists(),
    reason=f"shared corpus not found at {CORPUS} (it is not part of a user's clone)",
)


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[\s\"'()（）「」\[\]@:：|,.、。/\\_-]+", "", text)


def _same(found: Any, truth: dict[str, Any]) -> bool:
    title, speaker = _norm(truth.get("title")), _norm(truth.get("speaker"))
    got_title, got_speaker = _norm(found.title), _norm(found.speaker)
    if title and got_title:
        return title == got_title or (
            min(len(title), len(got_title)) >= 4 and (title in got_title or got_title in title)
        )
    return bool(speaker) and speaker == got_speaker and not title


def score(post: Post, truth: list[dict[str, Any]]) -> tuple[int, int, int]:
    """(true positives, found, expected): each truth talk matched at most once, in any order."""
    left = list(post.talks)
    hits = 0
    for expected in truth:
        for index, found in enumerate(left):
            if _same(found, expected):
                hits += 1
                del left[index]
                break
    return hits, len(post.talks), len(truth)


def _f1(hits: int, found: int, expected: int) -> tuple[float, float, float]:
    precision = hits / found if found else (1.0 if not expected else 0.0)
    recall = hits / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@needs_corpus
def test_reference_post_golden() -> None:
    truth = json.loads((CORPUS / "seed" / "truth.json").read_text(encoding="utf-8"))
    post = read_post(CORPUS / "seed" / truth["file"])
    assert post.title == truth["title"]
    assert post.date is not None and post.date.isoformat() == truth["date"]
    assert list(post.categories) == truth["categories"]
    assert post.draft is truth["draft"]
    assert len(post.impressions) == 3
    got = [(t.speaker, t.title, t.slides_url) for t in post.talks]
    assert got == [(t["speaker"], t["title"], t["slides_url"]) for t in truth["talks"]]
    assert [bool(t.impressions) for t in post.talks] == [t["impressions"] for t in truth["talks"]]
    assert len({t.anchor for t in post.talks}) == 15


@needs_corpus
def test_real_corpus_talk_detection() -> None:
    cases = json.loads((CORPUS / "real" / "cases.json").read_text(encoding="utf-8"))
    lines = [f"{'post':42} {'amb':>3} {'found':>5} {'truth':>5} {'P':>5} {'R':>5} {'F1':>5}"]
    totals = [0, 0, 0]
    failures = []
    for case in cases:
        post = read_post(CORPUS / "real" / case["file"])
        counts = score(post, case["truth"]["talks"])
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        precision, recall, f1 = _f1(*counts)
        lines.append(
            f"{case['id']:42} {'yes' if case['ambiguous'] else 'no':>3} {counts[1]:5} "
            f"{counts[2]:5} {precision:5.2f} {recall:5.2f} {f1:5.2f}"
        )
        if not case["ambiguous"] and f1 < MIN_F1:
            failures.append(f"{case['id']}: F1 {f1:.2f}")
    precision, recall, f1 = _f1(*totals)
    lines.append(
        f"{'OVERALL':42} {'':>3} {totals[1]:5} {totals[2]:5} "
        f"{precision:5.2f} {recall:5.2f} {f1:5.2f}"
    )
    table = "\n".join(lines)
    print("\n" + table)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "corpus-score.txt").write_text(table + "\n", encoding="utf-8")
    assert not failures, failures
