-- Issue 15: the review reminder sweep asks, practice by practice, for its active plans whose review date
-- has come (store.PlansDueForReviewNotice). On (state, review_date) that read walked every active plan
-- past its date in the whole installation and kept the practice's, once per practice: a sweep grew with
-- practices × plans (300 practices of 100 plans: 0.6 s on SQLite, 2.5 s on PostgreSQL). Led by the
-- practice, each read covers its own plans only (0.04–0.06 s for the same sweep). Nothing reads plans by
-- state and date across practices, so the old index goes.
CREATE INDEX treatment_plans_practice_review ON treatment_plans (practice_id, state, review_date);
DROP INDEX treatment_plans_review;
