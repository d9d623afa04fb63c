//! What `drift` and `inventory` share: the AWS connection flags, the live scan, and reading
//! remote states (S3 and HTTP backends).

use std::cell::OnceCell;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Args;
use driftguard_aws::{LiveConfig, LiveScan, RegionSelection, RetrySettings};
use driftguard_terraform::state::{redact_url, FetchedState, StateError, StateSource};

/// How to reach AWS. The standard credential chain applies (environment, shared files, SSO,
/// container and instance roles); these flags narrow or override it.
#[derive(Args, Clone, Debug)]
pub struct AwsArgs {
    /// Named profile of the shared AWS config and credentials files.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Region to read; repeatable. Default: for `drift`, the regions the state's resources are
    /// in; else (and for `inventory`) the profile's or environment's region, else us-east-1.
    #[arg(long = "region", value_name = "REGION")]
    pub region: Vec<String>,
    /// Regions to read, comma-separated, or `all` for every region enabled in the account.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        conflicts_with = "region"
    )]
    pub regions: Vec<String>,
    /// Role to assume (through STS) for every call, e.g. a read-only audit role.
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
    /// Endpoint for every AWS service: an emulator or a VPC endpoint.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// API calls in flight at once, over all services and regions.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CONCURRENCY)]
    pub max_concurrency: usize,
    /// API calls started per second at most (e.g. to stay below an account's shared quota).
    #[arg(long, value_name = "PER_SECOND")]
    pub max_rate: Option<f64>,
    /// Attempts per API call (adaptive retry with backoff on throttling and 5xx).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ATTEMPTS)]
    pub max_attempts: u32,
    /// Print the API calls made, per service and operation, to standard error.
    #[arg(long)]
    pub stats: bool,
}

const DEFAULT_MAX_CONCURRENCY: usize = 8;
const DEFAULT_MAX_ATTEMPTS: u32 = 5;

/// The flags' defaults, for commands that expose only some of them (`trail`'s [`S3Access`]).
///
/// [`S3Access`]: crate::commands::trail::S3Access
impl Default for AwsArgs {
    fn default() -> Self {
        AwsArgs {
            profile: None,
            region: Vec::new(),
            regions: Vec::new(),
            role_arn: None,
            endpoint_url: None,
            max_concurrency: DEFAULT_MAX_CONCURRENCY,
            max_rate: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            stats: false,
        }
    }
}

impl AwsArgs {
    pub fn live_config(&self) -> Result<LiveConfig> {
        let regions = if self.regions.iter().any(|r| r == "all") {
            if self.regions.len() > 1 {
                bail!("--regions all cannot be combined with named regions");
            }
            RegionSelection::AllEnabled
        } else if !self.regions.is_empty() {
            RegionSelection::List(self.regions.iter().map(|r| r.trim().to_string()).collect())
        } else if !self.region.is_empty() {
            RegionSelection::List(self.region.clone())
        } else {
            RegionSelection::Default
        };
        if let RegionSelection::List(list) = &regions {
            if let Some(bad) = list.iter().find(|r| !is_region_name(r)) {
                bail!("{bad:?} is not an AWS region name (like eu-west-1)");
            }
        }
        Ok(LiveConfig {
            profile: self.profile.clone(),
            regions,
            role_arn: self.role_arn.clone(),
            endpoint_url: self.endpoint_url.clone(),
            max_concurrency: self.max_concurrency,
            max_rate: self.max_rate,
            retry: RetrySettings {
                max_attempts: self.max_attempts,
                initial_backoff: Duration::from_millis(500),
            },
            static_credentials: None,
        })
    }
}

