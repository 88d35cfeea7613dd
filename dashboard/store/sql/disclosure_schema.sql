-- access: none
-- Cells public outputs suppress: small counts ('primary') and the cells withheld so that
-- they cannot be worked out from totals ('complementary'). Rebuilt by
-- dashboard/derived/disclosure.py.
CREATE OR REPLACE TABLE public_suppressions (
    indicator_id    VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_duration VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,  -- 'primary' or 'complementary'
    PRIMARY KEY (indicator_id, area_code, period_start, period_duration),
    CHECK (reason IN ('primary', 'complementary'))
)
