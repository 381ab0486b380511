// name: body
// A body's level, province and district. params: $key
MATCH (b:Body {key: $key}) RETURN b.level AS level, b.province AS province, b.district AS district
