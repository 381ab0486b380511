// name: find_by_name
// Documents cited by name only whose name, ASCII letters lowered, is $lname.
MATCH (d:Document {lname: $lname}) WHERE d.number IS NULL RETURN d.key AS key
