// title: Judges who sentenced the most Crimean Tatars
// description: Judges ranked by the defendants of a given ethnicity in the cases they decided (a verdict
//   was handed down), with the courts and the most years of a sentence in those cases.
// tags: judges, cases
// param: ethnicity string = Crimean Tatar -- ethnicity of the defendants
// param: limit integer = 20 -- how many judges
MATCH (j:Official)-[:JUDGE_IN]->(c:Case)<-[:DEFENDANT_IN]-(d:Detainee)
WHERE c.verdict_on IS NOT NULL AND d.ethnicity = $ethnicity
OPTIONAL MATCH (c)-[:HEARD_BY]->(court:Organization)
WITH j, count(DISTINCT d) AS defendants, count(DISTINCT c) AS cases, collect(DISTINCT court.name) AS courts,
     max(c.sentence_years) AS longest_sentence_years
RETURN j.uid AS uid, j.name AS name, defendants, cases, longest_sentence_years, courts
ORDER BY defendants DESC, name
LIMIT $limit
