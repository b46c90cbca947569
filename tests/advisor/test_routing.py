"""DM routing from the whole message: greetings set aside, framing lines, audience vs advisor."""

from __future__ import annotations

import math

import pytest

from bot.advisor.routing import conversation_turn, route_message, routing_evidence, strip_greeting
from bot.advisor.vector_models import ROUTING_MODEL, VectorJudge, load_linear_model
from bot.config import PROJECT_ROOT, Settings

PROMPTS = PROJECT_ROOT / "prompts"


@pytest.mark.parametrize(
    "text",
    [
        "Allô 👋 comment on annonce une hausse de prix sans perdre nos clients?",
        "Merci ☀️ et pour TikTok, ça vaut la peine pour un notaire?",
        "Vu https://exemple.org/portee, est-ce vrai que les vidéos courtes marchent mieux?",
        "On hésite entre deux mots-clics, #MangerLocal ou #Terroir, lequel choisir?",
        "should we post the same thing on facebook and linkedin?",
        "merci!",
        "c tu correct de mettre nos prix dans chaque publication?",
        "Écris-moi une publication pour la réouverture de notre terrasse samedi",
        "give me three post ideas for a yoga studio in January",
        "Notre page LinkedIn est vide depuis deux ans, je la remplis comment",
    ],
)
def test_questions_to_the_advisor_are_answered(text: str) -> None:
    assert route_message(text, PROMPTS) == "answer", routing_evidence(text).cues


@pytest.mark.parametrize(
    "text",
    [
        "Passez nous voir jeudi, on fête nos 10 ans avec du gâteau pour tout le monde!",
        "La boutique sera fermée vendredi pour l'inventaire. Merci de votre compréhension.",
        "Le saviez-vous? Un filtre à air propre réduit la consommation de votre fournaise.",
        "Et vous, quel est votre sentier préféré dans le parc? 🌲",
        "We're hiring a part-time barista. Weekend shifts, great team, free coffee.",
        "Peux-tu regarder mon texte pour Instagram?\nNouveau menu du midi dès lundi 🍲",
        "Avant de publier, c'est correct?\n« Nos tulipes de Sainte-Anne sont arrivées. »",
        "5 trucs pour un balcon fleuri :\n1. du bon terreau\n2. arroser le matin\n3. tailler",
    ],
)
def test_posts_for_an_audience_are_critiqued(text: str) -> None:
    assert route_message(text, PROMPTS) == "critique", routing_evidence(text).cues


def test_greetings_and_thanks_are_set_aside() -> None:
    assert strip_greeting("Salut 👋 comment ça marche?") == "comment ça marche?"
    assert strip_greeting("Merci beaucoup! Et pour LinkedIn?") == "Et pour LinkedIn?"
    assert strip_greeting("Bonjour") == ""


def test_an_even_message_is_left_to_the_user() -> None:
    # Nothing speaks to an audience and nothing asks: the user chooses with the two buttons.
    assert route_message("Les couleurs de notre logo", PROMPTS) in {"ask", "critique"}
    evidence = routing_evidence("Notre slogan : est-ce trop long?")
    assert evidence.question >= 1


@pytest.mark.parametrize(
    "text",
    [
        # a short line set apart above a block that reads as a post
        "Ça passe?\n\nNos beignes à l'érable sont de retour samedi! Premier arrivé, premier servi.",
        "Good to go?\n\nWinter hours start Monday: 9 to 5, closed Sundays. Stay warm! ❄️",
        "pour linkedin\nNotre équipe a terminé sa formation en sécurité. Bravo à tous!",
        "Mon texte Facebook :\n\nLa glace est enfin prise sur l'étang. Patins fournis.",
        # a question to a crowd, a command about the readers' own things
        "On ouvre la cabane dimanche! Qui vient?",
        "Qui vient au marché samedi? 🍓",
        "Share your best camping tip below!",
        # a formal « vous » question after statements: the post asks its readers
        "Le levain demande 24 h. On le fait depuis dix ans. Vous l'aimez grillé ou nature?",
        # a lone « vous » question about something other than communication, from nobody
        "Quelle chanson de Noël vous met de bonne humeur?",
        # a question about the post set apart above it
        "C'est-tu correct pour Instagram?\n\nLe marché de Noël ouvre vendredi au parc. Apportez "
        "vos tasses, le chocolat chaud est offert.",
        # a post in quotation marks, then a question about it
        "« Nos tartes aux pommes sortent du four chaque matin à 7 h, venez sentir ça. » "
        "ça marche pour Facebook?",
    ],
)
def test_whole_message_shapes_of_a_post(text: str) -> None:
    assert route_message(text, PROMPTS) == "critique", routing_evidence(text, PROMPTS).cues


