"""Structural reading of drafts: clauses labelled selling / informing / asking / neutral, and the
share of words each takes. Every sentence here was written for this test (none comes from an
evaluation file)."""

from __future__ import annotations

import pytest

from bot.advisor.signals import load_lexicon
from bot.advisor.structure import read_structure, split_clauses

LEX = load_lexicon()


def labels(text: str) -> list[str]:
    return [c.label for c in read_structure(text, LEX).clauses]


@pytest.mark.parametrize(
    "clause",
    [
        # discounts, prices with a frame, codes, deadlines, urgency, calls to buy
        "Tous les manteaux à -40 % jusqu'à dimanche",
        "Vidange complète à 39 $ seulement",
        "Entrez le code PRINTEMPS24 à la caisse",
        "Code FIDELE10 d'ici le 12 mai",
        "Use code THANKYOU by Friday",
        "Réservez votre table avant jeudi",
        "Save 25% on every mattress this week only",
        "Half-price lattes until noon",
        # free trials, including for a service sold to businesses
        "Essayez notre logiciel de paie gratuitement pendant 60 jours",
        "Start your free trial of our inventory app today",
        # self-praise with no discount vocabulary
        "Nous sommes les meilleurs électriciens de la Montérégie",
        "We're the number one moving company in the Eastern Townships",
        "Qualité imbattable et service incomparable",
        # a service to book, with the phone number to call
        "Prenez rendez-vous dès aujourd'hui au 450 555-0100",
    ],
)
def test_selling_clauses(clause: str) -> None:
    (read,) = read_structure(clause, LEX).clauses
    assert read.label == "selling" and read.weight == 1.0, read


@pytest.mark.parametrize(
    "clause",
    [
        "Arrosez vos tomates au pied, jamais sur les feuilles, pour éviter le mildiou",
        "Si le moteur cale à froid, vérifiez d'abord la bougie",
        "Il faut compter environ 45 minutes de cuisson par kilo",
        "Last winter we rebuilt the old mill's waterwheel with oak from a nearby farm",
        "The grout darkens because soap residue traps dirt in its pores",
        "Ce matin, Mathieu a livré 40 paniers aux familles du quartier",
        # a price or a date in passing does not sell
        "Un détecteur de fumée coûte moins de 20 $, mais il faut changer la pile chaque année",
        "Les déclarations sont dues le 30 avril, même si vous payez en retard",
        # a superlative about the advice, not about the business
        "Le meilleur moment pour semer les carottes, c'est quand le sol se réchauffe",
    ],
)
def test_informing_clauses(clause: str) -> None:
    (read,) = read_structure(clause, LEX).clauses
    assert read.label == "informing", read


def test_questions_to_readers_are_asking() -> None:
    assert labels("Et vous, quel outil gardez-vous toujours dans le coffre?") == ["asking"]
    assert labels("What's the first plant you'd put in a shady yard?") == ["asking"]


def test_a_greeting_is_neutral() -> None:
    assert labels("Bonne semaine à toute la gang!") == ["neutral"]


def test_split_on_sentences_lines_bullets_colons_and_emoji_runs() -> None:
    text = (
        "Trois trucs pour le jardin 🌱🌱 Paillez vos plates-bandes.\n"
        "- Arrosez le matin\n• Taillez en mars\nNotre conseil : commencez petit. #Jardinage "
        "https://exemple.ca [photo]"
    )
    assert split_clauses(text) == [
        "Trois trucs pour le jardin",
        "Paillez vos plates-bandes.",
        "Arrosez le matin",
        "Taillez en mars",
        "Notre conseil",
        "commencez petit.",
    ]


def test_shares_are_measured_in_words() -> None:
    helpful = (
        "Pour qu'un bardeau de cèdre dure trente ans, il faut le laisser sécher avant de le "
        "teindre. Appliquez ensuite deux couches minces plutôt qu'une épaisse, parce que "
        "l'excédent pèle au premier hiver."
    )
    offer = "Teinture extérieure à -20 % jusqu'à samedi!"
    structure = read_structure(f"{helpful} {offer}", LEX)
    assert structure.strong_selling == 1
    assert 0.1 < structure.selling_share < 0.3
    assert structure.share("informing") > 0.6
    flyer = read_structure(f"{offer} Achetez maintenant! Quantités limitées!", LEX)
    assert flyer.selling_share >= 0.75 and flyer.share("informing") == 0


def test_a_draft_without_words_has_no_clauses() -> None:
    for draft in ("🎉🎉🎉", "!!! ***", "#️⃣ 🔥"):
        structure = read_structure(draft, LEX)
        assert structure.clauses == () and structure.words == 0
        assert structure.selling_share == 0.0 and structure.share("informing") == 0.0


