// title: Prosecutor-judge pairs that recur across cases
// description: A prosecutor and a judge who worked the same cases together again and again: the pairs
//   behind the conveyor of political trials.
// tags: judges, prosecutors, cases
// param: min_cases integer = 2 -- least number of shared cases
// param: limit integer = 50 -- how many pairs
MATCH (p:Official)-[:PROSECUTOR_IN]->(c:Case)<-[:JUDGE_IN]-(j:Official)
WITH p, j, count(DISTINCT c) AS cases, collect(DISTINCT c.number) AS numbers,
     min(coalesce(c.verdict_on, c.opened_on)) AS first, max(coalesce(c.verdict_on, c.opened_on)) AS last
WHERE cases >= $min_cases
RETURN p.uid AS prosecutor_uid, p.name AS prosecutor, j.uid AS judge_uid, j.name AS judge, cases,
       first, last, numbers[..8] AS case_numbers
ORDER BY cases DESC, prosecutor, judge
LIMIT $limit
