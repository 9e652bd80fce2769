// title: Officials with evidence but no sanction by a given authority
// description: Officials responsible for evidenced violations whom the given authority has not sanctioned,
//   with the authorities that already did: where to push next.
// tags: sanctions, officials
// param: authority enum(authority) = EU -- the sanctioning authority
// param: limit integer = 100 -- how many officials
MATCH (o:Official)-[:RESPONSIBLE_FOR]->(v:Violation)-[:AGAINST]->(victim:Person)
WHERE EXISTS { (v)-[:EVIDENCED_BY]->(:Source) }
  AND NOT EXISTS { (o)-[:SUBJECT_OF]->(:Sanction {authority: $authority}) }
WITH o, count(DISTINCT v) AS violations, count(DISTINCT victim) AS victims
RETURN o.uid AS uid, o.name AS name, o.rank AS rank, violations, victims,
       [(o)-[:SUBJECT_OF]->(s:Sanction) | s.authority] AS sanctioned_by
ORDER BY violations DESC, name
LIMIT $limit
