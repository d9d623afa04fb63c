use driftguard_model::Severity;

use crate::view::messaging::Stream;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct StreamUnencrypted;

static META: RuleMeta = RuleMeta {
    id: "aws-kinesis-stream-unencrypted",
    title: "Kinesis data stream is not encrypted at rest",
    severity: Severity::Medium,
    rationale: "With `encryption_type = \"NONE\"` (the default) records (clickstreams, logs, \
        change data capture with whole database rows) are kept unencrypted for the retention \
        period, from 24 hours up to a year, and access to them is not governed by any key \
        policy. Data protection audits expect KMS server-side encryption for streaming data.",
    remediation: "Set `encryption_type = \"KMS\"` and `kms_key_id` (`alias/aws/kinesis` or a \
        customer managed key). It can be enabled on an existing stream without downtime; \
        records already written stay unencrypted until they expire.",
    resource_types: &["aws_kinesis_stream"],
    checkov: &["CKV_AWS_43"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0064",
        long: "aws-kinesis-enable-in-transit-encryption",
    }],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_kinesis_stream" "events" {
  name             = "events"
  retention_period = 48

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}
"#,
    example_good: r#"resource "aws_kinesis_stream" "events" {
  name             = "events"
  retention_period = 48
  encryption_type  = "KMS"
  kms_key_id       = "alias/aws/kinesis"

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}
"#,
};

impl Rule for StreamUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for resource in ctx.of_type("aws_kinesis_stream") {
            let stream = Stream::new(resource);
            let path = path_if_set(resource, "encryption_type");
            report.verdict(resource, path, stream.kms_encrypted().negate(), || {
                format!(
                    "Kinesis stream `{}` is not encrypted at rest",
                    resource.address
                )
            });
        }
    }
}
