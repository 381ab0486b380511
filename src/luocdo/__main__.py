"""``python -m luocdo``: the same as the ``luocdo`` command."""

from luocdo.cli import app

if __name__ == "__main__":
    app(prog_name="luocdo")
