//! EC2 compute: instances, launch templates and configurations, EBS volumes, and Image
//! Builder distributions, onto the Terraform types the EC2 view reads.
//!
//! CloudFormation lists an instance's volumes as `BlockDeviceMappings`; Terraform splits them
//! into the root volume (`root_block_device`) and the others (`ebs_block_device`). The root
//! volume is the mapping of the AMI's root device, which EC2 names `/dev/xvda` or `/dev/sda1`
//! for every AMI of the Amazon Linux, Ubuntu, RHEL and Windows families; a mapping of any other
//! device is an additional volume.

use std::collections::BTreeMap;

use driftguard_model::Value;

use super::convert::{shaped, tags, Builder, Field, Shape};
use super::Mapped;
use crate::CfnResource;

pub const MAPPERS: &[(&str, super::Mapper)] = &[
    ("AWS::EC2::Instance", instance),
    ("AWS::EC2::LaunchTemplate", launch_template),
    (
        "AWS::AutoScaling::LaunchConfiguration",
        launch_configuration,
    ),
    ("AWS::EC2::Volume", volume),
    (
        "AWS::ImageBuilder::DistributionConfiguration",
        distribution_configuration,
    ),
];

/// The device names EC2 gives the root volume.
const ROOT_DEVICES: &[&str] = &["/dev/xvda", "/dev/sda1"];

/// An `Ebs` block device property and the Terraform attribute it becomes.
const EBS: &[(&str, &str, Option<Shape>)] = &[
    ("encrypted", "Encrypted", Some(Shape::Bool)),
    ("kms_key_id", "KmsKeyId", None),
    ("snapshot_id", "SnapshotId", None),
    ("volume_size", "VolumeSize", Some(Shape::Number)),
    ("volume_type", "VolumeType", None),
    ("iops", "Iops", Some(Shape::Number)),
    ("throughput", "Throughput", Some(Shape::Number)),
    (
        "delete_on_termination",
        "DeleteOnTermination",
        Some(Shape::Bool),
    ),
];

const INSTANCE: &[Field] = &[
    Field::Copy("ami", "ImageId"),
    Field::Copy("instance_type", "InstanceType"),
    Field::Copy("subnet_id", "SubnetId"),
    Field::Copy("availability_zone", "AvailabilityZone"),
    Field::Copy("vpc_security_group_ids", "SecurityGroupIds"),
    Field::Copy("security_groups", "SecurityGroups"),
    Field::Copy("iam_instance_profile", "IamInstanceProfile"),
    Field::Copy("key_name", "KeyName"),
    Field::Copy("private_ip", "PrivateIpAddress"),
    // CloudFormation takes user data base64-encoded (`Fn::Base64`).
    Field::Copy("user_data_base64", "UserData"),
    Field::Copy("monitoring", "Monitoring"),
    Field::Copy("ebs_optimized", "EbsOptimized"),
    Field::Block(
        "launch_template",
        "LaunchTemplate",
        &[
            Field::Copy("id", "LaunchTemplateId"),
            Field::Copy("name", "LaunchTemplateName"),
            Field::Copy("version", "Version"),
        ],
    ),
];

fn instance(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(INSTANCE);
    b.reshape_all(&[("monitoring", Shape::Bool), ("ebs_optimized", Shape::Bool)]);
    network_interfaces(&mut b);
    block_devices(&mut b, "BlockDeviceMappings");
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_instance", &from.logical_id, attributes, spans);
}

