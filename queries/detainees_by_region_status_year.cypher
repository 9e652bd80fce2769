// title: Detainees by region and status, by year of detention
// description: How many people were detained each year in each region, and where they stand today.
// tags: detainees, statistics
// param: region enum(region) -- only this region (empty: all)
MATCH (d:Detainee)
WHERE d.detained_on IS NOT NULL AND ($region IS NULL OR d.region = $region)
RETURN d.detained_on.year AS year, d.region AS region, d.status AS status, count(*) AS detainees
ORDER BY year, region, status
