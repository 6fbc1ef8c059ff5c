"""Word lists for the synthetic data set: names, places, English job titles and skills by ROME domain."""
# ruff: noqa: E501, SIM905 - word lists written as split strings

from __future__ import annotations

FR_FIRST_F = (
    "Camille Léa Manon Chloé Emma Inès Sarah Lucie Julie Clara Marie Anaïs Pauline Laura Mathilde Charlotte Océane "
    "Juliette Zoé Élodie Amandine Audrey Sophie Nathalie Isabelle Céline Aurélie Émilie Hélène Valérie Sandrine "
    "Claire Margaux Louise Alice Jade Lina Nadia Fatima Yasmine Amira Leïla Maëlle Solène Agathe Coralie Morgane"
).split()
FR_FIRST_M = (
    "Thomas Nicolas Julien Maxime Alexandre Antoine Quentin Romain Kevin Hugo Lucas Théo Louis Mathieu Guillaume "
    "Pierre Baptiste Florian Clément Adrien Benjamin Jérôme Sébastien Olivier Stéphane Laurent Frédéric Éric "
    "Christophe Vincent Yann Arnaud Cédric Damien Mehdi Karim Yassine Samir Rachid Mamadou Ibrahima Gaël Loïc "
    "Mathis Nathan Enzo Raphaël Gabriel Jules Arthur"
).split()
FR_LAST = (
    (
        "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre Leroy Roux "
        "David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefèvre Faure "
        "André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément "
        "Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer "
        "Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard "
        "Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix "
        "Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean "
        "Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher "
        "Fleury Royer Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard "
        "Maillard Baron Bertin Bailly Hervé Schneider Fernandez Le\u00a0Gall Collet Léger Bouvier Julien Prévost "
        "Millet Perrot Daniel Le\u00a0Roux Cousin Germain Breton Besson Langlois Rémy Le\u00a0Goff Pelletier Lévêque "
        "Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard "
        "Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Da\u00a0Silva Bouchet Gay Lemaître Benard "
        "Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay "
        "Pasquier Carlier Laporte Diallo Traoré Haddad Benali Nguyen Tran Cohen"
    )
    .replace("\u00a0", " ")
    .split(" ")
)
EN_FIRST_F = (
    "Emily Olivia Sophie Charlotte Amelia Jessica Hannah Grace Lucy Chloe Emma Megan Rebecca Laura Sarah Rachel "
    "Katie Eleanor Harriet Isabel Priya Aisha Niamh Siobhan Fiona Kirsty Zoe Abigail Ruth Anna"
).split()
EN_FIRST_M = (
    "James Oliver Jack Harry George Thomas William Daniel Samuel Joseph Matthew Benjamin Alexander Michael David "
    "Andrew Christopher Ryan Luke Adam Callum Connor Ewan Rhys Owen Arjun Ravi Mohammed Patrick Sean"
).split()
EN_LAST = (
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker "
    "White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris "
    "Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett "
    "Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards "
    "Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray "
    "Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell O'Brien"
).split()

# (city, weight): roughly the shape of the French job market.
CITIES = (
    ("Paris", 220),
    ("Lyon", 70),
    ("Marseille", 45),
    ("Toulouse", 45),
    ("Bordeaux", 40),
    ("Nantes", 40),
    ("Lille", 40),
    ("Rennes", 30),
    ("Strasbourg", 25),
    ("Montpellier", 28),
    ("Nice", 22),
    ("Grenoble", 20),
    ("Rouen", 15),
    ("Toulon", 10),
    ("Angers", 12),
    ("Dijon", 11),
    ("Brest", 9),
    ("Le Mans", 9),
    ("Reims", 9),
    ("Saint-Étienne", 10),
    ("Clermont-Ferrand", 11),
    ("Tours", 11),
    ("Limoges", 7),
    ("Amiens", 7),
    ("Metz", 8),
    ("Besançon", 7),
    ("Orléans", 9),
    ("Caen", 8),
    ("Nancy", 8),
    ("Mulhouse", 6),
    ("Perpignan", 6),
    ("Pau", 5),
    ("La Rochelle", 6),
    ("Annecy", 7),
    ("Aix-en-Provence", 12),
    ("Boulogne-Billancourt", 14),
    ("Nanterre", 10),
    ("Saint-Denis", 9),
    ("Versailles", 8),
    ("Massy", 6),
    ("Sophia Antipolis", 5),
    ("Niort", 5),
    ("Vannes", 5),
    ("Bayonne", 5),
    ("Poitiers", 6),
    ("Valence", 5),
    ("Chambéry", 5),
    ("Lorient", 4),
    ("Quimper", 4),
    ("Troyes", 4),
    ("Bruxelles", 6),
    ("Genève", 5),
    ("Luxembourg", 5),
    ("Londres", 3),
    ("Montréal", 2),
)
FOREIGN_COUNTRY = {"Bruxelles": "BE", "Genève": "CH", "Luxembourg": "LU", "Londres": "GB", "Montréal": "CA"}

