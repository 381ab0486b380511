// name: implementers
// Which documents implement the target documents, directly or through a chain of plans: the
// IMPLEMENTS / REPORTS_ON links on the ways from a document down to a target, at most 6 links long.
// params: $targets (list of document keys). The bound 6 is rewritten to the requested max_depth (a
// pattern's bound cannot be a parameter). luocdo then takes, as implementers.sql does, each
// document's shortest distance to a target and the next document on that way.
MATCH (t:Document) WHERE t.key IN $targets
MATCH p = (t)<-[:IMPLEMENTS|REPORTS_ON*1..6]-(:Document)
UNWIND relationships(p) AS r
RETURN DISTINCT startNode(r).key AS src, toLower(type(r)) AS relation, endNode(r).key AS dst
