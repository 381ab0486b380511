-- luocdo's store of record (SQLite). One transaction per ingested file: a file's facts are all
-- there or none are. Documents, bodies and edges are derived from the per-file facts by the
-- corpus resolver and rebuilt for the files an ingest touches.
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- one row per report: files of the same content (sha256) are one report, whatever their paths
CREATE TABLE IF NOT EXISTS files (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,   -- the smallest of its paths (file_paths): what answers show
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    report_doc  INTEGER REFERENCES documents(id),
    -- ReportHeader as columns (schema 10: luocdo.store.header_columns): h_source only where it is not the
    -- path, h_recipients a JSON list, header_own the JSON text where json_object does not make it again;
    -- no declared type: each value stays as json_extract read it (no conversion between text and number)
    h_source,
    h_type,
    h_number,
    h_symbol,
    h_issuer,
    h_province,
    h_district,
    h_admin_level,
    h_date,
    h_place,
    h_title,
    h_recipients,
    h_signer,
    h_signer_title,
    h_line,
    h_title_line,
    h_title_lines,
    header_own  TEXT,
    -- ReportHeader as JSON (made again from the columns: luocdo.store.header_columns.HEADER_SQL)
    header      TEXT GENERATED ALWAYS AS (coalesce(header_own, json_object('source', coalesce(h_source, path), 'type', h_type, 'number', h_number, 'symbol', h_symbol, 'issuer', h_issuer, 'province', h_province, 'district', h_district, 'admin_level', h_admin_level, 'date', h_date, 'place', h_place, 'title', h_title, 'recipients', json(h_recipients), 'signer', h_signer, 'signer_title', h_signer_title, 'line', h_line, 'title_line', h_title_line, 'title_lines', h_title_lines))) VIRTUAL
);

-- every path a report was ingested under: a copy in another folder is the same report, one more path
CREATE TABLE IF NOT EXISTS file_paths (
    path        TEXT PRIMARY KEY,
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS file_paths_file ON file_paths(file_id);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);

