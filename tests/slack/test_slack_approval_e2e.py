"""The approval loop end to end over signed HTTP, with the real advisor (offline): author →
reviewer → « Demander des changements » → new version → « Approuver », audit trail checked in
the database, every ack back before the handler's Slack calls."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.slack.approval_blocks import APPROVE, CHANGES, CHANGES_VIEW, REQUEST_VIEW
from bot.slack.approval_button import APPROVAL_START
from bot.state.approvals import Approvals
from tests.slack.approval_flow import (
    AUTHOR,
    AUTHOR_DM,
    OTHER,
    REVIEWER,
    REVIEWER_DM,
    AckLog,
    acked_before,
    button_values,
    click,
    errors_of,
    last_view,
    responses,
    submit,
    thread_texts,
)
from tests.slack.conftest import Harness
from tests.slack.test_slack_real_advisor import corpus, real_harness  # noqa: F401 (fixtures)
from tests.support.openai_server import OpenAIServer
from tests.support.slack_api import wait_for

pytestmark = pytest.mark.integration
DRAFT_1 = (
    "Pour Instagram : 🔥 GROS SOLDES 🔥 -40 % sur tous nos vélos! Achetez maintenant, offre "
    "d'une durée limitée!!! #velo #soldes #promo #rabais #achat"
)
DRAFT_2 = (
    "Pour Instagram : trois gestes simples pour préparer votre vélo au printemps : gonfler les "
    "pneus, huiler la chaîne, vérifier les freins. Et vous, quel est votre premier trajet de "
    "la saison? Nos mécaniciens répondent à vos questions en commentaire."
)
COMMENT = "Trop promotionnel pour la marque : mettez les conseils d'entretien en avant."


@pytest.fixture
def harness(real_harness: tuple[Harness, OpenAIServer | None]) -> Iterator[Harness]:  # noqa: F811
    yield real_harness[0]


def _critique(harness: Harness, thread_ts: str, count: int) -> dict[str, Any]:
    """The `count`-th critique (a message with the approval button) in the author's thread."""

    def found() -> list[dict[str, Any]]:
        return [
            m
            for m in harness.replies_in(AUTHOR_DM, thread_ts)
            if APPROVAL_START in button_values(m)
        ]

    return wait_for(lambda: len(found()) >= count and found(), timeout=60)[count - 1]


def _reviewer_messages(harness: Harness) -> list[dict[str, Any]]:
    return harness.api.bot_messages(REVIEWER_DM)


