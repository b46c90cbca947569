"""deploy/k8s: manifests valid against the Kubernetes schemas and wired to each other."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.deploy.deploy_files import DEPLOY, cli_accepts, load_yaml_documents

K8S = DEPLOY / "k8s"
SECRET = "kilovolt-secrets"


@pytest.fixture(scope="module")
def kustomization() -> dict[str, Any]:
    """deploy/k8s/kustomization.yaml."""
    return yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def resources(kustomization: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every resource the kustomization applies, keyed by (kind, name)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for file in kustomization["resources"]:
        for doc in load_yaml_documents(K8S / file):
            found[(doc["kind"], doc["metadata"]["name"])] = doc
    return found


def _pod_spec(resource: dict[str, Any]) -> dict[str, Any]:
    return resource["spec"]["template"]["spec"]


def test_kustomization_lists_every_manifest(kustomization: dict[str, Any]) -> None:
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files


def test_manifests_validate_against_the_kubernetes_schema(kustomization: dict[str, Any]) -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    version = kubernetes_validate.latest_version()
    for file in kustomization["resources"]:
        for doc in load_yaml_documents(K8S / file):
            kubernetes_validate.validate(doc, version, strict=True)


def test_schema_validation_catches_a_misspelt_field() -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    (deployment,) = load_yaml_documents(K8S / "deployment.yaml")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["livenesProbes"] = container.pop("livenessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, kubernetes_validate.latest_version(), strict=True)


def test_bot_deployment_replicas_probes_and_resources(resources: dict[Any, Any]) -> None:
    deployment = resources[("Deployment", "kilovolt-bot")]
    assert deployment["spec"]["replicas"] >= 2
    spec = _pod_spec(deployment)
    assert spec["securityContext"]["runAsNonRoot"] is True
    (bot,) = spec["containers"]
    paths = {"startupProbe": "/healthz", "readinessProbe": "/healthz", "livenessProbe": "/livez"}
    for probe, path in paths.items():  # readiness: state DB and Slack app, never Chroma
        assert bot[probe]["httpGet"]["path"] == path
        assert bot[probe]["httpGet"]["port"] in ("http", 8080)
    assert {"cpu", "memory"} <= set(bot["resources"]["requests"])
    assert "memory" in bot["resources"]["limits"]
    assert bot["args"][:2] == ["serve", "--http"]
    assert [c["args"] for c in spec["initContainers"]] == [["db", "upgrade"]]


def test_secrets_are_referenced_never_inlined(resources: dict[Any, Any]) -> None:
    assert not [key for key in resources if key[0] == "Secret"], "ship no Secret manifest"
    deployment = resources[("Deployment", "kilovolt-bot")]
    env = {e["name"]: e for e in _pod_spec(deployment)["containers"][0]["env"]}
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "KILOVOLT_DATABASE_URL"):
        assert env[name]["valueFrom"]["secretKeyRef"]["name"] == SECRET
        assert "value" not in env[name]
    config = resources[("ConfigMap", "kilovolt-config")]["data"]
    for key in config:
        assert "TOKEN" not in key and "SECRET" not in key and "KEY" not in key


def test_service_selects_the_bot_pods(resources: dict[Any, Any]) -> None:
    service = resources[("Service", "kilovolt-bot")]
    labels = resources[("Deployment", "kilovolt-bot")]["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] == "http"


def test_chroma_statefulset_is_what_the_bot_talks_to(resources: dict[Any, Any]) -> None:
    statefulset = resources[("StatefulSet", "kilovolt-chroma")]
    service = resources[("Service", "kilovolt-chroma")]
    assert statefulset["spec"]["volumeClaimTemplates"]
    labels = statefulset["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    url = resources[("ConfigMap", "kilovolt-config")]["data"]["KILOVOLT_CHROMA_URL"]
    assert url == f"http://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}"
    (chroma,) = _pod_spec(statefulset)["containers"]
    assert chroma["readinessProbe"]["httpGet"]["path"] == "/api/v2/heartbeat"


def test_index_job_and_container_commands_are_real_cli_commands(
    resources: dict[Any, Any],
) -> None:
    job = resources[("Job", "kilovolt-index")]
    assert _pod_spec(job)["restartPolicy"] in ("OnFailure", "Never")
    workloads = [job, resources[("Deployment", "kilovolt-bot")]]
    for workload in workloads:
        spec = _pod_spec(workload)
        for container in spec.get("initContainers", []) + spec["containers"]:
            ok, output = cli_accepts(container["args"])
            assert ok, f"{container['name']}: {output}"


def test_every_referenced_configmap_exists(resources: dict[Any, Any]) -> None:
    for (kind, _name), resource in resources.items():
        if kind not in ("Deployment", "StatefulSet", "Job"):
            continue
        spec = _pod_spec(resource)
        for container in spec.get("initContainers", []) + spec["containers"]:
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert ("ConfigMap", source["configMapRef"]["name"]) in resources


def test_readme_explains_the_secret() -> None:
    text = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert f"kubectl create secret generic {SECRET}" in text