@pytest.mark.parametrize(
    "text",
    [
        "Merci! Tu m'as dit de publier le matin, mais pourquoi le matin?",
        "Thanks! You said two hashtags max, is that the same on LinkedIn? We had 8 last time.",
        "Qui gère les réseaux sociaux dans une PME, normalement?",
        "Question rapide :\nest-ce que je devrais publier le dimanche?",
        "Nous sommes une fromagerie. Nos clients sont âgés. Vous conseillez quel réseau?",
        # the writer asking what to do, mid-message and without a question mark
        "un client nous a traités de voleurs sur Google hier, qu'est-ce qu'on fait là",
        # a lone « vous » question on the advisor's subject, or from the writer: to the advisor
        "Combien de publications par semaine vous recommandez?",
        "Vous en pensez quoi, de mon idée de concours?",
        # a short slogan quoted inside a question
        "Est-ce que « Venez nous voir! » suffit comme appel à l'action?",
    ],
)
def test_whole_message_shapes_of_a_question(text: str) -> None:
    assert route_message(text, PROMPTS) == "answer", routing_evidence(text, PROMPTS).cues


class _FixedModel:
    """A stand-in for the routing model's judge: a fixed probability, the shipped combination."""

    def __init__(self, probability: float | None) -> None:
        self.model = load_linear_model(ROUTING_MODEL)
        self._probability = probability

    def probability(self, text: str) -> float | None:
        return self._probability


def test_the_routing_model_and_the_rules_decide_together() -> None:
    question = "comment on fait pour épingler une publication en haut de notre page?"
    draft = "Nouvelle fournée de pains au levain ce matin. Passez avant midi, il en reste peu!"
    assert route_message(question, PROMPTS, _FixedModel(0.001)) == "answer"  # type: ignore[arg-type]
    assert route_message(draft, PROMPTS, _FixedModel(0.999)) == "critique"  # type: ignore[arg-type]
    # a model sure of the opposite outweighs the rules' cues...
    assert route_message(draft, PROMPTS, _FixedModel(1e-6)) == "answer"  # type: ignore[arg-type]
    # ...and when the local model cannot run, the rules decide alone
    assert route_message(draft, PROMPTS, _FixedModel(None)) == "critique"  # type: ignore[arg-type]
    assert route_message(question, PROMPTS, _FixedModel(None)) == "answer"  # type: ignore[arg-type]


def test_a_decision_near_the_threshold_asks_with_the_two_buttons() -> None:
    model = load_linear_model(ROUTING_MODEL)
    assert model.combine is not None
    odds_weight, margin_weight, bias = model.combine
    text = "Les couleurs de notre logo"
    evidence = routing_evidence(text, PROMPTS)
    margin = evidence.draft - evidence.question
    # the probability whose combination with this margin lands exactly on the threshold
    target = math.log(model.threshold / (1 - model.threshold))
    log_odds = (target - margin_weight * margin - bias) / odds_weight
    probability = 1 / (1 + math.exp(-log_odds))
    assert route_message(text, PROMPTS, _FixedModel(probability)) == "ask"  # type: ignore[arg-type]


def test_a_framing_line_decides_before_the_model() -> None:
    text = "Voici mon brouillon :\n\nC'est quoi votre dessert préféré du temps des sucres?"
    assert route_message(text, PROMPTS, _FixedModel(1e-6)) == "critique"  # type: ignore[arg-type]
    after = "Le marché ouvre samedi au parc, apportez vos sacs!\n\n^ pour Facebook, ça te va?"
    assert route_message(after, PROMPTS, _FixedModel(1e-6)) == "critique"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "Super merci, je vais l'essayer demain",
        "Wow merci! Ma patronne a aimé le texte que tu m'as suggéré. Bon week-end!",
        "Pourrais-tu me rédiger une publication pour ça :\n- vente de garage samedi\n- 9 h à 15 h",
        "J'ai besoin de 3 idées de publications pour la rentrée, on est une librairie",
        "we need some caption ideas for our spring menu",
        "Salut! Rédige-moi une publication pour nos 10 ans samedi, gâteau gratuit pour tous!",
        "can you write me a caption for our new winter hours, 9 to 5 on Saturday?",
    ],
)
def test_a_request_to_write_something_decides_before_the_model(text: str) -> None:
    assert conversation_turn(text, PROMPTS)
    assert route_message(text, PROMPTS, _FixedModel(1 - 1e-6)) == "answer"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "Un client a laissé ce commentaire sous notre publication :\n"
        "« service lent pis personne répond au téléphone, ne venez pas »\nJe fais quoi avec ça?",
        "Une cliente nous a écrit ça sur Facebook :\n\n« Vos prix ont doublé, c'est du vol. »\n\n"
        "On répond comment?",
    ],
)
def test_someone_elses_comment_quoted_is_a_question_about_answering_it(text: str) -> None:
    assert route_message(text, PROMPTS) == "answer", routing_evidence(text, PROMPTS).cues


