// name: document
// Documents' identities. params: $keys (list of document keys)
MATCH (d:Document) WHERE d.key IN $keys
RETURN d.key AS key, properties(d) AS props
