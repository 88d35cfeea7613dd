-- access: none
-- Partnerships and their targets (issue 5). Created by dashboard/derived/targets.py during
-- `placeboard build` and by `placeboard targets load`. Documented in docs/targets.md.
CREATE TABLE IF NOT EXISTS partnerships (
    partnership_id   VARCHAR PRIMARY KEY,   -- e.g. oldham, liverpool-city-region
    name             VARCHAR NOT NULL,
    partnership_type VARCHAR NOT NULL,      -- local strategic partnership, combined authority
    area_code        VARCHAR,               -- the partnership's own GSS code, where it has one
    note             VARCHAR,
    illustrative     BOOLEAN NOT NULL DEFAULT FALSE,
    source_file      VARCHAR,
    sha256           VARCHAR,
    loaded_at        TIMESTAMP,
    access_level     VARCHAR NOT NULL DEFAULT 'public'  -- public | partners:<ids>: who sees its scorecard
);

CREATE TABLE IF NOT EXISTS partnership_members (
    partnership_id VARCHAR NOT NULL,
    area_code      VARCHAR NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, area_code)
);

CREATE TABLE IF NOT EXISTS targets (
    partnership_id           VARCHAR NOT NULL,
    indicator_id             VARCHAR NOT NULL,
    area_code                VARCHAR NOT NULL,
    theme                    VARCHAR,
    baseline_period_start    DATE NOT NULL,
    baseline_period_duration VARCHAR NOT NULL,
    baseline_period_label    VARCHAR NOT NULL,
    baseline_value           DOUBLE NOT NULL,
    baseline_source          VARCHAR NOT NULL,  -- stored (published value) or file
    target_period_start      DATE NOT NULL,
    target_period_duration   VARCHAR NOT NULL,
    target_period_label      VARCHAR NOT NULL,
    target_value             DOUBLE NOT NULL,
    direction                VARCHAR NOT NULL,  -- increase or decrease: which way improves
    owner                    VARCHAR,
    commentary               VARCHAR,
    action                   VARCHAR,
    due_date                 DATE,
    illustrative             BOOLEAN NOT NULL DEFAULT FALSE,
    source_file              VARCHAR,
    source_line              INTEGER,
    sha256                   VARCHAR,
    loaded_at                TIMESTAMP,
    PRIMARY KEY (partnership_id, indicator_id, area_code),
    CHECK (direction IN ('increase', 'decrease'))
);

CREATE TABLE IF NOT EXISTS target_milestones (
    partnership_id  VARCHAR NOT NULL,
    indicator_id    VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_duration VARCHAR NOT NULL,
    period_label    VARCHAR NOT NULL,
    value           DOUBLE NOT NULL,
    PRIMARY KEY (partnership_id, indicator_id, area_code, period_start)
);
