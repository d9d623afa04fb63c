//! The resource join table: one realistic record per entry, the severity conditions, the docs
//! rows, the real datasets in `../shared/fixtures/cloudtrail`, and hostile record shapes.
//!
//! Sample shapes come from real CloudTrail records. "invictus T…" names a file of the Invictus
//! dataset (`218007301253_CloudTrail_us-east-1_<T…>.json`), "stratus X" a Stratus Red Team
//! detonation log (`stratus-detonation-logs/X.json`); the others cite the AWS documentation or a
//! public detection rule's test event. Events absent from both datasets use the request
//! parameter names of the API (CloudTrail lower-camel-cases them, as the dataset's events of the
//! same service show).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use driftguard_trail::join::{
    self, entry, join, join_record, markdown, rows, table, Joined, ResourceRef, SeverityHint,
    SeverityRule, OUT_OF_BAND,
};
use driftguard_trail::{read, ReadOptions, Retain, Source};
use serde_json::{json, Value};

use SeverityHint::{High, Medium};

const ACCOUNT: &str = "123837392027";
const REGION: &str = "us-east-1";

/// A full management event around the request and response, as CloudTrail writes it.
fn record(source: &str, name: &str, request: Value, response: Value) -> Value {
    json!({
        "eventVersion": "1.08",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": "AIDATFQR7NSC5AU2ZV3IE",
            "arn": format!("arn:aws:iam::{ACCOUNT}:user/operator"),
            "accountId": ACCOUNT,
            "accessKeyId": "AKIATFQR7NSCEXAMPLE1",
            "userName": "operator"
        },
        "eventTime": "2023-07-10T12:00:00Z",
        "eventSource": source,
        "eventName": name,
        "awsRegion": REGION,
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "aws-cli/2.13.0 Python/3.11.4 Linux/5.15 exe/x86_64.ubuntu.22",
        "requestParameters": request,
        "responseElements": response,
        "requestID": "0c897921-eded-4cdf-ac2a-c0e5ed5f397d",
        "eventID": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "readOnly": false,
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management"
    })
}

