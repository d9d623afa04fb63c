//! Generates a large, realistic CloudTrail corpus for the ingest benchmark (`bench/trail.sh`).
//!
//! ```sh
//! cargo run --release -p driftguard-trail --example gen_corpus -- OUT_DIR [--events N] [--seed S]
//! ```
//!
//! Output: `OUT_DIR/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
//! <account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<random>.json.gz`, each a gzipped compact
//! `{"Records":[…]}` as CloudTrail delivers it, plus `OUT_DIR/corpus.txt` (key: value lines: events,
//! files, sizes, seed). Deterministic: the same `--events` and `--seed` give byte-identical files.
//!
//! The model, after the real logs in `../shared/fixtures/cloudtrail/` (Invictus IR dataset):
//! - two accounts (prod, staging), seven (account, region) pairs; one file per pair every five
//!   minutes (sometimes two for the same interval), a few dozen to several thousand records per
//!   file, busier during the working day;
//! - actors: Terraform runs (refresh reads, some writes, `NoSuchBucketPolicy` and friends), AWS
//!   Config and other service-linked roles, applications through SDKs (boto3, Java, Go, Node),
//!   the SSM agent's heartbeats, console users (SSO, `sessionCredentialFromConsole`), the CLI and
//!   CloudShell, CloudFormation, Pulumi, CDK hotswap, console sign-ins, service events, and
//!   a little traffic with unknown agents;
//! - IAM, EC2, S3, KMS, SSM, Secrets Manager, STS, Lambda, RDS, CloudTrail events whose
//!   `requestParameters`/`responseElements` have the real shapes (EC2's `items` sets, S3's `Host`
//!   and `additionalEventData`, IAM's policy documents as strings and URL-encoded in responses,
//!   KMS key metadata); global services (IAM, STS' global endpoint) only in us-east-1 files;
//! - about 80 % reads, a few percent failed calls and writes, some noise;
//! - eventTime spread over the delivery interval, unordered, a few percent late; about 1 % of
//!   the files also re-deliver part of an earlier file of the same account and region (same
//!   eventIDs), as overlapping trails do.

// The RunInstances response is one large json! literal.
#![recursion_limit = "512"]

use std::fmt::Write as _;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use driftguard_trail::Timestamp;
use flate2::write::GzEncoder;
use flate2::Compression;
use rayon::prelude::*;
use serde_json::{json, Map, Value};

/// Monday 2025-03-03T00:00:00Z.
const START: i64 = 1_740_960_000;
const INTERVAL: i64 = 300;

struct Account {
    id: &'static str,
    env: &'static str,
    /// (region, mean records per five-minute file)
    regions: &'static [(&'static str, f64)],
}

const ACCOUNTS: [Account; 2] = [
    Account {
        id: "111122223333",
        env: "prod",
        regions: &[
            ("us-east-1", 2500.0),
            ("eu-west-1", 1200.0),
            ("us-west-2", 500.0),
            ("ap-southeast-2", 200.0),
        ],
    },
    Account {
        id: "444455556666",
        env: "staging",
        regions: &[
            ("us-east-1", 800.0),
            ("eu-west-1", 400.0),
            ("us-west-2", 150.0),
        ],
    },
];

// ------------------------------------------------------------------------------------------ rng

/// SplitMix64: small, fast, and good enough for synthetic data.
#[derive(Clone)]
struct Rng(u64);

fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(23);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    fn f64(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn weighted<'a, T>(&mut self, items: &'a [(u32, T)]) -> &'a T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut x = self.below(total as u64) as u32;
        for (w, item) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].1
    }

    fn normal(&mut self) -> f64 {
        let u = self.f64().max(1e-12);
        let v = self.f64();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    fn chars(&mut self, n: usize, alphabet: &[u8]) -> String {
        (0..n)
            .map(|_| *self.pick(alphabet) as char)
            .collect::<String>()
    }

    fn hex(&mut self, n: usize) -> String {
        self.chars(n, b"0123456789abcdef")
    }

    fn upper(&mut self, n: usize) -> String {
        self.chars(n, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    }

    fn alnum(&mut self, n: usize) -> String {
        self.chars(
            n,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        )
    }

    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

/// A stable identifier: the same (account, region, kind, index) always gives the same text.
fn stable(env: &Env, kind: &str, i: u64) -> Rng {
    Rng::new(mix(
        mix(fnv(env.account.id), fnv(env.region)),
        mix(fnv(kind), i),
    ))
}

// ------------------------------------------------------------------------------------- plan

struct FilePlan {
    account: usize,
    region: usize,
    /// Start of the delivery interval (epoch seconds).
    start: i64,
    records: u32,
    seed: u64,
    /// Re-delivery of records `from..from+len` of an earlier file.
    redeliver: Option<(usize, u32, u32)>,
    path: PathBuf,
}

fn plan(total: u64, seed: u64) -> Vec<FilePlan> {
    let mut rng = Rng::new(mix(seed, 1));
    let mut files: Vec<FilePlan> = Vec::new();
    // The newest file index of each (account, region), for re-deliveries.
    let mut recent: Vec<Vec<usize>> = vec![Vec::new(); 16];
    let mut sum = 0u64;
    let mut interval = 0i64;
    'outer: loop {
        let start = START + interval * INTERVAL;
        let hour = ((start % 86_400) / 3600) as f64;
        let weekday = ((start / 86_400) + 3) % 7; // 1970-01-01 was a Thursday; 0 = Monday
        let week = if weekday >= 5 { 0.35 } else { 1.0 };
        let diurnal = 0.55 + 0.9 * (-(hour - 14.0).powi(2) / 32.0).exp();
        for (a, account) in ACCOUNTS.iter().enumerate() {
            for (r, (region, mean)) in account.regions.iter().enumerate() {
                let deliveries = if rng.chance(0.06) { 2 } else { 1 };
                for _ in 0..deliveries {
                    let want = mean * diurnal * week * (0.45 * rng.normal() - 0.1).exp()
                        / deliveries as f64;
                    let mut n = want.clamp(5.0, 9000.0) as u64;
                    let slot = a * 8 + r;
                    let redeliver = match recent[slot].len() {
                        k if k >= 4 && rng.chance(0.012) => {
                            let src = recent[slot][k - 1 - rng.below(3) as usize];
                            let len = files[src].records;
                            let take = (len as f64 * (0.05 + 0.3 * rng.f64())) as u32;
                            let from = rng.below((len - take) as u64 + 1) as u32;
                            (take > 0).then_some((src, from, take))
                        }
                        _ => None,
                    };
                    let extra = redeliver.map_or(0, |(_, _, t)| t as u64);
                    if sum + n + extra >= total {
                        n = total.saturating_sub(sum + extra).max(1);
                    }
                    let delivered =
                        Timestamp::from_second(start + INTERVAL + rng.below(240) as i64)
                            .expect("timestamp");
                    let path = PathBuf::from(format!(
                        "AWSLogs/{id}/CloudTrail/{region}/{date}/{id}_CloudTrail_{region}_{stamp}_{suffix}.json.gz",
                        id = account.id,
                        date = delivered.strftime("%Y/%m/%d"),
                        stamp = delivered.strftime("%Y%m%dT%H%MZ"),
                        suffix = rng.alnum(16),
                    ));
                    files.push(FilePlan {
                        account: a,
                        region: r,
                        start,
                        records: n as u32,
                        seed: rng.next(),
                        redeliver,
                        path,
                    });
                    recent[slot].push(files.len() - 1);
                    sum += n + extra;
                    if sum >= total {
                        break 'outer;
                    }
                }
            }
        }
        interval += 1;
    }
    files
}

// ------------------------------------------------------------------------------------ model

struct Env<'a> {
    account: &'a Account,
    region: &'a str,
}

impl Env<'_> {
    fn acct(&self) -> &str {
        self.account.id
    }
    fn global(&self) -> bool {
        self.region == "us-east-1"
    }
    /// One of the `count` resources of a kind, by its EC2 id: `{prefix}-0` and 16 hex digits.
    fn ec2_id(&self, rng: &mut Rng, prefix: &str, kind: &str, count: u64) -> String {
        let i = rng.below(count);
        format!("{prefix}-0{}", stable(self, kind, i).hex(16))
    }
    fn instance(&self, rng: &mut Rng) -> String {
        self.ec2_id(rng, "i", "instance", 60)
    }
    fn sg(&self, rng: &mut Rng) -> String {
        self.ec2_id(rng, "sg", "sg", 25)
    }
    fn vpc(&self, rng: &mut Rng) -> String {
        self.ec2_id(rng, "vpc", "vpc", 3)
    }
    fn subnet(&self, rng: &mut Rng) -> String {
        self.ec2_id(rng, "subnet", "subnet", 9)
    }
    fn volume(&self, rng: &mut Rng) -> String {
        self.ec2_id(rng, "vol", "volume", 80)
    }
    fn eni(&self, rng: &mut Rng) -> String {
        self.ec2_id(rng, "eni", "eni", 80)
    }
    fn ami(&self, rng: &mut Rng) -> String {
        self.ec2_id(rng, "ami", "ami", 4)
    }
    fn key_id(&self, rng: &mut Rng) -> String {
        let i = rng.below(10);
        stable(self, "kms", i).uuid()
    }
    fn key_arn(&self, key: &str) -> String {
        format!("arn:aws:kms:{}:{}:key/{key}", self.region, self.acct())
    }
    fn bucket(&self, rng: &mut Rng) -> String {
        const KINDS: [&str; 12] = [
            "app-assets",
            "access-logs",
            "terraform-state",
            "data-lake-raw",
            "data-lake-curated",
            "backups",
            "cloudtrail",
            "artifacts",
            "static-site",
            "exports",
            "ml-datasets",
            "config-history",
        ];
        let i = rng.below(KINDS.len() as u64);
        let tag = Rng::new(mix(fnv(self.acct()), i)).hex(6);
        format!("acme-{}-{}-{tag}", self.account.env, KINDS[i as usize])
    }
    fn role(&self, rng: &mut Rng) -> &'static str {
        const ROLES: [&str; 10] = [
            "app-backend",
            "app-worker",
            "lambda-ingest",
            "lambda-thumbnailer",
            "eks-node-group",
            "ecs-task-execution",
            "rds-monitoring",
            "github-actions-deploy",
            "data-pipeline",
            "break-glass-admin",
        ];
        rng.pick::<&str>(&ROLES)
    }
    fn user(&self, rng: &mut Rng) -> &'static str {
        const USERS: [&str; 6] = ["alice", "bob", "carol", "dave", "legacy-batch", "ci-bot"];
        rng.pick::<&str>(&USERS)
    }
    fn policy_arn(&self, rng: &mut Rng) -> String {
        if rng.chance(0.5) {
            let p = rng.pick(&[
                "AmazonSSMManagedInstanceCore",
                "ReadOnlyAccess",
                "AmazonS3ReadOnlyAccess",
                "CloudWatchAgentServerPolicy",
                "AdministratorAccess",
                "service-role/AWSLambdaBasicExecutionRole",
            ]);
            format!("arn:aws:iam::aws:policy/{p}")
        } else {
            let p = rng.pick(&[
                "app-s3-access",
                "app-kms-use",
                "deploy-permissions",
                "read-secrets",
                "pipeline-artifacts",
            ]);
            format!("arn:aws:iam::{}:policy/{p}", self.acct())
        }
    }
    fn function(&self, rng: &mut Rng) -> String {
        let f = rng.pick(&[
            "ingest-events",
            "thumbnailer",
            "nightly-report",
            "slack-notifier",
            "api-authorizer",
        ]);
        format!("{}-{f}", self.account.env)
    }
    fn db(&self, rng: &mut Rng) -> String {
        let d = rng.pick(&["orders", "users", "analytics"]);
        format!("{}-{d}-db", self.account.env)
    }
    fn parameter(&self, rng: &mut Rng) -> String {
        let p = rng.pick(&[
            "db/password",
            "db/host",
            "api/key",
            "feature-flags",
            "cloudwatch-agent/config",
        ]);
        format!("/{}/{p}", self.account.env)
    }
    fn secret(&self, rng: &mut Rng) -> String {
        let s = rng.pick(&["rds-credentials", "stripe-api-key", "oauth-client"]);
        format!("{}/{s}", self.account.env)
    }
    fn az(&self, rng: &mut Rng) -> String {
        format!("{}{}", self.region, rng.pick(&["a", "b", "c"]))
    }
}

