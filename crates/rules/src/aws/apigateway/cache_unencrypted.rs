use driftguard_model::{Severity, Tri};

use crate::view::apigateway::method_settings_cache_active;
use crate::view::{flag, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct CacheUnencrypted;

const ENCRYPTED: &str = "settings.0.cache_data_encrypted";

static META: RuleMeta = RuleMeta {
    id: "aws-apigateway-cache-unencrypted",
    title: "API Gateway response cache is not encrypted",
    severity: Severity::Medium,
    rationale: "With caching on, API Gateway keeps copies of responses (customer records, \
        tokens, whatever the methods return) in the stage's cache cluster. \
        `cache_data_encrypted` is false by default, so that data sits unencrypted at rest, \
        outside the encryption the backend applies to its own storage and against policies \
        that require all data at rest to be encrypted. Only method settings that enable \
        caching on a stage with a cache cluster (`cache_cluster_enabled`) are checked: \
        without a cluster nothing is cached.",
    remediation: "Set `cache_data_encrypted = true` in the `settings` of the \
        `aws_api_gateway_method_settings` that enable caching.",
    resource_types: &[
        "aws_api_gateway_method_settings",
        "aws_api_gateway_stage",
        "aws_api_gateway_deployment",
    ],
    checkov: &["CKV_AWS_308"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0002",
            long: "aws-apigateway-enable-cache-encryption",
        },
        TrivyId {
            avd: "AVD-AWS-0002",
            long: "aws-api-gateway-enable-cache-encryption",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::EncryptionAtRest],
        controls: &[],
    },
    example_bad: r#"resource "aws_api_gateway_stage" "prod" {
  rest_api_id           = "a1b2c3d4e5"
  deployment_id         = "abc123"
  stage_name            = "prod"
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3d4e5"
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    caching_enabled = true
  }
}
"#,
    example_good: r#"resource "aws_api_gateway_stage" "prod" {
  rest_api_id           = "a1b2c3d4e5"
  deployment_id         = "abc123"
  stage_name            = "prod"
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3d4e5"
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    caching_enabled      = true
    cache_data_encrypted = true
  }
}
"#,
};

impl Rule for CacheUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for settings in ctx.of_type("aws_api_gateway_method_settings") {
            let active = method_settings_cache_active(ctx, settings);
            let verdict = active.and(flag(settings, ENCRYPTED, false).negate());
            let path = path_if_set(settings, ENCRYPTED)
                .or_else(|| path_if_set(settings, "settings.0.caching_enabled"));
            if verdict == Tri::Unknown
                && flag(settings, "settings.0.caching_enabled", false) == Tri::True
            {
                let stage = settings
                    .get("stage_name")
                    .and_then(|s| s.as_str())
                    .unwrap_or("of these settings");
                report.inconclusive(
                    settings,
                    path,
                    format!(
                        "stage `{stage}` is not declared in this configuration: whether it \
                        has a cache cluster is not known"
                    ),
                );
                continue;
            }
            report.verdict(settings, path, verdict, || {
                format!(
                    "`{}` caches responses without encrypting the cache",
                    settings.address
                )
            });
        }
    }
}
