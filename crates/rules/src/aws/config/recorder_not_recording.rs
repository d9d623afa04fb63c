use driftguard_model::Severity;

use crate::view::logging::{recorder_status_enabled, ConfigRecorder, RECORDER_STATUS};
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic};

pub struct RecorderNotRecording;

static META: RuleMeta = RuleMeta {
    id: "aws-config-recorder-not-recording",
    title: "AWS Config recorder is not recording",
    severity: Severity::High,
    rationale: "AWS Config keeps the history of every resource's configuration: what a security \
        group allowed last Tuesday, who made a bucket public and when. A recorder only records \
        once it is started, which Terraform does with an \
        `aws_config_configuration_recorder_status` whose `is_enabled` is true. A recorder \
        declared without one is created stopped, and `is_enabled = false` stops it: the \
        history, the Config rules and Security Hub controls that depend on it go blind, with \
        nothing in the console looking broken (CIS AWS Foundations 3.5). The rule applies \
        where this configuration declares a recorder or its status; accounts whose recorder is \
        managed elsewhere (Control Tower, a baseline stack) are not judged here.",
    remediation: "Add an `aws_config_configuration_recorder_status` with `name` set to the \
        recorder's name and `is_enabled = true` (it needs an `aws_config_delivery_channel`, so \
        add `depends_on` on the channel).",
    resource_types: &[
        "aws_config_configuration_recorder",
        "aws_config_configuration_recorder_status",
    ],
    checkov: &["CKV2_AWS_45"],
    trivy: &[],
    compliance: Mapping {
        topics: &[
            Topic::Monitoring,
            Topic::ConfigurationManagement,
            Topic::AssetInventory,
        ],
        controls: &["cis-aws:3.3"],
    },
    example_bad: r#"resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/aws-config"
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = false
}
"#,
    example_good: r#"resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/aws-config"
}

resource "aws_config_delivery_channel" "main" {
  name           = "main"
  s3_bucket_name = "acme-config"
  depends_on     = [aws_config_configuration_recorder.main]
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}
"#,
};

/// Whether a recorder status of this module tree names its recorder with a value that is not
/// known statically and refers to no resource (a variable without a default).
fn unknown_status_names(ctx: &Context<'_>) -> bool {
    ctx.of_type(RECORDER_STATUS).any(|status| {
        status
            .get("name")
            .and_then(|name| name.as_unknown())
            .is_some_and(|unknown| unknown.reference.is_none())
    })
}

impl Rule for RecorderNotRecording {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for recorder in ConfigRecorder::all(ctx) {
            if recorder.statuses().is_empty() {
                if recorder.name_unknown() || unknown_status_names(ctx) {
                    report.inconclusive(
                        recorder.resource,
                        None,
                        "a recorder status whose name is not known statically may start this \
                            recorder",
                    );
                    continue;
                }
                report.fail(
                    recorder.resource,
                    None,
                    format!(
                        "Config recorder `{}` is never started: no {RECORDER_STATUS} turns it on",
                        recorder.resource.address
                    ),
                );
            }
        }
        for status in ctx.of_type(RECORDER_STATUS) {
            let path = path_if_set(status, "is_enabled");
            report.verdict(
                status,
                path,
                recorder_status_enabled(status).negate(),
                || format!("`{}` stops the Config recorder", status.address),
            );
        }
    }
}
