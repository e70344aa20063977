-- FlexMeasures data model (v0.9.0 entities, shaped for the 1.0-era additions), PostgreSQL.
-- Timestamps are TIMESTAMPTZ; durations are BIGINT (unit in the column name); JSON is TEXT.

CREATE TABLE account (
    id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    consultancy_account_id INTEGER REFERENCES account (id) ON DELETE SET NULL,
    primary_color VARCHAR(7),
    secondary_color VARCHAR(7),
    logo_url VARCHAR(255),
    attributes TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT account_name_key UNIQUE (name)
);

CREATE TABLE account_role (
    id SERIAL PRIMARY KEY,
    name VARCHAR(80) NOT NULL,
    description VARCHAR(255),
    CONSTRAINT account_role_name_key UNIQUE (name)
);

CREATE TABLE roles_accounts (
    id SERIAL PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES account_role (id) ON DELETE CASCADE,
    CONSTRAINT roles_accounts_role_id_key UNIQUE (role_id, account_id)
);

CREATE TABLE role (
    id SERIAL PRIMARY KEY,
    name VARCHAR(80) NOT NULL,
    description VARCHAR(255),
    CONSTRAINT role_name_key UNIQUE (name)
);

CREATE TABLE fm_user (
    id SERIAL PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    username VARCHAR(255) NOT NULL,
    password VARCHAR(255),
    last_login_at TIMESTAMPTZ,
    login_count INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    timezone VARCHAR(255) NOT NULL DEFAULT 'Europe/Amsterdam',
    fs_uniquifier VARCHAR(64) NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account (id),
    last_seen_at TIMESTAMPTZ,
    CONSTRAINT fm_user_email_key UNIQUE (email),
    CONSTRAINT fm_user_username_key UNIQUE (username),
    CONSTRAINT fm_user_fs_uniquifier_key UNIQUE (fs_uniquifier)
);
CREATE INDEX fm_user_account_id_idx ON fm_user (account_id);

CREATE TABLE roles_users (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES fm_user (id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES role (id) ON DELETE CASCADE,
    CONSTRAINT roles_users_role_id_key UNIQUE (role_id, user_id)
);

CREATE TABLE generic_asset_type (
    id SERIAL PRIMARY KEY,
    name VARCHAR(80) NOT NULL,
    description VARCHAR(80),
    CONSTRAINT generic_asset_type_name_key UNIQUE (name)
);

CREATE TABLE generic_asset (
    id SERIAL PRIMARY KEY,
    name VARCHAR(80) NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    generic_asset_type_id INTEGER NOT NULL REFERENCES generic_asset_type (id),
    account_id INTEGER REFERENCES account (id) ON DELETE CASCADE,
    parent_asset_id INTEGER REFERENCES generic_asset (id) ON DELETE CASCADE,
    attributes TEXT NOT NULL DEFAULT '{}',
    flex_context TEXT NOT NULL DEFAULT '{}',
    flex_model TEXT NOT NULL DEFAULT '{}',
    sensors_to_show TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT generic_asset_self_reference_ck CHECK (parent_asset_id IS NULL OR parent_asset_id <> id)
);
CREATE UNIQUE INDEX generic_asset_name_parent_key ON generic_asset (name, parent_asset_id)
    WHERE parent_asset_id IS NOT NULL;
CREATE UNIQUE INDEX generic_asset_account_root_name_key ON generic_asset (account_id, name)
    WHERE parent_asset_id IS NULL AND account_id IS NOT NULL;
CREATE UNIQUE INDEX generic_asset_public_root_name_key ON generic_asset (name)
    WHERE parent_asset_id IS NULL AND account_id IS NULL;
CREATE INDEX generic_asset_account_id_idx ON generic_asset (account_id);

CREATE TABLE sensor (
    id SERIAL PRIMARY KEY,
    name VARCHAR(120) NOT NULL,
    unit VARCHAR(80) NOT NULL DEFAULT '',
    timezone VARCHAR(80) NOT NULL DEFAULT 'UTC',
    event_resolution_s BIGINT NOT NULL DEFAULT 0,
    knowledge_horizon_fnc VARCHAR(80) NOT NULL DEFAULT 'ex_post',
    knowledge_horizon_par TEXT NOT NULL DEFAULT '{"ex_post_horizon": "P0D"}',
    generic_asset_id INTEGER NOT NULL REFERENCES generic_asset (id) ON DELETE CASCADE,
    attributes TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT sensor_name_generic_asset_id_key UNIQUE (name, generic_asset_id)
);
CREATE INDEX sensor_generic_asset_id_idx ON sensor (generic_asset_id);

-- user_id has no foreign key on purpose: a deleted user's source keeps its id (lineage).
CREATE TABLE data_source (
    id SERIAL PRIMARY KEY,
    name VARCHAR(120) NOT NULL,
    type VARCHAR(80) NOT NULL DEFAULT '',
    user_id INTEGER,
    account_id INTEGER,
    model VARCHAR(80),
    version VARCHAR(17),
    attributes TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT data_source_user_id_key UNIQUE (user_id)
);
CREATE UNIQUE INDEX data_source_name_key
    ON data_source (name, type, COALESCE(user_id, -1), COALESCE(model, ''), COALESCE(version, ''));

CREATE TABLE timed_belief (
    sensor_id INTEGER NOT NULL REFERENCES sensor (id) ON DELETE CASCADE,
    event_start TIMESTAMPTZ NOT NULL,
    source_id INTEGER NOT NULL REFERENCES data_source (id),
    belief_horizon_ms BIGINT NOT NULL,
    cumulative_probability DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    event_value DOUBLE PRECISION NOT NULL,
    CONSTRAINT timed_belief_pkey PRIMARY KEY (sensor_id, event_start, source_id, belief_horizon_ms, cumulative_probability)
);
CREATE INDEX timed_belief_source_id_idx ON timed_belief (source_id);

CREATE TABLE annotation (
    id SERIAL PRIMARY KEY,
    start TIMESTAMPTZ NOT NULL,
    "end" TIMESTAMPTZ NOT NULL,
    belief_time TIMESTAMPTZ,
    source_id INTEGER NOT NULL REFERENCES data_source (id),
    type VARCHAR(20) NOT NULL,
    content VARCHAR(1024) NOT NULL,
    CONSTRAINT annotation_type_ck CHECK (type IN ('alert', 'holiday', 'label', 'feedback', 'warning', 'error')),
    CONSTRAINT annotation_content_key UNIQUE (content, start, belief_time, source_id, type)
);

CREATE TABLE annotations_accounts (
    id SERIAL PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    annotation_id INTEGER NOT NULL REFERENCES annotation (id) ON DELETE CASCADE,
    CONSTRAINT annotations_accounts_annotation_id_key UNIQUE (annotation_id, account_id)
);

CREATE TABLE annotations_assets (
    id SERIAL PRIMARY KEY,
    generic_asset_id INTEGER NOT NULL REFERENCES generic_asset (id) ON DELETE CASCADE,
    annotation_id INTEGER NOT NULL REFERENCES annotation (id) ON DELETE CASCADE,
    CONSTRAINT annotations_assets_annotation_id_key UNIQUE (annotation_id, generic_asset_id)
);

CREATE TABLE annotations_sensors (
    id SERIAL PRIMARY KEY,
    sensor_id INTEGER NOT NULL REFERENCES sensor (id) ON DELETE CASCADE,
    annotation_id INTEGER NOT NULL REFERENCES annotation (id) ON DELETE CASCADE,
    CONSTRAINT annotations_sensors_annotation_id_key UNIQUE (annotation_id, sensor_id)
);

CREATE TABLE latest_task_run (
    name VARCHAR(80) PRIMARY KEY,
    datetime TIMESTAMPTZ,
    status BOOLEAN NOT NULL DEFAULT TRUE
);

-- Acting and affected ids have no foreign keys on purpose: the log outlives what it describes.
CREATE TABLE audit_log (
    id SERIAL PRIMARY KEY,
    event_datetime TIMESTAMPTZ NOT NULL,
    event VARCHAR(500) NOT NULL,
    active_user_id INTEGER,
    active_user_name VARCHAR(255),
    affected_user_id INTEGER,
    affected_account_id INTEGER
);

CREATE TABLE asset_audit_log (
    id SERIAL PRIMARY KEY,
    event_datetime TIMESTAMPTZ NOT NULL,
    event VARCHAR(500) NOT NULL,
    active_user_id INTEGER,
    active_user_name VARCHAR(255),
    affected_asset_id INTEGER
);

CREATE TABLE jobs (
    id VARCHAR(36) PRIMARY KEY,
    queue VARCHAR(40) NOT NULL,
    func VARCHAR(80) NOT NULL,
    status VARCHAR(16) NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    result TEXT,
    error TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    sensor_id INTEGER,
    asset_id INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    timeout_s INTEGER NOT NULL DEFAULT 180,
    locked_by VARCHAR(120),
    locked_until TIMESTAMPTZ,
    run_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    CONSTRAINT jobs_status_ck CHECK (status IN ('QUEUED', 'STARTED', 'FINISHED', 'FAILED'))
);
CREATE INDEX jobs_claim_idx ON jobs (queue, status, run_at);
