"""A state database seeded with four weeks of a workspace's questions, drafts, ideas and clicks."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.state import StateStore
from bot.state.models import Feedback, Reply

NOW = datetime(2026, 11, 30, 15, 0)
TEAM = "T0SEEDED01"
DOCUMENTS = {
    "pratique/instagram.md": "Instagram pour un commerce",
    "pratique/concours.md": "Concours et vie privée",
    "doctrine/rythme.md": "Un rythme qu'on peut tenir",
}
INSTAGRAM = {"n": 1, "source": "pratique/instagram.md", "title": "Instagram pour un commerce"}
CONTEST = {"n": 1, "source": "pratique/concours.md", "title": "Concours et vie privée"}
# (days ago, kind, surface, coverage, question, sources)
REPLIES = [
    (25, "answer", "mention", "covered", "Combien de fois publier sur Instagram?", [INSTAGRAM]),
    (24, "answer", "thread", "covered", "Et les Reels, c'est mieux?", [INSTAGRAM]),
    (20, "answer", "dm", "none", "Comment faire une déclaration de TPS pour ma boutique?", []),
    (
        18,
        "answer",
        "mention",
        "none",
        "comment produire la declaration de TPS TVQ du magasin",
        [],
    ),
    (16, "answer", "mention", "none", "Quelle assurance pour mon food truck?", []),
    (
        12,
        "answer",
        "dm",
        "close",
        "Un concours avec tirage en magasin, c'est permis?",
        [CONTEST],
    ),
    (9, "critique", "dm", "", "Gagnez un panier! Aimez et partagez.", [CONTEST]),
    (5, "ideas", "command", "", "", [INSTAGRAM]),
    (2, "ideas", "weekly", "", "", [INSTAGRAM]),
    (1, "answer", "mention", "covered", "Quelle heure pour publier?", [INSTAGRAM]),
]


def seed(store: StateStore) -> None:
    """The replies above in TEAM, a 👍 and a 👎, and a reply of another workspace."""
    with store._session.begin() as session:
        for n, (ago, kind, surface, coverage, question, sources) in enumerate(REPLIES):
            payload = {"surface": surface} | ({"coverage": coverage} if coverage else {})
            session.add(
                Reply(
                    reply_id=f"r{n:02d}",
                    kind=kind,
                    question=question,
                    mode="offline",
                    sources=sources,
                    payload=payload if kind != "ideas" else {},
                    channel="D0DM" if surface == "dm" else "C0GENERAL",
                    created_at=NOW - timedelta(days=ago),
                    user_id="" if surface == "weekly" else "U0ASKER",
                    team_id=TEAM,
                )
            )
        session.add(
            Reply(
                reply_id="other",
                kind="answer",
                question="Une question d'un autre client",
                sources=[INSTAGRAM],
                payload={"surface": "mention", "coverage": "none"},
                created_at=NOW - timedelta(days=3),
                team_id="T0OTHER001",
            )
        )
        for value, reply, ago in (("up", 0, 25), ("down", 5, 11)):
            kind, question, sources = REPLIES[reply][1], REPLIES[reply][4], REPLIES[reply][5]
            session.add(
                Feedback(
                    reply_id=f"r{reply:02d}",
                    user_id="U0ASKER",
                    value=value,
                    kind=kind,
                    question=question,
                    mode="offline",
                    sources=sources,
                    channel="C0GENERAL",
                    created_at=NOW - timedelta(days=ago),
                    team_id=TEAM,
                    reason="off_topic" if value == "down" else "",
                    comment="Je voulais les règles du tirage." if value == "down" else "",
                )
            )