struct Case {
    record: Value,
    expect: Vec<(&'static str, String)>,
    severity: SeverityHint,
}

fn case(
    source: &str,
    name: &str,
    request: Value,
    response: Value,
    expect: &[(&'static str, &str)],
    severity: SeverityHint,
) -> Case {
    Case {
        record: record(source, name, request, response),
        expect: expect.iter().map(|(t, id)| (*t, id.to_string())).collect(),
        severity,
    }
}

const CT: &str = "cloudtrail.amazonaws.com";
const EC2: &str = "ec2.amazonaws.com";
const IAM: &str = "iam.amazonaws.com";
const KMS: &str = "kms.amazonaws.com";
const LAMBDA: &str = "lambda.amazonaws.com";
const RDS: &str = "rds.amazonaws.com";
const S3: &str = "s3.amazonaws.com";

fn trail_arn(name: &str) -> String {
    format!("arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/{name}")
}

fn cloudtrail_cases() -> Vec<Case> {
    let arn = trail_arn("org-trail");
    let arn = arn.as_str();
    vec![
        // CloudTrail API AddTags / RemoveTags: ResourceId (the trail ARN), TagsList.
        case(
            CT,
            "AddTags",
            json!({"resourceId": arn, "tagsList": [{"key": "team", "value": "security"}]}),
            Value::Null,
            &[("aws_cloudtrail", arn)],
            Medium,
        ),
        case(
            CT,
            "RemoveTags",
            json!({"resourceId": arn, "tagsList": [{"key": "team"}]}),
            Value::Null,
            &[("aws_cloudtrail", arn)],
            Medium,
        ),
        // invictus 20230710T1205Z_SjF3IkuNXJkoHyar
        case(
            CT,
            "CreateTrail",
            json!({"name": "org-trail", "s3BucketName": "org-trail-logs", "includeGlobalServiceEvents": true,
                   "tagsList": [{"key": "StratusRedTeam", "value": "true"}]}),
            json!({"name": "org-trail", "s3BucketName": "org-trail-logs", "includeGlobalServiceEvents": true,
                   "isMultiRegionTrail": false, "trailARN": arn, "logFileValidationEnabled": false,
                   "isOrganizationTrail": false}),
            &[("aws_cloudtrail", arn)],
            Medium,
        ),
        // stratus aws.defense-evasion.cloudtrail-delete: the name only, no response.
        case(
            CT,
            "DeleteTrail",
            json!({"name": "org-trail"}),
            Value::Null,
            &[("aws_cloudtrail", arn)],
            High,
        ),
        // stratus aws.defense-evasion.cloudtrail-event-selectors
        case(
            CT,
            "PutEventSelectors",
            json!({"eventSelectors": [{"dataResources": [{"type": "AWS::S3::Object", "values": []}],
                   "excludeManagementEventSources": [], "includeManagementEvents": false,
                   "readWriteType": "ReadOnly"}], "trailName": "org-trail"}),
            json!({"eventSelectors": [], "trailARN": arn}),
            &[("aws_cloudtrail", arn)],
            High,
        ),
        // CloudTrail API PutInsightSelectors: TrailName, InsightSelectors; returns TrailARN.
        case(
            CT,
            "PutInsightSelectors",
            json!({"trailName": "org-trail", "insightSelectors": [{"insightType": "ApiCallRateInsight"}]}),
            json!({"trailARN": arn, "insightSelectors": [{"insightType": "ApiCallRateInsight"}]}),
            &[("aws_cloudtrail", arn)],
            Medium,
        ),
        // invictus 20230710T1205Z_SjF3IkuNXJkoHyar, by ARN this time.
        case(
            CT,
            "StartLogging",
            json!({"name": arn}),
            Value::Null,
            &[("aws_cloudtrail", arn)],
            Medium,
        ),
        // stratus aws.defense-evasion.cloudtrail-stop
        case(
            CT,
            "StopLogging",
            json!({"name": "org-trail"}),
            Value::Null,
            &[("aws_cloudtrail", arn)],
            High,
        ),
        // CloudTrail user guide, UpdateTrail log example: name in, trailARN out.
        case(
            CT,
            "UpdateTrail",
            json!({"name": "org-trail", "isMultiRegionTrail": false}),
            json!({"name": "org-trail", "s3BucketName": "org-trail-logs", "trailARN": arn,
                   "isMultiRegionTrail": false, "logFileValidationEnabled": false}),
            &[("aws_cloudtrail", arn)],
            High,
        ),
    ]
}

fn ec2_cases() -> Vec<Case> {
    let sg = "sg-04cfb7a4712d75b00";
    vec![
        // invictus 20230710T1200Z_iLj9fb7yyUG9X4Bf
        case(
            EC2,
            "AllocateAddress",
            json!({"domain": "vpc", "tagSpecificationSet": {"items": [{"resourceType": "elastic-ip",
                   "tags": [{"key": "Name", "value": "nat"}]}]}}),
            json!({"requestId": "c6671a81-468c-41e2-abd5-0ec843ee0db3", "publicIp": "3.225.16.109",
                   "domain": "vpc", "allocationId": "eipalloc-08a083beb7e83dbc0",
                   "publicIpv4Pool": "amazon", "networkBorderGroup": "us-east-1"}),
            &[("aws_eip", "eipalloc-08a083beb7e83dbc0")],
            Medium,
        ),
        // EC2 API AssociateAddress: AllocationId, InstanceId; returns AssociationId.
        case(
            EC2,
            "AssociateAddress",
            json!({"allocationId": "eipalloc-08a083beb7e83dbc0", "instanceId": "i-0dbc91f429e48eeed",
                   "allowReassociation": false}),
            json!({"requestId": "6920dcec-599d-43ff-8718-060e4ca65a2a", "_return": true,
                   "associationId": "eipassoc-0f1e2d3c4b5a69788"}),
            &[("aws_eip", "eipalloc-08a083beb7e83dbc0")],
            Medium,
        ),
        // invictus 20230710T1210Z_2ru8PrDKZmsO3yWC
        case(
            EC2,
            "ReleaseAddress",
            json!({"allocationId": "eipalloc-09d58d8a1fc361502", "networkBorderGroup": "us-east-1"}),
            json!({"requestId": "aec8cb85-7a00-4f0a-a8b4-ce023d4a8942", "_return": true}),
            &[("aws_eip", "eipalloc-09d58d8a1fc361502")],
            Medium,
        ),
        // invictus 20230710T1200Z_x9kHmzMa7cx6l9wM
        case(
            EC2,
            "AttachInternetGateway",
            json!({"internetGatewayId": "igw-02a84e4222d62e16b", "vpcId": "vpc-06fe1a64761a0f720"}),
            json!({"requestId": "b095e717-86e3-4b4b-9f2b-42d319ba95c9", "_return": true}),
            &[("aws_internet_gateway", "igw-02a84e4222d62e16b")],
            Medium,
        ),
        // invictus 20230710T1200Z_x9kHmzMa7cx6l9wM
        case(
            EC2,
            "CreateInternetGateway",
            json!({"tagSpecificationSet": {"items": [{"resourceType": "internet-gateway",
                   "tags": [{"key": "Name", "value": "main"}]}]}}),
            json!({"requestId": "b23138bd-d869-4268-8c79-df643cafc60e", "internetGateway": {
                   "internetGatewayId": "igw-02a84e4222d62e16b", "ownerId": ACCOUNT,
                   "attachmentSet": {}, "tagSet": {"items": []}, "association": {}}}),
            &[("aws_internet_gateway", "igw-02a84e4222d62e16b")],
            Medium,
        ),
        // invictus 20230710T1210Z_vj0QE0Tf5ZmzMsCo
        case(
            EC2,
            "DeleteInternetGateway",
            json!({"internetGatewayId": "igw-040b2274c4a167722"}),
            json!({"requestId": "86886406-e4ff-4536-8880-6c7f49edfd0c", "_return": true}),
            &[("aws_internet_gateway", "igw-040b2274c4a167722")],
            Medium,
        ),
        // invictus 20230710T1215Z_YMDRJwtmC82bUwAo
        case(
            EC2,
            "DetachInternetGateway",
            json!({"internetGatewayId": "igw-02a84e4222d62e16b", "vpcId": "vpc-06fe1a64761a0f720"}),
            json!({"requestId": "40a130e8-f287-4bb9-8d8a-0be8dd7cffd8", "_return": true}),
            &[("aws_internet_gateway", "igw-02a84e4222d62e16b")],
            Medium,
        ),
        // EC2 API AttachVolume / DetachVolume: VolumeId, InstanceId, Device; return the attachment.
        case(
            EC2,
            "AttachVolume",
            json!({"volumeId": "vol-0a2e548958718390d", "instanceId": "i-0dbc91f429e48eeed", "device": "/dev/sdf"}),
            json!({"requestId": "5b2c0b96-bec1-4a37-b6d8-3a4ac6c979c2", "volumeId": "vol-0a2e548958718390d",
                   "instanceId": "i-0dbc91f429e48eeed", "device": "/dev/sdf", "status": "attaching",
                   "attachTime": 1_688_991_025_000_i64}),
            &[("aws_ebs_volume", "vol-0a2e548958718390d")],
            Medium,
        ),
        case(
            EC2,
            "DetachVolume",
            json!({"volumeId": "vol-0a2e548958718390d", "force": false}),
            json!({"requestId": "2d8fd360-079d-4c5f-8aa1-e612af8bece0", "volumeId": "vol-0a2e548958718390d",
                   "instanceId": "i-0dbc91f429e48eeed", "device": "/dev/sdf", "status": "detaching"}),
            &[("aws_ebs_volume", "vol-0a2e548958718390d")],
            Medium,
        ),
        // invictus 20230710T1215Z_YxpR6PTmNBivhnJJ
        case(
            EC2,
            "CreateVolume",
            json!({"size": "1", "zone": "us-east-1a", "clientToken": "7C289842-4CE2-47D0-8706-FBCE5D907C5E"}),
            json!({"requestId": "5b2c0b96-bec1-4a37-b6d8-3a4ac6c979c2", "volumeId": "vol-0a2e548958718390d",
                   "size": "1", "zone": "us-east-1a", "status": "creating", "volumeType": "gp2",
                   "encrypted": false, "multiAttachEnabled": false}),
            &[("aws_ebs_volume", "vol-0a2e548958718390d")],
            Medium,
        ),
        // invictus 20230710T1220Z_ovtmbuX3ENJ119uH
        case(
            EC2,
            "DeleteVolume",
            json!({"volumeId": "vol-0fc2e34e74650e145", "reportVolumeFailure": false}),
            json!({"requestId": "2d8fd360-079d-4c5f-8aa1-e612af8bece0", "_return": true}),
            &[("aws_ebs_volume", "vol-0fc2e34e74650e145")],
            Medium,
        ),
        // ModifyVolume logs the SDK request, wrapped like ModifySecurityGroupRules.
        case(
            EC2,
            "ModifyVolume",
            json!({"ModifyVolumeRequest": {"VolumeId": "vol-0a2e548958718390d", "Size": 20}}),
            json!({"ModifyVolumeResponse": {"requestId": "9a32473d-7495-4050-aa14-572331ab538d"}}),
            &[("aws_ebs_volume", "vol-0a2e548958718390d")],
            Medium,
        ),
        // invictus 20230710T1215Z_P0WZuP2zvLW2RcUo: egress to everything, one rule per family.
        case(
            EC2,
            "AuthorizeSecurityGroupEgress",
            json!({"groupId": sg, "ipPermissions": {"items": [{"ipProtocol": "-1", "groups": {},
                   "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]},
                   "ipv6Ranges": {"items": [{"cidrIpv6": "::/0"}]}, "prefixListIds": {}}]}}),
            json!({"requestId": "b8dd3137-1553-4109-b927-8c974c244627", "_return": true,
                   "securityGroupRuleSet": {"items": [
                       {"groupOwnerId": ACCOUNT, "groupId": sg, "securityGroupRuleId": "sgr-035a6016fe8ef01c5",
                        "isEgress": true, "ipProtocol": "-1", "fromPort": -1, "toPort": -1, "cidrIpv4": "0.0.0.0/0"},
                       {"groupOwnerId": ACCOUNT, "groupId": sg, "securityGroupRuleId": "sgr-08d9fb7a2d678c6e8",
                        "isEgress": true, "ipProtocol": "-1", "fromPort": -1, "toPort": -1, "cidrIpv6": "::/0"}]}}),
            &[
                (
                    "aws_security_group_rule",
                    "sg-04cfb7a4712d75b00_egress_-1_0_0_",
                ),
                (
                    "aws_vpc_security_group_egress_rule",
                    "sgr-035a6016fe8ef01c5",
                ),
                (
                    "aws_vpc_security_group_egress_rule",
                    "sgr-08d9fb7a2d678c6e8",
                ),
                ("aws_security_group", sg),
            ],
            Medium,
        ),
        // invictus 20230710T1215Z_YMDRJwtmC82bUwAo: HTTPS from the internet.
        case(
            EC2,
            "AuthorizeSecurityGroupIngress",
            json!({"groupId": sg, "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 443,
                   "toPort": 443, "groups": {}, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0",
                   "description": "TLS from Internet"}]}, "ipv6Ranges": {}, "prefixListIds": {}}]}}),
            json!({"requestId": "0c897921-eded-4cdf-ac2a-c0e5ed5f397d", "_return": true,
                   "securityGroupRuleSet": {"items": [{"groupOwnerId": ACCOUNT, "groupId": sg,
                   "securityGroupRuleId": "sgr-0bb31cddb2c27f401", "description": "TLS from Internet",
                   "isEgress": false, "ipProtocol": "tcp", "fromPort": 443, "toPort": 443,
                   "cidrIpv4": "0.0.0.0/0"}]}}),
            &[
                (
                    "aws_security_group_rule",
                    "sg-04cfb7a4712d75b00_ingress_tcp_443_443_",
                ),
                (
                    "aws_vpc_security_group_ingress_rule",
                    "sgr-0bb31cddb2c27f401",
                ),
                ("aws_security_group", sg),
            ],
            High,
        ),
        // invictus 20230710T1215Z_YMDRJwtmC82bUwAo
        case(
            EC2,
            "CreateSecurityGroup",
            json!({"groupName": "web", "groupDescription": "Allow TLS inbound traffic",
                   "vpcId": "vpc-0e568b18707c87afa"}),
            json!({"requestId": "0298451a-830a-419e-ab4b-4861bd336b68", "_return": true, "groupId": sg}),
            &[("aws_security_group", sg)],
            Medium,
        ),
        case(
            EC2,
            "DeleteSecurityGroup",
            json!({"groupId": sg}),
            json!({"requestId": "ca3c6e46-7e36-4789-ad91-e4f069dab27d", "_return": true}),
            &[("aws_security_group", sg)],
            Medium,
        ),
        // ModifySecurityGroupRules as AWS samples' CloudTrail Lake query and public remediation
        // code read it: requestParameters.ModifySecurityGroupRulesRequest.{GroupId, SecurityGroupRule}.
        case(
            EC2,
            "ModifySecurityGroupRules",
            json!({"ModifySecurityGroupRulesRequest": {"GroupId": sg, "SecurityGroupRule": {
                   "SecurityGroupRuleId": "sgr-0bb31cddb2c27f401", "tag": 1, "SecurityGroupRule": {
                   "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "0.0.0.0/0",
                   "Description": "ssh"}}}}),
            json!({"ModifySecurityGroupRulesResponse": {"requestId": "9a32473d-7495-4050-aa14-572331ab538d",
                   "return": true, "xmlns": "http://ec2.amazonaws.com/doc/2016-11-15/"}}),
            &[
                (
                    "aws_vpc_security_group_ingress_rule",
                    "sgr-0bb31cddb2c27f401",
                ),
                (
                    "aws_vpc_security_group_egress_rule",
                    "sgr-0bb31cddb2c27f401",
                ),
                ("aws_security_group", sg),
            ],
            High,
        ),
        // invictus 20230710T1215Z_nBsuPO1qSTEVerMD
        case(
            EC2,
            "RevokeSecurityGroupEgress",
            json!({"groupId": sg, "ipPermissions": {"items": [{"ipProtocol": "-1", "fromPort": 0,
                   "toPort": 0, "groups": {}, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]},
                   "ipv6Ranges": {}, "prefixListIds": {}}]}}),
            json!({"requestId": "5fbf4781-20ed-475e-94b4-0159c242c255", "_return": true}),
            &[
                (
                    "aws_security_group_rule",
                    "sg-04cfb7a4712d75b00_egress_-1_0_0_",
                ),
                ("aws_security_group", sg),
            ],
            Medium,
        ),
        // invictus 20230710T1215Z_P0WZuP2zvLW2RcUo: the flat form, `ipPermissions` empty.
        case(
            EC2,
            "RevokeSecurityGroupIngress",
            json!({"groupId": sg, "ipPermissions": {}, "ipProtocol": "tcp", "fromPort": 22,
                   "toPort": 22, "cidrIp": "0.0.0.0/0"}),
            json!({"requestId": "d7ba453f-54ce-4c38-98a1-01757c45994e", "_return": true}),
            &[
                (
                    "aws_security_group_rule",
                    "sg-04cfb7a4712d75b00_ingress_tcp_22_22_",
                ),
                ("aws_security_group", sg),
            ],
            Medium,
        ),
        // invictus 20230710T1200Z_x9kHmzMa7cx6l9wM (trimmed)
        case(
            EC2,
            "RunInstances",
            json!({"instancesSet": {"items": [{"imageId": "ami-029eb80bc237bec6f", "minCount": 1, "maxCount": 1}]},
                   "instanceType": "t3.micro", "blockDeviceMapping": {}, "monitoring": {"enabled": false},
                   "disableApiTermination": false}),
            json!({"requestId": "95b435ce-68af-4a4b-b89c-f653d8946ebc", "reservationId": "r-0ac0088de73525c3c",
                   "ownerId": ACCOUNT, "groupSet": {}, "instancesSet": {"items": [{
                       "instanceId": "i-0dbc91f429e48eeed", "imageId": "ami-029eb80bc237bec6f",
                       "instanceState": {"code": 0, "name": "pending"}, "instanceType": "t3.micro",
                       "subnetId": "subnet-0ed352584ab4aa265", "vpcId": "vpc-06fe1a64761a0f720"}]}}),
            &[("aws_instance", "i-0dbc91f429e48eeed")],
            Medium,
        ),
        // invictus 20230710T1210Z_6CICdbJQM3beT7n3
        case(
            EC2,
            "TerminateInstances",
            json!({"instancesSet": {"items": [{"instanceId": "i-0dbc91f429e48eeed"}]}}),
            json!({"requestId": "df4f910a-c4dd-49eb-ab07-6d96fc5c142a", "instancesSet": {"items": [{
                   "instanceId": "i-0dbc91f429e48eeed", "currentState": {"code": 32, "name": "shutting-down"},
                   "previousState": {"code": 16, "name": "running"}}]}}),
            &[("aws_instance", "i-0dbc91f429e48eeed")],
            Medium,
        ),
        // stratus aws.execution.ec2-user-data
        case(
            EC2,
            "StartInstances",
            json!({"instancesSet": {"items": [{"instanceId": "i-0dbc91f429e48eeed"}]}}),
            json!({"instancesSet": {"items": [{"currentState": {"code": 0, "name": "pending"},
                   "instanceId": "i-0dbc91f429e48eeed", "previousState": {"code": 80, "name": "stopped"}}]},
                   "requestId": "0c9bbf8a-a6f6-4e64-8396-78017a647f26"}),
            &[("aws_instance", "i-0dbc91f429e48eeed")],
            Medium,
        ),
        case(
            EC2,
            "StopInstances",
            json!({"force": true, "instancesSet": {"items": [{"instanceId": "i-0dbc91f429e48eeed"}]}}),
            json!({"instancesSet": {"items": [{"currentState": {"code": 64, "name": "stopping"},
                   "instanceId": "i-0dbc91f429e48eeed", "previousState": {"code": 16, "name": "running"}}]},
                   "requestId": "088dba72-717e-4502-a3c5-5c95f22f87c1"}),
            &[("aws_instance", "i-0dbc91f429e48eeed")],
            Medium,
        ),
        case(
            EC2,
            "ModifyInstanceAttribute",
            json!({"instanceId": "i-0dbc91f429e48eeed", "userData": "<sensitiveDataRemoved>"}),
            json!({"_return": true, "requestId": "5c0d7f09-a80a-4313-b848-bc858fa4a8ad"}),
            &[("aws_instance", "i-0dbc91f429e48eeed")],
            Medium,
        ),
        // The nested, capitalised request a public IMDS detector documents for this event.
        case(
            EC2,
            "ModifyInstanceMetadataOptions",
            json!({"ModifyInstanceMetadataOptionsRequest": {"InstanceId": "i-0dbc91f429e48eeed",
                   "HttpTokens": "optional"}}),
            json!({"ModifyInstanceMetadataOptionsResponse": {"instanceId": "i-0dbc91f429e48eeed"}}),
            &[("aws_instance", "i-0dbc91f429e48eeed")],
            Medium,
        ),
        // invictus 20230710T1215Z_YMDRJwtmC82bUwAo has CreateTags on an AMI (not modelled); the
        // same shape over the prefixes the table knows.
        case(
            EC2,
            "CreateTags",
            json!({"resourcesSet": {"items": [
                       {"resourceId": "ami-0aa1d83d0b0985c86"}, {"resourceId": sg},
                       {"resourceId": "i-0dbc91f429e48eeed"}, {"resourceId": "vpc-06fe1a64761a0f720"},
                       {"resourceId": "subnet-01ed430875cff578d"}, {"resourceId": "vol-0a2e548958718390d"},
                       {"resourceId": "igw-02a84e4222d62e16b"}, {"resourceId": "eipalloc-08a083beb7e83dbc0"},
                       {"resourceId": "sgr-0bb31cddb2c27f401"}]},
                   "tagSet": {"items": [{"key": "owner", "value": "console"}]}}),
            json!({"requestId": "9fcb52c3-4775-4e20-9271-2572dc3de943", "_return": true}),
            &[
                ("aws_security_group", sg),
                ("aws_instance", "i-0dbc91f429e48eeed"),
                ("aws_vpc", "vpc-06fe1a64761a0f720"),
                ("aws_subnet", "subnet-01ed430875cff578d"),
                ("aws_ebs_volume", "vol-0a2e548958718390d"),
                ("aws_internet_gateway", "igw-02a84e4222d62e16b"),
                ("aws_eip", "eipalloc-08a083beb7e83dbc0"),
                (
                    "aws_vpc_security_group_ingress_rule",
                    "sgr-0bb31cddb2c27f401",
                ),
                (
                    "aws_vpc_security_group_egress_rule",
                    "sgr-0bb31cddb2c27f401",
                ),
            ],
            Medium,
        ),
        case(
            EC2,
            "DeleteTags",
            json!({"resourcesSet": {"items": [{"resourceId": "i-0dbc91f429e48eeed"}]},
                   "tagSet": {"items": [{"key": "owner"}]}}),
            json!({"requestId": "9fcb52c3-4775-4e20-9271-2572dc3de943", "_return": true}),
            &[("aws_instance", "i-0dbc91f429e48eeed")],
            Medium,
        ),
        // invictus 20230710T1200Z_iLj9fb7yyUG9X4Bf
        case(
            EC2,
            "CreateVpc",
            json!({"cidrBlock": "10.0.0.0/16", "instanceTenancy": "default", "amazonProvidedIpv6CidrBlock": false}),
            json!({"requestId": "227252b0-eb8a-4c29-810e-def37a9f3476", "vpc": {"vpcId": "vpc-06fe1a64761a0f720",
                   "state": "pending", "ownerId": ACCOUNT, "cidrBlock": "10.0.0.0/16",
                   "dhcpOptionsId": "dopt-0ef51062810f8ca7b", "instanceTenancy": "default", "isDefault": false}}),
            &[("aws_vpc", "vpc-06fe1a64761a0f720")],
            Medium,
        ),
        // invictus 20230710T1210Z_vj0QE0Tf5ZmzMsCo
        case(
            EC2,
            "DeleteVpc",
            json!({"vpcId": "vpc-0255d384b4b458b46"}),
            json!({"requestId": "115a20b3-6b36-4449-a7f4-93b24f269081", "_return": true}),
            &[("aws_vpc", "vpc-0255d384b4b458b46")],
            Medium,
        ),
        // EC2 API ModifyVpcAttribute / ModifySubnetAttribute: attribute values as {"value": …}.
        case(
            EC2,
            "ModifyVpcAttribute",
            json!({"vpcId": "vpc-06fe1a64761a0f720", "enableDnsHostnames": {"value": true}}),
            json!({"requestId": "115a20b3-6b36-4449-a7f4-93b24f269081", "_return": true}),
            &[("aws_vpc", "vpc-06fe1a64761a0f720")],
            Medium,
        ),
        // invictus 20230710T1200Z_iLj9fb7yyUG9X4Bf
        case(
            EC2,
            "CreateSubnet",
            json!({"vpcId": "vpc-06fe1a64761a0f720", "cidrBlock": "10.0.128.0/24", "availabilityZone": "us-east-1a"}),
            json!({"requestId": "8dd15b1c-a6bc-4c98-9299-a3554bac2203", "subnet": {
                   "subnetId": "subnet-01ed430875cff578d", "vpcId": "vpc-06fe1a64761a0f720",
                   "cidrBlock": "10.0.128.0/24", "availabilityZone": "us-east-1a", "mapPublicIpOnLaunch": false}}),
            &[("aws_subnet", "subnet-01ed430875cff578d")],
            Medium,
        ),
        // invictus 20230710T1210Z_vj0QE0Tf5ZmzMsCo
        case(
            EC2,
            "DeleteSubnet",
            json!({"subnetId": "subnet-096553f59d783f082"}),
            json!({"requestId": "bfa021b8-68ee-44c6-b2c4-3ec501445680", "_return": true}),
            &[("aws_subnet", "subnet-096553f59d783f082")],
            Medium,
        ),
        case(
            EC2,
            "ModifySubnetAttribute",
            json!({"subnetId": "subnet-01ed430875cff578d", "mapPublicIpOnLaunch": {"value": true}}),
            json!({"requestId": "bfa021b8-68ee-44c6-b2c4-3ec501445680", "_return": true}),
            &[("aws_subnet", "subnet-01ed430875cff578d")],
            Medium,
        ),
        // EC2 API CreateKeyPair / ImportKeyPair / DeleteKeyPair: KeyName (the provider's id);
        // CloudTrail removes the private key from the response.
        case(
            EC2,
            "CreateKeyPair",
            json!({"keyName": "bastion", "keyType": "ed25519"}),
            json!({"requestId": "33421278-4323-41d0-92a9-f32b478dd054", "keyName": "bastion",
                   "keyFingerprint": "1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca",
                   "keyMaterial": "<sensitiveDataRemoved>", "keyPairId": "key-0d3c1e0b8f0e3a1b2"}),
            &[("aws_key_pair", "bastion")],
            Medium,
        ),
        case(
            EC2,
            "ImportKeyPair",
            json!({"keyName": "bastion", "publicKeyMaterial": "c3NoLWVkMjU1MTkgQUFBQQ=="}),
            json!({"requestId": "33421278-4323-41d0-92a9-f32b478dd054", "keyName": "bastion",
                   "keyFingerprint": "1f:51:ae:28", "keyPairId": "key-0d3c1e0b8f0e3a1b2"}),
            &[("aws_key_pair", "bastion")],
            Medium,
        ),
        case(
            EC2,
            "DeleteKeyPair",
            json!({"keyName": "bastion"}),
            json!({"requestId": "33421278-4323-41d0-92a9-f32b478dd054", "_return": true}),
            &[("aws_key_pair", "bastion")],
            Medium,
        ),
    ]
}

