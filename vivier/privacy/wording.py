"""The exact wording of each consent and of the information notice, per language, with a version.

A consent record keeps the version, the text and its hash: change a text here and bump its version, so the
ledger still shows what each person agreed to. Texts are in code, not in the .po files, on purpose: a
translation update must never change a wording that people have already agreed to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings

from vivier.privacy.models import Purpose

VERSION = "2026-11"


@dataclass(frozen=True)
class Wording:
    purpose: str
    language: str
    version: str
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.version}|{self.language}|{self.text}".encode()).hexdigest()


def _months() -> int:
    return settings.PRIVACY_POOL_CONSENT_MONTHS


_TEXTS = {
    (Purpose.TALENT_POOL, "fr"): (
        "J’accepte que {agency} conserve mon profil dans son vivier de talents pour me proposer de futures "
        "opportunités, pendant {months} mois après notre dernier échange. Je peux retirer ce consentement à "
        "tout moment depuis mes préférences ou en répondant à un message."
    ),
    (Purpose.TALENT_POOL, "en"): (
        "I agree that {agency} keeps my profile in its talent pool to offer me future opportunities, for "
        "{months} months after our last exchange. I can withdraw this consent at any time from my "
        "preferences or by replying to a message."
    ),
    (Purpose.JOB_ALERTS, "fr"): (
        "J’accepte de recevoir par e-mail des alertes sur les postes qui correspondent à mes préférences. "
        "Je peux me désinscrire à tout moment."
    ),
    (Purpose.JOB_ALERTS, "en"): (
        "I agree to receive e-mail alerts about jobs that match my preferences. "
        "I can unsubscribe at any time."
    ),
    (Purpose.SURVEY, "fr"): (
        "J’accepte de recevoir une courte enquête (une fois) sur mon expérience du recrutement. "
        "Mes réponses servent à améliorer nos pratiques."
    ),
    (Purpose.SURVEY, "en"): (
        "I agree to receive one short survey about my experience of the recruitment process. "
        "My answers help improve how we work."
    ),
}


def wording(purpose: str, language: str) -> Wording:
    language = language if language in ("fr", "en") else "fr"
    from vivier.outreach.services.templates import agency_name

    text = _TEXTS[(Purpose(purpose), language)].format(agency=agency_name(), months=_months())
    return Wording(purpose=purpose, language=language, version=VERSION, text=text)


NOTICE_SUBJECT = {
    "fr": "{agency} : comment nous utilisons vos données",
    "en": "{agency}: how we use your data",
}
NOTICE_BODY = {
    "fr": (
        "Bonjour {first_name},\n\n"
        "Nous sommes {agency}, cabinet de recrutement. Nous avons recueilli votre profil professionnel "
        "(source : {source}) pour vous proposer des postes qui pourraient vous intéresser. "
        "Nous conservons vos nom, coordonnées et parcours professionnel, sur la base de notre intérêt "
        "légitime, pendant {keep} mois au plus "
        "sans échange avec vous ; au-delà, seulement avec votre accord.\n\n"
        "Vous pouvez accéder à vos données, les faire corriger ou effacer, ou vous opposer à leur usage en "
        "répondant à ce message. Vous pouvez aussi saisir la CNIL (www.cnil.fr).\n\n"
        "Choisir ce que vous recevez : {preferences}\n"
        "Ne plus rien recevoir : {unsubscribe}\n"
    ),
    "en": (
        "Hello {first_name},\n\n"
        "We are {agency}, a recruitment agency. We collected your professional profile (source: {source}) "
        "to offer you jobs that may interest you. We keep your name, contact details and career history, on "
        "the basis of our legitimate interest, for at most {keep} months without hearing from you; beyond "
        "that, only with your agreement.\n\n"
        "You may access your data, have it corrected or erased, or object to its use by replying to this "
        "message. You may also complain to the CNIL (www.cnil.fr).\n\n"
        "Choose what you receive: {preferences}\n"
        "Stop receiving anything: {unsubscribe}\n"
    ),
}