/// Who makes a call.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Actor {
    Terraform,
    Config,
    Sdk,
    Lambda,
    SsmAgent,
    Console,
    Cli,
    CloudFormation,
    AutoScaling,
    Pulumi,
    CdkHotswap,
    Unknown,
    SignIn,
    ServiceEvent,
}

const ACTORS: &[(u32, Actor)] = &[
    (200, Actor::Terraform),
    (170, Actor::Config),
    (200, Actor::Sdk),
    (60, Actor::Lambda),
    (90, Actor::SsmAgent),
    (90, Actor::Console),
    (55, Actor::Cli),
    (15, Actor::CloudFormation),
    (12, Actor::AutoScaling),
    (8, Actor::Pulumi),
    (4, Actor::CdkHotswap),
    (6, Actor::Unknown),
    (3, Actor::SignIn),
    (6, Actor::ServiceEvent),
];

/// Defines [`Op`] and its variant names.
macro_rules! ops {
    ($($v:ident),* $(,)?) => {
        /// The API calls the generator knows.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        enum Op { $($v),* }

        impl Op {
            fn variant_name(self) -> &'static str {
                match self { $(Op::$v => stringify!($v)),* }
            }
        }
    };
}

ops! {
    DescribeInstances,
    DescribeSecurityGroups,
    DescribeVpcs,
    DescribeSubnets,
    DescribeRouteTables,
    DescribeVolumes,
    DescribeNetworkInterfaces,
    DescribeAccountAttributes,
    DescribeImages,
    RunInstances,
    TerminateInstances,
    CreateSecurityGroup,
    AuthorizeSecurityGroupIngress,
    RevokeSecurityGroupIngress,
    CreateTags,
    ModifyInstanceAttribute,
    CreateVolume,
    GetRole,
    GetUser,
    ListAttachedRolePolicies,
    ListRolePolicies,
    GetPolicy,
    GetPolicyVersion,
    ListAccessKeys,
    CreateRole,
    AttachRolePolicy,
    PutRolePolicy,
    CreateUser,
    CreateAccessKey,
    AddUserToGroup,
    CreatePolicy,
    UpdateAssumeRolePolicy,
    GetBucketAcl,
    GetBucketPolicy,
    GetBucketVersioning,
    GetBucketEncryption,
    GetBucketPublicAccessBlock,
    GetBucketTagging,
    ListBuckets,
    CreateBucket,
    PutBucketPolicy,
    PutBucketVersioning,
    PutBucketEncryption,
    PutBucketPublicAccessBlock,
    PutBucketTagging,
    DescribeKey,
    GetKeyPolicy,
    GetKeyRotationStatus,
    ListAliases,
    Decrypt,
    GenerateDataKey,
    CreateKey,
    PutKeyPolicy,
    EnableKeyRotation,
    CreateAlias,
    ScheduleKeyDeletion,
    DisableKey,
    GetParameter,
    GetParametersByPath,
    PutParameter,
    UpdateInstanceInformation,
    ListInstanceAssociations,
    GetSecretValue,
    AssumeRole,
    GetCallerIdentity,
    GetFunction,
    ListFunctions,
    UpdateFunctionCode,
    UpdateFunctionConfiguration,
    DescribeDBInstances,
    ModifyDBInstance,
    DescribeTrails,
    GetTrailStatus,
    StopLogging,
    ConsoleLogin,
    RotateKey,
}

use Op::*;

impl Op {
    /// (eventSource, eventName, readOnly, global service)
    fn meta(self) -> (&'static str, &'static str, bool, bool) {
        let name = match self {
            UpdateFunctionCode => "UpdateFunctionCode20150331v2",
            UpdateFunctionConfiguration => "UpdateFunctionConfiguration20150331v2",
            GetFunction => "GetFunction20150331v2",
            ListFunctions => "ListFunctions20150331",
            _ => self.variant_name(),
        };
        let source = match self {
            DescribeInstances
            | DescribeSecurityGroups
            | DescribeVpcs
            | DescribeSubnets
            | DescribeRouteTables
            | DescribeVolumes
            | DescribeNetworkInterfaces
            | DescribeAccountAttributes
            | DescribeImages
            | RunInstances
            | TerminateInstances
            | CreateSecurityGroup
            | AuthorizeSecurityGroupIngress
            | RevokeSecurityGroupIngress
            | CreateTags
            | ModifyInstanceAttribute
            | CreateVolume => "ec2.amazonaws.com",
            GetRole
            | GetUser
            | ListAttachedRolePolicies
            | ListRolePolicies
            | GetPolicy
            | GetPolicyVersion
            | ListAccessKeys
            | CreateRole
            | AttachRolePolicy
            | PutRolePolicy
            | CreateUser
            | CreateAccessKey
            | AddUserToGroup
            | CreatePolicy
            | UpdateAssumeRolePolicy => "iam.amazonaws.com",
            GetBucketAcl
            | GetBucketPolicy
            | GetBucketVersioning
            | GetBucketEncryption
            | GetBucketPublicAccessBlock
            | GetBucketTagging
            | ListBuckets
            | CreateBucket
            | PutBucketPolicy
            | PutBucketVersioning
            | PutBucketEncryption
            | PutBucketPublicAccessBlock
            | PutBucketTagging => "s3.amazonaws.com",
            DescribeKey | GetKeyPolicy | GetKeyRotationStatus | ListAliases | Decrypt
            | GenerateDataKey | CreateKey | PutKeyPolicy | EnableKeyRotation | CreateAlias
            | ScheduleKeyDeletion | DisableKey | RotateKey => "kms.amazonaws.com",
            GetParameter
            | GetParametersByPath
            | PutParameter
            | UpdateInstanceInformation
            | ListInstanceAssociations => "ssm.amazonaws.com",
            GetSecretValue => "secretsmanager.amazonaws.com",
            AssumeRole | GetCallerIdentity => "sts.amazonaws.com",
            GetFunction | ListFunctions | UpdateFunctionCode | UpdateFunctionConfiguration => {
                "lambda.amazonaws.com"
            }
            DescribeDBInstances | ModifyDBInstance => "rds.amazonaws.com",
            DescribeTrails | GetTrailStatus | StopLogging => "cloudtrail.amazonaws.com",
            ConsoleLogin => "signin.amazonaws.com",
        };
        let read_only = matches!(
            self,
            DescribeInstances
                | DescribeSecurityGroups
                | DescribeVpcs
                | DescribeSubnets
                | DescribeRouteTables
                | DescribeVolumes
                | DescribeNetworkInterfaces
                | DescribeAccountAttributes
                | DescribeImages
                | GetRole
                | GetUser
                | ListAttachedRolePolicies
                | ListRolePolicies
                | GetPolicy
                | GetPolicyVersion
                | ListAccessKeys
                | GetBucketAcl
                | GetBucketPolicy
                | GetBucketVersioning
                | GetBucketEncryption
                | GetBucketPublicAccessBlock
                | GetBucketTagging
                | ListBuckets
                | DescribeKey
                | GetKeyPolicy
                | GetKeyRotationStatus
                | ListAliases
                | Decrypt
                | GenerateDataKey
                | GetParameter
                | GetParametersByPath
                | ListInstanceAssociations
                | GetSecretValue
                | AssumeRole
                | GetCallerIdentity
                | GetFunction
                | ListFunctions
                | DescribeDBInstances
                | DescribeTrails
                | GetTrailStatus
        );
        let global = source == "iam.amazonaws.com";
        (source, name, read_only, global)
    }
}

/// What an actor calls: (reads, writes, P(write), P(failure)), the calls weighted.
type Repertoire = (&'static [(u32, Op)], &'static [(u32, Op)], f64, f64);

