"""Knowledge added from Slack in a DM: « ajoute » with a file, « liste », « retire <titre> ».

Only a workspace's admins and owners (users.info) or the people in KILOVOLT_ADMINS may change it.
A shared file is fetched with `files.info` and its private URL (the bot token, `files:read`),
checked (type, size), stored under the data dir in the workspace's folder (uploads.py) and indexed
in the background with the rest of the guidance; the reply says what was added. The index lock
(locking.py) keeps it from racing a `kilovolt index`."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import KilovoltError
from bot.french import Language, detect_language
from bot.retrieval import index_knowledge
from bot.retrieval.loader import load_document
from bot.retrieval.splitter import split_document
from bot.retrieval.uploads import (
    ACCEPTED,
    find_uploads,
    forget_uploads,
    list_uploads,
    save_upload,
    uploads_root,
)
from bot.slack.listeners.actions.profile import allowed
from bot.slack.services import Services
from bot.slack.slack_files import download_private, file_info
from bot.slack.texts import t

log = logging.getLogger(__name__)

_ADD = re.compile(r"^\s*(?:ajoute[rz]?|add)\b", re.IGNORECASE)
_LIST = re.compile(r"^\s*(?:liste|list)(?:\s+(?:des\s+)?documents?)?\s*[.!?]?\s*$", re.IGNORECASE)
_REMOVE = re.compile(r"^\s*(?:retire[rz]?|enl[eè]ve[rz]?|remove)\s+(.+?)\s*$", re.I | re.S)


@dataclass(frozen=True)
class KnowledgeCommand:
    """What an admin asked: add the attached files, list, or remove one by its title."""

    action: str  # "add" | "list" | "remove"
    argument: str = ""


def knowledge_command(text: str, has_files: bool) -> KnowledgeCommand | None:
    """The command in a DM's text (None for an ordinary message)."""
    if _ADD.match(text) and (has_files or len(text.split()) <= 2):
        return KnowledgeCommand("add")
    if _LIST.match(text):
        return KnowledgeCommand("list")
    removal = _REMOVE.match(text)
    question = text.rstrip().endswith("?")  # « retirer les mots-clics, ça vaut la peine? »
    if removal and not has_files and not question and len(text.split()) <= 10:
        return KnowledgeCommand("remove", removal.group(1))
    return None


def drop_added_documents(services: Services, teams: list[str]) -> None:
    """Workspaces whose data goes: their added documents are deleted and, in the background,
    the index is rebuilt without them."""
    if not forget_uploads(services.settings, teams):
        return

    def reindex() -> None:
        try:
            index_knowledge(services.settings, progress=False)
        except Exception:  # the next index run drops them; nothing to tell anyone
            log.exception("re-index after deleting a workspace's documents failed")

    threading.Thread(target=reindex, name="knowledge-forget", daemon=True).start()