fn iam_cases() -> Vec<Case> {
    let admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    let policy = "arn:aws:iam::123837392027:policy/ec2-describe";
    let role = "stratus-red-team-backdoor-r-role";
    vec![
        // invictus 20230710T1200Z_iLj9fb7yyUG9X4Bf
        case(
            IAM,
            "AddRoleToInstanceProfile",
            json!({"instanceProfileName": "web-instance", "roleName": "web-role"}),
            Value::Null,
            &[("aws_iam_instance_profile", "web-instance")],
            Medium,
        ),
        // IAM API AddUserToGroup / RemoveUserFromGroup: GroupName, UserName.
        case(
            IAM,
            "AddUserToGroup",
            json!({"groupName": "admins", "userName": "malicious-iam-user"}),
            Value::Null,
            &[
                ("aws_iam_user_group_membership", "malicious-iam-user"),
                ("aws_iam_group_membership", "admins"),
            ],
            High,
        ),
        case(
            IAM,
            "RemoveUserFromGroup",
            json!({"groupName": "admins", "userName": "malicious-iam-user"}),
            Value::Null,
            &[
                ("aws_iam_user_group_membership", "malicious-iam-user"),
                ("aws_iam_group_membership", "admins"),
            ],
            Medium,
        ),
        // stratus aws.persistence.iam-create-admin-user (user); the same for groups and roles.
        case(
            IAM,
            "AttachUserPolicy",
            json!({"policyArn": admin, "userName": "malicious-iam-user"}),
            Value::Null,
            &[(
                "aws_iam_user_policy_attachment",
                "malicious-iam-user/arn:aws:iam::aws:policy/AdministratorAccess",
            )],
            High,
        ),
        case(
            IAM,
            "AttachGroupPolicy",
            json!({"policyArn": admin, "groupName": "admins"}),
            Value::Null,
            &[(
                "aws_iam_group_policy_attachment",
                "admins/arn:aws:iam::aws:policy/AdministratorAccess",
            )],
            High,
        ),
        // stratus aws.persistence.iam-create-backdoor-role
        case(
            IAM,
            "AttachRolePolicy",
            json!({"policyArn": admin, "roleName": "stratus-red-team-malicious-iam-role"}),
            Value::Null,
            &[(
                "aws_iam_role_policy_attachment",
                "stratus-red-team-malicious-iam-role/arn:aws:iam::aws:policy/AdministratorAccess",
            )],
            High,
        ),
        // invictus 20230710T1230Z_lHgkh3VeI3XnjZSL
        case(
            IAM,
            "DetachUserPolicy",
            json!({"policyArn": admin, "userName": "malicious-iam-user"}),
            Value::Null,
            &[(
                "aws_iam_user_policy_attachment",
                "malicious-iam-user/arn:aws:iam::aws:policy/AdministratorAccess",
            )],
            Medium,
        ),
        case(
            IAM,
            "DetachGroupPolicy",
            json!({"policyArn": admin, "groupName": "admins"}),
            Value::Null,
            &[(
                "aws_iam_group_policy_attachment",
                "admins/arn:aws:iam::aws:policy/AdministratorAccess",
            )],
            Medium,
        ),
        // invictus 20230710T1215Z_Z8x5aqgtcXn5NEG9
        case(
            IAM,
            "DetachRolePolicy",
            json!({"roleName": "web-role", "policyArn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}),
            Value::Null,
            &[(
                "aws_iam_role_policy_attachment",
                "web-role/arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            )],
            Medium,
        ),
        // stratus aws.persistence.iam-backdoor-user
        case(
            IAM,
            "CreateAccessKey",
            json!({"userName": "stratus-red-team-backdoor-u-user"}),
            json!({"accessKey": {"accessKeyId": "AKIAL80DWDVKKM0UXEER", "createDate": "Jul 30, 2024 9:53:13 PM",
                   "status": "Active", "userName": "stratus-red-team-backdoor-u-user"}}),
            &[("aws_iam_access_key", "AKIAL80DWDVKKM0UXEER")],
            High,
        ),
        // invictus 20230710T1230Z_lHgkh3VeI3XnjZSL
        case(
            IAM,
            "DeleteAccessKey",
            json!({"userName": "malicious-iam-user", "accessKeyId": "AKIATFQR7NSCQLA2F4OD"}),
            Value::Null,
            &[("aws_iam_access_key", "AKIATFQR7NSCQLA2F4OD")],
            Medium,
        ),
        // IAM API UpdateAccessKey: UserName, AccessKeyId, Status.
        case(
            IAM,
            "UpdateAccessKey",
            json!({"userName": "ci", "accessKeyId": "AKIATFQR7NSCQLA2F4OD", "status": "Active"}),
            Value::Null,
            &[("aws_iam_access_key", "AKIATFQR7NSCQLA2F4OD")],
            High,
        ),
        // IAM API CreateGroup / UpdateGroup / DeleteGroup.
        case(
            IAM,
            "CreateGroup",
            json!({"groupName": "admins", "path": "/"}),
            json!({"group": {"path": "/", "groupName": "admins", "groupId": "AGPATFQR7NSCEXAMPLE",
                   "arn": "arn:aws:iam::123837392027:group/admins", "createDate": "Jul 10, 2023 12:06:32 PM"}}),
            &[("aws_iam_group", "admins")],
            Medium,
        ),
        case(
            IAM,
            "UpdateGroup",
            json!({"groupName": "admins", "newGroupName": "administrators"}),
            Value::Null,
            &[("aws_iam_group", "admins")],
            Medium,
        ),
        case(
            IAM,
            "DeleteGroup",
            json!({"groupName": "admins"}),
            Value::Null,
            &[("aws_iam_group", "admins")],
            Medium,
        ),
        // invictus 20230710T1200Z_x9kHmzMa7cx6l9wM
        case(
            IAM,
            "CreateInstanceProfile",
            json!({"instanceProfileName": "web-instance", "path": "/"}),
            json!({"instanceProfile": {"path": "/", "instanceProfileName": "web-instance",
                   "instanceProfileId": "AIPATFQR7NSCT5GZF5JGF",
                   "arn": "arn:aws:iam::123837392027:instance-profile/web-instance", "roles": []}}),
            &[("aws_iam_instance_profile", "web-instance")],
            Medium,
        ),
        // invictus 20230710T1210Z_6CICdbJQM3beT7n3
        case(
            IAM,
            "DeleteInstanceProfile",
            json!({"instanceProfileName": "web-instance"}),
            Value::Null,
            &[("aws_iam_instance_profile", "web-instance")],
            Medium,
        ),
        case(
            IAM,
            "RemoveRoleFromInstanceProfile",
            json!({"roleName": "web-role", "instanceProfileName": "web-instance"}),
            Value::Null,
            &[("aws_iam_instance_profile", "web-instance")],
            Medium,
        ),
        // invictus 20230710T1200Z_iLj9fb7yyUG9X4Bf
        case(
            IAM,
            "TagInstanceProfile",
            json!({"instanceProfileName": "web-instance", "tags": [{"key": "team", "value": "web"}]}),
            Value::Null,
            &[("aws_iam_instance_profile", "web-instance")],
            Medium,
        ),
        case(
            IAM,
            "UntagInstanceProfile",
            json!({"instanceProfileName": "web-instance", "tagKeys": ["team"]}),
            Value::Null,
            &[("aws_iam_instance_profile", "web-instance")],
            Medium,
        ),
        // invictus 20230710T1230Z_04rtp9DpvIpSZzMr
        case(
            IAM,
            "CreateLoginProfile",
            json!({"passwordResetRequired": false, "userName": "login-user"}),
            json!({"loginProfile": {"passwordResetRequired": false, "userName": "login-user",
                   "createDate": "Jul 10, 2023 12:25:04 PM"}}),
            &[("aws_iam_user_login_profile", "login-user")],
            High,
        ),
        // stratus aws.privilege-escalation.iam-update-user-login-profile (the password is not logged).
        case(
            IAM,
            "UpdateLoginProfile",
            json!({"userName": "login-user"}),
            Value::Null,
            &[("aws_iam_user_login_profile", "login-user")],
            High,
        ),
        // invictus 20230710T1230Z_KV9LZlfXqBel7nqf
        case(
            IAM,
            "DeleteLoginProfile",
            json!({"userName": "login-user"}),
            Value::Null,
            &[("aws_iam_user_login_profile", "login-user")],
            Medium,
        ),
        // invictus 20230710T1210Z_6CICdbJQM3beT7n3
        case(
            IAM,
            "CreatePolicy",
            json!({"policyName": "ec2-describe", "path": "/", "description": "",
                   "policyDocument": "{\"Statement\":[{\"Action\":[\"ec2:DescribeInstances\"],\"Effect\":\"Allow\",\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}"}),
            json!({"policy": {"policyName": "ec2-describe", "policyId": "ANPATFQR7NSCRBSSSS4N4", "arn": policy,
                   "path": "/", "defaultVersionId": "v1", "attachmentCount": 0, "isAttachable": true}}),
            &[("aws_iam_policy", policy)],
            Medium,
        ),
        case(
            IAM,
            "DeletePolicy",
            json!({"policyArn": policy}),
            Value::Null,
            &[("aws_iam_policy", policy)],
            Medium,
        ),
        // IAM API CreatePolicyVersion: PolicyArn, PolicyDocument, SetAsDefault (Rhino Security
        // Labs' privilege escalation #1); SetDefaultPolicyVersion / DeletePolicyVersion: VersionId.
        case(
            IAM,
            "CreatePolicyVersion",
            json!({"policyArn": policy, "policyDocument": "{\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\",\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}",
                   "setAsDefault": true}),
            json!({"policyVersion": {"versionId": "v2", "isDefaultVersion": true, "createDate": "Jul 10, 2023 12:30:00 PM"}}),
            &[("aws_iam_policy", policy)],
            High,
        ),
        case(
            IAM,
            "SetDefaultPolicyVersion",
            json!({"policyArn": policy, "versionId": "v2"}),
            Value::Null,
            &[("aws_iam_policy", policy)],
            High,
        ),
        case(
            IAM,
            "DeletePolicyVersion",
            json!({"policyArn": policy, "versionId": "v1"}),
            Value::Null,
            &[("aws_iam_policy", policy)],
            Medium,
        ),
        case(
            IAM,
            "TagPolicy",
            json!({"policyArn": policy, "tags": [{"key": "team", "value": "web"}]}),
            Value::Null,
            &[("aws_iam_policy", policy)],
            Medium,
        ),
        case(
            IAM,
            "UntagPolicy",
            json!({"policyArn": policy, "tagKeys": ["team"]}),
            Value::Null,
            &[("aws_iam_policy", policy)],
            Medium,
        ),
        // stratus aws.persistence.iam-create-backdoor-role
        case(
            IAM,
            "CreateRole",
            json!({"assumeRolePolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::193672423079:root\"},\"Action\":\"sts:AssumeRole\"}]}",
                   "permissionsBoundary": "arn:aws:iam::aws:policy/AWSDenyAll",
                   "roleName": "stratus-red-team-malicious-iam-role"}),
            json!({"role": {"arn": "arn:aws:iam::609418236337:role/stratus-red-team-malicious-iam-role",
                   "path": "/", "roleId": "AROA53G8Z8NGXMJ597G3E",
                   "roleName": "stratus-red-team-malicious-iam-role"}}),
            &[("aws_iam_role", "stratus-red-team-malicious-iam-role")],
            Medium,
        ),
        // invictus 20230710T1210Z_6CICdbJQM3beT7n3
        case(
            IAM,
            "DeleteRole",
            json!({"roleName": "web-role"}),
            Value::Null,
            &[("aws_iam_role", "web-role")],
            Medium,
        ),
        // stratus aws.persistence.iam-backdoor-role
        case(
            IAM,
            "UpdateAssumeRolePolicy",
            json!({"policyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::193672423079:root\"},\"Action\":\"sts:AssumeRole\"}]}",
                   "roleName": role}),
            Value::Null,
            &[("aws_iam_role", role)],
            High,
        ),
        // IAM API UpdateRole / UpdateRoleDescription / TagRole / UntagRole / *PermissionsBoundary.
        case(
            IAM,
            "UpdateRole",
            json!({"roleName": role, "maxSessionDuration": 43200}),
            Value::Null,
            &[("aws_iam_role", role)],
            Medium,
        ),
        case(
            IAM,
            "UpdateRoleDescription",
            json!({"roleName": role, "description": "ops"}),
            json!({"role": {"roleName": role, "path": "/"}}),
            &[("aws_iam_role", role)],
            Medium,
        ),
        case(
            IAM,
            "TagRole",
            json!({"roleName": role, "tags": [{"key": "team", "value": "ops"}]}),
            Value::Null,
            &[("aws_iam_role", role)],
            Medium,
        ),
        case(
            IAM,
            "UntagRole",
            json!({"roleName": role, "tagKeys": ["team"]}),
            Value::Null,
            &[("aws_iam_role", role)],
            Medium,
        ),
        case(
            IAM,
            "PutRolePermissionsBoundary",
            json!({"roleName": role, "permissionsBoundary": "arn:aws:iam::aws:policy/PowerUserAccess"}),
            Value::Null,
            &[("aws_iam_role", role)],
            High,
        ),
        case(
            IAM,
            "DeleteRolePermissionsBoundary",
            json!({"roleName": role}),
            Value::Null,
            &[("aws_iam_role", role)],
            High,
        ),
        case(
            IAM,
            "PutUserPermissionsBoundary",
            json!({"userName": "ci", "permissionsBoundary": "arn:aws:iam::aws:policy/PowerUserAccess"}),
            Value::Null,
            &[("aws_iam_user", "ci")],
            High,
        ),
        case(
            IAM,
            "DeleteUserPermissionsBoundary",
            json!({"userName": "ci"}),
            Value::Null,
            &[("aws_iam_user", "ci")],
            High,
        ),
        // invictus 20230710T1200Z_iLj9fb7yyUG9X4Bf (role); users and groups name the same way.
        case(
            IAM,
            "PutRolePolicy",
            json!({"roleName": "web-role", "policyName": "inline-policy",
                   "policyDocument": "{\"Statement\":[{\"Action\":[\"ec2:Describe*\"],\"Effect\":\"Allow\",\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}"}),
            Value::Null,
            &[("aws_iam_role_policy", "web-role:inline-policy")],
            High,
        ),
        // invictus 20230710T1210Z_6CICdbJQM3beT7n3
        case(
            IAM,
            "DeleteRolePolicy",
            json!({"roleName": "web-role", "policyName": "inline-policy"}),
            Value::Null,
            &[("aws_iam_role_policy", "web-role:inline-policy")],
            Medium,
        ),
        case(
            IAM,
            "PutUserPolicy",
            json!({"userName": "ci", "policyName": "deploy", "policyDocument": "{\"Statement\":[]}"}),
            Value::Null,
            &[("aws_iam_user_policy", "ci:deploy")],
            High,
        ),
        case(
            IAM,
            "DeleteUserPolicy",
            json!({"userName": "ci", "policyName": "deploy"}),
            Value::Null,
            &[("aws_iam_user_policy", "ci:deploy")],
            Medium,
        ),
        case(
            IAM,
            "PutGroupPolicy",
            json!({"groupName": "admins", "policyName": "all", "policyDocument": "{\"Statement\":[]}"}),
            Value::Null,
            &[("aws_iam_group_policy", "admins:all")],
            High,
        ),
        case(
            IAM,
            "DeleteGroupPolicy",
            json!({"groupName": "admins", "policyName": "all"}),
            Value::Null,
            &[("aws_iam_group_policy", "admins:all")],
            Medium,
        ),
        // stratus aws.persistence.iam-create-admin-user
        case(
            IAM,
            "CreateUser",
            json!({"tags": [{"key": "StratusRedTeam", "value": "true"}], "userName": "malicious-iam-user"}),
            json!({"user": {"arn": "arn:aws:iam::229654561268:user/malicious-iam-user",
                   "createDate": "Aug 1, 2024 1:33:28 PM", "path": "/", "userId": "AIDAL1XMLVWIUOK8KAF0",
                   "userName": "malicious-iam-user"}}),
            &[("aws_iam_user", "malicious-iam-user")],
            Medium,
        ),
        // invictus 20230710T1230Z_9SJSsrxJ0ChF5VFb
        case(
            IAM,
            "DeleteUser",
            json!({"userName": "malicious-iam-user"}),
            Value::Null,
            &[("aws_iam_user", "malicious-iam-user")],
            Medium,
        ),
        case(
            IAM,
            "UpdateUser",
            json!({"userName": "ci", "newUserName": "ci-old"}),
            Value::Null,
            &[("aws_iam_user", "ci")],
            Medium,
        ),
        case(
            IAM,
            "TagUser",
            json!({"userName": "ci", "tags": [{"key": "team", "value": "ops"}]}),
            Value::Null,
            &[("aws_iam_user", "ci")],
            Medium,
        ),
        case(
            IAM,
            "UntagUser",
            json!({"userName": "ci", "tagKeys": ["team"]}),
            Value::Null,
            &[("aws_iam_user", "ci")],
            Medium,
        ),
        // IAM API UpdateAccountPasswordPolicy: the policy fields; one policy per account.
        case(
            IAM,
            "UpdateAccountPasswordPolicy",
            json!({"minimumPasswordLength": 8, "requireSymbols": false, "requireNumbers": false,
                   "requireUppercaseCharacters": false, "requireLowercaseCharacters": false,
                   "allowUsersToChangePassword": true}),
            Value::Null,
            &[(
                "aws_iam_account_password_policy",
                "iam-account-password-policy",
            )],
            Medium,
        ),
        case(
            IAM,
            "DeleteAccountPasswordPolicy",
            Value::Null,
            Value::Null,
            &[(
                "aws_iam_account_password_policy",
                "iam-account-password-policy",
            )],
            Medium,
        ),
    ]
}

fn kms_cases() -> Vec<Case> {
    let key = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let key_arn = format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{key}");
    let key_arn = key_arn.as_str();
    // panther-analysis aws_kms_cmk_loss.yml: keyId in, resources[] names the key ARN.
    let with_key = |name: &str, request: Value, response: Value, severity| {
        let mut c = case(
            KMS,
            name,
            request,
            response,
            &[("aws_kms_key", key)],
            severity,
        );
        c.record["resources"] =
            json!([{"ARN": key_arn, "accountId": ACCOUNT, "type": "AWS::KMS::Key"}]);
        c
    };
    vec![
        // AWS KMS developer guide, CloudTrail example for CreateKey.
        case(
            KMS,
            "CreateKey",
            json!({"description": "", "origin": "AWS_KMS", "bypassPolicyLockoutSafetyCheck": false,
                   "customerMasterKeySpec": "SYMMETRIC_DEFAULT", "keySpec": "SYMMETRIC_DEFAULT",
                   "keyUsage": "ENCRYPT_DECRYPT"}),
            json!({"keyMetadata": {"AWSAccountId": ACCOUNT, "keyId": key, "arn": key_arn,
                   "creationDate": "Aug 10, 2022, 10:38:27 PM", "enabled": true, "keyUsage": "ENCRYPT_DECRYPT",
                   "keyState": "Enabled", "origin": "AWS_KMS", "keyManager": "CUSTOMER"}}),
            &[("aws_kms_key", key)],
            Medium,
        ),
        // panther-analysis aws_kms_cmk_loss.yml
        with_key("DisableKey", json!({"keyId": key}), Value::Null, High),
        with_key(
            "ScheduleKeyDeletion",
            json!({"keyId": key, "pendingWindowInDays": 30, "overridePendingWindowCheck": false}),
            json!({"keyId": key_arn, "deletionDate": "Jan 1, 2019 12:00:00 AM"}),
            High,
        ),
        // AWS KMS developer guide CloudTrail examples: keyId in every key operation.
        with_key(
            "CancelKeyDeletion",
            json!({"keyId": key_arn}),
            json!({"keyId": key_arn}),
            Medium,
        ),
        with_key("EnableKey", json!({"keyId": key}), Value::Null, Medium),
        with_key(
            "EnableKeyRotation",
            json!({"keyId": key}),
            Value::Null,
            Medium,
        ),
        with_key(
            "DisableKeyRotation",
            json!({"keyId": key}),
            Value::Null,
            Medium,
        ),
        with_key(
            "PutKeyPolicy",
            json!({"keyId": key, "policyName": "default", "bypassPolicyLockoutSafetyCheck": false,
                   "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"}),
            Value::Null,
            High,
        ),
        with_key(
            "TagResource",
            json!({"keyId": key, "tags": [{"tagKey": "team", "tagValue": "sec"}]}),
            Value::Null,
            Medium,
        ),
        with_key(
            "UntagResource",
            json!({"keyId": key, "tagKeys": ["team"]}),
            Value::Null,
            Medium,
        ),
        with_key(
            "UpdateKeyDescription",
            json!({"keyId": key, "description": "logs"}),
            Value::Null,
            Medium,
        ),
        // AWS KMS developer guide, CloudTrail example for CreateAlias (after December 2022).
        case(
            KMS,
            "CreateAlias",
            json!({"aliasName": "alias/ExampleAlias", "targetKeyId": key}),
            json!({"keyId": key_arn}),
            &[("aws_kms_alias", "alias/ExampleAlias")],
            Medium,
        ),
        case(
            KMS,
            "UpdateAlias",
            json!({"aliasName": "alias/ExampleAlias", "targetKeyId": key}),
            Value::Null,
            &[("aws_kms_alias", "alias/ExampleAlias")],
            Medium,
        ),
        case(
            KMS,
            "DeleteAlias",
            json!({"aliasName": "alias/ExampleAlias"}),
            Value::Null,
            &[("aws_kms_alias", "alias/ExampleAlias")],
            Medium,
        ),
    ]
}

fn lambda_cases() -> Vec<Case> {
    let function = "stratus-red-team-backdoor-f-func";
    let arn = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}");
    let arn = arn.as_str();
    vec![
        // invictus 20230710T1230Z_ZtUNbBkwAu98FPZb (trimmed)
        case(
            LAMBDA,
            "CreateFunction20150331",
            json!({"functionName": function, "runtime": "nodejs18.x", "handler": "index.test",
                   "role": "arn:aws:iam::123837392027:role/backdoor-lambda",
                   "code": {"s3Bucket": "backdoor-code", "s3Key": "index.zip"}, "publish": false}),
            json!({"functionName": function, "functionArn": arn, "runtime": "nodejs18.x",
                   "version": "$LATEST", "state": "Pending"}),
            &[("aws_lambda_function", function)],
            Medium,
        ),
        // invictus 20230710T1230Z_9SJSsrxJ0ChF5VFb
        case(
            LAMBDA,
            "DeleteFunction20150331",
            json!({"functionName": function}),
            Value::Null,
            &[("aws_lambda_function", function)],
            Medium,
        ),
        // invictus 20230710T1230Z_KV9LZlfXqBel7nqf: a public invoke permission.
        case(
            LAMBDA,
            "AddPermission20150331v2",
            json!({"functionName": function, "statementId": "backdoor", "action": "lambda:InvokeFunction",
                   "principal": "*"}),
            json!({"statement": "{\"Sid\":\"backdoor\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:123837392027:function:stratus-red-team-backdoor-f-func\"}"}),
            &[
                ("aws_lambda_permission", "backdoor"),
                ("aws_lambda_function", function),
            ],
            High,
        ),
        // invictus 20230710T1235Z_YbVFCP9AYzJDhHV9
        case(
            LAMBDA,
            "RemovePermission20150331v2",
            json!({"functionName": function, "statementId": "backdoor"}),
            Value::Null,
            &[
                ("aws_lambda_permission", "backdoor"),
                ("aws_lambda_function", function),
            ],
            Medium,
        ),
        // stratus aws.persistence.lambda-overwrite-code: the function named by ARN.
        case(
            LAMBDA,
            "UpdateFunctionCode20150331v2",
            json!({"dryRun": false, "functionName": arn, "publish": true,
                   "fullyQualifiedArn": {"arnPrefix": {"account": ACCOUNT, "partition": "aws", "region": REGION},
                   "functionQualifier": {}, "relativeId": {"functionName": function}}}),
            json!({"functionName": function, "functionArn": format!("{arn}:1"), "version": "1"}),
            &[("aws_lambda_function", function)],
            Medium,
        ),
        // stratus aws.persistence.lambda-layer-extension
        case(
            LAMBDA,
            "UpdateFunctionConfiguration20150331v2",
            json!({"environment": {}, "functionName": arn,
                   "layers": ["arn:aws:lambda:us-east-1:123837392027:layer:extension:1"]}),
            json!({"functionName": function, "functionArn": arn, "lastUpdateStatus": "InProgress"}),
            &[("aws_lambda_function", function)],
            Medium,
        ),
        // Lambda API PutFunctionConcurrency (2017-10-31) / DeleteFunctionConcurrency / TagResource
        // (2017-03-31): FunctionName or Resource (the function ARN).
        case(
            LAMBDA,
            "PutFunctionConcurrency20171031",
            json!({"functionName": function, "reservedConcurrentExecutions": 0}),
            json!({"reservedConcurrentExecutions": 0}),
            &[("aws_lambda_function", function)],
            Medium,
        ),
        case(
            LAMBDA,
            "DeleteFunctionConcurrency20171031",
            json!({"functionName": function}),
            Value::Null,
            &[("aws_lambda_function", function)],
            Medium,
        ),
        case(
            LAMBDA,
            "TagResource20170331v2",
            json!({"resource": arn, "tags": {"team": "ops"}}),
            Value::Null,
            &[("aws_lambda_function", function)],
            Medium,
        ),
        case(
            LAMBDA,
            "UntagResource20170331v2",
            json!({"resource": arn, "tagKeys": ["team"]}),
            Value::Null,
            &[("aws_lambda_function", function)],
            Medium,
        ),
    ]
}

fn rds_cases() -> Vec<Case> {
    let dbi = "db-PDUCDGLRGDVGNFIUKF4FRJGEGY";
    let identifier = "terraform-20230710121504061500000001";
    let instance = json!({"dBInstanceIdentifier": identifier, "dbiResourceId": dbi,
        "dBInstanceClass": "db.t3.micro", "engine": "mysql", "dBInstanceStatus": "modifying",
        "dBInstanceArn": format!("arn:aws:rds:{REGION}:{ACCOUNT}:db:{identifier}")});
    let group = json!({"dBSubnetGroupName": "stratus-red-team-share-snap-vpc",
        "dBSubnetGroupDescription": "Database subnet group", "vpcId": "vpc-07b33857c7ad1c027",
        "subnetGroupStatus": "Complete",
        "dBSubnetGroupArn": "arn:aws:rds:us-east-1:123837392027:subgrp:stratus-red-team-share-snap-vpc"});
    vec![
        // invictus 20230710T1220Z_r7NFD65BgeDMqD23 (trimmed): the DBI resource id in the response.
        case(
            RDS,
            "CreateDBInstance",
            json!({"dBInstanceIdentifier": identifier, "engine": "mysql", "dBInstanceClass": "db.t3.micro",
                   "masterUsername": "admin", "masterUserPassword": "HIDDEN_DUE_TO_SECURITY_REASONS",
                   "publiclyAccessible": false}),
            instance.clone(),
            &[("aws_db_instance", dbi)],
            Medium,
        ),
        // invictus 20230710T1230Z_lHgkh3VeI3XnjZSL
        case(
            RDS,
            "DeleteDBInstance",
            json!({"dBInstanceIdentifier": identifier, "skipFinalSnapshot": false,
                   "finalDBSnapshotIdentifier": "final", "deleteAutomatedBackups": true}),
            instance.clone(),
            &[("aws_db_instance", dbi)],
            Medium,
        ),
        // RDS API ModifyDBInstance / RebootDBInstance / Start / Stop return the DBInstance.
        case(
            RDS,
            "ModifyDBInstance",
            json!({"dBInstanceIdentifier": identifier, "publiclyAccessible": true, "applyImmediately": true}),
            instance.clone(),
            &[("aws_db_instance", dbi)],
            Medium,
        ),
        case(
            RDS,
            "RebootDBInstance",
            json!({"dBInstanceIdentifier": identifier}),
            instance.clone(),
            &[("aws_db_instance", dbi)],
            Medium,
        ),
        case(
            RDS,
            "StartDBInstance",
            json!({"dBInstanceIdentifier": identifier}),
            instance.clone(),
            &[("aws_db_instance", dbi)],
            Medium,
        ),
        // Without a response the identifier stands in (upper case as typed, lower case as stored).
        case(
            RDS,
            "StopDBInstance",
            json!({"dBInstanceIdentifier": "Reporting-DB"}),
            Value::Null,
            &[("aws_db_instance", "reporting-db")],
            Medium,
        ),
        // invictus 20230710T1220Z_ovtmbuX3ENJ119uH
        case(
            RDS,
            "CreateDBSubnetGroup",
            json!({"dBSubnetGroupName": "stratus-red-team-share-snap-vpc",
                   "dBSubnetGroupDescription": "Database subnet group",
                   "subnetIds": ["subnet-0cac13291c6f317ec", "subnet-0c8a70cf4fd24084f"]}),
            group.clone(),
            &[("aws_db_subnet_group", "stratus-red-team-share-snap-vpc")],
            Medium,
        ),
        case(
            RDS,
            "ModifyDBSubnetGroup",
            json!({"dBSubnetGroupName": "stratus-red-team-share-snap-vpc",
                   "subnetIds": ["subnet-0cac13291c6f317ec"]}),
            group,
            &[("aws_db_subnet_group", "stratus-red-team-share-snap-vpc")],
            Medium,
        ),
        case(
            RDS,
            "DeleteDBSubnetGroup",
            json!({"dBSubnetGroupName": "Stratus-Red-Team-Share-Snap-VPC"}),
            Value::Null,
            &[("aws_db_subnet_group", "stratus-red-team-share-snap-vpc")],
            Medium,
        ),
    ]
}

fn s3_cases() -> Vec<Case> {
    let bucket = "stratus-red-team-ctes-bucket-qyxyekjbtk";
    let host = format!("{bucket}.s3.amazonaws.com");
    let part = |name: &str, extra: Value, part: &'static str, severity| {
        let mut request = json!({"bucketName": bucket, "Host": host});
        if let (Some(r), Value::Object(extra)) = (request.as_object_mut(), extra) {
            r.extend(extra);
        }
        let mut c = case(
            S3,
            name,
            request,
            Value::Null,
            &[(part, bucket), ("aws_s3_bucket", bucket)],
            severity,
        );
        c.record["resources"] = json!([{"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": format!("arn:aws:s3:::{bucket}")}]);
        c
    };
    vec![
        // invictus 20230710T1205Z_SjF3IkuNXJkoHyar
        case(
            S3,
            "CreateBucket",
            json!({"bucketName": bucket, "Host": host, "x-amz-acl": "private"}),
            Value::Null,
            &[("aws_s3_bucket", bucket)],
            Medium,
        ),
        // invictus 20230710T1210Z_6CICdbJQM3beT7n3
        case(
            S3,
            "DeleteBucket",
            json!({"bucketName": bucket, "Host": host}),
            Value::Null,
            &[("aws_s3_bucket", bucket)],
            Medium,
        ),
        // invictus 20230710T1205Z_UljXNp9xLp8nsAGc
        case(
            S3,
            "PutBucketTagging",
            json!({"Tagging": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                   "TagSet": {"Tag": {"Value": true, "Key": "StratusRedTeam"}}},
                   "tagging": "", "bucketName": bucket, "Host": host}),
            Value::Null,
            &[("aws_s3_bucket", bucket)],
            Medium,
        ),
        case(
            S3,
            "DeleteBucketTagging",
            json!({"tagging": "", "bucketName": bucket, "Host": host}),
            Value::Null,
            &[("aws_s3_bucket", bucket)],
            Medium,
        ),
        // invictus 20230710T1205Z_UljXNp9xLp8nsAGc
        part(
            "PutBucketPolicy",
            json!({"bucketPolicy": {"Version": "2012-10-17", "Statement": [{"Action": "s3:GetBucketAcl",
                   "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                   "Resource": format!("arn:aws:s3:::{bucket}"), "Sid": "AWSCloudTrailAclCheck"}]},
                   "policy": ""}),
            "aws_s3_bucket_policy",
            High,
        ),
        // invictus 20230710T1230Z_lHgkh3VeI3XnjZSL
        part(
            "DeleteBucketPolicy",
            json!({"policy": ""}),
            "aws_s3_bucket_policy",
            High,
        ),
        // elastic/detection-rules #1241 and public tests: the grant body and the canned header.
        part(
            "PutBucketAcl",
            json!({"acl": "", "AccessControlPolicy": {"AccessControlList": {"Grant": [{"Grantee": {
                   "xsi:type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
                   "Permission": "READ"}]}, "Owner": {"ID": "6e1b3d0f"}}}),
            "aws_s3_bucket_acl",
            High,
        ),
        // SigmaHQ/sigma #6118 sample: PublicAccessBlockConfiguration with the four flags.
        part(
            "PutBucketPublicAccessBlock",
            json!({"publicAccessBlock": "", "PublicAccessBlockConfiguration": {
                   "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "RestrictPublicBuckets": false,
                   "BlockPublicPolicy": false, "BlockPublicAcls": false, "IgnorePublicAcls": false}}),
            "aws_s3_bucket_public_access_block",
            High,
        ),
        // The S3 user guide lists the CloudTrail name DeleteBucketPublicAccessBlock (API:
        // DeletePublicAccessBlock).
        part(
            "DeleteBucketPublicAccessBlock",
            json!({"publicAccessBlock": ""}),
            "aws_s3_bucket_public_access_block",
            High,
        ),
        // S3 API PutBucketEncryption / DeleteBucketEncryption (CloudTrail names).
        part(
            "PutBucketEncryption",
            json!({"encryption": "", "ServerSideEncryptionConfiguration": {"Rule": {
                   "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": false}}}),
            "aws_s3_bucket_server_side_encryption_configuration",
            Medium,
        ),
        part(
            "DeleteBucketEncryption",
            json!({"encryption": ""}),
            "aws_s3_bucket_server_side_encryption_configuration",
            Medium,
        ),
        part(
            "PutBucketVersioning",
            json!({"versioning": "", "VersioningConfiguration": {"Status": "Suspended"}}),
            "aws_s3_bucket_versioning",
            Medium,
        ),
        // mapbox patrol rules: PutBucketLogging without LoggingEnabled disables access logs.
        part(
            "PutBucketLogging",
            json!({"logging": "", "BucketLoggingStatus": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"}}),
            "aws_s3_bucket_logging",
            Medium,
        ),
        // invictus 20230710T1205Z_zs3JGxETHr59VpkX
        part(
            "PutBucketLifecycle",
            json!({"lifecycle": "", "LifecycleConfiguration": {"Rule": {"Status": "Enabled",
                   "Filter": {"Prefix": "*"}, "Expiration": {"Days": 1}, "ID": "nuke-logs-after-1-day"}}}),
            "aws_s3_bucket_lifecycle_configuration",
            Medium,
        ),
        // invictus 20230710T1210Z_6CICdbJQM3beT7n3
        part(
            "DeleteBucketLifecycle",
            json!({"lifecycle": ""}),
            "aws_s3_bucket_lifecycle_configuration",
            Medium,
        ),
        part(
            "PutBucketOwnershipControls",
            json!({"ownershipControls": "", "OwnershipControls": {"Rule": {"ObjectOwnership": "BucketOwnerPreferred"}}}),
            "aws_s3_bucket_ownership_controls",
            Medium,
        ),
        part(
            "DeleteBucketOwnershipControls",
            json!({"ownershipControls": ""}),
            "aws_s3_bucket_ownership_controls",
            Medium,
        ),
    ]
}

fn all_cases() -> Vec<Case> {
    [
        cloudtrail_cases(),
        ec2_cases(),
        iam_cases(),
        kms_cases(),
        lambda_cases(),
        rds_cases(),
        s3_cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn name_of(record: &Value) -> String {
    format!("{} {}", record["eventSource"], record["eventName"])
}

#[test]
fn every_sample_joins_to_its_resources_and_severity() {
    for case in all_cases() {
        let name = name_of(&case.record);
        let joined = join(&case.record).unwrap_or_else(|| panic!("{name}: no entry"));
        let got: Vec<(&str, String)> = joined
            .resources
            .iter()
            .map(|r| (r.resource_type, r.id.clone()))
            .collect();
        assert_eq!(got, case.expect, "{name}");
        assert_eq!(joined.severity, case.severity, "{name}");
        for r in &joined.resources {
            let region = r.region.as_deref();
            if r.resource_type.starts_with("aws_iam_") {
                assert_eq!(region, None, "{name}: IAM is account-wide");
            } else {
                assert_eq!(region, Some(REGION), "{name}: {}", r.resource_type);
            }
            assert!(
                joined
                    .entry
                    .resolver
                    .targets
                    .iter()
                    .any(|t| t.resource_type == r.resource_type),
                "{name}: {} is not documented in the entry's targets",
                r.resource_type
            );
        }
        assert_eq!(joined.techniques()[0], OUT_OF_BAND, "{name}");
    }
}

#[test]
fn every_entry_and_every_documented_target_has_a_sample() {
    // Entries sharing a resolver (CreateTags / DeleteTags) share its targets: each target must
    // come out of some sample of that resolver.
    let resolver_of = |e: &join::Entry| std::ptr::from_ref(e.resolver) as usize;
    let mut produced: BTreeSet<(usize, &str)> = BTreeSet::new();
    let mut sampled: BTreeSet<(&str, &str)> = BTreeSet::new();
    for case in all_cases() {
        let joined = join(&case.record).expect("joins");
        for r in &joined.resources {
            produced.insert((resolver_of(joined.entry), r.resource_type));
        }
        sampled.insert((joined.entry.event_source, joined.entry.event_name));
    }
    for entry in table() {
        let key = (entry.event_source, entry.event_name);
        assert!(sampled.contains(&key), "no sample for {key:?}");
        for target in entry.resolver.targets {
            assert!(
                produced.contains(&(resolver_of(entry), target.resource_type)),
                "{key:?}: no sample produces {}",
                target.resource_type
            );
        }
    }
    assert_eq!(sampled.len(), table().len());
}

#[test]
fn table_is_sorted_unique_and_covers_the_issue() {
    let entries = table();
    for pair in entries.windows(2) {
        assert!(
            (pair[0].event_source, pair[0].event_name) < (pair[1].event_source, pair[1].event_name),
            "{} {} must sort before {} {}",
            pair[0].event_source,
            pair[0].event_name,
            pair[1].event_source,
            pair[1].event_name
        );
    }
    assert_eq!(entries.len(), 149);
    for entry in entries {
        assert_eq!(
            entry.techniques.first(),
            Some(&OUT_OF_BAND),
            "{}",
            entry.event_name
        );
        assert!(entry.techniques.len() <= 2);
        assert!(!entry.resolver.targets.is_empty());
    }
    let services: BTreeSet<&str> = entries.iter().map(|e| e.event_source).collect();
    assert_eq!(
        services.into_iter().collect::<Vec<_>>(),
        [
            "cloudtrail.amazonaws.com",
            "ec2.amazonaws.com",
            "iam.amazonaws.com",
            "kms.amazonaws.com",
            "lambda.amazonaws.com",
            "rds.amazonaws.com",
            "s3.amazonaws.com"
        ]
    );
}

#[test]
fn high_severity_events_are_the_issue_list() {
    let high: BTreeSet<&str> = table()
        .iter()
        .filter(|e| matches!(e.severity, SeverityRule::High))
        .map(|e| e.event_name)
        .collect();
    for name in [
        "AttachUserPolicy",
        "AttachGroupPolicy",
        "AttachRolePolicy",
        "PutUserPolicy",
        "PutGroupPolicy",
        "PutRolePolicy",
        "AddUserToGroup",
        "CreateAccessKey",
        "CreateLoginProfile",
        "UpdateAssumeRolePolicy",
        "CreatePolicyVersion",
        "SetDefaultPolicyVersion",
        "PutBucketPolicy",
        "DeleteBucketPolicy",
        "DeleteBucketPublicAccessBlock",
        "StopLogging",
        "DeleteTrail",
        "UpdateTrail",
        "PutKeyPolicy",
        "DisableKey",
        "ScheduleKeyDeletion",
    ] {
        assert!(high.contains(name), "{name} must be high");
    }
    let techniques = |source: &str, name: &str| -> Vec<&str> {
        entry(source, name)
            .unwrap()
            .techniques
            .iter()
            .map(|t| t.id)
            .collect()
    };
    assert_eq!(techniques(CT, "StopLogging"), ["T1496.004", "T1562.008"]);
    assert_eq!(techniques(CT, "DeleteTrail"), ["T1496.004", "T1562.008"]);
    assert_eq!(
        techniques(IAM, "AttachUserPolicy"),
        ["T1496.004", "T1098.003"]
    );
    assert_eq!(
        techniques(IAM, "CreateAccessKey"),
        ["T1496.004", "T1098.001"]
    );
    assert_eq!(techniques(IAM, "CreateUser"), ["T1496.004", "T1136.003"]);
    assert_eq!(techniques(EC2, "RunInstances"), ["T1496.004", "T1578.002"]);
    assert_eq!(
        techniques(EC2, "TerminateInstances"),
        ["T1496.004", "T1578.003"]
    );
    assert_eq!(
        techniques(EC2, "ModifyInstanceAttribute"),
        ["T1496.004", "T1578"]
    );
    assert_eq!(
        techniques(KMS, "ScheduleKeyDeletion"),
        ["T1496.004", "T1485"]
    );
    assert_eq!(
        entry(IAM, "CreateUser").unwrap().techniques[1].tactic,
        "TA0003"
    );
    assert_eq!(OUT_OF_BAND.tactic, "TA0040");
}

fn severity_of(source: &str, name: &str, request: Value, response: Value) -> SeverityHint {
    join(&record(source, name, request, response))
        .unwrap()
        .severity
}

#[test]
fn conditional_severities() {
    let sg = "sg-003dc7f1f1c686164";
    // stratus aws.exfiltration.ec2-security-group-open-port-22-ingress: the flat form, with the
    // anonymised dataset's /0 written over a non-zero address (still every address).
    let open_ssh = json!({"cidrIp": "208.236.235.254/0", "fromPort": 22, "groupId": sg,
                          "ipPermissions": {}, "ipProtocol": "tcp", "toPort": 22});
    let open_ssh_response = json!({"_return": true, "securityGroupRuleSet": {"items": [{
        "cidrIpv4": "208.236.235.254/0", "fromPort": 22, "groupId": sg, "groupOwnerId": "032092706103",
        "ipProtocol": "tcp", "isEgress": false, "securityGroupRuleId": "sgr-09b3e3d2ca1edf2a2", "toPort": 22}]}});
    let joined = join(&record(
        EC2,
        "AuthorizeSecurityGroupIngress",
        open_ssh.clone(),
        open_ssh_response.clone(),
    ))
    .unwrap();
    assert_eq!(joined.severity, High);
    let ids: Vec<&str> = joined.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "sg-003dc7f1f1c686164_ingress_tcp_22_22_",
            "sgr-09b3e3d2ca1edf2a2",
            sg
        ]
    );
    let ipv6 = json!({"groupId": sg, "ipPermissions": {"items": [{"ipProtocol": "6", "fromPort": "22",
        "toPort": "22", "ipv6Ranges": {"items": [{"cidrIpv6": "::/0"}]}}]}});
    assert_eq!(
        severity_of(EC2, "AuthorizeSecurityGroupIngress", ipv6, Value::Null),
        High
    );
    let office = json!({"groupId": sg, "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 22,
        "toPort": 22, "ipRanges": {"items": [{"cidrIp": "198.51.100.0/24"}]}}]}});
    assert_eq!(
        severity_of(EC2, "AuthorizeSecurityGroupIngress", office, Value::Null),
        Medium
    );
    // Egress to everywhere is the default, not an exposure.
    assert_eq!(
        severity_of(
            EC2,
            "AuthorizeSecurityGroupEgress",
            open_ssh,
            open_ssh_response
        ),
        Medium
    );
    let narrowed = json!({"ModifySecurityGroupRulesRequest": {"GroupId": sg, "SecurityGroupRule": [
        {"SecurityGroupRuleId": "sgr-1", "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 22,
         "ToPort": 22, "CidrIpv4": "10.0.0.0/8"}}]}});
    assert_eq!(
        severity_of(EC2, "ModifySecurityGroupRules", narrowed, Value::Null),
        Medium
    );

    // Canned ACLs arrive as a string (CreateBucket, invictus) or a list (PutBucketAcl).
    let bucket = "logs";
    assert_eq!(
        severity_of(
            S3,
            "PutBucketAcl",
            json!({"bucketName": bucket, "x-amz-acl": ["public-read"]}),
            Value::Null
        ),
        High
    );
    assert_eq!(
        severity_of(
            S3,
            "CreateBucket",
            json!({"bucketName": bucket, "x-amz-acl": "public-read-write"}),
            Value::Null
        ),
        High
    );
    assert_eq!(
        severity_of(
            S3,
            "PutBucketAcl",
            json!({"bucketName": bucket, "x-amz-grant-read":
            "uri=\"http://acs.amazonaws.com/groups/global/AuthenticatedUsers\""}),
            Value::Null
        ),
        High
    );
    assert_eq!(
        severity_of(
            S3,
            "PutBucketAcl",
            json!({"bucketName": bucket, "x-amz-acl": ["private"]}),
            Value::Null
        ),
        Medium
    );
    let all_blocked = json!({"bucketName": bucket, "PublicAccessBlockConfiguration": {
        "BlockPublicAcls": true, "IgnorePublicAcls": "true", "BlockPublicPolicy": true,
        "RestrictPublicBuckets": true}});
    assert_eq!(
        severity_of(S3, "PutBucketPublicAccessBlock", all_blocked, Value::Null),
        Medium
    );

    assert_eq!(
        severity_of(
            IAM,
            "UpdateAccessKey",
            json!({"accessKeyId": "AKIA1", "status": "Inactive"}),
            Value::Null
        ),
        Medium
    );
    // A service principal may invoke: not public.
    assert_eq!(
        severity_of(
            LAMBDA,
            "AddPermission20150331v2",
            json!({"functionName": "f", "statementId": "s3",
            "principal": "s3.amazonaws.com", "action": "lambda:InvokeFunction"}),
            Value::Null
        ),
        Medium
    );
    assert_eq!(
        severity_of(
            LAMBDA,
            "AddPermission20150331v2",
            json!({"functionName": "f", "statementId": "url",
            "principal": "123456789012", "functionUrlAuthType": "NONE"}),
            Value::Null
        ),
        High
    );
}

#[test]
fn lambda_version_suffixes_are_stripped_not_prefix_matched() {
    for name in [
        "CreateFunction20150331",
        "UpdateFunctionCode20150331v2",
        "UpdateFunctionConfiguration20150331v2",
        "UpdateFunctionConfiguration20150331",
        "AddPermission20150331v2",
        "DeleteFunction20150331",
    ] {
        assert!(entry(LAMBDA, name).is_some(), "{name}");
    }
    assert_eq!(
        entry(LAMBDA, "UpdateFunctionCode20150331v2")
            .unwrap()
            .event_name,
        "UpdateFunctionCode"
    );
    for name in [
        "UpdateFunctionCodeSigningConfig",
        "UpdateFunctionUrlConfig",
        "CreateFunction2015",
        "20150331",
    ] {
        assert!(entry(LAMBDA, name).is_none(), "{name}");
    }
    // The same event name from another service is another event.
    assert!(entry("workmail.amazonaws.com", "CreateAlias").is_none());
    assert!(entry(KMS, "CreateAlias").is_some());
}

#[test]
fn ids_follow_the_provider_and_the_drift_engine() {
    // Security group rules from a source group and from the group itself.
    let sg = "sg-0aaa";
    let request = json!({"groupId": sg, "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 5432,
        "toPort": 5432, "groups": {"items": [{"groupId": "sg-0bbb", "userId": ACCOUNT},
        {"groupId": sg, "userId": ACCOUNT}]}, "ipRanges": {}, "prefixListIds": {"items": [{"prefixListId": "pl-1"}]}}]}});
    let joined = join(&record(
        EC2,
        "AuthorizeSecurityGroupIngress",
        request,
        Value::Null,
    ))
    .unwrap();
    let ids: Vec<&str> = joined.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "sg-0aaa_ingress_tcp_5432_5432_",
            "sg-0aaa_ingress_tcp_5432_5432_sg-0bbb",
            "sg-0aaa_ingress_tcp_5432_5432_self",
            sg
        ]
    );
    // Revoke by rule id: whatever field the request names it in.
    let by_id = json!({"groupId": sg, "securityGroupRuleIds": {"items": [{"securityGroupRuleId": "sgr-0ccc"}]}});
    let joined = join(&record(
        EC2,
        "RevokeSecurityGroupEgress",
        by_id,
        Value::Null,
    ))
    .unwrap();
    let refs: Vec<(&str, &str)> = joined
        .resources
        .iter()
        .map(|r| (r.resource_type, r.id.as_str()))
        .collect();
    assert_eq!(
        refs,
        [
            ("aws_vpc_security_group_egress_rule", "sgr-0ccc"),
            ("aws_security_group", sg)
        ]
    );

    // A trail named by ARN in another partition keeps its ARN; one named by name in a China
    // region gets the aws-cn partition.
    let mut china = record(CT, "StopLogging", json!({"name": "audit"}), Value::Null);
    china["awsRegion"] = json!("cn-north-1");
    let joined = join(&china).unwrap();
    assert_eq!(
        joined.resources[0].id,
        format!("arn:aws-cn:cloudtrail:cn-north-1:{ACCOUNT}:trail/audit")
    );

    // KMS: a key ARN is cut to the key id; an alias cannot name the key, the resources[] ARN can.
    let by_alias = record(
        KMS,
        "DisableKeyRotation",
        json!({"keyId": "alias/logs"}),
        Value::Null,
    );
    assert!(join(&by_alias).unwrap().resources.is_empty());
    let alias_arn = record(
        KMS,
        "DeleteAlias",
        json!({"aliasName": format!("arn:aws:kms:{REGION}:{ACCOUNT}:alias/logs")}),
        Value::Null,
    );
    assert_eq!(join(&alias_arn).unwrap().resources[0].id, "alias/logs");

    // A login profile call without userName acts on the calling IAM user.
    let own = record(
        IAM,
        "UpdateLoginProfile",
        json!({"passwordResetRequired": false}),
        Value::Null,
    );
    assert_eq!(join(&own).unwrap().resources[0].id, "operator");

    // A bucket created in another region lives there.
    let eu = record(
        S3,
        "CreateBucket",
        json!({"bucketName": "eu-logs", "CreateBucketConfiguration":
        {"LocationConstraint": "eu-west-1"}}),
        Value::Null,
    );
    assert_eq!(
        join(&eu).unwrap().resources[0].region.as_deref(),
        Some("eu-west-1")
    );

    // Unmodelled events and records without names join nothing.
    assert!(join(&record(EC2, "CreateRouteTable", json!({}), Value::Null)).is_none());
    assert!(join(&json!({"eventName": "CreateUser"})).is_none());
}

