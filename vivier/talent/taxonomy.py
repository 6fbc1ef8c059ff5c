"""The seeded decline-reason taxonomy. Codes are the stable ones of the API contract (docs/api.md)."""

SEED_REASONS = [
    # code, category, French label, English label
    ("salary", "compensation", "Salaire", "Salary"),
    ("benefits", "compensation", "Avantages (mutuelle, primes, tickets…)", "Benefits"),
    ("remote_policy", "flexibility", "Télétravail", "Remote work policy"),
    ("location_commute", "location", "Localisation, temps de trajet", "Location and commute"),
    ("working_hours", "flexibility", "Horaires, charge de travail", "Working hours"),
    ("contract_type", "role", "Type de contrat", "Contract type"),
    ("company_culture", "company", "Culture d’entreprise", "Company culture"),
    ("management", "company", "Management", "Management"),
    ("company_reputation", "company", "Réputation de l’entreprise", "Company reputation"),
    ("role_scope", "role", "Contenu du poste", "Role scope"),
    ("career_growth", "role", "Perspectives d’évolution", "Career growth"),
    ("better_aligned_opportunity", "competition", "Autre offre plus alignée", "Better-aligned opportunity"),
    (
        "counter_offer",
        "competition",
        "Contre-proposition de l’employeur actuel",
        "Counter-offer from current employer",
    ),
    ("recruitment_process", "process", "Processus de recrutement", "Recruitment process"),
    ("personal_reasons", "personal", "Raisons personnelles", "Personal reasons"),
    ("timing", "personal", "Calendrier, disponibilité", "Timing"),
    ("other", "other", "Autre", "Other"),
]
