// title: Courts with the most political cases
// description: Courts ranked by the politically motivated cases they heard, with defendants, verdicts and
//   the average sentence handed down.
// tags: courts, cases
// param: limit integer = 20 -- how many courts
MATCH (c:Case)-[:HEARD_BY]->(court:Organization)
WITH court, count(c) AS cases, count(c.verdict_on) AS verdicts, avg(c.sentence_years) AS avg_sentence,
     sum(COUNT { (c)<-[:DEFENDANT_IN]-() }) AS defendants
RETURN court.uid AS uid, court.name AS name, court.location AS location, cases, defendants, verdicts,
       round(avg_sentence, 1) AS average_sentence_years
ORDER BY cases DESC, name
LIMIT $limit