/// `eu-west-1`, `us-gov-west-1`, `cn-north-1`: lowercase letters, digits and dashes.
fn is_region_name(name: &str) -> bool {
    !name.is_empty()
        && name.contains('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The async runtime the AWS SDK runs on (the rest of the CLI is synchronous), started on first
/// use: a command that reads only local files never starts it.
#[derive(Default)]
pub struct Runtime(OnceCell<tokio::runtime::Runtime>);

impl Runtime {
    pub fn get(&self) -> Result<&tokio::runtime::Runtime> {
        if let Some(rt) = self.0.get() {
            return Ok(rt);
        }
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        Ok(self.0.get_or_init(|| rt))
    }
}

/// One live scan (read-only), with `--stats` printed when asked.
pub fn scan(rt: &Runtime, args: &AwsArgs) -> Result<(LiveScan, Option<String>)> {
    let config = args.live_config()?;
    rt.get()?.block_on(async {
        let sdk = config.sdk_config().await?;
        let scan = driftguard_aws::collect(&sdk, &config).await;
        // The account is evidence in snapshots; failing to learn it is not a scan failure.
        let account = driftguard_aws::remote::account_id(&sdk).await.ok();
        if args.stats {
            eprint!(
                "AWS API calls: {} in all\n{}",
                scan.stats.total(),
                scan.stats.render()
            );
        }
        Ok((scan, account))
    })
}

/// Reads an S3 or HTTP backend state for [`driftguard_terraform::state::load_states_with`].
pub fn fetch_state(
    rt: &Runtime,
    args: &AwsArgs,
    source: &StateSource,
) -> Result<Vec<FetchedState>, StateError> {
    let remote_error = |message: String| StateError::Remote {
        location: source.to_string(),
        message,
    };
    match source {
        StateSource::S3 { bucket, key } => {
            let config = args
                .live_config()
                .map_err(|e| remote_error(e.to_string()))?;
            let rt = rt.get().map_err(|e| remote_error(format!("{e:#}")))?;
            rt.block_on(async {
                let sdk = config
                    .sdk_config()
                    .await
                    .map_err(|e| remote_error(e.to_string()))?;
                let objects = driftguard_aws::remote::fetch_s3_states(&sdk, bucket, key)
                    .await
                    .map_err(|e| remote_error(e.to_string()))?;
                Ok(objects
                    .into_iter()
                    .map(|o| FetchedState {
                        name: o.name,
                        bytes: o.bytes,
                    })
                    .collect())
            })
        }
        StateSource::Http(url) => fetch_http(url).map(|state| vec![state]),
        _ => Err(remote_error("not a remote source".into())),
    }
}

/// GET on a Terraform HTTP backend address. Credentials: userinfo in the URL, else
/// `TF_HTTP_USERNAME` / `TF_HTTP_PASSWORD` (Terraform's own variables), as basic auth.
fn fetch_http(url: &str) -> Result<FetchedState, StateError> {
    let shown = redact_url(url);
    let remote_error = |message: String| StateError::Remote {
        location: shown.clone(),
        message,
    };
    // The URL requested is the one shown: the userinfo goes into the header.
    let credentials = userinfo(url).or_else(|| {
        let user = std::env::var("TF_HTTP_USERNAME").ok()?;
        let password = std::env::var("TF_HTTP_PASSWORD").unwrap_or_default();
        Some((user, password))
    });
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.get(&shown);
    if let Some((user, password)) = credentials {
        request = request.header("Authorization", basic_auth(&user, &password));
    }
    let mut response = request.call().map_err(|e| remote_error(e.to_string()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(remote_error(format!("HTTP {status}")));
    }
    let bytes = response
        .body_mut()
        .with_config()
        // States of large estates are big; refuse only the absurd.
        .limit(2 * 1024 * 1024 * 1024)
        .read_to_vec()
        .map_err(|e| remote_error(e.to_string()))?;
    Ok(FetchedState { name: shown, bytes })
}

/// `https://user:pw@host/p` → `Some((user, pw))`, percent-decoded ([`redact_url`] is the URL
/// without them).
fn userinfo(url: &str) -> Option<(String, String)> {
    let (_, rest) = url.split_once("://")?;
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let userinfo = &rest[..rest[..authority_end].rfind('@')?];
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    Some((decode(user), decode(password)))
}

fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_is_rfc7617() {
        // RFC 7617 §2's example.
        assert_eq!(
            basic_auth("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic_auth("a", ""), "Basic YTo=");
    }

    #[test]
    fn userinfo_is_split_and_decoded() {
        let split_userinfo = |url: &str| (redact_url(url), userinfo(url));
        assert_eq!(
            split_userinfo("https://ci:p%40ss@state.example.com/prod"),
            (
                "https://state.example.com/prod".to_string(),
                Some(("ci".to_string(), "p@ss".to_string()))
            )
        );
        assert_eq!(
            split_userinfo("https://state.example.com/a@b"),
            ("https://state.example.com/a@b".to_string(), None)
        );
    }

    #[test]
    fn regions_are_validated() {
        let args = |regions: &[&str]| AwsArgs {
            regions: regions.iter().map(|s| s.to_string()).collect(),
            ..AwsArgs::default()
        };
        assert_eq!(
            args(&["all"]).live_config().unwrap().regions,
            RegionSelection::AllEnabled
        );
        assert_eq!(
            args(&["eu-west-1", "us-east-1"])
                .live_config()
                .unwrap()
                .regions,
            RegionSelection::List(vec!["eu-west-1".into(), "us-east-1".into()])
        );
        assert!(args(&["all", "eu-west-1"]).live_config().is_err());
        let e = args(&["EU West"]).live_config().unwrap_err().to_string();
        assert!(e.contains("not an AWS region name"), "{e}");
    }

    #[test]
    fn defaults_are_the_flags_defaults() {
        use clap::FromArgMatches;
        let matches = AwsArgs::augment_args(clap::Command::new("t")).get_matches_from(["t"]);
        let parsed = AwsArgs::from_arg_matches(&matches).unwrap();
        assert_eq!(format!("{parsed:?}"), format!("{:?}", AwsArgs::default()));
    }
}
