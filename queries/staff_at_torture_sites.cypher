// title: Who held a post at a detention site while a detainee was tortured there
// description: Every official whose post at a detention site (head or deputy head; with all_staff, anyone
//   serving in the organisation that runs it) covered the date of a reported torture at that site.
// tags: detention sites, officials, violations
// param: site string -- part of the site's name, or its uid (empty: every site)
// param: all_staff boolean = false -- include everyone serving in the organisation that runs the site
MATCH (v:Violation {kind: 'torture'})-[:AT]->(s:DetentionSite)
WHERE v.date IS NOT NULL AND ($site IS NULL OR s.uid = $site OR toLower(s.name) CONTAINS toLower($site))
WITH DISTINCT s, v
WITH s, v.date AS date ORDER BY date
WITH s, collect(date) AS reports
MATCH (s)-[:RUN_BY]->(org:Organization)
// Each post is counted against the site's reports without pairing every post with every report (tens of
// millions of pairs at a large site): the reports and the posts' first and last days go on one timeline in
// date order (a post's first day before that day's reports, its last day after them); at a post's day, its
// place on the timeline minus the posts' days before it is the number of reports before it.
CALL (s, org, reports) {
  CALL (s, org, reports) {
    UNWIND reports AS at
    RETURN at, 1 AS step, null AS h
    UNION ALL
    MATCH (o:Person)-[h:HOLDS_POSITION]->(org)
    WHERE h.since IS NOT NULL AND ($all_staff OR h.title ENDS WITH s.name)
      AND ($sees_protected OR NOT coalesce(o.protected, false))
    UNWIND [0, 2] AS step
    RETURN CASE step WHEN 0 THEN h.since ELSE coalesce(h.until, date('9999-12-31')) END AS at, step, h
  }
  WITH at, step, h ORDER BY at, step
  WITH collect(step) AS steps, collect([h]) AS posts
  UNWIND range(0, size(steps) - 1) AS i
  WITH steps, posts, i WHERE steps[i] <> 1
  WITH collect(i) AS places, collect(posts[i][0]) AS edges, collect(steps[i]) AS kinds
  UNWIND range(0, size(places) - 1) AS j
  WITH edges[j] AS h, kinds[j] AS step, places[j] - j AS before
  WITH h, sum(CASE step WHEN 0 THEN -before ELSE before END) AS torture_reports, min(before) AS first
  WHERE torture_reports > 0
  RETURN h, torture_reports, reports[first] AS first_report, reports[first + torture_reports - 1] AS last_report
}
WITH startNode(h) AS o, h, s, torture_reports, first_report, last_report
RETURN o.uid AS uid, o.name AS name, h.title AS post, h.since AS since, h.until AS until,
       s.uid AS site_uid, s.name AS site, torture_reports, first_report, last_report
ORDER BY torture_reports DESC, name
