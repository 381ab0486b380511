// luocdo's Neo4j schema, applied by `luocdo neo4j push` before anything is loaded (idempotent:
// IF NOT EXISTS). Statements are separated by ';'. Accepted by Neo4j 5.x, Aura and ArcadeDB's Bolt.
//
// (:Document {key, label, type, number, year, symbol, name, issuer, date, title, level, province,
//             status, nnum, nsym, lname})
// (:Body {key, name, level, province, district})
// (:Document)-[:ISSUED_BY]->(:Body)
// (:Document)-[:IMPLEMENTS|PROMULGATES|AMENDS|REPLACES|GUIDES|BASED_ON|REPORTS_ON|RESPONDS_TO|CITES
//             {evidence_keys, files, file_sha256, reports, lines, sentences, confidences}]->(:Document)
//   one relationship per (document, relation, document); its evidence as parallel lists, best first.
CREATE CONSTRAINT luocdo_document_key IF NOT EXISTS FOR (d:Document) REQUIRE d.key IS UNIQUE;
CREATE CONSTRAINT luocdo_body_key IF NOT EXISTS FOR (b:Body) REQUIRE b.key IS UNIQUE;
CREATE INDEX luocdo_document_nnum IF NOT EXISTS FOR (d:Document) ON (d.nnum);
CREATE INDEX luocdo_document_lname IF NOT EXISTS FOR (d:Document) ON (d.lname);
CREATE INDEX luocdo_document_issuer IF NOT EXISTS FOR (d:Document) ON (d.issuer);
CREATE INDEX luocdo_body_name IF NOT EXISTS FOR (b:Body) ON (b.name);
