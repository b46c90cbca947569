"""Realistic PDF, Word, PowerPoint and HTML guidance files, generated for tests (own text)."""

from __future__ import annotations

import io
from pathlib import Path

PDF_PAGES = [
    (
        "Guide des vitrines numériques",
        [
            (
                "Pourquoi soigner sa fiche",
                "La fiche d'établissement est la première impression "
                "qu'un voisin a de votre commerce. Une fiche complète, avec les heures et des "
                "photos récentes, attire plus de visites qu'une fiche vide.",
            ),
        ],
    ),
    (
        None,
        [
            (
                "Les heures des jours fériés",
                "Mettez à jour vos heures avant chaque congé : la "
                "Saint-Jean, la fête du Canada et l'Action de grâce. Un client qui trouve la porte "
                "fermée à cause d'une fiche périmée revient rarement.",
            ),
        ],
    ),
    (
        None,
        [
            (
                "Les photos de la devanture",
                "Photographiez la devanture de jour, de l'autre côté de "
                "la rue, pour que le passant la reconnaisse. Ajoutez une photo de l'intérieur et "
                "une du comptoir tous les trois mois.",
            ),
        ],
    ),
]
TABLE = [
    ("Élément", "Fréquence", "Responsable"),
    ("Heures", "Avant chaque congé", "Gérante"),
    ("Photos", "Tous les trois mois", "Commis"),
]


def pdf_bytes(with_table: bool = True) -> bytes:
    """A three-page PDF: a title, section headings in a larger bold font, body text, a table on
    page 2 and a page number in each footer."""
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(False)
    for number, (title, sections) in enumerate(PDF_PAGES, start=1):
        pdf.add_page()
        if title:
            pdf.set_font("Helvetica", "B", 22)
            pdf.multi_cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        for heading, body in sections:
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        if number == 2 and with_table:
            pdf.set_font("Helvetica", "", 10)
            with pdf.table() as table:
                for row in TABLE:
                    cells = table.row()
                    for value in row:
                        cells.cell(value)
        pdf.set_y(-20)
        pdf.set_font("Helvetica", "", 9)
        pdf.cell(0, 8, f"Page {number} de {len(PDF_PAGES)}", align="C")
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A two-page PDF whose pages are only images: no text layer."""
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (400, 500), (235, 235, 228)).save(picture, format="PNG")
    pdf = FPDF(format="letter")
    for _ in range(2):
        pdf.add_page()
        picture.seek(0)
        pdf.image(picture, x=10, y=10, w=190)
    return bytes(pdf.output())


def protected_pdf_bytes() -> bytes:
    """A one-page PDF that needs a password to open."""
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.set_encryption(owner_password="proprio", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "Document interne de l'agence.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def mixed_pdf_bytes() -> bytes:
    """A two-page PDF: text on page 1, only a scanned image on page 2."""
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (300, 300), (240, 240, 240)).save(picture, format="PNG")
    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, "Calendrier des publications", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0, 6, "Planifiez le mois en une heure, le dernier vendredi du mois précédent.",
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    pdf.add_page()
    picture.seek(0)
    pdf.image(picture, x=10, y=10, w=150)
    return bytes(pdf.output())


def docx_bytes() -> bytes:
    """A Word document with Heading 1/2 styles, a bulleted list and a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Répondre aux avis en ligne"
    document.add_heading("Répondre aux avis en ligne", level=1)
    document.add_paragraph(
        "Chaque avis est lu par les prochains clients bien plus que par son auteur."
    )
    document.add_heading("Les avis négatifs", level=2)
    document.add_paragraph(
        "Remerciez, reconnaissez le problème et proposez de poursuivre en privé."
    )
    document.add_paragraph("Répondre dans les 48 heures", style="List Bullet")
    document.add_paragraph("Ne jamais nommer le client", style="List Bullet")
    document.add_heading("Les avis positifs", level=2)
    document.add_paragraph("Un merci personnalisé qui reprend un détail de l'avis suffit.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Type d'avis", "Délai de réponse"
    table.cell(1, 0).text, table.cell(1, 1).text = "Une étoile", "Le jour même"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pptx_bytes() -> bytes:
    """A four-slide deck: titles, bullets with levels, a table and speaker notes."""
    import pptx
    from pptx.util import Inches

    deck = pptx.Presentation()
    deck.core_properties.title = "Atelier infolettre"
    slides = [
        ("Atelier infolettre", ["Pour les commerces de la rue Principale"], None),
        (
            "Bâtir sa liste",
            ["Demander le courriel à la caisse", "Avec un consentement clair"],
            "Rappeler que la Loi 25 exige un consentement explicite.",
        ),
        ("Le rythme", [], None),
        ("Mesurer", ["Taux d'ouverture", "Désabonnements après chaque envoi"], None),
    ]
    for number, (title, bullets, notes) in enumerate(slides, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        body = slide.placeholders[1].text_frame
        for n, bullet in enumerate(bullets):
            paragraph = body.paragraphs[0] if n == 0 else body.add_paragraph()
            paragraph.text = bullet
            paragraph.level = 1 if n == 1 and number == 2 else 0
        if number == 3:
            shape = slide.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1))
            cells = shape.table
            cells.cell(0, 0).text, cells.cell(0, 1).text = "Envoi", "Jour"
            cells.cell(1, 0).text, cells.cell(1, 1).text = "Infolettre mensuelle", "Premier mardi"
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


HTML = """<!doctype html><html lang="fr"><head><title>Les mots-clics | Blogue</title>
<script>var tracker = "suivi-publicitaire";</script><style>.x{color:red}</style></head>
<body><header class="site"><a href="/">Accueil</a> Menu du site</header>
<nav><ul><li>Accueil</li><li>Blogue</li><li>Contact</li></ul></nav>
<div id="cookie-banner">Ce site utilise des témoins. Accepter</div>
<main><article><header><h1>Les mots-clics</h1></header>
<p>Trois à cinq mots-clics précis valent mieux que trente mots génériques.</p>
<h2>Écrire en casse chameau</h2>
<p>Écrivez #AchatLocal plutôt que #achatlocal : les lecteurs d'écran lisent les mots séparés.</p>
<table><tr><th>Mot-clic</th><th>Usage</th></tr><tr><td>#AchatLocal</td><td>Commerces</td></tr></table>
</article></main>
<footer>© 2025 Agence. Tous droits réservés. Politique de confidentialité</footer>
</body></html>"""


def write_all(root: Path) -> dict[str, Path]:
    """Every generated format under `root`; their paths by kind."""
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "pdf": root / "vitrines.pdf",
        "docx": root / "avis.docx",
        "pptx": root / "infolettre.pptx",
        "html": root / "mots-clics.html",
    }
    files["pdf"].write_bytes(pdf_bytes())
    files["docx"].write_bytes(docx_bytes())
    files["pptx"].write_bytes(pptx_bytes())
    files["html"].write_text(HTML, encoding="utf-8")
    return files
