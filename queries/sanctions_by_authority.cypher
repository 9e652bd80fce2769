// title: Sanctions by authority and year
// description: How many officials each authority designated each year, under which programmes.
// tags: sanctions, statistics
MATCH (o:Person)-[:SUBJECT_OF]->(s:Sanction)
RETURN s.authority AS authority, s.listed_on.year AS year, count(DISTINCT o) AS officials,
       collect(DISTINCT s.programme) AS programmes
ORDER BY authority, year
