"""The report as one self-contained HTML page: charts drawn by matplotlib as inline SVG."""

from __future__ import annotations

import io
import re
from html import escape

from bot.report.data import SURFACES, Report
from bot.slack.feedback_reasons import reason_label

TEXT = {
    "fr": {
        "title": "Ce que les équipes demandent, et où le guide est mince",
        "period": "Période",
        "questions": "questions",
        "drafts": "brouillons critiqués",
        "ideas": "séries d'idées",
        "not_covered": "questions hors du guide",
        "close": "réponses tirées du passage le plus proche",
        "thumbs_up": "👍",
        "thumbs_down": "👎",
        "per_week": "Demandes par semaine et par surface",
        "topics": "Questions que le guide ne couvre pas, regroupées par sujet",
        "weak": "Réponses aux sources faibles (le guide en parle de loin)",
        "down": "Réponses jugées 👎, avec la raison donnée",
        "cited": "Documents les plus cités",
        "never": "Documents jamais cités sur la période",
        "none": "Rien sur la période.",
        "topic": "sujet (question type)",
        "count": "nombre",
        "examples": "autres formulations",
        "when": "date",
        "question": "question",
        "sources": "sources",
        "reason": "raison",
        "document": "document",
        "surfaces": {
            "mention": "mention",
            "thread": "suite de fil",
            "dm": "message privé",
            "command": "/idees",
            "weekly": "idées hebdo",
        },
        "cited_axis": "citations",
        "week_axis": "demandes",
    },
    "en": {
        "title": "What teams ask, and where the guidance is thin",
        "period": "Period",
        "questions": "questions",
        "drafts": "drafts critiqued",
        "ideas": "idea sets",
        "not_covered": "questions outside the guidance",
        "close": "answers from the closest passage",
        "thumbs_up": "👍",
        "thumbs_down": "👎",
        "per_week": "Requests per week and surface",
        "topics": "Questions the guidance does not cover, grouped by topic",
        "weak": "Answers with weak sources (the guidance is only close)",
        "down": "Replies rated 👎, with the reason given",
        "cited": "Most cited documents",
        "never": "Documents never cited in the period",
        "none": "Nothing in the period.",
        "topic": "topic (typical question)",
        "count": "count",
        "examples": "other wordings",
        "when": "date",
        "question": "question",
        "sources": "sources",
        "reason": "reason",
        "document": "document",
        "surfaces": {
            "mention": "mention",
            "thread": "thread follow-up",
            "dm": "direct message",
            "command": "/idees",
            "weekly": "weekly ideas",
        },
        "cited_axis": "citations",
        "week_axis": "requests",
    },
}
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)  # creator, date: not needed
COLOURS = ("#1f6f8b", "#99b898", "#e8a87c", "#c38d9e", "#41b3a3")
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:70rem;
color:#1d1d1f;padding:0 1rem}h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2.2rem}
.totals{display:flex;flex-wrap:wrap;gap:.8rem}.total{border:1px solid #ddd;border-radius:.5rem;
padding:.6rem .9rem;min-width:8rem}.total b{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border-bottom:1px solid #e5e5e5;
text-align:left;padding:.35rem .5rem;vertical-align:top}th{background:#f6f6f6}
.muted{color:#666}figure{margin:0}svg{max-width:100%;height:auto}
"""


def _svg(figure: object) -> str:
    """A matplotlib figure as inline SVG (text kept as text), closed afterwards."""
    import matplotlib.pyplot as plt

    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight")  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[arg-type]
    svg = out.getvalue()
    return _METADATA.sub("", svg[svg.index("<svg") :])


def weeks_chart(report: Report, lang: str) -> str:
    """Stacked bars: requests per week, one colour per surface."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"
    import matplotlib.pyplot as plt

    text = TEXT[lang]
    weeks = [w.week for w in report.weeks]
    figure, axis = plt.subplots(figsize=(9, 3.2))
    bottom = [0] * len(weeks)
    for surface, colour in zip(SURFACES, COLOURS, strict=True):
        values = [w.counts.get(surface, 0) for w in report.weeks]
        axis.bar(weeks, values, bottom=bottom, color=colour, label=text["surfaces"][surface])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axis.set_ylabel(text["week_axis"])
    axis.legend(
        loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8, frameon=False,
        ncols=len(SURFACES),
    )  # fmt: skip
    axis.spines[["top", "right"]].set_visible(False)
    axis.tick_params(axis="x", labelrotation=45, labelsize=8)
    axis.yaxis.get_major_locator().set_params(integer=True)
    return _svg(figure)


def cited_chart(report: Report, lang: str, top: int = 12) -> str:
    """Horizontal bars: the most cited documents."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"
    import matplotlib.pyplot as plt

    rows = report.cited[:top][::-1]
    figure, axis = plt.subplots(figsize=(9, 0.35 * max(len(rows), 2) + 0.6))
    labels = [(d.title or d.source)[:60] for d in rows]
    axis.barh(labels, [d.count for d in rows], color=COLOURS[0])
    axis.set_xlabel(TEXT[lang]["cited_axis"])
    axis.spines[["top", "right"]].set_visible(False)
    axis.xaxis.get_major_locator().set_params(integer=True)
    return _svg(figure)


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: Report, lang: str = "fr") -> str:
    """The whole report page (no script, no external resource)."""
    lang = "en" if lang == "en" else "fr"
    text = TEXT[lang]
    totals = "".join(
        f'<div class="total"><b>{report.totals[key]}</b>{escape(text[key])}</div>'
        for key in (
            "questions",
            "drafts",
            "ideas",
            "not_covered",
            "close",
            "thumbs_up",
            "thumbs_down",
        )
    )
    team = f" · {escape(report.team_id)}" if report.team_id else ""
    sections = [
        f"<h1>{escape(text['title'])}</h1>",
        f'<p class="muted">{escape(text["period"])} : {report.start} → {report.end}{team}</p>',
        f'<div class="totals">{totals}</div>',
        f"<h2>{escape(text['per_week'])}</h2><figure>{weeks_chart(report, lang)}</figure>",
        f"<h2>{escape(text['topics'])}</h2>",
        _table(
            [text["topic"], text["count"], text["examples"]],
            [[t.label, str(t.count), " · ".join(t.examples)] for t in report.not_covered],
            text["none"],
        ),
        f"<h2>{escape(text['weak'])}</h2>",
        _table(
            [text["when"], text["question"], text["sources"]],
            [[q.when, q.question, ", ".join(q.sources)] for q in report.weak],
            text["none"],
        ),
        f"<h2>{escape(text['down'])}</h2>",
        _table(
            [text["when"], text["question"], text["reason"], text["sources"]],
            [
                [
                    q.when,
                    q.question,
                    " — ".join(p for p in (reason_label(q.reason, lang), q.comment) if p),
                    ", ".join(q.sources),
                ]
                for q in report.thumbs_down
            ],
            text["none"],
        ),
        f"<h2>{escape(text['cited'])}</h2>",
        f"<figure>{cited_chart(report, lang)}</figure>" if report.cited else "",
        _table(
            [text["document"], text["count"]],
            [[d.title or d.source, str(d.count)] for d in report.cited],
            text["none"],
        ),
        f"<h2>{escape(text['never'])}</h2>",
        _table(
            [text["document"]],
            [[f"{d.title} ({d.source})" if d.title else d.source] for d in report.never_cited],
            text["none"],
        ),
    ]
    body = "\n".join(sections)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Kilovolt — {escape(text['title'])}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )
