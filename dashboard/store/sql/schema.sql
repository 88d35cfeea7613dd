-- access: none
-- Placeboard store schema. Documented in docs/store.md.
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS areas (
    area_code     VARCHAR PRIMARY KEY,   -- ONS GSS code (or ITL TL... code)
    area_name     VARCHAR NOT NULL,
    area_type     VARCHAR NOT NULL,      -- lsoa, ward, lad, county, combined_authority, region, nation, country, itl1..3, police_force_area
    geography     VARCHAR,               -- ONS geography label as published, where known
    is_lower_tier BOOLEAN NOT NULL DEFAULT FALSE,
    is_upper_tier BOOLEAN NOT NULL DEFAULT FALSE,
    valid_from    INTEGER,               -- first year the code is in use, where known
    valid_to      INTEGER,               -- last year the code is in use (NULL = current)
    replaced_by   VARCHAR,               -- space-separated successor codes, where known
    note          VARCHAR
);

CREATE TABLE IF NOT EXISTS area_links (
    child_code  VARCHAR NOT NULL,
    parent_code VARCHAR NOT NULL,
    parent_type VARCHAR NOT NULL,        -- ward, lad, county, combined_authority, region, nation
    source      VARCHAR NOT NULL,
    PRIMARY KEY (child_code, parent_type)
);

CREATE TABLE IF NOT EXISTS lsoa_attributes (
    lsoa_code   VARCHAR PRIMARY KEY,
    ruc_code    VARCHAR,
    ruc_name    VARCHAR,
    urban_rural VARCHAR
);

-- Population denominators: Census 2021 by LSOA, ONS mid-2021 estimates by LA and above.
CREATE TABLE IF NOT EXISTS populations (
    area_code   VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,        -- census2021 (LSOA) or mye2021 (LA, county, CA, region)
    year        INTEGER NOT NULL,        -- reference year (2021)
    all_ages    BIGINT,
    aged_16_64  BIGINT,
    PRIMARY KEY (area_code, source)
);

CREATE TABLE IF NOT EXISTS datasets (
    dataset_id   VARCHAR PRIMARY KEY,
    title        VARCHAR NOT NULL,
    publisher    VARCHAR,
    licence      VARCHAR,
    attribution  VARCHAR,
    source_url   VARCHAR,
    source_date  VARCHAR,
    file         VARCHAR,
    access_level VARCHAR NOT NULL DEFAULT 'public'  -- public | partners:<ids> | restricted:<roles>
);

CREATE TABLE IF NOT EXISTS indicators (
    indicator_id  VARCHAR PRIMARY KEY,
    dataset_id    VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    definition    VARCHAR,
    long_description VARCHAR,
    unit          VARCHAR,
    measure       VARCHAR,
    prefix        VARCHAR,
    suffix        VARCHAR,
    decimals      INTEGER,
    polarity      VARCHAR NOT NULL DEFAULT 'no_judgement',
    theme         VARCHAR,
    value_type    VARCHAR,               -- percentage, rate, ratio, currency, count, score, rank, decile, years
    source_org    VARCHAR,
    source_url    VARCHAR,
    source_date   VARCHAR,
    licence       VARCHAR,
    attribution   VARCHAR,
    caveats       VARCHAR,
    experimental  BOOLEAN DEFAULT FALSE,
    access_level  VARCHAR NOT NULL DEFAULT 'public',  -- public | partners:<ids> | restricted:<roles>
    min_count     INTEGER NOT NULL DEFAULT 5,  -- disclosure: public outputs suppress counts below this
    rounding_base INTEGER,                     -- disclosure: public counts rounded to this base
    suppression_words VARCHAR,                 -- what a suppressed value reads; default 'fewer than <min_count>'
    CHECK (polarity IN ('higher_is_better', 'lower_is_better', 'no_judgement'))
);

CREATE TABLE IF NOT EXISTS observations (
    indicator_id    VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_duration VARCHAR NOT NULL,    -- ISO-8601 duration, '' for a date-only (point in time) period
    period_label    VARCHAR NOT NULL,    -- as published, e.g. '2023/24', '2020-2022'
    value           DOUBLE,
    lci             DOUBLE,
    uci             DOUBLE,
    numerator       DOUBLE,
    denominator     DOUBLE,
    status          VARCHAR,             -- x not available, u low reliability, c confidential; NULL normal
    note            VARCHAR,
    load_id         INTEGER NOT NULL
);

