"""The web pages of the OAuth install (in French): « Ajouter à Slack », success and failure."""

from __future__ import annotations

from html import escape

FAILURES: dict[str, str] = {
    "access_denied": "L'installation a été annulée dans Slack : rien n'a été installé.",
    "invalid_browser": (
        "Cette installation n'a pas commencé dans ce navigateur (ou le témoin de sécurité a "
        "expiré). Recommencez depuis la page d'installation."
    ),
    "invalid_state": (
        "Ce lien d'installation a expiré ou a déjà servi. Recommencez depuis la page "
        "d'installation."
    ),
    "missing_code": "Slack n'a pas transmis d'autorisation. Recommencez l'installation.",
    "invalid_code": (
        "Slack a refusé l'autorisation (lien expiré, déjà utilisé, ou application mal "
        "configurée). Recommencez l'installation ; si le problème persiste, avisez Kilovolt."
    ),
    "storage_error": (
        "L'installation n'a pas pu être enregistrée. Réessayez dans quelques minutes ; si le "
        "problème persiste, avisez Kilovolt."
    ),
    "team_not_allowed": (
        "Cet espace de travail n'est pas autorisé à utiliser Kilovolt Conseiller. Communiquez "
        "avec Kilovolt pour l'ajouter."
    ),
}
"""What each failure reason of Bolt's OAuth flow (and ours) means, for the person installing."""

_PAGE = """<!DOCTYPE html>
<html lang="fr-CA">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem;
  color: #1d3557; line-height: 1.5; }}
h1 {{ font-size: 1.5rem; }}
a.button {{ display: inline-block; padding: .7rem 1.2rem; background: #4a154b; color: #fff;
  border-radius: .4rem; text-decoration: none; font-weight: 600; }}
</style>
</head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""


def _page(title: str, body: str) -> str:
    return _PAGE.format(title=escape(title, quote=False), body=body)


def install_page(authorize_url: str) -> str:
    """The « Ajouter à Slack » page: what the bot does, and the button to Slack's consent page."""
    return _page(
        "Installer Kilovolt Conseiller",
        "<p>Kilovolt Conseiller répond à vos questions sur les médias sociaux, critique vos "
        "brouillons de publication et propose chaque semaine des idées de contenu, selon les "
        "principes de Kilovolt.</p>"
        "<p>Choisissez l'espace de travail Slack de votre entreprise à l'étape suivante. Les "
        "données de chaque espace de travail restent séparées de celles des autres.</p>"
        f'<p><a class="button" href="{escape(authorize_url, quote=True)}">Ajouter à Slack</a></p>',
    )


def success_page(team_name: str, app_url: str) -> str:
    """Installed: how to start."""
    where = f" dans « {escape(team_name, quote=False)} »" if team_name else ""
    return _page(
        "Kilovolt Conseiller est installé",
        f"<p>C'est fait : Kilovolt Conseiller est installé{where}.</p>"
        "<p>Pour commencer, mentionnez <strong>@kilovolt</strong> dans un canal, écrivez-lui en "
        "message direct, ou tapez <strong>/idees</strong>.</p>"
        f'<p><a class="button" href="{escape(app_url, quote=True)}">Ouvrir Slack</a></p>',
    )


def failure_page(reason: str, install_path: str) -> str:
    """Not installed: why, in words, and the link to start again."""
    message = FAILURES.get(reason) or (
        "L'installation n'a pas abouti. Recommencez ; si le problème persiste, avisez Kilovolt."
    )
    return _page(
        "L'installation n'a pas abouti",
        f"<p>{escape(message, quote=False)}</p>"
        f'<p><a href="{escape(install_path, quote=True)}">Recommencer l\'installation</a></p>',
    )
