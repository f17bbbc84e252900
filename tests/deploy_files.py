"""Readers for the deploy/ recipes (Dockerfile, env files, systemd units), for the deploy tests."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
KUBERNETES = DEPLOY / "kubernetes"

# Variables the recipes may set that the bot does not read, each with the reason it is there.
NON_BOT_VARS = {
    "PATH": "the image's virtualenv first",
    "PYTHONUNBUFFERED": "logs reach the container runtime at once",
    "PYTHONDONTWRITEBYTECODE": "no .pyc writes on a read-only root filesystem",
    "PIP_NO_CACHE_DIR": "builder stage only",
    "PIP_DISABLE_PIP_VERSION_CHECK": "builder stage only",
    "POSTGRES_PASSWORD": "compose: the postgres service's password",
    "POSTGRES_USER": "compose: the postgres service's user",
    "POSTGRES_DB": "compose: the postgres service's database",
    "POSTS_DIR": "compose: the host folder mounted at /posts",
    "HOME": "git-sync containers (Kubernetes)",
}


def bot_vars() -> set[str]:
    return set(Settings.model_fields)


def port_default() -> int:
    return int(Settings.model_fields["PORT"].default)


def unknown_vars(names: set[str] | list[str]) -> set[str]:
    return set(names) - bot_vars() - set(NON_BOT_VARS)


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_yaml_all(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for key, args in self.instructions if key == keyword]

    def last(self, keyword: str) -> str | None:
        found = self.all(keyword)
        return found[-1] if found else None

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for args in self.all("ENV"):
            for word in shlex.split(args):
                key, _, value = word.partition("=")
                values[key] = value
        return values


def parse_dockerfile(path: Path) -> list[Stage]:
    """The stages of a Dockerfile, each with its (INSTRUCTION, arguments) in order."""
    text = re.sub(r"\\\n(\s*#[^\n]*\n)*", " ", path.read_text(encoding="utf-8"))
    stages: list[Stage] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, args = line.partition(" ")
        keyword, args = keyword.upper(), args.strip()
        if keyword == "FROM":
            parts = args.split()
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
            stages.append(Stage(base=parts[0], name=name))
        elif stages:
            stages[-1].instructions.append((keyword, args))
    return stages


def exec_form(args: str) -> list[str]:
    """A JSON (exec form) CMD/ENTRYPOINT/HEALTHCHECK argument list."""
    value = json.loads(args)
    assert isinstance(value, list), f"not exec form: {args}"
    return [str(item) for item in value]


def healthcheck_command(args: str) -> list[str]:
    """The command of `HEALTHCHECK [--options] CMD [...]`."""
    _, sep, command = args.partition("CMD ")
    assert sep, f"HEALTHCHECK without CMD: {args}"
    return exec_form(command.strip())


def parse_env_file(path: Path) -> tuple[dict[str, str], set[str]]:
    """(KEY=value lines, names of every variable mentioned, commented-out ones included)."""
    values: dict[str, str] = {}
    mentioned: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$", line.strip())
        if match:
            mentioned.add(match[2])
            if not match[1]:
                values[match[2]] = match[3]
    return values, mentioned


def parse_unit(path: Path) -> list[tuple[str, str, str]]:
    """A systemd unit as (section, key, value) in order; keys may repeat."""
    entries: list[tuple[str, str, str]] = []
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        entries.append((section, key.strip(), value.strip()))
    return entries


def k8s_documents() -> dict[str, list[dict[str, Any]]]:
    """Every Kubernetes resource in deploy/kubernetes by file name (the Kustomization excluded)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(KUBERNETES.glob("*.yaml")):
        docs = [doc for doc in load_yaml_all(path) if doc.get("kind") != "Kustomization"]
        if docs:
            found[path.name] = docs
    return found


def k8s_kind(kind: str) -> dict[str, Any]:
    matches = [doc for docs in k8s_documents().values() for doc in docs if doc["kind"] == kind]
    assert len(matches) == 1, f"expected one {kind}, found {len(matches)}"
    return matches[0]
