//! EC2 collectors against the moto server: normalised attributes, and exact drift against a
//! Terraform v4 state after out-of-band changes.

// The state's json! literals nest deeply.
#![recursion_limit = "256"]

mod common;

use common::{attrs, declared, failures, find, state_instance as instance};

use aws_sdk_ec2::types::{
    AttributeBooleanValue, BlockDeviceMapping, DomainType, EbsBlockDevice, HttpTokensState,
    IamInstanceProfileSpecification, InstanceMetadataEndpointState, InstanceMetadataOptionsRequest,
    IpPermission, IpRange, ResourceType, Tag, TagSpecification, UserIdGroupPair, VolumeType,
};
use common::Moto;
use driftguard_drift::{DiffOptions, DriftReport};
use driftguard_model::{Resource, Value};
use futures_util::StreamExt;
use serde_json::{json, Value as Json};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";
const PUBLIC_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAZwGDYvi2gMG+cLEOPIvP9+DxFvWDFVRGvFUfdAAqpP deployer@driftguard";

fn tags(resource: ResourceType, name: &str) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(resource)
        .tags(Tag::builder().key("Name").value(name).build())
        .build()
}

fn cidr(block: &str, description: Option<&str>) -> IpRange {
    IpRange::builder()
        .cidr_ip(block)
        .set_description(description.map(str::to_string))
        .build()
}

/// What the set-up created and the state needs.
struct Created {
    vpc: String,
    subnet: String,
    igw: String,
    web: String,
    db: String,
    db_from_web: String,
    key_pair_id: String,
    fingerprint: String,
    instance: String,
    private_ip: String,
    root_volume: String,
    data_volume: String,
    eip: String,
    eip_ip: String,
}

