// name: chain_down
// Every document under the targets: what implements, reports on, is based on, guides, amends or
// replaces them, transitively, with its distance. params: $targets (list of document keys); the
// bound 6 is rewritten to the requested max_depth.
MATCH (t:Document) WHERE t.key IN $targets
MATCH p = (t)<-[:IMPLEMENTS|REPORTS_ON|BASED_ON|GUIDES|AMENDS|REPLACES*1..6]-(a:Document)
RETURN a.key AS doc, min(length(p)) AS depth
