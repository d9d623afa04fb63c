//! What the live side reads from and how: profile, regions, assumed role, endpoint, limits.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_iam::config::{Credentials, SharedCredentialsProvider};

use crate::error::ConfigError;

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

#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Named profile of the shared config files; `None`: the standard credential chain.
    pub profile: Option<String>,
    /// Regions to scan; empty: the profile's or environment's region, else `us-east-1`.
    pub regions: Vec<String>,
    /// Role assumed (through STS) for every call.
    pub role_arn: Option<String>,
    /// Endpoint override for every service (emulators, VPC endpoints).
    pub endpoint_url: Option<String>,
    /// API calls in flight at once, over all services.
    pub max_concurrency: usize,
    pub retry: RetrySettings,
    /// Fixed credentials instead of the chain (emulators and tests).
    pub static_credentials: Option<Credentials>,
}

impl Default for LiveConfig {
    fn default() -> Self {
        LiveConfig {
            profile: None,
            regions: Vec::new(),
            role_arn: None,
            endpoint_url: None,
            max_concurrency: 8,
            retry: RetrySettings::default(),
            static_credentials: None,
        }
    }
}

impl LiveConfig {
    /// The region used for global services (IAM, STS).
    pub fn home_region(&self) -> Option<&str> {
        self.regions.first().map(String::as_str)
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
