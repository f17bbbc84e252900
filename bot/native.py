"""The parser and formatters compiled with mypyc, used only while they match their sources.

`scripts/compile` (run by `scripts/setup`) compiles every module of `bot.parser`,
`bot.parser.talks` and `formatters` but the packages' `__init__.py` into C extensions that sit
beside the sources, and writes `native-manifest.json`: the SHA-256 of each source it compiled.
Python imports an extension before the `.py` of the same name, so an edited source would be
shadowed by its old build; `install()`, run by `bot/__init__.py` before any of those modules is
imported, compares the sources with the manifest and, when one differs (or
`MEETUP_PURE_PYTHON=1` is set), loads every compiled module from its source instead: all of
them, because compiled modules call each other directly, not through `sys.modules`. Without a
C compiler the build is skipped and the sources run as they are: same results, slower.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Literal

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "bot" / "native-manifest.json"
PACKAGES = ("bot/parser", "bot/parser/talks", "formatters")
PURE_ENV = "MEETUP_PURE_PYTHON"
GROUP = "compiled"
"""The build's shared library, `bot/compiled__mypyc.*.so`, inside the package so that an
installed or editable package finds it wherever Python starts."""

State = Literal["compiled", "source", "stale"]
_state: State | None = None


def compiled_sources(root: Path = ROOT) -> list[Path]:
    """The modules the build compiles: each package's modules, not its `__init__.py`."""
    return [
        path
        for package in PACKAGES
        for path in sorted((root / package).glob("*.py"))
        if path.name != "__init__.py"
    ]


def module_name(path: Path, root: Path = ROOT) -> str:
    """`bot.parser.blocks` for `ROOT/bot/parser/blocks.py`."""
    return ".".join(path.relative_to(root).with_suffix("").parts)


def digests(paths: Sequence[Path], root: Path = ROOT) -> dict[str, str]:
    """Module name -> SHA-256 of its source."""
    return {module_name(p, root): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def state() -> State:
    """Which code runs: `compiled` (the build, matching its sources), `source` (no build, or
    `MEETUP_PURE_PYTHON=1`), `stale` (a build older than a source: the sources run)."""
    return _state if _state is not None else _read_state(ROOT)


def _read_state(root: Path, *, honour_env: bool = True) -> State:
    manifest = root / MANIFEST.relative_to(ROOT)
    if honour_env and os.environ.get(PURE_ENV, "") not in ("", "0"):
        return "source"
    if not manifest.is_file():
        return "source"
    try:
        built = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "stale"
    sources = compiled_sources(root)
    extensions = [_extension(p) for p in [*sources, root / "bot" / f"{GROUP}__mypyc.py"]]
    if built != digests(sources, root) or not all(path.is_file() for path in extensions):
        return "stale"
    return "compiled"


def _extension(source: Path) -> Path:
    return source.with_name(source.stem + importlib.machinery.EXTENSION_SUFFIXES[0])


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' `.py` files, ahead of their extensions."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names or not path:
            return None
        source = Path(path[0]) / (fullname.rpartition(".")[2] + ".py")
        return importlib.util.spec_from_file_location(fullname, source)


def install() -> State:
    """Decide once per process which code runs; a stale or unwanted build is bypassed."""
    global _state
    if _state is None:
        _state = _read_state(ROOT)
        if _state != "compiled":  # a build without its manifest (half made) is bypassed too
            names = frozenset(module_name(path) for path in compiled_sources())
            sys.meta_path.insert(0, _SourceFinder(names))
    return _state


def build(root: Path = ROOT, work: Path | None = None) -> None:
    """Compile the modules under `root` in place with mypyc and write the manifest; the C
    sources and objects go to `work` (default `root/build/native`, kept for the next build).
    A build tool: it needs mypy, setuptools and a C compiler."""
    from mypyc.build import mypycify
    from setuptools import setup  # type: ignore[import-untyped]

    built = [*root.glob("*__mypyc.*")]  # and a module compiled before, no longer: all go
    built += [path for package in ("bot", *PACKAGES) for path in (root / package).glob("*.so")]
    for old in built:
        old.unlink()
    (root / MANIFEST.relative_to(ROOT)).unlink(missing_ok=True)
    sources = compiled_sources(root)
    wanted = digests(sources, root)
    os.chdir(root)
    work = work or root / "build" / "native"
    paths = [str(p.relative_to(root)) for p in sources]
    modules = mypycify(paths, opt_level="3", target_dir=str(work / "c"), group_name=f"bot.{GROUP}")
    setup(
        name="meetup-bot-native",
        ext_modules=modules,
        script_args=[
            "--quiet",
            *("build_ext", "--inplace", "--build-temp", str(work / "o")),
            *("--build-lib", str(work / "lib")),
        ],
    )
    (root / MANIFEST.relative_to(ROOT)).write_text(json.dumps(wanted, indent=1), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    """`scripts/compile [--if-needed]`: compile (only when the build does not match the
    sources, with `--if-needed`)."""
    if argv is None:
        argv = sys.argv[1:]
    if "--if-needed" in argv and _read_state(ROOT, honour_env=False) == "compiled":
        print("native: the compiled parser and formatters match their sources")
        return
    build()
    print(f"native: {len(compiled_sources())} modules compiled")
