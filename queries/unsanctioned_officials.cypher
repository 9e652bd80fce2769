// title: Unsanctioned officials with at least N evidenced violations
// description: Officials sanctioned by no authority at all yet responsible for at least min_violations
//   evidenced violations: the first candidates for a dossier.
// tags: sanctions, officials
// param: min_violations integer = 3 -- least number of evidenced violations
// param: limit integer = 200 -- how many officials
MATCH (o:Official)
WHERE NOT EXISTS { (o)-[:SUBJECT_OF]->(:Sanction) }
MATCH (o)-[:RESPONSIBLE_FOR]->(v:Violation)
WHERE EXISTS { (v)-[:EVIDENCED_BY]->(:Source) }
WITH o, count(DISTINCT v) AS violations, collect(DISTINCT v.kind) AS kinds
WHERE violations >= $min_violations
RETURN o.uid AS uid, o.name AS name, o.rank AS rank,
       head([(o)-[h:HOLDS_POSITION]->(org:Organization) WHERE h.until IS NULL | org.name]) AS organisation,
       violations, kinds,
       COUNT { (o)-[:JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(:Case) } AS cases
ORDER BY violations DESC, name
LIMIT $limit
