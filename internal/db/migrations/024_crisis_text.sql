-- Issue 13, item 11.
--
-- The words a client sees right after a questionnaire whose answers need a clinician now (a PHQ-9 with
-- item 9 above "Not at all"): the practice's own, at most 2,000 characters. Empty is Tend's default for the
-- practice's time zone (model.DefaultCrisisText), so it follows a change of time zone until the practice
-- writes its own.
ALTER TABLE practices ADD COLUMN crisis_text TEXT NOT NULL DEFAULT '';
