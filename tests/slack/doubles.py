"""A scriptable advisor double with the real Advisor's interface (isolates Slack behaviour)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from bot.advisor.models import Answer, Critique, Finding, Idea, IdeaSet, Source, Turn

SOURCES = [
    Source(
        n=1,
        source="doctrine/pas-d-inondation-promotionnelle.md",
        title="Pas d’inondation promotionnelle",
    ),
    Source(n=2, source="doctrine/donner-avant-de-recevoir.md", title="Donner avant de recevoir"),
]


class FakeAdvisor:
    """Records every call; `deltas`, `notice`, `error` and `gate` script its behaviour."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.deltas = [
            "Misez sur **la valeur** ",
            "avant la promotion : ",
            "donnez d’abord [1]. ",
            "Fin.",
        ]
        self.notice: str | None = None
        self.error: Exception | None = None
        self.gate: threading.Event | None = None
        self.draft_marker = "BROUILLON"
        self.unsure_marker = "PEUT-ÊTRE"
        self.parts = {"index": "ok"}  # what readiness() reports
        self.teams: list[str | None] = []  # the workspace each answer was asked for

    def _record(self, name: str, **kwargs: Any) -> None:
        self.calls.append((name, kwargs))
        if self.gate is not None:
            self.gate.wait(10)
        if self.error is not None:
            raise self.error

    def answer_stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        profile: Any = None,
        team: str | None = None,
    ) -> Iterator[str | Answer]:
        self._record("answer_stream", question=question, history=list(history), **_p(profile))
        self.teams.append(team)
        yield from self.deltas
        language = "en" if question.lower().startswith(("how", "what", "why")) else "fr"
        yield Answer(
            answer="".join(self.deltas),
            sources=SOURCES,
            mode="offline" if self.notice else "llm",
            language=language,
            notice=self.notice,
        )

    def readiness(self, max_age_s: float = 15.0) -> dict[str, str]:
        return dict(self.parts)

    def answer(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        profile: Any = None,
        team: str | None = None,
    ) -> Answer:
        *_, final = self.answer_stream(question, history, profile=profile, team=team)
        assert isinstance(final, Answer)
        return final

    def critique(
        self,
        draft: str,
        platform: str | None = None,
        language: str | None = None,
        *,
        profile: Any = None,
        images: Any = (),
    ) -> Critique:
        self._record("critique", draft=draft, platform=platform, language=language, **_p(profile))
        return Critique(
            summary="Ce brouillon parle surtout de rabais : il risque d’être ignoré.",
            strengths=["Ton chaleureux"],
            findings=[
                Finding(
                    principle="promotion",
                    severity="high",
                    message="Trop **promotionnel**.",
                    source=SOURCES[0].source,
                ),
                Finding(
                    principle="donner-avant-recevoir",
                    severity="low",
                    message="Offrez un conseil.",
                    source=SOURCES[1].source,
                ),
            ],
            rewrite="Partagez trois conseils d’entretien, puis mentionnez l’offre en une phrase.",
            mode="offline",
            language="fr",
            sources=SOURCES,
        )

    def ideas(
        self,
        theme: str | None = None,
        week: str | None = None,
        language: str = "fr",
        *,
        profile: Any = None,
    ) -> IdeaSet:
        self._record("ideas", theme=theme, week=week, language=language, **_p(profile))
        ideas = [
            Idea(
                title=f"Idée {i}",
                format="Carrousel",
                platform="Instagram",
                principle="contenu-pertinent",
                prompt=f"Racontez {i}.",
            )
            for i in range(1, 6)
        ]
        return IdeaSet(
            week=week or "2025-W03", theme=theme, ideas=ideas, sources=SOURCES, language=language
        )

    def route(self, text: str) -> str:
        if self.unsure_marker in text:
            return "ask"
        return "critique" if self.draft_marker in text else "answer"

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


def _p(profile: Any) -> dict[str, Any]:
    """The brand profile a call received, recorded only when there was one (older tests compare
    the recorded arguments as they were)."""
    return {} if profile is None else {"profile": profile}
