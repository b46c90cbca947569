"""deploy/compose.yaml: two HTTP bot replicas on Postgres and a Chroma server, validated offline."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tests.deploy.deploy_files import DEPLOY, ROOT, cli_accepts, load_yaml_documents

COMPOSE = DEPLOY / "compose.yaml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """The compose file as data (YAML anchors and merge keys resolved by the loader)."""
    (document,) = load_yaml_documents(COMPOSE)
    return document


def test_services_and_their_roles(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"bot", "chroma", "postgres", "index", "migrate"} <= set(services)
    bot = services["bot"]
    assert bot["deploy"]["replicas"] == 2
    assert bot["command"][:2] == ["serve", "--http"]
    for one_shot in ("index", "migrate"):
        assert services[one_shot]["restart"] == "no"


def test_every_long_running_service_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        check = service.get("healthcheck", {})
        if service.get("restart") == "no":
            continue
        assert check.get("test"), f"{name} has no healthcheck"
    assert "/healthz" in " ".join(compose["services"]["bot"]["healthcheck"]["test"])
    assert "/api/v2/heartbeat" in " ".join(compose["services"]["chroma"]["healthcheck"]["test"])


def test_bot_waits_for_healthy_dependencies_and_finished_one_shots(compose: dict[str, Any]) -> None:
    depends = compose["services"]["bot"]["depends_on"]
    assert depends["postgres"]["condition"] == "service_healthy"
    assert depends["chroma"]["condition"] == "service_healthy"
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["index"]["condition"] == "service_completed_successfully"


def test_app_services_point_at_the_compose_postgres_and_chroma(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in ("bot", "index", "migrate"):
        env = services[name]["environment"]
        url = make_url(env["KILOVOLT_DATABASE_URL"].replace("${POSTGRES_PASSWORD:-kilovolt}", "pw"))
        assert url.drivername == "postgresql+psycopg" and url.host == "postgres"
        assert env["KILOVOLT_CHROMA_URL"] == "http://chroma:8000"
        assert services[name]["env_file"][0]["path"] == "../.env"
    assert "8000" in services["chroma"]["command"]


def test_commands_are_real_cli_commands(compose: dict[str, Any]) -> None:
    for name in ("bot", "index", "migrate"):
        ok, output = cli_accepts(compose["services"][name]["command"])
        assert ok, f"{name}: {output}"


def test_named_volumes_are_declared_and_the_build_points_at_our_dockerfile(
    compose: dict[str, Any],
) -> None:
    declared = set(compose["volumes"])
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in declared, source
        build = service.get("build")
        if build:
            assert (COMPOSE.parent / build["context"] / build["dockerfile"]).resolve() == (
                DEPLOY / "Dockerfile"
            )


def _compose_command() -> list[str] | None:
    """A Compose v2 client: $KILOVOLT_COMPOSE_BIN, `docker compose`, or `docker-compose`."""
    explicit = os.environ.get("KILOVOLT_COMPOSE_BIN")
    if explicit:
        return [explicit]
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    return [standalone] if standalone else None


def test_docker_compose_config_accepts_the_file(tmp_path: Path) -> None:
    command = _compose_command()
    if command is None:
        pytest.skip(
            "no Compose client here (docker compose / docker-compose / KILOVOLT_COMPOSE_BIN)"
        )
    env = {**os.environ, "POSTGRES_PASSWORD": "secret-for-test"}
    result = subprocess.run(
        [*command, "-f", str(COMPOSE), "config", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert '"replicas": 2' in result.stdout