class KnowledgeUploads:
    """One knowledge command from a DM, answered in its thread."""

    def __init__(
        self,
        services: Services,
        client: WebClient,
        event: Mapping[str, Any],
        command: KnowledgeCommand,
    ) -> None:
        self.services, self.client, self.event, self.command = services, client, event, command
        self.settings = services.settings
        self.team = services.store.team_id
        self.channel = str(event["channel"])
        self.thread_ts = str(event.get("thread_ts") or event["ts"])
        self.user = str(event.get("user") or "")
        text = str(event.get("text") or "")
        self.language: Language = (
            detect_language(text) if len(text.split()) > 2 else services.languages.get(self.user)
        )

    def run(self, background: bool = True) -> None:
        """Check who asks, then do it (indexing in a background thread unless told otherwise)."""
        if not allowed(self.client, self.user, self.settings.admins):
            self._say(t("knowledge_refused", self.language))
            return
        if self.command.action == "list":
            self._say(self._listing())
            return
        if self.command.action == "remove":
            self._remove(background)
            return
        files = [f for f in self.event.get("files") or [] if isinstance(f, Mapping)]
        if not files:
            self._say(t("knowledge_how_to_add", self.language))
            return
        saved = [path for f in files if (path := self._fetch(f)) is not None]
        if saved:
            names = ", ".join(f"« {p.name} »" for p in saved)
            self._say(t("knowledge_indexing", self.language, names=names))
            self._start(lambda: self._index_added(saved), background)

    # --- steps -----------------------------------------------------------------------------------
    def _fetch(self, shared: Mapping[str, Any]) -> Path | None:
        """One shared file downloaded and stored; None (and a line to the user) when it can't."""
        name = str(shared.get("name") or shared.get("title") or "document")
        if Path(name).suffix.lower() not in ACCEPTED:
            self._say(t("knowledge_bad_type", self.language, name=name))
            return None
        try:
            info = file_info(self.client, str(shared.get("id") or ""))
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "")
            log.warning("files.info failed: %s", error)
            key = "knowledge_scope" if error == "missing_scope" else "knowledge_download_failed"
            self._say(t(key, self.language, name=name))
            return None
        size = int(info.get("size") or 0)
        if size > self.settings.max_document_bytes:
            limit = self.settings.max_document_bytes // 1_000_000
            self._say(t("knowledge_too_big", self.language, name=name, limit=limit))
            return None
        try:
            data = self._download(str(info.get("url_private_download") or ""))
        except (OSError, ValueError) as exc:
            log.warning("download of %s failed: %s", name, exc)
            self._say(t("knowledge_download_failed", self.language, name=name))
            return None
        return save_upload(self.settings, self.team, name, data).path

    def _download(self, url: str) -> bytes:
        """The file's bytes from its private URL, with the bot token (never logged; only sent to
        Slack's file host, see slack_files.py)."""
        limit = self.settings.max_document_bytes
        return download_private(url, str(self.client.token), self.settings.slack_api_url, limit)

    def _index_added(self, saved: list[Path]) -> None:
        """Index, then say what each file brought (title, sections, passages) or why not."""
        try:
            report = index_knowledge(self.settings, progress=False)
        except KilovoltError as exc:
            self._say(exc.for_language(self.language))
            return
        skipped = {line.split(": skipped, ")[0]: line for line in report.skipped}
        root = uploads_root(self.settings)
        for path in saved:
            source = f"uploads/{path.relative_to(root).as_posix()}"
            if source in skipped:
                reason = skipped[source].split(": skipped, ", 1)[-1]
                path.unlink(missing_ok=True)  # not kept: it would be skipped at every index
                self._say(t("knowledge_unreadable", self.language, name=path.name, reason=reason))
                continue
            document = load_document(
                path, root, self.settings.max_file_bytes, self.settings.max_document_bytes
            )
            chunks = split_document(document)
            sections = len({c.section for c in chunks if c.section})
            self._say(
                t(
                    "knowledge_added",
                    self.language,
                    title=document.title,
                    name=path.name,
                    sections=sections,
                    chunks=len(chunks),
                )
            )

    def _listing(self) -> str:
        uploads = list_uploads(self.settings, self.team)
        if not uploads:
            return t("knowledge_none", self.language)
        unit = "kB" if self.language == "en" else "ko"
        lines = [
            f"• « {u.name} » ({u.size // 1000 or 1} {unit}, {u.added:%Y-%m-%d})" for u in uploads
        ]
        return t("knowledge_list", self.language, count=len(uploads)) + "\n" + "\n".join(lines)

    def _remove(self, background: bool) -> None:
        found = find_uploads(self.settings, self.team, self.command.argument, self._titles())
        if len(found) != 1:
            key = "knowledge_not_found" if not found else "knowledge_ambiguous"
            names = ", ".join(f"« {u.name} »" for u in found)
            self._say(t(key, self.language, words=self.command.argument.strip(), names=names))
            return
        found[0].path.unlink(missing_ok=True)

        def reindex() -> None:
            try:
                index_knowledge(self.settings, progress=False)
            except KilovoltError as exc:
                self._say(exc.for_language(self.language))
                return
            self._say(t("knowledge_removed", self.language, name=found[0].name))

        self._start(reindex, background)

    def _titles(self) -> dict[str, str]:
        """Source → title of the indexed added documents (for « retire <titre> »)."""
        try:
            _, corpus = self.services.advisor.retriever._ready()  # type: ignore[attr-defined]
        except Exception:  # no index yet, or a stand-in advisor: file names still match
            return {}
        return {str(m.get("source")): str(m.get("title") or "") for m in corpus.metadatas}

    # --- plumbing --------------------------------------------------------------------------------
    def _start(self, work: Any, background: bool) -> None:
        def guarded() -> None:
            try:
                work()
            except Exception:  # one line to the user; the details stay in the logs
                log.exception("knowledge update failed")
                self._say(t("error", self.language))

        if background:
            threading.Thread(target=guarded, name="knowledge-upload", daemon=True).start()
        else:
            guarded()

    def _say(self, text: str) -> None:
        try:
            self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, text=text)
        except SlackApiError as exc:
            log.warning("knowledge reply not delivered: %s", exc.response.get("error"))
