"""A git repository source: cloned into MEETUP_DATA_DIR, then fetched and reset to the remote.

The first read clones (`--depth 1`) into `repo.new/`, renamed `repo/` once complete (so the
catalog sees the repository only whole: its first read is a baseline). Each later read fetches
the remote's HEAD and resets the checkout to it: a force-push is followed like any push (files
whose content did not change keep their mtime, so nothing is re-read or re-posted). A fetch that
fails (host down, repository deleted) leaves the checkout as it was; so does one killed midway
(its stale lock files are cleared). A repository without the named folder is an error until it
has it. git never prompts: no terminal, ssh in batch mode.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import words
from bot.observability import SOURCE_READS
from bot.sources.errors import SourceError
from bot.sources.spec import SourceSpec, redact

_ENV = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
_SSH = "ssh -o BatchMode=yes"


class GitSource:
    """One repository of MEETUP_SOURCES, checked out in `home/repo`."""

    def __init__(self, spec: SourceSpec, data_dir: Path, timeout: float) -> None:
        self.spec, self.timeout = spec, timeout
        self.checkout = spec.home(data_dir) / "repo"

    def refresh(self) -> bool:
        """Clone or fetch; True when the checkout changed. SourceError when git fails (the
        checkout stays as it was)."""
        if not self.checkout.is_dir():
            self._clone()
            changed = True
        else:
            self._clear_stale_locks()
            before = self._git("rev-parse", "HEAD")
            self._git("fetch", "--quiet", "--depth", "1", "--no-tags", "origin", "HEAD")
            self._git("reset", "--quiet", "--hard", "FETCH_HEAD")
            changed = self._git("rev-parse", "HEAD") != before
        SOURCE_READS.labels(kind="git", outcome="changed" if changed else "unchanged").inc()
        if not (self.checkout / self.spec.subfolder).is_dir():
            raise SourceError(words.said("git.no_folder", folder=self.spec.subfolder))
        return changed

    def _clear_stale_locks(self) -> None:
        """Remove the lock files a git killed mid-command left (older than any git we run
        may take): they would fail every later fetch."""
        oldest = time.time() - self.timeout * 4
        for lock in (self.checkout / ".git").glob("*.lock"):
            with contextlib.suppress(OSError):
                if lock.stat().st_mtime < oldest:
                    lock.unlink()

    def _clone(self) -> None:
        partial = self.checkout.with_name("repo.new")
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        url = self.spec.location
        clone = ["clone", "--quiet", "--depth", "1", "--no-tags", "--", url, str(partial)]
        run_git(clone, None, self.timeout * 4)
        os.replace(partial, self.checkout)

    def _git(self, *args: str) -> str:
        return run_git(list(args), self.checkout, self.timeout)


def run_git(args: list[str], folder: Path | None, timeout: float) -> str:
    """`git ARGS` (in `folder`); its output, or SourceError with git's last line."""
    command = ["git", *(["-C", str(folder)] if folder else []), *args]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={"GIT_SSH_COMMAND": _SSH} | dict(os.environ) | _ENV,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise SourceError(words.said("git.timed_out", command=args[0], seconds=timeout)) from None
    except OSError as error:
        raise SourceError(words.said("git.cannot_run", reason=error.strerror)) from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        raise SourceError(words.said("git.failed", command=args[0], reason=redact(lines[-1][:300])))
    return done.stdout.strip()
