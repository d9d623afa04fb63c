//! Benchmark of the live side's API calls (not a test): how many calls a scan makes per
//! service and operation for N resources of each kind, and how long it takes.
//!
//! `bench/live.sh [N]` starts a moto server and runs this with `MOTO_ENDPOINT` set; N defaults
//! to 1,000. Creates N IAM users (each with an inline policy and a group membership), N roles,
//! N customer managed policies, N security groups, N S3 buckets and N KMS keys, then scans.

use std::time::Instant;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_iam::config::{Credentials, SharedCredentialsProvider};
use driftguard_aws::{LiveConfig, RegionSelection};

const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn sdk(endpoint: &str) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "testing", "testing", None, None, "bench",
        )))
        .endpoint_url(endpoint)
        .build()
}

async fn create(sdk: &SdkConfig, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let iam = aws_sdk_iam::Client::new(sdk);
    let ec2 = aws_sdk_ec2::Client::new(sdk);
    let kms = aws_sdk_kms::Client::new(sdk);
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(true)
            .build(),
    );
    let groups = n.div_ceil(10);
    for g in 0..groups {
        iam.create_group()
            .group_name(format!("group-{g}"))
            .send()
            .await?;
    }
    for i in 0..n {
        let user = format!("user-{i:05}");
        iam.create_user().user_name(&user).send().await?;
        iam.put_user_policy()
            .user_name(&user)
            .policy_name("read")
            .policy_document(POLICY)
            .send()
            .await?;
        iam.add_user_to_group()
            .group_name(format!("group-{}", i % groups))
            .user_name(&user)
            .send()
            .await?;
        iam.create_role()
            .role_name(format!("role-{i:05}"))
            .assume_role_policy_document(TRUST)
            .send()
            .await?;
        iam.create_policy()
            .policy_name(format!("policy-{i:05}"))
            .policy_document(POLICY)
            .send()
            .await?;
        ec2.create_security_group()
            .group_name(format!("sg-{i:05}"))
            .description("bench")
            .send()
            .await?;
        s3.create_bucket()
            .bucket(format!("bench-bucket-{i:05}"))
            .send()
            .await?;
        kms.create_key().description("bench").send().await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::var("MOTO_ENDPOINT")
        .map_err(|_| "set MOTO_ENDPOINT to a running moto server (bench/live.sh does)")?;
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1000);
    let sdk = sdk(&endpoint);
    let started = Instant::now();
    create(&sdk, n).await?;
    println!(
        "created {n} users, roles, policies, security groups, buckets and KMS keys in {:.1?}",
        started.elapsed()
    );

    let config = LiveConfig {
        regions: RegionSelection::List(vec!["us-east-1".into()]),
        endpoint_url: Some(endpoint),
        static_credentials: Some(Credentials::new("testing", "testing", None, None, "bench")),
        ..LiveConfig::default()
    };
    let live_sdk = config.sdk_config().await?;
    let started = Instant::now();
    let scan = driftguard_aws::collect(&live_sdk, &config).await;
    let elapsed = started.elapsed();
    let mut per_type = std::collections::BTreeMap::new();
    for r in &scan.resources {
        *per_type.entry(r.resource_type.as_str()).or_insert(0usize) += 1;
    }
    println!(
        "scan: {} resources, {} API calls, {:.1?} (max_concurrency {}), {} not scanned",
        scan.resources.len(),
        scan.stats.total(),
        elapsed,
        config.max_concurrency,
        scan.coverage.not_scanned.len()
    );
    for (t, count) in per_type {
        println!("  {t}: {count}");
    }
    print!("{}", scan.stats.render());
    Ok(())
}
