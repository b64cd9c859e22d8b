-- Issue 15, item 2: a treatment plan's version is never changed once written; the database refuses it.
CREATE TRIGGER treatment_plan_versions_fixed BEFORE UPDATE ON treatment_plan_versions BEGIN
    SELECT RAISE(ABORT, 'treatment plan versions cannot be changed');
END;
