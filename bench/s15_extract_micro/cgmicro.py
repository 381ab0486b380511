# ruff: noqa  (measurement scratch of s15-extract: run by bench/s15_extract_micro/cgm.sh, see docs/scale.md)
"""cgmicro.py MODULE_FILE FUNC : import a file defining setup() -> state and FUNC(state); run FUNC under
callgrind with instrumentation only around it. Use: valgrind --tool=callgrind --instr-atstart=no python cgmicro.py f.py name"""

import os
import runpy
import subprocess
import sys

ns = runpy.run_path(sys.argv[1])
state = ns["setup"]()
fn = ns[sys.argv[2]]
fn(state)  # warm
pid = str(os.getpid())
subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
fn(state)
subprocess.run(["callgrind_control", "-i", "off", pid], check=True, capture_output=True)
