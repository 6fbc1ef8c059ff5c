"""The words the demo data is made of: names, cities, companies, job families and their skills.

Invented for Vivier (no real person or company is meant). Job titles and ROME codes are France Travail's ROME
appellations (see vivier/matching/rome.py); the decline-reason shares are the prior of the published surveys
gathered in the project's notes (salary 30 %, competing offer 22 %, counter-offer 12 %, commute 12 %,
remote 9 %, job content 8 %, recruitment experience and culture 7 %).
"""

from __future__ import annotations

from dataclasses import dataclass

# fmt: off

# --- People -----------------------------------------------------------------------------------------------

FIRST_NAMES_F = (
    "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Marie", "Laura", "Pauline", "Claire",
    "Sophie", "Charlotte", "Lucie", "Anaïs", "Mathilde", "Élodie", "Céline", "Aurélie", "Amandine", "Audrey",
    "Clémence", "Margaux", "Océane", "Nadia", "Yasmine", "Fatou", "Mélanie", "Hélène", "Nathalie", "Isabelle",
    "Valérie", "Sandrine", "Aïcha", "Leïla", "Salomé", "Juliette", "Zoé", "Louise", "Alice", "Agathe",
    "Noémie", "Coralie", "Estelle", "Gaëlle", "Solène", "Maëlle", "Jeanne", "Élise", "Mélissa", "Samia",
    "Linh", "Awa", "Myriam",
)
FIRST_NAMES_M = (
    "Thomas", "Nicolas", "Julien", "Maxime", "Alexandre", "Antoine", "Hugo", "Lucas", "Louis", "Théo",
    "Romain", "Guillaume", "Kévin", "Mathieu", "Pierre", "Benoît", "Sébastien", "Olivier", "François",
    "Jérôme", "Vincent", "Arnaud", "Florian", "Adrien", "Quentin", "Baptiste", "Clément", "Yanis", "Karim",
    "Mehdi", "Samir", "Rachid", "Moussa", "Mamadou", "Yann", "Gaël", "Erwan", "Loïc", "Stéphane", "Laurent",
    "Philippe", "Éric", "Bruno", "Cédric", "Damien", "Jordan", "Mickaël", "Nathan", "Paul", "Victor",
    "Raphaël", "Axel", "Bastien", "Tristan", "Ousmane", "Minh",
)
# Given to women and men alike in France; the headline's gender is drawn separately.
FIRST_NAMES_EPICENE = ("Camille", "Dominique", "Sacha", "Charlie", "Alix", "Morgan", "Claude")
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
    "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André",
    "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "Legrand", "Gauthier", "Garcia", "Perrin",
    "Robin", "Clément", "Morin", "Henry", "Roussel", "Mathieu", "Masson", "Marchand", "Duval", "Denis",
    "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly",
    "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard",
    "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine",
    "Renaud", "Dumas", "Lacroix", "Olivier", "Bourgeois", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq",
    "Lecomte", "Lopez", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
    "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Poirier",
    "Marty", "Aubry", "Guyot", "Carré", "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin",
    "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Prévost", "Millet",
    "Perrot", "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier",
    "Lévêque", "Perrier", "Leblanc", "Lebrun", "Weber", "Hamon", "Boulanger", "Monnier", "Michaud", "Tessier",
    "Chauvin", "Da Silva", "Lemaître", "Maréchal", "Humbert", "Reynaud", "Hoarau", "Barthélemy", "Cordier",
    "Pichon", "Lejeune", "Delaunay", "Pasquier", "Laporte", "Nguyen", "Benali", "Haddad", "Diallo", "Traoré",
    "Koné", "Mendy", "Ben Amor", "Tran", "Cohen", "Kowalski", "Ferreira", "Bensaïd", "N'Diaye", "Le Bihan",
    "Kerjean",
)
# English-speaking profiles: expatriates and international hires, a few per hundred.
EN_FIRST_NAMES_F = ("Emily", "Hannah", "Olivia", "Grace", "Megan", "Rachel", "Jessica", "Amy")
EN_FIRST_NAMES_M = ("James", "Oliver", "Harry", "Jack", "Michael", "Ryan", "Daniel", "Ethan")
EN_LAST_NAMES = (
    "Smith", "Clarke", "Walker", "Hughes", "Taylor", "Evans", "Wright", "Bennett", "Murphy", "O'Brien",
    "Campbell", "Reid", "Turner", "Collins",
)

