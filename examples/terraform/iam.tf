data "aws_iam_policy_document" "deployer" {
  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "deployer" {
  name   = "${local.name}-deployer"
  policy = data.aws_iam_policy_document.deployer.json
}

resource "aws_iam_user" "ci" {
  name = "${local.name}-ci"
  tags = local.tags
}

resource "aws_iam_user_policy_attachment" "ci" {
  user       = aws_iam_user.ci.name
  policy_arn = aws_iam_policy.deployer.arn
}

resource "aws_iam_role_policy" "reader" {
  name = "read-reports"
  role = "reporting"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::${local.name}-reports", "arn:aws:s3:::${local.name}-reports/*"]
    }]
  })
}
