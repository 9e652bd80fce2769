// title: Cases with anonymous witnesses
// description: Cases in which the prosecution relied on secret (anonymous) witnesses, most first, with the
//   court and the number of defendants.
// tags: cases, trials
// param: min_witnesses integer = 1 -- least number of anonymous witnesses
// param: limit integer = 500 -- how many cases
MATCH (c:Case)
WHERE coalesce(c.anonymous_witnesses, 0) >= $min_witnesses
RETURN c.uid AS uid, c.name AS name, c.number AS number, c.anonymous_witnesses AS anonymous_witnesses,
       head([(c)-[:HEARD_BY]->(court) | court.name]) AS court,
       COUNT { (c)<-[:DEFENDANT_IN]-(:Detainee) } AS defendants, c.verdict_on AS verdict_on, c.sentence AS sentence
ORDER BY anonymous_witnesses DESC, defendants DESC, number
LIMIT $limit