# Reserved for examples (RFC 2606): demo addresses can never reach a real mailbox.
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

# (city, weight): where the agency's candidates live, Paris first.
CITIES = (
    ("Paris", 30), ("Lyon", 12), ("Toulouse", 9), ("Nantes", 8), ("Bordeaux", 8), ("Lille", 8),
    ("Marseille", 7), ("Montpellier", 6), ("Rennes", 6), ("Strasbourg", 5), ("Grenoble", 4), ("Nice", 3),
    ("Boulogne-Billancourt", 2), ("Aix-en-Provence", 2),
)
SOURCES = (
    ("LinkedIn", 30), ("Welcome to the Jungle", 14), ("Cooptation", 12), ("Site carrière", 12), ("APEC", 10),
    ("Indeed", 10), ("Candidature spontanée", 7), ("Salon de recrutement", 5),
)

# --- Companies --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientSpec:
    name: str
    sector: str
    city: str
    families: tuple[str, ...]  # the job families it recruits in, most frequent first
    notes: str


CLIENTS = (
    ClientSpec(
        "Altivia Conseil", "ESN, conseil et services numériques", "Paris", ("dev", "ops", "data", "project"),
        "ESN de 400 personnes, clients banque et assurance. Interlocutrice : responsable du recrutement.",
    ),
    ClientSpec(
        "Maison Ferrand & Fils", "Agroalimentaire", "Lyon", ("finance", "sales", "engineering", "marketing"),
        "Entreprise familiale, trois usines en Auvergne-Rhône-Alpes. Décisions rapides, peu de télétravail.",
    ),
    ClientSpec(
        "Nautilia Énergies", "Énergies renouvelables", "Nantes", ("engineering", "data", "project", "hr"),
        "Éolien en mer ; forte croissance, recrute des ingénieurs et des profils projet.",
    ),
    ClientSpec(
        "Garonne Finance", "Services financiers", "Bordeaux", ("finance", "dev", "data", "hr"),
        "Société de gestion ; exigeante sur les diplômes, processus en quatre entretiens.",
    ),
    ClientSpec(
        "Logisteo", "Transport et logistique", "Lille", ("sales", "ops", "hr", "finance"),
        "Logisticien e-commerce, entrepôts dans les Hauts-de-France.",
    ),
    ClientSpec(
        "Aéromeca Systèmes", "Aéronautique", "Toulouse", ("engineering", "dev", "project", "finance"),
        "Sous-traitant de rang 1 ; habilitations requises pour certains postes.",
    ),
    ClientSpec(
        "Calanques Santé", "Dispositifs médicaux", "Marseille", ("sales", "marketing", "engineering", "data"),
        "Start-up medtech (série B), équipe de 80 personnes, télétravail flexible.",
    ),
    ClientSpec(
        "Breizh Retail Group", "Distribution spécialisée", "Rennes", ("marketing", "sales", "hr", "finance"),
        "Réseau de 120 magasins ; siège à Rennes, transformation digitale en cours.",
    ),
)
COMPETING_EMPLOYERS = (
    "Soleno", "Groupe Arvel", "Kipsum", "Novaterra", "Helio Partners", "Datagora", "Le Comptoir Digital",
    "Orvalis", "Transalp Industries", "Mirabelle Tech", "Cap Horizon", "Vertigo Systems", "Lumen Finance",
    "Atelier Nord",
)

# --- Job families -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    key: str
    weight: int  # share of the pool
    salary: tuple[int, int]  # gross per year: a junior's expectation, a senior's
    remote: tuple[tuple[str, int], ...]  # candidates' remote preference and its weight
    skills: tuple[str, ...]
    # (masculine, feminine, English, the skills every such profile has)
    headlines: tuple[tuple[str, str, str, tuple[str, ...]], ...]
    jobs: tuple[tuple[str, str], ...]  # (ROME code, ROME appellation)