fn repertoire(actor: Actor) -> Repertoire {
    match actor {
        Actor::Terraform => (
            &[
                (12, DescribeInstances),
                (10, DescribeSecurityGroups),
                (6, DescribeVpcs),
                (6, DescribeSubnets),
                (6, DescribeRouteTables),
                (4, DescribeVolumes),
                (4, DescribeNetworkInterfaces),
                (5, DescribeAccountAttributes),
                (3, DescribeImages),
                (10, GetRole),
                (3, GetUser),
                (8, ListAttachedRolePolicies),
                (8, ListRolePolicies),
                (4, GetPolicy),
                (4, GetPolicyVersion),
                (6, GetBucketAcl),
                (6, GetBucketPolicy),
                (6, GetBucketVersioning),
                (5, GetBucketEncryption),
                (5, GetBucketPublicAccessBlock),
                (5, GetBucketTagging),
                (5, DescribeKey),
                (5, GetKeyPolicy),
                (5, GetKeyRotationStatus),
                (2, ListAliases),
                (3, GetFunction),
                (3, DescribeDBInstances),
                (2, DescribeTrails),
                (2, GetTrailStatus),
                (3, GetCallerIdentity),
            ],
            &[
                (4, CreateRole),
                (6, AttachRolePolicy),
                (5, PutRolePolicy),
                (2, CreatePolicy),
                (2, UpdateAssumeRolePolicy),
                (4, CreateSecurityGroup),
                (6, AuthorizeSecurityGroupIngress),
                (2, RevokeSecurityGroupIngress),
                (8, CreateTags),
                (3, RunInstances),
                (1, TerminateInstances),
                (2, ModifyInstanceAttribute),
                (2, CreateVolume),
                (2, CreateBucket),
                (3, PutBucketPolicy),
                (3, PutBucketVersioning),
                (3, PutBucketEncryption),
                (3, PutBucketPublicAccessBlock),
                (3, PutBucketTagging),
                (2, CreateKey),
                (2, PutKeyPolicy),
                (2, EnableKeyRotation),
                (2, CreateAlias),
                (3, UpdateFunctionCode),
                (2, UpdateFunctionConfiguration),
                (2, ModifyDBInstance),
                (2, PutParameter),
            ],
            0.12,
            0.09,
        ),
        Actor::Config => (
            &[
                (10, DescribeInstances),
                (10, DescribeSecurityGroups),
                (5, DescribeVpcs),
                (5, DescribeSubnets),
                (5, DescribeRouteTables),
                (6, DescribeVolumes),
                (6, DescribeNetworkInterfaces),
                (6, GetRole),
                (4, GetUser),
                (5, ListAttachedRolePolicies),
                (5, ListRolePolicies),
                (4, GetPolicy),
                (4, GetPolicyVersion),
                (2, ListAccessKeys),
                (6, GetBucketAcl),
                (5, GetBucketPolicy),
                (4, GetBucketVersioning),
                (4, GetBucketEncryption),
                (4, GetBucketPublicAccessBlock),
                (3, GetBucketTagging),
                (3, DescribeKey),
                (3, GetKeyPolicy),
                (3, GetKeyRotationStatus),
                (3, DescribeDBInstances),
                (2, GetFunction),
                (2, DescribeTrails),
            ],
            &[],
            0.0,
            0.03,
        ),
        Actor::Sdk => (
            &[
                (30, Decrypt),
                (14, GenerateDataKey),
                (12, GetParameter),
                (5, GetParametersByPath),
                (10, GetSecretValue),
                (14, AssumeRole),
                (6, GetCallerIdentity),
                (6, DescribeInstances),
                (3, DescribeDBInstances),
                (3, ListBuckets),
                (2, DescribeKey),
            ],
            &[
                (6, PutParameter),
                (5, CreateTags),
                (2, ModifyInstanceAttribute),
            ],
            0.03,
            0.06,
        ),
        Actor::Lambda => (
            &[
                (30, Decrypt),
                (10, GetParameter),
                (8, GetSecretValue),
                (6, AssumeRole),
                (3, ListFunctions),
                (3, GetFunction),
            ],
            &[(4, PutParameter), (1, UpdateFunctionConfiguration)],
            0.01,
            0.03,
        ),
        Actor::SsmAgent => (
            &[(30, ListInstanceAssociations), (8, GetParameter)],
            &[(60, UpdateInstanceInformation)],
            0.6,
            0.01,
        ),
        Actor::Console => (
            &[
                (10, DescribeInstances),
                (6, DescribeSecurityGroups),
                (3, DescribeVpcs),
                (3, DescribeSubnets),
                (3, DescribeVolumes),
                (3, DescribeImages),
                (6, GetRole),
                (4, GetUser),
                (4, ListAttachedRolePolicies),
                (3, ListRolePolicies),
                (2, ListAccessKeys),
                (8, GetBucketAcl),
                (4, GetBucketPolicy),
                (4, GetBucketVersioning),
                (3, GetBucketEncryption),
                (3, GetBucketPublicAccessBlock),
                (3, GetBucketTagging),
                (6, ListBuckets),
                (3, DescribeKey),
                (3, ListAliases),
                (3, ListFunctions),
                (3, GetFunction),
                (4, DescribeDBInstances),
                (2, DescribeTrails),
                (2, GetTrailStatus),
                (3, GetParametersByPath),
            ],
            &[
                (6, AuthorizeSecurityGroupIngress),
                (2, RevokeSecurityGroupIngress),
                (3, CreateSecurityGroup),
                (4, ModifyInstanceAttribute),
                (3, CreateTags),
                (2, RunInstances),
                (2, TerminateInstances),
                (3, AttachRolePolicy),
                (2, PutRolePolicy),
                (2, CreateUser),
                (2, CreateAccessKey),
                (2, AddUserToGroup),
                (3, PutBucketPolicy),
                (2, PutBucketPublicAccessBlock),
                (2, PutBucketVersioning),
                (1, CreateBucket),
                (2, PutKeyPolicy),
                (1, DisableKey),
                (1, ScheduleKeyDeletion),
                (2, UpdateFunctionConfiguration),
                (2, ModifyDBInstance),
                (2, PutParameter),
                (1, StopLogging),
            ],
            0.08,
            0.06,
        ),
        Actor::Cli => (
            &[
                (10, DescribeInstances),
                (5, DescribeSecurityGroups),
                (3, DescribeVpcs),
                (4, GetCallerIdentity),
                (5, ListBuckets),
                (3, GetBucketPolicy),
                (4, GetRole),
                (3, ListAttachedRolePolicies),
                (3, GetParameter),
                (2, GetSecretValue),
                (3, DescribeKey),
                (3, ListFunctions),
                (2, DescribeDBInstances),
                (3, AssumeRole),
            ],
            &[
                (4, AuthorizeSecurityGroupIngress),
                (4, CreateTags),
                (2, TerminateInstances),
                (2, RunInstances),
                (2, ModifyInstanceAttribute),
                (2, AttachRolePolicy),
                (2, PutRolePolicy),
                (1, CreateAccessKey),
                (3, PutBucketPolicy),
                (2, PutBucketVersioning),
                (1, PutBucketPublicAccessBlock),
                (2, PutKeyPolicy),
                (1, EnableKeyRotation),
                (3, PutParameter),
                (3, UpdateFunctionCode),
            ],
            0.12,
            0.08,
        ),
        Actor::CloudFormation => (
            &[
                (5, DescribeSecurityGroups),
                (3, DescribeInstances),
                (4, GetRole),
                (3, GetBucketPolicy),
                (2, DescribeKey),
                (2, GetFunction),
            ],
            &[
                (4, CreateRole),
                (4, AttachRolePolicy),
                (4, PutRolePolicy),
                (4, CreateSecurityGroup),
                (4, AuthorizeSecurityGroupIngress),
                (6, CreateTags),
                (2, RunInstances),
                (3, CreateBucket),
                (3, PutBucketPolicy),
                (3, PutBucketEncryption),
                (2, CreateKey),
                (2, CreateAlias),
                (4, UpdateFunctionCode),
                (2, PutParameter),
            ],
            0.35,
            0.03,
        ),
        Actor::AutoScaling => (
            &[
                (5, DescribeInstances),
                (2, DescribeImages),
                (2, DescribeSubnets),
            ],
            &[(4, RunInstances), (3, TerminateInstances), (4, CreateTags)],
            0.3,
            0.02,
        ),
        Actor::Pulumi => (
            &[
                (6, DescribeInstances),
                (6, DescribeSecurityGroups),
                (4, GetRole),
                (4, GetBucketPolicy),
                (3, GetBucketVersioning),
                (3, DescribeKey),
            ],
            &[
                (4, CreateRole),
                (4, AttachRolePolicy),
                (4, AuthorizeSecurityGroupIngress),
                (4, CreateTags),
                (3, PutBucketPolicy),
                (3, PutBucketVersioning),
                (2, CreateKey),
            ],
            0.08,
            0.05,
        ),
        Actor::CdkHotswap => (
            &[(6, GetFunction), (3, DescribeKey), (2, GetCallerIdentity)],
            &[(6, UpdateFunctionCode), (3, UpdateFunctionConfiguration)],
            0.3,
            0.02,
        ),
        Actor::Unknown => (
            &[
                (6, GetCallerIdentity),
                (6, ListBuckets),
                (4, GetBucketAcl),
                (3, DescribeInstances),
                (3, GetUser),
                (3, ListAccessKeys),
            ],
            &[
                (3, CreateAccessKey),
                (2, CreateUser),
                (2, AttachRolePolicy),
                (2, PutBucketPolicy),
                (1, StopLogging),
            ],
            0.1,
            0.35,
        ),
        Actor::SignIn => (&[], &[(1, ConsoleLogin)], 1.0, 0.03),
        Actor::ServiceEvent => (&[], &[(1, RotateKey)], 1.0, 0.0),
    }
}

// ----------------------------------------------------------------------------------- agents

const TF_CORE: &[&str] = &["1.5.7", "1.6.6", "1.7.4"];
const TF_PROVIDER: &[&str] = &["5.31.0", "5.38.0", "5.40.0"];

fn terraform_agent(rng: &mut Rng) -> String {
    let mut ua =
        format!(
        "APN/1.0 HashiCorp/1.0 Terraform/{} (+https://www.terraform.io) terraform-provider-aws/{} \
         (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2 os/linux \
         lang/go#1.21.7 md/GOOS#linux md/GOARCH#amd64 api/{}",
        rng.pick(TF_CORE),
        rng.pick(TF_PROVIDER),
        rng.pick(&["ec2#1.149.1", "iam#1.30.1", "s3#1.51.1", "kms#1.29.1", "lambda#1.53.1"]),
    );
    match rng.below(20) {
        0 => ua.push_str(" opentofu/1.6.2"),
        1 | 2 => ua.push_str(" HashiCorp-terraform-exec/0.20.0"),
        3 => ua.push_str(" cdktf/0.20.4 (+https://github.com/hashicorp/terraform-cdk)"),
        _ => {}
    }
    ua
}

