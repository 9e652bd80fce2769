// title: Detention sites with the most torture reports
// description: Sites ranked by the torture and ill-treatment reported there, with the victims, the years
//   and who ran the site.
// tags: detention sites, violations
// param: kinds list = torture, forced_confession -- violation kinds counted
// param: limit integer = 20 -- how many sites
MATCH (v:Violation)-[:AT]->(s:DetentionSite)
WHERE v.kind IN $kinds
OPTIONAL MATCH (v)-[:AGAINST]->(victim:Person)
WITH s, count(DISTINCT v) AS reports, count(DISTINCT victim) AS victims, min(v.date) AS first, max(v.date) AS last
RETURN s.uid AS uid, s.name AS name, s.kind AS kind, s.region AS region, reports, victims, first, last,
       head([(s)-[:RUN_BY]->(org) | org.name]) AS run_by
ORDER BY reports DESC, name
LIMIT $limit
