#!/usr/bin/env python3
"""Deterministic generator of a realistic Terraform corpus for the scan benchmark.

Usage:
    python3 bench/gen_corpus.py OUT_DIR [--files 2000] [--min-lines 100000]
    python3 bench/gen_corpus.py OUT_DIR --lines 50000
    python3 bench/gen_corpus.py OUT_DIR --force      # wipe OUT_DIR first

Layout of the generated tree (all module sources are local, nothing is fetched):

    OUT_DIR/
      modules/            shared library: net, sg, s3-bucket, iam-role, kms,
                          ec2-app, rds, cloudtrail, baseline (nested calls:
                          baseline -> cloudtrail -> s3-bucket, ec2-app -> sg,
                          net -> sg, rds -> kms, ...)
      live/<env>/<stack>/ root modules ("stacks"): providers.tf, variables.tf,
                          locals.tf, main.tf (module calls with count/for_each),
                          outputs.tf, terraform.tfvars and 2-7 resource files
                          (s3.tf, iam.tf, security_groups.tf, compute.tf,
                          rds.tf, kms.tf, cloudtrail.tf, ...)

Roughly a third of the resource groups and module calls are misconfigured
(SSH/RDP open to 0.0.0.0/0, IAM "Action": "*", unencrypted EBS/RDS/S3,
public buckets, KMS without rotation, CloudTrail without validation, IMDSv1,
...). The output depends only on the arguments and --seed.

Python 3.11 standard library only.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from pathlib import Path

BAD_RATE = 0.33
MODULES = "../../../modules"  # relative path from live/<env>/<stack>/

ENVS = ["dev", "test", "qa", "staging", "uat", "perf", "prod", "dr", "sandbox", "shared"]
REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1",
           "ap-southeast-2", "ap-northeast-1", "ca-central-1"]
TEAMS = ["payments", "checkout", "identity", "search", "catalog", "billing", "ledger",
         "analytics", "ml-platform", "notifications", "fulfilment", "pricing", "risk",
         "customer", "partner-api", "reporting", "media", "messaging", "observability",
         "edge", "data-lake", "inventory", "loyalty", "support", "gateway"]
STACK_KINDS = ["network", "data", "app", "security", "platform", "service"]
BUCKET_PURPOSES = ["logs", "artifacts", "assets", "backups", "exports", "uploads", "reports",
                   "archive", "raw", "curated", "staging", "audit", "media", "config"]
APP_ROLES = ["api", "worker", "web", "batch", "cron", "ingest", "proxy", "bastion", "etl", "queue"]
DB_ENGINES = [("postgres", "15.5", 5432, "postgresql"), ("postgres", "14.10", 5432, "postgresql"),
              ("mysql", "8.0.35", 3306, "error"), ("mariadb", "10.11.6", 3306, "error")]
INSTANCE_TYPES = ["t3.micro", "t3.small", "t3.medium", "m6i.large", "c6i.large", "r6i.large", "m7g.medium"]
MANAGED_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
]
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
SERVICES = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com",
            "glue.amazonaws.com", "states.amazonaws.com"]


def q(s: str) -> str:
    return '"' + s + '"'


def ident(s: str) -> str:
    return s.replace("-", "_")


def nlines(text: str) -> int:
    return text.count("\n")


# --------------------------------------------------------------------------------------
# Shared module library (fixed text, written once per corpus)
# --------------------------------------------------------------------------------------

MODULE_FILES: dict[str, str] = {}

MODULE_FILES["modules/sg/variables.tf"] = '''variable "name" {
  description = "Name of the security group."
  type        = string
}

variable "description" {
  description = "Description of the security group."
  type        = string
  default     = "Managed by Terraform"
}

variable "vpc_id" {
  description = "VPC in which the group is created."
  type        = string
}

variable "ingress_rules" {
  description = "Inline ingress rules."
  type = list(object({
    description = string
    from_port   = number
    to_port     = number
    protocol    = string
    cidr_blocks = list(string)
  }))
  default = []
}

variable "extra_rules" {
  description = "Additional rules managed as separate aws_security_group_rule resources."
  type = map(object({
    type        = string
    from_port   = number
    to_port     = number
    protocol    = string
    cidr_blocks = list(string)
  }))
  default = {}
}

variable "allow_all_egress" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

MODULE_FILES["modules/sg/main.tf"] = '''resource "aws_security_group" "this" {
  name        = var.name
  description = var.description
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress_rules
    content {
      description = ingress.value.description
      from_port   = ingress.value.from_port
      to_port     = ingress.value.to_port
      protocol    = ingress.value.protocol
      cidr_blocks = ingress.value.cidr_blocks
    }
  }

  dynamic "egress" {
    for_each = var.allow_all_egress ? [1] : []
    content {
      description = "Allow all outbound"
      from_port   = 0
      to_port     = 0
      protocol    = "-1"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  tags = merge(var.tags, { Name = var.name })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group_rule" "extra" {
  for_each = var.extra_rules

  security_group_id = aws_security_group.this.id
  description       = "Rule ${each.key}"
  type              = each.value.type
  from_port         = each.value.from_port
  to_port           = each.value.to_port
  protocol          = each.value.protocol
  cidr_blocks       = each.value.cidr_blocks
}
'''

MODULE_FILES["modules/sg/outputs.tf"] = '''output "id" {
  description = "ID of the security group."
  value       = aws_security_group.this.id
}

output "arn" {
  description = "ARN of the security group."
  value       = aws_security_group.this.arn
}

output "name" {
  description = "Name of the security group."
  value       = aws_security_group.this.name
}

output "extra_rule_ids" {
  description = "IDs of the separately managed rules."
  value       = { for k, r in aws_security_group_rule.extra : k => r.id }
}
'''

MODULE_FILES["modules/net/variables.tf"] = '''variable "name" {
  type = string
}

variable "cidr_block" {
  type    = string
  default = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "The cidr_block must be a valid IPv4 CIDR."
  }
}

variable "azs" {
  type    = list(string)
  default = ["a", "b", "c"]
}

variable "enable_nat" {
  type    = bool
  default = true
}

variable "enable_flow_logs" {
  type    = bool
  default = true
}

variable "flow_log_retention_days" {
  type    = number
  default = 90
}

variable "admin_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

MODULE_FILES["modules/net/main.tf"] = '''locals {
  public_subnets  = { for i, az in var.azs : az => cidrsubnet(var.cidr_block, 8, i) }
  private_subnets = { for i, az in var.azs : az => cidrsubnet(var.cidr_block, 8, i + 10) }
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(var.tags, { Name = var.name })
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.this.id
}

resource "aws_subnet" "public" {
  for_each                = local.public_subnets
  vpc_id                  = aws_vpc.this.id
  cidr_block              = each.value
  availability_zone       = each.key
  map_public_ip_on_launch = false
  tags                    = merge(var.tags, { Name = "${var.name}-public-${each.key}", Tier = "public" })
}

resource "aws_subnet" "private" {
  for_each          = local.private_subnets
  vpc_id            = aws_vpc.this.id
  cidr_block        = each.value
  availability_zone = each.key
  tags              = merge(var.tags, { Name = "${var.name}-private-${each.key}", Tier = "private" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = var.tags
}

resource "aws_eip" "nat" {
  count  = var.enable_nat ? 1 : 0
  domain = "vpc"
  tags   = var.tags
}

resource "aws_nat_gateway" "this" {
  count         = var.enable_nat ? 1 : 0
  allocation_id = aws_eip.nat[0].id
  subnet_id     = values(aws_subnet.public)[0].id
  tags          = var.tags
}

resource "aws_cloudwatch_log_group" "flow" {
  count             = var.enable_flow_logs ? 1 : 0
  name              = "/vpc/${var.name}/flow-logs"
  retention_in_days = var.flow_log_retention_days
}

resource "aws_flow_log" "this" {
  count           = var.enable_flow_logs ? 1 : 0
  vpc_id          = aws_vpc.this.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow[0].arn
}

module "bastion_sg" {
  source = "../sg"

  name        = "${var.name}-bastion"
  description = "Bastion access"
  vpc_id      = aws_vpc.this.id
  ingress_rules = [
    {
      description = "SSH from admin networks"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = var.admin_cidrs
    }
  ]
  tags = var.tags
}
'''

MODULE_FILES["modules/net/outputs.tf"] = '''output "vpc_id" {
  value = aws_vpc.this.id
}

output "vpc_cidr" {
  value = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  value = [for s in aws_subnet.public : s.id]
}

output "private_subnet_ids" {
  value = [for s in aws_subnet.private : s.id]
}

output "bastion_sg_id" {
  value = module.bastion_sg.id
}

output "nat_gateway_ids" {
  value = aws_nat_gateway.this[*].id
}
'''

MODULE_FILES["modules/kms/variables.tf"] = '''variable "alias" {
  type = string
}

variable "description" {
  type    = string
  default = "Customer managed key"
}

variable "enable_key_rotation" {
  type    = bool
  default = true
}

variable "deletion_window_in_days" {
  type    = number
  default = 30
}

variable "admin_principals" {
  type    = list(string)
  default = []
}

variable "service_principals" {
  type    = list(string)
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

MODULE_FILES["modules/kms/main.tf"] = '''data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "RootAccount"
    effect    = "Allow"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.service_principals) > 0 ? [1] : []
    content {
      sid       = "ServiceUse"
      effect    = "Allow"
      actions   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = var.service_principals
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description             = var.description
  deletion_window_in_days = var.deletion_window_in_days
  enable_key_rotation     = var.enable_key_rotation
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}
'''

MODULE_FILES["modules/kms/outputs.tf"] = '''output "key_arn" {
  value = aws_kms_key.this.arn
}

output "key_id" {
  value = aws_kms_key.this.key_id
}

output "alias_name" {
  value = aws_kms_alias.this.name
}
'''

MODULE_FILES["modules/s3-bucket/variables.tf"] = '''variable "bucket" {
  description = "Bucket name."
  type        = string
}

variable "versioning" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  description = "KMS key for SSE-KMS; null selects SSE-S3."
  type        = string
  default     = null
}

variable "encrypt" {
  type    = bool
  default = true
}

variable "block_public_access" {
  type    = bool
  default = true
}

variable "acl" {
  type    = string
  default = "private"
}

variable "logging_bucket" {
  type    = string
  default = null
}

variable "lifecycle_rules" {
  type = list(object({
    id              = string
    prefix          = string
    expiration_days = number
    transition_days = optional(number)
  }))
  default = []
}

variable "policy_json" {
  type    = string
  default = null
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

MODULE_FILES["modules/s3-bucket/main.tf"] = '''resource "aws_s3_bucket" "this" {
  bucket        = var.bucket
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = var.acl == "private" ? "BucketOwnerEnforced" : "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "this" {
  count      = var.acl == "private" ? 0 : 1
  bucket     = aws_s3_bucket.this.id
  acl        = var.acl
  depends_on = [aws_s3_bucket_ownership_controls.this]
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  count  = var.encrypt ? 1 : 0
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  count                   = var.block_public_access ? 1 : 0
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_logging" "this" {
  count         = var.logging_bucket == null ? 0 : 1
  bucket        = aws_s3_bucket.this.id
  target_bucket = var.logging_bucket
  target_prefix = "s3/${var.bucket}/"
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  count  = length(var.lifecycle_rules) > 0 ? 1 : 0
  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = var.lifecycle_rules
    content {
      id     = rule.value.id
      status = "Enabled"
      filter {
        prefix = rule.value.prefix
      }
      dynamic "transition" {
        for_each = rule.value.transition_days == null ? [] : [rule.value.transition_days]
        content {
          days          = transition.value
          storage_class = "STANDARD_IA"
        }
      }
      expiration {
        days = rule.value.expiration_days
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  count  = var.policy_json == null ? 0 : 1
  bucket = aws_s3_bucket.this.id
  policy = var.policy_json
}
'''

MODULE_FILES["modules/s3-bucket/outputs.tf"] = '''output "id" {
  value = aws_s3_bucket.this.id
}

output "arn" {
  value = aws_s3_bucket.this.arn
}

output "bucket_domain_name" {
  value = aws_s3_bucket.this.bucket_regional_domain_name
}

output "versioning_status" {
  value = aws_s3_bucket_versioning.this.versioning_configuration[0].status
}
'''

MODULE_FILES["modules/iam-role/variables.tf"] = '''variable "name" {
  type = string
}

variable "trusted_services" {
  type    = list(string)
  default = ["ec2.amazonaws.com"]
}

variable "managed_policy_arns" {
  type    = list(string)
  default = []
}

variable "inline_policy_json" {
  description = "Optional inline policy document (JSON)."
  type        = string
  default     = null
}

variable "max_session_duration" {
  type    = number
  default = 3600
}

variable "create_instance_profile" {
  type    = bool
  default = false
}

variable "permissions_boundary" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

MODULE_FILES["modules/iam-role/main.tf"] = '''resource "aws_iam_role" "this" {
  name                 = var.name
  max_session_duration = var.max_session_duration
  permissions_boundary = var.permissions_boundary

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = var.trusted_services }
      }
    ]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "inline" {
  count  = var.inline_policy_json == null ? 0 : 1
  name   = "${var.name}-inline"
  role   = aws_iam_role.this.id
  policy = var.inline_policy_json
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each   = toset(var.managed_policy_arns)
  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "this" {
  count = var.create_instance_profile ? 1 : 0
  name  = var.name
  role  = aws_iam_role.this.name
}
'''

MODULE_FILES["modules/iam-role/outputs.tf"] = '''output "arn" {
  value = aws_iam_role.this.arn
}

output "name" {
  value = aws_iam_role.this.name
}

output "instance_profile_name" {
  value = try(aws_iam_instance_profile.this[0].name, null)
}
'''

MODULE_FILES["modules/ec2-app/variables.tf"] = '''variable "name" {
  type = string
}

variable "instance_count" {
  type    = number
  default = 1
}

variable "instance_type" {
  type    = string
  default = "t3.small"
}

variable "ami_id" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "app_port" {
  type    = number
  default = 8080
}

variable "ssh_cidrs" {
  type    = list(string)
  default = []
}

variable "root_volume" {
  type = object({
    size      = number
    type      = string
    encrypted = bool
  })
  default = {
    size      = 30
    type      = "gp3"
    encrypted = true
  }
}

variable "data_volumes" {
  type = map(object({
    size      = number
    encrypted = optional(bool, true)
  }))
  default = {}
}

variable "require_imdsv2" {
  type    = bool
  default = true
}

variable "associate_public_ip" {
  type    = bool
  default = false
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

MODULE_FILES["modules/ec2-app/main.tf"] = '''module "sg" {
  source = "../sg"

  name        = "${var.name}-app"
  description = "Application instances for ${var.name}"
  vpc_id      = var.vpc_id
  ingress_rules = concat(
    [{
      description = "App port"
      from_port   = var.app_port
      to_port     = var.app_port
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }],
    [for c in var.ssh_cidrs : {
      description = "SSH"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = [c]
    }]
  )
  tags = var.tags
}

module "role" {
  source = "../iam-role"

  name                    = "${var.name}-instance"
  managed_policy_arns     = ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]
  create_instance_profile = true
  tags                    = var.tags
}

resource "aws_instance" "this" {
  count                       = var.instance_count
  ami                         = var.ami_id
  instance_type               = var.instance_type
  subnet_id                   = element(var.subnet_ids, count.index)
  vpc_security_group_ids      = [module.sg.id]
  iam_instance_profile        = module.role.instance_profile_name
  associate_public_ip_address = var.associate_public_ip
  monitoring                  = true
  ebs_optimized               = true

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = var.require_imdsv2 ? "required" : "optional"
  }

  root_block_device {
    volume_size = var.root_volume.size
    volume_type = var.root_volume.type
    encrypted   = var.root_volume.encrypted
    kms_key_id  = var.root_volume.encrypted ? var.kms_key_arn : null
  }

  tags = merge(var.tags, { Name = "${var.name}-${count.index}" })
}

resource "aws_ebs_volume" "data" {
  for_each          = var.data_volumes
  availability_zone = aws_instance.this[0].availability_zone
  size              = each.value.size
  type              = "gp3"
  encrypted         = each.value.encrypted
  kms_key_id        = each.value.encrypted ? var.kms_key_arn : null
  tags              = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_volume_attachment" "data" {
  for_each    = aws_ebs_volume.data
  device_name = "/dev/sd${substr("fghijklmnop", index(keys(aws_ebs_volume.data), each.key), 1)}"
  volume_id   = each.value.id
  instance_id = aws_instance.this[0].id
}
'''

MODULE_FILES["modules/ec2-app/outputs.tf"] = '''output "instance_ids" {
  value = aws_instance.this[*].id
}

output "private_ips" {
  value = aws_instance.this[*].private_ip
}

output "security_group_id" {
  value = module.sg.id
}

output "role_arn" {
  value = module.role.arn
}

output "volume_ids" {
  value = { for k, v in aws_ebs_volume.data : k => v.id }
}
'''

MODULE_FILES["modules/rds/variables.tf"] = '''variable "identifier" {
  type = string
}

variable "engine" {
  type    = string
  default = "postgres"
}

variable "engine_version" {
  type    = string
  default = "15.5"
}

variable "instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "allocated_storage" {
  type    = number
  default = 50
}

variable "subnet_ids" {
  type = list(string)
}

variable "vpc_security_group_ids" {
  type    = list(string)
  default = []
}

variable "storage_encrypted" {
  type    = bool
  default = true
}

variable "publicly_accessible" {
  type    = bool
  default = false
}

variable "multi_az" {
  type    = bool
  default = true
}

variable "backup_retention_period" {
  type    = number
  default = 7
}

variable "deletion_protection" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

MODULE_FILES["modules/rds/main.tf"] = '''module "key" {
  source = "../kms"
  count  = var.storage_encrypted ? 1 : 0

  alias              = "rds/${var.identifier}"
  description        = "RDS storage key for ${var.identifier}"
  service_principals = ["rds.amazonaws.com"]
  tags               = var.tags
}

resource "aws_db_subnet_group" "this" {
  name       = var.identifier
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_db_parameter_group" "this" {
  name   = var.identifier
  family = var.engine == "postgres" ? "postgres${split(".", var.engine_version)[0]}" : "${var.engine}${join(".", slice(split(".", var.engine_version), 0, 2))}"

  dynamic "parameter" {
    for_each = var.engine == "postgres" ? { log_min_duration_statement = "500", "rds.force_ssl" = "1" } : { require_secure_transport = "ON" }
    content {
      name  = parameter.key
      value = parameter.value
    }
  }
}

resource "aws_db_instance" "this" {
  identifier                          = var.identifier
  engine                              = var.engine
  engine_version                      = var.engine_version
  instance_class                      = var.instance_class
  allocated_storage                   = var.allocated_storage
  max_allocated_storage               = var.allocated_storage * 4
  db_subnet_group_name                = aws_db_subnet_group.this.name
  parameter_group_name                = aws_db_parameter_group.this.name
  vpc_security_group_ids              = var.vpc_security_group_ids
  username                            = "app_admin"
  manage_master_user_password         = true
  storage_encrypted                   = var.storage_encrypted
  kms_key_id                          = var.storage_encrypted ? module.key[0].key_arn : null
  publicly_accessible                 = var.publicly_accessible
  multi_az                            = var.multi_az
  backup_retention_period             = var.backup_retention_period
  deletion_protection                 = var.deletion_protection
  iam_database_authentication_enabled = true
  copy_tags_to_snapshot               = true
  auto_minor_version_upgrade          = true
  skip_final_snapshot                 = !var.deletion_protection
  tags                                = var.tags
}
'''

MODULE_FILES["modules/rds/outputs.tf"] = '''output "endpoint" {
  value = aws_db_instance.this.endpoint
}

output "arn" {
  value = aws_db_instance.this.arn
}

output "kms_key_arn" {
  value = try(module.key[0].key_arn, null)
}
'''

MODULE_FILES["modules/cloudtrail/variables.tf"] = '''variable "name" {
  type = string
}

variable "multi_region" {
  type    = bool
  default = true
}

variable "log_file_validation" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "log_retention_days" {
  type    = number
  default = 365
}

variable "s3_data_events" {
  type    = bool
  default = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

MODULE_FILES["modules/cloudtrail/main.tf"] = '''data "aws_caller_identity" "current" {}

module "bucket" {
  source = "../s3-bucket"

  bucket      = "${var.name}-cloudtrail"
  kms_key_arn = var.kms_key_arn
  lifecycle_rules = [
    { id = "expire", prefix = "AWSLogs/", expiration_days = 2555, transition_days = 90 }
  ]
  policy_json = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AWSCloudTrailAclCheck",
          "Effect": "Allow",
          "Principal": { "Service": "cloudtrail.amazonaws.com" },
          "Action": "s3:GetBucketAcl",
          "Resource": "arn:aws:s3:::${var.name}-cloudtrail"
        },
        {
          "Sid": "AWSCloudTrailWrite",
          "Effect": "Allow",
          "Principal": { "Service": "cloudtrail.amazonaws.com" },
          "Action": "s3:PutObject",
          "Resource": "arn:aws:s3:::${var.name}-cloudtrail/AWSLogs/${data.aws_caller_identity.current.account_id}/*",
          "Condition": { "StringEquals": { "s3:x-amz-acl": "bucket-owner-full-control" } }
        }
      ]
    }
  POLICY
  tags        = var.tags
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "/cloudtrail/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_cloudtrail" "this" {
  name                          = var.name
  s3_bucket_name                = module.bucket.id
  include_global_service_events = true
  is_multi_region_trail         = var.multi_region
  enable_log_file_validation    = var.log_file_validation
  kms_key_id                    = var.kms_key_arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.trail.arn}:*"

  dynamic "event_selector" {
    for_each = var.s3_data_events ? [1] : []
    content {
      read_write_type           = "All"
      include_management_events = true
      data_resource {
        type   = "AWS::S3::Object"
        values = ["arn:aws:s3"]
      }
    }
  }

  tags = var.tags
}
'''

MODULE_FILES["modules/cloudtrail/outputs.tf"] = '''output "trail_arn" {
  value = aws_cloudtrail.this.arn
}

output "bucket_id" {
  value = module.bucket.id
}

output "log_group_arn" {
  value = aws_cloudwatch_log_group.trail.arn
}
'''

MODULE_FILES["modules/baseline/variables.tf"] = '''variable "name" {
  type = string
}

variable "secure" {
  description = "Apply the hardened defaults (rotation, validation, multi-region)."
  type        = bool
  default     = true
}

variable "break_glass_admin" {
  description = "Create an administrator role for emergencies."
  type        = bool
  default     = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

MODULE_FILES["modules/baseline/main.tf"] = '''module "audit_key" {
  source = "../kms"

  alias               = "${var.name}/audit"
  description         = "Audit log encryption"
  enable_key_rotation = var.secure
  service_principals  = ["cloudtrail.amazonaws.com", "logs.amazonaws.com"]
  tags                = var.tags
}

module "trail" {
  source = "../cloudtrail"

  name                = "${var.name}-audit"
  multi_region        = var.secure
  log_file_validation = var.secure
  kms_key_arn         = var.secure ? module.audit_key.key_arn : null
  tags                = var.tags
}

module "break_glass" {
  source = "../iam-role"
  count  = var.break_glass_admin ? 1 : 0

  name                = "${var.name}-break-glass"
  trusted_services    = ["ec2.amazonaws.com"]
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
  inline_policy_json = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" }
    ]
  })
  tags = var.tags
}
'''

MODULE_FILES["modules/baseline/outputs.tf"] = '''output "trail_arn" {
  value = module.trail.trail_arn
}

output "audit_key_arn" {
  value = module.audit_key.key_arn
}

output "break_glass_role_arn" {
  value = try(module.break_glass[0].arn, null)
}
'''


# --------------------------------------------------------------------------------------
# Stack generation
# --------------------------------------------------------------------------------------

BAD_STATS = {True: 0, False: 0}  # misconfigured vs clean resource groups / module calls


class Stack:
    def __init__(self, rng: random.Random, env: str, team: str, kind: str, idx: int):
        self.rng = rng
        self.env = env
        self.team = team
        self.kind = kind
        self.idx = idx
        self.region = rng.choice(REGIONS)
        self.is_prod = env in ("prod", "dr")
        self.name = f"{team}-{kind}"
        self.counter = 0
        self.cidr_second = rng.randrange(0, 250)
        self.bad_tfvars = rng.random() < BAD_RATE

    def uid(self, base: str) -> str:
        self.counter += 1
        return f"{ident(base)}_{self.counter}"

    def bad(self) -> bool:
        b = self.rng.random() < BAD_RATE
        BAD_STATS[b] += 1
        return b


def providers_tf(st: Stack) -> str:
    rng = st.rng
    key = f"{st.env}/{st.team}/{st.kind}/terraform.tfstate"
    return f'''terraform {{
  required_version = ">= 1.5.0"

  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> {rng.choice(["5.31", "5.40", "5.62", "5.80"])}"
    }}
    random = {{
      source  = "hashicorp/random"
      version = "~> 3.6"
    }}
  }}

  backend "s3" {{
    bucket         = "acme-terraform-state-{st.env}"
    key            = "{key}"
    region         = "{st.region}"
    dynamodb_table = "terraform-locks"
    encrypt        = true
  }}
}}

provider "aws" {{
  region = var.region

  assume_role {{
    role_arn     = "arn:aws:iam::{rng.randrange(10**11, 10**12)}:role/terraform-{st.env}"
    session_name = "terraform-{st.team}"
  }}

  default_tags {{
    tags = local.common_tags
  }}
}}

provider "aws" {{
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {{
    tags = local.common_tags
  }}
}}

data "aws_caller_identity" "current" {{}}

data "aws_region" "current" {{}}

data "aws_partition" "current" {{}}
'''


def variables_tf(st: Stack) -> str:
    return f'''variable "environment" {{
  description = "Deployment environment."
  type        = string

  validation {{
    condition     = contains({["dev", "test", "qa", "staging", "uat", "perf", "prod", "dr", "sandbox", "shared"]!r}, var.environment)
    error_message = "Unknown environment."
  }}
}}

variable "region" {{
  type    = string
  default = "{st.region}"
}}

variable "project" {{
  type    = string
  default = "{st.team}"
}}

variable "owner" {{
  type    = string
  default = "platform-team@example.com"
}}

variable "vpc_cidr" {{
  type    = string
  default = "10.{st.cidr_second}.0.0/16"
}}

variable "admin_cidrs" {{
  description = "Networks allowed to reach administrative ports."
  type        = list(string)
  default     = ["10.0.0.0/8", "192.168.100.0/24"]
}}

variable "instance_type" {{
  type    = string
  default = "t3.small"
}}

variable "retention_days" {{
  type    = number
  default = 90
}}

variable "enable_bastion" {{
  type    = bool
  default = false
}}

variable "buckets" {{
  description = "Application buckets keyed by purpose."
  type = map(object({{
    versioning = bool
    kms        = bool
    public     = optional(bool, false)
    expire     = optional(number)
  }}))
  default = {{}}
}}

variable "ingress_rules" {{
  type = list(object({{
    description = string
    port        = number
    cidr_blocks = list(string)
  }}))
  default = []
}}

variable "db_config" {{
  type = object({{
    engine         = string
    engine_version = string
    instance_class = string
    storage_gb     = number
    encrypted      = bool
  }})
  default = null
}}

variable "packages" {{
  type    = list(string)
  default = ["amazon-cloudwatch-agent", "jq"]
}}

variable "tags" {{
  type    = map(string)
  default = {{}}
}}
'''.replace("'", '"')


def locals_tf(st: Stack) -> str:
    rng = st.rng
    cost_center = rng.randrange(1000, 9999)
    return f'''locals {{
  name_prefix = "${{var.project}}-${{var.environment}}"
  is_prod     = contains(["prod", "dr"], var.environment)
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition

  common_tags = merge(var.tags, {{
    Project     = var.project
    Environment = var.environment
    Owner       = var.owner
    CostCenter  = "{cost_center}"
    ManagedBy   = "terraform"
    Stack       = "{st.kind}"
  }})

  azs = [for s in ["a", "b", "c"] : "${{var.region}}${{s}}"]

  vpc_id             = module.network.vpc_id
  private_subnet_ids = module.network.private_subnet_ids
  public_subnet_ids  = module.network.public_subnet_ids

  bucket_names = {{ for k, v in var.buckets : k => "${{local.name_prefix}}-${{k}}" }}
  kms_buckets  = {{ for k, v in var.buckets : k => v if v.kms }}

  log_retention = local.is_prod ? 365 : var.retention_days
  backup_window = local.is_prod ? "03:00-04:00" : "05:00-06:00"

  ssh_rules = [
    for c in var.admin_cidrs : {{
      description = "SSH from ${{c}}"
      port        = 22
      cidr_blocks = [c]
    }}
  ]
}}
'''


def tfvars(st: Stack) -> str:
    rng = st.rng
    bad = st.bad_tfvars
    purposes = rng.sample(BUCKET_PURPOSES, rng.randint(2, 4))
    lines = [f'environment    = "{st.env}"', f'region         = "{st.region}"',
             f'project        = "{st.team}"', f'vpc_cidr       = "10.{st.cidr_second}.0.0/16"',
             f'instance_type  = "{rng.choice(INSTANCE_TYPES)}"',
             f'retention_days = {rng.choice([30, 60, 90, 180, 365])}',
             f'enable_bastion = {str(rng.random() < 0.3).lower()}', "",
             'admin_cidrs = ["10.0.0.0/8", "172.20.0.0/16"]', "", "buckets = {"]
    for i, p in enumerate(purposes):
        versioning = not (bad and i == 0)
        public = bad and i == len(purposes) - 1 and rng.random() < 0.5
        exp = f", expire = {rng.choice([30, 90, 365])}" if rng.random() < 0.5 else ""
        lines.append(f'  {p} = {{ versioning = {str(versioning).lower()}, kms = {str(rng.random() < 0.6).lower()}, '
                     f'public = {str(public).lower()}{exp} }}')
    lines += ["}", "", "ingress_rules = ["]
    rules = [("HTTPS", 443, '"0.0.0.0/0"'), ("App", rng.choice([8080, 8443, 9000]), '"10.0.0.0/8"')]
    if bad:
        rules.append(("SSH", 22, '"0.0.0.0/0"'))
    for d, port, cidr in rules:
        lines += ["  {", f'    description = "{d}"', f"    port        = {port}",
                  f"    cidr_blocks = [{cidr}]", "  },"]
    lines += ["]", "", "db_config = {"]
    eng = rng.choice(DB_ENGINES)
    lines += [f'  engine         = "{eng[0]}"', f'  engine_version = "{eng[1]}"',
              f'  instance_class = "{rng.choice(["db.t4g.medium", "db.r6g.large", "db.m6g.large"])}"',
              f"  storage_gb     = {rng.choice([20, 50, 100, 200])}",
              f"  encrypted      = {str(not (bad and rng.random() < 0.5)).lower()}", "}", "",
              "tags = {", f'  Team       = "{st.team}"', f'  Repository = "infra-live"',
              f'  Tier       = "{rng.choice(["gold", "silver", "bronze"])}"', "}"]
    return "\n".join(lines) + "\n"


# ---- module calls (main.tf) --------------------------------------------------------

def mc_network(st: Stack) -> str:
    bad = st.bad()
    return f'''module "network" {{
  source = "{MODULES}/net"

  name                    = local.name_prefix
  cidr_block              = var.vpc_cidr
  azs                     = local.azs
  enable_nat              = local.is_prod
  enable_flow_logs        = {"false" if bad else "true"}
  flow_log_retention_days = local.log_retention
  admin_cidrs             = {'["0.0.0.0/0"]' if bad else "var.admin_cidrs"}
  tags                    = local.common_tags
}}
'''


def mc_buckets(st: Stack) -> str:
    return f'''module "buckets" {{
  source   = "{MODULES}/s3-bucket"
  for_each = var.buckets

  bucket              = local.bucket_names[each.key]
  versioning          = each.value.versioning
  kms_key_arn         = each.value.kms ? module.data_key.key_arn : null
  block_public_access = !each.value.public
  acl                 = each.value.public ? "public-read" : "private"
  logging_bucket      = "${{local.name_prefix}}-access-logs"
  force_destroy       = !local.is_prod
  lifecycle_rules = each.value.expire == null ? [] : [
    {{ id = "expire-${{each.key}}", prefix = "", expiration_days = each.value.expire }}
  ]
  tags = merge(local.common_tags, {{ Purpose = each.key }})
}}

module "data_key" {{
  source = "{MODULES}/kms"

  alias               = "${{local.name_prefix}}/data"
  description         = "Data at rest for ${{var.project}} (${{var.environment}})"
  enable_key_rotation = {"false" if st.bad() else "true"}
  service_principals  = ["s3.amazonaws.com"]
  tags                = local.common_tags
}}
'''


def mc_app(st: Stack) -> str:
    rng = st.rng
    role = rng.choice(APP_ROLES)
    bad = st.bad()
    name = st.uid("app_" + role)
    vols = rng.sample(["data", "logs", "cache", "scratch"], rng.randint(1, 3))
    vol_lines = "\n".join(
        f'    {v} = {{ size = {rng.choice([20, 50, 100, 250])}'
        + (", encrypted = false" if bad and i == 0 else "") + " }"
        for i, v in enumerate(vols))
    return f'''module "{name}" {{
  source = "{MODULES}/ec2-app"
  count  = var.environment == "sandbox" ? 0 : 1

  name                = "${{local.name_prefix}}-{role}"
  instance_count      = local.is_prod ? {rng.choice([2, 3, 4])} : 1
  instance_type       = var.instance_type
  ami_id              = "ami-0{rng.getrandbits(64):016x}"
  vpc_id              = local.vpc_id
  subnet_ids          = {"local.public_subnet_ids" if bad else "local.private_subnet_ids"}
  app_port            = {rng.choice([8080, 8000, 3000, 9090])}
  ssh_cidrs           = {'["0.0.0.0/0"]' if bad else "[]"}
  require_imdsv2      = {"false" if bad and rng.random() < 0.6 else "true"}
  associate_public_ip = {"true" if bad else "false"}
  kms_key_arn         = null
  root_volume = {{
    size      = {rng.choice([20, 30, 50])}
    type      = "gp3"
    encrypted = {"false" if bad and rng.random() < 0.6 else "true"}
  }}
  data_volumes = {{
{vol_lines}
  }}
  tags = local.common_tags
}}
'''


def mc_rds(st: Stack) -> str:
    bad = st.bad()
    return f'''module "database" {{
  source = "{MODULES}/rds"
  count  = var.db_config == null ? 0 : 1

  identifier              = "${{local.name_prefix}}-db"
  engine                  = var.db_config.engine
  engine_version          = var.db_config.engine_version
  instance_class          = var.db_config.instance_class
  allocated_storage       = var.db_config.storage_gb
  subnet_ids              = {"local.public_subnet_ids" if bad else "local.private_subnet_ids"}
  storage_encrypted       = var.db_config.encrypted
  publicly_accessible     = {"true" if bad else "false"}
  multi_az                = local.is_prod
  backup_retention_period = {"0" if bad else "local.is_prod ? 14 : 3"}
  deletion_protection     = local.is_prod
  tags                    = local.common_tags
}}
'''


def mc_baseline(st: Stack) -> str:
    bad = st.bad()
    return f'''module "baseline" {{
  source = "{MODULES}/baseline"

  name              = local.name_prefix
  secure            = {"false" if bad else "true"}
  break_glass_admin = {"true" if bad and st.rng.random() < 0.5 else "false"}
  tags              = local.common_tags
}}
'''


def mc_role(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    svc = rng.choice(SERVICES)
    name = st.uid("role_" + svc.split(".")[0])
    policies = rng.sample(MANAGED_POLICIES, rng.randint(1, 2))
    if bad:
        policies.append(ADMIN_POLICY)
    pol = ", ".join(q(p) for p in policies)
    action = '"*"' if bad else '["s3:GetObject", "s3:ListBucket"]'
    resource = '"*"' if bad else '["arn:aws:s3:::${local.name_prefix}-*", "arn:aws:s3:::${local.name_prefix}-*/*"]'
    return f'''module "{name}" {{
  source = "{MODULES}/iam-role"

  name                = "${{local.name_prefix}}-{svc.split(".")[0]}-{st.counter}"
  trusted_services    = ["{svc}"]
  managed_policy_arns = [{pol}]
  inline_policy_json = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Sid      = "Access"
        Effect   = "Allow"
        Action   = {action}
        Resource = {resource}
      }}
    ]
  }})
  tags = local.common_tags
}}
'''


def mc_sg(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    name = st.uid("sg_" + rng.choice(["lb", "service", "internal", "partner"]))
    port = rng.choice([22, 3389]) if bad else rng.choice([443, 8443])
    cidr = '"0.0.0.0/0"' if bad else '"10.0.0.0/8"'
    return f'''module "{name}" {{
  source = "{MODULES}/sg"

  name          = "${{local.name_prefix}}-{name.replace("_", "-")}"
  vpc_id        = local.vpc_id
  ingress_rules = [for r in concat(var.ingress_rules, local.ssh_rules) : {{
    description = r.description
    from_port   = r.port
    to_port     = r.port
    protocol    = "tcp"
    cidr_blocks = r.cidr_blocks
  }}]
  extra_rules = {{
    admin = {{
      type        = "ingress"
      from_port   = {port}
      to_port     = {port}
      protocol    = "tcp"
      cidr_blocks = [{cidr}]
    }}
  }}
  tags = local.common_tags
}}
'''


MODULE_CALLS_BY_KIND = {
    "network": [mc_sg, mc_sg, mc_role],
    "data": [mc_buckets, mc_rds, mc_role],
    "app": [mc_app, mc_app, mc_role, mc_sg],
    "security": [mc_baseline, mc_role, mc_role],
    "platform": [mc_baseline, mc_buckets, mc_app, mc_sg],
    "service": [mc_app, mc_rds, mc_buckets, mc_role],
}


def main_tf(st: Stack) -> tuple[str, list[str]]:
    rng = st.rng
    calls = MODULE_CALLS_BY_KIND[st.kind]
    k = rng.randint(max(2, len(calls) - 2), len(calls))
    chosen = [mc_network] + rng.sample(calls, k)
    # keep order stable and avoid duplicate singleton modules
    seen: set = set()
    parts: list[str] = []
    names: list[str] = []
    for fn in chosen:
        if fn in (mc_network, mc_buckets, mc_rds, mc_baseline) and fn in seen:
            continue
        seen.add(fn)
        text = fn(st)
        parts.append(text)
        for line in text.splitlines():
            if line.startswith('module "'):
                names.append(line.split('"')[1])
    return "\n".join(parts), names


def outputs_tf(st: Stack, module_names: list[str]) -> str:
    out = []
    for m in module_names:
        if m == "network":
            out.append('output "vpc_id" {\n  description = "VPC ID."\n  value       = module.network.vpc_id\n}\n')
            out.append('output "private_subnet_ids" {\n  value = module.network.private_subnet_ids\n}\n')
        elif m == "buckets":
            out.append('output "bucket_arns" {\n  description = "Bucket ARNs by purpose."\n'
                       '  value       = { for k, b in module.buckets : k => b.arn }\n}\n')
        elif m == "data_key":
            out.append('output "data_key_arn" {\n  value     = module.data_key.key_arn\n  sensitive = false\n}\n')
        elif m == "database":
            out.append('output "db_endpoint" {\n  value     = try(module.database[0].endpoint, null)\n'
                       '  sensitive = true\n}\n')
        elif m == "baseline":
            out.append('output "trail_arn" {\n  value = module.baseline.trail_arn\n}\n')
        elif m.startswith("app_"):
            out.append(f'output "{m}_instance_ids" {{\n  value = flatten(module.{m}[*].instance_ids)\n}}\n')
        elif m.startswith("role_"):
            out.append(f'output "{m}_arn" {{\n  value = module.{m}.arn\n}}\n')
        elif m.startswith("sg_"):
            out.append(f'output "{m}_id" {{\n  value = module.{m}.id\n}}\n')
    out.append('output "name_prefix" {\n  value = local.name_prefix\n}\n')
    out.append('output "account_id" {\n  value = local.account_id\n}\n')
    out.append('output "common_tags" {\n  description = "Tags applied to every resource."\n'
               '  value       = local.common_tags\n}\n')
    out.append('output "region" {\n  value = data.aws_region.current.name\n}\n')
    text = "\n".join(out)
    i = 0
    while nlines(text) < 30:
        i += 1
        text += f'\noutput "azs_{i}" {{\n  value = local.azs\n}}\n'
    return text


# ---- resource groups (resource files) ----------------------------------------------

def g_s3(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    purpose = rng.choice(BUCKET_PURPOSES)
    r = st.uid(purpose)
    parts = [f'''resource "aws_s3_bucket" "{r}" {{
  bucket        = "${{local.name_prefix}}-{purpose}-{st.counter}"
  force_destroy = !local.is_prod

  tags = merge(local.common_tags, {{
    Name               = "${{local.name_prefix}}-{purpose}"
    DataClassification = "{rng.choice(["internal", "confidential", "public"])}"
  }})
}}

resource "aws_s3_bucket_versioning" "{r}" {{
  bucket = aws_s3_bucket.{r}.id
  versioning_configuration {{
    status = {'"Suspended"' if bad and rng.random() < 0.5 else '"Enabled"'}
  }}
}}
''']
    if not (bad and rng.random() < 0.6):
        kms = rng.random() < 0.6
        parts.append(f'''
resource "aws_s3_bucket_server_side_encryption_configuration" "{r}" {{
  bucket = aws_s3_bucket.{r}.id

  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm     = "{"aws:kms" if kms else "AES256"}"
      kms_master_key_id = {"aws_kms_key.s3_" + r + ".arn" if kms else "null"}
    }}
    bucket_key_enabled = {"true" if kms else "false"}
  }}
}}
''')
        if kms:
            parts.append(f'''
resource "aws_kms_key" "s3_{r}" {{
  description             = "S3 key for {purpose}"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}}
''')
    if bad:
        parts.append(f'''
resource "aws_s3_bucket_public_access_block" "{r}" {{
  bucket                  = aws_s3_bucket.{r}.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}}

resource "aws_s3_bucket_acl" "{r}" {{
  bucket = aws_s3_bucket.{r}.id
  acl    = "public-read"
}}
''')
    else:
        parts.append(f'''
resource "aws_s3_bucket_public_access_block" "{r}" {{
  bucket                  = aws_s3_bucket.{r}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}

resource "aws_s3_bucket_logging" "{r}" {{
  bucket        = aws_s3_bucket.{r}.id
  target_bucket = "${{local.name_prefix}}-access-logs"
  target_prefix = "{purpose}/"
}}
''')
    if rng.random() < 0.5:
        principal = '"*"' if bad else '{ AWS = "arn:aws:iam::${local.account_id}:root" }'
        effect_stmt = (f'''      {{
        Sid       = "PublicRead"
        Effect    = "Allow"
        Principal = {principal}
        Action    = "s3:GetObject"
        Resource  = "${{aws_s3_bucket.{r}.arn}}/*"
      }}''' if bad else f'''      {{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.{r}.arn, "${{aws_s3_bucket.{r}.arn}}/*"]
        Condition = {{ Bool = {{ "aws:SecureTransport" = "false" }} }}
      }}''')
        parts.append(f'''
resource "aws_s3_bucket_policy" "{r}" {{
  bucket = aws_s3_bucket.{r}.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
{effect_stmt}
    ]
  }})
}}
''')
    if rng.random() < 0.4:
        parts.append(f'''
resource "aws_s3_bucket_lifecycle_configuration" "{r}" {{
  bucket = aws_s3_bucket.{r}.id

  rule {{
    id     = "tiering"
    status = "Enabled"
    filter {{}}
    transition {{
      days          = local.is_prod ? 90 : 30
      storage_class = "STANDARD_IA"
    }}
    noncurrent_version_expiration {{
      noncurrent_days = {rng.choice([30, 90, 180])}
    }}
  }}
}}
''')
    return "".join(parts)


def g_s3_foreach(st: Stack) -> str:
    bad = st.bad()
    r = st.uid("app_buckets")
    return f'''resource "aws_s3_bucket" "{r}" {{
  for_each = var.buckets
  bucket   = "${{local.bucket_names[each.key]}}-{st.counter}"
  tags     = merge(local.common_tags, {{ Purpose = each.key }})
}}

resource "aws_s3_bucket_versioning" "{r}" {{
  for_each = aws_s3_bucket.{r}
  bucket   = each.value.id
  versioning_configuration {{
    status = var.buckets[each.key].versioning ? "Enabled" : "Suspended"
  }}
}}

resource "aws_s3_bucket_server_side_encryption_configuration" "{r}" {{
  for_each = {{ for k, b in aws_s3_bucket.{r} : k => b if {"var.buckets[k].kms" if bad else "true"} }}
  bucket   = each.value.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm = var.buckets[each.key].kms ? "aws:kms" : "AES256"
    }}
  }}
}}

resource "aws_s3_bucket_public_access_block" "{r}" {{
  for_each                = aws_s3_bucket.{r}
  bucket                  = each.value.id
  block_public_acls       = !var.buckets[each.key].public
  block_public_policy     = !var.buckets[each.key].public
  ignore_public_acls      = !var.buckets[each.key].public
  restrict_public_buckets = !var.buckets[each.key].public
}}
'''


def g_sg_inline(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    tier = rng.choice(["web", "api", "admin", "jump", "worker", "lb"])
    r = st.uid(tier)
    port = rng.choice([22, 22, 3389])
    return f'''resource "aws_security_group" "{r}" {{
  name        = "${{local.name_prefix}}-{tier}-{st.counter}"
  description = "{tier.capitalize()} tier security group"
  vpc_id      = local.vpc_id

  dynamic "ingress" {{
    for_each = var.ingress_rules
    content {{
      description = ingress.value.description
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidr_blocks
    }}
  }}

  ingress {{
    description = "Admin access"
    from_port   = {port}
    to_port     = {port}
    protocol    = "tcp"
    cidr_blocks = {'["0.0.0.0/0"]' if bad else "var.admin_cidrs"}
  }}

  egress {{
    description = "All outbound"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}

  tags = merge(local.common_tags, {{ Name = "${{local.name_prefix}}-{tier}" }})
}}
'''


def g_sg_separate(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    tier = rng.choice(["db", "cache", "queue", "internal", "mgmt"])
    r = st.uid(tier)
    db_port = rng.choice([5432, 3306, 6379, 5672, 9200])
    style = rng.random()
    if style < 0.5:
        rules = f'''resource "aws_security_group_rule" "{r}_ssh" {{
  type              = "ingress"
  description       = "SSH for operators"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = {'["0.0.0.0/0"]' if bad else '["10.0.0.0/8"]'}
  security_group_id = aws_security_group.{r}.id
}}

resource "aws_security_group_rule" "{r}_app" {{
  type              = "ingress"
  description       = "Service port from the VPC"
  from_port         = {db_port}
  to_port           = {db_port}
  protocol          = "tcp"
  cidr_blocks       = [var.vpc_cidr]
  security_group_id = aws_security_group.{r}.id
}}

resource "aws_security_group_rule" "{r}_egress" {{
  type              = "egress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.{r}.id
}}
'''
    else:
        rules = f'''resource "aws_vpc_security_group_ingress_rule" "{r}_ssh" {{
  security_group_id = aws_security_group.{r}.id
  description       = "SSH"
  cidr_ipv4         = {'"0.0.0.0/0"' if bad else "var.vpc_cidr"}
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}}

resource "aws_vpc_security_group_ingress_rule" "{r}_app" {{
  for_each          = toset(var.admin_cidrs)
  security_group_id = aws_security_group.{r}.id
  cidr_ipv4         = each.value
  from_port         = {db_port}
  to_port           = {db_port}
  ip_protocol       = "tcp"
}}

resource "aws_vpc_security_group_egress_rule" "{r}_all" {{
  security_group_id = aws_security_group.{r}.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}}
'''
    return f'''resource "aws_security_group" "{r}" {{
  name        = "${{local.name_prefix}}-{tier}-{st.counter}"
  description = "{tier.capitalize()} access"
  vpc_id      = local.vpc_id
  tags        = local.common_tags
}}

''' + rules


def g_iam(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    svc = rng.choice(SERVICES)
    short = svc.split(".")[0]
    r = st.uid(short)
    style = rng.random()
    parts = [f'''resource "aws_iam_role" "{r}" {{
  name = "${{local.name_prefix}}-{short}-{st.counter}"

  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = {{ Service = "{svc}" }}
    }}]
  }})

  tags = local.common_tags
}}
''']
    if style < 0.4:
        if bad:
            body = '''    {
      "Sid": "Everything",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }'''
        else:
            body = f'''    {{
      "Sid": "ReadData",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": [
        "arn:${{local.partition}}:s3:::${{local.name_prefix}}-*",
        "arn:${{local.partition}}:s3:::${{local.name_prefix}}-*/*"
      ]
    }},
    {{
      "Sid": "Logs",
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "arn:${{local.partition}}:logs:${{var.region}}:${{local.account_id}}:log-group:/app/${{local.name_prefix}}*"
    }}'''
        parts.append(f'''
resource "aws_iam_policy" "{r}" {{
  name        = "${{local.name_prefix}}-{short}-{st.counter}"
  description = "Permissions for {short}"
  policy      = <<EOF
{{
  "Version": "2012-10-17",
  "Statement": [
{body}
  ]
}}
EOF
}}

resource "aws_iam_role_policy_attachment" "{r}" {{
  role       = aws_iam_role.{r}.name
  policy_arn = aws_iam_policy.{r}.arn
}}
''')
    elif style < 0.75:
        action = '"*"' if bad else rng.choice(['["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]',
                                               '["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]',
                                               '["kms:Decrypt", "kms:GenerateDataKey"]'])
        parts.append(f'''
resource "aws_iam_role_policy" "{r}" {{
  name = "inline"
  role = aws_iam_role.{r}.id

  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Effect   = "Allow"
        Action   = {action}
        Resource = {'"*"' if bad else '"arn:${local.partition}:*:${var.region}:${local.account_id}:*"'}
      }},
      {{
        Effect   = "Allow"
        Action   = ["cloudwatch:PutMetricData"]
        Resource = "*"
      }}
    ]
  }})
}}
''')
    else:
        actions = '["*"]' if bad else '["ssm:GetParameter", "ssm:GetParametersByPath"]'
        parts.append(f'''
data "aws_iam_policy_document" "{r}" {{
  statement {{
    sid       = "Params"
    effect    = "Allow"
    actions   = {actions}
    resources = {'["*"]' if bad else '["arn:${local.partition}:ssm:${var.region}:${local.account_id}:parameter/${var.project}/*"]'}
  }}

  dynamic "statement" {{
    for_each = local.is_prod ? [] : [1]
    content {{
      sid       = "Debug"
      effect    = "Allow"
      actions   = ["logs:GetLogEvents"]
      resources = ["*"]
    }}
  }}
}}

resource "aws_iam_policy" "{r}" {{
  name   = "${{local.name_prefix}}-{short}-{st.counter}-params"
  policy = data.aws_iam_policy_document.{r}.json
}}

resource "aws_iam_role_policy_attachment" "{r}" {{
  for_each = toset(concat([aws_iam_policy.{r}.arn], {'["' + ADMIN_POLICY + '"]' if bad else "[]"}))
  role       = aws_iam_role.{r}.name
  policy_arn = each.value
}}
''')
    return "".join(parts)


def g_ec2(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    role = rng.choice(APP_ROLES)
    r = st.uid(role)
    return f'''data "aws_ami" "{r}" {{
  most_recent = true
  owners      = ["amazon"]

  filter {{
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }}
}}

resource "aws_instance" "{r}" {{
  count                       = local.is_prod ? {rng.choice([2, 3])} : 1
  ami                         = data.aws_ami.{r}.id
  instance_type               = var.instance_type
  subnet_id                   = element({"local.public_subnet_ids" if bad else "local.private_subnet_ids"}, count.index)
  associate_public_ip_address = {"true" if bad else "false"}
  monitoring                  = {"false" if bad else "true"}
  ebs_optimized               = true

  metadata_options {{
    http_endpoint               = "enabled"
    http_tokens                 = "{"optional" if bad else "required"}"
    http_put_response_hop_limit = 1
  }}

  root_block_device {{
    volume_type = "gp3"
    volume_size = {rng.choice([20, 30, 40])}
    encrypted   = {"false" if bad and rng.random() < 0.6 else "true"}
  }}

  user_data = <<-EOT
    #!/bin/bash
    set -euo pipefail
    echo "${{local.name_prefix}}-{role}" > /etc/app-name
    %{{ for p in var.packages ~}}
    dnf install -y ${{p}}
    %{{ endfor ~}}
    systemctl enable --now amazon-ssm-agent
  EOT

  tags = merge(local.common_tags, {{
    Name = "${{local.name_prefix}}-{role}-${{count.index}}"
    Role = "{role}"
  }})
}}
'''


def g_ebs(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    r = st.uid("volume")
    return f'''resource "aws_ebs_volume" "{r}" {{
  for_each          = toset(local.azs)
  availability_zone = each.value
  size              = local.is_prod ? {rng.choice([200, 500])} : {rng.choice([20, 50])}
  type              = "{rng.choice(["gp3", "gp2", "io2"])}"
  encrypted         = {"false" if bad else "true"}
{"" if bad else f"  kms_key_id        = aws_kms_key.{r}.arn" + chr(10)}  tags = merge(local.common_tags, {{
    Name   = "${{local.name_prefix}}-vol-${{each.key}}"
    Backup = local.is_prod ? "daily" : "none"
  }})
}}

resource "aws_kms_key" "{r}" {{
  description         = "EBS volumes ${{local.name_prefix}}"
  enable_key_rotation = true
}}

resource "aws_ebs_snapshot" "{r}" {{
  for_each  = local.is_prod ? aws_ebs_volume.{r} : {{}}
  volume_id = each.value.id
  tags      = local.common_tags
}}
'''


def g_rds(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    r = st.uid("db")
    eng = rng.choice(DB_ENGINES)
    return f'''resource "aws_db_subnet_group" "{r}" {{
  name       = "${{local.name_prefix}}-{r.replace("_", "-")}"
  subnet_ids = local.private_subnet_ids
}}

resource "aws_db_instance" "{r}" {{
  identifier                      = "${{local.name_prefix}}-{r.replace("_", "-")}"
  engine                          = "{eng[0]}"
  engine_version                  = "{eng[1]}"
  instance_class                  = local.is_prod ? "db.r6g.large" : "db.t4g.medium"
  allocated_storage               = {rng.choice([20, 50, 100])}
  db_subnet_group_name            = aws_db_subnet_group.{r}.name
  username                        = "dbadmin"
  {'password                        = "ChangeMe123!"' if bad and rng.random() < 0.3 else "manage_master_user_password     = true"}
  storage_encrypted               = {"false" if bad else "true"}
  publicly_accessible             = {"true" if bad and rng.random() < 0.6 else "false"}
  multi_az                        = local.is_prod
  backup_retention_period         = {"0" if bad else "local.is_prod ? 14 : 3"}
  backup_window                   = local.backup_window
  deletion_protection             = local.is_prod
  skip_final_snapshot             = !local.is_prod
  copy_tags_to_snapshot           = true
  monitoring_interval             = {"0" if bad else "60"}
  performance_insights_enabled    = {"false" if bad else "true"}
  enabled_cloudwatch_logs_exports = ["{eng[3]}"]
  auto_minor_version_upgrade      = true
  tags                            = local.common_tags
}}
'''


def g_kms(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    purpose = rng.choice(["secrets", "logs", "sqs", "sns", "dynamodb", "backup"])
    r = st.uid(purpose)
    principal = '"*"' if bad else '{ AWS = "arn:${local.partition}:iam::${local.account_id}:root" }'
    return f'''resource "aws_kms_key" "{r}" {{
  description             = "{purpose} encryption for ${{local.name_prefix}}"
  deletion_window_in_days = {rng.choice([7, 14, 30])}
  enable_key_rotation     = {"false" if bad else "true"}
  multi_region            = false

  policy = jsonencode({{
    Version = "2012-10-17"
    Id      = "key-policy"
    Statement = [
      {{
        Sid       = "EnableRoot"
        Effect    = "Allow"
        Principal = {principal}
        Action    = "kms:*"
        Resource  = "*"
      }}
    ]
  }})

  tags = local.common_tags
}}

resource "aws_kms_alias" "{r}" {{
  name          = "alias/${{local.name_prefix}}-{purpose}-{st.counter}"
  target_key_id = aws_kms_key.{r}.key_id
}}
'''


def g_cloudtrail(st: Stack) -> str:
    rng = st.rng
    bad = st.bad()
    r = st.uid("trail")
    return f'''resource "aws_s3_bucket" "{r}" {{
  bucket = "${{local.name_prefix}}-trail-{st.counter}"
  tags   = local.common_tags
}}

resource "aws_s3_bucket_policy" "{r}" {{
  bucket = aws_s3_bucket.{r}.id
  policy = <<POLICY
{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "AWSCloudTrailAclCheck",
      "Effect": "Allow",
      "Principal": {{"Service": "cloudtrail.amazonaws.com"}},
      "Action": "s3:GetBucketAcl",
      "Resource": "${{aws_s3_bucket.{r}.arn}}"
    }},
    {{
      "Sid": "AWSCloudTrailWrite",
      "Effect": "Allow",
      "Principal": {{"Service": "cloudtrail.amazonaws.com"}},
      "Action": "s3:PutObject",
      "Resource": "${{aws_s3_bucket.{r}.arn}}/AWSLogs/${{local.account_id}}/*"
    }}
  ]
}}
POLICY
}}

resource "aws_cloudwatch_log_group" "{r}" {{
  name              = "/aws/cloudtrail/${{local.name_prefix}}-{st.counter}"
  retention_in_days = local.log_retention
}}

resource "aws_cloudtrail" "{r}" {{
  name                          = "${{local.name_prefix}}-{st.counter}"
  s3_bucket_name                = aws_s3_bucket.{r}.id
  include_global_service_events = true
  is_multi_region_trail         = {"false" if bad else "true"}
  enable_log_file_validation    = {"false" if bad and rng.random() < 0.7 else "true"}
{"" if bad else "  kms_key_id                    = aws_kms_key." + r + ".arn" + chr(10)}  cloud_watch_logs_group_arn    = "${{aws_cloudwatch_log_group.{r}.arn}}:*"
  depends_on                    = [aws_s3_bucket_policy.{r}]
}}

resource "aws_kms_key" "{r}" {{
  description         = "CloudTrail ${{local.name_prefix}}"
  enable_key_rotation = true
}}
'''


RESOURCE_FILES_BY_KIND = {
    "network": [("security_groups.tf", [g_sg_inline, g_sg_separate]),
                ("firewall.tf", [g_sg_separate, g_sg_inline]),
                ("iam.tf", [g_iam])],
    "data": [("s3.tf", [g_s3, g_s3_foreach, g_s3]),
             ("rds.tf", [g_rds]),
             ("kms.tf", [g_kms]),
             ("iam.tf", [g_iam])],
    "app": [("compute.tf", [g_ec2]),
            ("storage.tf", [g_ebs, g_s3]),
            ("security_groups.tf", [g_sg_inline, g_sg_separate]),
            ("iam.tf", [g_iam]),
            ("kms.tf", [g_kms])],
    "security": [("cloudtrail.tf", [g_cloudtrail]),
                 ("kms.tf", [g_kms]),
                 ("iam.tf", [g_iam]),
                 ("s3.tf", [g_s3])],
    "platform": [("s3.tf", [g_s3, g_s3_foreach]),
                 ("compute.tf", [g_ec2, g_ebs]),
                 ("security_groups.tf", [g_sg_inline, g_sg_separate]),
                 ("iam.tf", [g_iam]),
                 ("rds.tf", [g_rds]),
                 ("cloudtrail.tf", [g_cloudtrail]),
                 ("kms.tf", [g_kms])],
    "service": [("app.tf", [g_ec2, g_sg_inline]),
                ("data.tf", [g_rds, g_s3]),
                ("iam.tf", [g_iam]),
                ("network.tf", [g_sg_separate])],
}


def resource_file(st: Stack, gens: list) -> str:
    rng = st.rng
    target = rng.randint(45, 140)
    parts: list[str] = []
    total = 0
    gi = 0
    while total < target:
        text = gens[gi % len(gens)](st)
        gi += 1
        n = nlines(text) + 1
        if parts and total + n > 150:
            break
        parts.append(text)
        total += n
    return "\n".join(parts)


def gen_stack(st: Stack) -> dict[str, str]:
    files: dict[str, str] = {}
    files["providers.tf"] = providers_tf(st)
    files["variables.tf"] = variables_tf(st)
    files["locals.tf"] = locals_tf(st)
    main, names = main_tf(st)
    files["main.tf"] = main
    for fname, gens in RESOURCE_FILES_BY_KIND[st.kind]:
        if st.rng.random() < 0.85 or fname == RESOURCE_FILES_BY_KIND[st.kind][0][0]:
            files[fname] = resource_file(st, gens)
    files["outputs.tf"] = outputs_tf(st, names)
    files["terraform.tfvars"] = tfvars(st)
    return files


# --------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--files", type=int, default=2000,
                    help="minimum number of .tf files (default 2000; ignored with --lines)")
    ap.add_argument("--min-lines", type=int, default=100_000,
                    help="minimum total lines in .tf files (default 100000; ignored with --lines)")
    ap.add_argument("--lines", type=int, default=None,
                    help="generate a corpus of about N lines of .tf (overrides --files/--min-lines)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--force", action="store_true", help="delete OUT_DIR first if it exists")
    args = ap.parse_args()

    out: Path = args.out_dir
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"error: {out} exists and is not empty (use --force to replace it)", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)

    rng = random.Random(args.seed)
    tf_files = tf_lines = tfvars_files = tfvars_lines = 0
    sizes: list[int] = []

    def write(rel: str, text: str) -> None:
        nonlocal tf_files, tf_lines, tfvars_files, tfvars_lines
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        n = nlines(text)
        if rel.endswith(".tf"):
            tf_files += 1
            tf_lines += n
            sizes.append(n)
        else:
            tfvars_files += 1
            tfvars_lines += n

    for rel in sorted(MODULE_FILES):
        write(rel, MODULE_FILES[rel])

    if args.lines is not None:
        def done() -> bool:
            return tf_lines >= args.lines
    else:
        def done() -> bool:
            return tf_files >= args.files and tf_lines >= args.min_lines

    used: set[str] = set()
    idx = 0
    stacks = 0
    while not done():
        env = ENVS[idx % len(ENVS)]
        team = TEAMS[(idx // len(ENVS)) % len(TEAMS)]
        kind = rng.choice(STACK_KINDS)
        base = f"live/{env}/{team}-{kind}"
        rel_dir = base
        n = 2
        while rel_dir in used:
            rel_dir = f"{base}-{n}"
            n += 1
        used.add(rel_dir)
        st = Stack(rng, env, team, kind, idx)
        for fname, text in gen_stack(st).items():
            write(f"{rel_dir}/{fname}", text)
        idx += 1
        stacks += 1

    sizes.sort()
    print(f"corpus: {out}")
    print(f"  stacks (root modules): {stacks}")
    print(f"  shared modules:        {len({k.split('/')[1] for k in MODULE_FILES})}")
    print(f"  .tf files:             {tf_files}")
    print(f"  .tf lines:             {tf_lines}")
    print(f"  .tfvars files:         {tfvars_files} ({tfvars_lines} lines)")
    print(f"  total files:           {tf_files + tfvars_files}")
    print(f"  total lines:           {tf_lines + tfvars_lines}")
    groups = BAD_STATS[True] + BAD_STATS[False]
    print(f"  misconfigured:         {BAD_STATS[True]} of {groups} resource groups / module calls "
          f"({100 * BAD_STATS[True] / max(groups, 1):.0f}%)")
    print(f"  .tf file size (lines): min {sizes[0]}, median {sizes[len(sizes) // 2]}, max {sizes[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
