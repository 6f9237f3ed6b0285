-- Installed by scripts/services/up.sh into the database FerretDB 1.24 stores its data in.
--
-- FerretDB 1.24 on PostgreSQL pushes an equality filter down as containment,
--   _jsonb -> 'field' @> '"value"'
-- (so that it also matches arrays holding the value), and creates every MongoDB index as a
-- btree over `_jsonb -> 'field'`. A btree cannot answer `@>`, so without more, every find,
-- even by `_id`, is a sequential scan of the whole collection (checked with `explain`).
--
-- This event trigger adds, beside each btree index FerretDB creates on top-level fields, a GIN
-- index (jsonb_path_ops) over the same expressions. PostgreSQL then answers the pushed-down
-- equalities on those fields with a bitmap index scan. `fastupdate = off`: new entries go straight
-- into the index instead of a pending list that every lookup scans until the next vacuum.
-- FerretDB does not know these indexes:
-- they go when the table goes, and change nothing in what a query returns.
CREATE OR REPLACE FUNCTION followup_equality_index() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  command record;
  target record;
  columns text[];
  column_number int;
BEGIN
  FOR command IN
    SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' AND object_type = 'index'
  LOOP
    SELECT index_class.relname AS index_name, table_class.relname AS table_name, ns.nspname AS schema_name,
           ix.indexrelid, ix.indnkeyatts, am.amname
      INTO target
      FROM pg_index ix
      JOIN pg_class index_class ON index_class.oid = ix.indexrelid
      JOIN pg_class table_class ON table_class.oid = ix.indrelid
      JOIN pg_namespace ns ON ns.oid = table_class.relnamespace
      JOIN pg_am am ON am.oid = index_class.relam
     WHERE ix.indexrelid = command.objid;
    -- FerretDB's own indexes only: btree, named ..._idx (ours end in _gin, so this never recurses)
    CONTINUE WHEN target.amname <> 'btree' OR right(target.index_name, 4) <> '_idx';
    columns := ARRAY[]::text[];
    FOR column_number IN 1..target.indnkeyatts LOOP
      columns := columns || pg_get_indexdef(target.indexrelid, column_number, true);
    END LOOP;
    -- top-level fields only, as FerretDB pushes down no dotted paths by default
    CONTINUE WHEN EXISTS (SELECT 1 FROM unnest(columns) c WHERE c !~ '^\(_jsonb -> ''[^'']+''::text\)$');
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s) WITH (fastupdate = off)',
      left(target.index_name, 59) || '_gin', target.schema_name, target.table_name,
      (SELECT string_agg(c || ' jsonb_path_ops', ', ') FROM unnest(columns) c)
    );
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS followup_equality_index;
CREATE EVENT TRIGGER followup_equality_index ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION followup_equality_index();
