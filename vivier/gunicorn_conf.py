"""gunicorn settings read by `vivier run` (gunicorn -c python:vivier.gunicorn_conf).

gunicorn has no option to drop its `Server` header; renaming the module constant that fills it is the documented
workaround, so a scan learns neither the server nor its version.
"""

import gunicorn
import gunicorn.http.wsgi

gunicorn.SERVER = "vivier"
gunicorn.http.wsgi.SERVER = "vivier"
gunicorn.SERVER_SOFTWARE = "vivier"
gunicorn.http.wsgi.SERVER_SOFTWARE = "vivier"

# gunicorn's largest request line (its default is 4094): a query string the API's limit allows
# (settings.API_MAX_QUERY_STRING, 8000 bytes) must reach Django, which answers a longer one with the API's JSON 414.
limit_request_line = 8190
