// title: Violations by kind, per year
// description: How many documented violations of each kind happened in each year, and how many of them
//   rest on more than one source.
// tags: violations, statistics
// param: kind enum(violation_kind) -- only this kind (empty: all)
MATCH (v:Violation)
WHERE v.date IS NOT NULL AND ($kind IS NULL OR v.kind = $kind)
WITH v.date.year AS year, v.kind AS kind, v, COUNT { (v)-[:EVIDENCED_BY]->() } AS sources
RETURN year, kind, count(v) AS violations, count(CASE WHEN sources > 1 THEN 1 END) AS corroborated
ORDER BY year, kind
