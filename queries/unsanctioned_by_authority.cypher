// title: Officials with evidence but no sanction by a given authority
// description: Officials responsible for evidenced violations whom the given authority has not sanctioned,
//   with the authorities that already did: where to push next.
// tags: sanctions, officials
// param: authority enum(authority) = EU -- the sanctioning authority
// param: limit integer = 100 -- how many officials
// Fast at any size: no official has more evidenced violations than RESPONSIBLE_FOR links. The limit
// officials with the most links are counted first; the least of their counts is a floor, and only the other
// officials with at least that many links can reach the list.
CALL () {
  MATCH (o:Official)
  WHERE NOT EXISTS { (o)-[:SUBJECT_OF]->(:Sanction {authority: $authority}) }
  WITH o, COUNT { (o)-[:RESPONSIBLE_FOR]->() } AS links ORDER BY links DESC LIMIT $limit
  RETURN collect(o) AS first
}
UNWIND first AS o
CALL (o) {
  MATCH (o)-[:RESPONSIBLE_FOR]->(v:Violation)-[:AGAINST]->(victim:Person)
  WHERE COUNT { (v)-[:EVIDENCED_BY]->() } > 0
  RETURN count(DISTINCT v) AS violations, count(DISTINCT victim) AS victims
}
WITH collect({o: o, violations: violations, victims: victims}) AS counted, min(violations) AS floor
CALL (counted, floor) {
  UNWIND counted AS c
  RETURN c.o AS o, c.violations AS violations, c.victims AS victims
  UNION
  MATCH (o:Official) WHERE COUNT { (o)-[:RESPONSIBLE_FOR]->() } >= floor
  WITH o WHERE NOT o IN [c IN counted | c.o]
    AND NOT EXISTS { (o)-[:SUBJECT_OF]->(:Sanction {authority: $authority}) }
  CALL (o) {
    MATCH (o)-[:RESPONSIBLE_FOR]->(v:Violation)-[:AGAINST]->(victim:Person)
    WHERE COUNT { (v)-[:EVIDENCED_BY]->() } > 0
    RETURN count(DISTINCT v) AS violations, count(DISTINCT victim) AS victims
  }
  RETURN o, violations, victims
}
WITH o, violations, victims WHERE violations > 0
RETURN o.uid AS uid, o.name AS name, o.rank AS rank, violations, victims,
       [(o)-[:SUBJECT_OF]->(s:Sanction) | s.authority] AS sanctioned_by
ORDER BY violations DESC, name
LIMIT $limit