/// The declared infrastructure, created through the SDK as `terraform apply` would.
async fn create(moto: &Moto) -> Created {
    let sdk = moto.sdk_config();
    let ec2 = aws_sdk_ec2::Client::new(&sdk);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.0.0.0/16")
        .tag_specifications(tags(ResourceType::Vpc, "main"))
        .send()
        .await
        .unwrap()
        .vpc
        .unwrap()
        .vpc_id
        .unwrap();
    ec2.modify_vpc_attribute()
        .vpc_id(&vpc)
        .enable_dns_hostnames(AttributeBooleanValue::builder().value(true).build())
        .send()
        .await
        .unwrap();
    let subnet = ec2
        .create_subnet()
        .vpc_id(&vpc)
        .cidr_block("10.0.1.0/24")
        .availability_zone("us-east-1a")
        .tag_specifications(tags(ResourceType::Subnet, "app"))
        .send()
        .await
        .unwrap()
        .subnet
        .unwrap()
        .subnet_id
        .unwrap();
    let igw = ec2
        .create_internet_gateway()
        .tag_specifications(tags(ResourceType::InternetGateway, "main"))
        .send()
        .await
        .unwrap()
        .internet_gateway
        .unwrap()
        .internet_gateway_id
        .unwrap();
    ec2.attach_internet_gateway()
        .internet_gateway_id(&igw)
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap();

    // web: inline rules (the default allow-all egress is declared as an egress block).
    let web = ec2
        .create_security_group()
        .group_name("web")
        .description("web servers")
        .vpc_id(&vpc)
        .tag_specifications(tags(ResourceType::SecurityGroup, "web"))
        .send()
        .await
        .unwrap()
        .group_id
        .unwrap();
    ec2.authorize_security_group_ingress()
        .group_id(&web)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .ip_ranges(cidr("10.0.0.0/8", Some("https")))
                .ip_ranges(cidr("192.168.0.0/16", Some("https")))
                .build(),
        )
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(8080)
                .to_port(8080)
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&web).build())
                .build(),
        )
        .send()
        .await
        .unwrap();

    // db: no inline rules; Terraform revokes the default egress rule.
    let db = ec2
        .create_security_group()
        .group_name("db")
        .description("database")
        .vpc_id(&vpc)
        .send()
        .await
        .unwrap()
        .group_id
        .unwrap();
    ec2.revoke_security_group_egress()
        .group_id(&db)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("-1")
                .ip_ranges(cidr("0.0.0.0/0", None))
                .build(),
        )
        .send()
        .await
        .unwrap();
    // aws_security_group_rule.db_office: two CIDRs.
    ec2.authorize_security_group_ingress()
        .group_id(&db)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(5432)
                .to_port(5432)
                .ip_ranges(cidr("10.1.0.0/16", Some("office")))
                .ip_ranges(cidr("10.2.0.0/16", Some("office")))
                .build(),
        )
        .send()
        .await
        .unwrap();
    // aws_vpc_security_group_ingress_rule.db_from_web (no description: moto's
    // DescribeSecurityGroupRules drops the description of group-referencing rules).
    let db_from_web = ec2
        .authorize_security_group_ingress()
        .group_id(&db)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(5432)
                .to_port(5432)
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&web).build())
                .build(),
        )
        .tag_specifications(tags(ResourceType::SecurityGroupRule, "db-from-web"))
        .send()
        .await
        .unwrap()
        .security_group_rules
        .unwrap()[0]
        .security_group_rule_id
        .clone()
        .unwrap();

    let key = ec2
        .import_key_pair()
        .key_name("deployer")
        .public_key_material(aws_smithy_types::Blob::new(PUBLIC_KEY))
        .send()
        .await
        .unwrap();
    let iam = moto.iam();
    iam.create_instance_profile()
        .instance_profile_name("app")
        .path("/app/")
        .send()
        .await
        .unwrap();
    // moto reports /dev/sda1 as the root device name of its AMIs.
    let instance = ec2
        .run_instances()
        .image_id("ami-12c6146b")
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .subnet_id(&subnet)
        .security_group_ids(&web)
        .key_name("deployer")
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .name("app")
                .build(),
        )
        .metadata_options(
            InstanceMetadataOptionsRequest::builder()
                .http_endpoint(InstanceMetadataEndpointState::Enabled)
                .http_tokens(HttpTokensState::Required)
                .http_put_response_hop_limit(2)
                .build(),
        )
        .block_device_mappings(
            BlockDeviceMapping::builder()
                .device_name("/dev/sda1")
                .ebs(
                    EbsBlockDevice::builder()
                        .volume_size(20)
                        .volume_type(VolumeType::Gp3)
                        .iops(3000)
                        .delete_on_termination(true)
                        .build(),
                )
                .build(),
        )
        .tag_specifications(tags(ResourceType::Instance, "web"))
        .send()
        .await
        .unwrap()
        .instances
        .unwrap()
        .remove(0);
    let data_volume = ec2
        .create_volume()
        .availability_zone("us-east-1a")
        .size(10)
        .volume_type(VolumeType::Gp3)
        .iops(3000)
        .throughput(125)
        .tag_specifications(tags(ResourceType::Volume, "data"))
        .send()
        .await
        .unwrap()
        .volume_id
        .unwrap();
    let eip = ec2
        .allocate_address()
        .domain(DomainType::Vpc)
        .tag_specifications(tags(ResourceType::ElasticIp, "web"))
        .send()
        .await
        .unwrap();
    Created {
        vpc,
        subnet,
        igw,
        web,
        db,
        db_from_web,
        key_pair_id: key.key_pair_id.unwrap(),
        fingerprint: key.key_fingerprint.unwrap(),
        instance: instance.instance_id.clone().unwrap(),
        private_ip: instance.private_ip_address.clone().unwrap(),
        root_volume: instance.block_device_mappings()[0]
            .ebs()
            .unwrap()
            .volume_id()
            .unwrap()
            .to_string(),
        data_volume,
        eip: eip.allocation_id.unwrap(),
        eip_ip: eip.public_ip.unwrap(),
    }
}

fn ids(live: &[Resource], resource_type: &str) -> Vec<String> {
    let mut ids: Vec<String> = live
        .iter()
        .filter(|r| r.resource_type == resource_type)
        .filter_map(|r| r.cloud_id.clone())
        .collect();
    ids.sort();
    ids
}

fn is_ec2(resource_type: &str) -> bool {
    driftguard_aws::ec2::TYPES.contains(&resource_type)
}