@pytest.mark.parametrize(
    ("text", "turn"),
    [
        ("merci, c'est clair 👌", "a short reply after a greeting or thanks"),
        ("Merci encore pour ton aide, le client a adoré la proposition!", "thanks the advisor"),
        ("Thanks for your feedback yesterday, the post did really well", "thanks the advisor"),
        ("Can you help us plan our posts for the holidays?", "asks the advisor to write"),
        ("Merci pour les trucs! On a essayé jeudi pis ça a marché 🙌", "thanks the advisor"),
        ("Thanks, that was really useful. Our manager approved the plan.", "thanks the advisor"),
        ("Comme tu m'avais dit, on a publié le matin. C'est mieux!", "refers to the advisor"),
        ("bon matin! on se reparle après le dîner", "a short reply after a greeting or thanks"),
    ],
)
def test_turns_of_the_conversation(text: str, turn: str) -> None:
    found = conversation_turn(text, PROMPTS)
    assert found is not None and found.startswith(turn)


@pytest.mark.parametrize(
    "text",
    [
        # thanks to readers, or to a named person in a post, are posts
        "Merci à toi, Julie, pour tes 5 ans au comptoir! On t'aime!",
        "Merci à tous nos clients!",
        "Thank you for your support this year!",
        "Thank you for coming to our open house! Over 200 neighbours joined us 🎉",
        "Merci pour votre patience pendant les rénovations, on rouvre lundi!",
        # thanks to the advisor below a pasted post: the post is to critique
        "Nos bûches de Noël sont en précommande jusqu'au 20 décembre.\n\n"
        "Merci d'avance pour tes commentaires!",
    ],
)
def test_thanks_in_a_post_is_not_a_turn_of_the_conversation(text: str) -> None:
    assert conversation_turn(text, PROMPTS) is None


def test_a_list_of_questions_is_a_question() -> None:
    text = (
        "Trois questions pour notre épicerie :\n1. On publie combien de fois par semaine?\n"
        "2. Les prix dans les publications, oui ou non?\n3. Facebook ou Instagram d'abord?"
    )
    assert "question+3:a list of questions" in routing_evidence(text, PROMPTS).cues
    assert route_message(text, PROMPTS) == "answer"


def test_a_short_question_below_a_post_is_about_the_post() -> None:
    text = (
        "Passez nous voir ce samedi au marché! Nos confitures de bleuets sont à 8 $ le pot. "
        "Apportez vos sacs réutilisables.\n\nje mets des hashtags ou c'est beau de même?"
    )
    evidence = routing_evidence(text, PROMPTS)
    assert "draft+3:a short question about the post above it" in evidence.cues
    assert route_message(text, PROMPTS) == "critique"


def test_a_request_above_a_pasted_post_is_not_a_request_to_write() -> None:
    text = "Écris-moi une meilleure version :\n\nNouveau menu dès lundi! Venez goûter."
    assert not conversation_turn(text, PROMPTS)
    assert route_message(text, PROMPTS) == "critique"


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Parfait merci, je vais essayer ça demain 👍", "question"),
        ("Thanks! I'll try that", "question"),
        # a post signed by its business on its last line, or at its end
        ("Trois trucs pour un foyer sécuritaire cet hiver.\n— L'équipe de Ramonage Dubé", "draft"),
        ("Faut-il ramoner chaque année? Oui, et voici pourquoi. — L'équipe Ramonage Dubé", "draft"),
    ],
)
def test_conversation_replies_and_signed_posts(text: str, side: str) -> None:
    evidence = routing_evidence(text, PROMPTS)
    cue = (
        "a short reply after a greeting or thanks"
        if side == "question"
        else "signed by its business"
    )
    assert any(cue in c and c.startswith(side) for c in evidence.cues), evidence.cues


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "route"),
    [  # written for this test
        (
            "c'est quoi la différence entre une publication épinglée pis une story à la une",
            "answer",
        ),
        (
            "J'hésite entre #MangeonsLocal et #AchatQuébec, lequel rejoint le plus de monde?",
            "answer",
        ),
        ("Our bakery wants to try reels. How long should the first ones be?", "answer"),
        (
            "Notre équipe a ramassé 40 sacs de déchets au parc samedi. Merci à tous ceux qui sont "
            "venus! Et vous, vous faites quoi pour le Jour de la Terre?",
            "critique",
        ),
        ("Fermé lundi pour la formation de l'équipe. On se revoit mardi 9 h!", "critique"),
        ("Fresh sourdough every Saturday morning. First come, first served.", "critique"),
    ],
)
def test_the_real_routing_model_reads_whole_messages(text: str, route: str) -> None:
    judge = VectorJudge(Settings(embeddings="local"), load_linear_model(ROUTING_MODEL))
    assert route_message(text, PROMPTS, judge) == route


def test_a_dm_of_many_short_paragraphs_is_read_part_by_part_once() -> None:
    # Each part is read on its own words, never split again: no recursion through the paragraphs
    # (a thousand of them overflowed the stack) and no part read twice over.
    text = "\n\n".join(
        f"Atelier {i} : venez fabriquer votre couronne de Noël!" for i in range(1000)
    )
    assert route_message(text, PROMPTS) == "critique"
