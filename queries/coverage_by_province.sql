-- name: coverage_by_province
-- Reports and reporting bodies per province. params: none
SELECT COALESCE(b.province, '?') AS province, count(DISTINCT f.id) AS reports, count(DISTINCT d.issuer) AS bodies
FROM files AS f JOIN documents AS d ON d.id = f.report_doc LEFT JOIN bodies AS b ON b.name = d.issuer
GROUP BY COALESCE(b.province, '?') ORDER BY reports DESC;
