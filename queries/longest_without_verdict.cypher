// title: Detainees held longest without a verdict
// description: People still held (or disappeared) with no verdict in any of their cases, or with no case at
//   all, longest first.
// tags: detainees
// param: limit integer = 50 -- how many people
MATCH (d:Detainee)
WHERE d.status IN ['detained', 'disappeared'] AND d.detained_on IS NOT NULL
  AND ($sees_protected OR NOT coalesce(d.protected, false))
OPTIONAL MATCH (d)-[:DEFENDANT_IN]->(c:Case)
WITH d, collect(c) AS cases
WHERE all(c IN cases WHERE c.verdict_on IS NULL)
RETURN d.uid AS uid, d.name AS name, d.region AS region, d.status AS status, d.detained_on AS detained_on,
       duration.inDays(d.detained_on, date()).days AS days_held,
       CASE WHEN size(cases) = 0 THEN 'no case' ELSE 'awaiting verdict' END AS situation,
       [c IN cases | c.number] AS case_numbers
ORDER BY days_held DESC, name
LIMIT $limit