/// An instance's `NetworkInterfaces`: the interface it creates at device index 0 gives the
/// instance its subnet, security groups and public IP address (Terraform's
/// `associate_public_ip_address`, `subnet_id`, `vpc_security_group_ids`); interfaces that exist
/// already (`NetworkInterfaceId`) are attached (`network_interface` blocks).
fn network_interfaces(b: &mut Builder<'_>) {
    const PROPERTY: &str = "NetworkInterfaces";
    let items = match b.prop(PROPERTY) {
        None | Some(Value::Null) => return,
        Some(Value::List(items)) => items,
        Some(other) => {
            b.set("network_interface", other.clone(), PROPERTY);
            return;
        }
    };
    let mut attached = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = format!("{PROPERTY}.{index}");
        let existing = item
            .get_path("NetworkInterfaceId")
            .filter(|id| !id.is_null());
        if let Some(id) = existing {
            let tf = format!("network_interface.{}", attached.len());
            let mut entry = BTreeMap::from([("network_interface_id".to_string(), id.clone())]);
            if let Some(device) = item.get_path("DeviceIndex") {
                entry.insert(
                    "device_index".to_string(),
                    shaped(device.clone(), Shape::Number),
                );
            }
            b.point(&tf, &path);
            b.point(
                &format!("{tf}.network_interface_id"),
                &format!("{path}.NetworkInterfaceId"),
            );
            attached.push(Value::Object(entry));
            continue;
        }
        let primary = item
            .get_path("DeviceIndex")
            .and_then(Value::as_f64)
            .is_some_and(|i| i == 0.0);
        if !primary {
            continue;
        }
        if let Some(public) = item.get_path("AssociatePublicIpAddress") {
            b.set(
                "associate_public_ip_address",
                shaped(public.clone(), Shape::Bool),
                &format!("{path}.AssociatePublicIpAddress"),
            );
        }
        if !b.has("SubnetId") {
            if let Some(subnet) = item.get_path("SubnetId") {
                b.set("subnet_id", subnet.clone(), &format!("{path}.SubnetId"));
            }
        }
        if !b.has("SecurityGroupIds") {
            if let Some(groups) = item.get_path("GroupSet") {
                b.set(
                    "vpc_security_group_ids",
                    groups.clone(),
                    &format!("{path}.GroupSet"),
                );
            }
        }
    }
    if !attached.is_empty() {
        b.set("network_interface", Value::List(attached), PROPERTY);
    }
}

/// `BlockDeviceMappings` of an instance or launch configuration as `root_block_device` and
/// `ebs_block_device`. Mappings without `Ebs` (instance store, `NoDevice`) create no EBS
/// volume. An unknown list declares nothing known: the root volume stays undeclared.
fn block_devices(b: &mut Builder<'_>, property: &str) {
    let Some(Value::List(mappings)) = b.prop(property) else {
        return;
    };
    let mut root = Vec::new();
    let mut root_path = String::new();
    let mut others = Vec::new();
    for (index, mapping) in mappings.iter().enumerate() {
        let path = format!("{property}.{index}");
        let Some(ebs) = mapping.get_path("Ebs").filter(|ebs| !ebs.is_null()) else {
            continue;
        };
        let device = mapping.get_path("DeviceName");
        let is_root = root.is_empty()
            && device
                .and_then(Value::as_str)
                .is_some_and(|name| ROOT_DEVICES.contains(&name));
        let (block, list) = if is_root {
            ("root_block_device", &mut root)
        } else {
            ("ebs_block_device", &mut others)
        };
        let tf = format!("{block}.{}", list.len());
        b.point(&tf, &path);
        if is_root {
            root_path.clone_from(&path);
        }
        let mut entry = BTreeMap::new();
        if let (false, Some(device)) = (is_root, device) {
            entry.insert("device_name".to_string(), device.clone());
            b.point(&format!("{tf}.device_name"), &format!("{path}.DeviceName"));
        }
        if ebs.is_unknown() {
            // Whether the volume is encrypted is as unknown as the block.
            entry.insert("encrypted".to_string(), ebs.clone());
            b.point(&format!("{tf}.encrypted"), &format!("{path}.Ebs"));
        }
        for (attribute, name, shape) in EBS {
            let Some(value) = ebs.as_object().and_then(|o| o.get(*name)) else {
                continue;
            };
            let value = match shape {
                Some(shape) => shaped(value.clone(), *shape),
                None => value.clone(),
            };
            entry.insert(attribute.to_string(), value);
            b.point(&format!("{tf}.{attribute}"), &format!("{path}.Ebs.{name}"));
        }
        list.push(Value::Object(entry));
    }
    if !root.is_empty() {
        b.set("root_block_device", Value::List(root), &root_path);
    }
    if !others.is_empty() {
        b.set("ebs_block_device", Value::List(others), property);
    }
}

