# A service network shared by the platform team, and two services with auth
# policies written the three ways Terraform users write them.

variable "account_id" {
  type        = string
  description = "The account whose roles may call the orders service."
}

resource "aws_vpclattice_service_network" "platform" {
  name      = "platform"
  auth_type = "AWS_IAM"
}

resource "aws_vpclattice_auth_policy" "platform" {
  resource_identifier = aws_vpclattice_service_network.platform.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Action    = "*"
        Effect    = "Allow"
        Principal = "*"
        Resource  = "*"
        Condition = {
          StringNotEqualsIgnoreCase = {
            "aws:PrincipalType" = "anonymous"
          }
        }
      }
    ]
  })
}

resource "aws_vpclattice_service" "orders" {
  name      = "orders"
  auth_type = "AWS_IAM"
}

resource "aws_vpclattice_auth_policy" "orders" {
  resource_identifier = aws_vpclattice_service.orders.arn
  policy              = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "OrdersFromTheAppRole",
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::${var.account_id}:role/app"},
          "Action": "vpc-lattice-svcs:Invoke",
          "Resource": "*",
          "Condition": {
            "StringEquals": {"vpc-lattice-svcs:RequestMethod": ["GET", "POST"]}
          }
        }
      ]
    }
  EOT
}

resource "aws_vpclattice_service" "reports" {
  name = "reports"
}

resource "aws_vpclattice_auth_policy" "reports" {
  resource_identifier = aws_vpclattice_service.reports.id
  policy              = data.aws_iam_policy_document.reports.json
}

data "aws_iam_policy_document" "reports" {
  statement {
    sid       = "AllowInstanceARole"
    actions   = ["vpc-lattice-svcs:Invoke"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/vpc-lattice-demo-instance-a"]
    }
    condition {
      test     = "StringEquals"
      variable = "vpc-lattice-svcs:RequestMthod"
      values   = ["GET"]
    }
  }
}
