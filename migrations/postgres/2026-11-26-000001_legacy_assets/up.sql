-- Legacy assets (API v1.x and v2_0): a power sensor on a generic asset, owned by a user.
-- The legacy asset's id is its sensor's id; its other fields live on the sensor and asset.
CREATE TABLE legacy_asset (
    sensor_id INTEGER PRIMARY KEY REFERENCES sensor (id) ON DELETE CASCADE,
    owner_id INTEGER REFERENCES fm_user (id) ON DELETE CASCADE,
    display_name VARCHAR(80) NOT NULL,
    CONSTRAINT legacy_asset_display_name_key UNIQUE (display_name)
);
CREATE INDEX legacy_asset_owner_id_idx ON legacy_asset (owner_id);

-- UDI-event job ids are entity addresses, longer than a UUID.
ALTER TABLE jobs ALTER COLUMN id TYPE VARCHAR(255);
