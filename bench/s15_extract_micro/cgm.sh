#!/bin/bash
# cgm.sh FILE FUNC [SRC]: instructions of FUNC
export PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0
PYTHONPATH=${3:-/work/wt-s15-extract/src} valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/s15-extract/cgm_$2.out /work/main/.venv/bin/python $(dirname "$0")/cgmicro.py $1 $2 2>&1 | grep refs | sed "s|^|$2 |"
