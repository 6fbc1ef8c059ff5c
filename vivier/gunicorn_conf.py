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

# gunicorn's request line limit (its default is 4,094 bytes, its largest fixed value 8,190) would answer a long
# query string with its own HTML 414. 0 lifts the fixed limit to gunicorn's hard cap of 1 MB, so that Django sees
# every line up to that and answers one over settings.API_MAX_QUERY_STRING (8,000 bytes) with the API's JSON 414.
# The line is held in memory once, like a body (2.5 MB at most): no new exposure.
limit_request_line = 0
