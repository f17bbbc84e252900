"""The Kubernetes manifests validate against the Kubernetes API schemas and agree with the bot;
the Slack app manifests point Slack at the routes the bot serves; the deploy README is current."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from deploy_files import (
    DEPLOY,
    KUBERNETES,
    bot_vars,
    k8s_documents,
    k8s_kind,
    load_yaml,
    port_default,
    unknown_vars,
)

kubernetes_validate = pytest.importorskip(
    "kubernetes_validate", reason="kubernetes-validate not installed (pip install it)"
)


def _validate(doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, kubernetes_validate.latest_version(), strict=True)


@pytest.mark.parametrize("name", sorted(k8s_documents()))
def test_kubernetes_manifest_validates(name: str) -> None:
    for doc in k8s_documents()[name]:
        _validate(doc)


def test_the_validator_rejects_a_broken_deployment() -> None:
    broken = copy.deepcopy(k8s_kind("Deployment"))
    broken["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGett"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        _validate(broken)


def test_kustomization_lists_every_resource_but_the_secret_example() -> None:
    listed = set(load_yaml(KUBERNETES / "kustomization.yaml")["resources"])
    assert listed == set(k8s_documents()) - {"secret.example.yaml"}


def _bot_container() -> dict[str, Any]:
    spec = k8s_kind("Deployment")["spec"]["template"]["spec"]
    (bot,) = [c for c in spec["containers"] if c["name"] == "bot"]
    return bot


def test_deployment_replicas_probes_and_port() -> None:
    deployment = k8s_kind("Deployment")
    assert deployment["spec"]["replicas"] == 2
    bot = _bot_container()
    assert bot["args"] == ["serve"]
    (port,) = bot["ports"]
    assert port["containerPort"] == port_default()
    assert bot["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": port["name"]}
    assert bot["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": port["name"]}
    assert bot["resources"]["requests"] and bot["resources"]["limits"]["memory"]


def test_deployment_runs_non_root_on_a_read_only_root() -> None:
    spec = k8s_kind("Deployment")["spec"]["template"]["spec"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] != 0
    for container in spec["containers"] + spec.get("initContainers", []):
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True
        assert context["allowPrivilegeEscalation"] is False


def test_deployment_env_comes_from_the_secret_and_config_map() -> None:
    bot = _bot_container()
    names = [item["name"] for item in bot["env"]]
    assert not unknown_vars(names) and "HOME" not in names
    env = {item["name"]: item for item in bot["env"]}
    assert env["PORT"]["value"] == str(port_default())
    secret = k8s_kind("Secret")
    assert set(secret["stringData"]) <= bot_vars()
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "MEETUP_DATABASE_URL"):
        ref = env[name]["valueFrom"]["secretKeyRef"]
        assert ref["name"] == secret["metadata"]["name"] and ref["key"] in secret["stringData"]
    config_map = k8s_kind("ConfigMap")
    assert bot["envFrom"] == [{"configMapRef": {"name": config_map["metadata"]["name"]}}]
    assert set(config_map["data"]) <= bot_vars()
    mounted = {m["mountPath"] for m in bot["volumeMounts"]}
    assert any(env["MEETUP_POSTS"]["value"].startswith(path) for path in mounted)


def test_service_and_disruption_budget_select_the_pods() -> None:
    labels = k8s_kind("Deployment")["spec"]["template"]["metadata"]["labels"]
    service = k8s_kind("Service")["spec"]
    assert service["selector"].items() <= labels.items()
    (port,) = service["ports"]
    assert port["port"] == port_default()
    assert port["targetPort"] == _bot_container()["ports"][0]["name"]
    budget = k8s_kind("PodDisruptionBudget")["spec"]
    assert budget["selector"]["matchLabels"].items() <= labels.items()
    assert budget["minAvailable"] < k8s_kind("Deployment")["spec"]["replicas"]


# --- Slack app manifests ------------------------------------------------------------------------

HTTP_MANIFEST = DEPLOY / "slack" / "manifest.yaml"
SOCKET_MANIFEST = DEPLOY / "slack" / "manifest.socket-mode.yaml"
NEEDED_SCOPES = {"commands", "chat:write", "channels:history", "links:read", "links:write"}


@pytest.mark.parametrize("path", [HTTP_MANIFEST, SOCKET_MANIFEST], ids=lambda p: p.name)
def test_slack_manifest_declares_the_meetup_command(path: Any) -> None:
    manifest = load_yaml(path)
    assert 1 <= len(manifest["display_information"]["name"]) <= 35
    assert manifest["features"]["bot_user"]["display_name"]
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/meetup"
    assert "talks" in command["usage_hint"] and "search" in command["usage_hint"]
    assert 1 <= len(command["description"]) <= 2000
    assert set(manifest["oauth_config"]["scopes"]["bot"]) >= NEEDED_SCOPES
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events >= {"app_uninstalled", "tokens_revoked"}  # what bot/workspaces/uninstall.py hears
    assert events >= {"app_home_opened", "link_shared"}  # bot/slack/home.py, bot/slack/unfurls.py
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["unfurl_domains"], "link_shared comes only for listed domains"


def test_the_default_scopes_are_the_manifests() -> None:
    from bot.settings import Settings, scopes
    from bot.workspaces.oauth import DEFAULT_SCOPES

    manifest = set(load_yaml(HTTP_MANIFEST)["oauth_config"]["scopes"]["bot"])
    assert set(scopes(Settings())) == set(DEFAULT_SCOPES) == manifest


def test_http_manifest_points_slack_at_slack_events() -> None:
    manifest = load_yaml(HTTP_MANIFEST)
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is False
    urls = [manifest["features"]["slash_commands"][0]["url"]]
    urls.append(settings["interactivity"]["request_url"])
    if "event_subscriptions" in settings:
        urls.append(settings["event_subscriptions"]["request_url"])
    for url in urls:
        assert re.fullmatch(r"https://[^/]+/slack/events", url), url
    for url in manifest["oauth_config"].get("redirect_urls", []):
        assert re.fullmatch(r"https://[^/]+/slack/oauth_redirect", url), url


def test_socket_mode_manifest_has_no_urls() -> None:
    manifest = load_yaml(SOCKET_MANIFEST)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "url" not in manifest["features"]["slash_commands"][0]
    assert "request_url" not in manifest["settings"]["interactivity"]
    assert "redirect_urls" not in manifest["oauth_config"]


# --- README -------------------------------------------------------------------------------------


def test_deploy_readme_names_every_recipe_and_only_real_variables() -> None:
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    for path in DEPLOY.rglob("*"):
        if path.is_file() and path.name not in {"README.md", ".gitignore"}:
            assert path.name in readme, f"deploy/README.md does not mention {path.name}"
    named = set(re.findall(r"\b(?:SLACK|MEETUP)_[A-Z_]+\b", readme))
    assert not unknown_vars(named), "deploy/README.md names a variable the bot does not read"
    for route in ("/slack/events", "/healthz", "/readyz", "/metrics"):
        assert route in readme
