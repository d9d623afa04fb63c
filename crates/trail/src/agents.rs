//! The user-agent table: which client a CloudTrail `userAgent` names, and why we believe it.
//!
//! Rows are matched as case-insensitive substrings (one Aho-Corasick pass over the agent) and
//! grouped by channel. Within the classifier the groups are consulted in a fixed order (IaC, then
//! CLI, console, SDK — see [`crate::classify`]) because agents nest: Terraform's agent contains
//! `aws-sdk-go`, the AWS CLI v1's contains `botocore`, Ansible's contains `Boto3`, the S3 console's
//! contains `aws-sdk-java`. Within a group the first matching row wins, so more specific rows come
//! first.
//!
//! Formats were checked against the tools' sources and real CloudTrail records (the Invictus and
//! Stratus Red Team datasets under `shared/fixtures/cloudtrail`), as each reason says. Agents can
//! be forged; see [`crate::principals`] for the allow-list that guards against that.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::classify::{Channel, Tool};

/// One row of the table.
#[derive(Debug, PartialEq, Eq)]
pub struct AgentRule {
    /// Case-insensitive substring of the user agent.
    pub token: &'static str,
    pub channel: Channel,
    /// The IaC tool, for rows of the IaC channel.
    pub tool: Option<Tool>,
    /// A stable name for the client (`terraform-provider-aws`, `aws-cli`, `boto3`, `s3-console`).
    pub client: &'static str,
    /// Where the format comes from and why it means this channel.
    pub reason: &'static str,
}

const fn iac(
    token: &'static str,
    tool: Tool,
    client: &'static str,
    reason: &'static str,
) -> AgentRule {
    AgentRule {
        token,
        channel: Channel::Iac,
        tool: Some(tool),
        client,
        reason,
    }
}

const fn row(
    token: &'static str,
    channel: Channel,
    client: &'static str,
    reason: &'static str,
) -> AgentRule {
    AgentRule {
        token,
        channel,
        tool: None,
        client,
        reason,
    }
}

