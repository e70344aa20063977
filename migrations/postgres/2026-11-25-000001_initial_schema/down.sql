DROP TABLE jobs, asset_audit_log, audit_log, latest_task_run, annotations_sensors, annotations_assets,
    annotations_accounts, annotation, timed_belief, data_source, sensor, generic_asset, generic_asset_type,
    roles_users, fm_user, role, roles_accounts, account_role, account;