#[tokio::test]
async fn collectors_normalise_to_the_state_schema() {
    let moto = Moto::start();
    let c = create(&moto).await;
    let scan = common::scan(&moto.live_config()).await;
    assert_eq!(failures(&scan, is_ec2), Vec::new());
    common::assert_scanned(&scan, driftguard_aws::ec2::TYPES, &[REGION]);
    let live = &scan.resources;

    let vpc = attrs(find(live, "aws_vpc", &c.vpc));
    assert_eq!(vpc["cidr_block"], "10.0.0.0/16");
    assert_eq!(vpc["enable_dns_hostnames"], true);
    assert_eq!(vpc["enable_dns_support"], true);
    assert_eq!(vpc["instance_tenancy"], "default");
    assert_eq!(vpc["is_default"], false);
    assert_eq!(vpc["tags"], json!({"Name": "main"}));
    assert_eq!(vpc["region"], REGION);
    // moto's default VPC and its subnets are marked as AWS defaults.
    let default_vpc = live
        .iter()
        .find(|r| r.resource_type == "aws_vpc" && attrs(r)["is_default"] == true)
        .expect("moto's default VPC");
    assert_eq!(attrs(default_vpc)["cidr_block"], "172.31.0.0/16");
    let subnets: Vec<Json> = live
        .iter()
        .filter(|r| r.resource_type == "aws_subnet")
        .map(attrs)
        .collect();
    assert!(subnets
        .iter()
        .filter(|s| s["vpc_id"] != c.vpc.as_str())
        .all(|s| s["default_for_az"] == true));

    let subnet = attrs(find(live, "aws_subnet", &c.subnet));
    assert_eq!(subnet["vpc_id"], c.vpc.as_str());
    assert_eq!(subnet["availability_zone"], "us-east-1a");
    assert_eq!(subnet["map_public_ip_on_launch"], false);
    assert_eq!(subnet["default_for_az"], false);
    assert_eq!(subnet["enable_dns64"], false);
    assert_eq!(subnet["private_dns_hostname_type_on_launch"], "ip-name");

    let igw = attrs(find(live, "aws_internet_gateway", &c.igw));
    assert_eq!(igw["vpc_id"], c.vpc.as_str());
    assert_eq!(igw["owner_id"], ACCOUNT);

    // Inline rules grouped per (protocol, ports, description) as the provider flattens them.
    let web = attrs(find(live, "aws_security_group", &c.web));
    assert_eq!(web["name"], "web");
    assert_eq!(web["description"], "web servers");
    assert_eq!(web["vpc_id"], c.vpc.as_str());
    assert_eq!(web["ingress"], web_ingress(&c));
    assert_eq!(web["egress"], json!([all_egress()]));
    let db = attrs(find(live, "aws_security_group", &c.db));
    assert_eq!(db["ingress"], db_ingress(&c));
    assert_eq!(db["egress"], json!([]));

    // aws_security_group_rule: one item per source group / self, one for the address ranges.
    let rule_ids = ids(live, "aws_security_group_rule");
    for id in [
        format!("{}_ingress_tcp_443_443_", c.web),
        format!("{}_ingress_tcp_8080_8080_self", c.web),
        format!("{}_egress_-1_0_0_", c.web),
        format!("{}_ingress_tcp_5432_5432_", c.db),
        format!("{}_ingress_tcp_5432_5432_{}", c.db, c.web),
    ] {
        assert!(rule_ids.contains(&id), "{id} not in {rule_ids:?}");
    }
    let office = attrs(find(
        live,
        "aws_security_group_rule",
        &format!("{}_ingress_tcp_5432_5432_", c.db),
    ));
    assert_eq!(
        office,
        json!({
            "id": format!("{}_ingress_tcp_5432_5432_", c.db),
            "region": REGION,
            "security_group_id": c.db, "type": "ingress", "protocol": "tcp",
            "from_port": 5432, "to_port": 5432,
            "cidr_blocks": ["10.1.0.0/16", "10.2.0.0/16"], "ipv6_cidr_blocks": [],
            "prefix_list_ids": [], "source_security_group_id": null, "self": false,
            "description": "office",
        })
    );
    let own = attrs(find(
        live,
        "aws_security_group_rule",
        &format!("{}_ingress_tcp_8080_8080_self", c.web),
    ));
    assert_eq!(own["self"], true);
    assert_eq!(own["source_security_group_id"], c.web.as_str());
    assert_eq!(own["description"], "");
    // The provider stores a self rule's own group as its source: same key as `self = true`.
    for (source, is_self) in [(json!(c.web), true), (json!(null), true)] {
        let state_side = Value::from_json(&json!({
            "security_group_id": c.web, "type": "ingress", "protocol": "6",
            "from_port": 8080, "to_port": 8080,
            "source_security_group_id": source, "self": is_self,
        }));
        assert_eq!(
            driftguard_drift::table::security_group_rule_key(&state_side).unwrap(),
            format!("{}_ingress_tcp_8080_8080_self", c.web)
        );
    }
    // All protocols: ports 0/0 whatever was configured.
    let all = Value::from_json(&json!({
        "security_group_id": "sg-1", "type": "egress", "protocol": "all",
        "from_port": 0, "to_port": 65535, "cidr_blocks": ["0.0.0.0/0"],
    }));
    assert_eq!(
        driftguard_drift::table::security_group_rule_key(&all).unwrap(),
        "sg-1_egress_-1_0_0_"
    );

    // aws_vpc_security_group_*_rule: one per sgr-….
    let from_web = attrs(find(
        live,
        "aws_vpc_security_group_ingress_rule",
        &c.db_from_web,
    ));
    assert_eq!(
        from_web,
        json!({
            "id": c.db_from_web, "region": REGION, "security_group_rule_id": c.db_from_web,
            "security_group_id": c.db, "ip_protocol": "tcp", "from_port": 5432,
            "to_port": 5432, "cidr_ipv4": null, "cidr_ipv6": null, "prefix_list_id": null,
            "referenced_security_group_id": c.web, "description": null,
            "tags": {"Name": "db-from-web"}, "tags_all": {"Name": "db-from-web"},
        })
    );
    let web_egress: Vec<Json> = live
        .iter()
        .filter(|r| r.resource_type == "aws_vpc_security_group_egress_rule")
        .map(attrs)
        .filter(|r| r["security_group_id"] == c.web.as_str())
        .collect();
    assert_eq!(web_egress.len(), 1);
    assert_eq!(web_egress[0]["ip_protocol"], "-1");
    assert_eq!(web_egress[0]["cidr_ipv4"], "0.0.0.0/0");
    // Ports of an all-protocols rule are not compared (EC2 says -1, the state null).
    assert!(web_egress[0].get("from_port").is_none());
    let ingress_ids = ids(live, "aws_vpc_security_group_ingress_rule");
    assert_eq!(
        ingress_ids
            .iter()
            .filter(
                |id| attrs(find(live, "aws_vpc_security_group_ingress_rule", id))
                    ["security_group_id"]
                    == c.db.as_str()
            )
            .count(),
        3,
        "two office CIDRs and the web group"
    );

    let instance = attrs(find(live, "aws_instance", &c.instance));
    assert_eq!(instance["ami"], "ami-12c6146b");
    assert_eq!(instance["instance_type"], "t3.micro");
    assert_eq!(instance["subnet_id"], c.subnet.as_str());
    assert_eq!(instance["vpc_security_group_ids"], json!([c.web]));
    assert_eq!(instance["key_name"], "deployer");
    assert_eq!(instance["availability_zone"], "us-east-1a");
    assert_eq!(instance["private_ip"], c.private_ip.as_str());
    assert_eq!(instance["associate_public_ip_address"], false);
    assert_eq!(
        instance["iam_instance_profile"], "app",
        "the name, not the ARN"
    );
    assert_eq!(instance["source_dest_check"], true);
    assert_eq!(instance["monitoring"], false);
    assert_eq!(instance["ebs_optimized"], false);
    assert_eq!(instance["tenancy"], "default");
    assert_eq!(instance["metadata_options"], metadata_options());
    assert_eq!(instance["root_block_device"], root_block_device(&c, false));
    assert_eq!(instance["ebs_block_device"], json!([]));
    assert_eq!(instance["tags"], json!({"Name": "web"}));

    let data = attrs(find(live, "aws_ebs_volume", &c.data_volume));
    assert_eq!(data["size"], 10.0);
    assert_eq!(data["type"], "gp3");
    assert_eq!(data["iops"], 3000.0);
    assert_eq!(data["throughput"], 125.0);
    assert_eq!(data["encrypted"], false);
    assert_eq!(data["attached_instance_id"], Json::Null);
    let root = attrs(find(live, "aws_ebs_volume", &c.root_volume));
    assert_eq!(root["attached_instance_id"], c.instance.as_str());

    let key = attrs(find(live, "aws_key_pair", "deployer"));
    assert_eq!(key["key_pair_id"], c.key_pair_id.as_str());
    assert_eq!(key["fingerprint"], c.fingerprint.as_str());
    assert_eq!(key["key_type"], "ed25519");

    let eip = attrs(find(live, "aws_eip", &c.eip));
    assert_eq!(eip["domain"], "vpc");
    assert_eq!(eip["public_ip"], c.eip_ip.as_str());
    assert_eq!(eip["tags"], json!({"Name": "web"}));

    // One listing per API, attributes of the VPCs (three per VPC) aside.
    let calls = scan.stats.by_operation();
    for operation in [
        "DescribeVpcs",
        "DescribeSubnets",
        "DescribeSecurityGroups",
        "DescribeSecurityGroupRules",
        "DescribeInstances",
        "DescribeVolumes",
        "DescribeKeyPairs",
        "DescribeAddresses",
        "DescribeInternetGateways",
    ] {
        assert_eq!(calls[&("ec2", operation)], 1, "{operation}");
    }
    assert_eq!(calls[&("ec2", "DescribeVpcAttribute")], 6);
}

