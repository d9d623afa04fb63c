//! A resource handed to a module that `terraform init` has not downloaded may be configured by
//! it: findings about what the resource lacks become inconclusive, naming the module.

use driftguard_rules::{Registry, RuleSelector};

#[test]
fn gaps_on_resources_handed_to_unresolved_modules_are_inconclusive() {
    let evaluated = driftguard_terraform::evaluate_str(&[(
        "main.tf",
        r#"
resource "aws_s3_bucket" "handed" {
  bucket = "acme-handed"
  acl    = "public-read"
}

module "harden" {
  source  = "acme/s3-hardening/aws"
  version = "1.2.0"
  bucket  = aws_s3_bucket.handed.id
}

resource "aws_s3_bucket" "alone" {
  bucket = "acme-alone"
}
"#,
    )]);
    let selector = RuleSelector {
        select: vec!["aws-s3".into()],
        ignore: vec![],
    };
    let checked = Registry::new(&selector).check(&evaluated.resources);
    let on = |address: &str| -> Vec<&str> {
        checked
            .findings
            .iter()
            .filter(|f| f.resource_address == address)
            .map(|f| f.rule_id.as_str())
            .collect()
    };
    assert!(
        on("aws_s3_bucket.alone").contains(&"aws-s3-bucket-versioning"),
        "{:?}",
        on("aws_s3_bucket.alone")
    );
    assert!(!on("aws_s3_bucket.handed").contains(&"aws-s3-bucket-versioning"));
    assert!(
        on("aws_s3_bucket.handed").contains(&"aws-s3-bucket-public-read-acl"),
        "what the resource itself sets is still reported"
    );
    let deferred = checked
        .inconclusive
        .iter()
        .find(|i| {
            i.resource_address == "aws_s3_bucket.handed" && i.rule_id == "aws-s3-bucket-versioning"
        })
        .expect("the versioning check is inconclusive");
    assert!(
        deferred.reason.contains("module.harden"),
        "{}",
        deferred.reason
    );
}