#[test]
fn rows_and_markdown_list_every_target() {
    let rows: Vec<_> = rows().collect();
    let targets: usize = table().iter().map(|e| e.resolver.targets.len()).sum();
    assert_eq!(rows.len(), targets);
    let md = markdown();
    assert_eq!(md.lines().count(), rows.len() + 2);
    assert!(
        md.contains("| iam.amazonaws.com | AttachUserPolicy | aws_iam_user_policy_attachment |")
    );
    assert!(md.contains("high when a source CIDR is a /0 (0.0.0.0/0, ::/0), else medium"));
    let row = rows
        .iter()
        .find(|r| r.event_name == "StopLogging")
        .expect("StopLogging row");
    assert_eq!(row.severity, High);
    assert_eq!(row.techniques[1].id, "T1562.008");
    // Serialisable for a JSON export of the table.
    let json = serde_json::to_value(row).unwrap();
    assert_eq!(json["severity"], "high");
    assert_eq!(json["techniques"][1]["tactic"], "TA0005");
}

// ---------------------------------------------------------------------------------------------
// The real datasets.

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/cloudtrail")
}

/// Every record of both datasets: invictus files are `{"Records": […]}`, stratus files arrays.
fn dataset_records() -> Vec<Value> {
    let mut records = Vec::new();
    for (dir, key) in [
        ("invictus-aws-dataset/CloudTrail", Some("Records")),
        ("stratus-detonation-logs", None),
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|entry| entry.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let value: Value = serde_json::from_str(&text).unwrap();
            let list = match key {
                Some(key) => value[key].clone(),
                None => value,
            };
            records.extend(list.as_array().unwrap().iter().cloned());
        }
    }
    records
}