fn all_egress() -> Json {
    json!({"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 0,
           "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "-1",
           "security_groups": [], "self": false, "to_port": 0})
}

fn web_ingress(c: &Created) -> Json {
    let _ = c;
    json!([
        {"cidr_blocks": ["10.0.0.0/8", "192.168.0.0/16"], "description": "https",
         "from_port": 443, "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp",
         "security_groups": [], "self": false, "to_port": 443},
        {"cidr_blocks": [], "description": "", "from_port": 8080, "ipv6_cidr_blocks": [],
         "prefix_list_ids": [], "protocol": "tcp", "security_groups": [], "self": true,
         "to_port": 8080},
    ])
}

fn db_ingress(c: &Created) -> Json {
    json!([
        {"cidr_blocks": [], "description": "", "from_port": 5432, "ipv6_cidr_blocks": [],
         "prefix_list_ids": [], "protocol": "tcp", "security_groups": [c.web], "self": false,
         "to_port": 5432},
        {"cidr_blocks": ["10.1.0.0/16", "10.2.0.0/16"], "description": "office",
         "from_port": 5432, "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp",
         "security_groups": [], "self": false, "to_port": 5432},
    ])
}

fn metadata_options() -> Json {
    json!([{"http_endpoint": "enabled", "http_protocol_ipv6": "disabled",
            "http_put_response_hop_limit": 2, "http_tokens": "required",
            "instance_metadata_tags": "disabled"}])
}

