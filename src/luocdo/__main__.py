"""``python -m luocdo`` and the ``luocdo`` command: the command line, its workers' server started
first when it will use one (luocdo.early_start)."""

import sys


def main() -> None:
    try:
        from luocdo.early_start import start_if_coming

        start_if_coming(sys.argv[1:])  # before the CLI's imports: see luocdo.early_start
        from luocdo.cli import app
    except KeyboardInterrupt:  # Ctrl-C before the command began: nothing to stop, no traceback
        sys.exit(130)
    app(prog_name="luocdo")


if __name__ == "__main__":
    main()
