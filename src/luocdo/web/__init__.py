"""`luocdo serve`: the web app (FastAPI + Jinja2 templates, every asset in the package, no network).

    create_app(Settings(store=Path("demo.db")))  -> the ASGI app uvicorn serves

One module per job: settings and the store's read connections (state), access token, CSRF and
security headers (security), the upload limits and zip checks (uploads), the one background ingest
(jobs), tables as xlsx/CSV downloads (tables), and one module per page under pages/.
"""

from luocdo.web.app import create_app
from luocdo.web.state import Settings

__all__ = ["Settings", "create_app"]
