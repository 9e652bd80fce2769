// title: Who held a post at a detention site while a detainee was tortured there
// description: Every official whose post at a detention site (head or deputy head; with all_staff, anyone
//   serving in the organisation that runs it) covered the date of a reported torture at that site.
// tags: detention sites, officials, violations
// param: site string -- part of the site's name, or its uid (empty: every site)
// param: all_staff boolean = false -- include everyone serving in the organisation that runs the site
MATCH (v:Violation {kind: 'torture'})-[:AT]->(s:DetentionSite)-[:RUN_BY]->(org:Organization)
WHERE $site IS NULL OR s.uid = $site OR toLower(s.name) CONTAINS toLower($site)
MATCH (o:Person)-[h:HOLDS_POSITION]->(org)
WHERE h.since <= v.date AND (h.until IS NULL OR h.until >= v.date)
  AND ($all_staff OR h.title ENDS WITH s.name)
WITH o, h, s, count(DISTINCT v) AS torture_reports, min(v.date) AS first_report, max(v.date) AS last_report
RETURN o.uid AS uid, o.name AS name, h.title AS post, h.since AS since, h.until AS until,
       s.uid AS site_uid, s.name AS site, torture_reports, first_report, last_report
ORDER BY torture_reports DESC, name
