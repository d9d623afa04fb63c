//! S3 collectors against the moto server: normalised attributes, exact drift against a
//! Terraform v4 state after out-of-band changes, and failures that leave types not scanned.

mod common;

use common::{attrs, declared, failures, find};

use aws_sdk_s3::types::{
    BucketCannedAcl, BucketLocationConstraint, BucketLoggingStatus, BucketVersioningStatus,
    CreateBucketConfiguration, LoggingEnabled, ObjectOwnership, OwnershipControls,
    OwnershipControlsRule, PublicAccessBlockConfiguration, ServerSideEncryption,
    ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration, ServerSideEncryptionRule,
    Tag, Tagging, VersioningConfiguration,
};
use common::Moto;
use driftguard_aws::{LiveConfig, RegionSelection};
use driftguard_drift::{diff, DiffOptions, DriftReport};
use serde_json::{json, Value as Json};

const KEY_ARN: &str = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";

/// Sent to S3 pretty-printed, keys unsorted, one-element arrays…
const DATA_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "TlsOnly",
      "Effect": "Deny",
      "Principal": "*",
      "Action": ["s3:*"],
      "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"],
      "Condition": { "Bool": { "aws:SecureTransport": "false" } }
    }
  ]
}"#;
/// …and as `jsonencode` writes it into state: compact, keys sorted, scalars.
const DATA_POLICY_STATE: &str = r#"{"Statement":[{"Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny","Principal":"*","Resource":["arn:aws:s3:::app-data","arn:aws:s3:::app-data/*"],"Sid":"TlsOnly"}],"Version":"2012-10-17"}"#;
const REPORTS_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::old-reports/*"}]}"#;

const LOG_DELIVERY: &str = "http://acs.amazonaws.com/groups/s3/LogDelivery";

/// The regions scanned: buckets in the first two, none in the third (and one bucket in a region
/// that is not scanned).
const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "us-west-2"];

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

async fn block_public_access(s3: &aws_sdk_s3::Client, bucket: &str) {
    s3.put_public_access_block()
        .bucket(bucket)
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .block_public_policy(true)
                .ignore_public_acls(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
}

async fn set_versioning(s3: &aws_sdk_s3::Client, bucket: &str, status: BucketVersioningStatus) {
    s3.put_bucket_versioning()
        .bucket(bucket)
        .versioning_configuration(VersioningConfiguration::builder().status(status).build())
        .send()
        .await
        .unwrap();
}

async fn create_bucket(s3: &aws_sdk_s3::Client, name: &str, region: &str) {
    let mut request = s3.create_bucket().bucket(name);
    if region != "us-east-1" {
        request = request.create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(region))
                .build(),
        );
    }
    request.send().await.unwrap();
}

async fn encrypt(s3: &aws_sdk_s3::Client, bucket: &str, kms_key: Option<&str>) {
    let by_default = match kms_key {
        Some(key) => ServerSideEncryptionByDefault::builder()
            .sse_algorithm(ServerSideEncryption::AwsKms)
            .kms_master_key_id(key),
        None => {
            ServerSideEncryptionByDefault::builder().sse_algorithm(ServerSideEncryption::Aes256)
        }
    };
    s3.put_bucket_encryption()
        .bucket(bucket)
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .rules(
                    ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(by_default.build().unwrap())
                        .bucket_key_enabled(kms_key.is_some())
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

async fn own(s3: &aws_sdk_s3::Client, bucket: &str, ownership: ObjectOwnership) {
    s3.put_bucket_ownership_controls()
        .bucket(bucket)
        .ownership_controls(
            OwnershipControls::builder()
                .rules(
                    OwnershipControlsRule::builder()
                        .object_ownership(ownership)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

/// The declared infrastructure, created through the SDK as `terraform apply` would: `app-data`
/// (everything), `app-logs` (its log bucket, AES256, ACL for log delivery), `old-reports`
/// (policy, versioning, public access block), `eu-archive` in eu-west-1, and `ap-scratch` in a
/// region that is not scanned. Returns the account's canonical user id.
async fn create(s3: &aws_sdk_s3::Client) -> String {
    create_bucket(s3, "app-logs", "us-east-1").await;
    s3.put_bucket_acl()
        .bucket("app-logs")
        .acl(BucketCannedAcl::from("log-delivery-write"))
        .send()
        .await
        .unwrap();
    encrypt(s3, "app-logs", None).await;
    own(s3, "app-logs", ObjectOwnership::BucketOwnerPreferred).await;

    create_bucket(s3, "app-data", "us-east-1").await;
    set_versioning(s3, "app-data", BucketVersioningStatus::Enabled).await;
    encrypt(s3, "app-data", Some(KEY_ARN)).await;
    block_public_access(s3, "app-data").await;
    s3.put_bucket_policy()
        .bucket("app-data")
        .policy(DATA_POLICY)
        .send()
        .await
        .unwrap();
    s3.put_bucket_logging()
        .bucket("app-data")
        .bucket_logging_status(
            BucketLoggingStatus::builder()
                .logging_enabled(
                    LoggingEnabled::builder()
                        .target_bucket("app-logs")
                        .target_prefix("app-data/")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    own(s3, "app-data", ObjectOwnership::BucketOwnerEnforced).await;
    s3.put_bucket_tagging()
        .bucket("app-data")
        .tagging(
            Tagging::builder()
                .tag_set(tag("team", "data"))
                .tag_set(tag("env", "prod"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    create_bucket(s3, "old-reports", "us-east-1").await;
    set_versioning(s3, "old-reports", BucketVersioningStatus::Enabled).await;
    block_public_access(s3, "old-reports").await;
    s3.put_bucket_policy()
        .bucket("old-reports")
        .policy(REPORTS_POLICY)
        .send()
        .await
        .unwrap();

    create_bucket(s3, "eu-archive", "eu-west-1").await;
    set_versioning(s3, "eu-archive", BucketVersioningStatus::Enabled).await;
    s3.put_bucket_tagging()
        .bucket("eu-archive")
        .tagging(
            Tagging::builder()
                .tag_set(tag("env", "prod"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    create_bucket(s3, "ap-scratch", "ap-southeast-2").await;

    let acl = s3.get_bucket_acl().bucket("app-data").send().await.unwrap();
    acl.owner().and_then(|o| o.id()).unwrap().to_string()
}

/// The collectors' configuration: the regions, through a [`common::FaultyProxy`] injecting
/// `faults` (which also repairs moto's GetBucketVersioning answers).
fn live_config(moto: &Moto, faults: Vec<(&'static str, u16, &'static str)>) -> LiveConfig {
    LiveConfig {
        regions: RegionSelection::List(REGIONS.iter().map(|r| r.to_string()).collect()),
        ..moto.faulty_live_config(faults)
    }
}

fn is_s3(resource_type: &str) -> bool {
    resource_type.starts_with("aws_s3_")
}

/// `aws_s3_bucket` as provider v5 writes it after a refresh: the deprecated inline blocks
/// computed from the bucket's configuration, the rest at their empty values.
fn bucket_state(name: &str, region: &str, owner: &str, inline: Json) -> Json {
    let mut attributes = json!({
        "id": name, "bucket": name, "bucket_prefix": "", "arn": format!("arn:aws:s3:::{name}"),
        "bucket_domain_name": format!("{name}.s3.amazonaws.com"),
        "bucket_regional_domain_name": format!("{name}.s3.{region}.amazonaws.com"),
        "hosted_zone_id": if region == "us-east-1" { "Z3AQBSTGFYJSTF" } else { "Z1BKCTXD74EZPE" },
        "region": region, "acceleration_status": "", "acl": null, "force_destroy": false,
        "cors_rule": [], "lifecycle_rule": [], "logging": [], "object_lock_configuration": [],
        "object_lock_enabled": false, "policy": "", "replication_configuration": [],
        "request_payer": "BucketOwner", "server_side_encryption_configuration": [],
        "grant": [{"id": owner, "permissions": ["FULL_CONTROL"], "type": "CanonicalUser", "uri": ""}],
        "tags": null, "tags_all": {}, "timeouts": null,
        "versioning": [{"enabled": false, "mfa_delete": false}],
        "website": [], "website_domain": null, "website_endpoint": null,
    });
    for (k, v) in inline.as_object().unwrap() {
        attributes[k] = v.clone();
    }
    attributes
}

fn versioning_state(bucket: &str, status: &str) -> Json {
    json!({"id": bucket, "bucket": bucket, "expected_bucket_owner": "", "mfa": null,
           "versioning_configuration": [{"mfa_delete": "", "status": status}]})
}

fn public_access_block_state(bucket: &str) -> Json {
    json!({"id": bucket, "bucket": bucket, "block_public_acls": true, "block_public_policy": true,
           "ignore_public_acls": true, "restrict_public_buckets": true})
}

const REPORTS_POLICY_STATE: &str = r#"{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Resource":"arn:aws:s3:::old-reports/*"}],"Version":"2012-10-17"}"#;

/// The state terraform-provider-aws v5 would write for [`create`] (after a refresh).
fn state(owner: &str) -> Json {
    let kms_rule = json!([{"apply_server_side_encryption_by_default": [{"kms_master_key_id": KEY_ARN, "sse_algorithm": "aws:kms"}], "bucket_key_enabled": true}]);
    let aes_rule = json!([{"apply_server_side_encryption_by_default": [{"kms_master_key_id": "", "sse_algorithm": "AES256"}], "bucket_key_enabled": false}]);
    let owner_grant = json!({"grantee": [{"display_name": "", "email_address": "", "id": owner, "type": "CanonicalUser", "uri": ""}], "permission": "FULL_CONTROL"});
    // moto's `log-delivery-write` grants the log delivery group READ_ACP only (S3: WRITE too).
    let log_delivery_grant = json!({"grantee": [{"display_name": "", "email_address": "", "id": "", "type": "Group", "uri": LOG_DELIVERY}], "permission": "READ_ACP"});
    json!({
        "version": 4, "terraform_version": "1.9.5", "serial": 7, "lineage": "3b1f",
        "outputs": {},
        "resources": [
            instance("aws_s3_bucket", "logs", bucket_state("app-logs", "us-east-1", owner, json!({
                "grant": [
                    {"id": owner, "permissions": ["FULL_CONTROL"], "type": "CanonicalUser", "uri": ""},
                    {"id": "", "permissions": ["READ_ACP"], "type": "Group", "uri": LOG_DELIVERY}],
                "server_side_encryption_configuration": [{"rule": aes_rule}]}))),
            instance("aws_s3_bucket_acl", "logs", json!({
                "id": "app-logs,log-delivery-write", "bucket": "app-logs", "acl": "log-delivery-write",
                "expected_bucket_owner": "",
                "access_control_policy": [{"grant": [log_delivery_grant, owner_grant],
                                           "owner": [{"display_name": "webfile", "id": owner}]}]})),
            instance("aws_s3_bucket_server_side_encryption_configuration", "logs", json!({
                "id": "app-logs", "bucket": "app-logs", "expected_bucket_owner": "", "rule": aes_rule})),
            instance("aws_s3_bucket_ownership_controls", "logs", json!({
                "id": "app-logs", "bucket": "app-logs", "rule": [{"object_ownership": "BucketOwnerPreferred"}]})),
            instance("aws_s3_bucket", "data", bucket_state("app-data", "us-east-1", owner, json!({
                "logging": [{"target_bucket": "app-logs", "target_prefix": "app-data/"}],
                "policy": DATA_POLICY_STATE,
                "server_side_encryption_configuration": [{"rule": kms_rule}],
                "tags": {"env": "prod", "team": "data"}, "tags_all": {"env": "prod", "team": "data"},
                "versioning": [{"enabled": true, "mfa_delete": false}]}))),
            instance("aws_s3_bucket_versioning", "data", versioning_state("app-data", "Enabled")),
            instance("aws_s3_bucket_server_side_encryption_configuration", "data", json!({
                "id": "app-data", "bucket": "app-data", "expected_bucket_owner": "", "rule": kms_rule})),
            instance("aws_s3_bucket_public_access_block", "data", public_access_block_state("app-data")),
            instance("aws_s3_bucket_policy", "data", json!({
                "id": "app-data", "bucket": "app-data", "policy": DATA_POLICY_STATE})),
            instance("aws_s3_bucket_logging", "data", json!({
                "id": "app-data", "bucket": "app-data", "expected_bucket_owner": "",
                "target_bucket": "app-logs", "target_prefix": "app-data/", "target_grant": [],
                "target_object_key_format": []})),
            instance("aws_s3_bucket_ownership_controls", "data", json!({
                "id": "app-data", "bucket": "app-data", "rule": [{"object_ownership": "BucketOwnerEnforced"}]})),
            instance("aws_s3_bucket", "reports", bucket_state("old-reports", "us-east-1", owner, json!({
                "policy": REPORTS_POLICY_STATE,
                "versioning": [{"enabled": true, "mfa_delete": false}]}))),
            instance("aws_s3_bucket_versioning", "reports", versioning_state("old-reports", "Enabled")),
            instance("aws_s3_bucket_public_access_block", "reports", public_access_block_state("old-reports")),
            instance("aws_s3_bucket_policy", "reports", json!({
                "id": "old-reports", "bucket": "old-reports", "policy": REPORTS_POLICY_STATE})),
            instance("aws_s3_bucket", "archive", bucket_state("eu-archive", "eu-west-1", owner, json!({
                "tags": {"env": "prod"}, "tags_all": {"env": "prod"},
                "versioning": [{"enabled": true, "mfa_delete": false}]}))),
            instance("aws_s3_bucket_versioning", "archive", versioning_state("eu-archive", "Enabled")),
        ]
    })
}

/// The diff's options. v5 state gives bucket sub-resources neither a `region` nor an ARN, so
/// the diff places them in `default_region`: the home region, where all but `eu-archive`'s live.
fn options() -> DiffOptions {
    DiffOptions {
        default_region: Some("us-east-1".into()),
        ..DiffOptions::default()
    }
}

#[tokio::test]
async fn collectors_normalise_to_the_state_schema() {
    let moto = Moto::start();
    let owner = create(&moto.s3()).await;
    let scan = common::scan(&live_config(&moto, vec![])).await;

    assert_eq!(failures(&scan, is_s3), Vec::new());
    // Every (type, region) is covered, the region without buckets too.
    common::assert_scanned(&scan, driftguard_aws::s3::TYPES, &REGIONS);
    let live = &scan.resources;
    let mut buckets: Vec<(&str, &str)> = live
        .iter()
        .filter(|r| r.resource_type == "aws_s3_bucket")
        .map(|r| {
            (
                r.cloud_id.as_deref().unwrap(),
                r.get("region").and_then(|v| v.as_str()).unwrap(),
            )
        })
        .collect();
    buckets.sort();
    // ap-scratch lives in a region that is not scanned.
    assert_eq!(
        buckets,
        vec![
            ("app-data", "us-east-1"),
            ("app-logs", "us-east-1"),
            ("eu-archive", "eu-west-1"),
            ("old-reports", "us-east-1"),
        ]
    );

    let data = attrs(find(live, "aws_s3_bucket", "app-data"));
    assert_eq!(data["arn"], "arn:aws:s3:::app-data");
    assert_eq!(data["bucket_domain_name"], "app-data.s3.amazonaws.com");
    assert_eq!(
        data["versioning"],
        json!([{"enabled": true, "mfa_delete": false}])
    );
    assert_eq!(
        data["server_side_encryption_configuration"],
        json!([{"rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": KEY_ARN, "sse_algorithm": "aws:kms"}], "bucket_key_enabled": true}]}])
    );
    assert_eq!(
        data["logging"],
        json!([{"target_bucket": "app-logs", "target_prefix": "app-data/"}])
    );
    assert_eq!(
        data["grant"],
        json!([{"id": owner, "permissions": ["FULL_CONTROL"], "type": "CanonicalUser", "uri": ""}])
    );
    assert_eq!(data["tags"], json!({"env": "prod", "team": "data"}));
    assert_eq!(data["object_lock_enabled"], false);
    assert_eq!(data["object_lock_configuration"], json!([]));
    assert_eq!(
        driftguard_drift::canonical_policy(data["policy"].as_str().unwrap()),
        driftguard_drift::canonical_policy(DATA_POLICY_STATE)
    );
    // Not configured: the provider's empty values.
    let archive = attrs(find(live, "aws_s3_bucket", "eu-archive"));
    assert_eq!(archive["policy"], "");
    assert_eq!(archive["logging"], json!([]));
    assert_eq!(archive["server_side_encryption_configuration"], json!([]));

    assert_eq!(
        attrs(find(live, "aws_s3_bucket_versioning", "app-data")),
        json!({"id": "app-data", "bucket": "app-data", "region": "us-east-1",
               "versioning_configuration": [{"mfa_delete": "", "status": "Enabled"}]})
    );
    // Never enabled: `Disabled`, as the provider reads it.
    assert_eq!(
        attrs(find(live, "aws_s3_bucket_versioning", "app-logs"))["versioning_configuration"],
        json!([{"mfa_delete": "", "status": "Disabled"}])
    );
    assert_eq!(
        attrs(find(
            live,
            "aws_s3_bucket_server_side_encryption_configuration",
            "app-logs"
        ))["rule"],
        json!([{"apply_server_side_encryption_by_default": [{"kms_master_key_id": "", "sse_algorithm": "AES256"}], "bucket_key_enabled": false}])
    );
    assert_eq!(
        attrs(find(
            live,
            "aws_s3_bucket_public_access_block",
            "old-reports"
        )),
        json!({"id": "old-reports", "bucket": "old-reports", "region": "us-east-1",
               "block_public_acls": true, "block_public_policy": true,
               "ignore_public_acls": true, "restrict_public_buckets": true})
    );
    assert_eq!(
        attrs(find(live, "aws_s3_bucket_logging", "app-data")),
        json!({"id": "app-data", "bucket": "app-data", "region": "us-east-1",
               "target_bucket": "app-logs", "target_prefix": "app-data/", "target_grant": []})
    );
    assert_eq!(
        attrs(find(live, "aws_s3_bucket_ownership_controls", "app-logs"))["rule"],
        json!([{"object_ownership": "BucketOwnerPreferred"}])
    );
    let acl = attrs(find(live, "aws_s3_bucket_acl", "app-data"));
    assert_eq!(
        acl["access_control_policy"],
        json!([{"grant": [{"grantee": [{"display_name": "", "email_address": "", "id": owner, "type": "CanonicalUser", "uri": ""}], "permission": "FULL_CONTROL"}],
                "owner": [{"display_name": "webfile", "id": owner}]}])
    );
    // Not configured: no sub-resource.
    for (t, id) in [
        ("aws_s3_bucket_policy", "eu-archive"),
        ("aws_s3_bucket_public_access_block", "app-logs"),
        (
            "aws_s3_bucket_server_side_encryption_configuration",
            "old-reports",
        ),
        ("aws_s3_bucket_logging", "app-logs"),
        ("aws_s3_bucket_ownership_controls", "old-reports"),
    ] {
        assert!(
            !live
                .iter()
                .any(|r| r.resource_type == t && r.cloud_id.as_deref() == Some(id)),
            "{t} {id}"
        );
    }

    // ListBuckets once; each bucket of a scanned region read once per call; moto's ListBuckets
    // gives no BucketRegion, so every bucket is located.
    let calls = scan.stats.by_operation();
    assert_eq!(calls[&("s3", "ListBuckets")], 1);
    assert_eq!(calls[&("s3", "GetBucketLocation")], 5);
    assert_eq!(calls[&("s3", "GetBucketPolicy")], 4);
    assert_eq!(calls[&("s3", "GetBucketVersioning")], 4);
}

#[tokio::test]
async fn out_of_band_s3_changes_are_exact_drift() {
    let moto = Moto::start();
    let s3 = moto.s3();
    let owner = create(&s3).await;
    let declared = declared(&state(&owner));
    let config = live_config(&moto, vec![]);

    // Untouched: zero drift, although S3 kept the policy pretty-printed and every bucket has a
    // versioning status and an ACL that the state does not declare as resources.
    let report = common::drift(&config, &declared, is_s3, &options()).await;
    assert_eq!(lines(&report), Vec::<String>::new());
    assert_eq!(report.summary.managed, declared.len());

    // Out of band: app-data loses its encryption and public access block, its versioning is
    // suspended and its policy widened; eu-archive's tag changes and it gets a policy and an
    // open public access block; old-reports is deleted; a shadow bucket appears.
    s3.delete_bucket_encryption()
        .bucket("app-data")
        .send()
        .await
        .unwrap();
    s3.delete_public_access_block()
        .bucket("app-data")
        .send()
        .await
        .unwrap();
    set_versioning(&s3, "app-data", BucketVersioningStatus::Suspended).await;
    s3.put_bucket_policy()
        .bucket("app-data")
        .policy(DATA_POLICY.replace(r#"["s3:*"]"#, r#"["s3:GetObject", "s3:PutObject"]"#))
        .send()
        .await
        .unwrap();
    s3.put_bucket_tagging()
        .bucket("eu-archive")
        .tagging(
            Tagging::builder()
                .tag_set(tag("env", "dev"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    s3.put_bucket_policy()
        .bucket("eu-archive")
        .policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::eu-archive/*"}]}"#)
        .send()
        .await
        .unwrap();
    s3.put_public_access_block()
        .bucket("eu-archive")
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(false)
                .block_public_policy(false)
                .ignore_public_acls(false)
                .restrict_public_buckets(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    s3.delete_bucket()
        .bucket("old-reports")
        .send()
        .await
        .unwrap();
    // The shadow bucket as S3 creates every bucket since 2023 (moto does not): SSE-S3, public
    // access blocked, ACLs disabled. These defaults, its owner-only ACL and its never-enabled
    // versioning are not reported besides the bucket.
    create_bucket(&s3, "shadow-uploads", "us-east-1").await;
    encrypt(&s3, "shadow-uploads", None).await;
    block_public_access(&s3, "shadow-uploads").await;
    own(&s3, "shadow-uploads", ObjectOwnership::BucketOwnerEnforced).await;

    let report = common::drift(&config, &declared, is_s3, &options()).await;
    // app-data declares its policy, encryption and versioning as separate resources: those
    // report the changes, and the bucket's own (possibly stale) inline copies are not compared.
    // eu-archive declares no policy resource: its bucket's `policy` shows the new policy.
    assert_eq!(
        lines(&report),
        vec![
            "changed aws_s3_bucket eu-archive policy ADD - -> \"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"arn:aws:s3:::eu-archive/*\\\"}]}\"".to_string(),
            "changed aws_s3_bucket eu-archive tags.env NOT_EQUAL \"prod\" -> \"dev\"".to_string(),
            "changed aws_s3_bucket_policy app-data policy.Statement.0.Action NOT_EQUAL \"s3:*\" -> [\"s3:GetObject\",\"s3:PutObject\"]".to_string(),
            "changed aws_s3_bucket_versioning app-data versioning_configuration.0.status NOT_EQUAL \"Enabled\" -> \"Suspended\"".to_string(),
            "missing aws_s3_bucket old-reports".to_string(),
            "missing aws_s3_bucket_policy old-reports".to_string(),
            "missing aws_s3_bucket_public_access_block app-data".to_string(),
            "missing aws_s3_bucket_public_access_block old-reports".to_string(),
            "missing aws_s3_bucket_server_side_encryption_configuration app-data".to_string(),
            "missing aws_s3_bucket_versioning old-reports".to_string(),
            "unmanaged aws_s3_bucket shadow-uploads".to_string(),
            "unmanaged aws_s3_bucket_public_access_block eu-archive".to_string(),
        ]
    );
}

/// `(type, region, operation)` of each S3 failure.
fn failed_calls(scan: &driftguard_aws::LiveScan) -> Vec<(String, String, String)> {
    failures(scan, is_s3)
        .into_iter()
        .map(|(t, r, error)| {
            let operation = error
                .strip_prefix("s3:")
                .and_then(|e| e.split_once(" failed: "))
                .map_or(error.clone(), |(op, _)| op.to_string());
            (t, r, operation)
        })
        .collect()
}

fn triples(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(t, r, o)| (t.to_string(), r.to_string(), o.to_string()))
        .collect()
}

#[tokio::test]
async fn failures_are_not_scanned_never_missing() {
    let moto = Moto::start();
    let owner = create(&moto.s3()).await;
    let declared = declared(&state(&owner));
    let config = live_config(
        &moto,
        vec![
            ("?encryption", 403, "AccessDenied"),
            ("/old-reports/?policy", 500, "InternalFailure"),
        ],
    );
    let scan = common::scan(&config).await;

    // GetBucketEncryption fails for every bucket: the types that need it fail where buckets
    // are; old-reports' policy fails its region only; us-west-2 has no bucket and is read.
    assert_eq!(
        failed_calls(&scan),
        triples(&[
            ("aws_s3_bucket", "eu-west-1", "GetBucketEncryption"),
            ("aws_s3_bucket", "us-east-1", "GetBucketEncryption"),
            ("aws_s3_bucket_policy", "us-east-1", "GetBucketPolicy"),
            (
                "aws_s3_bucket_server_side_encryption_configuration",
                "eu-west-1",
                "GetBucketEncryption"
            ),
            (
                "aws_s3_bucket_server_side_encryption_configuration",
                "us-east-1",
                "GetBucketEncryption"
            ),
        ])
    );
    for (_, _, error) in failures(&scan, is_s3) {
        assert!(
            error.ends_with("failed: AccessDenied: injected by the test proxy")
                || error.ends_with("failed: InternalFailure: injected by the test proxy"),
            "{error}"
        );
    }
    // The 500 was retried inside the SDK: one call per bucket.
    assert_eq!(scan.stats.by_operation()[&("s3", "GetBucketPolicy")], 4);

    common::assert_fail_safe(
        &declared,
        &scan,
        is_s3,
        &options(),
        &[
            "aws_s3_bucket.archive",
            "aws_s3_bucket.data",
            "aws_s3_bucket.logs",
            "aws_s3_bucket.reports",
            "aws_s3_bucket_policy.data",
            "aws_s3_bucket_policy.reports",
            "aws_s3_bucket_server_side_encryption_configuration.data",
            "aws_s3_bucket_server_side_encryption_configuration.logs",
        ],
    );
}

#[tokio::test]
async fn list_buckets_denied_fails_every_s3_type_everywhere() {
    let moto = Moto::start();
    let owner = create(&moto.s3()).await;
    let declared = declared(&state(&owner));
    let config = live_config(&moto, vec![("x-id=ListBuckets", 403, "AccessDenied")]);
    let scan = common::scan(&config).await;

    let mut expected = Vec::new();
    for t in driftguard_aws::s3::TYPES {
        for r in REGIONS {
            expected.push((t.to_string(), r.to_string(), "ListBuckets".to_string()));
        }
    }
    expected.sort();
    assert_eq!(failed_calls(&scan), expected);
    assert!(!scan.resources.iter().any(|r| is_s3(&r.resource_type)));
    let calls = scan.stats.by_operation();
    assert!(calls
        .keys()
        .all(|(service, op)| *service != "s3" || *op == "ListBuckets"));

    let report = diff(&declared, &scan.resources, &scan.coverage, &options());
    assert_eq!(lines(&report), Vec::<String>::new());
    assert_eq!(common::not_scanned(&report, is_s3).len(), declared.len());
}

fn instance(resource_type: &str, name: &str, attributes: Json) -> Json {
    common::state_instance(resource_type, name, 0, attributes)
}

fn lines(report: &DriftReport) -> Vec<String> {
    common::drift_lines(report, is_s3)
}