const TEMPLATE_EBS: &[Field] = &[
    Field::Copy("encrypted", "Encrypted"),
    Field::Copy("kms_key_id", "KmsKeyId"),
    Field::Copy("snapshot_id", "SnapshotId"),
    Field::Copy("volume_size", "VolumeSize"),
    Field::Copy("volume_type", "VolumeType"),
    Field::Copy("iops", "Iops"),
    Field::Copy("throughput", "Throughput"),
    Field::Copy("delete_on_termination", "DeleteOnTermination"),
];

const METADATA_OPTIONS: &[Field] = &[
    Field::Copy("http_endpoint", "HttpEndpoint"),
    Field::Copy("http_tokens", "HttpTokens"),
    Field::Copy("http_put_response_hop_limit", "HttpPutResponseHopLimit"),
    Field::Copy("http_protocol_ipv6", "HttpProtocolIpv6"),
    Field::Copy("instance_metadata_tags", "InstanceMetadataTags"),
];

const LAUNCH_TEMPLATE: &[Field] = &[
    Field::Copy("name", "LaunchTemplateName"),
    Field::Copy("image_id", "LaunchTemplateData.ImageId"),
    Field::Copy("instance_type", "LaunchTemplateData.InstanceType"),
    Field::Copy("key_name", "LaunchTemplateData.KeyName"),
    // Base64 in both: Terraform's `user_data` of a launch template is encoded too.
    Field::Copy("user_data", "LaunchTemplateData.UserData"),
    Field::Copy(
        "vpc_security_group_ids",
        "LaunchTemplateData.SecurityGroupIds",
    ),
    Field::Blocks(
        "block_device_mappings",
        "LaunchTemplateData.BlockDeviceMappings",
        &[
            Field::Copy("device_name", "DeviceName"),
            Field::Copy("no_device", "NoDevice"),
            Field::Copy("virtual_name", "VirtualName"),
            Field::Block("ebs", "Ebs", TEMPLATE_EBS),
        ],
    ),
    Field::Block(
        "metadata_options",
        "LaunchTemplateData.MetadataOptions",
        METADATA_OPTIONS,
    ),
    Field::Blocks(
        "network_interfaces",
        "LaunchTemplateData.NetworkInterfaces",
        &[
            Field::Copy("associate_public_ip_address", "AssociatePublicIpAddress"),
            Field::Copy("device_index", "DeviceIndex"),
            Field::Copy("subnet_id", "SubnetId"),
            Field::Copy("security_groups", "Groups"),
            Field::Copy("network_interface_id", "NetworkInterfaceId"),
            Field::Copy("delete_on_termination", "DeleteOnTermination"),
        ],
    ),
    Field::Block(
        "iam_instance_profile",
        "LaunchTemplateData.IamInstanceProfile",
        &[Field::Copy("arn", "Arn"), Field::Copy("name", "Name")],
    ),
];

const LAUNCH_TEMPLATE_SHAPES: &[(&str, Shape)] = &[
    ("block_device_mappings.*.ebs.*.encrypted", Shape::Bool),
    ("block_device_mappings.*.ebs.*.volume_size", Shape::Number),
    (
        "block_device_mappings.*.ebs.*.delete_on_termination",
        Shape::Bool,
    ),
    (
        "metadata_options.*.http_put_response_hop_limit",
        Shape::Number,
    ),
    (
        "network_interfaces.*.associate_public_ip_address",
        Shape::Bool,
    ),
    ("network_interfaces.*.device_index", Shape::Number),
];

