// title: Chain of command above an official
// description: From an official's current post up the PART_OF hierarchy to the top, with who heads each
//   level today (heads, chairs, deputies) where the graph knows it.
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
       [(boss:Person)-[hp:HOLDS_POSITION]->(unit)
        WHERE hp.until IS NULL AND hp.title =~ '(?i)(head|chair|deputy|chief).*' | boss.name + ' (' + hp.title + ')'][..4]
         AS senior_posts
ORDER BY official, level
