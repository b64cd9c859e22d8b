-- Issue 14, item 1: the chart's Overview (CL-10).
--
-- The Overview reads what waits on a chart (sent and not finished, finished and not reviewed) and the
-- latest scores of each assessment. A chart with years of questionnaires has thousands of documents,
-- nearly all reviewed: these two partial indexes hold only the rows each read needs, in the order it
-- reads them, so neither walks the chart's whole history.
CREATE INDEX document_requests_waiting ON document_requests (chart_id, state) WHERE reviewed_at IS NULL;
CREATE INDEX document_requests_scores ON document_requests (chart_id, template_id, member_person_id, completed_at) WHERE score IS NOT NULL;