/// As the provider reads it from moto: moto keeps no throughput for block device mappings
/// (EC2 would say 125 for gp3). The state also has the volume's `tags` (not compared).
fn root_block_device(c: &Created, state: bool) -> Json {
    let mut device = json!({"delete_on_termination": true, "device_name": "/dev/sda1",
        "encrypted": false, "iops": 3000, "kms_key_id": "", "throughput": 0,
        "volume_id": c.root_volume, "volume_size": 20, "volume_type": "gp3"});
    if state {
        device["tags"] = json!({});
        device["tags_all"] = json!({});
    }
    json!([device])
}

fn arn(kind: &str, id: &str) -> String {
    format!("arn:aws:ec2:{REGION}:{ACCOUNT}:{kind}/{id}")
}

/// The state terraform-provider-aws v5 writes for [`create`] (values moto does not model are
/// as the provider reads them from moto; each is commented).
fn state(c: &Created) -> Json {
    json!({
        "version": 4, "terraform_version": "1.9.5", "serial": 7, "lineage": "0c1e",
        "outputs": {},
        "resources": [
            instance("aws_vpc", "main", 1, json!({
                "id": c.vpc, "arn": arn("vpc", &c.vpc), "assign_generated_ipv6_cidr_block": false,
                "cidr_block": "10.0.0.0/16", "default_network_acl_id": "acl-0a1b2c3d",
                "default_route_table_id": "rtb-0a1b2c3d", "default_security_group_id": "sg-0a1b2c3d",
                // moto's DHCP options id (EC2: dopt-…).
                "dhcp_options_id": "default",
                "enable_dns_hostnames": true, "enable_dns_support": true,
                "enable_network_address_usage_metrics": false, "instance_tenancy": "default",
                "ipv4_ipam_pool_id": null, "ipv4_netmask_length": null, "ipv6_association_id": "",
                "ipv6_cidr_block": "", "ipv6_cidr_block_network_border_group": "",
                "ipv6_ipam_pool_id": "", "ipv6_netmask_length": 0,
                "main_route_table_id": "rtb-0a1b2c3d", "owner_id": ACCOUNT,
                "tags": {"Name": "main"}, "tags_all": {"Name": "main"}})),
            instance("aws_subnet", "app", 1, json!({
                "id": c.subnet, "arn": arn("subnet", &c.subnet),
                "assign_ipv6_address_on_creation": false, "availability_zone": "us-east-1a",
                "availability_zone_id": "use1-az6", "cidr_block": "10.0.1.0/24",
                "customer_owned_ipv4_pool": "", "enable_dns64": false,
                "enable_lni_at_device_index": 0,
                "enable_resource_name_dns_a_record_on_launch": false,
                "enable_resource_name_dns_aaaa_record_on_launch": false,
                "ipv6_cidr_block": "", "ipv6_cidr_block_association_id": "", "ipv6_native": false,
                "map_customer_owned_ip_on_launch": false, "map_public_ip_on_launch": false,
                "outpost_arn": "", "owner_id": ACCOUNT,
                "private_dns_hostname_type_on_launch": "ip-name",
                "tags": {"Name": "app"}, "tags_all": {"Name": "app"}, "timeouts": null,
                "vpc_id": c.vpc})),
            instance("aws_internet_gateway", "main", 0, json!({
                "id": c.igw, "arn": arn("internet-gateway", &c.igw), "owner_id": ACCOUNT,
                "tags": {"Name": "main"}, "tags_all": {"Name": "main"}, "timeouts": null,
                "vpc_id": c.vpc})),
            instance("aws_security_group", "web", 1, json!({
                "id": c.web, "arn": arn("security-group", &c.web), "description": "web servers",
                "egress": [all_egress()], "ingress": web_ingress(c), "name": "web",
                "name_prefix": "", "owner_id": ACCOUNT, "revoke_rules_on_delete": false,
                "tags": {"Name": "web"}, "tags_all": {"Name": "web"}, "timeouts": null,
                "vpc_id": c.vpc})),
            // Rules managed by separate resources: `ingress` is what the last refresh read.
            instance("aws_security_group", "db", 1, json!({
                "id": c.db, "arn": arn("security-group", &c.db), "description": "database",
                "egress": [], "ingress": db_ingress(c), "name": "db", "name_prefix": "",
                "owner_id": ACCOUNT, "revoke_rules_on_delete": false, "tags": null,
                "tags_all": {}, "timeouts": null, "vpc_id": c.vpc})),
            instance("aws_security_group_rule", "db_office", 2, json!({
                "id": "sgrule-2843716451", "cidr_blocks": ["10.2.0.0/16", "10.1.0.0/16"],
                "description": "office", "from_port": 5432, "ipv6_cidr_blocks": [],
                "prefix_list_ids": [], "protocol": "tcp", "security_group_id": c.db,
                "security_group_rule_id": "", "self": false, "source_security_group_id": null,
                "timeouts": null, "to_port": 5432, "type": "ingress"})),
            instance("aws_vpc_security_group_ingress_rule", "db_from_web", 0, json!({
                "id": c.db_from_web, "arn": arn("security-group-rule", &c.db_from_web),
                "cidr_ipv4": null, "cidr_ipv6": null, "description": null, "from_port": 5432,
                "ip_protocol": "tcp", "prefix_list_id": null,
                "referenced_security_group_id": c.web, "security_group_id": c.db,
                "security_group_rule_id": c.db_from_web, "tags": {"Name": "db-from-web"},
                "tags_all": {"Name": "db-from-web"}, "to_port": 5432})),
            instance("aws_key_pair", "deployer", 1, json!({
                "id": "deployer", "arn": arn("key-pair", "deployer"),
                "fingerprint": c.fingerprint, "key_name": "deployer", "key_name_prefix": "",
                "key_pair_id": c.key_pair_id, "key_type": "ed25519", "public_key": PUBLIC_KEY,
                "tags": null, "tags_all": {}})),
            instance("aws_instance", "web", 1, json!({
                "id": c.instance, "ami": "ami-12c6146b", "arn": arn("instance", &c.instance),
                "associate_public_ip_address": false, "availability_zone": "us-east-1a",
                "capacity_reservation_specification": [{"capacity_reservation_preference": "open",
                    "capacity_reservation_target": []}],
                "cpu_core_count": 1, "cpu_options": [{"amd_sev_snp": "", "core_count": 1,
                    "threads_per_core": 2}],
                "cpu_threads_per_core": 2, "credit_specification": [{"cpu_credits": "unlimited"}],
                "disable_api_stop": false, "disable_api_termination": false,
                "ebs_block_device": [], "ebs_optimized": false, "enclave_options": [{"enabled": false}],
                "ephemeral_block_device": [], "get_password_data": false, "hibernation": false,
                "host_id": "", "host_resource_group_arn": null, "iam_instance_profile": "app",
                "instance_initiated_shutdown_behavior": "stop", "instance_lifecycle": "",
                "instance_market_options": [], "instance_state": "running",
                "instance_type": "t3.micro", "ipv6_address_count": 0, "ipv6_addresses": [],
                "key_name": "deployer", "launch_template": [],
                // moto returns no MaintenanceOptions / PrivateDnsNameOptions (EC2 does).
                "maintenance_options": [], "metadata_options": metadata_options(),
                "monitoring": false, "network_interface": [], "outpost_arn": "",
                "password_data": "", "placement_group": "", "placement_partition_number": 0,
                "primary_network_interface_id": "eni-0a1b2c3d", "private_dns": "ip-10-0-1-4.ec2.internal",
                "private_dns_name_options": [], "private_ip": c.private_ip, "public_dns": "",
                "public_ip": "", "root_block_device": root_block_device(c, true),
                "secondary_private_ips": [], "security_groups": [], "source_dest_check": true,
                "spot_instance_request_id": "", "subnet_id": c.subnet, "tags": {"Name": "web"},
                "tags_all": {"Name": "web"}, "tenancy": "default", "timeouts": null,
                "user_data": null, "user_data_base64": null, "user_data_replace_on_change": false,
                "volume_tags": null, "vpc_security_group_ids": [c.web]})),
            instance("aws_ebs_volume", "data", 0, json!({
                "id": c.data_volume, "arn": arn("volume", &c.data_volume),
                "availability_zone": "us-east-1a", "create_time": "2026-11-22T09:30:00Z",
                "encrypted": false, "final_snapshot": false, "iops": 3000, "kms_key_id": "",
                "multi_attach_enabled": false, "outpost_arn": "", "size": 10, "snapshot_id": "",
                "tags": {"Name": "data"}, "tags_all": {"Name": "data"}, "throughput": 125,
                "timeouts": null, "type": "gp3"})),
            instance("aws_eip", "web", 0, json!({
                "id": c.eip, "address": null, "allocation_id": c.eip, "arn": arn("elastic-ip", &c.eip),
                "associate_with_private_ip": null, "association_id": "", "carrier_ip": "",
                "customer_owned_ip": "", "customer_owned_ipv4_pool": "", "domain": "vpc",
                "instance": "", "ipam_pool_id": null,
                // moto returns no NetworkBorderGroup / PublicIpv4Pool (EC2: us-east-1, amazon).
                "network_border_group": "", "network_interface": "", "private_dns": null,
                "private_ip": "", "ptr_record": "", "public_dns": "ec2-127-0-0-1.compute-1.amazonaws.com",
                "public_ip": c.eip_ip, "public_ipv4_pool": "", "tags": {"Name": "web"},
                "tags_all": {"Name": "web"}, "timeouts": null, "vpc": true})),
        ]
    })
}

