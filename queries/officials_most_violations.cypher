// title: Officials with the most evidenced violations
// description: Officials ranked by the violations they are responsible for that rest on at least one
//   source, split by role (direct, command, complicit), with their current post.
// tags: officials, violations
// param: limit integer = 25 -- how many officials
// Fast at any size: no official has more evidenced violations than RESPONSIBLE_FOR links, so the $limit
// officials with the most links give a floor, and only officials with at least that many links are counted.
CALL () {
  MATCH (o:Official)
  WITH o, COUNT { (o)-[:RESPONSIBLE_FOR]->() } AS links ORDER BY links DESC LIMIT $limit
  RETURN coalesce(min(COUNT { MATCH (o)-[:RESPONSIBLE_FOR]->(v:Violation)
                               WHERE COUNT { (v)-[:EVIDENCED_BY]->() } > 0 RETURN DISTINCT v }), 0) AS floor
}
MATCH (o:Official) WHERE COUNT { (o)-[:RESPONSIBLE_FOR]->() } >= floor
MATCH (o)-[r:RESPONSIBLE_FOR]->(v:Violation)
WHERE COUNT { (v)-[:EVIDENCED_BY]->() } > 0      // a degree: EVIDENCED_BY always ends at a Source
WITH o, count(DISTINCT v) AS violations,
     count(DISTINCT CASE r.role WHEN 'direct' THEN v END) AS direct,
     count(DISTINCT CASE r.role WHEN 'command' THEN v END) AS command,
     count(DISTINCT CASE r.role WHEN 'complicit' THEN v END) AS complicit,
     collect(DISTINCT v.kind) AS kinds
RETURN o.uid AS uid, o.name AS name, o.rank AS rank,
       head([(o)-[h:HOLDS_POSITION]->(org:Organization) WHERE h.until IS NULL | h.title + ', ' + org.name]) AS post,
       violations, direct, command, complicit, kinds
ORDER BY violations DESC, name
LIMIT $limit
