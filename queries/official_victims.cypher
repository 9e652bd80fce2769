// title: Victims of an official
// description: The people an official is named responsible for violating, with each violation, the role
//   and the number of sources behind it.
// tags: officials, violations
// param: official string = Kurganov -- the official's uid or part of the name
// param: limit integer = 1000 -- how many rows (the earliest first)
// The officials are found first (one, or a few namesakes), then their violations: not every violation sorted.
CALL () {
  MATCH (o:Official) WHERE o.uid = $official OR toLower(o.name) CONTAINS toLower($official)
  RETURN o
}
MATCH (o)-[r:RESPONSIBLE_FOR]->(v:Violation)-[:AGAINST]->(victim:Person)
WHERE $sees_protected OR NOT coalesce(victim.protected, false)
RETURN o.uid AS official_uid, o.name AS official, victim.uid AS victim_uid, victim.name AS victim,
       v.uid AS violation_uid, v.kind AS kind, v.date AS date, r.role AS role,
       COUNT { (v)-[:EVIDENCED_BY]->() } AS sources
ORDER BY date, victim
LIMIT $limit