def test_author_reviewer_changes_new_version_approved(harness: Harness, tmp_path: Path) -> None:
    api, acks = harness.api, AckLog()
    api.bots.add("U0APPBOT1")
    api.deactivated.add("U0GONE001")
    draft = harness.message(DRAFT_1, channel=AUTHOR_DM, user=AUTHOR)
    thread = draft["ts"]
    critique = _critique(harness, thread, 1)

    # « Envoyer pour approbation » → the modal (opened after the ack)
    reply_id = button_values(critique)[APPROVAL_START]
    acked_before(
        harness, acks, "send button", "views.open",
        lambda: click(harness, critique, APPROVAL_START, reply_id, AUTHOR),
    )  # fmt: skip
    modal = last_view(harness, REQUEST_VIEW)
    assert [b.get("block_id") for b in modal["blocks"] if b["type"] == "input"] == [
        "reviewer",
        "note",
    ]
    users_select = modal["blocks"][1]["element"]
    assert users_select["type"] == "users_select"

    # refused reviewers: shown in the modal (response_action errors), nothing created
    for who, words in ((AUTHOR, "propre brouillon"), ("U0APPBOT1", "application"),
                       ("U0GONE001", "désactivé"), (None, "Choisissez")):  # fmt: skip
        chosen = {"selected_user": who} if who else {"selected_user": None}
        errors = errors_of(submit(harness, modal, AUTHOR, {"reviewer": chosen}))
        assert words in errors["reviewer"]
    assert not _reviewer_messages(harness)

    # the reviewer chosen: request created, sent by DM (conversations.open) after the ack
    note = {"value": "Pour la campagne du printemps."}
    response = acked_before(
        harness, acks, "reviewer modal", "conversations.open",
        lambda: submit(harness, modal, AUTHOR, {"reviewer": {"selected_user": REVIEWER},
                                                 "note": note}),
    )  # fmt: skip
    assert errors_of(response) == {}
    [opened] = api.calls_to("conversations.open")
    assert opened.params["users"] == REVIEWER
    v1 = wait_for(lambda: _reviewer_messages(harness), what="the reviewer's DM")[0]
    shown = json.dumps(v1["blocks"], ensure_ascii=False)
    assert "version 1" in shown and "GROS SOLDES" in shown and "Résumé de la critique" in shown
    assert "Pour la campagne du printemps." in shown
    assert set(button_values(v1)) == {APPROVE, CHANGES}
    wait_for(lambda: any("Envoyé à" in t for t in thread_texts(harness, AUTHOR_DM, thread)))

    # someone else clicks: refused politely, nothing recorded
    acked_before(
        harness, acks, "non-reviewer click", "response_url",
        lambda: click(harness, v1, APPROVE, button_values(v1)[APPROVE], OTHER),
    )  # fmt: skip
    assert "Seule la personne choisie" in responses(harness)[-1]

    # « Demander des changements » → comment modal; empty and too long refused in the modal
    acked_before(
        harness, acks, "changes button", "views.open",
        lambda: click(harness, v1, CHANGES, button_values(v1)[CHANGES], REVIEWER),
    )  # fmt: skip
    changes = last_view(harness, CHANGES_VIEW)
    assert errors_of(submit(harness, changes, REVIEWER, {"comment": {"value": "  "}}))
    too_long = {"comment": {"value": "x" * 1001}}
    assert "1000" in errors_of(submit(harness, changes, REVIEWER, too_long))["comment"]
    before = len(api.calls_to("chat.postMessage"))
    acked_before(
        harness, acks, "changes modal", "chat.update",
        lambda: submit(harness, changes, REVIEWER, {"comment": {"value": COMMENT}}),
    )  # fmt: skip
    line = wait_for(
        lambda: [t for t in thread_texts(harness, AUTHOR_DM, thread) if "Changements" in t]
    )[0]
    assert f"<@{REVIEWER}>" in line and "(version 1)" in line and "mettez les conseils" in line
    assert len(api.calls_to("chat.postMessage")) == before + 1
    assert not button_values(api._message(REVIEWER_DM, v1["ts"]))  # its buttons are gone

    # a new draft in the thread: critiqued as usual AND version 2 for the reviewer
    harness.message(DRAFT_2, channel=AUTHOR_DM, user=AUTHOR, thread_ts=thread)
    _critique(harness, thread, 2)
    v2 = wait_for(lambda: len(_reviewer_messages(harness)) >= 2 and _reviewer_messages(harness))
    v2 = v2[1]
    assert "version 2" in json.dumps(v2["blocks"], ensure_ascii=False)
    v2_buttons = button_values(v2)  # (the stand-in's message: chat.update changes it later)
    assert set(v2_buttons) == {APPROVE, CHANGES}
    wait_for(
        lambda: any("Version 2 envoyée" in t for t in thread_texts(harness, AUTHOR_DM, thread))
    )
    assert "plus récente" in api._message(REVIEWER_DM, v1["ts"])["text"]

    # a click on version 1's old buttons: a newer version exists
    acked_before(
        harness, acks, "stale click", "response_url",
        lambda: click(harness, v1, APPROVE, f"{v2_buttons[APPROVE].split(':')[0]}:1",
                      REVIEWER),
    )  # fmt: skip
    assert "version plus récente" in responses(harness)[-1]

    # « Approuver » on version 2 closes the request
    acked_before(
        harness, acks, "approve", "chat.update",
        lambda: click(harness, v2, APPROVE, v2_buttons[APPROVE], REVIEWER),
    )  # fmt: skip
    approved = wait_for(
        lambda: [t for t in thread_texts(harness, AUTHOR_DM, thread) if "Approuvé" in t]
    )[0]
    assert f"<@{REVIEWER}>" in approved and "(version 2)" in approved
    acked_before(
        harness, acks, "click after approval", "response_url",
        lambda: click(harness, v2, CHANGES, v2_buttons[CHANGES], REVIEWER),
    )  # fmt: skip
    assert "déjà approuvé" in responses(harness)[-1]

    # the audit trail, in the database
    approvals = Approvals(harness.bot.services.store)
    request_id = v2_buttons[APPROVE].split(":")[0]
    request = approvals.get(request_id)
    assert request is not None
    assert (request.author_id, request.reviewer_id, request.status) == (
        AUTHOR,
        REVIEWER,
        "approved",
    )
    assert request.current_version == 2
    trail = approvals.trail(request_id)
    assert [(d.version, d.decision, d.decided_by) for d in trail] == [
        (1, "changes", REVIEWER),
        (2, "approved", REVIEWER),
    ]
    assert trail[0].comment == COMMENT and trail[1].comment == ""
    assert all(d.created_at is not None for d in trail)
    assert "GROS SOLDES" in approvals.version(request_id, 1).draft  # type: ignore[union-attr]
    assert "trois gestes" in approvals.version(request_id, 2).draft  # type: ignore[union-attr]
    print(f"\nack latency: {acks.report()}")


