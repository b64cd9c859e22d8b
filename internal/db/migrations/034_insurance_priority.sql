-- Issue 16, item 2: a person has at most one primary and one secondary policy on a chart. The use case
-- checks it with a message; this index makes two saves at the same moment unable to both get through.
CREATE UNIQUE INDEX insurance_policies_priority ON insurance_policies (chart_id, person_id, priority);