FAMILIES = (
    Family(
        "dev", 22, (36000, 70000), (("hybrid", 45), ("remote", 30), ("any", 20), ("onsite", 5)),
        (
            "Python", "Django", "Java", "Spring Boot", "JavaScript", "TypeScript", "React", "Vue.js",
            "Node.js", "PHP", "Symfony", "C#", ".NET", "Go", "Kotlin", "SQL", "PostgreSQL", "Docker", "Git",
            "API REST", "Tests automatisés", "Intégration continue", "Clean code", "Architecture hexagonale",
        ),
        (
            (
                "Développeur Python / Django", "Développeuse Python / Django", "Python / Django developer",
                ("Python", "Django"),
            ),
            (
                "Développeur Java / Spring", "Développeuse Java / Spring", "Java / Spring developer",
                ("Java", "Spring Boot"),
            ),
            (
                "Développeur full stack JavaScript", "Développeuse full stack JavaScript",
                "Full-stack JavaScript developer", ("JavaScript", "TypeScript", "Node.js"),
            ),
            (
                "Développeur PHP / Symfony", "Développeuse PHP / Symfony", "PHP / Symfony developer",
                ("PHP", "Symfony"),
            ),
            (
                "Développeur front-end React", "Développeuse front-end React", "React front-end developer",
                ("React", "TypeScript"),
            ),
            ("Ingénieur logiciel .NET", "Ingénieure logiciel .NET", ".NET software engineer", ("C#", ".NET")),
            ("Développeur Go", "Développeuse Go", "Go developer", ("Go", "Kubernetes")),
            (
                "Architecte logiciel", "Architecte logiciel", "Software architect",
                ("Java", "Architecture hexagonale"),
            ),
        ),
        (
            ("M1805", "Développeur / Développeuse informatique"),
            ("M1805", "Analyste développeur / Analyste développeuse"),
            ("M1855", "Développeur / Développeuse web"), ("M1818", "Ingénieur / Ingénieure logiciel"),
            ("M1818", "Architecte logiciel"), ("M1827", "Ingénieur / Ingénieure développement logiciel"),
            ("M1815", "Spécialiste test et validation logiciel ou application"),
        ),
    ),
    Family(
        "data", 8, (40000, 75000), (("hybrid", 50), ("remote", 25), ("any", 20), ("onsite", 5)),
        (
            "SQL", "Python", "Spark", "Airflow", "dbt", "Snowflake", "BigQuery", "Power BI", "Tableau",
            "Kafka", "pandas", "Machine learning", "Scala", "Statistiques", "Data visualisation",
            "Modélisation de données",
        ),
        (
            ("Data engineer", "Data engineer", "Data engineer", ("Python", "Spark", "Airflow")),
            ("Data analyst", "Data analyste", "Data analyst", ("SQL", "Power BI")),
            ("Data scientist", "Data scientist", "Data scientist", ("Python", "Machine learning", "pandas")),
            (
                "Consultant BI", "Consultante BI", "Business intelligence consultant",
                ("SQL", "Power BI", "Tableau"),
            ),
        ),
        (
            ("M1811", "Data engineer"), ("M1811", "Ingénieur / Ingénieure big data"),
            ("M1419", "Data analyst"), ("M1405", "Data scientist"),
            ("M1824", "Développeur(se) décisionnel - Business Intelligence"),
        ),
    ),
    Family(
        "ops", 9, (38000, 72000), (("hybrid", 50), ("remote", 20), ("any", 20), ("onsite", 10)),
        (
            "Linux", "Kubernetes", "Docker", "Terraform", "Ansible", "AWS", "Azure", "GCP", "CI/CD",
            "GitLab CI", "Prometheus", "Réseaux TCP/IP", "VMware", "Sécurité des SI", "Bash",
            "Windows Server", "ISO 27001",
        ),
        (
            (
                "Ingénieur DevOps", "Ingénieure DevOps", "DevOps engineer",
                ("Kubernetes", "Terraform", "CI/CD"),
            ),
            (
                "Administrateur systèmes et réseaux", "Administratrice systèmes et réseaux",
                "Systems administrator", ("Linux", "Windows Server", "Réseaux TCP/IP"),
            ),
            ("Ingénieur cloud AWS", "Ingénieure cloud AWS", "AWS cloud engineer", ("AWS", "Terraform")),
            (
                "Ingénieur sécurité informatique", "Ingénieure sécurité informatique", "Security engineer",
                ("Sécurité des SI", "ISO 27001"),
            ),
        ),
        (
            ("M1827", "Ingénieur / Ingénieure DevOps"), ("M1827", "Architecte DevOps"),
            ("M1801", "Administrateur / Administratrice systèmes et réseaux"),
            ("M1819", "Ingénieur / Ingénieure sécurité informatique"),
            ("M1802", "Expert / Experte virtualisation"),
        ),
    ),
    Family(
        "project", 8, (42000, 78000), (("hybrid", 60), ("any", 20), ("remote", 10), ("onsite", 10)),
        (
            "Gestion de projet", "Scrum", "Agile", "Jira", "Confluence", "SAFe", "Recueil du besoin",
            "Pilotage budgétaire", "Conduite du changement", "SAP", "Product discovery", "Roadmap produit",
            "Animation d'ateliers", "PMP",
        ),
        (
            (
                "Chef de projet informatique", "Cheffe de projet informatique", "IT project manager",
                ("Gestion de projet", "Pilotage budgétaire"),
            ),
            (
                "Product owner", "Product owner", "Product owner",
                ("Agile", "Roadmap produit", "Product discovery"),
            ),
            ("Scrum master", "Scrum master", "Scrum master", ("Scrum", "Agile", "Jira")),
            (
                "Business analyst", "Business analyst", "Business analyst",
                ("Recueil du besoin", "Animation d'ateliers"),
            ),
            ("Consultant ERP", "Consultante ERP", "ERP consultant", ("SAP", "Conduite du changement")),
        ),
        (
            ("M1828", "Project Manager"), ("M1828", "Chef / Cheffe de projet (Project Management Officer)"),
            ("M1864", "Product Owner"), ("M1814", "Scrum Master"), ("M1806", "Business analyst"),
            ("M1806", "Consultant / Consultante ERP - Enterprise Resource Planning"),
        ),
    ),
    Family(
        "finance", 15, (32000, 75000), (("hybrid", 45), ("onsite", 25), ("any", 25), ("remote", 5)),
        (
            "Comptabilité générale", "Clôtures mensuelles", "Consolidation", "IFRS", "SAP FI", "Sage",
            "Cegid", "Excel avancé", "Contrôle de gestion", "Reporting", "Budget et prévisions", "Fiscalité",
            "Trésorerie", "Power BI", "Plan comptable général", "Audit",
        ),
        (
            (
                "Comptable général", "Comptable générale", "General accountant",
                ("Comptabilité générale", "Plan comptable général"),
            ),
            (
                "Contrôleur de gestion", "Contrôleuse de gestion", "Financial controller",
                ("Contrôle de gestion", "Budget et prévisions", "Reporting"),
            ),
            (
                "Chef comptable", "Cheffe comptable", "Chief accountant",
                ("Clôtures mensuelles", "Consolidation"),
            ),
            (
                "Analyste financier", "Analyste financière", "Financial analyst",
                ("Reporting", "Excel avancé", "IFRS"),
            ),
            ("Trésorier d'entreprise", "Trésorière d'entreprise", "Corporate treasurer", ("Trésorerie",)),
        ),
        (
            ("M1203", "Comptable général / Comptable générale"), ("M1203", "Comptable fournisseurs"),
            ("M1204", "Contrôleur / Contrôleuse de gestion"), ("M1206", "Chef / Cheffe comptable"),
            ("M1206", "Responsable consolidation comptable"), ("M1213", "Assistant / Assistante comptable"),
            ("M1207", "Chargé / Chargée de trésorerie et de financement"),
            ("M1201", "Analyste financier / Analyste financière"),
        ),
    ),
    Family(
        "sales", 14, (32000, 80000), (("hybrid", 35), ("onsite", 30), ("any", 30), ("remote", 5)),
        (
            "Prospection", "Négociation", "Grands comptes", "Salesforce", "HubSpot",
            "Développement commercial", "Gestion de portefeuille", "Appels d'offres", "Closing", "Vente B2B",
            "SaaS", "Anglais courant", "Vente de solutions", "Management commercial",
        ),
        (
            (
                "Commercial grands comptes", "Commerciale grands comptes", "Key account manager",
                ("Grands comptes", "Négociation"),
            ),
            (
                "Business developer", "Business developer", "Business developer",
                ("Prospection", "Développement commercial"),
            ),
            (
                "Technico-commercial", "Technico-commerciale", "Technical sales representative",
                ("Vente de solutions", "Vente B2B"),
            ),
            (
                "Directeur régional des ventes", "Directrice régionale des ventes", "Regional sales director",
                ("Management commercial", "Négociation"),
            ),
        ),
        (
            ("D1410", "Attaché commercial / Attachée commerciale"), ("D1410", "Responsable grand compte"),
            ("D1407", "Technico-commercial / Technico-commerciale"), ("D1407", "Chargé / Chargée de comptes"),
            ("D1406", "Directeur régional / Directrice régionale des ventes"),
            ("D1416", "Commercial / Commerciale en services auprès des entreprises"),
            ("M1707", "Responsable développement / Business Developer"),
        ),
    ),
    Family(
        "marketing", 10, (32000, 68000), (("hybrid", 55), ("remote", 15), ("any", 25), ("onsite", 5)),
        (
            "SEO", "SEA", "Google Analytics", "Google Ads", "Marketing automation", "HubSpot", "CRM",
            "Réseaux sociaux", "Content marketing", "Canva", "Suite Adobe", "Rédaction web", "Emailing",
            "Brand content", "Études de marché", "Growth marketing",
        ),
        (
            (
                "Chargé de marketing digital", "Chargée de marketing digital", "Digital marketing specialist",
                ("SEO", "SEA", "Google Analytics"),
            ),
            (
                "Responsable marketing", "Responsable marketing", "Marketing manager",
                ("Études de marché", "CRM"),
            ),
            (
                "Chef de produit marketing", "Cheffe de produit marketing", "Product marketing manager",
                ("Études de marché", "Brand content"),
            ),
            ("Community manager", "Community manager", "Community manager", ("Réseaux sociaux", "Canva")),
            (
                "Chargé de communication", "Chargée de communication", "Communications officer",
                ("Rédaction web", "Suite Adobe"),
            ),
        ),
        (
            ("M1705", "Responsable marketing"), ("M1705", "Chargé / Chargée de projet marketing"),
            ("M1718", "Chargé / Chargée de marketing digital"), ("M1716", "Growth hacker"),
            ("M1703", "Chef / Cheffe de produit"), ("E1101", "Community manager"),
            ("E1112", "Chargé / Chargée de communication digitale"),
        ),
    ),
    Family(
        "hr", 6, (30000, 72000), (("hybrid", 50), ("onsite", 25), ("any", 20), ("remote", 5)),
        (
            "Recrutement", "Droit du travail", "Paie", "Relations sociales", "GPEC", "Formation", "SIRH",
            "Silae", "ADP", "Onboarding", "Marque employeur", "Entretiens annuels",
            "Administration du personnel",
        ),
        (
            (
                "Chargé de recrutement", "Chargée de recrutement", "Talent acquisition specialist",
                ("Recrutement", "Marque employeur"),
            ),
            ("Responsable RH", "Responsable RH", "HR manager", ("Droit du travail", "Relations sociales")),
            ("Gestionnaire paie", "Gestionnaire paie", "Payroll officer", ("Paie", "Silae")),
            (
                "HR business partner", "HR business partner", "HR business partner",
                ("GPEC", "Relations sociales"),
            ),
        ),
        (
            ("M1503", "Responsable des Ressources Humaines -RRH-"),
            ("M1503", "Directeur / Directrice des Ressources Humaines (DRH)"),
            ("M1502", "Chargé / Chargée de recrutement"), ("M1502", "Responsable recrutement"),
            ("M1501", "Assistant / Assistante ressources humaines"), ("M1507", "Gestionnaire paie"),
        ),
    ),
    Family(
        "engineering", 8, (36000, 72000), (("onsite", 45), ("hybrid", 35), ("any", 20)),
        (
            "CATIA", "SolidWorks", "AutoCAD", "Cotation fonctionnelle", "Automates Siemens", "TIA Portal",
            "Grafcet", "Lean manufacturing", "AMDEC", "ISO 9001", "ISO 14001", "Gestion de projet industriel",
            "Calcul de structures", "Plans 2D/3D", "Sécurité machines", "Amélioration continue",
        ),
        (
            (
                "Ingénieur R&D", "Ingénieure R&D", "R&D engineer",
                ("Calcul de structures", "Gestion de projet industriel"),
            ),
            (
                "Dessinateur-projeteur en mécanique", "Dessinatrice-projeteuse en mécanique",
                "Mechanical designer", ("CATIA", "SolidWorks", "Cotation fonctionnelle"),
            ),
            (
                "Automaticien", "Automaticienne", "Automation engineer",
                ("Automates Siemens", "TIA Portal", "Grafcet"),
            ),
            (
                "Ingénieur méthodes", "Ingénieure méthodes", "Manufacturing engineer",
                ("Lean manufacturing", "AMDEC"),
            ),
            (
                "Ingénieur qualité", "Ingénieure qualité", "Quality engineer",
                ("ISO 9001", "Amélioration continue"),
            ),
        ),
        (
            ("H1206", "Ingénieur / Ingénieure R&D en industrie"),
            ("H1203", "Dessinateur / Dessinatrice en construction mécanique"),
            ("H1208", "Automaticien / Automaticienne en bureau d'études"),
            ("H1402", "Chef / Cheffe des méthodes en industrie"),
            ("H1527", "Ingénieur / Ingénieure qualité en industrie"),
            ("H1218", "Responsable de projet recherche et développement"),
        ),
    ),
)
FAMILY_BY_KEY = {f.key: f for f in FAMILIES}

