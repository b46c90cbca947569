"""E2E, real advisor and index: an admin adds a PDF in a DM and questions draw on it (citing its
page); others are refused; a damaged file or a sign-in page gets one clear line; « liste » and
« retire » manage what was added; another workspace never sees it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.advisor import Advisor
from bot.retrieval import Retriever
from bot.slack.app import build_bot
from bot.slack.http import create_web_app
from bot.slack.knowledge_uploads import knowledge_command
from bot.state import StateStore
from tests.slack.conftest import Harness, ServerThread, make_settings
from tests.slack.test_slack_real_advisor import corpus  # noqa: F401 - the module's index fixture
from tests.support import documents as gen
from tests.support.slack_api import SlackApiStandIn, wait_for

pytestmark = pytest.mark.integration
ADMIN, MEMBER = "U0ADMIN01", "U0MEMBER1"


@pytest.fixture
def uploads(
    corpus: tuple[Path, Path],  # noqa: F811
    slack_api: SlackApiStandIn,
    tmp_path: Path,
) -> Iterator[Harness]:
    """The indexed fixture corpus copied into this test's own data dir, a bot serving it."""
    knowledge, shared = corpus
    data = tmp_path / "data"
    shutil.copytree(shared, data)
    settings = make_settings(data, slack_api.base_url, knowledge_dir=knowledge)
    slack_api.admins.add(ADMIN)
    state = StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    bot = build_bot(settings, advisor=Advisor(settings), store=state)
    with ServerThread(create_web_app(bot)) as server, httpx.Client(timeout=10) as http:
        yield Harness(slack_api, bot, bot.services.advisor, f"http://127.0.0.1:{server.port}", http)


def _replies(harness: Harness, channel: str) -> list[str]:
    return [str(c.params.get("text") or "") for c in harness.api.calls_to("chat.postMessage")
            if c.params.get("channel") == channel]  # fmt: skip


def _share(harness: Harness, user: str, name: str, data: bytes, text: str = "ajoute") -> None:
    info = harness.api.add_file(name, data, "application/octet-stream", user=user)
    shared = {"id": info["id"], "name": name, "mimetype": info["mimetype"], "size": len(data)}
    harness.message(text, channel="D0UPLOAD", user=user, subtype="file_share", files=[shared])


def test_an_admin_adds_a_pdf_and_questions_cite_its_page(uploads: Harness) -> None:
    harness = uploads
    _share(harness, ADMIN, "vitrines.pdf", gen.pdf_bytes())
    added = wait_for(
        lambda: [t for t in _replies(harness, "D0UPLOAD") if t.startswith("Ajouté")], timeout=120
    )[0]
    assert "« Guide des vitrines numériques » (vitrines.pdf)" in added
    assert "3 sections" in added and "passages" in added
    assert all(authorised for _path, authorised in harness.api.downloads)  # the bot's token
    # A question in the same workspace now draws on it, with the page in the sources
    harness.mention("Quand mettre à jour les heures de notre fiche avant la Saint-Jean?")
    reply = wait_for(lambda: harness.api.calls_to("chat.stopStream"), timeout=60)[0]
    sources = json.dumps(reply.params["blocks"], ensure_ascii=False)
    assert "[1] Guide des vitrines numériques, p. 1-2 · `uploads/_/vitrines.pdf`" in sources
    # Another workspace's search never sees it
    retriever = Retriever(harness.bot.services.settings)
    ours = retriever.search("heures avant la Saint-Jean", k=3, team="")  # single workspace
    theirs = retriever.search("heures avant la Saint-Jean", k=3, team="T0OTHER01")
    assert ours[0].source == "uploads/_/vitrines.pdf"
    assert all(not r.source.startswith("uploads/") for r in theirs)
    # « liste » and « retire »
    harness.message("liste", channel="D0UPLOAD", user=ADMIN)
    listing = wait_for(
        lambda: [t for t in _replies(harness, "D0UPLOAD") if t.startswith("Documents ajoutés")]
    )[0]
    assert "« vitrines.pdf »" in listing
    harness.message("retire Guide des vitrines numériques", channel="D0UPLOAD", user=ADMIN)
    wait_for(
        lambda: [t for t in _replies(harness, "D0UPLOAD") if t.startswith("Retiré du guide")],
        timeout=120,
    )
    after = Retriever(harness.bot.services.settings).search("heures avant la Saint-Jean", team="")
    assert all(not r.source.startswith("uploads/") for r in after)


def test_a_member_is_refused_and_bad_files_get_one_line(uploads: Harness) -> None:
    harness = uploads
    _share(harness, MEMBER, "vitrines.pdf", gen.pdf_bytes())
    refused = wait_for(lambda: _replies(harness, "D0UPLOAD"))[0]
    assert refused.startswith("Désolé, seuls les administrateurs")
    assert harness.api.downloads == []  # nothing fetched for someone who may not add
    _share(harness, ADMIN, "coupe.pdf", gen.pdf_bytes()[:2000])
    unreadable = wait_for(
        lambda: [t for t in _replies(harness, "D0UPLOAD") if "Je n'ai pas pu lire" in t],
        timeout=120,
    )[0]
    assert "« coupe.pdf »" in unreadable and "damaged" in unreadable
    _share(harness, ADMIN, "tableur.xlsx", b"PK\x03\x04")
    assert wait_for(
        lambda: [t for t in _replies(harness, "D0UPLOAD") if t.startswith("« tableur.xlsx »")]
    )
    settings = harness.bot.services.settings
    assert not (settings.data_dir / "uploads" / "_" / "coupe.pdf").exists()
    assert "Traceback" not in " ".join(_replies(harness, "D0UPLOAD"))


@pytest.mark.parametrize(
    ("text", "files", "action"),
    [
        ("ajoute", True, "add"),
        ("Add", True, "add"),
        ("ajoute ce guide stp", True, "add"),
        ("ajoute", False, "add"),  # tells how
        ("liste", False, "list"),
        ("liste des documents", False, "list"),
        ("retire Guide des vitrines", False, "remove"),
        ("Ajoute un bouton pour réserver sur Instagram, bonne idée?", False, None),
        ("Retirer les hashtags de nos anciennes publications, ça vaut la peine?", False, None),
        ("liste de hashtags pour une fleuriste", False, None),
    ],
)
def test_only_short_commands_change_the_guidance(
    text: str, files: bool, action: str | None
) -> None:
    command = knowledge_command(text, files)
    assert (command.action if command else None) == action
