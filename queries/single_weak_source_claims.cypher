// title: Claims resting on a single low-reliability source
// description: Violations, and statements about people (positions, detentions, roles in cases,
//   responsibility), backed by exactly one source graded at a low reliability: what to corroborate first.
// tags: evidence
// param: grades list = D, E, F -- source reliability grades counted as low (A-F)
// param: limit integer = 500 -- how many claims
// A violation is found from its low-graded source (few) and kept when no other source backs it, instead of
// collecting the sources of every violation.
CALL () {
  MATCH (s:Source) WHERE s.reliability IN $grades
  MATCH (v:Violation)-[:EVIDENCED_BY]->(s)
  WITH DISTINCT v, s
  WHERE NOT EXISTS { (v)-[:EVIDENCED_BY]->(other:Source) WHERE other <> s }
  RETURN 'violation' AS claim, v.uid AS uid, v.name AS statement, s AS source
  UNION ALL
  MATCH (a:Person)-[r]->(b)
  WHERE size(coalesce(r.source_uids, [])) = 1
    AND ($sees_protected OR NOT (coalesce(a.protected, false) OR coalesce(b.protected, false)))
  MATCH (s:Source {uid: r.source_uids[0]})
  WHERE s.reliability IN $grades
  RETURN toLower(type(r)) AS claim, a.uid AS uid, a.name + ' ' + toLower(type(r)) + ' ' + b.name AS statement,
         s AS source
}
RETURN claim, uid, statement, source.uid AS source_uid,
       CASE WHEN source.confidential AND NOT $sees_confidential THEN $confidential_source ELSE source.name END AS source_title,
       source.kind AS source_kind, source.reliability AS reliability, source.credibility AS credibility
ORDER BY reliability DESC, claim, statement
LIMIT $limit
