//! KMS, CloudTrail and RDS collectors against the moto server: normalised attributes, and
//! exact drift against a Terraform v4 state (as terraform-provider-aws v5 writes it) after
//! out-of-band changes.
//!
//! Moto limitations met here (worked around in the tests, not in the collectors):
//! - every RDS instance gets the same DbiResourceId (`db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U`), so a
//!   test never has two instances it tells apart by id, and a "shadow" instance would match a
//!   declared one: unmanaged instances are checked against a state without instances;
//! - moto reports AWS-managed keys (created on first use of `alias/aws/*`) with
//!   `KeyManager = CUSTOMER`; they are still recognised through their `alias/aws/*` alias, and
//!   the `key_manager = AWS` rule is checked by setting the attribute on a scanned key;
//! - moto's CreateKey stores no KeyUsage unless given one (AWS defaults it), so keys are
//!   created with it, as the provider does;
//! - moto returns no NetworkType, HostedZoneId or RotationPeriodInDays, never reports
//!   `HasCustomEventSelectors`, and does not paginate ListKeys/ListAliases (event selectors
//!   are covered by unit tests in `cloudtrail.rs`).

mod common;

use common::{declared, failures, find, state_instance as instance};

use aws_sdk_cloudtrail::types::Tag as TrailTag;
use aws_sdk_kms::types::{KeyUsageType, Tag as KmsTag};
use aws_sdk_rds::types::Tag as RdsTag;
use common::Moto;
use driftguard_drift::{diff, DiffOptions, DriftReport};
use driftguard_model::{Resource, Value};
use serde_json::{json, Value as Json};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";
/// What moto gives every DB instance (see the module doc).
const DB_RESOURCE_ID: &str = "db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U";
const MY_TYPES: &[&str] = &[
    "aws_cloudtrail",
    "aws_db_instance",
    "aws_db_subnet_group",
    "aws_kms_alias",
    "aws_kms_key",
];

/// Sent to KMS pretty-printed, with one-element arrays…
const APP_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Id": "app",
  "Statement": [
    {
      "Sid": "Root",
      "Effect": "Allow",
      "Principal": { "AWS": ["arn:aws:iam::123456789012:root"] },
      "Action": ["kms:*"],
      "Resource": "*"
    },
    {
      "Sid": "App",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::123456789012:role/app" },
      "Action": ["kms:Encrypt", "kms:Decrypt"],
      "Resource": "*"
    }
  ]
}"#;
/// …and as `jsonencode` writes it into state: compact, keys sorted, scalars.
const APP_POLICY_STATE: &str = r#"{"Id":"app","Statement":[{"Action":"kms:*","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Resource":"*","Sid":"Root"},{"Action":["kms:Decrypt","kms:Encrypt"],"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app"},"Resource":"*","Sid":"App"}],"Version":"2012-10-17"}"#;
const LOGS_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}]}"#;
const LOGS_POLICY_STATE: &str = r#"{"Statement":[{"Action":"kms:*","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Resource":"*","Sid":"Root"}],"Version":"2012-10-17"}"#;
/// The logs key opened to every principal, out of band.
const LOGS_POLICY_OPEN: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}"#;

const BUCKET: &str = "trail-logs";

/// What the set-up created and the state needs.
struct Created {
    app_key: String,
    logs_key: String,
    old_key: String,
    vpc: String,
    subnets: Vec<String>,
    security_group: String,
}

fn key_arn(id: &str) -> String {
    format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{id}")
}

fn trail_arn(name: &str) -> String {
    format!("arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/{name}")
}

async fn create_key(kms: &aws_sdk_kms::Client, description: &str, policy: &str) -> String {
    kms.create_key()
        .description(description)
        .key_usage(KeyUsageType::EncryptDecrypt)
        .policy(policy)
        .send()
        .await
        .unwrap()
        .key_metadata()
        .unwrap()
        .key_id()
        .to_string()
}

async fn create_trail(ct: &aws_sdk_cloudtrail::Client, name: &str) {
    ct.create_trail()
        .name(name)
        .s3_bucket_name(BUCKET)
        .send()
        .await
        .unwrap();
    ct.start_logging().name(name).send().await.unwrap();
}

