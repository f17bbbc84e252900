"""What the image would run, run for real: a fresh virtualenv gets the project built from exactly
the files the Dockerfile copies, then the Dockerfile's ENTRYPOINT/CMD runs (`--help`, and
`serve` probed with the Dockerfile's own HEALTHCHECK when serve exists). Slow: pip installs."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import venv
from pathlib import Path

import pytest
from deploy_files import DEPLOY, ROOT, exec_form, healthcheck_command, parse_dockerfile

pytestmark = pytest.mark.slow

STAGES = parse_dockerfile(DEPLOY / "Dockerfile")
BUILDER, RUNTIME = STAGES[0], STAGES[-1]
# No SLACK_BOT_TOKEN: serve runs dry (no Web API call); the Web API URL goes nowhere anyway.
PLACEHOLDER_ENV = {
    "SLACK_SIGNING_SECRET": "placeholder-signing-secret",
    "SLACK_API_URL": "http://127.0.0.1:9/api/",
}


def _build_context(target: Path) -> None:
    """Copy what the builder stage COPYs, where it COPYs it (relative to WORKDIR)."""
    for args in BUILDER.all("COPY"):
        *sources, dest = args.split()
        for source in sources:
            origin = ROOT / source
            place = target / dest / origin.name if dest.endswith("/") else target / dest
            if origin.is_dir():
                shutil.copytree(origin, place, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                place.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, place)


def _install_requirement(context: Path) -> str:
    """The Dockerfile's `pip install "<.[extras]>"` target, pointed at the copied context."""
    for args in BUILDER.all("RUN"):
        match = re.search(r'pip install .*?"?\.(\[[\w,-]+\])?"?\s*$', args)
        if match:
            return f"{context}{match[1] or ''}"
    pytest.fail("no `pip install .` in the Dockerfile's builder stage")


@pytest.fixture(scope="module")
def image_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("image")
    context = work / "src"
    _build_context(context)
    venv.create(work / "venv", with_pip=True)
    pip = [str(work / "venv" / "bin" / "python"), "-m", "pip", "install", "-q"]
    pip += ["--disable-pip-version-check", _install_requirement(context)]
    result = subprocess.run(pip, capture_output=True, text=True, timeout=170)
    if result.returncode != 0 and "Could not find a version" in result.stderr:
        pytest.skip(f"PyPI not reachable: {result.stderr.strip().splitlines()[-1]}")
    assert result.returncode == 0, result.stderr
    return work / "venv" / "bin"


def _env(bin_dir: Path, data: Path, **extra: str) -> dict[str, str]:
    env = RUNTIME.env()
    env["PATH"] = f"{bin_dir}:{os.environ['PATH']}"  # the healthcheck's `python` is the venv's
    env["MEETUP_DATABASE_URL"] = f"sqlite:///{data}/meetup.db"
    env["MEETUP_POSTS"] = str(ROOT / "examples" / "posts")
    return {**env, "HOME": str(data), **PLACEHOLDER_ENV, **extra}


def _command() -> list[str]:
    return exec_form(RUNTIME.last("ENTRYPOINT") or "[]") + exec_form(RUNTIME.last("CMD") or "[]")


def test_the_image_command_exists_and_answers_help(image_venv: Path, tmp_path: Path) -> None:
    program, *args = _command()
    result = subprocess.run(
        [program, *args, "--help"],
        env=_env(image_venv, tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0 and "invalid choice: 'serve'" in result.stderr:
        pytest.skip("`meetup-bot serve` is not built yet; the entrypoint itself runs")
    assert result.returncode == 0, result.stderr


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_passes_the_dockerfile_healthcheck(image_venv: Path, tmp_path: Path) -> None:
    env = _env(image_venv, tmp_path, PORT=str(_free_port()))
    serve_help = subprocess.run(
        [*_command(), "--help"], env=env, capture_output=True, text=True, timeout=60
    )
    if "invalid choice: 'serve'" in serve_help.stderr:
        pytest.skip("`meetup-bot serve` is not built yet")
    check = healthcheck_command(RUNTIME.last("HEALTHCHECK") or "")
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(_command(), env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            probe = subprocess.run(check, env=env, capture_output=True, timeout=10)
            if probe.returncode == 0:
                break
            assert time.monotonic() < deadline, probe.stderr.decode()
            time.sleep(0.3)
        # The routes the recipes probe and scrape (Kubernetes readiness, Prometheus).
        base = f"http://127.0.0.1:{env['PORT']}"
        deadline = time.monotonic() + 60  # /readyz is 503 "starting: ..." until the first sync
        while (ready := _get(base + "/readyz"))[0] != 200:
            assert time.monotonic() < deadline, ready
            time.sleep(0.3)
        status, body = _get(base + "/metrics")
        assert status == 200 and b"meetup_messages_posted_total" in body
        server.terminate()  # SIGTERM, as docker stop / systemd / the kubelet send it
        assert server.wait(timeout=15) is not None
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        log.close()
