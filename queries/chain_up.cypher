// name: chain_up
// What the targets rest on, up to the central documents: what they implement, report on, are based
// on, guide, amend or replace, transitively, with its distance. params: $targets (list of document
// keys); the bound 6 is rewritten to the requested max_depth.
MATCH (t:Document) WHERE t.key IN $targets
MATCH p = (t)-[:IMPLEMENTS|REPORTS_ON|BASED_ON|GUIDES|AMENDS|REPLACES*1..6]->(a:Document)
RETURN a.key AS doc, min(length(p)) AS depth
