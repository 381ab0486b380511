-- name: reports_per_body
-- How many reports each body wrote, with its level and province. params: none
SELECT d.issuer AS body, b.level, b.province, count(*) AS reports
FROM files AS f JOIN documents AS d ON d.id = f.report_doc LEFT JOIN bodies AS b ON b.name = d.issuer
GROUP BY d.issuer ORDER BY reports DESC, body;
