locals {
  name = "acme-${var.environment}"
  tags = {
    Environment = var.environment
    Owner       = "platform"
  }
}

module "web" {
  source      = "./modules/web-tier"
  name        = local.name
  admin_cidrs = var.admin_cidrs
  tags        = local.tags
}

module "data" {
  source     = "./modules/data-bucket"
  for_each   = var.buckets
  name       = "${local.name}-${each.key}"
  public     = each.value.public
  versioning = each.value.versioning
}

resource "aws_cloudtrail" "main" {
  name                          = "${local.name}-trail"
  s3_bucket_name                = module.data["reports"].bucket_id
  include_global_service_events = true
  is_multi_region_trail         = false
  enable_log_file_validation    = false
}

resource "aws_kms_key" "data" {
  description         = "Data at rest for ${local.name}"
  enable_key_rotation = false
}

resource "aws_db_instance" "orders" {
  identifier              = "${local.name}-orders"
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  allocated_storage       = 50
  username                = "orders"
  manage_master_user_password = true
  publicly_accessible     = true
  storage_encrypted       = false
  backup_retention_period = 0
  skip_final_snapshot     = true
}
