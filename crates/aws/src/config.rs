//! What the live side reads from and how: profile, regions, assumed role, endpoint, limits.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_iam::config::{Credentials, SharedCredentialsProvider};

use crate::call::Caller;
use crate::error::{ApiError, ConfigError};

/// The region IAM (a global service) is called through when none is configured.
pub const DEFAULT_REGION: &str = "us-east-1";

#[derive(Debug, Clone, PartialEq)]
pub struct RetrySettings {
    /// Attempts per call, the first included.
    pub max_attempts: u32,
    pub initial_backoff: Duration,
}

impl Default for RetrySettings {
    fn default() -> Self {
        RetrySettings {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(500),
        }
    }
}

/// Which regions the regional services are read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionSelection {
    /// The profile's or environment's region, else `us-east-1`.
    Default,
    /// These regions (`--region`, `--regions a,b`); the first is the home region.
    List(Vec<String>),
    /// Every region enabled for the account (EC2 `DescribeRegions`).
    AllEnabled,
}

/// The regions to read, in order.
pub(crate) async fn resolve_regions(
    config: &LiveConfig,
    sdk_config: &SdkConfig,
    home: &str,
    caller: &Caller,
) -> Result<Vec<String>, ApiError> {
    match &config.regions {
        RegionSelection::Default => Ok(vec![home.to_string()]),
        RegionSelection::List(regions) => {
            let mut out: Vec<String> = Vec::new();
            for region in regions {
                if !out.contains(region) {
                    out.push(region.clone());
                }
            }
            Ok(out)
        }
        RegionSelection::AllEnabled => {
            let client = aws_sdk_ec2::Client::new(sdk_config);
            // Without AllRegions, only the regions enabled for the account are listed.
            let output = caller
                .call("ec2", "DescribeRegions", client.describe_regions().send())
                .await?;
            let mut regions: Vec<String> = output
                .regions()
                .iter()
                .filter_map(|r| r.region_name().map(str::to_string))
                .collect();
            regions.sort();
            if regions.is_empty() {
                return Err(ApiError::malformed(
                    "ec2",
                    "DescribeRegions",
                    "no region is enabled",
                ));
            }
            Ok(regions)
        }
    }
}

#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Named profile of the shared config files; `None`: the standard credential chain.
    pub profile: Option<String>,
    /// Regions to scan.
    pub regions: RegionSelection,
    /// Role assumed (through STS) for every call.
    pub role_arn: Option<String>,
    /// Endpoint override for every service (emulators, VPC endpoints).
    pub endpoint_url: Option<String>,
    /// API calls in flight at once, over all services.
    pub max_concurrency: usize,
    /// API calls started per second at most, over all services; `None`: no limit beyond the
    /// SDK's adaptive retry (which slows down on throttling by itself).
    pub max_rate: Option<f64>,
    pub retry: RetrySettings,
    /// Fixed credentials instead of the chain (emulators and tests).
    pub static_credentials: Option<Credentials>,
}

impl Default for LiveConfig {
    fn default() -> Self {
        LiveConfig {
            profile: None,
            regions: RegionSelection::Default,
            role_arn: None,
            endpoint_url: None,
            max_concurrency: 8,
            max_rate: None,
            retry: RetrySettings::default(),
            static_credentials: None,
        }
    }
}

impl LiveConfig {
    /// The region used for global services (IAM, STS, S3's bucket list).
    fn home_region(&self) -> Option<&str> {
        match &self.regions {
            RegionSelection::List(regions) => regions.first().map(String::as_str),
            _ => None,
        }
    }

    /// The SDK configuration: credential chain (or profile, or static credentials), adaptive
    /// retry, endpoint override, then the assumed role on top when `role_arn` is set.
    pub async fn sdk_config(&self) -> Result<SdkConfig, ConfigError> {
        if self.max_concurrency == 0 {
            return Err(ConfigError::ZeroConcurrency);
        }
        if self.retry.max_attempts == 0 {
            return Err(ConfigError::ZeroAttempts);
        }
        if self
            .max_rate
            .is_some_and(|rate| !(rate > 0.0 && rate.is_finite()))
        {
            return Err(ConfigError::InvalidRate);
        }
        let retry = RetryConfig::adaptive()
            .with_max_attempts(self.retry.max_attempts)
            .with_initial_backoff(self.retry.initial_backoff);
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).retry_config(retry);
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = self.home_region() {
            loader = loader.region(Region::new(region.to_string()));
        }
        if let Some(endpoint) = &self.endpoint_url {
            loader = loader.endpoint_url(endpoint);
        }
        if let Some(credentials) = &self.static_credentials {
            loader = loader.credentials_provider(credentials.clone());
        }
        let mut config = loader.load().await;
        if config.region().is_none() {
            config = config
                .into_builder()
                .region(Region::new(DEFAULT_REGION))
                .build();
        }
        if let Some(role_arn) = &self.role_arn {
            let provider = AssumeRoleProvider::builder(role_arn.clone())
                .session_name("driftguard")
                .configure(&config)
                .build()
                .await;
            config = config
                .into_builder()
                .credentials_provider(SharedCredentialsProvider::new(provider))
                .build();
        }
        Ok(config)
    }
}
