"""The compiled parser and formatters (`bot.native`): used while they match their sources, never
after a source changed, and giving the same answers as the sources.

Each case runs a fresh interpreter on a copy of the package tree, since which code runs is
decided once per process. Skips when this checkout has no build (`scripts/compile`), which
`scripts/setup`, and so CI, makes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import native

REPO = Path(__file__).resolve().parents[1]
OWN_POSTS = sorted(
    [*(REPO / "examples" / "posts").glob("*.md"), *REPO.glob("tests/fixtures/talks/*.md")]
)

needs_build = pytest.mark.skipif(
    native._read_state(REPO, honour_env=False) != "compiled",
    reason="no compiled build in this checkout (scripts/compile)",
)

_PROBE = """
import json, sys
from bot import native
import bot.parser.blocks, formatters.talk
print(json.dumps([native.state(), bot.parser.blocks.__file__, formatters.talk.__file__,
                  hasattr(bot.parser.blocks, "EDITED")]))
"""


def _probe(root: Path, **env: str) -> list[object]:
    found = _run(root, _PROBE, env)
    return list(json.loads(found))


def _run(root: Path, code: str, env: dict[str, str], *args: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    environment |= {"PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1", **env}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the packages with their build, as an install holds them."""
    for package in ("bot", "formatters", "words"):
        shutil.copytree(
            REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


@needs_build
def test_the_build_runs_while_it_matches_its_sources(tree: Path) -> None:
    state, blocks, talk, edited = _probe(tree)
    assert state == "compiled"
    assert str(blocks).endswith(".so") and str(talk).endswith(".so")
    assert edited is False


@needs_build
def test_an_edited_source_runs_instead_of_the_stale_build(tree: Path) -> None:
    source = tree / "bot" / "parser" / "blocks.py"
    source.write_text(source.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    state, blocks, talk, edited = _probe(tree)
    assert state == "stale"
    assert edited is True, "the edited source must be what runs"
    # all compiled modules leave the build together: they call each other directly
    assert str(blocks).endswith("blocks.py") and str(talk).endswith("talk.py")


@needs_build
def test_a_missing_extension_counts_as_stale(tree: Path) -> None:
    next((tree / "formatters").glob("talk.*.so")).unlink()
    state, blocks, talk, _ = _probe(tree)
    assert (state, str(blocks)[-3:], str(talk)[-3:]) == ("stale", ".py", ".py")


@needs_build
@pytest.mark.parametrize("manifest", ["{not json", '{"bot.parser.blocks": "0"}', ""])
def test_a_broken_manifest_counts_as_stale(tree: Path, manifest: str) -> None:
    (tree / "bot" / "native-manifest.json").write_text(manifest, encoding="utf-8")
    state, blocks, _, _ = _probe(tree)
    assert (state, str(blocks)[-3:]) == ("stale", ".py")


@needs_build
def test_extensions_without_their_manifest_are_passed_over(tree: Path) -> None:
    (tree / "bot" / "native-manifest.json").unlink()  # a build stopped half way
    state, blocks, talk, _ = _probe(tree)
    assert (state, str(blocks)[-3:], str(talk)[-3:]) == ("source", ".py", ".py")


@needs_build
def test_the_environment_can_ask_for_the_sources(tree: Path) -> None:
    state, blocks, _, _ = _probe(tree, **{native.PURE_ENV: "1"})
    assert (state, str(blocks)[-3:]) == ("source", ".py")


def test_a_tree_without_a_build_runs_its_sources(tmp_path: Path) -> None:
    for package in ("bot", "formatters", "words"):
        shutil.copytree(
            REPO / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.so", "native-manifest.json"),
        )
    state, blocks, _, _ = _probe(tmp_path)
    assert (state, str(blocks)[-3:]) == ("source", ".py")


_PARSE_ALL = """
import json, sys
from bot import native
from bot.parser import read_post
from formatters import render_post
out = {"state": native.state()}
for path in sys.argv[1:]:
    post = read_post(path)
    out[path] = [post.to_json() if hasattr(post, "to_json") else repr(post), render_post(post)]
print(json.dumps(out, ensure_ascii=False, default=repr))
"""


@needs_build
def test_compiled_and_source_give_the_same_posts_and_messages() -> None:
    paths = [str(p) for p in OWN_POSTS]
    compiled = json.loads(_run(REPO, _PARSE_ALL, {}, *paths))
    source = json.loads(_run(REPO, _PARSE_ALL, {native.PURE_ENV: "1"}, *paths))
    assert (compiled.pop("state"), source.pop("state")) == ("compiled", "source")
    assert len(compiled) == len(paths) > 40
    for path in paths:
        assert compiled[path] == source[path], path
