// title: Chain of command above an official
// description: From an official's current post up the PART_OF hierarchy to the top, with who heads each
//   level today where the graph knows it.
// tags: officials, organisations
// param: official string = Kurganov -- the official's uid or part of the name
MATCH (o:Official)-[h:HOLDS_POSITION]->(org:Organization)
WHERE (o.uid = $official OR toLower(o.name) CONTAINS toLower($official)) AND h.until IS NULL
MATCH chain = (org)-[:PART_OF*0..10]->(top:Organization)
WHERE NOT EXISTS { (top)-[:PART_OF]->() }
UNWIND range(0, length(chain)) AS level
WITH o, h, level, nodes(chain)[level] AS unit
RETURN o.uid AS official_uid, o.name AS official, h.title AS post, level, unit.uid AS uid, unit.name AS name,
       unit.kind AS kind,
       [(head:Person)-[hp:HOLDS_POSITION]->(unit) WHERE hp.until IS NULL AND hp.title STARTS WITH 'Chair'
        OR hp.until IS NULL AND hp.title STARTS WITH 'Head' | head.name][..3] AS heads
ORDER BY official, level
