// name: among
// The links of the given types between the given documents. params: $keys, $types (lists)
MATCH (a:Document)-[e]->(b:Document)
WHERE a.key IN $keys AND b.key IN $keys AND type(e) IN $types
RETURN DISTINCT a.key AS src, toLower(type(e)) AS relation, b.key AS dst
