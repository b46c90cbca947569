"""The critique verdict (ready / adjust / rework): the rule, real critiques, its evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.advisor.models import Critique, Finding
from bot.advisor.verdict import verdict_for, verdict_label
from bot.advisor.verdict_eval import evaluate_verdicts
from bot.errors import InputError
from tests.advisor.helpers import MemoryRetriever, offline_settings


def _f(principle: str, severity: str) -> Finding:
    return Finding(principle=principle, severity=severity, message="…", source="x.md")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], "ready"),
        ([_f("langue", "low")], "ready"),
        ([_f("engagement", "medium")], "ready"),  # no question: optional when the post informs
        ([_f("langue", "low"), _f("format-plateforme", "low")], "adjust"),
        ([_f("accessibilite", "medium")], "adjust"),
        ([_f("promotion", "medium"), _f("langue", "low")], "adjust"),
        ([_f("format-plateforme", "high")], "adjust"),  # over the limit: cut it, no rewrite
        ([_f("promotion", "high")], "rework"),
        ([_f("concours-vie-privee", "high"), _f("langue", "low")], "rework"),
        (
            [_f("accessibilite", "medium"), _f("promotion", "medium"), _f("langue", "medium")],
            "rework",
        ),
        (
            [_f("accessibilite", "medium"), _f("engagement", "medium"), _f("langue", "medium")],
            "adjust",
        ),
    ],
)
def test_verdict_rule(findings: list[Finding], expected: str) -> None:
    assert verdict_for(findings) == expected


def test_verdict_is_part_of_the_critique_json_and_survives_a_round_trip() -> None:
    critique = Critique(summary="…", mode="offline", findings=[_f("accessibilite", "medium")])
    data = critique.model_dump(mode="json")
    assert data["verdict"] == "adjust"
    assert Critique.model_validate(data).verdict == "adjust"
    assert verdict_label("adjust", "fr") == "🟡 À ajuster"
    assert verdict_label("rework", "en") == "🔴 Needs rework"


@pytest.fixture
def advisor(tmp_path: Path) -> Advisor:
    return Advisor(offline_settings(tmp_path), retriever=MemoryRetriever())


# Drafts written for this test (the readiness evaluation set is never used to build the rule).
INFORMATIVE = (
    "Le saviez-vous? Un vélo rangé tout l'hiver dans un garage froid garde mieux sa chaîne si on "
    "l'essuie et la huile avant de le remiser. Trois minutes, un vieux chiffon, et le printemps "
    "commence sans grincement. Vous rangez le vôtre où? #EntretienVélo"
)
PROMOTION_ONLY = (
    "GROSSE VENTE!!! Tous les vélos à 30 % de rabais, aujourd'hui seulement! Achetez maintenant, "
    "quantités limitées! #vente #rabais #promo"
)
GOOD_BUT_PHOTO = INFORMATIVE + " [photo]"


def test_real_critiques_get_the_verdict_their_findings_call_for(advisor: Advisor) -> None:
    assert advisor.critique(INFORMATIVE, platform="instagram").verdict == "ready"
    promo = advisor.critique(PROMOTION_ONLY, platform="instagram")
    assert promo.verdict == "rework" and promo.summary.startswith("Publication surtout")
    photo = advisor.critique(GOOD_BUT_PHOTO, platform="instagram")
    assert photo.verdict == "adjust" and photo.summary.startswith("Bonne base")


def test_evaluation_builds_the_confusion_matrix(advisor: Advisor, tmp_path: Path) -> None:
    lines = [
        {"id": "t1", "draft": INFORMATIVE, "platform": "instagram", "lang": "fr", "label": "ready"},
        {
            "id": "t2",
            "draft": PROMOTION_ONLY,
            "platform": "facebook",
            "lang": "fr",
            "label": "ready",
        },
        {
            "id": "t3",
            "draft": GOOD_BUT_PHOTO,
            "platform": "instagram",
            "lang": "fr",
            "label": "adjust",
        },
        {"id": "t4", "draft": "   ", "platform": None, "lang": "fr", "label": "rework"},
    ]
    path = tmp_path / "verdicts.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    report = evaluate_verdicts(advisor, path)
    assert report.matrix["ready"] == {"ready": 1, "adjust": 0, "rework": 1}
    assert report.matrix["adjust"]["adjust"] == 1
    assert report.refused == ["t4"]
    assert report.baseline["adjust"]["adjust"] == 1  # the most severe finding alone decides
    assert sum(sum(row.values()) for row in report.baseline.values()) == 3
    assert (report.agreed, report.off_by_two) == (2, 1)
    data = report.model_dump(mode="json")
    assert data["accuracy"] == 0.5 and data["recall"]["adjust"] == 1.0


def test_a_bad_label_is_a_clear_error(advisor: Advisor, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "draft": "Bonjour", "label": "maybe"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        evaluate_verdicts(advisor, path)
