// title: Sources cited by the most claims
// description: Sources ranked by how many claims rest on them: as evidence of a node (EVIDENCED_BY) and in
//   the source_uids of statements about people.
// tags: evidence
// param: limit integer = 30 -- how many sources
CALL () {
  MATCH ()-[r]->() WHERE r.source_uids IS NOT NULL
  UNWIND r.source_uids AS uid
  RETURN uid, 'statement' AS via
  UNION ALL
  MATCH ()-[:EVIDENCED_BY]->(s:Source)
  RETURN s.uid AS uid, 'evidence' AS via
}
WITH uid, count(*) AS claims, count(CASE via WHEN 'evidence' THEN 1 END) AS as_evidence
ORDER BY claims DESC
LIMIT $limit
MATCH (s:Source {uid: uid})
RETURN s.uid AS uid,
       CASE WHEN s.confidential AND NOT $sees_confidential THEN $confidential_source ELSE s.name END AS name,
       s.kind AS kind, s.reliability AS reliability, s.credibility AS credibility, s.published_on AS published_on,
       claims, as_evidence, claims - as_evidence AS in_statements
ORDER BY claims DESC, name
