// title: Officials with the most evidenced violations
// description: Officials ranked by the violations they are responsible for that rest on at least one
//   source, split by role (direct, command, complicit), with their current post.
// tags: officials, violations
// param: limit integer = 25 -- how many officials
// Fast at any size: no official has more evidenced violations than RESPONSIBLE_FOR links. The $limit officials
// with the most links are counted first; the least of their counts is a floor, and only the other officials with
// at least that many links can reach the list (each official counted once).
CALL () {
  MATCH (o:Official)
  WITH o, COUNT { (o)-[:RESPONSIBLE_FOR]->() } AS links ORDER BY links DESC LIMIT $limit
  RETURN collect(o) AS first
}
UNWIND first AS o
CALL (o) {
  MATCH (o)-[r:RESPONSIBLE_FOR]->(v:Violation)
  WHERE COUNT { (v)-[:EVIDENCED_BY]->() } > 0      // a degree: EVIDENCED_BY always ends at a Source
  RETURN count(DISTINCT v) AS violations,
         count(DISTINCT CASE r.role WHEN 'direct' THEN v END) AS direct,
         count(DISTINCT CASE r.role WHEN 'command' THEN v END) AS command,
         count(DISTINCT CASE r.role WHEN 'complicit' THEN v END) AS complicit,
         collect(DISTINCT v.kind) AS kinds
}
WITH collect({o: o, violations: violations, direct: direct, command: command, complicit: complicit, kinds: kinds})
     AS counted, min(violations) AS floor
CALL (counted, floor) {
  UNWIND counted AS c
  RETURN c.o AS o, c.violations AS violations, c.direct AS direct, c.command AS command, c.complicit AS complicit,
         c.kinds AS kinds
  UNION
  MATCH (o:Official) WHERE COUNT { (o)-[:RESPONSIBLE_FOR]->() } >= floor AND NOT o IN [c IN counted | c.o]
  CALL (o) {
    MATCH (o)-[r:RESPONSIBLE_FOR]->(v:Violation)
    WHERE COUNT { (v)-[:EVIDENCED_BY]->() } > 0
    RETURN count(DISTINCT v) AS violations,
           count(DISTINCT CASE r.role WHEN 'direct' THEN v END) AS direct,
           count(DISTINCT CASE r.role WHEN 'command' THEN v END) AS command,
           count(DISTINCT CASE r.role WHEN 'complicit' THEN v END) AS complicit,
           collect(DISTINCT v.kind) AS kinds
  }
  RETURN o, violations, direct, command, complicit, kinds
}
WITH o, violations, direct, command, complicit, kinds WHERE violations > 0
RETURN o.uid AS uid, o.name AS name, o.rank AS rank,
       head([(o)-[h:HOLDS_POSITION]->(org:Organization) WHERE h.until IS NULL | h.title + ', ' + org.name]) AS post,
       violations, direct, command, complicit, kinds
ORDER BY violations DESC, name
LIMIT $limit
