// name: find_by_number
// Documents whose normalized number (no spaces, no leading zeros) is $nnum.
MATCH (d:Document {nnum: $nnum}) RETURN d.key AS key