/// A successful API write: `readOnly` false, no `errorCode`, `eventType` AwsApiCall.
fn is_write(record: &Value) -> bool {
    record["readOnly"] == json!(false)
        && record.get("errorCode").is_none_or(Value::is_null)
        && record["eventType"] == "AwsApiCall"
}

#[test]
fn joins_the_real_datasets() {
    let records = dataset_records();
    assert_eq!(records.len(), 3210);
    let mut writes = 0;
    let mut joined_writes = 0;
    let mut per_type: BTreeMap<&str, usize> = BTreeMap::new();
    let mut high = 0;
    for record in &records {
        // Every record, write or not, failed or not, joins without panicking.
        let joined = join(record);
        if !is_write(record) {
            continue;
        }
        writes += 1;
        let Some(joined) = joined.filter(|j| !j.resources.is_empty()) else {
            continue;
        };
        joined_writes += 1;
        high += usize::from(joined.severity == High);
        let types: BTreeSet<&str> = joined.resources.iter().map(|r| r.resource_type).collect();
        for t in types {
            *per_type.entry(t).or_default() += 1;
        }
    }
    assert_eq!(writes, 480);
    assert_eq!(joined_writes, 213);
    assert_eq!(high, 41);
    let expected: BTreeMap<&str, usize> = EXPECTED.iter().copied().collect();
    assert_eq!(per_type, expected);
}

