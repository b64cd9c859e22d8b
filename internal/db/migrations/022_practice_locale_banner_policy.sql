-- Issue 13: three practice settings. date_format is how pages, PDFs and emails write dates and times
-- (CL-11: us, dmy, iso or long; 'us' for the practices that exist, as Tend's first practices are US
-- ones); portal_banner is a short notice at the top of every portal user's home (PT-7); and
-- cancellation_policy is the text the built-in consent to treatment shows and asks the client to confirm.
ALTER TABLE practices ADD COLUMN date_format TEXT NOT NULL DEFAULT 'us';
ALTER TABLE practices ADD COLUMN portal_banner TEXT NOT NULL DEFAULT '';
ALTER TABLE practices ADD COLUMN cancellation_policy TEXT NOT NULL DEFAULT '';
