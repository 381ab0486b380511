#!/bin/bash
# worker_callgrind_s11.sh SRC_TREE TAG FOLDER N [STEP] : callgrind instructions of N reports through extract_for_store
# (SRC_TREE holds src/; output: TAG N load "I refs")
HERE=$(cd "$(dirname "$0")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
PYTHONPATH=$1/src valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/cg_$2.out \
  /work/main/.venv/bin/python "$HERE/worker_callgrind_s11.py" "$3" "$4" ${5:-1} 2>&1 | grep refs |
  sed "s|^|$2 $4 $(cut -d' ' -f1-3 /proc/loadavg) |"