/// Successful writes (see [`is_write`]) of both datasets that name at least one resource of each
/// type; an event counts once per type.
///
/// Checked by hand: a python script over the same 3,210 records applies the same write filter
/// (480 records: 577 with readOnly false and eventType AwsApiCall, 97 of them with an
/// errorCode), counts them per (eventSource, eventName without Lambda's version suffix), and the
/// sums below follow from those counts. It also printed the request of each such
/// AuthorizeSecurityGroupIngress (all three open to /0), AddPermission (both principal `*`),
/// CreateBucket (all `private`) and CreateTags (one, on an AMI: joins nothing), and found every
/// RunInstances / RDS response to carry its ids.
///
/// - cloudtrail 11 = CreateTrail 2 + DeleteTrail 3 + PutEventSelectors 3 + StartLogging 2 +
///   StopLogging 1
/// - db_instance 2 = CreateDBInstance 1 + DeleteDBInstance 1; db_subnet_group 1
/// - ebs_volume 4 = CreateVolume 2 + DeleteVolume 2; eip 6 = AllocateAddress 3 + ReleaseAddress 3
/// - iam_access_key 6 = CreateAccessKey 4 + DeleteAccessKey 2
/// - iam_instance_profile 15 = AddRoleToInstanceProfile 3 + Create 3 + Delete 3 +
///   RemoveRoleFromInstanceProfile 3 + TagInstanceProfile 3
/// - iam_policy 4 = CreatePolicy 2 + DeletePolicy 2
/// - iam_role 30 = CreateRole 14 + DeleteRole 13 + UpdateAssumeRolePolicy 3
/// - iam_role_policy 9 = PutRolePolicy 5 + DeleteRolePolicy 4
/// - iam_role_policy_attachment 12 = AttachRolePolicy 7 + DetachRolePolicy 5
/// - iam_user 9 = CreateUser 5 + DeleteUser 4
/// - iam_user_login_profile 6 = CreateLoginProfile 3 + DeleteLoginProfile 2 + UpdateLoginProfile 1
/// - iam_user_policy_attachment 3 = AttachUserPolicy 2 + DetachUserPolicy 1
/// - instance 9 = ModifyInstanceAttribute 3 + RunInstances 2 + StartInstances 1 +
///   StopInstances 1 + TerminateInstances 2
/// - internet_gateway 15 = Attach 4 + Create 4 + Delete 4 + Detach 3
/// - lambda_function 11 = AddPermission 2 + CreateFunction 2 + DeleteFunction 2 +
///   RemovePermission 1 + UpdateFunctionCode 3 + UpdateFunctionConfiguration 1;
///   lambda_permission 3 = AddPermission 2 + RemovePermission 1
/// - s3_bucket 21 = CreateBucket 5 + DeleteBucket 5 + PutBucketTagging 5 + PutBucketPolicy 3 +
///   DeleteBucketPolicy 1 + PutBucketLifecycle 1 + DeleteBucketLifecycle 1 (bucket parts name
///   their bucket too); s3_bucket_policy 4; s3_bucket_lifecycle_configuration 2
/// - security_group 8 = Authorize Ingress 3 / Egress 1 + Revoke Ingress 1 / Egress 1 +
///   CreateSecurityGroup 1 + DeleteSecurityGroup 1; security_group_rule 6 = the six
///   Authorize/Revoke; vpc_security_group_ingress_rule 3 / egress_rule 1 = the Authorize ones
///   (their responses carry the sgr- ids)
/// - subnet 18 = CreateSubnet 10 + DeleteSubnet 8; vpc 13 = CreateVpc 7 + DeleteVpc 6
///
/// Joined writes, 213: EC2 73 + IAM 94 + S3 21 + CloudTrail 11 + Lambda 11 + RDS 3. High, 41:
/// the 25 IAM attach / put-policy / access-key / login-profile / assume-role writes, 7 CloudTrail
/// DeleteTrail / PutEventSelectors / StopLogging, 3 open ingress, 4 bucket policy, 2 public
/// Lambda permissions.
const EXPECTED: &[(&str, usize)] = &[
    ("aws_cloudtrail", 11),
    ("aws_db_instance", 2),
    ("aws_db_subnet_group", 1),
    ("aws_ebs_volume", 4),
    ("aws_eip", 6),
    ("aws_iam_access_key", 6),
    ("aws_iam_instance_profile", 15),
    ("aws_iam_policy", 4),
    ("aws_iam_role", 30),
    ("aws_iam_role_policy", 9),
    ("aws_iam_role_policy_attachment", 12),
    ("aws_iam_user", 9),
    ("aws_iam_user_login_profile", 6),
    ("aws_iam_user_policy_attachment", 3),
    ("aws_instance", 9),
    ("aws_internet_gateway", 15),
    ("aws_lambda_function", 11),
    ("aws_lambda_permission", 3),
    ("aws_s3_bucket", 21),
    ("aws_s3_bucket_lifecycle_configuration", 2),
    ("aws_s3_bucket_policy", 4),
    ("aws_security_group", 8),
    ("aws_security_group_rule", 6),
    ("aws_subnet", 18),
    ("aws_vpc", 13),
    ("aws_vpc_security_group_egress_rule", 1),
    ("aws_vpc_security_group_ingress_rule", 3),
];