LANGUAGES_FR = (
    ("Anglais", 70), ("Espagnol", 12), ("Allemand", 8), ("Italien", 4), ("Arabe", 4), ("Portugais", 2),
)

# --- Declines ---------------------------------------------------------------------------------------------

# (primary reason code, share): the prior for demo data; see the module docstring.
PRIMARY_REASONS = (
    ("salary", 30), ("better_aligned_opportunity", 22), ("counter_offer", 12), ("location_commute", 12),
    ("remote_policy", 9), ("role_scope", 8), ("company_culture", 3), ("recruitment_process", 4),
)
# Reasons that often come with a primary one, as secondary reasons.
RELATED_REASONS = {
    "salary": ("benefits", "remote_policy", "career_growth", "location_commute"),
    "better_aligned_opportunity": ("salary", "remote_policy", "role_scope", "career_growth"),
    "counter_offer": ("salary", "timing", "career_growth"),
    "location_commute": ("remote_policy", "working_hours", "personal_reasons"),
    "remote_policy": ("location_commute", "working_hours", "salary"),
    "role_scope": ("career_growth", "management", "salary"),
    "company_culture": ("management", "company_reputation", "recruitment_process"),
    "recruitment_process": ("timing", "company_culture", "better_aligned_opportunity"),
}
# How the process ended, by primary reason: a candidate's competing offer is never the client's rejection.
KINDS_BY_PRIMARY = {
    "salary": (
        ("declined_by_candidate", 62), ("rejected_by_client", 18), ("withdrawn", 10), ("rejected_by_us", 10),
    ),
    "better_aligned_opportunity": (("declined_by_candidate", 75), ("withdrawn", 25)),
    "counter_offer": (("declined_by_candidate", 85), ("withdrawn", 15)),
    "location_commute": (("declined_by_candidate", 75), ("withdrawn", 25)),
    "remote_policy": (("declined_by_candidate", 85), ("withdrawn", 15)),
    "role_scope": (("declined_by_candidate", 50), ("rejected_by_client", 25), ("rejected_by_us", 25)),
    "company_culture": (("declined_by_candidate", 50), ("rejected_by_us", 50)),
    "recruitment_process": (("withdrawn", 60), ("declined_by_candidate", 40)),
}
OPEN_TO_FUTURE = (("yes", 55), ("unknown", 30), ("no", 15))
# Free-text details: facts about the offer, never about health, family or other sensitive matters.
DETAILS = {
    "salary": (
        "Écart de {gap} k€ avec ses attentes ; le client n'a pas pu s'aligner.",
        "Package jugé en dessous du marché pour ce niveau d'expérience.",
        "Attend une part variable plus importante.",
    ),
    "better_aligned_opportunity": (
        "A accepté une offre chez {competitor}, plus proche de son projet.",
        "Autre proposition signée la veille de notre offre ({competitor}).",
    ),
    "counter_offer": (
        "Son employeur actuel a fait une contre-proposition : augmentation et promotion.",
        "Reste chez son employeur après une revalorisation salariale.",
    ),
    "location_commute": (
        "Trajet de plus d'une heure aller ; pas de déménagement envisagé.",
        "Le site est mal desservi en transports en commun.",
    ),
    "remote_policy": (
        "Souhaite au moins deux jours de télétravail, le client en propose un.",
        "Cherche un poste en full remote.",
    ),
    "role_scope": (
        "Le périmètre présenté en entretien ne correspondait pas à la fiche de poste.",
        "Poste jugé trop opérationnel par rapport à son projet.",
    ),
    "company_culture": (
        "Ne s'est pas reconnu·e dans le style de management rencontré.",
        "Valeurs de l'entreprise jugées peu compatibles avec les siennes.",
    ),
    "recruitment_process": (
        "Processus trop long (cinq entretiens en sept semaines).",
        "Délais de réponse du client jugés trop longs.",
    ),
}
EXCLUSION_REASONS = (
    "Le client ne souhaite plus recevoir sa candidature après son refus tardif.",
    "Désaccord sur les conditions de départ de son précédent poste chez le client.",
    "Le client préfère attendre un an avant de lui représenter un poste.",
)
# fmt: on
