"""settle() after a bulk load's end, in-process CPU: a copy of a bulk-loaded store with everything touched again
(what _end_bulk_schema records). Prints CPU of settle and a hash of documents+bodies after it."""

import hashlib
import shutil
import sys
import time

src_store, work = sys.argv[1], sys.argv[2]
shutil.copy(src_store, work)
from luocdo.store import Store, touched  # noqa: E402 (after the copy)

st = Store(work)
with st._immediate():
    touched.touch_all(st.db)
    st.db.execute(
        "INSERT OR IGNORE INTO settle_pending SELECT num_norm FROM mentions WHERE num_norm IS NOT NULL"
    )
t = time.process_time()
merged = st.settle()
cpu = time.process_time() - t
h = hashlib.sha256()
for r in st.db.execute("SELECT * FROM documents ORDER BY id"):
    h.update(repr(tuple(r)).encode())
for r in st.db.execute("SELECT * FROM bodies ORDER BY name"):
    h.update(repr(tuple(r)).encode())
for r in st.db.execute("SELECT * FROM mentions ORDER BY file_id, mid"):
    h.update(repr(tuple(r)).encode())
print(f"{cpu:.3f} merged={merged} {h.hexdigest()[:16]}")
st.close()