def test_selling_cues_are_reported_once_each() -> None:
    structure = read_structure("Soldes! -30 % sur tout. Achetez vite! -10 % de plus!", LEX)
    cues = structure.selling_cues
    assert "discount" in cues and len(cues) == len(set(cues))


@pytest.mark.parametrize(
    "clause",
    [
        # a superlative or comparative the business claims for itself
        "Notre équipe est la plus rapide de la région, et de loin",
        "Personne ne répare les thermopompes mieux que nous",
        "We are by far the fastest print shop downtown",
        # a free period of a product, with no call to buy
        "Trente jours gratuits sur notre logiciel de facturation, sans carte",
        "FieldNotes free for 30 days",
        # a command to come, with the address or the number
        "Visitez-nous au 88, rue des Érables",
        # a price with the date it ends
        "L'abonnement est à 15 $ par mois jusqu'au 1er octobre",
    ],
)
def test_structures_that_sell_without_listed_offer_words(clause: str) -> None:
    (read,) = read_structure(clause, LEX).clauses
    assert read.label == "selling" and read.weight == 1.0, read


@pytest.mark.parametrize(
    "clause",
    [
        # « vous avez ... » is a statement, not a command; « solde » here is a balance owed
        "Vous avez jusqu'au 30 juin pour payer le solde de votre compte de taxes",
        # a superlative about something that is not the business
        "Les erreurs les plus fréquentes viennent d'un mauvais calibrage du thermostat",
        "The fastest way to thaw a pipe is a hair dryer, never an open flame",
    ],
)
def test_look_alikes_of_selling_structures_are_not_selling(clause: str) -> None:
    (read,) = read_structure(clause, LEX).clauses
    assert read.label != "selling", read


@pytest.mark.parametrize(
    "clause",
    [
        # a command whose object is the business's own product sends the reader to it
        "Découvrez nos nouvelles chandelles à la cire d'abeille",
        "Check out our winter boots collection",
        # a pointer to where the offer is
        "Tous les détails sur notre site",
    ],
)
def test_commands_to_our_own_product_and_pointers_sell(clause: str) -> None:
    (read,) = read_structure(clause, LEX).clauses
    assert read.label == "selling", read


def test_a_call_with_nothing_else_informing_makes_the_framing_sell() -> None:
    # a launch line, a list of products and a call: nothing explains, measures or tells
    draft = (
        "Nous lançons enfin notre gamme de tisanes maison. Camomille, menthe poivrée, "
        "verveine citronnée. Venez les sentir en boutique!"
    )
    structure = read_structure(draft, LEX)
    assert structure.uninformed_sale
    assert structure.selling_share >= 0.4


def test_a_call_after_real_content_keeps_the_content_apart() -> None:
    draft = (
        "Cirez vos bottes de cuir chaque mois, parce que le sel de déglaçage assèche le cuir et "
        "le fait craquer. Laissez-les sécher loin du calorifère. Venez nous voir!"
    )
    structure = read_structure(draft, LEX)
    assert not structure.uninformed_sale
    assert structure.selling_share < 0.165


@pytest.mark.parametrize(
    "draft",
    [
        # an announcement whose only content is a product, its size and its price
        "Nouvelles bottes d'hiver Alpina 10 po maintenant en boutique. 149,95 $.",
        # an opening, with its hour
        "Notre terrasse rouvre samedi! Ouverture à 11 h.",
        # back on the shelf
        "Les tuques tricotées main sont de retour en inventaire.",
        # English calls to get one's own and to come by
        "Our fall candles just landed. Grab yours online or swing by the shop!",
        # a list of products under a selling cue
        "Au comptoir cette semaine :\n- Tourtière du Lac\n- Pâté au saumon\n- Tarte au sucre",
        # referral and loyalty rewards
        "Parrainez un ami : vous recevez tous les deux 15 $ en crédit.",
        "Refer a friend and you both get $20 off.",
        "Accumulez des points à chaque visite avec notre carte fidélité! Profitez-en!",
        # limited places
        "Places limitées pour le cours de yoga prénatal. Réservez la vôtre.",
    ],
)
def test_shapes_of_selling_without_discount_words(draft: str) -> None:
    structure = read_structure(draft, LEX)
    assert structure.selling_share >= 0.3, structure.clauses