#[tokio::test]
async fn out_of_band_ec2_changes_are_exact_drift() {
    let moto = Moto::start();
    let c = create(&moto).await;
    let declared = declared(&state(&c));

    // Untouched: zero drift; moto's default VPC, subnets, security groups and their rules are
    // AWS defaults, the instance's root volume is compared through the instance.
    let report = common::drift(
        &moto.live_config(),
        &declared,
        is_ec2,
        &DiffOptions::default(),
    )
    .await;
    assert_eq!(lines(&report), Vec::<String>::new());
    let declared_ec2 = declared.iter().filter(|r| is_ec2(&r.resource_type)).count();
    assert_eq!(declared_ec2, 11);
    assert!(
        report.summary.managed >= declared_ec2,
        "{:?}",
        report.summary
    );
    assert!(report.summary.aws_defaults > 0);

    // Out of band: SSH opened on web, the key pair deleted, the instance renamed, a tag on the
    // VPC, and a hand-made security group.
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config());
    ec2.authorize_security_group_ingress()
        .group_id(&c.web)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(cidr("0.0.0.0/0", None))
                .build(),
        )
        .send()
        .await
        .unwrap();
    ec2.delete_key_pair()
        .key_name("deployer")
        .send()
        .await
        .unwrap();
    ec2.create_tags()
        .resources(&c.instance)
        .tags(Tag::builder().key("Name").value("web-2").build())
        .send()
        .await
        .unwrap();
    ec2.create_tags()
        .resources(&c.vpc)
        .tags(Tag::builder().key("Env").value("prod").build())
        .send()
        .await
        .unwrap();
    let rogue = ec2
        .create_security_group()
        .group_name("rogue")
        .description("made by hand")
        .vpc_id(&c.vpc)
        .send()
        .await
        .unwrap()
        .group_id
        .unwrap();
    ec2.authorize_security_group_ingress()
        .group_id(&rogue)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(3389)
                .to_port(3389)
                .ip_ranges(cidr("0.0.0.0/0", None))
                .build(),
        )
        .send()
        .await
        .unwrap();

    let report = common::drift(
        &moto.live_config(),
        &declared,
        is_ec2,
        &DiffOptions::default(),
    )
    .await;
    let ssh = r#"{"cidr_blocks":["0.0.0.0/0"],"description":"","from_port":22,"ipv6_cidr_blocks":[],"prefix_list_ids":[],"protocol":"tcp","security_groups":[],"self":false,"to_port":22}"#;
    // The new SSH rule shows once, in its declared group's `ingress`: its
    // aws_security_group_rule / aws_vpc_security_group_ingress_rule are covered by that parent.
    // The hand-made group is reported once: its rules (RDP from anywhere, the default egress),
    // in both rule types Terraform has for them, are covered by it.
    assert_eq!(
        lines(&report),
        vec![
            format!(
                "changed aws_instance {} tags.Name NOT_EQUAL \"web\" -> \"web-2\"",
                c.instance
            ),
            format!(
                "changed aws_security_group {} ingress.0 ADD - -> {ssh}",
                c.web
            ),
            format!("changed aws_vpc {} tags.Env ADD - -> \"prod\"", c.vpc),
            "missing aws_key_pair deployer".to_string(),
            format!("unmanaged aws_security_group {rogue}"),
        ]
    );
}

