//! Instances, launch templates and configurations, volumes and Image Builder distributions from
//! CloudFormation, checked by the EC2 compute rules.

mod harness;

use base64::Engine as _;
use driftguard_cloudformation::CfnResource;
use driftguard_model::Value;
use harness::{cfn, fires_at, fires_on_resource, inconclusive, quiet, scan};
use serde_json::json;

const INSTANCE: &str = "AWS::EC2::Instance";
const TEMPLATE: &str = "AWS::EC2::LaunchTemplate";

fn subnet(id: &str, public: bool) -> CfnResource {
    cfn(
        id,
        "AWS::EC2::Subnet",
        json!({"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "MapPublicIpOnLaunch": public}),
    )
}

/// A template that requires IMDSv2, encrypts its volumes and gives no public address.
fn hardened_template() -> CfnResource {
    cfn(
        "AppTemplate",
        TEMPLATE,
        json!({
            "LaunchTemplateName": "app",
            "LaunchTemplateData": {
                "ImageId": "ami-0abcdef1234567890",
                "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": true, "VolumeSize": 30}}],
                "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": false, "SubnetId": {"Ref": "Private"}}]
            }
        }),
    )
}

#[test]
fn a_hardened_instance_passes_every_compute_rule() {
    let instance = cfn(
        "App",
        INSTANCE,
        json!({
            "LaunchTemplate": {"LaunchTemplateId": {"Ref": "AppTemplate"}, "Version": {"Fn::GetAtt": ["AppTemplate", "LatestVersionNumber"]}},
            "SubnetId": {"Ref": "Private"},
            "BlockDeviceMappings": [
                {"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": "true", "VolumeSize": "30"}},
                {"DeviceName": "/dev/sdf", "Ebs": {"Encrypted": true, "KmsKeyId": {"Ref": "Key"}}},
                {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}
            ],
            "UserData": base64::engine::general_purpose::STANDARD.encode("#!/bin/bash\n/opt/app/start\n")
        }),
    );
    let volume = cfn(
        "Data",
        "AWS::EC2::Volume",
        json!({"AvailabilityZone": "eu-west-1a", "Size": 100, "Encrypted": true}),
    );
    let checked = scan(&[
        subnet("Private", false),
        hardened_template(),
        instance,
        volume,
    ]);
    harness::family_quiet(&checked, "aws-ec2-", &["aws-ec2-vpc-flow-logs-disabled"]);
    assert!(
        checked
            .inconclusive
            .iter()
            .all(|i| !i.rule_id.starts_with("aws-ec2-instance")),
        "{:?}",
        checked.inconclusive
    );
}

#[test]
fn instances_answer_imdsv1_unless_their_launch_template_requires_tokens() {
    // AWS::EC2::Instance has no metadata options of its own.
    let bare = cfn(
        "Bare",
        INSTANCE,
        json!({"ImageId": "ami-1", "SubnetId": {"Ref": "Private"}}),
    );
    let checked = scan(&[subnet("Private", false), bare.clone()]);
    fires_on_resource(&checked, "aws-ec2-instance-imdsv1-allowed", "Bare", &bare);

    let optional = cfn(
        "Optional",
        TEMPLATE,
        json!({"LaunchTemplateData": {"MetadataOptions": {"HttpTokens": "optional"}}}),
    );
    let checked = scan(std::slice::from_ref(&optional));
    fires_at(
        &checked,
        "aws-ec2-instance-imdsv1-allowed",
        "Optional",
        &optional,
        "LaunchTemplateData.MetadataOptions.HttpTokens",
    );

    let configuration = cfn(
        "Config",
        "AWS::AutoScaling::LaunchConfiguration",
        json!({"ImageId": "ami-1", "InstanceType": "t3.micro", "MetadataOptions": {"HttpTokens": "required"}}),
    );
    let checked = scan(&[configuration]);
    quiet(&checked, "aws-ec2-instance-imdsv1-allowed");
}

