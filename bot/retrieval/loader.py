"""Load the knowledge directory: Markdown and text with YAML front matter, and PDF, Word,
PowerPoint and HTML files converted to Markdown (convert/); bad files reported, not fatal."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

import charset_normalizer
import frontmatter
import yaml

from bot.errors import KnowledgeError

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
# Converted formats are read lazily (their parsers load only when such a file is indexed).
CONVERTED_SUFFIXES = frozenset({".pdf", ".docx", ".pptx", ".html", ".htm"})
DEFAULT_MAX_DOCUMENT_BYTES = 20_000_000  # PDFs and decks carry images: a larger limit
SKIPPED_DIRS = frozenset({"idees"})  # the idea bank is data for the advisor, not guidance to search
DEFAULT_MAX_BYTES = 1_000_000
# Western-European code pages, preferred when charset-normalizer finds several equally good ones.
_PREFERRED_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "mac_roman")


@dataclass(frozen=True)
class Document:
    """One knowledge file, decoded, with its front matter."""

    source: str  # path relative to the knowledge dir, POSIX separators
    sha256: str  # hash of the raw bytes: the manifest's change detector
    text: str  # body without front matter
    metadata: dict[str, object] = field(default_factory=dict)
    encoding: str = "utf-8"

    @property
    def title(self) -> str:
        """The front-matter title, else the first Markdown heading, else the file name."""
        title = self.metadata.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        for line in self.text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return Path(self.source).stem.replace("-", " ").replace("_", " ")


@dataclass
class LoadResult:
    """Documents that load, and one clear line per file that was skipped or degraded."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files not indexed
    warnings: list[str] = field(default_factory=list)  # files indexed with a caveat


def iter_candidate_files(root: Path) -> list[Path]:
    """Text files under `root`, sorted, outside skipped and hidden directories."""
    files = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or rel.parts[0] in SKIPPED_DIRS:
            continue
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES | CONVERTED_SUFFIXES:
            files.append(path)
        elif path.is_file() and path.suffix.lower() in _unsupported():
            files.append(path)  # reported as skipped, with what to do instead
    return files


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 first, else the encoding charset-normalizer finds most likely.

    Raises ValueError when the bytes look binary or no encoding fits.
    """
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("looks like a binary file")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise ValueError("not UTF-8 and no other text encoding fits")
    least_chaos = min(match.chaos for match in matches)
    for preferred in _PREFERRED_ENCODINGS:
        for match in matches:
            if match.encoding == preferred and match.chaos <= least_chaos + 0.01:
                return str(match), match.encoding
    return str(best), best.encoding


def _parse_front_matter(text: str) -> tuple[dict[str, object], str]:
    """Split YAML front matter from the body; raise ValueError when it is malformed."""
    try:
        metadata, body = frontmatter.parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ValueError(f"front matter is not valid YAML{where}") from exc
    if not isinstance(metadata, dict):
        raise ValueError("front matter is not a YAML mapping")
    return dict(metadata), body


def _strip_front_matter_block(text: str) -> str:
    """The body after a `---` … `---` block, used when that block cannot be parsed."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return "".join(lines[index + 1 :])
    return text


def _unsupported() -> dict[str, str]:
    from bot.retrieval.convert import UNSUPPORTED

    return UNSUPPORTED


def load_document(
    path: Path,
    root: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> Document:
    """Read one file; raise ValueError with a short reason when it cannot be indexed.

    Broken front matter is not fatal: the body is indexed without metadata and the caller is
    told through the `front_matter_error` metadata key. A converted file's caveats (pages
    without text) come in the `conversion_warnings` key.
    """
    suffix = path.suffix.lower()
    if suffix in _unsupported():
        raise ValueError(_unsupported()[suffix])
    converted = suffix in CONVERTED_SUFFIXES
    limit = max_document_bytes if converted else max_bytes
    size = path.stat().st_size
    if size == 0:
        raise ValueError("file is empty")
    if size > limit:
        raise ValueError(f"file is {size / 1_000_000:.1f} MB, over the {limit:,}-byte limit")
    data = path.read_bytes()
    if converted:
        return _converted_document(path, root, data)
    text, encoding = decode_bytes(data)
    try:
        metadata, body = _parse_front_matter(text)
    except ValueError as exc:
        metadata, body = {"front_matter_error": str(exc)}, _strip_front_matter_block(text)
    if not body.strip():
        raise ValueError("file has no text besides its front matter")
    return Document(
        source=path.relative_to(root).as_posix(),
        sha256=hashlib.sha256(data).hexdigest(),
        text=body,
        metadata=metadata,
        encoding=encoding,
    )


def _converted_document(path: Path, root: Path, data: bytes) -> Document:
    """A PDF, Word, PowerPoint or HTML file as a Markdown document (convert/)."""
    from bot.retrieval.convert import convert

    result = convert(path, data)  # ConversionError is a ValueError: the file is skipped
    metadata: dict[str, object] = {**result.metadata, "format": path.suffix.lower().lstrip(".")}
    if result.warnings:
        metadata["conversion_warnings"] = list(result.warnings)
    return Document(
        source=path.relative_to(root).as_posix(),
        sha256=hashlib.sha256(data).hexdigest(),
        text=result.text,
        metadata=metadata,
    )


def load_knowledge(
    root: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> LoadResult:
    """Load every text file under `root`; bad files are reported and the rest still load."""
    if not root.exists():
        raise KnowledgeError(
            f"knowledge directory {root} does not exist: create it or set KILOVOLT_KNOWLEDGE_DIR",
            f"Le dossier de connaissances {root} n'existe pas : créez-le ou réglez "
            "KILOVOLT_KNOWLEDGE_DIR.",
        )
    if not root.is_dir():
        raise KnowledgeError(f"knowledge path {root} is not a directory: point it to a directory")
    files = iter_candidate_files(root)
    if not files:
        raise KnowledgeError(
            f"knowledge directory {root} has no guidance file (.md, .txt, .pdf, .docx, .pptx, "
            ".html): add guidance documents first",
            f"Le dossier de connaissances {root} ne contient aucun document (.md, .txt, .pdf, "
            ".docx, .pptx, .html).",
        )
    result = load_files(root, files, max_bytes, max_document_bytes)
    if not result.documents:
        raise KnowledgeError(
            f"no usable document in {root}: " + "; ".join(result.skipped),
            f"Aucun document utilisable dans {root}.",
        )
    return result


def load_files(
    root: Path,
    files: list[Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    prefix: str = "",
) -> LoadResult:
    """Load `files` (under `root`), each source prefixed by `prefix`; bad files reported."""
    result = LoadResult()
    for path in files:
        rel = f"{prefix}{path.relative_to(root).as_posix()}"
        try:
            document = load_document(path, root, max_bytes, max_document_bytes)
        except (ValueError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            result.skipped.append(f"{rel}: skipped, {reason}")
            continue
        if prefix:
            document = replace(document, source=rel)
        for caveat in document.metadata.get("conversion_warnings") or []:  # type: ignore[attr-defined]
            result.warnings.append(f"{rel}: {caveat}")
        problem = document.metadata.get("front_matter_error")
        if problem:
            result.warnings.append(f"{rel}: {problem}; indexed without metadata, fix the header")
        if document.encoding != "utf-8":
            result.warnings.append(
                f"{rel}: not UTF-8, read as {document.encoding}; re-save it as UTF-8"
            )
        result.documents.append(document)
    return result
