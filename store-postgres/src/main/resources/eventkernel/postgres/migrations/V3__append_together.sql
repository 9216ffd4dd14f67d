-- Several appends in one transaction, each exactly as append_events would make it alone, one after the
-- other: a later one sees what an earlier one wrote (the same stream twice, the same event ids twice).
-- Each append passes or fails its own expected version; an append that fails it writes nothing and does
-- not stop the others. One row per append, in their order. The store's group commit sends the appends
-- that arrive while others are being written as one call: one round trip and one commit for them all.
-- The appends are given as one array per column over all their events, and how many events each has.
CREATE FUNCTION ${flyway:defaultSchema}.append_events_together(
    p_streams text[], p_expected bigint[], p_counts int[],
    p_ids uuid[], p_types text[], p_payloads text[], p_correlations text[], p_causations text[], p_whos text[])
RETURNS TABLE (o_current bigint, o_fresh bigint, o_version bigint, o_position bigint,
               o_stored_version bigint, o_stored_position bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  first int := 1;
  last int;
BEGIN
  FOR i IN 1 .. cardinality(p_streams) LOOP
    last := first + p_counts[i] - 1;
    RETURN QUERY SELECT * FROM ${flyway:defaultSchema}.append_events(p_streams[i], p_expected[i],
        p_ids[first:last], p_types[first:last], p_payloads[first:last],
        p_correlations[first:last], p_causations[first:last], p_whos[first:last]);
    first := last + 1;
  END LOOP;
END
$$;