#[test]
fn unencrypted_block_devices_fire_where_they_are_declared() {
    let instance = cfn(
        "App",
        INSTANCE,
        json!({
            "SubnetId": {"Ref": "Private"},
            "BlockDeviceMappings": [
                {"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": false}},
                {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100}}
            ]
        }),
    );
    let checked = scan(&[subnet("Private", false), instance.clone()]);
    fires_at(
        &checked,
        "aws-ec2-instance-block-device-unencrypted",
        "App",
        &instance,
        "BlockDeviceMappings.0.Ebs.Encrypted",
    );
    fires_at(
        &checked,
        "aws-ec2-instance-block-device-unencrypted",
        "App",
        &instance,
        "BlockDeviceMappings.1",
    );

    // Without a mapping of the root device, the root volume is as encrypted as the AMI.
    let data_only = cfn(
        "DataOnly",
        INSTANCE,
        json!({"SubnetId": {"Ref": "Private"},
               "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"Encrypted": true}}]}),
    );
    let checked = scan(&[subnet("Private", false), data_only]);
    quiet(&checked, "aws-ec2-instance-block-device-unencrypted");
    inconclusive(
        &checked,
        "aws-ec2-instance-block-device-unencrypted",
        "DataOnly",
    );

    let template = cfn(
        "Template",
        TEMPLATE,
        json!({"LaunchTemplateData": {
            "MetadataOptions": {"HttpTokens": "required"},
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30}}]
        }}),
    );
    let checked = scan(std::slice::from_ref(&template));
    fires_at(
        &checked,
        "aws-ec2-launch-template-block-device-unencrypted",
        "Template",
        &template,
        "LaunchTemplateData.BlockDeviceMappings.0.Ebs",
    );
    let checked = scan(&[hardened_template()]);
    quiet(&checked, "aws-ec2-launch-template-block-device-unencrypted");

    let configuration = cfn(
        "Config",
        "AWS::AutoScaling::LaunchConfiguration",
        json!({"ImageId": "ami-1", "InstanceType": "t3.micro",
               "BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {"Encrypted": "false"}}]}),
    );
    let checked = scan(std::slice::from_ref(&configuration));
    fires_at(
        &checked,
        "aws-ec2-instance-block-device-unencrypted",
        "Config",
        &configuration,
        "BlockDeviceMappings.0.Ebs.Encrypted",
    );
}

#[test]
fn volumes_are_encrypted_only_when_they_say_so() {
    let plain = cfn(
        "Plain",
        "AWS::EC2::Volume",
        json!({"AvailabilityZone": "eu-west-1a", "Size": 10}),
    );
    let from_snapshot = cfn(
        "Restored",
        "AWS::EC2::Volume",
        json!({"AvailabilityZone": "eu-west-1a", "SnapshotId": "snap-0123456789abcdef0"}),
    );
    let encrypted = cfn(
        "Encrypted",
        "AWS::EC2::Volume",
        json!({"AvailabilityZone": "eu-west-1a", "Size": 10, "Encrypted": "true"}),
    );
    let checked = scan(&[plain.clone(), from_snapshot, encrypted]);
    fires_on_resource(&checked, "aws-ec2-ebs-volume-unencrypted", "Plain", &plain);
    assert_eq!(
        harness::findings(&checked, "aws-ec2-ebs-volume-unencrypted").len(),
        1
    );
    // A volume restored from a snapshot is as encrypted as the snapshot.
    inconclusive(&checked, "aws-ec2-ebs-volume-unencrypted", "Restored");
}

#[test]
fn public_addresses_fire_from_interfaces_subnets_templates_and_configurations() {
    let interface = cfn(
        "Interface",
        INSTANCE,
        json!({"NetworkInterfaces": [{"DeviceIndex": "0", "AssociatePublicIpAddress": "true",
                                      "SubnetId": {"Ref": "Private"}, "GroupSet": [{"Ref": "Web"}]}]}),
    );
    let in_public_subnet = cfn("InPublic", INSTANCE, json!({"SubnetId": {"Ref": "Public"}}));
    let template = cfn(
        "Template",
        TEMPLATE,
        json!({"LaunchTemplateData": {"MetadataOptions": {"HttpTokens": "required"},
               "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": true}]}}),
    );
    let configuration = cfn(
        "Config",
        "AWS::AutoScaling::LaunchConfiguration",
        json!({"ImageId": "ami-1", "InstanceType": "t3.micro", "AssociatePublicIpAddress": true}),
    );
    let checked = scan(&[
        subnet("Private", false),
        subnet("Public", true),
        interface.clone(),
        in_public_subnet.clone(),
        template.clone(),
        configuration.clone(),
    ]);
    fires_at(
        &checked,
        "aws-ec2-instance-public-ip",
        "Interface",
        &interface,
        "NetworkInterfaces.0.AssociatePublicIpAddress",
    );
    fires_at(
        &checked,
        "aws-ec2-instance-public-ip",
        "InPublic",
        &in_public_subnet,
        "SubnetId",
    );
    fires_at(
        &checked,
        "aws-ec2-instance-public-ip",
        "Template",
        &template,
        "LaunchTemplateData.NetworkInterfaces.0.AssociatePublicIpAddress",
    );
    fires_at(
        &checked,
        "aws-ec2-instance-public-ip",
        "Config",
        &configuration,
        "AssociatePublicIpAddress",
    );
    // The interface places the instance in its subnet: not the default VPC.
    assert!(!checked
        .findings
        .iter()
        .any(|f| f.rule_id == "aws-ec2-default-vpc-in-use" && f.resource_address == "Interface"));
}