#[tokio::test]
async fn failures_are_not_scanned_never_missing() {
    let moto = Moto::start();
    let c = create(&moto).await;
    let declared = declared(&state(&c));
    let config = moto.faulty_live_config(vec![
        ("Action=DescribeSecurityGroups&", 403, "AccessDenied"),
        ("Action=DescribeVolumes&", 500, "InternalError"),
    ]);
    let scan = common::scan(&config).await;
    let failures = failures(&scan, is_ec2);
    let failed: Vec<&str> = failures.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        failed,
        vec![
            "aws_ebs_volume",
            "aws_instance",
            "aws_security_group",
            "aws_security_group_rule",
        ]
    );
    for (resource_type, region, error) in &failures {
        let expected = if resource_type.starts_with("aws_security_group") {
            "ec2:DescribeSecurityGroups failed: AccessDenied: injected by the test proxy"
        } else {
            "ec2:DescribeVolumes failed: InternalError: injected by the test proxy"
        };
        assert_eq!(error, expected, "{resource_type}");
        assert_eq!(region, REGION, "{resource_type}");
    }
    // The 500 was retried by the SDK: still one call.
    assert_eq!(scan.stats.by_operation()[&("ec2", "DescribeVolumes")], 1);

    // Nothing missing, and nothing unmanaged: the default groups' rules (read by
    // DescribeSecurityGroupRules) cannot be told to be AWS defaults without their groups, which
    // were not read, so they are not claimed unmanaged.
    common::assert_fail_safe(
        &declared,
        &scan,
        is_ec2,
        &DiffOptions::default(),
        &[
            "aws_ebs_volume.data",
            "aws_instance.web",
            "aws_security_group.db",
            "aws_security_group.web",
            "aws_security_group_rule.db_office",
        ],
    );
}

/// moto pages DescribeInstances by reservation (DescribeSecurityGroups, DescribeVolumes and
/// the others answer everything at once, ignoring MaxResults): 201 reservations are two pages
/// of 200.
#[tokio::test]
async fn describe_instances_is_paginated() {
    let moto = Moto::start();
    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config());
    let launches = (0..201).map(|_| {
        let ec2 = ec2.clone();
        async move {
            ec2.run_instances()
                .image_id("ami-12c6146b")
                .min_count(1)
                .max_count(1)
                .send()
                .await
                .unwrap();
        }
    });
    futures_util::stream::iter(launches)
        .buffer_unordered(16)
        .collect::<Vec<()>>()
        .await;
    let scan = common::scan(&moto.live_config()).await;
    assert_eq!(failures(&scan, is_ec2), Vec::new());
    assert_eq!(ids(&scan.resources, "aws_instance").len(), 201);
    assert_eq!(scan.stats.by_operation()[&("ec2", "DescribeInstances")], 2);
}

fn lines(report: &DriftReport) -> Vec<String> {
    common::drift_lines(report, is_ec2)
}
