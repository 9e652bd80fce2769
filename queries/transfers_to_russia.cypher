// title: Transfers to Russia
// description: People from occupied Ukraine moved to detention sites in Russia (Geneva Convention IV,
//   art. 49 and 76), with the site, the date and who is named responsible.
// tags: detainees, violations
// param: limit integer = 200 -- how many transfers
MATCH (d:Person)-[h:HELD_AT]->(s:DetentionSite {region: 'russia'})
WHERE d.region <> 'russia' AND ($sees_protected OR NOT coalesce(d.protected, false))
WITH d, s, h ORDER BY h.since DESC, d.name LIMIT $limit     // the latest transfers first, then who did it
OPTIONAL MATCH (v:Violation {kind: 'transfer_to_russia'})-[:AGAINST]->(d)
OPTIONAL MATCH (o:Official)-[:RESPONSIBLE_FOR]->(v)
WITH d, s, h, v, collect(DISTINCT o.name) AS responsible
RETURN d.uid AS uid, d.name AS name, d.region AS from_region, s.uid AS site_uid, s.name AS site,
       h.since AS since, h.until AS until, v.uid AS violation_uid, responsible
ORDER BY since DESC, name
LIMIT $limit
