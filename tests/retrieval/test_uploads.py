"""Documents added from Slack: one folder per workspace, safe names, found by title, hidden from
other workspaces, deleted with a workspace's data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.retrieval.uploads import (
    find_uploads,
    forget_uploads,
    hidden_from,
    list_uploads,
    load_uploads,
    owner_prefix,
    safe_name,
    save_upload,
)
from bot.state.retention import RetentionJob
from bot.state.tenants import record_departure
from tests.support import documents as gen


def _settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", llm="offline")


def test_names_are_made_safe_and_folders_are_per_workspace(tmp_path: Path) -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\moi\\Guide Été 2026!!.PDF") == "Guide Été 2026.pdf"
    assert safe_name("....pdf") == "document.pdf"
    settings = _settings(tmp_path)
    saved = save_upload(settings, "T0ACME001", "guide.pdf", gen.pdf_bytes())
    assert saved.source == "uploads/T0ACME001/guide.pdf" and saved.path.is_file()
    assert save_upload(settings, "", "note.md", b"# Note\n\nTexte.").source == "uploads/_/note.md"
    assert [u.name for u in list_uploads(settings, "T0ACME001")] == ["guide.pdf"]
    assert list_uploads(settings, "T0OTHER01") == []
    assert owner_prefix("../T1") == "uploads/T1/"  # no way out of the uploads folder


def test_other_workspaces_documents_are_hidden_shared_guidance_never() -> None:
    assert hidden_from("uploads/T0OTHER01/guide.pdf", "T0ACME001")
    assert not hidden_from("uploads/T0ACME001/guide.pdf", "T0ACME001")
    assert not hidden_from("pratique/instagram.md", "T0ACME001")
    assert hidden_from("uploads/T0ACME001/guide.pdf", None)  # the CLI: single-workspace only
    assert not hidden_from("uploads/_/guide.pdf", "")


def test_found_by_title_or_file_name_accents_aside(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    save_upload(settings, "T1", "vitrines.pdf", gen.pdf_bytes())
    save_upload(settings, "T1", "avis.docx", gen.docx_bytes())
    titles = {"uploads/T1/vitrines.pdf": "Guide des vitrines numériques"}
    assert [
        u.name for u in find_uploads(settings, "T1", "guide des vitrines numeriques", titles)
    ] == ["vitrines.pdf"]
    assert [u.name for u in find_uploads(settings, "T1", "AVIS", titles)] == ["avis.docx"]
    assert find_uploads(settings, "T1", "rien de tel", titles) == []
    loaded = load_uploads(settings)
    assert sorted(d.source for d in loaded.documents) == [
        "uploads/T1/avis.docx", "uploads/T1/vitrines.pdf"
    ]  # fmt: skip
    save_upload(settings, "T1", "cut.pdf", gen.pdf_bytes()[:2000])
    save_upload(settings, "T1", "mixte.pdf", gen.mixed_pdf_bytes())
    loaded = load_uploads(settings)  # reported like the shared guidance, with the upload's path
    assert any(
        s.startswith("uploads/T1/cut.pdf: skipped, not a readable PDF") for s in loaded.skipped
    )
    assert any(w.startswith("uploads/T1/mixte.pdf: no text layer") for w in loaded.warnings)


def test_a_workspace_purged_after_retention_loses_its_documents(tmp_path: Path) -> None:
    from bot.state import StateStore

    settings = _settings(tmp_path)
    save_upload(settings, "T0GONE0001", "guide.pdf", gen.pdf_bytes())
    save_upload(settings, "T0STAYS001", "guide.pdf", gen.pdf_bytes())
    store = StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    record_departure(store.engine, "T0GONE0001", now - timedelta(days=40))
    purged: list[list[str]] = []
    job = RetentionJob(store.engine, 30, on_workspaces_purged=purged.append)
    job.run_if_due(now)
    assert purged == [["T0GONE0001"]]
    assert forget_uploads(settings, purged[0]) is True
    assert list_uploads(settings, "T0GONE0001") == []
    assert [u.name for u in list_uploads(settings, "T0STAYS001")] == ["guide.pdf"]
    assert forget_uploads(settings, [""]) is False  # the single-workspace folder stays
