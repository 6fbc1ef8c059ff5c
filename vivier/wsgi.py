import os
import sys

from django.core.wsgi import get_wsgi_application

from vivier.assets import web_problem

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vivier.settings")

# A web server that would answer 500 on every page does not start: one line says what to run. Exit code 4 is
# gunicorn's "App failed to load": its master stops instead of starting workers again and again.
if problem := web_problem():
    print(problem, file=sys.stderr)
    sys.exit(4)

application = get_wsgi_application()
