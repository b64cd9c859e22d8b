-- Issue 15, item 2: a treatment plan's version is never changed once written; the database refuses it.
CREATE FUNCTION treatment_plan_versions_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'treatment plan versions cannot be changed';
END;
$$;
CREATE TRIGGER treatment_plan_versions_fixed BEFORE UPDATE ON treatment_plan_versions
    FOR EACH ROW EXECUTE FUNCTION treatment_plan_versions_fixed();
