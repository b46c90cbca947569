"""`KILOVOLT_EMBEDDINGS=openai:<model>` against a loopback OpenAI-compatible stub (OpenAI is
unreachable here): OPENAI_BASE_URL is honoured and the model gets its own collection."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.retrieval import Retriever, index_knowledge
from bot.retrieval.store import VectorStore
from tests.conftest import FIXTURE_KNOWLEDGE

pytestmark = pytest.mark.integration


def _vector(text: str, dims: int = 64) -> np.ndarray:
    """A deterministic bag-of-words vector: texts sharing words point the same way."""
    vec = np.zeros(dims, dtype=np.float32)
    for word in text.lower().split():
        vec[int(hashlib.md5(word.encode()).hexdigest(), 16) % dims] += 1.0
    return vec / (np.linalg.norm(vec) or 1.0)


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append({"path": self.path, "auth": self.headers["Authorization"], **body})
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = []
        for index, text in enumerate(inputs):
            vec = _vector(str(text))
            encoded: object = vec.tolist()
            if body.get("encoding_format") == "base64":
                encoded = base64.b64encode(vec.tobytes()).decode()
            data.append({"object": "embedding", "index": index, "embedding": encoded})
        payload = {
            "object": "list",
            "data": data,
            "model": body["model"],
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
        }
        raw = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def openai_stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Handler.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_openai_embeddings_index_and_search_through_base_url(
    openai_stub: str, tmp_path: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        knowledge_dir=FIXTURE_KNOWLEDGE,
        chroma_url=None,
        embeddings="openai:stub-embed",
        openai_api_key=SecretStr("sk-test-key"),
        openai_base_url=openai_stub,
        llm="offline",
    )
    report = index_knowledge(settings, progress=False)
    assert report.collection == "kilovolt-stub-embed"
    assert report.embedded == report.chunks + 2 * report.files  # + whole-document rows
    assert _Handler.requests[0]["path"] == "/v1/embeddings"
    assert _Handler.requests[0]["model"] == "stub-embed"
    assert _Handler.requests[0]["auth"] == "Bearer sk-test-key"
    assert VectorStore(settings).get_existing().metadata["embedding_model"] == "stub-embed"

    again = index_knowledge(settings, progress=False)
    assert again.embedded == 0

    results = Retriever(settings).search("règlement écrit du concours", k=1)
    assert results[0].source == "pratique/concours.md"

    local = settings.model_copy(update={"embeddings": "local"})
    assert VectorStore(local).name not in VectorStore(settings).collection_names()