/// The declared infrastructure, created through the SDK as `terraform apply` would.
async fn create(moto: &Moto) -> Created {
    let sdk = moto.sdk_config();
    let kms = aws_sdk_kms::Client::new(&sdk);
    let app_key = create_key(&kms, "app data", APP_POLICY).await;
    kms.tag_resource()
        .key_id(&app_key)
        .tags(
            KmsTag::builder()
                .tag_key("team")
                .tag_value("a")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    kms.enable_key_rotation()
        .key_id(&app_key)
        .send()
        .await
        .unwrap();
    let logs_key = create_key(&kms, "trail logs", LOGS_POLICY).await;
    let old_key = create_key(&kms, "", LOGS_POLICY).await;
    kms.create_alias()
        .alias_name("alias/app")
        .target_key_id(&app_key)
        .send()
        .await
        .unwrap();
    // Using `alias/aws/s3` makes moto create the AWS-managed key behind it, as AWS does.
    kms.describe_key()
        .key_id("alias/aws/s3")
        .send()
        .await
        .unwrap();

    // moto's CreateTrail checks that the bucket exists.
    moto.s3()
        .create_bucket()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    let ct = aws_sdk_cloudtrail::Client::new(&sdk);
    ct.create_trail()
        .name("main")
        .s3_bucket_name(BUCKET)
        .s3_key_prefix("ct")
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .kms_key_id(key_arn(&logs_key))
        .tags_list(
            TrailTag::builder()
                .key("team")
                .value("sec")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    ct.start_logging().name("main").send().await.unwrap();
    create_trail(&ct, "audit").await;

    let ec2 = aws_sdk_ec2::Client::new(&sdk);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.20.0.0/16")
        .send()
        .await
        .unwrap()
        .vpc()
        .unwrap()
        .vpc_id()
        .unwrap()
        .to_string();
    let mut subnets = Vec::new();
    for (cidr, az) in [
        ("10.20.1.0/24", "us-east-1a"),
        ("10.20.2.0/24", "us-east-1b"),
    ] {
        let subnet = ec2
            .create_subnet()
            .vpc_id(&vpc)
            .cidr_block(cidr)
            .availability_zone(az)
            .send()
            .await
            .unwrap();
        subnets.push(subnet.subnet().unwrap().subnet_id().unwrap().to_string());
    }
    let security_group = ec2
        .create_security_group()
        .group_name("db")
        .description("database")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_string();

    let rds = aws_sdk_rds::Client::new(&sdk);
    rds.create_db_subnet_group()
        .db_subnet_group_name("app")
        .db_subnet_group_description("app subnets")
        .set_subnet_ids(Some(subnets.clone()))
        .send()
        .await
        .unwrap();
    rds.create_db_instance()
        .db_instance_identifier("app-db")
        .engine("postgres")
        .engine_version("16.3")
        .db_instance_class("db.t3.micro")
        .allocated_storage(20)
        .max_allocated_storage(100)
        .storage_type("gp3")
        .storage_encrypted(true)
        .kms_key_id(key_arn(&app_key))
        .db_name("app")
        .master_username("app")
        .master_user_password("Correct-Horse-42")
        .db_subnet_group_name("app")
        .vpc_security_group_ids(&security_group)
        .backup_retention_period(7)
        .preferred_backup_window("03:00-04:00")
        .preferred_maintenance_window("sun:05:00-sun:06:00")
        .license_model("postgresql-license")
        .ca_certificate_identifier("rds-ca-rsa2048-g1")
        .copy_tags_to_snapshot(true)
        .enable_cloudwatch_logs_exports("postgresql")
        .enable_cloudwatch_logs_exports("upgrade")
        .publicly_accessible(false)
        .tags(RdsTag::builder().key("team").value("a").build())
        .send()
        .await
        .unwrap();
    Created {
        app_key,
        logs_key,
        old_key,
        vpc,
        subnets,
        security_group,
    }
}

fn mine(resource_type: &str) -> bool {
    MY_TYPES.contains(&resource_type)
}

fn attrs(r: &Resource) -> Json {
    let mut json = common::attrs(r);
    // Scan-time values, not attributes.
    json.as_object_mut().unwrap().remove("region");
    json
}

fn kms_key(id: &str, description: &str, policy: &str, rotation: bool, tags: Json) -> Json {
    json!({
        "arn": key_arn(id), "bypass_policy_lockout_safety_check": false,
        "custom_key_store_id": "", "customer_master_key_spec": "SYMMETRIC_DEFAULT",
        "deletion_window_in_days": 7, "description": description,
        "enable_key_rotation": rotation, "id": id, "is_enabled": true, "key_id": id,
        "key_usage": "ENCRYPT_DECRYPT", "multi_region": false, "policy": policy,
        "rotation_period_in_days": if rotation { 365 } else { 0 },
        "tags": tags, "tags_all": tags, "xks_key_id": ""
    })
}

/// The state terraform-provider-aws v5 would write for [`create`].
fn state(c: &Created) -> Json {
    let main = trail_arn("main");
    let db_arn = format!("arn:aws:rds:{REGION}:{ACCOUNT}:db:app-db");
    json!({
        "version": 4, "terraform_version": "1.9.5", "serial": 7, "lineage": "0b7c",
        "outputs": {},
        "resources": [
            instance("aws_kms_key", "app", 0,
                kms_key(&c.app_key, "app data", APP_POLICY_STATE, true, json!({"team": "a"}))),
            instance("aws_kms_key", "logs", 0,
                kms_key(&c.logs_key, "trail logs", LOGS_POLICY_STATE, false, json!(null))),
            instance("aws_kms_key", "old", 0,
                kms_key(&c.old_key, "", LOGS_POLICY_STATE, false, json!(null))),
            instance("aws_kms_alias", "app", 0, json!({
                "arn": format!("arn:aws:kms:{REGION}:{ACCOUNT}:alias/app"), "id": "alias/app",
                "name": "alias/app", "name_prefix": "", "target_key_arn": key_arn(&c.app_key),
                "target_key_id": c.app_key})),
            // Written by provider v5.25 or later: the id is the ARN.
            instance("aws_cloudtrail", "main", 1, json!({
                "advanced_event_selector": [], "arn": main, "cloud_watch_logs_group_arn": "",
                "cloud_watch_logs_role_arn": "", "enable_log_file_validation": true,
                "enable_logging": true, "event_selector": [], "home_region": REGION, "id": main,
                "include_global_service_events": true, "insight_selector": [],
                "is_multi_region_trail": true, "is_organization_trail": false,
                "kms_key_id": key_arn(&c.logs_key), "name": "main", "s3_bucket_name": BUCKET,
                "s3_key_prefix": "ct", "sns_topic_arn": "", "sns_topic_name": "",
                "tags": {"team": "sec"}, "tags_all": {"team": "sec"}})),
            // Written by provider v5.0–v5.24: the id is the name (matched by `arn`).
            instance("aws_cloudtrail", "audit", 0, json!({
                "advanced_event_selector": [], "arn": trail_arn("audit"),
                "cloud_watch_logs_group_arn": "", "cloud_watch_logs_role_arn": "",
                "enable_log_file_validation": false, "enable_logging": true,
                "event_selector": [], "home_region": REGION, "id": "audit",
                "include_global_service_events": true, "insight_selector": [],
                "is_multi_region_trail": false, "is_organization_trail": false,
                "kms_key_id": "", "name": "audit", "s3_bucket_name": BUCKET, "s3_key_prefix": "",
                "sns_topic_name": "", "tags": null, "tags_all": {}})),
            instance("aws_db_subnet_group", "app", 0, json!({
                "arn": format!("arn:aws:rds:{REGION}:{ACCOUNT}:subgrp:app"),
                "description": "app subnets", "id": "app", "name": "app", "name_prefix": "",
                "subnet_ids": [c.subnets[1], c.subnets[0]], "supported_network_types": [],
                "tags": null, "tags_all": {}, "vpc_id": c.vpc})),
            instance("aws_db_instance", "app", 2, db_instance_state(c, &db_arn)),
        ]
    })
}

fn db_instance_state(c: &Created, arn: &str) -> Json {
    // In parts: one `json!` this size exceeds the macro recursion limit.
    let mut a = json!({
        "address": "app-db.aaaaaaaaaa.us-east-1.rds.amazonaws.com", "allocated_storage": 20,
        "allow_major_version_upgrade": null, "apply_immediately": false, "arn": arn,
        "auto_minor_version_upgrade": true, "availability_zone": "us-east-1a",
        "backup_retention_period": 7, "backup_target": "region", "backup_window": "03:00-04:00",
        "blue_green_update": [], "ca_cert_identifier": "rds-ca-rsa2048-g1",
        "character_set_name": "", "copy_tags_to_snapshot": true,
        "custom_iam_instance_profile": "", "customer_owned_ip_enabled": false,
        "db_name": "app", "db_subnet_group_name": "app", "dedicated_log_volume": false,
        "delete_automated_backups": true, "deletion_protection": false, "domain": "",
        "domain_auth_secret_arn": "", "domain_dns_ips": null, "domain_fqdn": "",
        "domain_iam_role_name": "", "domain_ou": "",
        "enabled_cloudwatch_logs_exports": ["upgrade", "postgresql"],
        "endpoint": "app-db.aaaaaaaaaa.us-east-1.rds.amazonaws.com:5432",
        "engine": "postgres", "engine_lifecycle_support": "open-source-rds-extended-support",
        // The configured prefix: the provider keeps it while the API says 16.3.
        "engine_version": "16", "engine_version_actual": "16.3",
        "final_snapshot_identifier": null, "hosted_zone_id": "Z2R2ITUGPM61AM",
    });
    let middle = json!({
        "iam_database_authentication_enabled": false, "id": DB_RESOURCE_ID,
        "identifier": "app-db", "identifier_prefix": "", "instance_class": "db.t3.micro",
        "iops": 0, "kms_key_id": key_arn(&c.app_key), "latest_restorable_time": "",
        "license_model": "postgresql-license", "listener_endpoint": [],
        "maintenance_window": "sun:05:00-sun:06:00", "manage_master_user_password": null,
        "master_user_secret": [], "master_user_secret_kms_key_id": null,
        "max_allocated_storage": 100, "monitoring_interval": 0, "monitoring_role_arn": "",
        "multi_az": false, "nchar_character_set_name": "",
    });
    let more = json!({
        // moto returns no NetworkType (AWS says IPV4).
        // moto names the default option group after the minor version too.
        "network_type": "", "option_group_name": "default:postgres-16-3",
        "parameter_group_name": "default.postgres16", "password": null,
        "performance_insights_enabled": false, "performance_insights_kms_key_id": "",
        "performance_insights_retention_period": 0, "port": 5432, "publicly_accessible": false,
        "replica_mode": "", "replicas": [], "replicate_source_db": "",
        "resource_id": DB_RESOURCE_ID, "restore_to_point_in_time": [], "s3_import": [],
        "skip_final_snapshot": true, "snapshot_identifier": null, "status": "available",
        "storage_encrypted": true, "storage_throughput": 0, "storage_type": "gp3",
        "tags": {"team": "a"}, "tags_all": {"team": "a"}, "timeouts": null, "timezone": "",
        "upgrade_storage_config": null, "username": "app",
        "vpc_security_group_ids": [c.security_group],
    });
    for part in [middle, more] {
        a.as_object_mut()
            .unwrap()
            .extend(part.as_object().unwrap().clone());
    }
    a
}

#[tokio::test]
async fn collectors_normalise_to_the_state_schema() {
    let moto = Moto::start();
    let c = create(&moto).await;
    let scan = common::scan(&moto.live_config()).await;
    assert_eq!(failures(&scan, mine), Vec::new());
    common::assert_scanned(&scan, MY_TYPES, &[REGION]);
    let live = &scan.resources;

    let app = attrs(find(live, "aws_kms_key", &c.app_key));
    let policy = app["policy"].as_str().unwrap().to_string();
    assert_eq!(
        driftguard_drift::canonical_policy(&policy),
        driftguard_drift::canonical_policy(APP_POLICY_STATE)
    );
    assert_eq!(
        app,
        json!({
            "id": c.app_key, "key_id": c.app_key, "arn": key_arn(&c.app_key),
            "description": "app data", "key_usage": "ENCRYPT_DECRYPT",
            "customer_master_key_spec": "SYMMETRIC_DEFAULT", "is_enabled": true,
            "multi_region": false, "custom_key_store_id": null, "xks_key_id": null,
            "key_manager": "CUSTOMER", "policy": policy, "enable_key_rotation": true,
            "tags": {"team": "a"}, "tags_all": {"team": "a"},
        })
    );
    assert_eq!(
        attrs(find(live, "aws_kms_key", &c.logs_key))["enable_key_rotation"],
        false
    );
    assert_eq!(
        attrs(find(live, "aws_kms_alias", "alias/app")),
        json!({
            "id": "alias/app", "name": "alias/app",
            "arn": format!("arn:aws:kms:{REGION}:{ACCOUNT}:alias/app"),
            "target_key_id": c.app_key, "target_key_arn": key_arn(&c.app_key),
        })
    );

    let main = trail_arn("main");
    assert_eq!(
        attrs(find(live, "aws_cloudtrail", &main)),
        json!({
            "id": main, "arn": main, "name": "main", "home_region": REGION,
            "s3_bucket_name": BUCKET, "s3_key_prefix": "ct",
            "include_global_service_events": true, "is_multi_region_trail": true,
            "is_organization_trail": false, "enable_log_file_validation": true,
            "kms_key_id": key_arn(&c.logs_key), "cloud_watch_logs_group_arn": null,
            "cloud_watch_logs_role_arn": null, "sns_topic_arn": null, "sns_topic_name": null,
            "enable_logging": true, "tags": {"team": "sec"}, "tags_all": {"team": "sec"},
        })
    );

    let db = attrs(find(live, "aws_db_instance", DB_RESOURCE_ID));
    for (name, value) in [
        ("identifier", json!("app-db")),
        ("resource_id", json!(DB_RESOURCE_ID)),
        ("engine", json!("postgres")),
        ("engine_version_actual", json!("16.3")),
        ("instance_class", json!("db.t3.micro")),
        ("allocated_storage", json!(20)),
        ("max_allocated_storage", json!(100)),
        ("storage_type", json!("gp3")),
        ("storage_encrypted", json!(true)),
        ("kms_key_id", json!(key_arn(&c.app_key))),
        ("db_subnet_group_name", json!("app")),
        ("vpc_security_group_ids", json!([c.security_group])),
        ("parameter_group_name", json!("default.postgres16")),
        ("backup_retention_period", json!(7)),
        ("backup_window", json!("03:00-04:00")),
        ("maintenance_window", json!("sun:05:00-sun:06:00")),
        ("publicly_accessible", json!(false)),
        ("copy_tags_to_snapshot", json!(true)),
        ("port", json!(5432)),
        ("username", json!("app")),
        ("db_name", json!("app")),
        ("ca_cert_identifier", json!("rds-ca-rsa2048-g1")),
        (
            "enabled_cloudwatch_logs_exports",
            json!(["postgresql", "upgrade"]),
        ),
        ("tags", json!({"team": "a"})),
    ] {
        assert_eq!(db[name], value, "aws_db_instance.{name}");
    }
    assert!(db.get("engine_version").is_none(), "not read: see rds.rs");

    let group = attrs(find(live, "aws_db_subnet_group", "app"));
    assert_eq!(group["description"], "app subnets");
    assert_eq!(group["vpc_id"], json!(c.vpc));
    let mut subnets: Vec<String> = serde_json::from_value(group["subnet_ids"].clone()).unwrap();
    subnets.sort();
    let mut expected = c.subnets.clone();
    expected.sort();
    assert_eq!(subnets, expected);

    // Without a state, every customer resource is unmanaged; AWS's own are not: the
    // `alias/aws/*` aliases and the key moto created behind `alias/aws/s3`.
    let report = diff(&[], live, &scan.coverage, &DiffOptions::default());
    assert_eq!(
        lines(&report),
        vec![
            format!("unmanaged aws_cloudtrail {}", trail_arn("audit")),
            format!("unmanaged aws_cloudtrail {main}"),
            format!("unmanaged aws_db_instance {DB_RESOURCE_ID}"),
            "unmanaged aws_db_subnet_group app".to_string(),
            "unmanaged aws_kms_alias alias/app".to_string(),
        ]
        .into_iter()
        .chain({
            let mut keys = vec![&c.app_key, &c.logs_key, &c.old_key];
            keys.sort();
            keys.into_iter()
                .map(|k| format!("unmanaged aws_kms_key {k}"))
        })
        .collect::<Vec<_>>()
    );

    // moto reports every key as CUSTOMER-managed; a key AWS manages says `key_manager = AWS`
    // and is an AWS default even without an `alias/aws/*` alias.
    let mut live = scan.resources.clone();
    for r in live.iter_mut().filter(|r| r.resource_type == "aws_kms_key") {
        let Value::Object(map) = &mut r.attributes else {
            unreachable!()
        };
        map.insert("key_manager".into(), Value::String("AWS".into()));
    }
    let report = diff(&[], &live, &scan.coverage, &DiffOptions::default());
    assert!(lines(&report)
        .iter()
        .all(|l| !l.starts_with("unmanaged aws_kms_key")));
}

#[tokio::test]
async fn out_of_band_changes_are_exact_drift() {
    let moto = Moto::start();
    let c = create(&moto).await;
    let declared = declared(&state(&c));

    // Untouched: zero drift, although KMS re-serialised the key policies, the state keeps
    // the configured engine version prefix, and one trail's state predates ARN ids.
    let report = common::drift(
        &moto.live_config(),
        &declared,
        mine,
        &DiffOptions::default(),
    )
    .await;
    assert_eq!(lines(&report), Vec::<String>::new());
    assert_eq!(report.summary.managed, declared.len());

    let sdk = moto.sdk_config();
    let kms = aws_sdk_kms::Client::new(&sdk);
    let ct = aws_sdk_cloudtrail::Client::new(&sdk);
    let rds = aws_sdk_rds::Client::new(&sdk);
    kms.disable_key_rotation()
        .key_id(&c.app_key)
        .send()
        .await
        .unwrap();
    kms.put_key_policy()
        .key_id(&c.logs_key)
        .policy_name("default")
        .policy(LOGS_POLICY_OPEN)
        .send()
        .await
        .unwrap();
    kms.update_alias()
        .alias_name("alias/app")
        .target_key_id(&c.logs_key)
        .send()
        .await
        .unwrap();
    kms.schedule_key_deletion()
        .key_id(&c.old_key)
        .pending_window_in_days(7)
        .send()
        .await
        .unwrap();
    let shadow_key = create_key(&kms, "shadow", LOGS_POLICY).await;
    ct.stop_logging().name("main").send().await.unwrap();
    ct.delete_trail().name("audit").send().await.unwrap();
    create_trail(&ct, "shadow").await;
    rds.modify_db_instance()
        .db_instance_identifier("app-db")
        .publicly_accessible(true)
        .backup_retention_period(1)
        .apply_immediately(true)
        .send()
        .await
        .unwrap();
    rds.create_db_subnet_group()
        .db_subnet_group_name("shadow")
        .db_subnet_group_description("shadow")
        .set_subnet_ids(Some(c.subnets.clone()))
        .send()
        .await
        .unwrap();

    let report = common::drift(
        &moto.live_config(),
        &declared,
        mine,
        &DiffOptions::default(),
    )
    .await;
    let (app, logs, old) = (&c.app_key, &c.logs_key, &c.old_key);
    // Drifts come sorted by class, type and id (key ids are random): so are the lines.
    let mut expected = vec![
        format!(
            "changed aws_cloudtrail {} enable_logging NOT_EQUAL true -> false",
            trail_arn("main")
        ),
        format!(
            "changed aws_db_instance {DB_RESOURCE_ID} backup_retention_period NOT_EQUAL 7 -> 1"
        ),
        format!(
            "changed aws_db_instance {DB_RESOURCE_ID} publicly_accessible NOT_EQUAL false -> true"
        ),
        format!("changed aws_kms_alias alias/app target_key_id NOT_EQUAL \"{app}\" -> \"{logs}\""),
        format!("changed aws_kms_key {app} enable_key_rotation NOT_EQUAL true -> false"),
        format!(
            "changed aws_kms_key {logs} policy.Statement.0.Principal.AWS NOT_EQUAL \
                 \"arn:aws:iam::{ACCOUNT}:root\" -> \"*\""
        ),
        format!("missing aws_cloudtrail {}", trail_arn("audit")),
        format!("missing aws_kms_key {old}"),
        format!("unmanaged aws_cloudtrail {}", trail_arn("shadow")),
        "unmanaged aws_db_subnet_group shadow".to_string(),
        format!("unmanaged aws_kms_key {shadow_key}"),
    ];
    expected.sort();
    assert_eq!(lines(&report), expected);

    // The instance and its subnet group deleted.
    rds.delete_db_instance()
        .db_instance_identifier("app-db")
        .skip_final_snapshot(true)
        .send()
        .await
        .unwrap();
    rds.delete_db_subnet_group()
        .db_subnet_group_name("app")
        .send()
        .await
        .unwrap();
    let report = common::drift(
        &moto.live_config(),
        &declared,
        mine,
        &DiffOptions::default(),
    )
    .await;
    let rds_lines: Vec<String> = lines(&report)
        .into_iter()
        .filter(|l| l.contains(" aws_db_"))
        .collect();
    assert_eq!(
        rds_lines,
        vec![
            format!("missing aws_db_instance {DB_RESOURCE_ID}"),
            "missing aws_db_subnet_group app".to_string(),
            "unmanaged aws_db_subnet_group shadow".to_string(),
        ]
    );
}

#[tokio::test]
async fn failures_are_not_scanned_never_missing() {
    let moto = Moto::start();
    let c = create(&moto).await;
    let declared = declared(&state(&c));
    let config = moto.faulty_live_config(vec![
        ("TrentService.ListKeys", 403, "AccessDenied"),
        ("Action=DescribeDBInstances&", 500, "InternalFailure"),
    ]);
    let scan = common::scan(&config).await;

    let failures = failures(&scan, mine);
    let failed: Vec<(&str, &str, &str)> = failures
        .iter()
        .map(|(t, region, error)| (t.as_str(), region.as_str(), error.as_str()))
        .collect();
    assert_eq!(
        failed,
        vec![
            (
                "aws_db_instance",
                REGION,
                "rds:DescribeDBInstances failed: InternalFailure: injected by the test proxy"
            ),
            (
                "aws_kms_key",
                REGION,
                "kms:ListKeys failed: AccessDenied: injected by the test proxy",
            ),
        ]
    );
    // The 500 was retried by the SDK: one call counted.
    assert_eq!(
        scan.stats.by_operation()[&("rds", "DescribeDBInstances")],
        1
    );
    // The other types of the same services were read.
    for t in ["aws_kms_alias", "aws_db_subnet_group", "aws_cloudtrail"] {
        assert!(scan
            .coverage
            .scanned
            .iter()
            .any(|s| s.resource_type == t && s.region == REGION));
    }

    common::assert_fail_safe(
        &declared,
        &scan,
        mine,
        &DiffOptions::default(),
        &[
            "aws_db_instance.app",
            "aws_kms_key.app",
            "aws_kms_key.logs",
            "aws_kms_key.old",
        ],
    );
}

#[tokio::test]
async fn lists_are_paginated_and_tags_batched() {
    let moto = Moto::start();
    let sdk = moto.sdk_config();
    let rds = aws_sdk_rds::Client::new(&sdk);
    for i in 0..101 {
        rds.create_db_instance()
            .db_instance_identifier(format!("db{i:03}"))
            .engine("postgres")
            .db_instance_class("db.t3.micro")
            .allocated_storage(20)
            .master_username("app")
            .master_user_password("Correct-Horse-42")
            .send()
            .await
            .unwrap();
    }
    moto.s3()
        .create_bucket()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    let ct = aws_sdk_cloudtrail::Client::new(&sdk);
    for i in 0..21 {
        ct.create_trail()
            .name(format!("trail{i:02}"))
            .s3_bucket_name(BUCKET)
            .tags_list(
                TrailTag::builder()
                    .key("n")
                    .value(i.to_string())
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    }
    let scan = common::scan(&moto.live_config()).await;
    let count = |t: &str| {
        scan.resources
            .iter()
            .filter(|r| r.resource_type == t)
            .count()
    };
    assert_eq!(count("aws_db_instance"), 101);
    assert_eq!(count("aws_cloudtrail"), 21);
    let ops = scan.stats.by_operation();
    // RDS pages hold 100 records by default.
    assert_eq!(ops[&("rds", "DescribeDBInstances")], 2);
    // ListTags takes 20 trails per request.
    assert_eq!(ops[&("cloudtrail", "ListTags")], 2);
    assert_eq!(ops[&("cloudtrail", "GetTrailStatus")], 21);
    let last = attrs(find(
        &scan.resources,
        "aws_cloudtrail",
        &trail_arn("trail20"),
    ));
    assert_eq!(last["tags"], json!({"n": "20"}));
    assert_eq!(last["enable_logging"], false);
}

fn lines(report: &DriftReport) -> Vec<String> {
    common::drift_lines(report, mine)
}