/// The table, in priority order within each channel.
pub static AGENT_RULES: &[AgentRule] = &[
    // ---- IaC ------------------------------------------------------------------------------
    iac(
        "crossplane",
        Tool::Crossplane,
        "crossplane-provider-aws",
        "crossplane-contrib/provider-aws adds `crossplane-provider-aws/<version>` to the SDK agent; \
         provider-jet-aws appends `crossplane-provider-jet-aws/<version>` to the Terraform agent, so \
         this row precedes Terraform's",
    ),
    iac(
        "pulumi/",
        Tool::Pulumi,
        "pulumi-aws",
        "pulumi-aws sends `APN/1.0 Pulumi/1.0 Pulumi-Aws/<version> (+https://www.pulumi.com)` and \
         pulumi-aws-native `APN/1.0 Pulumi/<version> PulumiAwsNative/<version>`; older pulumi-aws \
         releases also carried a Terraform product, hence before Terraform",
    ),
    iac(
        "opentofu",
        Tool::OpenTofu,
        "opentofu",
        "OpenTofu runs the same terraform-provider-aws, which reports `Terraform/<core version>`; \
         the token that tells OpenTofu apart is `OpenTofu/<version>` (its own HTTP agent, the S3 \
         backend) or one appended through TF_APPEND_USER_AGENT. A truncated agent can lose an \
         appended token and then reads as Terraform",
    ),
    iac(
        "cdktf/",
        Tool::Terraform,
        "cdktf",
        "CDK for Terraform sets TF_APPEND_USER_AGENT to `cdktf/<version> \
         (+https://github.com/hashicorp/terraform-cdk)`; the calls are still Terraform's",
    ),
    iac(
        "terraform/",
        Tool::Terraform,
        "terraform-provider-aws",
        "terraform-provider-aws (aws-sdk-go-base) starts its agent with `APN/1.0 HashiCorp/1.0 \
         Terraform/<core version> (+https://www.terraform.io) terraform-provider-aws/<version>`; \
         seen 1,938 times in the Invictus dataset (provider 3.76.1 and 4.67.0)",
    ),
    iac(
        "terraform-provider-",
        Tool::Terraform,
        "terraform-provider-aws",
        "the provider's own product (`terraform-provider-aws/5.x`, `terraform-provider-awscc/1.x`) \
         when the core product is missing, e.g. TF_APPEND_USER_AGENT-only agents",
    ),
    iac(
        "cloudformation.amazonaws.com",
        Tool::CloudFormation,
        "cloudformation",
        "CloudFormation makes resource calls itself: the agent, sourceIPAddress and \
         userIdentity.invokedBy are `cloudformation.amazonaws.com`",
    ),
    iac(
        "aws-cdk/",
        Tool::Cdk,
        "aws-cdk",
        "the CDK CLI sets its SDK's custom agent to `aws-cdk/<version>` (e.g. `aws-sdk-nodejs/2.1586.0 \
         linux/v20.15.1 aws-cdk/2.135.0 promise`); calls outside CloudFormation/S3/STS/SSM/ECR are \
         `cdk deploy --hotswap` updating resources directly",
    ),
    iac(
        "aws-sam-cli",
        Tool::Sam,
        "aws-sam-cli",
        "the SAM CLI adds `aws-sam-cli/<version>` to botocore's agent; it deploys through \
         CloudFormation change sets, and `sam sync` updates functions directly",
    ),
    iac(
        "ansible/",
        Tool::Ansible,
        "ansible-amazon-aws",
        "the amazon.aws collection appends `APN/1.0 Ansible/<version> amazon.aws/<version>` \
         (or community.aws) to the boto3 agent",
    ),
    // ---- CLI ------------------------------------------------------------------------------
    row(
        "aws-cli/",
        Channel::Cli,
        "aws-cli",
        "AWS CLI v1 `aws-cli/1.x Python/… botocore/1.x` and v2 `aws-cli/2.x md/awscrt#… ua/2.x os/… \
         md/installer#exe md/command#s3api.put-object`; CloudShell's adds `exec-env/CloudShell`. \
         Precedes the SDK rows because v1's agent contains botocore",
    ),
    row(
        "awspowershell",
        Channel::Cli,
        "aws-powershell",
        "AWS Tools for PowerShell report `AWSPowerShell/<version>` (.NET SDK underneath): an \
         interactive shell, like the CLI",
    ),
    // ---- console --------------------------------------------------------------------------
    row(
        "aws internal",
        Channel::Console,
        "aws-internal",
        "console-originated calls relayed by AWS front ends carry the literal agent `AWS Internal` \
         (418 events in the Invictus dataset: 248 with sessionCredentialFromConsole, 170 with \
         invokedBy `AWS Internal`)",
    ),
    row(
        "signin.amazonaws.com",
        Channel::Console,
        "signin",
        "the console sign-in service",
    ),
    row(
        "console",
        Channel::Console,
        "console",
        "service consoles name themselves: `[S3Console/0.4, aws-internal/3 aws-sdk-java/…]`, \
         `RDS Console, aws-internal/3 …`, `console.amazonaws.com`, `console.ec2.amazonaws.com`",
    ),
    row(
        "aws-internal/",
        Channel::Console,
        "aws-internal",
        "`aws-internal/3 aws-sdk-java/…` is the agent of AWS-operated front ends acting for a signed-in \
         user; services acting on their own are recognised earlier by invokedBy, AWSService identity \
         or a service-linked role",
    ),
    row(
        "mozilla/",
        Channel::Console,
        "browser",
        "browsers reach AWS APIs through the console's JavaScript (`Mozilla/5.0 (X11; Ubuntu; Linux \
         x86_64; rv:102.0) Gecko/20100101 Firefox/102.0` in the Invictus dataset)",
    ),
    // ---- SDK ------------------------------------------------------------------------------
    row(
        "stratus-red-team",
        Channel::Sdk,
        "stratus-red-team",
        "Stratus Red Team replaces the Go SDK's agent with `stratus-red-team_<uuid>` when detonating \
         (its Terraform prerequisites keep Terraform's agent with this token appended, matched above)",
    ),
    row(
        "amazon-ssm-agent",
        Channel::Sdk,
        "amazon-ssm-agent",
        "the SSM agent on an instance: `aws-sdk-go/1.41.4 (go1.18.3; linux; amd64) amazon-ssm-agent/`",
    ),
    row(
        "boto3/",
        Channel::Sdk,
        "boto3",
        "`Boto3/1.26.165 Python/3.10.6 Linux/5.19.0-46-generic Botocore/1.29.165`",
    ),
    row(
        "botocore/",
        Channel::Sdk,
        "botocore",
        "botocore used directly: `Botocore/1.29.165 Python/…`",
    ),
    row(
        "aws-sdk-go-v2/",
        Channel::Sdk,
        "aws-sdk-go-v2",
        "`aws-sdk-go-v2/1.17.0 os/linux lang/go/1.18.10 md/GOOS/linux md/GOARCH/amd64 api/ec2/1.63.1`",
    ),
    row(
        "aws-sdk-go/",
        Channel::Sdk,
        "aws-sdk-go",
        "`aws-sdk-go/1.44.12 (go1.19.1; linux; amd64)`",
    ),
    row(
        "aws-sdk-java/",
        Channel::Sdk,
        "aws-sdk-java",
        "`aws-sdk-java/1.12.488 Linux/… OpenJDK_64-Bit_Server_VM/…` and v2 `aws-sdk-java/2.x`",
    ),
    row(
        "aws-sdk-js/",
        Channel::Sdk,
        "aws-sdk-js",
        "JavaScript SDK v2 in browsers and v3: `aws-sdk-js/3.552.0 ua/2.0 os/linux lang/js …`",
    ),
    row(
        "aws-sdk-nodejs/",
        Channel::Sdk,
        "aws-sdk-nodejs",
        "JavaScript SDK v2 under Node.js: `aws-sdk-nodejs/2.1586.0 linux/v20.15.1`",
    ),
    row(
        "aws-sdk-",
        Channel::Sdk,
        "aws-sdk",
        "the other official SDKs name themselves `aws-sdk-<language>/<version>` (ruby3, php, \
         dotnet-coreclr, rust, cpp, kotlin, swift)",
    ),
];

/// The automaton over every row's token; pattern `i` is `AGENT_RULES[i]`.
static AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(AGENT_RULES.iter().map(|r| r.token))
        .expect("the agent table's tokens are valid literals")
});

/// The set of table rows whose token occurs in a user agent, as a bit set over row indices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Matches(u64);

impl Matches {
    pub(crate) fn of(user_agent: &str) -> Matches {
        const { assert!(AGENT_RULES.len() <= 64) };
        let mut bits = 0u64;
        for m in AUTOMATON.find_overlapping_iter(user_agent) {
            bits |= 1 << m.pattern().as_usize();
        }
        Matches(bits)
    }

    /// The first matching row of a channel.
    pub(crate) fn first(self, channel: Channel) -> Option<&'static AgentRule> {
        let mut bits = self.0;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let rule = &AGENT_RULES[i];
            if rule.channel == channel {
                return Some(rule);
            }
        }
        None
    }
}
