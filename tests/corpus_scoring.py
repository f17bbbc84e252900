"""Scores the parser on the shared corpus with the product's own scorer, in process.

`../shared/tools/score_parse.py` judges `meetup-bot parse`; this module imports its matching
(`match`, `speaker_match`) so the tests count exactly as the judge does, without a subprocess per
post. `score_corpus()` gives one `PostScore` per labelled post and `Totals` over them.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.cli_post import parse_json
from bot.parser import read_post

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SCORER = REPO.parent / "shared" / "tools" / "score_parse.py"
HAVE_CORPUS = (CORPUS / "real" / "cases.json").exists() and SCORER.exists()


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_parse", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class PostScore:
    """How one post parses against its labels."""

    id: str
    ambiguous: bool
    matched: int
    found: int
    expected: int
    posted: bool
    speaker: tuple[int, int] = (0, 0)
    """(right, judged): matched talks whose truth names a speaker."""
    slides: tuple[int, int] = (0, 0)
    """(right, judged): matched talks where either side has a slides URL."""

    @property
    def f1(self) -> float:
        return f1(self.matched, self.found, self.expected)


def f1(matched: int, found: int, expected: int) -> float:
    precision = matched / found if found else 0.0
    recall = matched / expected if expected else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Totals:
    """The scorer's summary line over a set of posts."""

    posts: list[PostScore] = field(default_factory=list)

    def _sum(self, name: str, posts: list[PostScore]) -> int:
        return sum(getattr(post, name) for post in posts)

    @property
    def f1_all(self) -> float:
        p = self.posts
        return f1(self._sum("matched", p), self._sum("found", p), self._sum("expected", p))

    @property
    def f1_unambiguous(self) -> float:
        p = [post for post in self.posts if not post.ambiguous]
        return f1(self._sum("matched", p), self._sum("found", p), self._sum("expected", p))

    @property
    def speaker_accuracy(self) -> float:
        right, judged = (sum(post.speaker[i] for post in self.posts) for i in (0, 1))
        return right / judged if judged else 0.0

    @property
    def slides_accuracy(self) -> float:
        right, judged = (sum(post.slides[i] for post in self.posts) for i in (0, 1))
        return right / judged if judged else 0.0

    @property
    def posted_precision(self) -> float:
        shown = [post for post in self.posts if post.posted and post.found]
        found = self._sum("found", shown)
        return self._sum("matched", shown) / found if found else 0.0

    @property
    def posted_share(self) -> float:
        shown = [post for post in self.posts if post.posted and post.found]
        return len(shown) / len(self.posts) if self.posts else 0.0

    def summary(self) -> str:
        return (
            f"talk F1 all={self.f1_all:.3f} unambiguous={self.f1_unambiguous:.3f}; "
            f"speaker acc={self.speaker_accuracy:.3f}; slides acc={self.slides_accuracy:.3f}; "
            f"posted precision={self.posted_precision:.3f} on {self.posted_share:.0%} of posts"
        )


def cases() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(
        (CORPUS / "real" / "cases.json").read_text(encoding="utf-8")
    )
    return loaded


def score_post(case: dict[str, Any], scorer: ModuleType | None = None) -> PostScore:
    """One labelled post, parsed in process and matched as the judge matches."""
    scorer = scorer or _scorer()
    out = parse_json(read_post(CORPUS / "real" / case["file"]))
    pred, truth = out.get("talks", []), case["truth"]["talks"]
    pairs = scorer.match(pred, truth)
    speaker, slides = [0, 0], [0, 0]
    for pi, ti in pairs:
        if truth[ti].get("speaker"):
            speaker[1] += 1
            said = scorer.speakers_of(pred[pi])
            speaker[0] += bool(scorer.speaker_match(said, truth[ti]["speaker"]))
        if truth[ti].get("slides_url") or pred[pi].get("slides_url"):
            slides[1] += 1
            slides[0] += (pred[pi].get("slides_url") or "") == (truth[ti].get("slides_url") or "")
    return PostScore(
        id=case["id"],
        ambiguous=bool(case.get("ambiguous")),
        matched=len(pairs),
        found=len(pred),
        expected=len(truth),
        posted=out.get("talks_posted", True) is not False,
        speaker=(speaker[0], speaker[1]),
        slides=(slides[0], slides[1]),
    )


def score_corpus() -> Totals:
    scorer = _scorer()
    return Totals([score_post(case, scorer) for case in cases()])