#[test]
fn an_instance_without_a_subnet_lands_in_the_default_vpc() {
    let instance = cfn("Loose", INSTANCE, json!({"ImageId": "ami-1"}));
    let checked = scan(std::slice::from_ref(&instance));
    fires_on_resource(&checked, "aws-ec2-default-vpc-in-use", "Loose", &instance);
}

#[test]
fn secrets_in_user_data_fire_once_decoded() {
    let script = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAQ3EGRNXVPKT5JW2D\nexport AWS_SECRET_ACCESS_KEY=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\n";
    let encoded = base64::engine::general_purpose::STANDARD.encode(script);
    let instance = cfn(
        "App",
        INSTANCE,
        json!({"SubnetId": {"Ref": "Private"}, "UserData": encoded}),
    );
    let template = cfn(
        "Template",
        TEMPLATE,
        json!({"LaunchTemplateData": {"UserData": encoded}}),
    );
    let checked = scan(&[subnet("Private", false), instance.clone(), template.clone()]);
    fires_at(
        &checked,
        "aws-ec2-instance-user-data-secret",
        "App",
        &instance,
        "UserData",
    );
    fires_at(
        &checked,
        "aws-ec2-instance-user-data-secret",
        "Template",
        &template,
        "LaunchTemplateData.UserData",
    );
}

#[test]
fn image_builder_distributions_to_every_account_fire() {
    let distribution = |groups: serde_json::Value| {
        cfn(
            "Distribution",
            "AWS::ImageBuilder::DistributionConfiguration",
            json!({"Name": "golden", "Distributions": [{
                "Region": "eu-west-1",
                "AmiDistributionConfiguration": {"LaunchPermissionConfiguration": {"UserGroups": groups}}
            }]}),
        )
    };
    let public = distribution(json!(["all"]));
    let checked = scan(std::slice::from_ref(&public));
    fires_at(
        &checked,
        "aws-ec2-ami-public",
        "Distribution",
        &public,
        "Distributions.0.AmiDistributionConfiguration.LaunchPermissionConfiguration.UserGroups",
    );
    quiet(&scan(&[distribution(json!([]))]), "aws-ec2-ami-public");
}

#[test]
fn block_devices_read_as_terraform_state() {
    let instance = cfn(
        "App",
        INSTANCE,
        json!({"BlockDeviceMappings": [
            {"DeviceName": "/dev/sdf", "Ebs": {"Encrypted": "true", "VolumeSize": "100"}},
            {"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": true}}
        ]}),
    );
    let resources = harness::mapped(&[instance]);
    let app = &resources[0];
    assert_eq!(
        app.get("root_block_device.0.encrypted"),
        Some(&Value::Bool(true))
    );
    assert_eq!(
        app.get("ebs_block_device.0.device_name"),
        Some(&Value::string("/dev/sdf"))
    );
    assert_eq!(
        app.get("ebs_block_device.0.volume_size"),
        Some(&Value::Number(100.0))
    );
    assert_eq!(
        app.get("ebs_block_device.0.encrypted"),
        Some(&Value::Bool(true))
    );
}
