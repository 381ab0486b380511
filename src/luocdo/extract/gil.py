"""regex's ``concurrent`` argument for the pattern calls made per citation, per line or per candidate.

By default the regex module releases the GIL for every match on a ``str`` and takes it back at the
end (and again around each allocation of its backtracking stack): ~1,100 instructions a call, a fifth
of a short match, and ~190 such calls a report. Extraction has no other thread to run meanwhile, and
these calls read a window, a line or a few characters, so they keep it. Passed by position
(``match(s, pos, endpos, KEEP_GIL)``): a keyword argument costs the interpreter more than the release.
Whole-text scans keep the default.
"""

KEEP_GIL = False