fn sdk_agent(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 | 1 => format!(
            "Boto3/1.34.{} md/Botocore#1.34.{} ua/2.0 os/linux#5.10.205-195.804.amzn2.x86_64 \
             md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#legacy \
             Botocore/1.34.{}",
            40 + rng.below(20),
            40 + rng.below(20),
            40 + rng.below(20)
        ),
        2 => "aws-sdk-java/2.21.29 Linux/5.10.205-195.804.amzn2.x86_64 \
              OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS Java/17.0.9 vendor/Amazon.com_Inc. io/sync \
              http/Apache cfg/retry-mode/legacy"
            .to_string(),
        3 => "aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 \
              api/kms#1.27.7"
            .to_string(),
        _ => "aws-sdk-nodejs/2.1490.0 linux/v18.18.2 exec-env/AWS_ECS_FARGATE promise".to_string(),
    }
}

fn cli_agent(rng: &mut Rng, op: Op) -> String {
    let (source, name, _, _) = op.meta();
    let service = source.trim_end_matches(".amazonaws.com");
    let env = if rng.chance(0.25) {
        " exec-env/CloudShell"
    } else {
        ""
    };
    format!(
        "aws-cli/2.15.{} md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-1014-aws md/arch#x86_64 \
         lang/python#3.11.6 md/pyimpl#CPython{env} cfg/retry-mode#standard md/installer#exe \
         md/distrib#ubuntu.22 md/prompt#off md/command#{service}.{}",
        10 + rng.below(20),
        kebab(name)
    )
}

fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_digit() {
            break;
        } else {
            out.push(c);
        }
    }
    out
}

fn console_agent(rng: &mut Rng, op: Op) -> String {
    let (source, ..) = op.meta();
    if source == "s3.amazonaws.com" {
        return "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 \
                Linux/5.10.184-153.731.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b08 \
                java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard]"
            .to_string();
    }
    match rng.below(4) {
        0 => "AWS Internal".to_string(),
        1 => "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like \
              Gecko) Chrome/122.0.0.0 Safari/537.36"
            .to_string(),
        2 => "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"
            .to_string(),
        _ => format!("console.{}", source),
    }
}

// ------------------------------------------------------------------------------- identities

fn access_key(rng: &mut Rng, temporary: bool) -> String {
    format!(
        "{}{}",
        if temporary { "ASIA" } else { "AKIA" },
        rng.upper(16)
    )
}

fn principal_id(env: &Env, prefix: &str, name: &str) -> String {
    let mut r = stable(env, prefix, fnv(name));
    format!("{prefix}{}", r.upper(17))
}

fn assumed_role(
    env: &Env,
    rng: &mut Rng,
    role: &str,
    session: &str,
    mfa: bool,
    invoked_by: Option<&str>,
    time: i64,
) -> Value {
    let role_id = principal_id(env, "AROA", role);
    let created = Timestamp::from_second(time - rng.below(3000) as i64 - 60)
        .expect("timestamp")
        .to_string();
    let mut v = json!({
        "type": "AssumedRole",
        "principalId": format!("{role_id}:{session}"),
        "arn": format!("arn:aws:sts::{}:assumed-role/{role}/{session}", env.acct()),
        "accountId": env.acct(),
        "accessKeyId": access_key(rng, true),
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": format!("arn:aws:iam::{}:role/{}", env.acct(), role_path(role)),
                "accountId": env.acct(),
                "userName": role
            },
            "webIdFederationData": {},
            "attributes": {"creationDate": created, "mfaAuthenticated": mfa.to_string()}
        }
    });
    if let Some(by) = invoked_by {
        v["invokedBy"] = json!(by);
    }
    v
}

fn role_path(role: &str) -> String {
    if role.starts_with("AWSServiceRoleFor") {
        let service = match role {
            "AWSServiceRoleForConfig" => "config.amazonaws.com",
            _ => "autoscaling.amazonaws.com",
        };
        format!("aws-service-role/{service}/{role}")
    } else if role.starts_with("AWSReservedSSO_") {
        format!("aws-reserved/sso.amazonaws.com/{role}")
    } else {
        role.to_string()
    }
}

fn iam_user(env: &Env, rng: &mut Rng, user: &str, temporary: bool) -> Value {
    json!({
        "type": "IAMUser",
        "principalId": principal_id(env, "AIDA", user),
        "arn": format!("arn:aws:iam::{}:user/{user}", env.acct()),
        "accountId": env.acct(),
        "accessKeyId": access_key(rng, temporary),
        "userName": user
    })
}

/// (userIdentity, sourceIPAddress, userAgent, from the console)
fn identity(
    actor: Actor,
    env: &Env,
    rng: &mut Rng,
    op: Op,
    time: i64,
) -> (Value, String, Option<String>, bool) {
    let office_ip = || "203.0.113.".to_string();
    match actor {
        Actor::Terraform => {
            let (role, session) = if rng.chance(0.7) {
                (
                    "terraform-deployer",
                    format!("terraform-run-{}", rng.below(400)),
                )
            } else {
                ("github-actions-deploy", "GitHubActions".to_string())
            };
            let id = assumed_role(env, rng, role, &session, false, None, time);
            let ip = format!(
                "52.{}.{}.{}",
                rng.below(50) + 10,
                rng.below(256),
                rng.below(256)
            );
            (id, ip, Some(terraform_agent(rng)), false)
        }
        Actor::Config => (
            assumed_role(
                env,
                rng,
                "AWSServiceRoleForConfig",
                "AWSConfig-Describe",
                false,
                Some("config.amazonaws.com"),
                time,
            ),
            "config.amazonaws.com".into(),
            Some("config.amazonaws.com".into()),
            false,
        ),
        Actor::Sdk => {
            let role = env.role(rng);
            let session = env.instance(rng);
            let id = assumed_role(env, rng, role, &session, false, None, time);
            let ip = format!("10.{}.{}.{}", rng.below(4), rng.below(256), rng.below(256));
            (id, ip, Some(sdk_agent(rng)), false)
        }
        Actor::Lambda => {
            let f = env.function(rng);
            let id = assumed_role(env, rng, "lambda-ingest", &f, false, None, time);
            let ip = format!("3.{}.{}.{}", rng.below(256), rng.below(256), rng.below(256));
            let ua =
                "aws-sdk-nodejs/2.1490.0 linux/v18.18.2 exec-env/AWS_Lambda_nodejs18.x promise";
            (id, ip, Some(ua.into()), false)
        }
        Actor::SsmAgent => {
            let session = env.instance(rng);
            let id = assumed_role(
                env,
                rng,
                "AmazonSSMRoleForInstancesQuickSetup",
                &session,
                false,
                None,
                time,
            );
            let ip = format!("10.{}.{}.{}", rng.below(4), rng.below(256), rng.below(256));
            let ua = "aws-sdk-go/1.44.260 (go1.20.7; linux; amd64) amazon-ssm-agent/3.2.1705.0";
            (id, ip, Some(ua.into()), false)
        }
        Actor::Console => {
            let user = *rng.pick(&["alice", "carol", "dave"]);
            let id = if rng.chance(0.8) {
                let mut id = assumed_role(
                    env,
                    rng,
                    "AWSReservedSSO_AdministratorAccess_5e3f2a1b9c8d7e6f",
                    &format!("{user}@example.com"),
                    true,
                    None,
                    time,
                );
                if rng.chance(0.3) {
                    id["invokedBy"] = json!("AWS Internal");
                }
                id
            } else {
                let mut id = iam_user(env, rng, user, true);
                id["sessionContext"] = json!({
                    "sessionIssuer": {},
                    "webIdFederationData": {},
                    "attributes": {
                        "creationDate": Timestamp::from_second(time - 900).expect("ts").to_string(),
                        "mfaAuthenticated": "true"
                    }
                });
                id
            };
            let ip = format!("{}{}", office_ip(), rng.below(64) + 10);
            (id, ip, Some(console_agent(rng, op)), true)
        }
        Actor::Cli => {
            let id = if rng.chance(0.5) {
                {
                    let user = *rng.pick(&["bob", "legacy-batch"]);
                    iam_user(env, rng, user, false)
                }
            } else {
                assumed_role(
                    env,
                    rng,
                    "AWSReservedSSO_PowerUserAccess_0a1b2c3d4e5f6a7b",
                    "bob@example.com",
                    false,
                    None,
                    time,
                )
            };
            let ip = format!("{}{}", office_ip(), rng.below(64) + 10);
            (id, ip, Some(cli_agent(rng, op)), false)
        }
        Actor::CloudFormation => (
            assumed_role(
                env,
                rng,
                "cdk-hnb659fds-cfn-exec-role",
                "AWSCloudFormation",
                false,
                Some("cloudformation.amazonaws.com"),
                time,
            ),
            "cloudformation.amazonaws.com".into(),
            Some("cloudformation.amazonaws.com".into()),
            false,
        ),
        Actor::AutoScaling => (
            assumed_role(
                env,
                rng,
                "AWSServiceRoleForAutoScaling",
                "AutoScaling",
                false,
                Some("autoscaling.amazonaws.com"),
                time,
            ),
            "autoscaling.amazonaws.com".into(),
            Some("autoscaling.amazonaws.com".into()),
            false,
        ),
        Actor::Pulumi => {
            let id = assumed_role(env, rng, "pulumi-deployer", "pulumi", false, None, time);
            let ua = "APN/1.0 Pulumi/1.0 Pulumi-Aws/6.22.2 (+https://www.pulumi.com) \
                      aws-sdk-go/1.50.17 (go1.21.7; linux; amd64)";
            let ip = format!(
                "34.{}.{}.{}",
                rng.below(256),
                rng.below(256),
                rng.below(256)
            );
            (id, ip, Some(ua.into()), false)
        }
        Actor::CdkHotswap => {
            let id = assumed_role(
                env,
                rng,
                "cdk-hnb659fds-deploy-role",
                "aws-cdk-dave",
                false,
                None,
                time,
            );
            let ua = "aws-sdk-nodejs/2.1531.0 linux/v20.11.0 aws-cdk/2.128.0 promise";
            let ip = format!("{}{}", office_ip(), rng.below(64) + 10);
            (id, ip, Some(ua.into()), false)
        }
        Actor::Unknown => {
            let id = iam_user(env, rng, "legacy-batch", false);
            let ua = match rng.below(3) {
                0 => None,
                1 => Some("python-requests/2.31.0".to_string()),
                _ => Some("Go-http-client/1.1".to_string()),
            };
            let ip = format!(
                "185.{}.{}.{}",
                rng.below(256),
                rng.below(256),
                rng.below(256)
            );
            (id, ip, ua, false)
        }
        Actor::SignIn => {
            let user = *rng.pick(&["alice", "carol", "dave"]);
            let mut id = iam_user(env, rng, user, false);
            id.as_object_mut().expect("object").remove("accessKeyId");
            let ip = format!("{}{}", office_ip(), rng.below(64) + 10);
            let ua = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, \
                      like Gecko) Chrome/122.0.0.0 Safari/537.36";
            (id, ip, Some(ua.into()), false)
        }
        Actor::ServiceEvent => (
            json!({"accountId": env.acct(), "invokedBy": "AWS Internal"}),
            "AWS Internal".into(),
            Some("AWS Internal".into()),
            false,
        ),
    }
}