-- the evidence sentences of each report, each distinct sentence once (schema 8): mentions, relations
-- and edges name theirs by its number n within the file (file_id, sentence_no). Schema 9 keeps them
-- compressed (luocdo.store.compressed): read them through luocdo.store.evidence.sentence_sql
CREATE TABLE IF NOT EXISTS sentences (
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,       -- 1, 2, … in the order the file first uses them
    z           BLOB NOT NULL,          -- dictionary id (1 byte, 0: none) and the raw deflate stream
    PRIMARY KEY (file_id, n)
) WITHOUT ROWID;                        -- schema 11: the rows are the key's index (54 bytes of z on average)
-- the preset dictionaries of the compressed sentences: trained once, never changed (schema 9)
CREATE TABLE IF NOT EXISTS sentence_dicts (
    id          INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 255),
    data        BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS mentions (
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    mid         TEXT NOT NULL,
    line        INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    surface_own TEXT,                   -- the text as written, only where its sentence does not hold it verbatim
    surface_at  INTEGER,                -- else where its sentence holds it (characters from 0) and its length:
    surface_len INTEGER,                -- read it through luocdo.store.evidence.surface_sql (schema 10)
    sentence_no INTEGER NOT NULL,       -- its evidence sentence: sentences (file_id, n)
    type_code   NOT NULL,               -- its type: its number in luocdo.store.coded.TYPES, else the word (schema 11)
    number      TEXT,
    num_norm    TEXT,                   -- number normalized for lookups (no leading zeros, casefolded)
    year        TEXT,
    symbol      TEXT,
    date        TEXT,
    date_valid  INTEGER NOT NULL,
    issuer      TEXT,
    issuer_explicit INTEGER NOT NULL,
    relation_code NOT NULL,             -- the report's relation to it: coded.RELATIONS' number, else the word
    short_form  INTEGER NOT NULL,
    in_footnote INTEGER NOT NULL,
    name        TEXT,
    key_own     TEXT,                   -- the citation's key where it is not the derived one (key below)
    resolved_key TEXT,
    confidence  REAL NOT NULL,
    notes_own   TEXT,                   -- JSON list, where it is not empty (notes below)
    position    TEXT,                   -- in a Word/PDF file: "page 3, line 12", "paragraph 41"
    doc_id      INTEGER REFERENCES documents(id),
    candidates  INTEGER NOT NULL DEFAULT 1,  -- >1: ambiguous, doc_id is NULL
    ident_own   TEXT,                   -- its identity where it is not the derived one (ident below; '': none)
    rel_confidence REAL,                -- how firmly the text states the report's relation to it (NULL: 1)
    -- the words of type_code and relation_code, and the notes (schema 11: luocdo.store.coded)
    type        TEXT GENERATED ALWAYS AS (CASE type_code WHEN 1 THEN 'Kế hoạch' WHEN 2 THEN 'Nghị định' WHEN 3 THEN 'Chỉ thị' WHEN 4 THEN 'Quyết định' WHEN 5 THEN 'Công văn' WHEN 6 THEN 'Luật' WHEN 7 THEN 'Nghị quyết' WHEN 8 THEN 'Thông tư' WHEN 9 THEN 'Báo cáo' WHEN 10 THEN 'Thông báo' WHEN 11 THEN 'Hướng dẫn' WHEN 12 THEN 'Thông tư liên tịch' WHEN 13 THEN 'Pháp lệnh' WHEN 14 THEN 'Bộ luật' WHEN 15 THEN 'Hiến pháp' WHEN 16 THEN 'Chương trình' WHEN 17 THEN 'Đề án' WHEN 18 THEN 'Kết luận' WHEN 19 THEN 'Quy định' WHEN 20 THEN 'Công điện' WHEN 21 THEN 'Tờ trình' WHEN 22 THEN 'Lệnh' ELSE type_code END) VIRTUAL,
    relation    TEXT GENERATED ALWAYS AS (CASE relation_code WHEN 1 THEN 'implements' WHEN 2 THEN 'promulgates' WHEN 3 THEN 'amends' WHEN 4 THEN 'replaces' WHEN 5 THEN 'guides' WHEN 6 THEN 'based_on' WHEN 7 THEN 'reports_on' WHEN 8 THEN 'responds_to' WHEN 9 THEN 'cites' ELSE relation_code END) VIRTUAL,
    notes       TEXT GENERATED ALWAYS AS (coalesce(notes_own, '[]')) VIRTUAL,
    -- luocdo.pipeline's key, derived from the parts (schema 9: luocdo.store.mention_key.KEY_SQL)
    key         TEXT GENERATED ALWAYS AS (coalesce(key_own, type || '|' || coalesce(number, '') || '|' || coalesce(symbol, '') || '|' || coalesce(nullif(year, ''), substr(nullif(date, ''), 1, 4), '') || '|' || coalesce(issuer, ''))) VIRTUAL,
    -- the identity the citation names by itself ('?': a missing part; a conventional name: the document that
    -- approved it; NULL: none), derived from the parts (schema 10: luocdo.store.mention_ident.IDENT_SQL)
    ident       TEXT GENERATED ALWAYS AS (nullif(coalesce(ident_own, CASE WHEN number <> '' THEN num_norm || '|' || replace(replace(trim(lower(replace(coalesce(symbol, ''), 'Đ', 'đ')), '-/.'), '-', '/'), '//', '/') || '|' || coalesce(nullif(year, ''), nullif(substr(date, 1, 4), ''), '?') || '|' || coalesce(nullif(issuer, ''), '?') END), '')) VIRTUAL,
    PRIMARY KEY (file_id, mid)
);
CREATE INDEX IF NOT EXISTS mentions_ident ON mentions(num_norm);
-- a document's citations by what they wrote, read from the index alone (and every look-up of a
-- document's citations: schema 9 dropped mentions_doc, its prefix) (the questions' "also cited as"
-- badge, show's existence counts; settle after a small ingest: the dates and files a touched document
-- is cited with): a central document has 177,000 mentions at 200,000 reports
CREATE INDEX IF NOT EXISTS mentions_doc_dates ON mentions(doc_id, date, year, file_id);
-- settle: the partial citations of a number by what they name (the key _candidates matches on) and the
-- answer they hold (store/pending.py: only those holding another answer are resolved again). Its WHERE
-- is store/pending.py's CHECKED: whether the identity holds a '?' read from the parts as written, not
-- from ident's normalised symbol (the same answer: mention_ident.UNKNOWN_LIKE_SQL; half the CPU of building it
-- at the end of a bulk load). mentions_partial, the same index over ident, is dropped where it is found.
CREATE INDEX IF NOT EXISTS mentions_checked ON mentions(num_norm, symbol, type, year, date, issuer, short_form, doc_id, candidates)
    WHERE short_form = 1 AND resolved_key IS NULL OR short_form = 0 AND coalesce(ident_own, CASE WHEN number <> '' THEN num_norm || '|' || coalesce(symbol, '') || '|' || coalesce(nullif(year, ''), nullif(substr(date, 1, 4), ''), '?') || '|' || coalesce(nullif(issuer, ''), '?') END) LIKE '%?%';

