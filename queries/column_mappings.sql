-- One row per remembered header of a source: the contract column it maps to
-- ('' = ignored). $signature: the source's table and headers (importer.signature).
select header, column_name
from column_mappings
where signature = $signature
order by header