@pytest.mark.parametrize(
    "draft",
    [
        # a price mentioned inside advice
        "Pour un gazon en santé, tondez haut : 7 à 8 cm. Une lame bien aiguisée, c'est 15 $ chez "
        "n'importe quel quincaillier et ça évite de déchiqueter l'herbe. Laissez les rognures au "
        "sol, elles le nourrissent.",
        # a price inside a story
        "Quand j'ai ouvert la boutique en 2012, une tasse de café coûtait 1,50 $. Ce qui n'a pas "
        "changé : on torréfie encore chaque mardi, et on vous explique volontiers pourquoi.",
        # arrival, opening and stock words used in advice or a story, not to announce a product
        "Avant l'ouverture d'un nouveau commerce, parlez à vos voisins. Ils deviennent souvent "
        "vos premiers clients, et ça ne coûte rien.",
        "Quand je suis arrivée à Rimouski en 2009, je ne connaissais personne. Le marché public "
        "m'a présenté mes premiers fournisseurs. Et vous, qui vous a aidé au début?",
        "Nouvelle année, nouveaux réflexes : faites le tour de votre entrepôt en janvier. Un "
        "inventaire qui ne bouge pas coûte de l'argent chaque mois.",
        # an English how-to that opens on "grab"
        "Grab a tape measure: your bike saddle should sit at hip height. Too low and your knees "
        "will ache after ten kilometres.",
    ],
)
def test_prices_and_announcement_words_in_passing_do_not_sell(draft: str) -> None:
    structure = read_structure(draft, LEX)
    assert structure.selling_share < 0.1, structure.clauses


def test_a_price_alone_is_the_message_not_a_detail() -> None:
    structure = read_structure("Le nouveau sac de sport est arrivé. 59,99 $.", LEX)
    assert not structure.informs and structure.uninformed_sale
    assert not any(structure.in_passing(c) for c in structure.clauses)


@pytest.mark.parametrize(
    "clause",
    [
        # a command whose object is the business itself
        "Contactez-nous pour la suite",
        "Appelez-nous avant de rénover la cuisine",
        "Rejoignez-nous au chalet samedi",
        "Email us for a quote",
    ],
)
def test_a_command_to_reach_the_business_sells(clause: str) -> None:
    (read,) = read_structure(clause, LEX).clauses
    assert read.label == "selling" and "+contact" in read.cues, read


@pytest.mark.parametrize(
    "clause",
    [
        # the reader is asked to give something: engagement, not a sale
        "Écrivez-nous vos meilleurs trucs contre le verglas",
        "Dites-nous ce que vous préparez pour Noël",
        "Montrez-nous votre coin lecture",
        "Tell us how you store your skis",
        # « vous nous … » is a statement, and a question is asked, not ordered
        "Si vous nous écrivez, on répond le jour même",
        "Vous voulez nous parler de votre projet?",
    ],
)
def test_engagement_calls_and_statements_are_not_contact_calls(clause: str) -> None:
    (read,) = read_structure(clause, LEX).clauses
    assert "+contact" not in read.cues, read


def test_a_time_of_day_is_a_schedule_not_a_measure() -> None:
    (hours,) = read_structure("Le comptoir est ouvert de 9 h à 17 h le samedi", LEX).clauses
    assert "-measure" not in hours.cues, hours
    (evening,) = read_structure("We stay open until 9 pm on Thursdays", LEX).clauses
    assert "-measure" not in evening.cues, evening
    (rest,) = read_structure("Laissez reposer la pâte 2 h au frigo", LEX).clauses
    assert "-measure" in rest.cues, rest


def test_new_hours_and_a_call_to_come_are_an_announcement() -> None:
    structure = read_structure(
        "Nouvel horaire à la quincaillerie! Dès le 2 avril, on ferme à 20 h en semaine. "
        "Passez nous voir!",
        LEX,
    )
    assert structure.uninformed_sale and structure.selling_share >= 0.3, structure.clauses


def test_a_line_ending_on_a_colon_introduces_the_list_and_tells_nothing_itself() -> None:
    # what the business won, listed, then a call to reach it: nothing for the reader
    praise = read_structure(
        "Cette année, notre cabinet a reçu :\n- le trophée du Gala des entrepreneurs\n"
        "- la mention du jury régional\n- une note de 4,9 sur Google\n"
        "Merci! Appelez-nous pour votre prochain dossier.",
        LEX,
    )
    assert praise.clauses[0].lead_in and not praise.informs
    assert praise.selling_share >= 0.3, praise.clauses
    # a lead-in to advice: the items inform
    tips = read_structure(
        "Trois trucs pour garder vos bottes sèches :\n- Bourrez-les de papier journal le soir\n"
        "- Frottez le sel avec de l'eau tiède et un peu de vinaigre\n"
        "- Laissez-les sécher loin du calorifère",
        LEX,
    )
    assert tips.informs and tips.selling_share < 0.1, tips.clauses
    # an inline colon is not a lead-in (« Lundi, 7 h : on… »)
    inline = read_structure("Mardi, 6 h : on allume le four à bois.", LEX)
    assert not any(c.lead_in for c in inline.clauses)


