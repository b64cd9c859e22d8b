-- Failed sign-ins to emails without an account are counted per hour and realm instead of each adding a
-- chained audit event: a flood of made-up emails would otherwise grow the installation's chain forever.
-- Failures on real accounts stay in the audit log, on the account's practice chain.
CREATE TABLE failed_sign_ins (
    window_start BIGINT NOT NULL,
    realm TEXT NOT NULL,
    reason TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    PRIMARY KEY (window_start, realm, reason)
);
