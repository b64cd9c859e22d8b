-- When wrong passwords pause sign-in for an email, its account holder is told by email, at most once a
-- day per email and realm: this row is when the last notice went out.
CREATE TABLE lockout_notices (
    realm TEXT NOT NULL,
    email_norm TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (realm, email_norm)
);
