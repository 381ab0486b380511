"""`luocdo serve`: the web app on this machine (or, with a token or read-only, for the office)."""

from __future__ import annotations

import ipaddress
import threading
import webbrowser
from pathlib import Path

import typer

from luocdo.cli.common import STORE, app, fail
from luocdo.i18n import _


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    store: Path = STORE,
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (default: this machine only)"),
    port: int = typer.Option(8765, "--port", min=1, max=65535),
    open_: bool = typer.Option(False, "--open", help="open the app in the browser"),
    read_only: bool = typer.Option(False, "--read-only", help="no uploads: the store is only read"),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="LUOCDO_TOKEN",
        help="require this access token ('auto': make one and print it)",
    ),
    max_upload_mb: int = typer.Option(200, "--max-upload-mb", min=1, max=4096, help="largest upload, in MB"),
) -> None:
    """Serve the web app: overview, adding reports, documents with evidence, reports, checks."""
    import uvicorn

    from luocdo.store import StoreError
    from luocdo.web import Settings, create_app
    from luocdo.web.security import new_token

    loopback = _loopback(host)
    if token == "auto":
        token = new_token()
    if not loopback and not read_only and not token:
        fail(
            _(
                "--host {host} lets other machines in: add --token auto (an access token is printed) or "
                "--read-only (no uploads)"
            ).format(host=host)
        )
    settings = Settings(
        store=store,
        read_only=read_only,
        token=token,
        loopback=loopback,
        max_upload_bytes=max_upload_mb * 2**20,
    )
    try:
        web = create_app(settings)
    except StoreError as e:
        fail(str(e))
    shown = host if ":" not in host else f"[{host}]"
    address = (
        f"http://{shown if not host.startswith('0.') and host not in ('::', '[::]') else '127.0.0.1'}:{port}/"
    )
    if token:
        address += f"?token={token}"
    typer.echo(
        _("luocdo serves {store} at {address}").format(store=settings.store, address=address), err=True
    )
    if read_only:
        typer.echo(_("read-only: reports cannot be added"), err=True)
    if token:
        typer.echo(_("access token: {token}").format(token=token), err=True)
    if open_:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