CREATE TABLE IF NOT EXISTS relations (
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    relation    TEXT NOT NULL,
    from_mid    TEXT NOT NULL,
    to_mid      TEXT NOT NULL,
    confidence  REAL NOT NULL,
    sentence_no INTEGER                 -- the evidence sentence of its edge: sentences (file_id, n)
);
CREATE INDEX IF NOT EXISTS relations_file ON relations(file_id);
CREATE INDEX IF NOT EXISTS files_report ON files(report_doc);

-- numbers (num_norm) whose partial citations `settle` must resolve again: every number a written or
-- removed file cites or is ('*': all of them, after a catalog change or a migration)
CREATE TABLE IF NOT EXISTS settle_pending (num_norm TEXT PRIMARY KEY) WITHOUT ROWID;

-- canonical documents: one node per document, however many times it is cited
CREATE TABLE IF NOT EXISTS documents (
    id          INTEGER PRIMARY KEY,
    ident       TEXT NOT NULL UNIQUE,   -- identity key (luocdo.resolve.corpus.identity)
    type        TEXT NOT NULL,
    number      TEXT,
    num_norm    TEXT,
    year        TEXT,
    symbol      TEXT,
    name        TEXT,
    issuer      TEXT,
    date        TEXT,
    title       TEXT,
    level       TEXT,
    province    TEXT
);
-- settle after a small ingest: the documents known only partly ('?') of the touched numbers
CREATE INDEX IF NOT EXISTS documents_partial ON documents(num_norm) WHERE ident LIKE '%?%';
-- the candidates of a partial citation: the documents of its number of no known body or of its body
-- (and every look-up by number: schema 9 dropped documents_num, its prefix)
CREATE INDEX IF NOT EXISTS documents_num_issuer ON documents(num_norm, issuer);
-- the questions at scale (added without a schema version: created when an older store is next opened)
CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer);  -- implementers --missing: reports per body
CREATE INDEX IF NOT EXISTS documents_num_symbol ON documents(num_norm, symbol);  -- looking a document up

CREATE TABLE IF NOT EXISTS bodies (
    name        TEXT PRIMARY KEY,
    level       TEXT,
    province    TEXT,
    district    TEXT
);

-- document -> document edges, each with its evidence
CREATE TABLE IF NOT EXISTS edges (
    id          INTEGER PRIMARY KEY,
    src         INTEGER NOT NULL REFERENCES documents(id),
    relation_code NOT NULL,             -- coded.RELATIONS' number, else the word (schema 11)
    dst         INTEGER NOT NULL REFERENCES documents(id),
    file_id     INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    sentence_no INTEGER NOT NULL,       -- its evidence sentence: sentences (file_id, n)
    confidence  REAL NOT NULL,
    relation    TEXT GENERATED ALWAYS AS (CASE relation_code WHEN 1 THEN 'implements' WHEN 2 THEN 'promulgates' WHEN 3 THEN 'amends' WHEN 4 THEN 'replaces' WHEN 5 THEN 'guides' WHEN 6 THEN 'based_on' WHEN 7 THEN 'reports_on' WHEN 8 THEN 'responds_to' WHEN 9 THEN 'cites' ELSE relation_code END) VIRTUAL
);
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, relation);
CREATE INDEX IF NOT EXISTS edges_file ON edges(file_id);
-- a document's edges out, and those to one document (schema 11 dropped edges_src (src, relation): a
-- document cites a few dozen documents at most, read through this index)
CREATE INDEX IF NOT EXISTS edges_pair ON edges(src, dst);