// ---------------------------------------------------------------------------------- payloads

struct Call {
    request: Value,
    response: Value,
    resources: Option<Value>,
    additional: Option<Value>,
    host: String,
}

fn items(v: Vec<Value>) -> Value {
    json!({ "items": v })
}

fn tags(rng: &mut Rng, env: &Env) -> Vec<Value> {
    let mut t = vec![
        json!({"key": "Environment", "value": env.account.env}),
        json!({"key": "ManagedBy", "value": "terraform"}),
    ];
    if rng.chance(0.5) {
        t.push(json!({"key": "Team", "value": *rng.pick(&["platform", "payments", "data"])}));
    }
    t
}

fn policy_document(rng: &mut Rng, env: &Env) -> String {
    let bucket = env.bucket(rng);
    format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Sid\":\"AppAccess\",\"Effect\":\"Allow\",\
         \"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:ListBucket\"],\"Resource\":\
         [\"arn:aws:s3:::{bucket}\",\"arn:aws:s3:::{bucket}/*\"]}},{{\"Sid\":\"Kms\",\
         \"Effect\":\"Allow\",\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],\
         \"Resource\":\"{}\"}}]}}",
        env.key_arn(&env.key_id(rng))
    )
}

fn trust_policy(service: &str) -> String {
    format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":\
         {{\"Service\":\"{service}\"}},\"Action\":\"sts:AssumeRole\"}}]}}"
    )
}

/// Percent-encoding as IAM's responses show policy documents.
fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn iam_date(time: i64) -> String {
    Timestamp::from_second(time)
        .expect("ts")
        .strftime("%b %-d, %Y %-I:%M:%S %p")
        .to_string()
}

fn s3_extra(bytes_in: u64, bytes_out: u64, rng: &mut Rng) -> Value {
    json!({
        "SignatureVersion": "SigV4",
        "CipherSuite": "TLS_AES_128_GCM_SHA256",
        "bytesTransferredIn": bytes_in,
        "AuthenticationMethod": "AuthHeader",
        "x-amz-id-2": format!("{}=", rng.alnum(75)),
        "bytesTransferredOut": bytes_out
    })
}

fn bucket_resource(env: &Env, bucket: &str) -> Value {
    json!([{"accountId": env.acct(), "type": "AWS::S3::Bucket", "ARN": format!("arn:aws:s3:::{bucket}")}])
}

fn key_resource(env: &Env, key: &str) -> Value {
    json!([{"accountId": env.acct(), "type": "AWS::KMS::Key", "ARN": env.key_arn(key)}])
}

fn ec2_response(rest: Value, rng: &mut Rng) -> Value {
    let mut v = json!({"requestId": rng.uuid(), "_return": true});
    if let (Some(m), Value::Object(r)) = (v.as_object_mut(), rest) {
        m.extend(r);
    }
    v
}

