"""What `kilovolt report` shows, read from the state database over a period (no Slack, no model)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
from pydantic import BaseModel, Field
from sqlalchemy import select

from bot.state import StateStore
from bot.state.models import Feedback, Reply

SURFACES = ("mention", "thread", "dm", "command", "weekly")
# Two not-covered questions whose query vectors are at least this close go in one topic (e5
# vectors: unrelated questions sit near 0.75-0.80, rewordings of one need above 0.88).
TOPIC_SIMILARITY = 0.88
EXAMPLES = 3
MAX_ROWS = 50  # longest list shown per table


class WeekRow(BaseModel):
    """Questions and drafts received in one ISO week, per surface."""

    week: str
    counts: dict[str, int]


class Topic(BaseModel):
    """Not-covered questions that ask the same thing."""

    label: str
    count: int
    examples: list[str]


class QuestionRow(BaseModel):
    """One question (or draft) with when it came and what answered it."""

    when: str
    question: str
    kind: str = ""
    sources: list[str] = Field(default_factory=list)
    reason: str = ""
    comment: str = ""


class CitedDocument(BaseModel):
    source: str
    title: str
    count: int


class Report(BaseModel):
    """The report's figures (its `--json` output)."""

    team_id: str
    start: str
    end: str
    totals: dict[str, int]
    weeks: list[WeekRow]
    not_covered: list[Topic]
    weak: list[QuestionRow]
    thumbs_down: list[QuestionRow]
    cited: list[CitedDocument]
    never_cited: list[CitedDocument]


def _week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _surface(reply: Reply) -> str:
    surface = str((reply.payload or {}).get("surface") or "")
    if reply.kind == "ideas":
        return "command" if reply.user_id else "weekly"
    return surface if surface in SURFACES else "mention"


def _weeks(start: datetime, end: datetime) -> list[str]:
    out, day = [], start
    while day <= end:
        if _week(day) not in out:
            out.append(_week(day))
        day += timedelta(days=1)
    return out


def group_topics(
    questions: Sequence[str], embed: Callable[[Sequence[str]], np.ndarray]
) -> list[Topic]:
    """Questions grouped by meaning (greedy, against each group's centroid), largest first; each
    group labelled by its most central question."""
    unique = list(dict.fromkeys(q.strip() for q in questions if q.strip()))
    if not unique:
        return []
    vectors = np.asarray(embed(unique), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    groups: list[list[int]] = []
    centroids: list[np.ndarray] = []
    for i, vector in enumerate(vectors):
        sims = [float(vector @ c / max(np.linalg.norm(c), 1e-9)) for c in centroids]
        best = int(np.argmax(sims)) if sims else -1
        if best >= 0 and sims[best] >= TOPIC_SIMILARITY:
            groups[best].append(i)
            centroids[best] = vectors[groups[best]].mean(axis=0)
        else:
            groups.append([i])
            centroids.append(vector.copy())
    counts = Counter(q.strip() for q in questions if q.strip())
    topics = []
    for members, centre in zip(groups, centroids, strict=True):
        central, *others = sorted(members, key=lambda i: -float(vectors[i] @ centre))
        topics.append(
            Topic(
                label=unique[central],
                count=sum(counts[unique[i]] for i in members),
                examples=[unique[i] for i in others][:EXAMPLES],
            )
        )
    return sorted(topics, key=lambda t: (-t.count, t.label))[:MAX_ROWS]


def _row(record: Reply | Feedback) -> QuestionRow:
    """A reply or a feedback click as a table row (a click's reason and comment, when given)."""
    return QuestionRow(
        when=record.created_at.strftime("%Y-%m-%d"),
        question=record.question,
        kind=record.kind,
        sources=[str(s.get("title") or s.get("source")) for s in record.sources or []],
        reason=str(getattr(record, "reason", "") or ""),
        comment=str(getattr(record, "comment", "") or ""),
    )


def build_report(
    store: StateStore,
    start: datetime,
    end: datetime,
    documents: dict[str, str],
    embed: Callable[[Sequence[str]], np.ndarray],
) -> Report:
    """The report for `store`'s workspace between `start` and `end` (UTC, naive as stored).
    `documents`: every indexed source and its title (for the never-cited list)."""
    team = store.team_id
    with store._session() as session:
        replies = session.scalars(
            select(Reply)
            .where(Reply.team_id == team, Reply.created_at >= start, Reply.created_at <= end)
            .order_by(Reply.created_at)
        ).all()
        feedback = session.scalars(
            select(Feedback)
            .where(
                Feedback.team_id == team, Feedback.created_at >= start, Feedback.created_at <= end
            )
            .order_by(Feedback.created_at)
        ).all()
    asked = [r for r in replies if r.kind in ("answer", "critique", "ideas")]
    per_week: dict[str, Counter[str]] = defaultdict(Counter)
    for reply in asked:
        per_week[_week(reply.created_at)][_surface(reply)] += 1
    weeks = [
        WeekRow(week=w, counts={s: per_week[w][s] for s in SURFACES}) for w in _weeks(start, end)
    ]
    answers = [r for r in replies if r.kind == "answer"]
    not_covered = [r.question for r in answers if (r.payload or {}).get("coverage") == "none"]
    weak = [_row(r) for r in answers if (r.payload or {}).get("coverage") == "close"]
    down = [_row(f) for f in feedback if f.value == "down"]
    cites: Counter[str] = Counter()
    titles: dict[str, str] = dict(documents)
    for reply in replies:
        for source in {str(s.get("source")) for s in reply.sources or [] if s.get("source")}:
            cites[source] += 1
        for s in reply.sources or []:
            titles.setdefault(str(s.get("source")), str(s.get("title") or ""))
    cited = [CitedDocument(source=s, title=titles.get(s, ""), count=n) for s, n in cites.items()]
    cited.sort(key=lambda d: (-d.count, d.source))
    never = [
        CitedDocument(source=s, title=t, count=0)
        for s, t in sorted(documents.items())
        if s not in cites
    ]
    totals = {
        "questions": sum(r.kind == "answer" for r in replies),
        "drafts": sum(r.kind == "critique" for r in replies),
        "ideas": sum(r.kind == "ideas" for r in replies),
        "not_covered": len(not_covered),
        "close": len(weak),
        "thumbs_up": sum(f.value == "up" for f in feedback),
        "thumbs_down": len(down),
    }
    return Report(
        team_id=team,
        start=start.strftime("%Y-%m-%d"),
        end=end.strftime("%Y-%m-%d"),
        totals=totals,
        weeks=weeks,
        not_covered=group_topics(not_covered, embed),
        weak=weak[-MAX_ROWS:],
        thumbs_down=down[-MAX_ROWS:],
        cited=cited[:MAX_ROWS],
        never_cited=never,
    )


def period(days: int, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The last `days` days up to now, as naive UTC datetimes (how the state DB stores them)."""
    end = (now or datetime.now(UTC)).replace(tzinfo=None)
    return end - timedelta(days=days), end
