"""Views of the recruiter UI, one module per subdomain; each is short: access, form, service, redirect."""