-- distinct document -> document links, derived from edges (one row per src, relation, dst): what the
-- graph questions walk. Kept equal to edges by the store at every commit (Store._refresh_links).
CREATE TABLE IF NOT EXISTS links (
    src         INTEGER NOT NULL,
    relation    TEXT NOT NULL,
    dst         INTEGER NOT NULL,
    n           INTEGER NOT NULL,       -- pieces of evidence (edges) behind the link
    best        INTEGER NOT NULL,       -- edges.id of the strongest evidence (confidence, then path, line)
    PRIMARY KEY (dst, relation, src)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_src ON links(src, relation);

-- links whose edges changed since the last refresh. Filled by triggers, so that every writer marks
-- them (an older luocdo still running included); emptied by Store._refresh_links in the same
-- transaction, or when a store is opened.
CREATE TABLE IF NOT EXISTS links_dirty (  -- appended to by the triggers (repeats allowed: cheaper)
    src         INTEGER NOT NULL,
    relation    TEXT NOT NULL,
    dst         INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS edges_dirty_insert AFTER INSERT ON edges BEGIN
    INSERT INTO links_dirty VALUES (new.src, new.relation, new.dst);
END;
CREATE TRIGGER IF NOT EXISTS edges_dirty_delete AFTER DELETE ON edges BEGIN
    INSERT INTO links_dirty VALUES (old.src, old.relation, old.dst);
END;
CREATE TRIGGER IF NOT EXISTS edges_dirty_update AFTER UPDATE OF src, relation, dst ON edges BEGIN
    INSERT INTO links_dirty VALUES (old.src, old.relation, old.dst);
    INSERT INTO links_dirty VALUES (new.src, new.relation, new.dst);
END;

-- derived: what a walk down the links finds below every document (graph.ask.walk's answer kept in the
-- store: luocdo.store.reach). kind 0: the implementing relations, 1: the chain relations. One row per
-- (target, document below it within 6 links): the shortest depth and the next document towards the
-- target on a shortest way (the smallest id when several). Rebuilt from the links when missing.
CREATE TABLE IF NOT EXISTS reach (
    kind        INTEGER NOT NULL,
    target      INTEGER NOT NULL,
    doc         INTEGER NOT NULL,
    depth       INTEGER NOT NULL,
    via         INTEGER NOT NULL,
    PRIMARY KEY (kind, target, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reach_doc ON reach(kind, doc);

-- links that appeared (+1) or went (-1) since reach was last brought up to date: filled by triggers on
-- links, emptied by luocdo.store.reach.refresh at the end of the write transaction
CREATE TABLE IF NOT EXISTS reach_dirty (
    src         INTEGER NOT NULL,
    relation    TEXT NOT NULL,
    dst         INTEGER NOT NULL,
    delta       INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS links_reach_insert AFTER INSERT ON links BEGIN
    INSERT INTO reach_dirty VALUES (new.src, new.relation, new.dst, 1);
END;
CREATE TRIGGER IF NOT EXISTS links_reach_delete AFTER DELETE ON links BEGIN
    INSERT INTO reach_dirty VALUES (old.src, old.relation, old.dst, -1);
END;
CREATE TRIGGER IF NOT EXISTS links_reach_update AFTER UPDATE OF src, relation, dst ON links BEGIN
    INSERT INTO reach_dirty VALUES (old.src, old.relation, old.dst, -1);
    INSERT INTO reach_dirty VALUES (new.src, new.relation, new.dst, 1);
END;

-- reference catalog (bundled data file and user imports)
CREATE TABLE IF NOT EXISTS catalog (
    so_ky_hieu  TEXT NOT NULL,
    number      TEXT,
    symbol      TEXT,
    year        TEXT,                   -- year in the number, else of the issue date
    loai_van_ban TEXT,
    ngay_ban_hanh TEXT,
    co_quan_ban_hanh TEXT,
    trich_yeu   TEXT,
    tinh_trang_hieu_luc TEXT,
    replaced_by TEXT,
    amended_by  TEXT,                   -- JSON list
    aliases     TEXT,                   -- JSON list
    origin      TEXT NOT NULL,          -- 'bundled' or the imported file
    PRIMARY KEY (so_ky_hieu, origin)
);
CREATE INDEX IF NOT EXISTS catalog_num ON catalog(number, symbol);

-- the validation findings (luocdo.validate), derived from the facts above and the catalogs: kept by
-- luocdo.store.findings, re-checked where findings_dirty says a write changed something (no schema
-- version: created when an older store is next opened for writing, then computed at the next read)
CREATE TABLE IF NOT EXISTS findings (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    document    TEXT NOT NULL,          -- the label shown
    num         TEXT,                   -- the number (num_norm) it is kept under
    num2        TEXT,                   -- the other number of a pair (V003) or an edge (V008)
    file_id     INTEGER,                -- the file it is kept under (one citation's rules, V003, V008)
    file2       INTEGER,                -- the other citation's file (V003)
    doc         INTEGER,                -- the document it is about (V008 V009 V010), when not a citation
    doc2        INTEGER,                -- the other document of an edge (V008)
    why         INTEGER NOT NULL,       -- findings_said: template and values, put into words when shown
    fix         INTEGER NOT NULL,       -- findings_said
    evidence    TEXT NOT NULL,          -- JSON list of [file id, line, mention id or null, sentence or null]
    ord         INTEGER NOT NULL,       -- order among findings of the same code and document
    ord2        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_num ON findings(num);
CREATE INDEX IF NOT EXISTS findings_file2 ON findings(file2) WHERE file2 IS NOT NULL;
CREATE INDEX IF NOT EXISTS findings_file ON findings(file_id) WHERE file_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS findings_doc ON findings(doc) WHERE doc IS NOT NULL;
CREATE INDEX IF NOT EXISTS findings_doc2 ON findings(doc2) WHERE doc2 IS NOT NULL;
CREATE INDEX IF NOT EXISTS findings_order ON findings(severity, code, document);
-- the findings' explanations and suggestions (JSON: template and values), each kept once per check and
-- referred to by number: most findings of a rule say the same (V010's 263,000 at 200k: one text)
CREATE TABLE IF NOT EXISTS findings_said (
    id          INTEGER PRIMARY KEY,
    said        TEXT NOT NULL
);

-- what the writes changed since the findings were last re-checked: 'f:ID' a file, 'd:ID' a document,
-- 'n:NUM' a number, 'n:*' everything (written by the triggers below: nothing to do in the write path)
CREATE TABLE IF NOT EXISTS findings_dirty (key TEXT PRIMARY KEY) WITHOUT ROWID;
-- BEFORE: a number already waiting for settle is marked again (INSERT OR IGNORE skips the AFTER trigger)
CREATE TRIGGER IF NOT EXISTS findings_pending BEFORE INSERT ON settle_pending BEGIN
    INSERT OR IGNORE INTO findings_dirty VALUES ('n:' || new.num_norm);
END;
CREATE TRIGGER IF NOT EXISTS findings_file_added AFTER INSERT ON files BEGIN
    INSERT OR IGNORE INTO findings_dirty VALUES ('f:' || new.id);
END;
CREATE TRIGGER IF NOT EXISTS findings_file_removed AFTER DELETE ON files BEGIN
    INSERT OR IGNORE INTO findings_dirty VALUES ('f:' || old.id), ('d:' || coalesce(old.report_doc, ''));
END;
-- a report's own document moved onto another (settle merging a partial one into the document it is):
-- whether each is a report (V009 and V010 skip reports) and whose edges they are (V008). The file's
-- mark alone is not enough: a check between its write and the settle read the document it had then
CREATE TRIGGER IF NOT EXISTS findings_report_moved AFTER UPDATE OF report_doc ON files BEGIN
    INSERT OR IGNORE INTO findings_dirty VALUES ('d:' || coalesce(old.report_doc, '')),
        ('d:' || coalesce(new.report_doc, ''));
END;
-- a removed citation: the document it named (a written one is found from its file's row)
CREATE TRIGGER IF NOT EXISTS findings_citation_removed AFTER DELETE ON mentions BEGIN
    INSERT OR IGNORE INTO findings_dirty VALUES ('d:' || coalesce(old.doc_id, ''));
END;
CREATE TRIGGER IF NOT EXISTS findings_document_added AFTER INSERT ON documents BEGIN
    INSERT OR IGNORE INTO findings_dirty VALUES ('d:' || new.id), ('n:' || coalesce(new.num_norm, ''));
END;
CREATE TRIGGER IF NOT EXISTS findings_document_changed AFTER UPDATE ON documents BEGIN
    INSERT OR IGNORE INTO findings_dirty VALUES ('d:' || old.id), ('d:' || new.id),
        ('n:' || coalesce(old.num_norm, '')), ('n:' || coalesce(new.num_norm, ''));
END;
CREATE TRIGGER IF NOT EXISTS findings_document_removed AFTER DELETE ON documents BEGIN
    INSERT OR IGNORE INTO findings_dirty VALUES ('d:' || old.id), ('n:' || coalesce(old.num_norm, ''));
END;
CREATE TRIGGER IF NOT EXISTS findings_resolved AFTER UPDATE OF doc_id, candidates ON mentions BEGIN
    INSERT OR IGNORE INTO findings_dirty VALUES ('n:' || coalesce(new.num_norm, '')),
        ('d:' || coalesce(old.doc_id, '')), ('d:' || coalesce(new.doc_id, ''));
END;

-- what the writes touched since the last settle, so that Store.settle decides again only what they can
-- have changed (luocdo.store.touched): a document (doc) whose citations, reports or row changed, the
-- number and issuer it had (a removed document's group and body), a body added (issuer only), a file whose
-- row changed (file: the documents it cites); num_norm
-- '*' everything. Filled by the triggers below (repeats allowed: cheaper); no schema version: created when
-- an older store is next opened for writing, with '*' (it did not record what its writes touched).
CREATE TABLE IF NOT EXISTS settle_touched (doc INTEGER, num_norm TEXT, issuer TEXT, file INTEGER);
CREATE TRIGGER IF NOT EXISTS settle_touched_cited AFTER INSERT ON mentions WHEN new.doc_id IS NOT NULL BEGIN
    INSERT INTO settle_touched VALUES (new.doc_id, NULL, NULL, NULL);
END;
CREATE TRIGGER IF NOT EXISTS settle_touched_uncited AFTER DELETE ON mentions WHEN old.doc_id IS NOT NULL BEGIN
    INSERT INTO settle_touched VALUES (old.doc_id, NULL, NULL, NULL);
END;
CREATE TRIGGER IF NOT EXISTS settle_touched_recited AFTER UPDATE OF doc_id, date, type, ident ON mentions BEGIN
    INSERT INTO settle_touched SELECT old.doc_id, NULL, NULL, NULL WHERE old.doc_id IS NOT NULL
        UNION ALL SELECT new.doc_id, NULL, NULL, NULL WHERE new.doc_id IS NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS settle_touched_report AFTER INSERT ON files WHEN new.report_doc IS NOT NULL BEGIN
    INSERT INTO settle_touched VALUES (new.report_doc, NULL, NULL, NULL);
END;
CREATE TRIGGER IF NOT EXISTS settle_touched_unreport AFTER DELETE ON files WHEN old.report_doc IS NOT NULL BEGIN
    INSERT INTO settle_touched VALUES (old.report_doc, NULL, NULL, NULL);
END;
-- a header changed: its province, date and title reach every document the file cites (file)
CREATE TRIGGER IF NOT EXISTS settle_touched_file AFTER UPDATE OF report_doc, header, path ON files BEGIN
    INSERT INTO settle_touched VALUES (old.report_doc, NULL, NULL, NULL), (new.report_doc, NULL, NULL, new.id);
END;
CREATE TRIGGER IF NOT EXISTS settle_touched_doc_added AFTER INSERT ON documents BEGIN
    INSERT INTO settle_touched VALUES (new.id, new.num_norm, new.issuer, NULL);
END;
CREATE TRIGGER IF NOT EXISTS settle_touched_doc_changed AFTER UPDATE ON documents BEGIN
    INSERT INTO settle_touched VALUES (old.id, old.num_norm, old.issuer, NULL), (new.id, new.num_norm, new.issuer, NULL);
END;
CREATE TRIGGER IF NOT EXISTS settle_touched_doc_removed AFTER DELETE ON documents BEGIN
    INSERT INTO settle_touched VALUES (old.id, old.num_norm, old.issuer, NULL);
END;
CREATE TRIGGER IF NOT EXISTS settle_touched_body AFTER INSERT ON bodies BEGIN
    INSERT INTO settle_touched VALUES (NULL, NULL, new.name, NULL);
END;