/// What a join says, comparably: the entry, the refs and the severity.
type Outcome = Option<(&'static str, &'static str, Vec<ResourceRef>, SeverityHint)>;

fn outcome(joined: Option<Joined>) -> Outcome {
    joined.map(|j| {
        (
            j.entry.event_source,
            j.entry.event_name,
            j.resources,
            j.severity,
        )
    })
}

/// `join_record` reads ingest's `Record` in place: it says what `join` says of the record's JSON
/// (every sample and every record of both datasets) and of the raw record (the samples without
/// `resources[]`, which `Record` does not keep).
#[test]
fn join_record_agrees_with_join() {
    let options = ReadOptions {
        retain: Retain::All,
        ..ReadOptions::default()
    };
    let mut records: Vec<Value> = all_cases().into_iter().map(|c| c.record).collect();
    // What the samples leave out: the calling IAM user as the login profile's owner, trail ARNs
    // built from a padded region and the recipient account, or else the caller's.
    records.push(record(
        IAM,
        "CreateLoginProfile",
        json!({"passwordResetRequired": true}),
        Value::Null,
    ));
    let mut by_name = record(CT, "DeleteTrail", json!({"name": "t"}), Value::Null);
    by_name["awsRegion"] = json!(format!(" {REGION} "));
    let mut other_account = by_name.clone();
    other_account["recipientAccountId"] = json!("999988887777");
    records.push(other_account);
    by_name
        .as_object_mut()
        .unwrap()
        .remove("recipientAccountId");
    records.push(by_name);
    // Distinct eventIDs, or ingest would keep one sample of all.
    let lines: String = records
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let mut record = record.clone();
            record["eventID"] = json!(format!("sample-{i}"));
            format!("{record}\n")
        })
        .collect();
    let samples = read(
        vec![Source::reader("samples", std::io::Cursor::new(lines))],
        &options,
    );
    assert!(samples.problems.is_empty(), "{:?}", samples.problems);
    assert_eq!(samples.events.len(), records.len());
    let mut raw_compared = 0;
    for (raw, event) in records.iter().zip(&samples.events) {
        let name = name_of(raw);
        let got = outcome(join_record(&event.record));
        assert!(
            got.as_ref().is_some_and(|(_, _, refs, _)| !refs.is_empty()),
            "{name}: {got:?}"
        );
        assert_eq!(got, outcome(join(&event.record.to_json())), "{name}");
        if raw.get("resources").is_none() {
            assert_eq!(got, outcome(join(raw)), "{name}");
            raw_compared += 1;
        }
    }
    assert!(raw_compared > records.len() / 2, "{raw_compared}");

    let datasets = read(
        vec![
            Source::path(fixtures().join("invictus-aws-dataset")),
            Source::path(fixtures().join("stratus-detonation-logs")),
        ],
        &options,
    );
    assert!(datasets.problems.is_empty(), "{:?}", datasets.problems);
    let mut with_refs = 0;
    for event in &datasets.events {
        let got = outcome(join_record(&event.record));
        with_refs += usize::from(got.as_ref().is_some_and(|(_, _, refs, _)| !refs.is_empty()));
        assert_eq!(
            got,
            outcome(join(&event.record.to_json())),
            "{} {}",
            event.record.event_source,
            event.record.event_name
        );
    }
    // Not vacuous: at least the joined writes of `joins_the_real_datasets`.
    assert!(with_refs >= 213, "{with_refs}");
}

