DROP TABLE legacy_asset;