# ROME domains (first letter of the code) → (weight of the domain among candidates, base yearly salary in euros)
DOMAINS = {
    "A": (3, 24000),
    "B": (2, 26000),
    "C": (5, 38000),
    "D": (14, 32000),
    "E": (5, 36000),
    "F": (7, 30000),
    "G": (7, 24000),
    "H": (9, 29000),
    "I": (6, 30000),
    "J": (9, 33000),
    "K": (8, 27000),
    "L": (2, 30000),
    "M": (19, 42000),
    "N": (8, 27000),
}

EN_TITLES = {
    "A": ["Farm Manager", "Agricultural Technician", "Landscape Gardener", "Vineyard Worker"],
    "B": ["Graphic Designer", "Jewellery Designer", "Craftsperson", "Ceramicist"],
    "C": ["Financial Analyst", "Insurance Underwriter", "Credit Analyst", "Relationship Manager", "Actuary"],
    "D": [
        "Sales Executive",
        "Key Account Manager",
        "Business Developer",
        "Store Manager",
        "Sales Representative",
        "Customer Success Manager",
    ],
    "E": [
        "Marketing Manager",
        "Communications Officer",
        "Content Writer",
        "Social Media Manager",
        "Product Marketing Manager",
    ],
    "F": [
        "Site Manager",
        "Civil Engineer",
        "Quantity Surveyor",
        "Electrician",
        "Construction Project Manager",
    ],
    "G": ["Chef", "Hotel Receptionist", "Restaurant Manager", "Events Coordinator", "Travel Consultant"],
    "H": [
        "Production Engineer",
        "Quality Engineer",
        "Process Engineer",
        "Maintenance Technician",
        "Industrial Designer",
    ],
    "I": ["Field Service Engineer", "HVAC Technician", "Maintenance Engineer", "Installation Technician"],
    "J": [
        "Registered Nurse",
        "Pharmacist",
        "Physiotherapist",
        "Clinical Research Associate",
        "Medical Secretary",
    ],
    "K": ["Social Worker", "Teacher", "Trainer", "Care Assistant", "Security Officer", "Cleaning Supervisor"],
    "L": ["Sound Engineer", "Video Editor", "Stage Manager", "Photographer"],
    "M": [
        "Software Engineer",
        "Data Scientist",
        "Data Engineer",
        "DevOps Engineer",
        "Product Manager",
        "Accountant",
        "HR Business Partner",
        "Project Manager",
        "Frontend Developer",
        "Backend Developer",
        "Payroll Specialist",
        "Legal Counsel",
        "IT Support Technician",
        "Cloud Architect",
    ],
    "N": [
        "Truck Driver",
        "Logistics Coordinator",
        "Warehouse Supervisor",
        "Supply Chain Analyst",
        "Delivery Driver",
        "Freight Forwarder",
    ],
}
EN_SKILLS = {
    "A": ["crop management", "tractor driving", "irrigation", "animal care", "pesticide licence"],
    "B": ["Adobe Illustrator", "hand craftsmanship", "design", "prototyping", "3D modelling"],
    "C": ["financial modelling", "Excel", "risk analysis", "IFRS", "underwriting", "credit scoring"],
    "D": ["B2B sales", "negotiation", "Salesforce", "prospecting", "account management", "retail"],
    "E": ["SEO", "copywriting", "Google Analytics", "brand strategy", "social media", "HubSpot"],
    "F": ["AutoCAD", "site safety", "BIM", "Revit", "electrical wiring", "project scheduling"],
    "G": ["food safety", "customer service", "menu planning", "Opera PMS", "event planning"],
    "H": ["lean manufacturing", "Six Sigma", "SolidWorks", "quality control", "ISO 9001", "PLC"],
    "I": ["troubleshooting", "preventive maintenance", "HVAC", "electrical diagnostics", "hydraulics"],
    "J": ["patient care", "clinical trials", "GCP", "wound care", "pharmacology"],
    "K": ["teaching", "coaching", "safeguarding", "first aid", "conflict resolution"],
    "L": ["Pro Tools", "Premiere Pro", "lighting", "photography", "live sound"],
    "M": [
        "Python",
        "Django",
        "SQL",
        "PostgreSQL",
        "JavaScript",
        "TypeScript",
        "React",
        "AWS",
        "Kubernetes",
        "Docker",
        "Java",
        "Go",
        "machine learning",
        "Excel",
        "SAP",
        "payroll",
        "employment law",
        "Agile",
        "Scrum",
        "Power BI",
        "accounting",
        "Terraform",
        "Linux",
    ],
    "N": ["HGV licence", "forklift", "WMS", "route planning", "customs", "inventory management"],
}
FR_TOOLS = {
    "A": ["permis B", "Certiphyto", "conduite d'engins"],
    "B": ["Illustrator", "Photoshop", "CAO"],
    "C": ["Excel", "IFRS", "Sage", "Bâle III"],
    "D": ["Salesforce", "négociation", "prospection", "CRM"],
    "E": ["SEO", "Google Analytics", "WordPress", "réseaux sociaux"],
    "F": ["AutoCAD", "BIM", "Revit", "CACES"],
    "G": ["HACCP", "anglais", "Opera"],
    "H": ["Lean", "SolidWorks", "ISO 9001", "automates"],
    "I": ["habilitation électrique", "GMAO", "hydraulique"],
    "J": ["BPC", "soins palliatifs", "DPI"],
    "K": ["BAFA", "SST", "pédagogie"],
    "L": ["Pro Tools", "Premiere Pro", "DaVinci Resolve"],
    "M": [
        "Python",
        "Django",
        "SQL",
        "PostgreSQL",
        "JavaScript",
        "React",
        "Java",
        "AWS",
        "Docker",
        "Kubernetes",
        "Excel",
        "SAP",
        "Sage",
        "paie",
        "droit social",
        "Agile",
        "Scrum",
        "Power BI",
        "Linux",
        "Go",
    ],
    "N": ["permis C", "CACES 3", "FIMO", "WMS", "douane"],
}
SENIORITY_FR = ["", "", "", "Junior ", "Senior ", "Confirmé·e ", "Lead "]
SENIORITY_EN = ["", "", "", "Junior ", "Senior ", "Lead ", "Principal "]
LANGS_FR = [
    ["Français"],
    ["Français", "Anglais"],
    ["Français", "Anglais"],
    ["Français", "Anglais", "Espagnol"],
    ["Français", "Allemand"],
    ["Français", "Anglais", "Arabe"],
    ["Français", "Italien"],
]
LANGS_EN = [
    ["English"],
    ["English", "French"],
    ["English", "French"],
    ["English", "Spanish"],
    ["English", "French", "German"],
    ["English", "Hindi"],
]
SOURCES = (
    ("linkedin", 35),
    ("job_board", 25),
    ("referral", 12),
    ("website", 10),
    ("import", 12),
    ("event", 6),
)
COMPANY_A = (
    "Groupe Société Atelier Maison Cabinet Laboratoires Transports Compagnie Studio Clinique Banque "
    "Hôtel Institut Réseau Agence Fonderie Coopérative Établissements"
).split()
COMPANY_B = (
    "Armor Boréal Cévennes Alpin Azur Garonne Loire Atlantique Mistral Dauphin Lumière Horizon Vauban "
    "Colbert Jaurès Marianne Voltaire Pasteur Eiffel Rhône Océane Bretagne Provence Morvan Vosges "
    "Sequana Lutèce Cassini Ampère Curie Lavoisier Montgolfier Jacquard Nova Helios Orion Vega Altaïr "
    "Mercure Saturne Cassiopée Pégase Phénix Zéphyr Aquilon Sirocco Tramontane"
).split()
COMPANY_C = (
    "SA SAS SARL & Fils Industries Services Conseil Santé Digital Logistique Technologies Finance "
    "Énergie Bâtiment Distribution Hôtellerie"
).split()
COMPETITORS = (
    "Capgemini|Sopra Steria|Decathlon|Leroy Merlin|Orange|Thales|Airbus|Safran|L'Oréal|Michelin|"
    "Doctolib|Back Market|Qonto|Alan|Criteo|Carrefour|Auchan|BNP Paribas|Société Générale|AXA|Veolia|"
    "Vinci|Bouygues|Schneider Electric|Dassault Systèmes|Ubisoft|Free|OVHcloud"
).split("|")
DETAILS_FR = [
    "Le salaire proposé était en dessous de ses attentes.",
    "A préféré une offre avec plus de télétravail.",
    "Trajet trop long depuis son domicile.",
    "A accepté une contre-proposition de son employeur actuel.",
    "Le poste ne correspondait pas à ce qui avait été présenté.",
    "Processus trop long, a signé ailleurs.",
    "Raisons familiales, déménagement prévu.",
    "Souhaite évoluer vers un rôle de management.",
    "",
    "",
    "",
]
DETAILS_EN = ["Salary below expectations.", "Wanted more remote days.", "Signed elsewhere first.", "", ""]