def test_thanks_in_the_thread_is_no_version_and_a_draft_with_its_image_is(
    harness: Harness,
) -> None:
    """While a request is open, « merci! » gets a short reply (not critiqued, not sent to the
    reviewer); a new draft shared with its PNG is critiqued with the image and becomes version 2."""
    import io

    from PIL import Image

    from tests.slack.approval_flow import send_for_approval

    api = harness.api
    draft, _v1 = send_for_approval(harness, DRAFT_1)
    thread = draft["ts"]
    harness.message("Merci beaucoup!", channel=AUTHOR_DM, user=AUTHOR, thread_ts=thread)
    wait_for(lambda: any("Avec plaisir" in t for t in thread_texts(harness, AUTHOR_DM, thread)))
    assert len(_reviewer_messages(harness)) == 1  # still version 1 only

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(buffer, "PNG")
    info = api.add_file("velo.png", buffer.getvalue(), "image/png")
    shared = [{k: info[k] for k in ("id", "name", "mimetype", "size")}]
    harness.message(
        DRAFT_2, channel=AUTHOR_DM, user=AUTHOR, thread_ts=thread, subtype="file_share",
        files=shared,
    )  # fmt: skip
    critique = _critique(harness, thread, 2)
    assert "texte alternatif" in json.dumps(critique["blocks"], ensure_ascii=False)
    v2 = wait_for(lambda: len(_reviewer_messages(harness)) >= 2 and _reviewer_messages(harness))
    assert "version 2" in json.dumps(v2[1]["blocks"], ensure_ascii=False)


def test_an_edit_of_the_draft_becomes_the_next_version(harness: Harness) -> None:
    """The author edits the draft message itself (Slack `message_changed`): critiqued in the
    thread and sent as version 2; an unfurl (same text) changes nothing, and the same edit
    delivered twice counts once."""
    from tests.slack.approval_flow import send_for_approval

    draft, _v1 = send_for_approval(harness, DRAFT_1)
    thread = draft["ts"]

    def edit(text: str, previous: str, edited_ts: str) -> None:
        message = {"type": "message", "user": AUTHOR, "text": text, "ts": thread,
                   "edited": {"user": AUTHOR, "ts": edited_ts}}  # fmt: skip
        harness.event(
            {
                "type": "message",
                "subtype": "message_changed",
                "channel": AUTHOR_DM,
                "channel_type": "im",
                "hidden": True,
                "message": message,
                "previous_message": {**message, "text": previous},
                "ts": edited_ts,
                "event_ts": edited_ts,
            }
        )

    edit(DRAFT_1, DRAFT_1, "1900000001.000100")  # an unfurl: the text did not change
    edit(DRAFT_2, DRAFT_1, "1900000002.000100")
    edit(DRAFT_2, DRAFT_1, "1900000002.000100")  # Slack's retry of the same edit
    _critique(harness, thread, 2)
    v2 = wait_for(lambda: len(_reviewer_messages(harness)) >= 2 and _reviewer_messages(harness))
    assert "version 2" in json.dumps(v2[1]["blocks"], ensure_ascii=False)
    assert "trois gestes simples" in json.dumps(v2[1]["blocks"], ensure_ascii=False)
    wait_for(
        lambda: any("Version 2 envoyée" in t for t in thread_texts(harness, AUTHOR_DM, thread))
    )
    assert len(_reviewer_messages(harness)) == 2  # the retry and the unfurl added nothing
