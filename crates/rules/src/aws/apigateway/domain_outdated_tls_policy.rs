use driftguard_model::Severity;

use crate::view::apigateway::DOMAIN_SECURITY_POLICIES;
use crate::view::path_if_set;
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct DomainOutdatedTlsPolicy;

static META: RuleMeta = RuleMeta {
    id: "aws-apigateway-domain-outdated-tls-policy",
    title: "API Gateway custom domain accepts TLS 1.0",
    severity: Severity::Medium,
    rationale: "The `TLS_1_0` security policy of a REST API custom domain accepts TLS 1.0 and \
        its CBC cipher suites, deprecated by RFC 8996 and forbidden by PCI DSS: clients that \
        are outdated or tampered with negotiate the weak protocol. Modern clients use TLS 1.2 \
        or 1.3 anyway, hence medium. Without `security_policy` API Gateway keeps `TLS_1_0` for \
        compatibility. Legacy and enhanced (`SecurityPolicy_*`) policy names are kept as data; \
        a name the rule does not know is inconclusive.",
    remediation: "Set `security_policy = \"TLS_1_2\"`, or an enhanced \
        `SecurityPolicy_TLS13_1_2_*` / `SecurityPolicy_TLS13_1_3_*` policy.",
    resource_types: &["aws_api_gateway_domain_name"],
    checkov: &["CKV_AWS_206"],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0005",
            long: "aws-apigateway-use-secure-tls-policy",
        },
        TrivyId {
            avd: "AVD-AWS-0005",
            long: "aws-api-gateway-use-secure-tls-policy",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::EncryptionInTransit],
        controls: &[],
    },
    example_bad: r#"resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/8b8d9c3e-6a1f-4f7e-9d2a-0c1b2a3d4e5f"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
"#,
    example_good: r#"resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/8b8d9c3e-6a1f-4f7e-9d2a-0c1b2a3d4e5f"
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
"#,
};

impl Rule for DomainOutdatedTlsPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        for domain in ctx.of_type("aws_api_gateway_domain_name") {
            let path = path_if_set(domain, "security_policy");
            let (name, outdated) = DOMAIN_SECURITY_POLICIES.at(domain, "security_policy");
            match outdated {
                Some(outdated) => report.verdict(domain, path, outdated, || {
                    if path.is_some() {
                        format!(
                            "custom domain `{}` accepts TLS 1.0 (security_policy `{name}`)",
                            domain.address
                        )
                    } else {
                        format!(
                            "custom domain `{}` has no security_policy: API Gateway applies \
                                    `{name}`, which accepts TLS 1.0",
                            domain.address
                        )
                    }
                }),
                None => report.inconclusive(
                    domain,
                    path,
                    format!("`{name}` is not an API Gateway security policy this rule knows"),
                ),
            }
        }
    }
}
