#!/bin/bash
# callgrind_s17_extract.sh SRC_TREE TAG FOLDER N [STEP] : callgrind instructions of N reports through
# extract_for_store (bench/worker_callgrind_s11.py; instrumentation on after the warm-up), PYTHONHASHSEED=0.
# Output: TAG N load(1,5,15) "I refs"; the profile in /tmp/s17-extract/cg_TAG.out
HERE=$(cd "$(dirname "$0")" && pwd)
export PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0
mkdir -p /tmp/s17-extract
L=$(cut -d' ' -f1-3 /proc/loadavg)
PYTHONPATH=$1/src valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/s17-extract/cg_$2.out \
  /work/main/.venv/bin/python "$HERE/worker_callgrind_s11.py" "$3" "$4" ${5:-1} 2>&1 | grep refs |
  sed "s|^|$2 $4 $L |"
