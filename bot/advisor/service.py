"""The Advisor API used by the CLI and Slack: answers, draft critiques and weekly ideas."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from bot.advisor import answer as ans
from bot.advisor.anglicisms import load_anglicisms
from bot.advisor.coverage import CoverageJudge, Judge, Verdict, load_probes
from bot.advisor.critique import is_fact, load_check_texts, offline_critique, run_checks
from bot.advisor.critique_llm import (
    checks_block,
    critique_schema,
    merge_critique,
    norms_block,
    principles_block,
    signals_block,
)
from bot.advisor.framing import split_framing
from bot.advisor.guards import asks_for_secrets, check_text, secrets_refusal
from bot.advisor.idea_frames import load_frames, profile_ideas, with_trade_ideas
from bot.advisor.ideas import (
    IDEAS_PER_WEEK,
    candidates_block,
    idea_sources,
    ideas_schema,
    load_bank,
    merge_ideas,
    pick_ideas,
    season_label,
)
from bot.advisor.images import (
    DraftImage,
    ImageReader,
    image_checks,
    load_image_texts,
    with_image_checks,
    with_image_review,
)
from bot.advisor.models import (
    Answer,
    Coverage,
    Critique,
    Idea,
    IdeaSet,
    Language,
    Source,
    Turn,
)
from bot.advisor.offline import compose_answer, not_covered_text
from bot.advisor.platforms import load_platforms, resolve_platform
from bot.advisor.principles import load_principles
from bot.advisor.profile_checks import with_profile
from bot.advisor.profile_context import (
    POOL_EXTRA,
    bias_toward,
    critique_platform,
    is_about,
    platform_hint,
    platform_note,
    profile_block,
)
from bot.advisor.prompts import LANGUAGE_NAMES, PromptLibrary, load_prompts
from bot.advisor.readiness import CachedProbe
from bot.advisor.routing import Route, route_message
from bot.advisor.signals import compute_signals, load_lexicon
from bot.advisor.small_talk import load_replies, small_talk, small_talk_reply
from bot.advisor.vector_models import (
    PROMOTION_MODEL,
    ROUTING_MODEL,
    TOPIC_MODEL,
    VectorJudge,
    load_linear_model,
)
from bot.advisor.weeks import current_week, parse_week
from bot.config import PROJECT_ROOT, Settings
from bot.errors import InputError, KilovoltError
from bot.french import detect_language
from bot.llm.failures import LLMUnavailableError
from bot.profiles.model import BrandProfile

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

    from bot.llm import ChatLLM
    from bot.retrieval import Retriever
    from bot.retrieval.models import SearchResult

log = logging.getLogger(__name__)
UNAVAILABLE = {
    "fr": "Le modèle d'IA était indisponible; voici une réponse composée hors ligne.",
    "en": "The AI model was unavailable; here is an answer composed offline.",
}
TRUNCATED = {
    "fr": "La réponse du modèle d'IA dépassait la longueur permise; voici une réponse composée "
    "hors ligne.",
    "en": "The AI model's reply ran past its length limit; here is an answer composed offline.",
}


UNUSABLE = {
    "fr": "La réponse du modèle d'IA était inutilisable; voici une réponse composée hors ligne.",
    "en": "The AI model's reply was unusable; here is an answer composed offline.",
}


def failure_notice(exc: LLMUnavailableError, language: Language) -> str:
    """The one line telling the user why the reply was composed offline."""
    if exc.reason == "length":
        return TRUNCATED[language]
    if exc.reason in ("unparsable", "refusal"):
        return UNUSABLE[language]
    return UNAVAILABLE[language]


IDEAS_OFFLINE = {
    "fr": "Mode hors ligne : idées tirées de la banque d'idées Kilovolt, sans IA générative.",
    "en": "Offline mode: ideas drawn from Kilovolt's idea bank (in French), without generative AI.",
}
IDEAS_PROFILE_OFFLINE = {
    "fr": "Mode hors ligne : idées de la banque Kilovolt adaptées au profil de votre entreprise, "
    "sans IA générative.",
    "en": "Offline mode: ideas from Kilovolt's idea bank adapted to your business profile, "
    "without generative AI.",
}


class Advisor:
    """Kilovolt's advisor; builds its retriever and chat model lazily from settings."""

    def __init__(
        self,
        settings: Settings,
        retriever: Retriever | None = None,
        llm: ChatLLM | None = None,
        coverage: Judge | None = None,
        index_snapshot: bool = False,
    ) -> None:
        """`index_snapshot`: read the local index from its snapshot, without chromadb (one-shot
        commands; see retrieval/snapshot.py)."""
        self.settings = settings
        self._index_snapshot = index_snapshot
        self._retriever = retriever
        self._promotion: VectorJudge | None = None
        self._routing: VectorJudge | None = None
        self._llm = llm
        self._coverage = coverage
        # Validate every data file now: a broken prompt fails at start-up, not mid-conversation.
        # The model's prompts: validated now when a model is set (offline runs never use them).
        self._prompts = None if settings.llm == "offline" else load_prompts(settings.prompts_dir)
        self.principles = load_principles(settings.knowledge_dir)
        self.check_texts = load_check_texts(settings.prompts_dir)
        load_platforms(settings.prompts_dir)
        load_frames(settings.prompts_dir)
        load_lexicon()
        load_anglicisms(PROJECT_ROOT / "prompts")  # where compute_signals reads it
        load_replies(settings.prompts_dir)
        self.probes = load_probes(settings.prompts_dir)
        load_image_texts(settings.prompts_dir)
        load_linear_model(PROMOTION_MODEL)
        load_linear_model(TOPIC_MODEL)
        load_linear_model(ROUTING_MODEL)
        self.images = ImageReader(settings)  # the vision model, built on first use
        self.readiness_probe = CachedProbe(self._check_parts)

    # --- collaborators -------------------------------------------------------------------------
    @property
    def prompts(self) -> PromptLibrary:
        """The prompt templates (loaded and validated on first use, or at start-up with a model)."""
        if self._prompts is None:
            self._prompts = load_prompts(self.settings.prompts_dir)
        return self._prompts

    @property
    def retriever(self) -> Retriever:
        """The hybrid retriever (built on first use)."""
        if self._retriever is None:
            from bot.retrieval import Retriever

            self._retriever = Retriever(self.settings, snapshot=self._index_snapshot)
        return self._retriever

    @property
    def promotion(self) -> VectorJudge:
        """The promotion model's judge (its local embedder loaded on first use)."""
        if self._promotion is None:
            self._promotion = VectorJudge(self.settings, load_linear_model(PROMOTION_MODEL))
        return self._promotion

    @property
    def routing_model(self) -> VectorJudge:
        """The DM routing model's judge (its local embedder loaded on first use)."""
        if self._routing is None:
            self._routing = VectorJudge(self.settings, load_linear_model(ROUTING_MODEL))
        return self._routing

    @property
    def coverage(self) -> Judge:
        """The coverage judge, calibrated on the index once per build (built on first use)."""
        if self._coverage is None:
            from bot.advisor.coverage_index import RetrieverIndex

            topic = VectorJudge(self.settings, load_linear_model(TOPIC_MODEL))
            self._coverage = CoverageJudge(
                RetrieverIndex(self.retriever), self.probes, off_topic=topic.decision
            )
        return self._coverage

    @property
    def llm(self) -> ChatLLM | None:
        """The chat model, or None in offline mode."""
        if self._llm is None and self.settings.llm != "offline":
            from bot.llm import ChatLLM  # here: offline runs never import the openai client

            self._llm = ChatLLM(self.settings)
        return self._llm

    @property
    def mode(self) -> str:
        """'llm' or 'offline'."""
        return "offline" if self.llm is None else "llm"

    # --- answers -------------------------------------------------------------------------------
    def answer(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        profile: BrandProfile | None = None,
        team: str | None = None,
    ) -> Answer:
        """Answer a question from the guidance (no streaming); a brand profile, when given, is
        context for the model and biases retrieval toward its platforms. `team`: the workspace
        asking (its own added documents are searched, never another's)."""
        early, lang, text, kept, results, coverage = self._prepare(question, history, profile, team)
        if early is not None:
            return early
        if self.llm is None:
            return self._offline_answer(text, results, lang, coverage, profile)
        messages, numbered = self._answer_messages(text, kept, results, lang, coverage, profile)
        try:
            reply = self.llm.complete(messages, "answer")
        except LLMUnavailableError as exc:
            notice = failure_notice(exc, lang)
            return self._fallback_answer(text, results, lang, coverage, notice, profile)
        sources = ans.cited_sources(reply, numbered)
        return Answer(answer=reply, sources=sources, mode="llm", language=lang, coverage=coverage)

    def answer_stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        profile: BrandProfile | None = None,
        team: str | None = None,
    ) -> Iterator[str | Answer]:
        """Text deltas as they come, then exactly one final Answer holding the full text."""
        early, lang, text, kept, results, coverage = self._prepare(question, history, profile, team)
        if early is None and self.llm is not None:
            messages, numbered = self._answer_messages(text, kept, results, lang, coverage, profile)
            parts: list[str] = []
            try:
                for delta in self.llm.stream(messages, "answer"):
                    parts.append(delta)
                    yield delta
            except LLMUnavailableError as exc:
                notice = failure_notice(exc, lang)
                fallback = self._fallback_answer(text, results, lang, coverage, notice, profile)
                tail = ("\n\n" if parts else "") + fallback.answer
                yield tail
                yield fallback.model_copy(update={"answer": "".join(parts) + tail})
                return
            full = "".join(parts)
            sources = ans.cited_sources(full, numbered)
            yield Answer(answer=full, sources=sources, mode="llm", language=lang, coverage=coverage)
            return
        final = early or self._offline_answer(text, results, lang, coverage, profile)
        for paragraph in final.answer.split("\n\n"):
            yield paragraph + "\n\n"
        yield final

    def covers(self, question: str) -> bool:
        """Whether `question` gets an answer (covered or close: the decision `answer` makes,
        without a model)."""
        return self._prepare(question, ())[0] is None

    def judge(self, question: str, history: Sequence[Turn] = ()) -> Verdict:
        """The coverage verdict for `question` (covered, close or none) and its score."""
        lang = detect_language(question or "")
        text = check_text(question, self.settings, lang)
        kept = ans.bounded_history(history, self.settings.history_tokens)
        return self.coverage.judge(ans.retrieval_query(text, kept))

    def _prepare(
        self,
        question: str,
        history: Sequence[Turn],
        profile: BrandProfile | None = None,
        team: str | None = None,
    ) -> tuple[Answer | None, Language, str, list[Turn], list[SearchResult], Coverage]:
        lang = detect_language(question or "")
        text = check_text(question, self.settings, lang)
        kept = ans.bounded_history(history, self.settings.history_tokens)
        if asks_for_secrets(text):
            refusal = Answer(
                answer=secrets_refusal(lang),
                mode="offline",
                language=lang,
                covered=False,
                coverage="none",
            )
            return refusal, lang, text, kept, [], "none"
        chat = small_talk(text)
        if chat is not None:  # thanks, a greeting, "who are you?": a short reply, no passages
            reply = Answer(
                answer=small_talk_reply(chat, lang, self.settings.prompts_dir),
                mode="offline",
                language=lang,
                covered=False,
                coverage="small_talk",
            )
            return reply, lang, text, kept, [], "small_talk"
        query = ans.retrieval_query(text, kept)
        # The judge is calibrated on this index (bot/advisor/coverage.py): no domain word list.
        verdict = self.coverage.judge(query)
        results = self._search(query, text, profile, team) if verdict.answered else []
        if not results:
            topics = ans.covered_topics(self.principles, lang)
            reply = Answer(
                answer=not_covered_text(topics, lang),
                mode="offline",
                language=lang,
                covered=False,
                coverage="none",
            )
            return reply, lang, text, kept, results, "none"
        log.debug("coverage %s (score %s)", verdict.coverage, verdict.score)
        return None, lang, text, kept, results, verdict.coverage

    def _search(
        self, query: str, question: str, profile: BrandProfile | None, team: str | None = None
    ) -> list[SearchResult]:
        """The passages for `query`; with a profile whose platform the question does not name,
        the best passage about that platform is moved up (searched for when none is found)."""
        k = self.settings.top_k
        hint = platform_hint(profile, question, self.settings.prompts_dir)
        if hint is None:
            return self.retriever.search(query, k=k, team=team)
        platform, label = hint
        pool = self.retriever.search(query, k=k + POOL_EXTRA, team=team)
        extra: list[SearchResult] = []
        if not any(is_about(r, platform, label) for r in pool):  # ask with the platform's name
            extra = self.retriever.search(f"{query} {label}", k=k, team=team)
        return bias_toward(pool, extra, platform, label, k)

    def _answer_messages(
        self,
        text: str,
        kept: list[Turn],
        results: list[SearchResult],
        lang: Language,
        coverage: Coverage = "covered",
        profile: BrandProfile | None = None,
    ) -> tuple[list[BaseMessage], dict[str, Source]]:
        passages, numbered = ans.format_passages(results, closest=coverage == "close")
        messages = self.prompts.render(
            "answer",
            passages=passages,
            question=ans.neutralise(text),
            language_name=LANGUAGE_NAMES[lang],
            history=ans.history_messages(kept),
            profile=profile_block(profile),
        )
        return messages, numbered

    def _offline_answer(
        self,
        text: str,
        results: list[SearchResult],
        lang: Language,
        coverage: Coverage,
        profile: BrandProfile | None = None,
    ) -> Answer:
        body, sources = compose_answer(text, results, lang, closest=coverage == "close")
        hint = platform_hint(profile, text, self.settings.prompts_dir)
        if hint is not None:
            line, sources = platform_note(sources, results, *hint, lang)
            if line:  # before the closing line on citations
                head, sep, outro = body.rpartition("\n\n")
                body = f"{head}\n\n{line}{sep}{outro}" if sep else f"{body}\n\n{line}"
        return Answer(
            answer=body, sources=sources, mode="offline", language=lang, coverage=coverage
        )

    def _fallback_answer(
        self,
        text: str,
        results: list[SearchResult],
        lang: Language,
        coverage: Coverage,
        notice: str,
        profile: BrandProfile | None = None,
    ) -> Answer:
        offline = self._offline_answer(text, results, lang, coverage, profile)
        return offline.model_copy(
            update={"answer": f"{notice}\n\n{offline.answer}", "notice": notice}
        )

    # --- critiques -----------------------------------------------------------------------------
    def critique(
        self,
        draft: str,
        platform: str | None = None,
        language: Language | None = None,
        *,
        profile: BrandProfile | None = None,
        images: Sequence[DraftImage] = (),
    ) -> Critique:
        """Critique a post draft against Kilovolt's principles (a framing line is set apart).

        A brand profile sets the platform when none is named, and adds its tone, language and
        words-to-avoid expectations. `images` shared with the draft are checked (alt text,
        information only in the image) and read by KILOVOLT_VISION_MODEL when one is set."""
        lang = language or detect_language(draft or "")
        prompts_dir = self.settings.prompts_dir
        request = split_framing(draft or "", prompts_dir)
        text = check_text(request.draft, self.settings, lang, what="draft", allow_wordless=True)
        chosen = platform or request.platform or critique_platform(profile, prompts_dir)
        norms = resolve_platform(prompts_dir, chosen)
        signals = compute_signals(text, norms)
        promotion = None if signals.wordless else self.promotion.probability(text)
        checks = with_profile(run_checks(signals, norms, promotion), text, signals, profile)
        readings, image_notice = self.images.read(images, text, norms, lang)
        added = image_checks(text, signals, images, norms, prompts_dir, readings)
        checks = with_image_checks(checks, added)
        offline = offline_critique(
            signals, norms, self.check_texts, self.principles, lang, request.framing, checks
        )
        if self.llm is None:
            return with_image_review(offline, images, readings, image_notice)
        messages = self.prompts.render(
            "critique",
            principles=principles_block(self.principles, lang),
            signals=signals_block(offline.signals),
            facts=checks_block(checks, self.check_texts, lang, facts=True),
            keyword_signals=checks_block(checks, self.check_texts, lang, facts=False),
            passages=self._guidance_for(text),
            framing=ans.neutralise(request.framing) if request.framing else "(none)",
            draft=ans.neutralise(text),
            platform=norms.label,
            norms=norms_block(norms),
            language_name=LANGUAGE_NAMES[lang],
            draft_language_name=LANGUAGE_NAMES[detect_language(text)],
            profile=profile_block(profile),
        )
        try:
            schema = critique_schema(
                list(self.principles), [c.name for c in checks if not is_fact(c)]
            )
            model = self.llm.structured(messages, schema, "critique")
        except LLMUnavailableError as exc:
            notice = f"{failure_notice(exc, lang)} {offline.notice}"
            fallback = offline.model_copy(update={"notice": notice})
            return with_image_review(fallback, images, readings, image_notice)
        merged = merge_critique(offline, checks, model, self.check_texts, self.principles, lang)
        return with_image_review(merged, images, readings, image_notice)

    def _guidance_for(self, text: str) -> str:
        try:
            results = self.retriever.search(text[:500], k=3)
        except KilovoltError as exc:  # the critique still works without passages
            log.info("no guidance passages for the critique: %s", type(exc).__name__)
            return "(none)"
        return ans.format_passages(results)[0] if results else "(none)"

    # --- ideas ---------------------------------------------------------------------------------
    def ideas(
        self,
        theme: str | None = None,
        week: str | None = None,
        language: Language = "fr",
        *,
        profile: BrandProfile | None = None,
    ) -> IdeaSet:
        """Five content ideas for an ISO week (default: the current week), optionally on a theme;
        a brand profile makes them about its trade, offerings, region and platforms."""
        if week:
            year, number = parse_week(week)
            week = f"{year}-W{number:02d}"
        else:
            week = current_week(self.settings.timezone)
        theme = (theme or "").strip() or None
        if theme and len(theme) > 200:
            raise InputError(
                "the theme is too long (200 characters at most)",
                "Le thème est trop long (200 caractères au plus).",
            )
        bank = load_bank(self.settings.knowledge_dir)
        frames = load_frames(self.settings.prompts_dir)
        trade = profile.business_type if profile else None
        pool = theme or trade  # a profile without a theme: the bank's ideas for its trade first

        def adapted(count: int) -> list[Idea]:
            chosen = pick_ideas(bank, week, pool, count=count)
            if profile is None:
                return [i.to_idea() for i in chosen]
            return profile_ideas(chosen, profile, week, language, frames)

        picks = adapted(IDEAS_PER_WEEK)
        offline = IdeaSet(
            week=week,
            theme=theme,
            ideas=picks,
            sources=idea_sources(picks, self.principles, language),
            mode="offline",
            language=language,
            notice=(IDEAS_OFFLINE if profile is None else IDEAS_PROFILE_OFFLINE)[language],
        )
        if self.llm is None:
            return offline
        messages = self.prompts.render(
            "ideas",
            week=week,
            season=season_label(week),
            theme=ans.neutralise(theme) if theme else "—",
            candidates=candidates_block(
                pick_ideas(bank, week, theme, count=8) if profile is None else adapted(8)
            ),
            principles=", ".join(self.principles),
            language_name=LANGUAGE_NAMES[language],
            profile=profile_block(profile),
        )
        try:
            model = self.llm.structured(messages, ideas_schema(list(self.principles)), "ideas")
        except LLMUnavailableError as exc:
            return offline.model_copy(update={"notice": failure_notice(exc, language)})
        ideas = merge_ideas(model, picks, self.principles)
        if profile is not None:  # the model must keep to the trade, else the adaptation fills in
            ideas = with_trade_ideas(ideas, picks, profile)
        if ideas == picks:  # nothing usable came from the model
            return offline.model_copy(update={"notice": UNAVAILABLE[language]})
        return offline.model_copy(
            update={
                "ideas": ideas,
                "sources": idea_sources(ideas, self.principles, language),
                "mode": "llm",
                "notice": None,
            }
        )

    # --- readiness ------------------------------------------------------------------------------
    def readiness(self, max_age_s: float = 15.0) -> dict[str, str]:
        """Each part ('prompts', 'index') → 'ok' or a one-line reason, cached `max_age_s`.

        The first call loads the index and query embedder (as the first question would)."""
        return self.readiness_probe(max_age_s)

    def _check_parts(self) -> dict[str, str]:
        checks = {"prompts": "ok" if self.prompts and self.principles else "not loaded"}
        try:
            self.retriever.warm_up()
            self.coverage.warm_up()  # calibrated on this index before the first question
            checks["index"] = "ok"
        except KilovoltError as exc:
            checks["index"] = exc.message
        except Exception as exc:  # a probe never raises; details go to the log
            log.warning("index readiness check failed", exc_info=True)
            checks["index"] = f"error: {type(exc).__name__}"
        return checks

    # --- routing -------------------------------------------------------------------------------
    def route(self, text: str) -> Route:
        """Where a DM goes: 'critique' (a post draft), 'answer' (a question) or 'ask' (unsure)."""
        return route_message(text, self.settings.prompts_dir, self.routing_model)
