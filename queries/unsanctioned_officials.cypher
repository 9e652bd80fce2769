// title: Unsanctioned officials with at least N evidenced violations
// description: Officials sanctioned by no authority at all yet responsible for at least min_violations
//   evidenced violations: the first candidates for a dossier.
// tags: sanctions, officials
// param: min_violations integer = 3 -- least number of evidenced violations
// param: limit integer = 200 -- how many officials
// Fast at any size: no official has more evidenced violations than RESPONSIBLE_FOR links, so the $limit
// unsanctioned officials with the most links give a floor, and only officials with at least that many links (and
// at least min_violations) are counted. SUBJECT_OF always ends at a Sanction and EVIDENCED_BY at a Source: their
// degrees answer without reading the other end.
CALL () {
  MATCH (o:Official) WHERE COUNT { (o)-[:SUBJECT_OF]->() } = 0
  WITH o, COUNT { (o)-[:RESPONSIBLE_FOR]->() } AS links ORDER BY links DESC LIMIT $limit
  RETURN coalesce(min(COUNT { MATCH (o)-[:RESPONSIBLE_FOR]->(v:Violation)
                               WHERE COUNT { (v)-[:EVIDENCED_BY]->() } > 0 RETURN DISTINCT v }), 0) AS floor
}
MATCH (o:Official)
WHERE COUNT { (o)-[:SUBJECT_OF]->() } = 0
  AND COUNT { (o)-[:RESPONSIBLE_FOR]->() } >= CASE WHEN floor > $min_violations THEN floor ELSE $min_violations END
MATCH (o)-[:RESPONSIBLE_FOR]->(v:Violation)
WHERE COUNT { (v)-[:EVIDENCED_BY]->() } > 0
WITH o, count(DISTINCT v) AS violations, collect(DISTINCT v.kind) AS kinds
WHERE violations >= $min_violations
RETURN o.uid AS uid, o.name AS name, o.rank AS rank,
       head([(o)-[h:HOLDS_POSITION]->(org:Organization) WHERE h.until IS NULL | org.name]) AS organisation,
       violations, kinds,
       COUNT { (o)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(:Case) } AS cases
ORDER BY violations DESC, name
LIMIT $limit