fn launch_template(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(LAUNCH_TEMPLATE);
    b.reshape_all(LAUNCH_TEMPLATE_SHAPES);
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_launch_template",
        &from.logical_id,
        attributes,
        spans,
    );
}

const LAUNCH_CONFIGURATION: &[Field] = &[
    Field::Copy("name", "LaunchConfigurationName"),
    Field::Copy("image_id", "ImageId"),
    Field::Copy("instance_type", "InstanceType"),
    Field::Copy("key_name", "KeyName"),
    Field::Copy("associate_public_ip_address", "AssociatePublicIpAddress"),
    Field::Copy("security_groups", "SecurityGroups"),
    Field::Copy("iam_instance_profile", "IamInstanceProfile"),
    Field::Copy("user_data_base64", "UserData"),
    Field::Block(
        "metadata_options",
        "MetadataOptions",
        &[
            Field::Copy("http_endpoint", "HttpEndpoint"),
            Field::Copy("http_tokens", "HttpTokens"),
            Field::Copy("http_put_response_hop_limit", "HttpPutResponseHopLimit"),
        ],
    ),
];

fn launch_configuration(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(LAUNCH_CONFIGURATION);
    b.reshape_all(&[
        ("associate_public_ip_address", Shape::Bool),
        (
            "metadata_options.*.http_put_response_hop_limit",
            Shape::Number,
        ),
    ]);
    block_devices(&mut b, "BlockDeviceMappings");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_launch_configuration",
        &from.logical_id,
        attributes,
        spans,
    );
}

fn volume(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("availability_zone", "AvailabilityZone"),
        Field::Copy("encrypted", "Encrypted"),
        Field::Copy("kms_key_id", "KmsKeyId"),
        Field::Copy("size", "Size"),
        Field::Copy("snapshot_id", "SnapshotId"),
        Field::Copy("type", "VolumeType"),
        Field::Copy("iops", "Iops"),
        Field::Copy("throughput", "Throughput"),
        Field::Copy("multi_attach_enabled", "MultiAttachEnabled"),
    ]);
    b.reshape_all(&[
        ("encrypted", Shape::Bool),
        ("size", Shape::Number),
        ("iops", Shape::Number),
        ("throughput", Shape::Number),
        ("multi_attach_enabled", Shape::Bool),
    ]);
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(from, "aws_ebs_volume", &from.logical_id, attributes, spans);
}

const DISTRIBUTION: &[Field] = &[
    Field::Copy("region", "Region"),
    Field::Block(
        "ami_distribution_configuration",
        "AmiDistributionConfiguration",
        &[
            Field::Copy("name", "Name"),
            Field::Copy("kms_key_id", "KmsKeyId"),
            Field::Copy("target_account_ids", "TargetAccountIds"),
            Field::Block(
                "launch_permission",
                "LaunchPermissionConfiguration",
                &[
                    Field::Copy("user_groups", "UserGroups"),
                    Field::Copy("user_ids", "UserIds"),
                    Field::Copy("organization_arns", "OrganizationArns"),
                    Field::Copy("organizational_unit_arns", "OrganizationalUnitArns"),
                ],
            ),
        ],
    ),
];

fn distribution_configuration(from: &CfnResource, out: &mut Mapped) {
    let mut b = Builder::new(from);
    b.fields(&[
        Field::Copy("name", "Name"),
        Field::Copy("description", "Description"),
        Field::Blocks("distribution", "Distributions", DISTRIBUTION),
    ]);
    // Image Builder tags are a map already.
    b.set("tags", tags(b.prop("Tags")), "Tags");
    let (attributes, spans) = b.finish();
    out.push(
        from,
        "aws_imagebuilder_distribution_configuration",
        &from.logical_id,
        attributes,
        spans,
    );
}
