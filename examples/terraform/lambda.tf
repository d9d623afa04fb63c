resource "aws_iam_role" "reports" {
  name = "${local.name}-reports"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "reports" {
  function_name = "${local.name}-reports"
  role          = aws_iam_role.reports.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "reports.zip"

  environment {
    variables = {
      REPORTS_BUCKET = module.data["reports"].bucket_id
      # Pasted in "for now" during an incident.
      AWS_ACCESS_KEY_ID     = "AKIAZ7Q2MXK4PJ3RT6WB"
      AWS_SECRET_ACCESS_KEY = "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"
    }
  }
}

resource "aws_lambda_function_url" "reports" {
  function_name      = aws_lambda_function.reports.function_name
  authorization_type = "NONE"
}

resource "aws_sqs_queue" "report_jobs" {
  name = "${local.name}-report-jobs"
}

resource "aws_sqs_queue_policy" "report_jobs" {
  queue_url = aws_sqs_queue.report_jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.report_jobs.arn
    }]
  })
}

module "dns" {
  source = "git::https://github.com/acme/terraform-dns.git?ref=main"
  zone   = "${var.environment}.acme.example"
}
