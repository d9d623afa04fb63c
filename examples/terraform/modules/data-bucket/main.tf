variable "name" {
  type = string
}

variable "public" {
  type    = bool
  default = false
}

variable "versioning" {
  type    = bool
  default = true
}

# Access to these buckets is recorded by CloudTrail data events instead of server access logs.
# driftguard:ignore aws-s3-bucket-logging covered by CloudTrail S3 data events exp:2027-12-31
resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_acl" "this" {
  bucket = aws_s3_bucket.this.id
  acl    = var.public ? "public-read" : "private"
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = !var.public
  block_public_policy     = !var.public
  ignore_public_acls      = !var.public
  restrict_public_buckets = !var.public
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

output "bucket_id" {
  value = aws_s3_bucket.this.id
}
