"""``python -m luocdo`` and the ``luocdo`` command: the command line, its workers' server started
first when it will use one (luocdo.early_start), and the process ended without the interpreter's
teardown when the command allows it (luocdo.quick_exit)."""

import sys


def main() -> None:
    from luocdo import quick_exit

    quick_exit.arm()  # first: its end runs after every atexit function registered from here on
    try:
        from luocdo.early_start import start_if_coming

        start_if_coming(sys.argv[1:])  # before the CLI's imports: see luocdo.early_start
        from luocdo.cli import app
    except KeyboardInterrupt:  # Ctrl-C before the command began: nothing to stop, no traceback
        sys.exit(130)
    try:
        app(prog_name="luocdo")
    except SystemExit as e:
        quick_exit.ended(e.code)
        raise


if __name__ == "__main__":
    main()
