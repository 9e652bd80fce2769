// title: Everyone in a case, as a network
// description: The people, court and violations around cases whose name or number matches: returns nodes
//   and relationships, so the console draws them as a network.
// tags: cases, network
// param: case string = Hizb -- part of the case's name or number, or its uid
// param: limit integer = 3 -- how many cases
MATCH (c:Case)
WHERE c.uid = $case OR toLower(c.name) CONTAINS toLower($case) OR c.number = $case
WITH c ORDER BY c.opened_on LIMIT $limit
MATCH (p:Person)-[r:DEFENDANT_IN|JUDGE_IN|PROSECUTOR_IN|INVESTIGATOR_IN]->(c)
WHERE $sees_protected OR NOT coalesce(p.protected, false)
OPTIONAL MATCH (c)-[h:HEARD_BY]->(court:Organization)
RETURN p, r, c, h, court