@pytest.mark.parametrize(
    "draft",
    [
        # years in business and the best in town, then a call to choose them
        "Depuis 1994, notre garage répare les autos du quartier. Confiez votre voiture aux "
        "meilleurs mécaniciens de Granby!",
        "Fiers de servir Rouyn-Noranda depuis 22 ans. Faites confiance aux meilleurs.",
        # a product on sale somewhere, with a line that only frames it
        "Les calendriers de l'avent au chocolat font toujours des heureux. En vente au comptoir.",
        # a product's specifications and its price
        "Nouvelle tondeuse sans fil : batterie de 40 V, coupe de 53 cm, 45 minutes d'autonomie. "
        "599 $.",
    ],
)
def test_credentials_points_of_sale_and_specifications_sell(draft: str) -> None:
    structure = read_structure(draft, LEX)
    assert structure.selling_share >= 0.165, structure.clauses


@pytest.mark.parametrize(
    "draft",
    [
        # an opening word that dates something, not an opening announced
        "Avant l'ouverture, on fait le tour des frigos avec un thermomètre. Une lecture au-dessus "
        "de 4 °C et on vide tout.",
        "Vérifiez les heures d'ouverture de la déchetterie avant d'y aller : elles changent en "
        "novembre.",
        # a booking word mentioned in advice, far from the command
        "Notez vos questions sur un papier et apportez-le au prochain rendez-vous chez le "
        "pharmacien, sinon on les oublie toutes.",
    ],
)
def test_opening_and_booking_words_in_advice_do_not_sell(draft: str) -> None:
    structure = read_structure(draft, LEX)
    assert structure.selling_share < 0.165, structure.clauses


@pytest.mark.parametrize(
    "draft",
    [
        # a superlative slogan standing alone, then a familiar call to come
        "Le meilleur smoked meat du quartier. Viens y goûter avec ta gang.",
        "The best bagels in town. Come taste them.",
        # a call to contact the business for a quote, after a claim about the team
        "Our crew has paved 500 driveways across the region. Call us now for an estimate.",
        # a command that sends the reader to the business by name
        "Pour la fête des Mères, achetez local : faites vos bouquets chez Fleurs Marguerite!",
        # stock that lasts only as long as it lasts
        "Bottes de pluie pour enfants, 29 $ jusqu'à épuisement des stocks.",
    ],
)
def test_slogans_familiar_calls_and_calls_to_book_sell(draft: str) -> None:
    structure = read_structure(draft, LEX)
    assert structure.selling_share >= 0.3, structure.clauses


@pytest.mark.parametrize(
    "draft",
    [
        # a price framed by an article that folds like « dès »: advice, not an offer
        "Un rouleau de ruban isolant à 6 $ règle la plupart des courants d'air des portes. "
        "Posez-le quand il fait plus de 10 °C, sur une surface propre.",
        # "only" that qualifies something else than the price
        "The $15,000 limit applies not only to cash but to every gift you receive in a year. "
        "Keep your receipts and ask your accountant before you file.",
        # a superlative ranking a way or a moment, not the business
        "La meilleure façon de conserver les fines herbes : dans un verre d'eau, au frigo.",
        "Le meilleur moment pour tailler une haie de cèdres, c'est au début de l'été.",
        # « chez » a name inside advice without a command to buy there
        "Chez Marie, la mécanicienne du coin, les pneus d'hiver sont posés en novembre. "
        "Vérifiez la pression chaque mois : le froid la fait baisser.",
    ],
)
def test_prices_superlatives_and_names_in_advice_do_not_sell(draft: str) -> None:
    structure = read_structure(draft, LEX)
    assert structure.selling_share < 0.165, structure.clauses


@pytest.mark.parametrize(
    "clause",
    [
        # places left, the pronoun between « il » and « reste »
        "Il nous reste deux places dans le cours de poterie du jeudi",
        "Il nous reste 4 tables pour le souper du 31",
        # an offer that opens
        "Les inscriptions sont ouvertes pour la session de printemps",
        "Pre-orders are now open for the spring seedlings",
        # the business's price said to be lower
        "Nos paniers de légumes coûtent moins cher qu'à l'épicerie",
    ],
)
def test_places_left_open_registrations_and_our_lower_price_sell(clause: str) -> None:
    (read,) = read_structure(clause, LEX).clauses
    assert read.label == "selling", read


@pytest.mark.parametrize(
    "clause",
    [
        "Réparer un vieux vélo coûte souvent moins cher qu'on pense",
        "Il reste trois semaines avant la fin des travaux sur la rue principale",
    ],
)
def test_a_general_price_remark_and_time_left_do_not_sell(clause: str) -> None:
    (read,) = read_structure(clause, LEX).clauses
    assert read.label != "selling", read
