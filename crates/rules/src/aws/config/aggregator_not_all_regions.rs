use driftguard_model::Severity;

use crate::view::logging::aggregation_sources;
use crate::view::{flag, path_if_set};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct AggregatorNotAllRegions;

static META: RuleMeta = RuleMeta {
    id: "aws-config-aggregator-not-all-regions",
    title: "AWS Config aggregator does not aggregate every region",
    severity: Severity::Low,
    rationale: "An aggregator gives the security team one view of the configuration and \
        compliance of every account. Listing `regions` instead of `all_regions = true` leaves \
        the other regions out of that view, and those unused, unwatched regions are where \
        stolen credentials go to run resources. Regions enabled later are also left out. \
        Organizations that deny all other regions with a service control policy can suppress \
        the finding.",
    remediation: "Set `all_regions = true` in the `account_aggregation_source` or \
        `organization_aggregation_source` block (and drop `regions`).",
    resource_types: &["aws_config_configuration_aggregator"],
    checkov: &["CKV_AWS_121"],
    trivy: &[TrivyId {
        avd: "AVD-AWS-0019",
        long: "aws-config-aggregate-all-regions",
    }],
    compliance: Mapping {
        topics: &[Topic::Monitoring, Topic::AssetInventory],
        controls: &[],
    },
    example_bad: r#"resource "aws_config_configuration_aggregator" "org" {
  name = "organization"

  organization_aggregation_source {
    regions  = ["eu-west-1", "us-east-1"]
    role_arn = "arn:aws:iam::111122223333:role/aws-config-aggregator"
  }
}
"#,
    example_good: r#"resource "aws_config_configuration_aggregator" "org" {
  name = "organization"

  organization_aggregation_source {
    all_regions = true
    role_arn    = "arn:aws:iam::111122223333:role/aws-config-aggregator"
  }
}
"#,
};

impl Rule for AggregatorNotAllRegions {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for aggregator in ctx.of_type("aws_config_configuration_aggregator") {
            for source in aggregation_sources(aggregator) {
                let all_regions = format!("{source}.all_regions");
                let path = path_if_set(aggregator, &all_regions)
                    .map(str::to_string)
                    .unwrap_or(source.clone());
                let verdict = flag(aggregator, &all_regions, false).negate();
                report.verdict(aggregator, Some(&path), verdict, || {
                    format!(
                        "Config aggregator `{}` aggregates only some regions",
                        aggregator.address
                    )
                });
            }
        }
    }
}