// ---------------------------------------------------------------------------------------------
// Hostile shapes.

/// Every value of every sample replaced, one at a time, by each other JSON type.
#[test]
fn no_panic_on_any_field_of_any_type() {
    let replacements = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5e300),
        json!(""),
        json!("arn:"),
        json!([]),
        json!([null, 1, "x", {"items": 3}]),
        json!({}),
        json!({"items": {"items": "sgr-"}}),
    ];
    let mut records: Vec<Value> = all_cases().into_iter().map(|c| c.record).collect();
    records.extend(
        dataset_records()
            .into_iter()
            .filter(|r| join(r).is_some())
            .take(200),
    );
    let mut checked = 0;
    for record in &records {
        let mut paths = Vec::new();
        collect_paths(record, &mut Vec::new(), &mut paths);
        for path in &paths {
            for replacement in &replacements {
                let mut mutated = record.clone();
                *pointer_mut(&mut mutated, path) = replacement.clone();
                let _ = join(&mutated);
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
    for garbage in [
        Value::Null,
        json!([]),
        json!("x"),
        json!(1),
        json!({"eventSource": 1, "eventName": []}),
    ] {
        assert!(join(&garbage).is_none());
    }
    // Every entry with requests and responses of every type.
    for entry in table() {
        for request in &replacements {
            for response in &replacements {
                let _ = join(&record(
                    entry.event_source,
                    entry.event_name,
                    request.clone(),
                    response.clone(),
                ));
            }
        }
    }
    let _ = join::rows().count();
}

fn collect_paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(key.clone());
                out.push(prefix.clone());
                collect_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(list) => {
            for (i, child) in list.iter().enumerate() {
                prefix.push(i.to_string());
                out.push(prefix.clone());
                collect_paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn pointer_mut<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |v, key| match v {
        Value::Object(map) => map.get_mut(key).unwrap(),
        Value::Array(list) => &mut list[key.parse::<usize>().unwrap()],
        _ => unreachable!(),
    })
}
