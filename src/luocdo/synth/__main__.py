import sys

from luocdo.synth.cli import main

sys.exit(main())
