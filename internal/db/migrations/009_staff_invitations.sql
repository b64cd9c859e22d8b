-- Staff invitations by email (issue 5, item 3) use the password link: "reset" (an hour) or "invite"
-- (seven days, for a new staff member to choose their first password).
ALTER TABLE password_resets ADD COLUMN purpose TEXT NOT NULL DEFAULT 'reset';
