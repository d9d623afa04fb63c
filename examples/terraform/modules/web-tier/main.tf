variable "name" {
  type = string
}

variable "admin_cidrs" {
  type = list(string)
}

variable "tags" {
  type    = map(string)
  default = {}
}

locals {
  public_ports = [80, 443]
}

resource "aws_security_group" "web" {
  name        = "${var.name}-web"
  description = "Public web tier"

  dynamic "ingress" {
    for_each = local.public_ports
    content {
      description = "HTTP(S) from anywhere"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  ingress {
    description = "SSH for administrators"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = var.tags
}

resource "aws_instance" "web" {
  count                  = 2
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.web.id]

  root_block_device {
    encrypted = true
  }

  tags = merge(var.tags, { Name = "${var.name}-web-${count.index}" })
}

resource "aws_ebs_volume" "cache" {
  availability_zone = "eu-west-1a"
  size              = 100
}

output "security_group_id" {
  value = aws_security_group.web.id
}