-- The rows a load replaced with different contents (value, interval, counts, status,
-- note or period label): the whole superseded row with the load that wrote it, and the
-- load that replaced it and when. With observations, any past state of a series
-- (series_as_of.sql). A store built from scratch has none.
CREATE TABLE IF NOT EXISTS observation_revisions (
    indicator_id    VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_duration VARCHAR NOT NULL,
    period_label    VARCHAR NOT NULL,
    value           DOUBLE,
    lci             DOUBLE,
    uci             DOUBLE,
    numerator       DOUBLE,
    denominator     DOUBLE,
    status          VARCHAR,
    note            VARCHAR,
    load_id         INTEGER NOT NULL,    -- the load that wrote the superseded row
    superseded_by_load INTEGER NOT NULL, -- the load that replaced it
    superseded_at   TIMESTAMP NOT NULL   -- that load's loaded_at
);

-- Every published row of a file with breakdowns (a Fingertips export): values by sex,
-- age and category (deprivation decile...). Each indicator's headline rows are also in
-- observations. Written with observations, replaced by this key.
CREATE TABLE IF NOT EXISTS breakdowns (
    indicator_id    VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,    -- as published, superseded codes included
    period_start    DATE NOT NULL,
    period_duration VARCHAR NOT NULL,
    period_label    VARCHAR NOT NULL,
    sex             VARCHAR NOT NULL,    -- as published: 'Persons', 'Male', 'Not applicable'
    age             VARCHAR NOT NULL,    -- as published: 'All ages', '0-9 yrs', '16+ yrs'
    category_type   VARCHAR NOT NULL,    -- '' for none; 'County & UA deprivation deciles ...'
    category        VARCHAR NOT NULL,    -- '' for none; 'Most deprived decile (IMD2015)'
    category_order  INTEGER,             -- place within its type: deciles most deprived first
    value           DOUBLE,              -- blank (NULL) is not available, never 0
    lci             DOUBLE,              -- 95% confidence interval
    uci             DOUBLE,
    lci99           DOUBLE,              -- 99.8% confidence interval
    uci99           DOUBLE,
    numerator       DOUBLE,              -- the published count (not always whole)
    denominator     DOUBLE,
    note            VARCHAR,             -- the published value note
    load_id         INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS boundaries (
    area_code VARCHAR NOT NULL,
    level     VARCHAR NOT NULL,          -- lad, ctyua, region, lsoa
    vintage   INTEGER NOT NULL,
    geometry  BLOB NOT NULL,             -- WKB, EPSG:4326
    PRIMARY KEY (area_code, level, vintage)
);

CREATE TABLE IF NOT EXISTS loads (
    load_id        INTEGER PRIMARY KEY,
    file           VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    format         VARCHAR NOT NULL,
    loaded_at      TIMESTAMP NOT NULL,
    rows_read      INTEGER,
    rows_added     INTEGER,
    rows_replaced  INTEGER,
    rows_unchanged INTEGER,
    errors         INTEGER,
    warnings       INTEGER,
    report         JSON,
    dataset_id     VARCHAR               -- the dataset the file wrote, where it wrote one
);

CREATE TABLE IF NOT EXISTS quality_findings (
    load_id   INTEGER NOT NULL,
    severity  VARCHAR NOT NULL,          -- error, warning
    rule      VARCHAR NOT NULL,
    file      VARCHAR,
    line      INTEGER,
    column_name VARCHAR,
    value     VARCHAR,
    message   VARCHAR NOT NULL
);

-- Judgements (area_values, judgements, trends, distributions, neighbours) are built by
-- dashboard/derived/judgements.py at build time and after every load; see docs/store.md.

-- Derived after every write (see area_geography.sql and indicator_coverage.sql).
CREATE TABLE IF NOT EXISTS area_geography (
    area_code VARCHAR, area_name VARCHAR, area_type VARCHAR, ward_code VARCHAR,
    ward_name VARCHAR, lad_code VARCHAR, lad_name VARCHAR, upper_tier_code VARCHAR,
    region_code VARCHAR, ca_code VARCHAR, nation_code VARCHAR, ruc_code VARCHAR,
    ruc_name VARCHAR, urban_rural VARCHAR
);
CREATE TABLE IF NOT EXISTS indicator_coverage (
    indicator_id VARCHAR, first_period_start DATE, last_period_start DATE,
    first_period VARCHAR, last_period VARCHAR, n_periods BIGINT, n_areas BIGINT,
    n_rows BIGINT, n_missing BIGINT, n_with_ci BIGINT, area_types VARCHAR, load_id INTEGER
);