fn call(op: Op, env: &Env, rng: &mut Rng, time: i64, actor: Actor) -> Call {
    let (source, ..) = op.meta();
    let svc = source.trim_end_matches(".amazonaws.com");
    let mut host = if op.meta().3 || svc == "sts" && rng.chance(0.3) {
        format!("{svc}.amazonaws.com")
    } else {
        format!("{svc}.{}.amazonaws.com", env.region)
    };
    let mut resources = None;
    let mut additional = None;
    let none = Value::Null;
    let (request, response) = match op {
        DescribeInstances => {
            let req = if rng.chance(0.5) {
                json!({"instancesSet": items(vec![json!({"instanceId": env.instance(rng)})]), "filterSet": {}})
            } else {
                json!({"instancesSet": {}, "filterSet": items(vec![
                    json!({"name": "instance-state-name", "valueSet": items(vec![json!({"value": "running"})])}),
                    json!({"name": "tag:Environment", "valueSet": items(vec![json!({"value": env.account.env})])}),
                ])})
            };
            (req, none)
        }
        DescribeSecurityGroups => (
            json!({"securityGroupSet": {}, "securityGroupIdSet": items(vec![json!({"groupId": env.sg(rng)})]), "filterSet": {}}),
            none,
        ),
        DescribeVpcs => (
            json!({"vpcSet": items(vec![json!({"vpcId": env.vpc(rng)})]), "filterSet": {}}),
            none,
        ),
        DescribeSubnets => (
            json!({"subnetSet": {}, "filterSet": items(vec![json!({"name": "vpc-id", "valueSet": items(vec![json!({"value": env.vpc(rng)})])})])}),
            none,
        ),
        DescribeRouteTables => (
            json!({"routeTableIdSet": {}, "filterSet": items(vec![
                json!({"name": "association.main", "valueSet": items(vec![json!({"value": "true"})])}),
                json!({"name": "vpc-id", "valueSet": items(vec![json!({"value": env.vpc(rng)})])}),
            ])}),
            none,
        ),
        DescribeVolumes => (
            json!({"volumeSet": items(vec![json!({"volumeId": env.volume(rng)})]), "filterSet": {}}),
            none,
        ),
        DescribeNetworkInterfaces => (
            json!({"networkInterfaceIdSet": items(vec![json!({"networkInterfaceId": env.eni(rng)})]), "filterSet": {}}),
            none,
        ),
        DescribeAccountAttributes => (
            json!({"accountAttributeNameSet": items(vec![json!({"attributeName": "supported-platforms"})]), "filterSet": {}}),
            none,
        ),
        DescribeImages => (
            json!({"executableBySet": {}, "imagesSet": items(vec![json!({"imageId": env.ami(rng)})]), "ownersSet": {}, "includeDeprecated": false, "filterSet": {}}),
            none,
        ),
        RunInstances => {
            let id = env.instance(rng);
            let (ami, sg, subnet, az, eni) = (
                env.ami(rng),
                env.sg(rng),
                env.subnet(rng),
                env.az(rng),
                env.eni(rng),
            );
            let itype = *rng.pick(&["t3.micro", "t3.large", "m6i.xlarge", "c6g.2xlarge"]);
            let ip = format!("10.0.{}.{}", rng.below(256), rng.below(256));
            let req = json!({
                "instancesSet": items(vec![json!({"imageId": ami, "minCount": 1, "maxCount": 1})]),
                "instanceType": itype,
                "blockDeviceMapping": {},
                "monitoring": {"enabled": false},
                "disableApiTermination": false,
                "disableApiStop": false,
                "clientToken": rng.uuid().to_uppercase(),
                "networkInterfaceSet": items(vec![json!({"deviceIndex": 0, "subnetId": subnet, "groupSet": items(vec![json!({"groupId": sg})])})]),
                "iamInstanceProfile": {"name": "app-backend"},
                "ebsOptimized": false,
                "tagSpecificationSet": items(vec![json!({"resourceType": "instance", "tags": tags(rng, env)})]),
                "metadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 2},
            });
            let resp = ec2_response(
                json!({
                    "reservationId": format!("r-0{}", rng.hex(16)),
                    "ownerId": env.acct(),
                    "groupSet": {},
                    "instancesSet": items(vec![json!({
                        "instanceId": id, "imageId": ami,
                        "currentInstanceBootMode": "legacy-bios",
                        "instanceState": {"code": 0, "name": "pending"},
                        "privateDnsName": format!("ip-{}.{}.compute.internal", ip.replace('.', "-"), env.region),
                        "amiLaunchIndex": 0, "productCodes": {}, "instanceType": itype,
                        "launchTime": time * 1000,
                        "placement": {"availabilityZone": az, "tenancy": "default"},
                        "monitoring": {"state": "disabled"}, "subnetId": subnet, "vpcId": env.vpc(rng),
                        "privateIpAddress": ip,
                        "stateReason": {"code": "pending", "message": "pending"},
                        "architecture": "x86_64", "rootDeviceType": "ebs", "rootDeviceName": "/dev/xvda",
                        "blockDeviceMapping": {}, "virtualizationType": "hvm", "clientToken": rng.uuid(),
                        "groupSet": items(vec![json!({"groupId": sg, "groupName": "app"})]),
                        "sourceDestCheck": true, "hypervisor": "xen",
                        "networkInterfaceSet": items(vec![json!({
                            "networkInterfaceId": eni, "subnetId": subnet, "vpcId": env.vpc(rng),
                            "ownerId": env.acct(), "status": "in-use",
                            "macAddress": format!("0a:{}:{}:{}:{}:{}", rng.hex(2), rng.hex(2), rng.hex(2), rng.hex(2), rng.hex(2)),
                            "privateIpAddress": ip, "sourceDestCheck": true,
                            "groupSet": items(vec![json!({"groupId": sg, "groupName": "app"})]),
                            "attachment": {"attachmentId": format!("eni-attach-0{}", rng.hex(16)), "deviceIndex": 0, "networkCardIndex": 0, "status": "attaching", "attachTime": time * 1000, "deleteOnTermination": true},
                            "privateIpAddressesSet": items(vec![json!({"privateIpAddress": ip, "primary": true})]),
                            "ipv6AddressesSet": {}, "tagSet": {}, "interfaceType": "interface"
                        })]),
                        "ebsOptimized": false, "enaSupport": true,
                        "cpuOptions": {"coreCount": 1, "threadsPerCore": 2},
                        "capacityReservationSpecification": {"capacityReservationPreference": "open"},
                        "enclaveOptions": {"enabled": false},
                        "metadataOptions": {"state": "pending", "httpTokens": "required", "httpPutResponseHopLimit": 2, "httpEndpoint": "enabled", "httpProtocolIpv4": "enabled", "httpProtocolIpv6": "disabled", "instanceMetadataTags": "disabled"},
                        "maintenanceOptions": {"autoRecovery": "default"},
                        "privateDnsNameOptions": {"hostnameType": "ip-name", "enableResourceNameDnsARecord": false, "enableResourceNameDnsAAAARecord": false}
                    })]),
                    "requesterId": if actor == Actor::AutoScaling { "940372691376" } else { "" }
                }),
                rng,
            );
            (req, resp)
        }
        TerminateInstances => {
            let id = env.instance(rng);
            (
                json!({"instancesSet": items(vec![json!({"instanceId": id})])}),
                ec2_response(
                    json!({"instancesSet": items(vec![json!({"instanceId": id, "currentState": {"code": 32, "name": "shutting-down"}, "previousState": {"code": 16, "name": "running"}})])}),
                    rng,
                ),
            )
        }
        CreateSecurityGroup => {
            let name = format!(
                "{}-{}",
                env.account.env,
                rng.pick(&["app", "db", "alb", "bastion", "workers"])
            );
            (
                json!({"groupName": name, "groupDescription": "Managed security group", "vpcId": env.vpc(rng),
                       "tagSpecificationSet": items(vec![json!({"resourceType": "security-group", "tags": tags(rng, env)})])}),
                ec2_response(
                    json!({"groupId": env.sg(rng), "tagSet": items(tags(rng, env))}),
                    rng,
                ),
            )
        }
        AuthorizeSecurityGroupIngress | RevokeSecurityGroupIngress => {
            let sg = env.sg(rng);
            let port = *rng.pick(&[22u64, 443, 80, 5432, 3389, 8080]);
            let cidr = if rng.chance(0.25) {
                "0.0.0.0/0".to_string()
            } else {
                format!("10.{}.0.0/16", rng.below(4))
            };
            let req = json!({"groupId": sg, "ipPermissions": items(vec![json!({
                "ipProtocol": "tcp", "fromPort": port, "toPort": port, "groups": {},
                "ipRanges": items(vec![json!({"cidrIp": cidr, "description": "managed"})]),
                "ipv6Ranges": {}, "prefixListIds": {}
            })])});
            let resp = if op == AuthorizeSecurityGroupIngress {
                ec2_response(
                    json!({"securityGroupRuleSet": items(vec![json!({
                        "groupOwnerId": env.acct(), "groupId": sg,
                        "securityGroupRuleId": format!("sgr-0{}", rng.hex(16)), "description": "managed",
                        "isEgress": false, "ipProtocol": "tcp", "fromPort": port, "toPort": port, "cidrIpv4": cidr
                    })])}),
                    rng,
                )
            } else {
                ec2_response(json!({}), rng)
            };
            (req, resp)
        }
        CreateTags => {
            let id = if rng.chance(0.6) {
                env.instance(rng)
            } else {
                env.volume(rng)
            };
            (
                json!({"resourcesSet": items(vec![json!({"resourceId": id})]), "tagSet": items(tags(rng, env))}),
                ec2_response(json!({}), rng),
            )
        }
        ModifyInstanceAttribute => (
            json!({"instanceId": env.instance(rng), "instanceType": {"value": *rng.pick(&["t3.large", "m6i.large"])}}),
            ec2_response(json!({}), rng),
        ),
        CreateVolume => {
            let vol = env.volume(rng);
            let az = env.az(rng);
            let size = 8 + rng.below(200);
            (
                json!({"size": size, "zone": az, "volumeType": "gp3", "encrypted": true,
                       "tagSpecificationSet": items(vec![json!({"resourceType": "volume", "tags": tags(rng, env)})])}),
                ec2_response(
                    json!({"volumeId": vol, "size": size.to_string(), "zone": az, "status": "creating",
                           "createTime": time * 1000, "volumeType": "gp3", "iops": 3000, "encrypted": true,
                           "masterEncryptionKeyId": env.key_arn(&env.key_id(rng)), "throughput": 125,
                           "multiAttachEnabled": false}),
                    rng,
                ),
            )
        }
        GetRole | ListAttachedRolePolicies | ListRolePolicies => {
            (json!({"roleName": env.role(rng)}), none)
        }
        GetUser => (json!({"userName": env.user(rng)}), none),
        ListAccessKeys => (json!({"userName": env.user(rng)}), none),
        GetPolicy => (json!({"policyArn": env.policy_arn(rng)}), none),
        GetPolicyVersion => (
            json!({"policyArn": env.policy_arn(rng), "versionId": format!("v{}", 1 + rng.below(5))}),
            none,
        ),
        CreateRole => {
            let role = format!("{}-{}", env.role(rng), rng.hex(4));
            let service = *rng.pick(&[
                "ec2.amazonaws.com",
                "lambda.amazonaws.com",
                "ecs-tasks.amazonaws.com",
            ]);
            let doc = trust_policy(service);
            let t = tags(rng, env);
            (
                json!({"path": "/", "roleName": role, "assumeRolePolicyDocument": doc, "maxSessionDuration": 3600, "tags": t}),
                json!({"role": {
                    "path": "/", "roleName": role, "roleId": principal_id(env, "AROA", &role),
                    "arn": format!("arn:aws:iam::{}:role/{role}", env.acct()),
                    "createDate": iam_date(time), "assumeRolePolicyDocument": url_encode(&doc), "tags": t
                }}),
            )
        }
        AttachRolePolicy => (
            json!({"roleName": env.role(rng), "policyArn": env.policy_arn(rng)}),
            none,
        ),
        PutRolePolicy => (
            json!({"roleName": env.role(rng), "policyName": *rng.pick(&["inline-app", "s3-access", "kms"]), "policyDocument": policy_document(rng, env)}),
            none,
        ),
        CreateUser => {
            let user = format!("svc-{}", rng.hex(6));
            (
                json!({"userName": user, "tags": tags(rng, env)}),
                json!({"user": {"path": "/", "userName": user, "userId": principal_id(env, "AIDA", &user),
                       "arn": format!("arn:aws:iam::{}:user/{user}", env.acct()), "createDate": iam_date(time)}}),
            )
        }
        CreateAccessKey => {
            let user = env.user(rng);
            (
                json!({"userName": user}),
                json!({"accessKey": {"userName": user, "accessKeyId": access_key(rng, false), "status": "Active", "createDate": iam_date(time)}}),
            )
        }
        AddUserToGroup => (
            json!({"groupName": *rng.pick(&["developers", "admins", "readonly"]), "userName": env.user(rng)}),
            none,
        ),
        CreatePolicy => {
            let name = format!("{}-{}", rng.pick(&["app", "pipeline", "data"]), rng.hex(4));
            let doc = policy_document(rng, env);
            (
                json!({"policyName": name, "policyDocument": doc, "description": "Managed by Terraform"}),
                json!({"policy": {"policyName": name, "policyId": principal_id(env, "ANPA", &name),
                       "arn": format!("arn:aws:iam::{}:policy/{name}", env.acct()), "path": "/",
                       "defaultVersionId": "v1", "attachmentCount": 0, "permissionsBoundaryUsageCount": 0,
                       "isAttachable": true, "createDate": iam_date(time), "updateDate": iam_date(time)}}),
            )
        }
        UpdateAssumeRolePolicy => (
            json!({"roleName": env.role(rng), "policyDocument": trust_policy("ec2.amazonaws.com")}),
            none,
        ),
        GetBucketAcl
        | GetBucketPolicy
        | GetBucketVersioning
        | GetBucketEncryption
        | GetBucketPublicAccessBlock
        | GetBucketTagging => {
            let bucket = env.bucket(rng);
            host = format!("{bucket}.s3.{}.amazonaws.com", env.region);
            let key = match op {
                GetBucketAcl => "acl",
                GetBucketPolicy => "policy",
                GetBucketVersioning => "versioning",
                GetBucketEncryption => "encryption",
                GetBucketPublicAccessBlock => "publicAccessBlock",
                _ => "tagging",
            };
            additional = Some(s3_extra(0, 200 + rng.below(800), rng));
            resources = Some(bucket_resource(env, &bucket));
            (json!({"bucketName": bucket, "Host": host, key: ""}), none)
        }
        ListBuckets => {
            host = format!("s3.{}.amazonaws.com", env.region);
            additional = Some(s3_extra(0, 2000 + rng.below(3000), rng));
            (json!({"Host": host}), none)
        }
        CreateBucket => {
            let bucket = env.bucket(rng);
            host = format!("{bucket}.s3.{}.amazonaws.com", env.region);
            additional = Some(s3_extra(153, 0, rng));
            resources = Some(bucket_resource(env, &bucket));
            (
                json!({"CreateBucketConfiguration": {"LocationConstraint": env.region, "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"},
                       "bucketName": bucket, "Host": host, "x-amz-acl": "private"}),
                none,
            )
        }
        PutBucketPolicy => {
            let bucket = env.bucket(rng);
            host = format!("{bucket}.s3.{}.amazonaws.com", env.region);
            additional = Some(s3_extra(400 + rng.below(600), 0, rng));
            resources = Some(bucket_resource(env, &bucket));
            let principal = if rng.chance(0.15) {
                json!("*")
            } else {
                json!({"AWS": format!("arn:aws:iam::{}:role/{}", env.acct(), env.role(rng))})
            };
            (
                json!({"bucketPolicy": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "AppRead", "Effect": "Allow", "Principal": principal, "Action": ["s3:GetObject"], "Resource": format!("arn:aws:s3:::{bucket}/*")},
                    {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                     "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
                     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
                ]}, "bucketName": bucket, "Host": host, "policy": ""}),
                none,
            )
        }
        PutBucketVersioning => {
            let bucket = env.bucket(rng);
            host = format!("{bucket}.s3.{}.amazonaws.com", env.region);
            additional = Some(s3_extra(120, 0, rng));
            resources = Some(bucket_resource(env, &bucket));
            let status = if rng.chance(0.8) {
                "Enabled"
            } else {
                "Suspended"
            };
            (
                json!({"bucketName": bucket, "Host": host, "versioning": "",
                       "VersioningConfiguration": {"Status": status, "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"}}),
                none,
            )
        }
        PutBucketEncryption => {
            let bucket = env.bucket(rng);
            host = format!("{bucket}.s3.{}.amazonaws.com", env.region);
            additional = Some(s3_extra(250, 0, rng));
            resources = Some(bucket_resource(env, &bucket));
            (
                json!({"bucketName": bucket, "Host": host, "encryption": "",
                       "ServerSideEncryptionConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                       "Rule": {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": env.key_arn(&env.key_id(rng))}, "BucketKeyEnabled": true}}}),
                none,
            )
        }
        PutBucketPublicAccessBlock => {
            let bucket = env.bucket(rng);
            host = format!("{bucket}.s3.{}.amazonaws.com", env.region);
            additional = Some(s3_extra(300, 0, rng));
            resources = Some(bucket_resource(env, &bucket));
            let on = rng.chance(0.85);
            (
                json!({"publicAccessBlock": "", "bucketName": bucket, "Host": host,
                       "PublicAccessBlockConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                       "RestrictPublicBuckets": on, "BlockPublicPolicy": on, "BlockPublicAcls": on, "IgnorePublicAcls": on}}),
                none,
            )
        }
        PutBucketTagging => {
            let bucket = env.bucket(rng);
            host = format!("{bucket}.s3.{}.amazonaws.com", env.region);
            additional = Some(s3_extra(280, 0, rng));
            resources = Some(bucket_resource(env, &bucket));
            let set: Vec<Value> = tags(rng, env)
                .into_iter()
                .map(|t| json!({"Key": t["key"], "Value": t["value"]}))
                .collect();
            (
                json!({"bucketName": bucket, "Host": host, "tagging": "",
                       "Tagging": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "TagSet": {"Tag": set}}}),
                none,
            )
        }
        DescribeKey | GetKeyRotationStatus | DisableKey | EnableKeyRotation => {
            let key = env.key_id(rng);
            resources = Some(key_resource(env, &key));
            let arg = if rng.chance(0.5) {
                env.key_arn(&key)
            } else {
                key
            };
            (json!({"keyId": arg}), none)
        }
        GetKeyPolicy => {
            let key = env.key_id(rng);
            resources = Some(key_resource(env, &key));
            (json!({"keyId": key, "policyName": "default"}), none)
        }
        ListAliases => (json!({"limit": 100}), none),
        Decrypt | GenerateDataKey => {
            let key = env.key_id(rng);
            resources = Some(key_resource(env, &key));
            let ctx = if rng.chance(0.5) {
                json!({"aws:s3:arn": format!("arn:aws:s3:::{}/{}", env.bucket(rng), rng.hex(24))})
            } else {
                json!({"SecretARN": format!("arn:aws:secretsmanager:{}:{}:secret:{}-{}", env.region, env.acct(), env.secret(rng), rng.alnum(6)),
                       "SecretVersionId": rng.uuid().to_uppercase()})
            };
            let req = if op == Decrypt {
                json!({"encryptionAlgorithm": "SYMMETRIC_DEFAULT", "encryptionContext": ctx})
            } else {
                json!({"keyId": env.key_arn(&key), "encryptionContext": ctx, "keySpec": "AES_256"})
            };
            (req, none)
        }
        CreateKey => {
            let key = env.key_id(rng);
            let policy = format!(
                "{{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {{\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {{\n      \"AWS\" : \"arn:aws:iam::{}:root\"\n    }},\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  }} ]\n}}",
                env.acct()
            );
            (
                json!({"description": "Managed key", "keyUsage": "ENCRYPT_DECRYPT", "keySpec": "SYMMETRIC_DEFAULT",
                       "policy": policy, "bypassPolicyLockoutSafetyCheck": false, "tags": tags(rng, env).into_iter().map(|t| json!({"tagKey": t["key"], "tagValue": t["value"]})).collect::<Vec<_>>(),
                       "multiRegion": false}),
                json!({"keyMetadata": {"aWSAccountId": env.acct(), "keyId": key, "arn": env.key_arn(&key),
                       "creationDate": iam_date(time), "enabled": true, "description": "Managed key",
                       "keyUsage": "ENCRYPT_DECRYPT", "keyState": "Enabled", "origin": "AWS_KMS",
                       "keyManager": "CUSTOMER", "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
                       "keySpec": "SYMMETRIC_DEFAULT", "encryptionAlgorithms": ["SYMMETRIC_DEFAULT"], "multiRegion": false}}),
            )
        }
        PutKeyPolicy => {
            let key = env.key_id(rng);
            resources = Some(key_resource(env, &key));
            (
                json!({"keyId": key, "policyName": "default", "policy": format!("{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:aws:iam::{}:root\"}},\"Action\":\"kms:*\",\"Resource\":\"*\"}}]}}", env.acct()),
                       "bypassPolicyLockoutSafetyCheck": false}),
                none,
            )
        }
        CreateAlias => {
            let key = env.key_id(rng);
            resources = Some(key_resource(env, &key));
            (
                json!({"aliasName": format!("alias/{}-{}", env.account.env, rng.pick(&["app", "s3", "rds", "logs"])), "targetKeyId": key}),
                none,
            )
        }
        ScheduleKeyDeletion => {
            let key = env.key_id(rng);
            resources = Some(key_resource(env, &key));
            (
                json!({"keyId": key, "pendingWindowInDays": 7}),
                json!({"keyId": env.key_arn(&key), "deletionDate": iam_date(time + 7 * 86400), "keyState": "PendingDeletion", "pendingWindowInDays": 7}),
            )
        }
        RotateKey => {
            let key = env.key_id(rng);
            resources = Some(key_resource(env, &key));
            (none.clone(), none)
        }
        GetParameter => (
            json!({"name": env.parameter(rng), "withDecryption": rng.chance(0.6)}),
            none,
        ),
        GetParametersByPath => (
            json!({"path": format!("/{}/", env.account.env), "recursive": true, "withDecryption": true}),
            none,
        ),
        PutParameter => (
            json!({"name": env.parameter(rng), "type": "SecureString", "keyId": "alias/aws/ssm", "overwrite": true, "tier": "Standard"}),
            json!({"version": 1 + rng.below(40), "tier": "Standard"}),
        ),
        UpdateInstanceInformation => {
            let id = env.instance(rng);
            let ip = format!("10.0.{}.{}", rng.below(256), rng.below(256));
            let az = env.az(rng);
            (
                json!({"instanceId": id, "agentVersion": "3.2.1705.0", "agentStatus": "Active",
                       "platformType": "Linux", "platformName": "Amazon Linux", "platformVersion": "2023",
                       "iPAddress": ip, "computerName": format!("ip-{}.{}.compute.internal", ip.replace('.', "-"), env.region),
                       "agentName": "amazon-ssm-agent", "availabilityZone": az, "availabilityZoneId": format!("use1-az{}", 1 + rng.below(6)),
                       "sSMConnectionChannel": "ssmmessages"}),
                none,
            )
        }
        ListInstanceAssociations => (
            json!({"instanceId": env.instance(rng), "maxResults": 20}),
            none,
        ),
        GetSecretValue => (
            json!({"secretId": format!("arn:aws:secretsmanager:{}:{}:secret:{}-{}", env.region, env.acct(), env.secret(rng), rng.alnum(6))}),
            none,
        ),
        AssumeRole => {
            let role = env.role(rng);
            let session = format!("{}-{}", role, rng.below(1_000_000));
            let role_id = principal_id(env, "AROA", role);
            (
                json!({"roleArn": format!("arn:aws:iam::{}:role/{role}", env.acct()), "roleSessionName": session, "durationSeconds": 3600}),
                json!({"credentials": {"accessKeyId": access_key(rng, true), "sessionToken": rng.alnum(356),
                       "expiration": iam_date(time + 3600)},
                       "assumedRoleUser": {"assumedRoleId": format!("{role_id}:{session}"),
                       "arn": format!("arn:aws:sts::{}:assumed-role/{role}/{session}", env.acct())}}),
            )
        }
        GetCallerIdentity => (none.clone(), none),
        GetFunction => (json!({"functionName": env.function(rng)}), none),
        ListFunctions => (json!({"maxItems": 50}), none),
        UpdateFunctionCode => {
            let f = env.function(rng);
            (
                json!({"functionName": f, "s3Bucket": env.bucket(rng), "s3Key": format!("lambda/{f}/{}.zip", rng.hex(32)), "publish": false, "dryRun": false}),
                json!({"functionName": f, "functionArn": format!("arn:aws:lambda:{}:{}:function:{f}", env.region, env.acct()),
                       "runtime": "nodejs20.x", "role": format!("arn:aws:iam::{}:role/lambda-ingest", env.acct()),
                       "handler": "index.handler", "codeSize": 100_000 + rng.below(5_000_000), "description": "",
                       "timeout": 30, "memorySize": 512, "lastModified": format!("{}+0000", Timestamp::from_second(time).expect("ts").strftime("%Y-%m-%dT%H:%M:%S.000")),
                       "codeSha256": rng.alnum(43) + "=", "version": "$LATEST",
                       "tracingConfig": {"mode": "PassThrough"}, "revisionId": rng.uuid(), "state": "Active",
                       "lastUpdateStatus": "InProgress", "lastUpdateStatusReason": "The function is being created.",
                       "lastUpdateStatusReasonCode": "Creating", "packageType": "Zip", "architectures": ["x86_64"],
                       "ephemeralStorage": {"size": 512}, "snapStart": {"applyOn": "None", "optimizationStatus": "Off"},
                       "runtimeVersionConfig": {"runtimeVersionArn": format!("arn:aws:lambda:{}::runtime:{}", env.region, rng.hex(64))},
                       "loggingConfig": {"logFormat": "Text", "logGroup": format!("/aws/lambda/{f}")}}),
            )
        }
        UpdateFunctionConfiguration => {
            let f = env.function(rng);
            (
                json!({"functionName": f, "timeout": 60, "memorySize": 1024, "environment": {}}),
                json!({"functionName": f, "functionArn": format!("arn:aws:lambda:{}:{}:function:{f}", env.region, env.acct()),
                       "runtime": "nodejs20.x", "timeout": 60, "memorySize": 1024, "version": "$LATEST",
                       "revisionId": rng.uuid(), "state": "Active", "lastUpdateStatus": "InProgress"}),
            )
        }
        DescribeDBInstances => (json!({"dBInstanceIdentifier": env.db(rng)}), none),
        ModifyDBInstance => {
            let db = env.db(rng);
            (
                json!({"dBInstanceIdentifier": db, "backupRetentionPeriod": 7, "applyImmediately": false, "deletionProtection": true}),
                json!({"dBInstanceIdentifier": db, "dBInstanceClass": "db.r6g.large", "engine": "postgres",
                       "dBInstanceStatus": "available", "masterUsername": "app",
                       "endpoint": {"address": format!("{db}.c{}.{}.rds.amazonaws.com", rng.hex(12), env.region), "port": 5432, "hostedZoneId": "Z2R2ITUGPM61AM"},
                       "allocatedStorage": 100, "preferredBackupWindow": "03:00-04:00", "backupRetentionPeriod": 7,
                       "multiAZ": true, "engineVersion": "15.5", "storageEncrypted": true, "deletionProtection": true,
                       "dbiResourceId": format!("db-{}", rng.upper(26)),
                       "dBInstanceArn": format!("arn:aws:rds:{}:{}:db:{db}", env.region, env.acct())}),
            )
        }
        DescribeTrails => (json!({"includeShadowTrails": true}), none),
        GetTrailStatus | StopLogging => (
            json!({"name": format!("arn:aws:cloudtrail:us-east-1:{}:trail/org-trail", env.acct())}),
            none,
        ),
        ConsoleLogin => {
            host = "signin.aws.amazon.com".into();
            additional = Some(
                json!({"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "Yes"}),
            );
            (none.clone(), json!({"ConsoleLogin": "Success"}))
        }
    };
    Call {
        request,
        response,
        resources,
        additional,
        host,
    }
}

/// (errorCode, errorMessage) for a failed call.
fn failure(op: Op, rng: &mut Rng, arn: &str) -> (String, String) {
    let (source, name, ..) = op.meta();
    let svc = source.trim_end_matches(".amazonaws.com");
    match op {
        GetBucketPolicy => (
            "NoSuchBucketPolicy".into(),
            "The bucket policy does not exist".into(),
        ),
        GetBucketEncryption => (
            "ServerSideEncryptionConfigurationNotFoundError".into(),
            "The server side encryption configuration was not found".into(),
        ),
        GetBucketTagging => ("NoSuchTagSet".into(), "The TagSet does not exist".into()),
        GetRole | GetUser | GetPolicy if rng.chance(0.6) => (
            "NoSuchEntityException".into(),
            "The role with name app-backend-old cannot be found.".into(),
        ),
        AuthorizeSecurityGroupIngress if rng.chance(0.5) => (
            "Client.InvalidPermission.Duplicate".into(),
            "the specified rule \"peer: 10.0.0.0/16, TCP, from port: 443, to port: 443, ALLOW\" already exists".into(),
        ),
        ConsoleLogin => ("Failed authentication".into(), "Failed authentication".into()),
        _ if svc == "ec2" => (
            "Client.UnauthorizedOperation".into(),
            format!(
                "You are not authorized to perform this operation. User: {arn} is not authorized to perform: ec2:{name} because no identity-based policy allows the ec2:{name} action. Encoded authorization failure message: {}",
                rng.alnum(600)
            ),
        ),
        _ => (
            "AccessDenied".into(),
            format!("User: {arn} is not authorized to perform: {svc}:{name} because no identity-based policy allows the {svc}:{name} action"),
        ),
    }
}

// ---------------------------------------------------------------------------------- records

fn record(env: &Env, seed: u64, start: i64) -> Value {
    let mut rng = Rng::new(seed);
    let actor = *rng.weighted(ACTORS);
    let (reads, writes, p_write, p_fail) = repertoire(actor);
    let op = loop {
        let list = if reads.is_empty() || (!writes.is_empty() && rng.chance(p_write)) {
            writes
        } else {
            reads
        };
        let op = *rng.weighted(list);
        if !op.meta().3 || env.global() {
            break op;
        }
    };
    let (source, name, read_only, _) = op.meta();
    let time = if rng.chance(0.03) {
        start - rng.below(900) as i64
    } else {
        start + rng.below(INTERVAL as u64) as i64
    };
    let (identity, ip, agent, console) = identity(actor, env, &mut rng, op, time);
    let failed = rng.chance(p_fail);
    let c = call(op, env, &mut rng, time, actor);
    let request_id = if source == "s3.amazonaws.com" {
        rng.upper(16)
    } else {
        rng.uuid()
    };
    let event_id = rng.uuid();

    let mut m = Map::new();
    m.insert("eventVersion".into(), json!("1.09"));
    let arn = identity["arn"].as_str().unwrap_or("").to_string();
    m.insert("userIdentity".into(), identity);
    m.insert(
        "eventTime".into(),
        json!(Timestamp::from_second(time).expect("ts").to_string()),
    );
    m.insert("eventSource".into(), json!(source));
    m.insert("eventName".into(), json!(name));
    m.insert("awsRegion".into(), json!(env.region));
    m.insert("sourceIPAddress".into(), json!(ip));
    if let Some(ua) = agent {
        let service = ua.ends_with(".amazonaws.com") || ua == "AWS Internal";
        let ua = if source == "s3.amazonaws.com" && !service && !ua.starts_with('[') {
            format!("[{ua}]")
        } else {
            ua
        };
        m.insert("userAgent".into(), json!(ua));
    }
    let (request, response) = if failed {
        let (code, message) = failure(op, &mut rng, &arn);
        m.insert("errorCode".into(), json!(code));
        m.insert("errorMessage".into(), json!(message));
        (c.request, Value::Null)
    } else {
        (c.request, c.response)
    };
    m.insert("requestParameters".into(), request);
    m.insert("responseElements".into(), response);
    if let Some(a) = c.additional {
        m.insert("additionalEventData".into(), a);
    }
    if op != ConsoleLogin {
        m.insert("requestID".into(), json!(request_id));
    }
    m.insert("eventID".into(), json!(event_id));
    m.insert("readOnly".into(), json!(read_only));
    if let Some(r) = c.resources {
        m.insert("resources".into(), r);
    }
    let event_type = match op {
        ConsoleLogin => "AwsConsoleSignIn",
        RotateKey => "AwsServiceEvent",
        _ => "AwsApiCall",
    };
    m.insert("eventType".into(), json!(event_type));
    m.insert("managementEvent".into(), json!(true));
    m.insert("recipientAccountId".into(), json!(env.acct()));
    if op == RotateKey {
        m.insert(
            "serviceEventDetails".into(),
            json!({"keyRotationReason": "SCHEDULED"}),
        );
    }
    if ip.starts_with("10.") && rng.chance(0.5) {
        m.insert(
            "vpcEndpointId".into(),
            json!(format!("vpce-0{}", rng.hex(16))),
        );
    }
    m.insert("eventCategory".into(), json!("Management"));
    if console {
        m.insert("sessionCredentialFromConsole".into(), json!("true"));
    }
    if !matches!(actor, Actor::ServiceEvent) && !ip.ends_with(".amazonaws.com") {
        m.insert(
            "tlsDetails".into(),
            json!({"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": c.host}),
        );
    }
    Value::Object(m)
}

fn record_seed(file: &FilePlan, j: u32) -> u64 {
    mix(file.seed, j as u64)
}

/// Writes one file; returns (records, compressed bytes, decompressed bytes).
fn write_file(out: &Path, plans: &[FilePlan], i: usize) -> std::io::Result<(u64, u64, u64)> {
    let file = &plans[i];
    let account = &ACCOUNTS[file.account];
    let env = Env {
        account,
        region: account.regions[file.region].0,
    };
    let mut text = Vec::with_capacity(file.records as usize * 1400 + 64);
    text.extend_from_slice(b"{\"Records\":[");
    let mut n = 0u64;
    let mut put = |v: Value, text: &mut Vec<u8>| {
        if n > 0 {
            text.push(b',');
        }
        serde_json::to_writer(&mut *text, &v).expect("serialize");
        n += 1;
    };
    let redeliver = file.redeliver;
    // A re-delivered block goes somewhere in the middle of the file.
    let at = redeliver.map_or(u32::MAX, |_| file.records / 2);
    for j in 0..file.records {
        if j == at {
            if let Some((src, from, len)) = redeliver {
                let s = &plans[src];
                for k in from..from + len {
                    put(record(&env, record_seed(s, k), s.start), &mut text);
                }
            }
        }
        put(record(&env, record_seed(file, j), file.start), &mut text);
    }
    text.extend_from_slice(b"]}");
    let path = out.join(&file.path);
    fs::create_dir_all(path.parent().expect("parent"))?;
    let mut gz = GzEncoder::new(Vec::with_capacity(text.len() / 8), Compression::new(6));
    gz.write_all(&text)?;
    let bytes = gz.finish()?;
    fs::write(&path, &bytes)?;
    Ok((n, bytes.len() as u64, text.len() as u64))
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let mut events: u64 = 2_000_000;
    let mut seed: u64 = 1;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--events" => events = args.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            "-h" | "--help" => {
                eprintln!("usage: gen_corpus OUT_DIR [--events N] [--seed S]");
                return ExitCode::SUCCESS;
            }
            _ if out.is_none() && !a.starts_with('-') => out = Some(PathBuf::from(a)),
            _ => {
                eprintln!("gen_corpus: unexpected argument {a} (see --help)");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(out), true) = (out, events > 0) else {
        eprintln!("usage: gen_corpus OUT_DIR [--events N] [--seed S]");
        return ExitCode::from(2);
    };
    if out.join("AWSLogs").exists() {
        eprintln!(
            "gen_corpus: {} already holds a corpus; remove it first",
            out.display()
        );
        return ExitCode::from(2);
    }
    let started = std::time::Instant::now();
    let plans = plan(events, seed);
    let results: std::io::Result<Vec<(u64, u64, u64)>> = (0..plans.len())
        .into_par_iter()
        .map(|i| write_file(&out, &plans, i))
        .collect();
    let results = match results {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            return ExitCode::FAILURE;
        }
    };
    let records: u64 = results.iter().map(|r| r.0).sum();
    let compressed: u64 = results.iter().map(|r| r.1).sum();
    let decompressed: u64 = results.iter().map(|r| r.2).sum();
    let redelivered: u64 = plans
        .iter()
        .filter_map(|p| p.redeliver.map(|r| r.2 as u64))
        .sum();
    let first = Timestamp::from_second(plans[0].start).expect("ts");
    let last = Timestamp::from_second(plans[plans.len() - 1].start + INTERVAL).expect("ts");
    let manifest = format!(
        "events: {records}\nfiles: {}\nredelivered_events: {redelivered}\ncompressed_bytes: {compressed}\n\
         decompressed_bytes: {decompressed}\nseed: {seed}\nfrom: {first}\nto: {last}\n",
        plans.len()
    );
    if let Err(e) = fs::write(out.join("corpus.txt"), &manifest) {
        eprintln!("gen_corpus: {e}");
        return ExitCode::FAILURE;
    }
    print!("{manifest}");
    eprintln!(
        "gen_corpus: {} in {:.1} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
