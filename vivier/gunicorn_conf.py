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
