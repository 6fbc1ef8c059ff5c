"""What each kind of import reads, and the header names (French or English) each column is known by.

Headers are compared folded (no accents, case, spaces or punctuation), so "Prénom", "PRENOM" and "prénom "
are one name. A header maps to at most one field; the first column wins when two mean the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from vivier.imports.parsing import fold


class Kind(models.TextChoices):
    CANDIDATES = "candidates", _("Candidates")
    JOBS = "jobs", _("Jobs")
    OFFERS = "offers", _("Past offers and declines")
    LINKEDIN = "linkedin", _("LinkedIn connections")


@dataclass(frozen=True)
class Column:
    name: str
    label: object  # a lazy translation
    synonyms: tuple[str, ...]
    required: bool = False


_FIRST = ("Prénom", "First name", "Firstname", "Given name", "Prenom")
_LAST = ("Nom", "Last name", "Lastname", "Surname", "Nom de famille", "Family name")
_FULL = ("Nom complet", "Full name", "Name", "Nom et prénom", "Prénom et nom", "Candidat", "Candidate")
_EMAIL = (
    "E-mail",
    "Email",
    "Courriel",
    "Adresse e-mail",
    "Adresse email",
    "Mail",
    "Email address",
    "Adresse mail",
    "E-mail address",
)
_PHONE = (
    "Téléphone",
    "Tél",
    "Tel",
    "Mobile",
    "Portable",
    "Phone",
    "Phone number",
    "Numéro de téléphone",
    "Téléphone portable",
    "Tél. portable",
    "GSM",
    "Cell",
)
_CITY = ("Ville", "City", "Localisation", "Location", "Lieu", "Commune")
_TITLE = ("Poste", "Intitulé", "Intitulé du poste", "Job title", "Titre", "Title", "Position", "Fonction")
_COMPANY = (
    "Entreprise",
    "Client",
    "Company",
    "Société",
    "Societe",
    "Employeur",
    "Company name",
    "Client name",
)
_SALARY = (
    "Salaire",
    "Prétentions",
    "Salary",
    "Prétentions salariales",
    "Rémunération",
    "Salaire souhaité",
    "Salaire proposé",
    "Offered salary",
    "Expected salary",
    "Package",
    "Salaire annuel brut",
)
_SKILLS = ("Compétences", "Skills", "Mots-clés", "Keywords", "Technologies")
_REMOTE = ("Télétravail", "Remote", "Remote policy", "Remote preference", "Teletravail")
_CONTRACT = ("Contrat", "Type de contrat", "Contract", "Contract type")
_COUNTRY = ("Pays", "Country")
_NOTES = ("Notes", "Commentaire", "Commentaires", "Comment", "Comments", "Remarques")


def _c(name: str, label, synonyms: tuple[str, ...], required: bool = False) -> Column:
    return Column(name, label, synonyms, required)


COLUMNS: dict[str, list[Column]] = {
    Kind.CANDIDATES: [
        _c("first_name", _("First name"), _FIRST, True),
        _c("last_name", _("Last name"), _LAST, True),
        _c("full_name", _("Full name (split into first and last name)"), _FULL),
        _c("email", _("E-mail"), _EMAIL, True),
        _c("phone", _("Phone"), _PHONE),
        _c("city", _("City"), _CITY),
        _c("country", _("Country"), _COUNTRY),
        _c(
            "headline",
            _("Headline"),
            (*_TITLE, "Headline", "Titre du profil", "Poste actuel", "Current position"),
        ),
        _c("summary", _("Summary"), (*_NOTES, "Résumé", "Summary", "Profil")),
        _c("skills", _("Skills"), _SKILLS),
        _c("languages", _("Languages spoken"), ("Langues", "Languages", "Langues parlées")),
        _c(
            "linkedin_url",
            _("LinkedIn profile"),
            ("LinkedIn", "Profil LinkedIn", "LinkedIn URL", "URL LinkedIn", "LinkedIn profile", "URL"),
        ),
        _c("salary_expectation", _("Salary expectation"), _SALARY),
        _c("remote_preference", _("Remote preference"), _REMOTE),
        _c("language", _("Language"), ("Langue", "Language", "Langue de contact", "Langue préférée")),
        _c("source", _("Source"), ("Source", "Origine", "Canal", "Provenance")),
    ],
    Kind.JOBS: [
        _c("title", _("Job title"), _TITLE, True),
        _c("client", _("Client"), _COMPANY, True),
        _c("city", _("City"), _CITY),
        _c("country", _("Country"), _COUNTRY),
        _c(
            "description",
            _("Description"),
            ("Description", "Descriptif", "Description du poste", "Missions", *_NOTES),
        ),
        _c("contract_type", _("Contract type"), _CONTRACT),
        _c(
            "salary",
            _("Salary (an amount or a range)"),
            _SALARY + ("Fourchette", "Salary range", "Fourchette de salaire"),
        ),
        _c(
            "salary_min",
            _("Salary from"),
            ("Salaire min", "Salaire minimum", "Salary min", "Salary from", "Min salary"),
        ),
        _c(
            "salary_max",
            _("Salary up to"),
            ("Salaire max", "Salaire maximum", "Salary max", "Salary to", "Max salary"),
        ),
        _c("remote_policy", _("Remote policy"), _REMOTE),
        _c(
            "remote_days_per_week",
            _("Remote days per week"),
            ("Jours de télétravail", "Remote days", "Jours télétravail"),
        ),
        _c("skills", _("Skills"), _SKILLS),
        _c("status", _("Status"), ("Statut", "Status", "État", "Etat")),
        _c("rome_code", _("ROME code"), ("Code ROME", "ROME", "ROME code")),
    ],
    Kind.OFFERS: [
        _c("email", _("Candidate's e-mail"), _EMAIL, True),
        _c("job_title", _("Job title"), _TITLE, True),
        _c("client", _("Client"), _COMPANY, True),
        _c("salary", _("Salary offered"), _SALARY, True),
        _c(
            "offer_date",
            _("Date of the offer"),
            ("Date", "Date de proposition", "Date de l'offre", "Offer date", "Date proposition"),
        ),
        _c(
            "decline_date",
            _("Date of the decline"),
            ("Date de refus", "Decline date", "Date du refus", "Declined on", "Refusé le"),
        ),
        _c(
            "reason",
            _("Decline reason (first one is the main one)"),
            (
                "Motif",
                "Motif de refus",
                "Reason",
                "Motifs",
                "Reasons",
                "Motif du refus",
                "Raison",
                "Decline reason",
                "Raison du refus",
            ),
        ),
        _c("decline_kind", _("How it ended"), ("Type de refus", "Type", "Kind", "Decline type", "Issue")),
        _c("detail", _("Details"), ("Détail", "Détails", "Details", "Precisions", "Précisions", *_NOTES)),
        _c(
            "competing_employer",
            _("Competing employer"),
            ("Concurrent", "Employeur concurrent", "Competing employer", "Competitor", "Offre concurrente"),
        ),
        _c(
            "competing_salary",
            _("Competing salary"),
            ("Salaire concurrent", "Competing salary", "Salaire offre concurrente"),
        ),
        _c("remote_days", _("Remote days offered"), ("Jours de télétravail", "Remote days", "Télétravail")),
        _c("start_date", _("Start date"), ("Date de début", "Date de démarrage", "Start date", "Début")),
        _c("contract_type", _("Contract type"), _CONTRACT),
    ],
    Kind.LINKEDIN: [
        _c("first_name", _("First name"), ("First Name", "Prénom"), True),
        _c("last_name", _("Last name"), ("Last Name", "Nom"), True),
        _c("linkedin_url", _("Profile URL"), ("URL", "Profile URL", "LinkedIn")),
        _c("email", _("E-mail"), ("Email Address", *_EMAIL)),
        _c("company", _("Company"), ("Company", "Entreprise")),
        _c("position", _("Position"), ("Position", "Poste")),
        _c("connected_on", _("Connected on"), ("Connected On", "Connecté le", "Date de connexion")),
    ],
}

_INDEX = {kind: {fold(s): col.name for col in cols for s in col.synonyms} for kind, cols in COLUMNS.items()}
# The candidate's name columns also accept the bare field names, so a file exported by Vivier maps itself.
for _kind, _cols in COLUMNS.items():
    for _col in _cols:
        _INDEX[_kind].setdefault(fold(_col.name), _col.name)


def fields(kind: str) -> list[Column]:
    return COLUMNS[kind]


def auto_map(headers: list[str], kind: str) -> list[str]:
    """The field of each header ('' when unknown or already taken by an earlier column)."""
    index, taken, out = _INDEX[kind], set(), []
    for header in headers:
        name = index.get(fold(header), "")
        if name in taken:
            name = ""
        taken.add(name)
        out.append(name)
    return out


def header_score(kind: str):
    """How many cells of a row are known header names: finds the header line below a file's notes."""
    index = _INDEX[kind]

    def score(cells: list[str]) -> int:
        return sum(1 for c in cells if c and fold(c) in index)

    return score


def missing_required(mapping: list[str], kind: str) -> list[Column]:
    """Required fields no column is mapped to. A full name stands in for first and last names."""
    present = set(mapping)
    if "full_name" in present:
        present |= {"first_name", "last_name"}
    return [c for c in COLUMNS[kind] if c.required and c.name not in present]
