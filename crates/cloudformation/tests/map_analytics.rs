//! Redshift clusters and OpenSearch / Elasticsearch domains from CloudFormation, checked by
//! their rules.

mod harness;

use harness::{cfn, fires_at, fires_on_resource, scan};
use serde_json::json;

fn clean(checked: &driftguard_rules::Checked, rule: &str, address: &str) {
    let found: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule_id == rule && f.resource_address == address)
        .collect();
    assert!(found.is_empty(), "{rule} fires on {address}: {found:#?}");
}

#[test]
fn redshift_clusters() {
    let bad = cfn(
        "Bad",
        "AWS::Redshift::Cluster",
        json!({"NodeType": "ra3.xlplus", "ClusterType": "single-node", "PubliclyAccessible": true, "Encrypted": false}),
    );
    let defaults = cfn(
        "Defaults",
        "AWS::Redshift::Cluster",
        json!({"NodeType": "ra3.xlplus", "ClusterType": "single-node"}),
    );
    let restored = cfn(
        "Restored",
        "AWS::Redshift::Cluster",
        json!({"SnapshotIdentifier": "nightly", "Encrypted": false}),
    );
    let checked = scan(&[bad.clone(), defaults, restored]);
    fires_at(
        &checked,
        "aws-redshift-cluster-public",
        "Bad",
        &bad,
        "PubliclyAccessible",
    );
    fires_at(
        &checked,
        "aws-redshift-cluster-unencrypted",
        "Bad",
        &bad,
        "Encrypted",
    );
    // CloudFormation leaves both to Redshift, which creates private, encrypted clusters.
    clean(&checked, "aws-redshift-cluster-public", "Defaults");
    clean(&checked, "aws-redshift-cluster-unencrypted", "Defaults");
    assert!(
        !checked
            .inconclusive
            .iter()
            .any(|i| i.resource_address == "Defaults"),
        "{:?}",
        checked.inconclusive
    );
    clean(&checked, "aws-redshift-cluster-unencrypted", "Restored");
}

fn public_policy() -> serde_json::Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "es:*",
            "Resource": {"Fn::Sub": "arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/search/*"}
        }]
    })
}

#[test]
fn an_open_opensearch_domain_fails_every_domain_rule() {
    let bad = cfn(
        "Search",
        "AWS::OpenSearchService::Domain",
        json!({
            "DomainName": "search",
            "EngineVersion": "OpenSearch_2.11",
            "DomainEndpointOptions": {"TLSSecurityPolicy": "Policy-Min-TLS-1-0-2019-07"},
            "AccessPolicies": public_policy()
        }),
    );
    let checked = scan(std::slice::from_ref(&bad));
    fires_on_resource(
        &checked,
        "aws-opensearch-domain-at-rest-unencrypted",
        "Search",
        &bad,
    );
    fires_on_resource(
        &checked,
        "aws-opensearch-domain-node-to-node-unencrypted",
        "Search",
        &bad,
    );
    // The API's default is plain HTTP allowed, not the provider's `enforce_https = true`.
    fires_at(
        &checked,
        "aws-opensearch-domain-https-not-enforced",
        "Search",
        &bad,
        "DomainEndpointOptions",
    );
    fires_at(
        &checked,
        "aws-opensearch-domain-tls-outdated",
        "Search",
        &bad,
        "DomainEndpointOptions.TLSSecurityPolicy",
    );
    fires_at(
        &checked,
        "aws-opensearch-domain-policy-public",
        "Search",
        &bad,
        "AccessPolicies",
    );
}

#[test]
fn a_closed_domain_passes_and_a_vpc_keeps_a_public_policy_private() {
    let good = cfn(
        "Search",
        "AWS::Elasticsearch::Domain",
        json!({
            "ElasticsearchVersion": "7.10",
            "EncryptionAtRestOptions": {"Enabled": true},
            "NodeToNodeEncryptionOptions": {"Enabled": true},
            "DomainEndpointOptions": {"EnforceHTTPS": true, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
            "VPCOptions": {"SubnetIds": [{"Ref": "Private"}], "SecurityGroupIds": [{"Ref": "Sg"}]},
            "AccessPolicies": public_policy()
        }),
    );
    let checked = scan(&[good]);
    for rule in [
        "aws-opensearch-domain-at-rest-unencrypted",
        "aws-opensearch-domain-node-to-node-unencrypted",
        "aws-opensearch-domain-https-not-enforced",
        "aws-opensearch-domain-tls-outdated",
        "aws-opensearch-domain-policy-public",
    ] {
        clean(&checked, rule, "Search");
    }
}
